/**
 * The main process's heap setting (src/main/heap.ts, issue 20): in ordinary use a fixed headroom above what is
 * live (25–100 % of it), a quarter while heavy work runs — nested and concurrent heavy work share the setting
 * until the last of it ends, a task that fails still puts the ordinary setting back, long work starts from and
 * ends with a full collection.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import {
  COLLECT_AFTER_MS,
  fullCollection,
  HEADROOM_MB,
  heavyWork,
  heavyWorkRunning,
  interactivePercent,
  limitHeapGrowth,
} from '../../../src/main/heap'

const MiB = 1024 * 1024

describe('the heap’s two settings', () => {
  const set: string[] = []
  let live = 40 * MiB
  const controls = { set: (f: string) => set.push(f), collect: () => set.push('collected'), liveBytes: () => live, watch: false }
  afterEach(() => {
    set.length = 0
    live = 40 * MiB
  })

  it('leaves a fixed headroom above what is live in ordinary use, between a quarter and as much again', () => {
    expect(interactivePercent(40 * MiB)).toBe(100)
    expect(interactivePercent(HEADROOM_MB * MiB)).toBe(100)
    expect(interactivePercent(96 * MiB)).toBe(50)
    expect(interactivePercent(150 * MiB)).toBe(32)
    expect(interactivePercent(400 * MiB)).toBe(25)
  })

  it('is the interactive setting once applied, the heavy one only while heavy work runs', async () => {
    limitHeapGrowth(controls)
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
    live = 96 * MiB
    release()
    await first
    // Back to ordinary use, with the headroom above what is live now.
    expect(set).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=25', '--heap-growing-percent=50'])
    expect(heavyWorkRunning()).toBe(false)
  })

  it('puts the interactive setting back when heavy work fails', async () => {
    limitHeapGrowth(controls)
    await expect(heavyWork(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
    expect(set.at(-1)).toBe('--heap-growing-percent=100')
    expect(heavyWorkRunning()).toBe(false)
  })

  it('collects in full as soon as heavy work of a second or more ends — under the heavy setting, then sets the headroom', async () => {
    limitHeapGrowth(controls)
    await heavyWork(async () => undefined)
    await new Promise((r) => setImmediate(r))
    expect(set).not.toContain('collected')
    set.length = 0
    await heavyWork(() => new Promise((r) => setTimeout(r, COLLECT_AFTER_MS + 20)))
    expect(set).toEqual(['--heap-growing-percent=25'])
    await new Promise((r) => setImmediate(r))
    expect(set).toEqual(['--heap-growing-percent=25', 'collected', '--heap-growing-percent=100'])
  })

  it('starts work known to be long from a full collection, with the heavy setting already applied', async () => {
    limitHeapGrowth(controls)
    await heavyWork(async () => set.push('working'), { collectFirst: true })
    expect(set).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=25', 'collected', 'working', '--heap-growing-percent=100'])
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

  it('keeps the headroom after each full collection V8 makes, when watching', async () => {
    limitHeapGrowth({ ...controls, watch: true })
    live = 150 * MiB
    fullCollection()()
    await new Promise((r) => setTimeout(r, 50))
    expect(set).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=32'])
    limitHeapGrowth(controls) // stops watching
  })
})
