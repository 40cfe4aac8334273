/**
 * The main process's heap setting (src/main/heap.ts, issue 20): twice what is live in ordinary use, a quarter
 * while heavy work runs — nested and concurrent heavy work share the setting until the last of it ends, and a
 * task that fails still puts the ordinary setting back.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { constants, PerformanceObserver } from 'node:perf_hooks'
import { COLLECT_AFTER_MS, fullCollection, heavyWork, heavyWorkRunning, limitHeapGrowth } from '../../../src/main/heap'

describe('the heap’s two settings', () => {
  const set: string[] = []
  afterEach(() => {
    set.length = 0
  })

  it('is the interactive setting once applied, the heavy one only while heavy work runs', async () => {
    limitHeapGrowth((f) => set.push(f), () => set.push('collected'))
    expect(set).toEqual(['--heap-growing-percent=100'])
    let release!: () => void
    const first = heavyWork(() => new Promise<void>((r) => (release = r)))
    const second = heavyWork(async () => {
      expect(heavyWorkRunning()).toBe(true)
      return 7
    })
    expect(await second).toBe(7)
    // The first still runs: the setting stays until it ends.
    expect(set).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=25'])
    release()
    await first
    expect(set).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=25', '--heap-growing-percent=100'])
    expect(heavyWorkRunning()).toBe(false)
  })

  it('puts the interactive setting back when heavy work fails', async () => {
    limitHeapGrowth((f) => set.push(f), () => set.push('collected'))
    await expect(heavyWork(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
    expect(set.at(-1)).toBe('--heap-growing-percent=100')
    expect(heavyWorkRunning()).toBe(false)
  })

  it('collects in full as soon as heavy work of a second or more ends — short work is not followed by a collection', async () => {
    limitHeapGrowth((f) => set.push(f), () => set.push('collected'))
    await heavyWork(async () => undefined)
    await new Promise((r) => setImmediate(r))
    expect(set).not.toContain('collected')
    await heavyWork(() => new Promise((r) => setTimeout(r, COLLECT_AFTER_MS + 20)))
    expect(set.at(-1)).toBe('--heap-growing-percent=100')
    await new Promise((r) => setImmediate(r))
    expect(set.at(-1)).toBe('collected')
  })

  it('collects in full for real, in a process started without --expose-gc', async () => {
    const kinds: number[] = []
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) kinds.push((e as unknown as { detail: { kind: number } }).detail.kind)
    })
    observer.observe({ entryTypes: ['gc'] })
    const collectNow = fullCollection()
    collectNow()
    collectNow()
    await new Promise((r) => setTimeout(r, 50))
    observer.disconnect()
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR)
  })
})
