/** Percentiles and a little timing help. All times are milliseconds. */

export interface Dist {
  n: number
  p50: number
  p95: number
  min: number
  max: number
  mean: number
}

/** Nearest-rank percentile of sorted samples. */
function rank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export function dist(samples: readonly number[]): Dist {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN }
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    p50: rank(sorted, 0.5),
    p95: rank(sorted, 0.95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await fn()
  return { ms: performance.now() - started, value }
}

/** Runs a full garbage collection when node was started with --expose-gc (the bench is; vitest is not). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    gc()
  }
}

export const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10

/** Progress lines (the smoke test sets BENCH_QUIET to keep the test output clean). */
export function progress(scale: string, message: string): void {
  if (!process.env.BENCH_QUIET) console.log(`  [${scale}] ${message}`)
}
