/**
 * How far V8 lets the main process's heap grow before it next collects in full: a factor of what was live
 * after the last full collection, which V8 reads at the end of each one (so a change takes effect from the
 * next). By default V8 lets the heap grow to up to four times what was live when collections are cheap, so a
 * ten-year vault's search index build (~130–190 MB live) reached ~630 MB resident and the bench's whole
 * measurement ~800 MB, most of it garbage not yet collected.
 *
 * Two settings, by what the process is doing (docs/performance.md):
 * - **While heavy work runs** (`heavyWork`: the search index's build, the quarterly figures' first build,
 *   documents being built for export, backups, a team join), the heap grows by at most a quarter
 *   (`--heap-growing-percent=25`), which holds the bench's ten-year measurement near 400 MB (50 % left it at
 *   ~457 MB) for more frequent, mostly concurrent, full collections.
 * - **Otherwise** (unlock, the dashboard, a search, a save) by at most twice what is live: after a ten-year
 *   unlock that is ~45 MB, and each unlock allocates ~25 MB that outlives the young generation, so at 25 % a
 *   full collection fell in nearly every unlock and first search (17–145 ms of it), while at 100 % one falls
 *   about every other unlock and the heap stays under ~100 MB.
 *
 * Nothing is refused for either — unlike a heap limit, they never stop the app with out-of-memory. The main
 * process applies them with v8.setFlagsFromString (`app.commandLine.appendSwitch('js-flags', …)` reaches only
 * the processes Chromium starts after it — the renderers, which get the heavy-work setting: they hold no
 * vault). The bench's processes for our design call the same function (bench/child.ts), so what it measures
 * is what the app runs with. Until `limitHeapGrowth` is called (unit tests) `heavyWork` only runs its task.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export const HEAP_GROWING_PERCENT = 25
export const INTERACTIVE_GROWING_PERCENT = 100
const flag = (percent: number): string => `--heap-growing-percent=${percent}`
/** The renderers' flags (Chromium's js-flags switch). */
export const JS_FLAGS = flag(HEAP_GROWING_PERCENT)

/** Heavy work that ran this long leaves enough garbage to be worth collecting as soon as it ends. */
export const COLLECT_AFTER_MS = 1000

let apply: ((flags: string) => void) | null = null
let collect: (() => void) | null = null
let running = 0
let started = 0

/** The main process's setting from now on: the interactive one, or the heavy one while heavy work runs. */
export function limitHeapGrowth(set: (flags: string) => void = setFlagsFromString, collectNow: () => void = fullCollection()): void {
  apply = set
  collect = collectNow
  set(flag(running > 0 ? HEAP_GROWING_PERCENT : INTERACTIVE_GROWING_PERCENT))
}

/**
 * Runs `task` with the heavy-work setting (nested and concurrent calls share it until the last ends). Heavy
 * work that ran for a second or more (the index build, a first quarterly build, a team join) leaves most of
 * what it held as garbage, under the tight limit its last collection set: it is collected as soon as the work
 * ends (a pause of a few milliseconds, for the ~45 MB still live), so that the person's next unlock or search
 * does not pay for it, and the limit that collection sets is the interactive one.
 */
export async function heavyWork<T>(task: () => Promise<T>): Promise<T> {
  if (running++ === 0) {
    started = performance.now()
    apply?.(flag(HEAP_GROWING_PERCENT))
  }
  try {
    return await task()
  } finally {
    if (--running === 0) {
      apply?.(flag(INTERACTIVE_GROWING_PERCENT))
      if (collect && performance.now() - started >= COLLECT_AFTER_MS) {
        const now = collect
        setImmediate(() => {
          if (running === 0) now()
        })
      }
    }
  }
}

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

/** Whether heavy work is running (tests). */
export const heavyWorkRunning = (): boolean => running > 0
