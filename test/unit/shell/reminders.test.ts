/**
 * When desktop reminders come (src/main/reminders.ts), with fake timers and a fake clock over the real
 * handler table and vault: one at unlock, one at the start of each working day (08:00 Europe/London on the
 * England and Wales calendar) while unlocked, none once locked except the generic one on a day in the
 * dates kept outside the vault, re-armed when the computer wakes or the clock moves, and none at all once
 * the setting turns them off. The words are tested in test/unit/domain/reminders.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReminderNotice } from '../../../src/main/domain/reminders'
import { MAX_WAIT_MS, ReminderScheduler, reminderDatesFile, type ReminderDatesStore } from '../../../src/main/reminders'
import { PASS, openTestApi } from '../api/helpers'
import { aDispute as openADispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
let shown: ReminderNotice[]
let scheduler: ReminderScheduler
let datesPath: string

/** The api's clock and the timers' clock together, as one wall clock. */
const setClock = (iso: string): void => {
  vi.setSystemTime(new Date(iso))
  t.at(iso)
}
/** Time passes: timers run and the wall clock moves with them. */
const pass = async (ms: number): Promise<void> => {
  const target = Date.now() + ms
  while (Date.now() < target) {
    const step = Math.min(60_000, target - Date.now())
    t.at(new Date(Date.now() + step).toISOString())
    await vi.advanceTimersByTimeAsync(step)
    await scheduler.settled()
  }
}
const hours = (n: number) => n * 3_600_000

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(new Date('2026-12-01T09:00:00Z'))
  shown = []
  let late: ReminderScheduler | null = null
  t = await openTestApi('2026-12-01T09:00:00Z', {
    onSession: (change) => late?.[change]?.(),
    // Kept unlocked for days (as a DSL at work all day with the vault open): only the test locks it.
    autoLockFactory: () => ({ touch() {}, stop() {}, setMinutes() {}, onWarning() {}, secondsLeft: () => 600 }) as never,
  })
  datesPath = join(t.root, 'reminder-dates.json')
  const dates = reminderDatesFile(datesPath)
  scheduler = new ReminderScheduler({ now: () => new Date(), snapshot: () => t.api.reminders(), show: (n) => shown.push(n), dates })
  late = scheduler
  await t.call('vault.lock', {})
  shown.length = 0
})
afterEach(async () => {
  scheduler.stop()
  await scheduler.settled()
  await t.cleanup()
  vi.useRealTimers()
})

const unlock = async () => {
  const person = (await t.call('vault.inspect', { dir: t.vaultDir })) as { people: { personId: string }[] }
  await t.call('vault.unlock', { dir: t.vaultDir, personId: person.people[0]!.personId, passphrase: PASS })
  await scheduler.settled()
}

/** A Solihull dispute whose stage 1 is due one working day after `day` ("Stage 1 within 1 working day of initiation."). */
const aDispute = (day: string) => openADispute(t.call, { disagreementOn: day })

describe('desktop reminders', () => {
  it('come at unlock, then at 08:00 on each working day while unlocked — Friday’s next is Monday’s', async () => {
    setClock('2026-12-03T07:00:00Z') // Thursday
    await unlock()
    const view = await aDispute('2026-12-03') // stage 1 due Fri 4 Dec
    await t.call('vault.lock', {})
    await unlock()
    expect(shown.map((n) => n.body)).toEqual(['3 deadlines due tomorrow — open Escalation Log to see them.'])
    expect(shown[0]!.opensDisputeId).toBe(view.dispute.id)
    expect(JSON.stringify(shown)).not.toMatch(/Amy|ESC-2026/)

    await pass(hours(1) - 1000)
    expect(shown).toHaveLength(1)
    await pass(2000) // 08:00 Thursday
    expect(shown.map((n) => n.body)).toEqual([
      '3 deadlines due tomorrow — open Escalation Log to see them.',
      '3 deadlines due tomorrow — open Escalation Log to see them.',
    ])
    await pass(hours(24)) // 08:00 Friday
    expect(shown.at(-1)!.body).toBe('3 deadlines due today — open Escalation Log to see them.')
    expect(shown).toHaveLength(3)
    await pass(hours(48)) // the weekend: nothing
    expect(shown).toHaveLength(3)
    await pass(hours(24)) // 08:00 Monday
    expect(shown).toHaveLength(4)
    expect(shown.at(-1)!.body).toBe('3 deadlines overdue — open Escalation Log to see them.')
  })

  it('say nothing at unlock when nothing is due soon or owed', async () => {
    await unlock()
    expect(shown).toEqual([])
  })

  it('stop when the vault locks; then only the generic reminder comes, on a day in the dates file', async () => {
    setClock('2026-12-03T09:00:00Z')
    await unlock()
    await aDispute('2026-12-03')
    await scheduler.settled()
    // The file outside the vault holds dates and nothing else.
    expect(JSON.parse(readFileSync(datesPath, 'utf8'))).toEqual({ dates: ['2026-12-04'] })
    await t.call('vault.lock', {})
    shown.length = 0
    await pass(hours(23) - 1000) // 07:59:59 Friday
    expect(shown).toEqual([])
    await pass(2000)
    expect(shown).toEqual([{ title: 'Escalation Log', body: 'Deadlines are due today — unlock Escalation Log to see them.', opensDisputeId: null }])
    await pass(hours(24)) // Saturday: not in the file
    expect(shown).toHaveLength(1)
  })

  it('are re-armed when the computer wakes, or the clock is moved: a day’s reminder comes once', async () => {
    setClock('2026-12-03T09:00:00Z')
    await unlock()
    await aDispute('2026-12-03')
    shown.length = 0
    // Asleep from Thursday evening to Friday 10:00: the timer never ran; waking looks at once.
    setClock('2026-12-04T10:00:00Z')
    scheduler.wake()
    expect(shown.map((n) => n.body)).toEqual(['3 deadlines due today — open Escalation Log to see them.'])
    // The clock is set forward to Monday 09:00 without a wake: the next look (within MAX_WAIT_MS) sees it.
    setClock('2026-12-07T09:00:00Z')
    await pass(MAX_WAIT_MS)
    expect(shown).toHaveLength(2)
    // Set back an hour and forward again: Monday's reminder is not repeated.
    setClock('2026-12-07T07:30:00Z')
    await pass(hours(1))
    expect(shown).toHaveLength(2)
  })

  it('never come once the setting is off, and the dates file goes with it', async () => {
    setClock('2026-12-03T07:00:00Z')
    await unlock()
    await aDispute('2026-12-03')
    await scheduler.settled()
    expect(existsSync(datesPath)).toBe(true)
    const settings = await t.call('settings.update', { reminders: false })
    expect(settings.reminders).toBe(false)
    await scheduler.settled()
    expect(existsSync(datesPath)).toBe(false)
    await t.call('vault.lock', {})
    shown.length = 0
    await unlock()
    await pass(hours(30))
    await t.call('vault.lock', {})
    await pass(hours(48))
    expect(shown).toEqual([])
    // The audit trail says the setting changed, in words about the setting only.
    await unlock()
    const audit = await t.call('audit.list', { limit: 20 })
    expect(audit.some((e) => e.summary === 'Settings changed: desktop reminders off')).toBe(true)
  })
})

describe('the dates file', () => {
  it('reads as no dates when absent or not in its form, never throws', async () => {
    vi.useRealTimers()
    const store: ReminderDatesStore = reminderDatesFile(join(t.root, 'nested', 'dates.json'))
    expect(await store.read()).toEqual([])
    await store.write(['2026-12-04'])
    expect(await store.read()).toEqual(['2026-12-04'])
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(t.root, 'nested', 'dates.json'), '{"dates":["not a date"]}')
    expect(await store.read()).toEqual([])
    await store.remove()
    await store.remove()
    expect(await store.read()).toEqual([])
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
})
