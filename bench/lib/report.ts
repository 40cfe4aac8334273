/** The targets of the issue, judged on one run's figures, and the table the bench prints. */
import type { BuildInfo } from './build'
import type { SaveComparison } from './compare'
import type { NaiveResult } from './naive'
import type { OursResult, Skipped } from './ours'
import type { Dist } from './stats'

export interface Row {
  metric: string
  p50: string
  p95: string
  target: string
  result: '' | 'PASS' | 'FAIL' | 'n/a' | 'skipped'
}

export interface TargetCheck {
  id: string
  description: string
  value: number | null
  limit: string
  pass: boolean | null
  note?: string
}

export interface Figures {
  primary: { name: string; build: BuildInfo; ours: OursResult }
  comparison: { name: string; build: BuildInfo; ours: OursResult } | null
  naive: NaiveResult | null
  /** Saves at both scales, interleaved in one process. */
  interleaved: SaveComparison | null
  totalSeconds: number
}

const ms = (v: number): string =>
  !Number.isFinite(v)
    ? '—'
    : v >= 1000
      ? `${(v / 1000).toFixed(2)} s`
      : v >= 100
        ? `${v.toFixed(0)} ms`
        : v >= 10
          ? `${v.toFixed(1)} ms`
          : `${v.toFixed(2)} ms`
const times = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? '—' : v >= 100 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`
const kib = (bytes: number): string =>
  bytes >= 1048576 ? `${(bytes / 1048576).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`
const isSkipped = (x: unknown): x is Skipped => typeof x === 'object' && x !== null && 'skipped' in x
const short = (name: string) => (name === 'ten-year' ? '10 y' : name === 'one-year' ? '1 y' : name)

function check(
  id: string,
  description: string,
  value: number | null,
  limit: string,
  ok: (v: number) => boolean,
  note?: string,
): TargetCheck {
  return {
    id,
    description,
    value,
    limit,
    pass: value === null || !Number.isFinite(value) ? null : ok(value),
    ...(note ? { note } : {}),
  }
}

/** Issue 20: the first search after unlock, against the floor of the index bytes it read and the warm p95. */
function firstSearchChecks(o: OursResult): TargetCheck[] {
  const first = isSkipped(o.search) ? undefined : o.search.firstAfterUnlock
  const warm = isSkipped(o.search) ? undefined : o.search.warm.p95
  return [
    check('search-first-vs-floor', 'first search after unlock ÷ floor of reading and decrypting the index bytes it touched', first ? first.ms / first.floor.p50 : null, '≤ 2×', (v) => v <= 2, first ? undefined : 'no persistent index'),
    check('search-first-vs-warm', 'first search after unlock ÷ warm search p95', first && warm ? first.ms / warm : null, '≤ 100×', (v) => v <= 100, first ? undefined : 'no persistent index'),
  ]
}

export function judge(f: Figures): TargetCheck[] {
  const o = f.primary.ours
  const n = f.naive
  const checks: TargetCheck[] = []
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? null : a / b
  const ip = f.interleaved?.handlerTable[f.primary.name]
  const ic = f.comparison ? f.interleaved?.handlerTable[f.comparison.name] : undefined
  checks.push(
    check(
      'save-vs-naive-record',
      'naive ÷ ours, contact record save, p95',
      ratio(n?.saves.record.p95, o.saves.record.p95),
      '≥ 300×',
      (v) => v >= 300,
    ),
    check(
      'save-vs-naive-approval',
      'naive ÷ ours, approval save, p95',
      ratio(n?.saves.approval.p95, o.saves.approval.p95),
      '≥ 300×',
      (v) => v >= 300,
    ),
    check(
      'save-growth-record',
      `${short(f.primary.name)} ÷ ${short(f.comparison?.name ?? '—')}, contact record save, p95`,
      ratio(ip?.record.p95, ic?.record.p95),
      '≤ 1.5×',
      (v) => v <= 1.5,
    ),
    check(
      'save-growth-approval',
      `${short(f.primary.name)} ÷ ${short(f.comparison?.name ?? '—')}, approval save, p95`,
      ratio(ip?.approval.p95, ic?.approval.p95),
      '≤ 1.5×',
      (v) => v <= 1.5,
    ),
    check(
      'open',
      'unlock (after KDF) → dashboard data through the handler table, p95',
      o.open.afterKdf.p95,
      '≤ 300 ms',
      (v) => v <= 300,
    ),
    check(
      'open-vs-naive',
      'naive open ÷ ours, p50',
      ratio(n?.open.p50, o.open.afterKdf.p50),
      '≥ 4×',
      (v) => v >= 4,
    ),
    check('dashboard', 'dashboard, p95', o.dashboard.p95, '≤ 16 ms', (v) => v <= 16),
    check(
      'search',
      'warm search, p95',
      isSkipped(o.search) ? null : o.search.warm.p95,
      '≤ 100 ms',
      (v) => v <= 100,
      isSkipped(o.search) ? o.search.skipped : undefined,
    ),
    ...firstSearchChecks(o),
    check(
      'pack',
      'stage-4 pack, p95',
      isSkipped(o.pack) ? null : o.pack.dist.p95,
      '≤ 1 s',
      (v) => v <= 1000,
      isSkipped(o.pack) ? o.pack.skipped : undefined,
    ),
    check(
      'memory',
      'resident memory after open through the handler table',
      o.memoryAfterOpen.rssMB,
      '≤ 300 MB',
      (v) => v <= 300,
    ),
    check('duration', 'whole bench', f.totalSeconds, '≤ 300 s', (v) => v <= 300),
  )
  return checks
}

export function rows(f: Figures, checks: TargetCheck[]): Row[] {
  const out: Row[] = []
  const P = short(f.primary.name)
  const C = f.comparison ? short(f.comparison.name) : null
  const d = (metric: string, x: Dist | undefined, target = '', result: Row['result'] = '') =>
    out.push({ metric, p50: x ? ms(x.p50) : '—', p95: x ? ms(x.p95) : '—', target, result })
  const verdict = (id: string): Row['result'] => {
    const c = checks.find((x) => x.id === id)
    return !c || c.pass === null ? 'n/a' : c.pass ? 'PASS' : 'FAIL'
  }
  const r = (id: string, metric: string) => {
    const c = checks.find((x) => x.id === id)!
    const value =
      id === 'memory'
        ? `${c.value ?? '—'} MB`
        : id === 'duration'
          ? `${c.value?.toFixed(0) ?? '—'} s`
          : c.limit.includes('×')
            ? times(c.value)
            : ms(c.value ?? NaN)
    out.push({ metric, p50: '', p95: value, target: c.limit, result: verdict(id) })
  }
  const o = f.primary.ours
  const c = f.comparison?.ours
  const n = f.naive
  const ip = f.interleaved?.handlerTable[f.primary.name]
  const ic = f.comparison ? f.interleaved?.handlerTable[f.comparison.name] : undefined
  const info = (metric: string, value: string) =>
    out.push({ metric, p50: '', p95: value, target: '', result: '' })

  d(`Save: contact record (${P})`, o.saves.record)
  d(`Save: approval (${P})`, o.saves.approval)
  info(`  slowest of ${o.saves.record.n + o.saves.approval.n} saves (${P})`, ms(o.saves.slowest[0] ?? NaN))

  if (!isSkipped(o.savesWithSearchIndex)) {
    d(`Save: contact record, search index built (${P})`, o.savesWithSearchIndex.record)
    d(`Save: approval, search index built (${P})`, o.savesWithSearchIndex.approval)
  }
  if (c) {
    d(`Save: contact record (${C})`, c.saves.record)
    d(`Save: approval (${C})`, c.saves.approval)
  }
  d(`Floor: fsync of a small file (${P} run)`, o.fsyncFloor)
  if (n) {
    d(`Naive save: contact record (${P})`, n.saves.record)
    d(`Naive save: approval (${P})`, n.saves.approval)
  }
  r('save-vs-naive-record', '  naive ÷ ours, contact record (p95)')
  r('save-vs-naive-approval', '  naive ÷ ours, approval (p95)')
  const sp = f.interleaved?.storeOnly[f.primary.name]
  const sc = f.comparison ? f.interleaved?.storeOnly[f.comparison.name] : undefined
  if (sp) {
    d(`Save, store + case log only: contact record (${P})`, sp.record)
    d(`Save, store + case log only: approval (${P})`, sp.approval)
    if (sc) {
      d(`Save, store + case log only: contact record (${C})`, sc.record)
      d(`Save, store + case log only: approval (${C})`, sc.approval)
    }
    d('  fsync floor, sampled before each of those saves', f.interleaved?.floor)
    if (n) {
      info('  naive ÷ store + case log only, contact record (p95)', times(n.saves.record.p95 / sp.record.p95))
      info('  naive ÷ store + case log only, approval (p95)', times(n.saves.approval.p95 / sp.approval.p95))
    }
    if (sc) {
      info(`  ${P} ÷ ${C}, store + case log only, contact record (p95)`, times(sp.record.p95 / sc.record.p95))
      info(`  ${P} ÷ ${C}, store + case log only, approval (p95)`, times(sp.approval.p95 / sc.approval.p95))
    }
  }
  if (ip && ic) {
    d(`Save, interleaved, handler table: contact record (${P})`, ip.record)
    d(`Save, interleaved, handler table: contact record (${C})`, ic.record)
    d(`Save, interleaved, handler table: approval (${P})`, ip.approval)
    d(`Save, interleaved, handler table: approval (${C})`, ic.approval)
    info(`  slowest interleaved save (${P})`, ms(ip.slowest[0] ?? NaN))
    info(`  slowest interleaved save (${C})`, ms(ic.slowest[0] ?? NaN))
  }
  r('save-growth-record', `  ${P} ÷ ${C ?? '—'}, contact record (interleaved, p95)`)
  r('save-growth-approval', `  ${P} ÷ ${C ?? '—'}, approval (interleaved, p95)`)
  d('Key derivation alone (Argon2id 64 MiB, t=3)', o.kdf)
  d(
    `Open → dashboard data, handler table, after KDF (${P})`,
    o.open.afterKdf,
    '≤ 300 ms (p95)',
    verdict('open'),
  )
  d(`  the same without the handler table's wrapper (${P})`, o.openWithoutWrapper.afterKdf)
  if (!isSkipped(o.backup))
    d(`Whole-vault backup ('backup.create'; each idle rolling backup costs this) (${P})`, o.backup.dist)
  if (c) {
    d(`Open → dashboard data, handler table, after KDF (${C})`, c.open.afterKdf)
    d(`  the same without the handler table's wrapper (${C})`, c.openWithoutWrapper.afterKdf)
  }
  info(`  bytes read: store + case log (${P})`, kib(o.openWithoutWrapper.bytesRead))
  info(`  bytes read: through the handler table (${P})`, kib(o.open.bytesRead))
  d(`Floor: read + decrypt + parse the same bytes (${P}, ${kib(o.openFloor.bytes)})`, o.openFloor.dist)
  if (n) d(`Naive open: read + decrypt + parse + dashboard (${P})`, n.open)
  r('open-vs-naive', '  naive open ÷ ours (p50)')
  if (n)
    info(
      '  naive open ÷ ours without the wrapper (p50)',
      times(n.open.p50 / o.openWithoutWrapper.afterKdf.p50),
    )
  d(`Dashboard (${P}, ${o.dashboard.rows} open disputes)`, o.dashboard, '≤ 16 ms (p95)', verdict('dashboard'))
  if (isSkipped(o.search))
    out.push({
      metric: `Search — skipped: ${o.search.skipped}`,
      p50: '',
      p95: '',
      target: '≤ 100 ms (p95)',
      result: 'skipped',
    })
  else {
    d(`Search, warm (${P}, ${o.search.queries} queries)`, o.search.warm, '≤ 100 ms (p95)', verdict('search'))
    d(`Search, first time each query (${P})`, o.search.firstPass)
    const first = o.search.firstAfterUnlock
    if (first) {
      out.push({ metric: `First search after unlock (${P}): ${first.files} index files, ${kib(first.bytes)}; floor (read + decrypt them)`, p50: ms(first.floor.p50), p95: ms(first.ms), target: '', result: '' })
      r('search-first-vs-floor', '  first search after unlock ÷ floor (p50)')
      r('search-first-vs-warm', '  first search after unlock ÷ warm search p95')
      info(`  the background build of the whole index, once (${P})`, ms(first.buildMs))
    } else info(`  first search after unlock: builds the index (${P})`, ms(o.search.firstQueryMs))
  }
  if (isSkipped(o.quarterly))
    out.push({
      metric: `Quarterly figures — skipped: ${o.quarterly.skipped}`,
      p50: '',
      p95: '',
      target: '',
      result: 'skipped',
    })
  else {
    d(`Quarterly figures (${P}, ${o.quarterly.disputes} disputes)`, o.quarterly.dist)
    info(`  first after unlock: loads the archives (${P})`, ms(o.quarterly.first))
  }
  if (isSkipped(o.pack))
    out.push({
      metric: `Stage-4 pack — skipped: ${o.pack.skipped}`,
      p50: '',
      p95: '',
      target: '≤ 1 s',
      result: 'skipped',
    })
  else d(`Stage-4 pack, ${o.pack.records} records (${P})`, o.pack.dist, '≤ 1 s (p95)', verdict('pack'))
  r('memory', `Resident memory after open, handler table (${P})`)
  info(`  without the handler table's wrapper (${P})`, `${o.memoryAfterOpenWithoutWrapper.rssMB} MB`)
  info(`  peak during the whole measurement (${P})`, `${o.peakRssMB} MB`)
  if (c) info(`Resident memory after open, handler table (${C})`, `${c.memoryAfterOpen.rssMB} MB`)
  if (n) {
    info(`Naive: resident memory after open (${P})`, `${n.memoryAfterOpen.rssMB} MB`)
    info(`Naive: peak resident memory (${P})`, `${n.peakRssMB} MB`)
  }
  r('duration', 'Whole bench (builds included)')
  return out
}

export function formatTable(table: Row[]): string {
  const head: Row = { metric: 'Metric', p50: 'p50', p95: 'p95', target: 'Target', result: '' }
  const all = [head, ...table]
  const w = {
    metric: Math.max(...all.map((x) => x.metric.length)),
    p50: Math.max(...all.map((x) => x.p50.length)),
    p95: Math.max(...all.map((x) => x.p95.length)),
    target: Math.max(...all.map((x) => x.target.length)),
  }
  const line = (x: Row) =>
    `${x.metric.padEnd(w.metric)}  ${x.p50.padStart(w.p50)}  ${x.p95.padStart(w.p95)}  ${x.target.padEnd(w.target)}  ${x.result || (x === head ? 'Result' : '')}`.trimEnd()
  return [line(head), '-'.repeat(w.metric + w.p50 + w.p95 + w.target + 16), ...table.map(line)].join('\n')
}
