/**
 * How far V8 lets the main process's heap grow before it collects. By default V8 lets the heap grow to up
 * to four times what was live after the last full collection when collections are cheap, so a ten-year
 * vault's search index build (~130–190 MB live) reached ~630 MB resident and the bench's whole measurement
 * ~800 MB, most of it garbage not yet collected. Growing by at most a quarter (`--heap-growing-percent=25`)
 * holds the bench's whole ten-year measurement near 400 MB (50 % left it at ~457 MB: docs/performance.md),
 * for more frequent (mostly concurrent) full collections; nothing is refused for it — unlike a heap
 * limit, it never stops the app with out-of-memory.
 *
 * The main process applies it with v8.setFlagsFromString as its first act (V8 reads the factor at each
 * collection, so it takes effect at once; `app.commandLine.appendSwitch('js-flags', …)` reaches only the
 * processes Chromium starts after it — the renderers, which get the same flag). The bench's processes for
 * our design call the same function (bench/child.ts), so what it measures is what the app runs with.
 */
import { setFlagsFromString } from 'node:v8'

export const HEAP_GROWING_PERCENT = 25
export const JS_FLAGS = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`

export function limitHeapGrowth(set: (flags: string) => void = setFlagsFromString): void {
  set(JS_FLAGS)
}
