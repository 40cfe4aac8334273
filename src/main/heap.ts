/**
 * How far V8 lets the main process's heap grow before it next collects in full: a factor of what was live
 * after the last full collection, which V8 reads at the end of each one (so a change takes effect from the
 * next). By default V8 lets the heap grow to up to four times what was live when collections are cheap, so a
 * ten-year vault's search index build (~130–190 MB live) reached ~630 MB resident and the bench's whole
 * measurement ~800 MB, most of it garbage not yet collected.
 *
 * Two settings, by what the process is doing (docs/performance.md, "The heap's two settings"):
 * - **While heavy work runs** (`heavyWork`: the search index's build, the quarterly figures' first build,
 *   documents built for export, backups, a team join), the heap grows by at most a quarter
 *   (`--heap-growing-percent=25`), which holds the bench's ten-year measurement under 400 MB (50 % left it at
 *   ~457 MB) for more frequent, mostly concurrent, full collections.
 * - **Otherwise** (unlock, the dashboard, a search, a save) by a fixed headroom of `HEADROOM_MB` above what
 *   was live at the last full collection (as a percentage of it, from 25 % to 100 %). After a ten-year unlock
 *   ~45 MB is live, and each unlock allocates ~25 MB that outlives the young generation: at 25 % a full
 *   collection fell in nearly every unlock and first search (17–145 ms of it), while with ~48 MB of room one
 *   falls about every other unlock — and a bigger live heap (the index's cached segments after many
 *   searches) gets no more room, so memory stays bounded by what is live plus the headroom.
 *
 * Nothing is refused for either — unlike a heap limit, they never stop the app with out-of-memory. The main
 * process applies them with v8.setFlagsFromString (`app.commandLine.appendSwitch('js-flags', …)` reaches only
 * the processes Chromium starts after it — the renderers, which get the heavy-work setting: they hold no
 * vault), and watches its full collections (perf_hooks) to keep the headroom. The bench's processes for our
 * design call the same function (bench/child.ts), so what it measures is what the app runs with. Until
 * `limitHeapGrowth` is called (unit tests) `heavyWork` only runs its task.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks'
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export const HEAP_GROWING_PERCENT = 25
/** The most the heap may grow by, in ordinary use, as a percentage of what is live. */
export const INTERACTIVE_GROWING_PERCENT = 100
/** The room above what is live, in ordinary use. */
export const HEADROOM_MB = 48
const flag = (percent: number): string => `--heap-growing-percent=${percent}`
/** The renderers' flags (Chromium's js-flags switch). */
export const JS_FLAGS = flag(HEAP_GROWING_PERCENT)

/** Heavy work that ran this long leaves enough garbage to be worth collecting as soon as it ends. */
export const COLLECT_AFTER_MS = 1000

/** The percentage that leaves HEADROOM_MB above `liveBytes`, within 25–100 %. */
export function interactivePercent(liveBytes: number): number {
  const percent = Math.round(((HEADROOM_MB * 1024 * 1024) / Math.max(1, liveBytes)) * 100)
  return Math.min(INTERACTIVE_GROWING_PERCENT, Math.max(HEAP_GROWING_PERCENT, percent))
}

export interface HeapControls {
  /** Sets V8 flags (v8.setFlagsFromString). */
  set?: (flags: string) => void
  /** A full collection now. */
  collect?: () => void
  /** The heap in use now (after a full collection: what is live). */
  liveBytes?: () => number
  /** Whether to watch full collections to keep the headroom (the app and the bench; not unit tests). */
  watch?: boolean
}

let apply: ((flags: string) => void) | null = null
let collect: (() => void) | null = null
let liveBytes: () => number = () => getHeapStatistics().used_heap_size
let current = -1
let running = 0
let started = 0
let watcher: PerformanceObserver | null = null

function setPercent(percent: number): void {
  if (!apply || percent === current) return
  current = percent
  apply(flag(percent))
}

/** Outside heavy work: the headroom above what is live now. */
function retune(): void {
  if (running === 0) setPercent(interactivePercent(liveBytes()))
}

/** The main process's setting from now on: the interactive one, or the heavy one while heavy work runs. */
export function limitHeapGrowth(controls: HeapControls = {}): void {
  apply = controls.set ?? setFlagsFromString
  collect = controls.collect ?? fullCollection()
  liveBytes = controls.liveBytes ?? (() => getHeapStatistics().used_heap_size)
  current = -1
  setPercent(running > 0 ? HEAP_GROWING_PERCENT : INTERACTIVE_GROWING_PERCENT)
  watcher?.disconnect()
  watcher = null
  if (controls.watch !== false) {
    watcher = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) retune()
    })
    watcher.observe({ entryTypes: ['gc'] })
  }
}

/**
 * Runs `task` with the heavy-work setting (nested and concurrent calls share it until the last ends); with
 * `collectFirst` (work known to take seconds: the index build, the quarterly figures' first build) it starts
 * from a full collection — a few milliseconds for the ~45–90 MB live in ordinary use — so that its limit is
 * the heavy one from the start rather than the one the last ordinary collection set. Heavy work that ran for
 * a second or more leaves most of what it held as garbage: it is collected as soon as the work ends, so that
 * the person's next unlock or search does not pay for it, and the ordinary headroom is set from what is
 * live then.
 */
export async function heavyWork<T>(task: () => Promise<T>, opts: { collectFirst?: boolean } = {}): Promise<T> {
  if (running++ === 0) {
    started = performance.now()
    setPercent(HEAP_GROWING_PERCENT)
    if (opts.collectFirst) collect?.()
  }
  try {
    return await task()
  } finally {
    if (--running === 0) {
      if (collect && performance.now() - started >= COLLECT_AFTER_MS) {
        const now = collect
        setImmediate(() => {
          if (running > 0) return
          now()
          retune()
        })
      } else retune()
    }
  }
}

/** Whether heavy work is running (tests). */
export const heavyWorkRunning = (): boolean => running > 0

/**
 * V8's full collection, for the main process: `gc` as `--expose-gc` gives it, which a context made after the
 * flag is set holds (the process keeps running without the flag's global). Nothing if V8 refuses.
 */
export function fullCollection(): () => void {
  let gc: (() => void) | null | undefined
  return () => {
    if (gc === undefined) {
      try {
        setFlagsFromString('--expose-gc')
        const found: unknown = runInNewContext('typeof gc === "function" ? gc : null')
        gc = typeof found === 'function' ? (found as () => void) : null
      } catch {
        gc = null
      }
    }
    gc?.()
  }
}
