/**
 * The targets of issue 20, judged on one run's figures. Every target is a ratio against a floor (or
 * another figure) measured in the same run, so that a busy machine slows both sides alike; the absolute
 * figure is printed beside each ratio. The informational table of every figure is figures-table.ts.
 *
 * To add a target from another measurement (search-bench.ts, backup-bench.ts): write a function from
 * `Figures` to `Row[]` (use `ratioRow`, or build a Row for a limit that is not a ratio) and append it to
 * TARGET_SOURCES.
 */
import type { BuildInfo } from './build'
import type { SaveComparison } from './compare'
import type { NaiveResult } from './naive'
import type { OursResult, Skipped } from './ours'
import { attachmentTargets, type AttachmentBenchResult } from './attachments-bench'
import { teamTargets, type TeamBench } from './team-bench'

/**
 * One target of the issue, judged in this run: the absolute figure beside its ratio against a floor
 * measured in the same run.
 */
export interface Row {
  /** Stable id for tests and results.json: 'open', 'pack', 'memory'… */
  id: string
  /** What is measured, in words. */
  name: string
  /** The figures the ratio is made of, with their units: "227 ms ÷ floor 31 ms". */
  absolute: string
  /** The ratio judged; null where the target is not a ratio (memory) or a side is missing. */
  ratio: number | null
  /** The target as printed: "≤ 10×", "≤ 400 MB". */
  target: string
  /** null: could not be judged in this run (see note). */
  pass: boolean | null
  note?: string
}

/** A judged target: the name results.json has always used. */
export type TargetCheck = Row

/** A task's process and the most resident memory it ever held. */
export interface ProcessPeak {
  task: string
  rssMB: number
}

export interface Figures {
  primary: { name: string; build: BuildInfo; ours: OursResult }
  comparison: { name: string; build: BuildInfo; ours: OursResult } | null
  naive: NaiveResult | null
  /** Saves at both scales, interleaved in one process. */
  interleaved: SaveComparison | null
  /** Peak resident memory of each task's process (for the smoke test: of the test process). */
  peaks: ProcessPeak[]
  totalSeconds: number
  /** Unlock with attachments present against the same vault without (attachments-bench.ts); absent if not run. */
  attachments?: AttachmentBenchResult | null
  /** The team vault over loopback WebDAV (team-bench.ts); absent if not run. */
  team?: TeamBench | null
}

export const ms = (v: number): string =>
  !Number.isFinite(v)
    ? '—'
    : v >= 1000
      ? `${(v / 1000).toFixed(2)} s`
      : v >= 100
        ? `${v.toFixed(0)} ms`
        : v >= 10
          ? `${v.toFixed(1)} ms`
          : `${v.toFixed(2)} ms`
export const times = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? '—' : v >= 100 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`
export const kib = (bytes: number): string =>
  bytes >= 1048576 ? `${(bytes / 1048576).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`
export const isSkipped = (x: unknown): x is Skipped =>
  typeof x === 'object' && x !== null && 'skipped' in x
export const short = (name: string): string =>
  name === 'ten-year' ? '10 y' : name === 'one-year' ? '1 y' : name

/**
 * A row judging `figure ÷ floor` against `≤ limit×` (or `≥ limit×` with `atLeast`). Either side missing
 * or not finite leaves the row unjudged.
 */
export function ratioRow(
  id: string,
  name: string,
  figure: { value: number | undefined; label?: string },
  floor: { value: number | undefined; label: string },
  limit: number,
  options: { atLeast?: boolean; note?: string; format?: (v: number) => string } = {},
): Row {
  const f = options.format ?? ms
  const ok = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v >= 0
  const ratio = ok(figure.value) && ok(floor.value) && floor.value > 0 ? figure.value / floor.value : null
  return {
    id,
    name,
    absolute: `${figure.label ?? (ok(figure.value) ? f(figure.value) : '—')} ÷ ${floor.label} ${ok(floor.value) ? f(floor.value) : '—'}`,
    ratio,
    target: `${options.atLeast ? '≥' : '≤'} ${limit}×`,
    pass: ratio === null ? null : options.atLeast ? ratio >= limit : ratio <= limit,
    ...(options.note ? { note: options.note } : {}),
  }
}

/** Issue 20: the first search after unlock, against the floor of the index bytes it read and the warm p95. */
function searchTargets(f: Figures): Row[] {
  const o = f.primary.ours
  const first = isSkipped(o.search) ? undefined : o.search.firstAfterUnlock
  const warm = isSkipped(o.search) ? undefined : o.search.warm.p95
  const note = first ? `${first.files} index files, ${kib(first.bytes)}` : 'no persistent index'
  const of = first ? ` (p50 of ${first.runs.length} unlocks)` : ''
  return [
    ratioRow('search-first-vs-floor', `first search after unlock${of} ÷ the floor of reading and decrypting the index bytes it touched (p50)`, { value: first?.ms }, { value: first?.floor.p50, label: 'floor' }, 2, { note }),
    ratioRow('search-first-vs-warm', `first search after unlock${of} ÷ warm search p95`, { value: first?.ms }, { value: warm, label: 'warm p95' }, 100, { note }),
  ]
}

/** Peak resident memory of our design's processes (the builder and the naive baseline are not ours). */
export const OURS_TASKS = /^(ours|compare)-/

function coreTargets(f: Figures): Row[] {
  const o = f.primary.ours
  const n = f.naive
  const P = short(f.primary.name)
  const C = f.comparison ? short(f.comparison.name) : '—'
  const ip = f.interleaved?.handlerTable[f.primary.name]
  const ic = f.comparison ? f.interleaved?.handlerTable[f.comparison.name] : undefined
  const out: Row[] = []

  const ours = f.peaks.filter((p) => OURS_TASKS.test(p.task))
  const peak = ours.length ? Math.max(...ours.map((p) => p.rssMB)) : null
  out.push({
    id: 'memory',
    name: `Resident memory, peak of our design's processes (${ours.map((p) => p.task).join(', ') || 'none'})`,
    absolute: peak === null ? '—' : `${peak} MB`,
    ratio: null,
    target: '≤ 400 MB',
    pass: peak === null ? null : peak <= 400,
  })

  if (isSkipped(o.quarterly))
    out.push({ id: 'quarterly', name: 'Quarterly figures, first after unlock', absolute: '—', ratio: null, target: '≤ 5×', pass: null, note: o.quarterly.skipped })
  else
    out.push(
      ratioRow(
        'quarterly',
        `Quarterly figures, first after unlock (${P}, p50 of ${o.quarterly.firstAfterUnlock.n} unlocks) ÷ the dashboard (p50)`,
        { value: o.quarterly.firstAfterUnlock.p50 },
        { value: o.dashboard.p50, label: 'dashboard' },
        5,
      ),
    )

  out.push(
    ratioRow(
      'open',
      `Unlock → dashboard data after KDF, signatures checked (${P}, p50) ÷ reading, decrypting and parsing the same bytes (p50)`,
      { value: o.open.afterKdf.p50 },
      { value: o.openFloor.dist.p50, label: `floor (${kib(o.openFloor.bytes)})` },
      3,
    ),
  )

  for (const kind of ['record', 'approval'] as const)
    out.push(
      ratioRow(
        `save-growth-${kind}`,
        `Save p95, ${kind === 'record' ? 'contact record' : 'approval'}, ${P} ÷ ${C} (interleaved in one process)`,
        { value: ip?.[kind].p95 },
        { value: ic?.[kind].p95, label: C },
        1.2,
      ),
    )

  if (isSkipped(o.pack))
    out.push({ id: 'pack', name: 'Stage-4 pack', absolute: '—', ratio: null, target: '≤ 10×', pass: null, note: o.pack.skipped })
  else
    out.push(
      ratioRow(
        'pack',
        `Stage-4 pack, ${o.pack.records} records (${P}, p50) ÷ a docx of the same text with no layout (p50)`,
        { value: o.pack.dist.p50 },
        { value: o.packFloor.dist.p50, label: `floor (${kib(o.packFloor.chars)} of text)` },
        10,
      ),
    )

  // The first design targets, still judged: ratios against the naive design in the same run.
  for (const kind of ['record', 'approval'] as const)
    out.push(
      ratioRow(
        `save-vs-naive-${kind}`,
        `Naive ÷ ours, ${kind === 'record' ? 'contact record' : 'approval'} save (${P}, p95)`,
        { value: n?.saves[kind].p95 },
        { value: o.saves[kind].p95, label: 'ours' },
        300,
        { atLeast: true },
      ),
    )
  out.push(
    ratioRow(
      'open-vs-naive',
      `Naive open ÷ ours after KDF (${P}, p50)`,
      { value: n?.open.p50 },
      { value: o.open.afterKdf.p50, label: 'ours' },
      4,
      { atLeast: true },
    ),
  )
  return out
}

/** Every source of target rows, in the order they print. Append yours. */
export const TARGET_SOURCES: ((f: Figures) => Row[])[] = [coreTargets, searchTargets, (f) => attachmentTargets(f), (f) => teamTargets(f)]

export function judge(f: Figures): Row[] {
  return TARGET_SOURCES.flatMap((source) => source(f))
}

export const verdict = (r: Row): string => (r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'FAIL')

export function formatTargets(targets: readonly Row[]): string {
  const head = ['Target', 'Figures', 'Ratio', 'Limit', 'Result']
  const lines = targets.map((r) => [
    r.name,
    r.absolute,
    times(r.ratio),
    r.target,
    `${verdict(r)}${r.note ? ` (${r.note})` : ''}`,
  ])
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const line = (l: string[]) =>
    l.map((c, i) => (i === 2 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd()
  return [line(head), '-'.repeat(w.reduce((a, b) => a + b + 2, 0)), ...lines.map(line)].join('\n')
}
