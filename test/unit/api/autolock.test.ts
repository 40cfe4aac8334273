import { describe, expect, it } from 'vitest'
import { AutoLock, type Timers } from '../../../src/main/api/autolock'

function fakeTimers() {
  let now = 0
  let pending: { at: number; fn: () => void; id: number } | null = null
  let ids = 0
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      pending = { at: now + ms, fn, id: ++ids }
      return ids
    },
    clearTimeout: (id) => {
      if (pending?.id === id) pending = null
    },
  }
  const advance = (ms: number) => {
    now += ms
    if (pending && pending.at <= now) {
      const { fn } = pending
      pending = null
      fn()
    }
  }
  return { timers, advance }
}

describe('idle auto-lock', () => {
  it('locks after the configured minutes without activity (default 10)', () => {
    const { timers, advance } = fakeTimers()
    let locked = 0
    const lock = new AutoLock(() => locked++, 10, timers)
    lock.touch()
    advance(9 * 60_000)
    expect(locked).toBe(0)
    expect(lock.secondsLeft()).toBe(60)
    advance(60_000)
    expect(locked).toBe(1)
  })

  it('restarts the countdown on activity', () => {
    const { timers, advance } = fakeTimers()
    let locked = 0
    const lock = new AutoLock(() => locked++, 2, timers)
    lock.touch()
    advance(90_000)
    lock.touch()
    advance(90_000)
    expect(locked).toBe(0)
    advance(30_000)
    expect(locked).toBe(1)
  })

  it('applies a changed time at once and can be stopped', () => {
    const { timers, advance } = fakeTimers()
    let locked = 0
    const lock = new AutoLock(() => locked++, 10, timers)
    lock.touch()
    lock.setMinutes(1)
    advance(60_000)
    expect(locked).toBe(1)
    lock.touch()
    lock.stop()
    advance(3_600_000)
    expect(locked).toBe(1)
  })
})

// Issue 16: "No lost typing at auto-lock: a visible warning a minute before auto-lock, cancelled by any key."
describe('the warning a minute before auto-lock', () => {
  it('warns 60 seconds before locking, then locks if nothing happens', () => {
    const { timers, advance } = fakeTimers()
    let locked = 0
    const warnings: (number | null)[] = []
    const lock = new AutoLock(() => locked++, 10, timers)
    lock.onWarning((s) => warnings.push(s))
    lock.touch()
    advance(9 * 60_000 - 1)
    expect(warnings).toEqual([])
    advance(1)
    expect(warnings).toEqual([60])
    expect(lock.secondsLeft()).toBe(60)
    advance(60_000)
    expect(locked).toBe(1)
    expect(warnings).toEqual([60])
  })

  it('activity during the warning puts the lock off and says so', () => {
    const { timers, advance } = fakeTimers()
    let locked = 0
    const warnings: (number | null)[] = []
    const lock = new AutoLock(() => locked++, 2, timers)
    lock.onWarning((s) => warnings.push(s))
    lock.touch()
    advance(60_000)
    expect(warnings).toEqual([60])
    lock.touch()
    expect(warnings).toEqual([60, null])
    advance(60_000)
    expect(locked).toBe(0)
    expect(warnings).toEqual([60, null, 60])
    advance(60_000)
    expect(locked).toBe(1)
  })

  it('with a one-minute auto-lock the warning comes at once', () => {
    const { timers, advance } = fakeTimers()
    const warnings: (number | null)[] = []
    const lock = new AutoLock(() => undefined, 1, timers)
    lock.onWarning((s) => warnings.push(s))
    lock.touch()
    advance(0)
    expect(warnings).toEqual([60])
  })
})
