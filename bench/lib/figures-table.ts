/**
 * Every figure of the run, informational: percentiles and absolute figures with no target. The targets,
 * as ratios against floors measured in the same run, are report.ts.
 */
import { isSkipped, kib, ms, short, times, type Figures } from './report'
import type { Dist } from './stats'

/** One line of the table: a figure and its percentiles (or one value in the p95 column). */
export interface FigureRow {
  metric: string
  p50: string
  p95: string
  target: string
  result: '' | 'skipped'
}

export function figureRows(f: Figures): FigureRow[] {
  const out: FigureRow[] = []
  const P = short(f.primary.name)
  const C = f.comparison ? short(f.comparison.name) : null
  const d = (metric: string, x: Dist | undefined, target = '', result: FigureRow['result'] = '') =>
    out.push({ metric, p50: x ? ms(x.p50) : '—', p95: x ? ms(x.p95) : '—', target, result })
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
  if (n) {
    info('  naive ÷ ours, contact record (p95)', times(n.saves.record.p95 / o.saves.record.p95))
    info('  naive ÷ ours, approval (p95)', times(n.saves.approval.p95 / o.saves.approval.p95))
  }
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
  if (ip && ic) {
    info(`  ${P} ÷ ${C}, contact record (interleaved, p95)`, times(ip.record.p95 / ic.record.p95))
    info(`  ${P} ÷ ${C}, approval (interleaved, p95)`, times(ip.approval.p95 / ic.approval.p95))
  }
  d('Key derivation alone (Argon2id 64 MiB, t=3)', o.kdf)
  d(
    `Open → dashboard data, handler table, after KDF (${P})`,
    o.open.afterKdf,
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
  if (n) info('  naive open ÷ ours (p50)', times(n.open.p50 / o.open.afterKdf.p50))
  if (n)
    info(
      '  naive open ÷ ours without the wrapper (p50)',
      times(n.open.p50 / o.openWithoutWrapper.afterKdf.p50),
    )
  d(`Dashboard (${P}, ${o.dashboard.rows} open disputes)`, o.dashboard)
  if (isSkipped(o.search))
    out.push({
      metric: `Search — skipped: ${o.search.skipped}`,
      p50: '',
      p95: '',
      target: '',
      result: 'skipped',
    })
  else {
    d(`Search, warm (${P}, ${o.search.queries} queries)`, o.search.warm)
    d(`Search, first time each query (${P})`, o.search.firstPass)
    const first = o.search.firstAfterUnlock
    if (first) {
      info(`  first search after unlock, p50 of ${first.runs.length} unlocks (${P})`, ms(first.ms))
      info(`  floor: reading and decrypting the index files each read, p50 (${P})`, ms(first.floor.p50))
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
    info(`  the first ever: builds the year summaries from the archives and the quarter documents from them, once (${P})`, ms(o.quarterly.first))
    d(`  first after each of ${o.quarterly.firstAfterUnlock.n} unlocks: reads its quarter and the totals (${P})`, o.quarterly.firstAfterUnlock)
  }
  if (isSkipped(o.pack))
    out.push({
      metric: `Stage-4 pack — skipped: ${o.pack.skipped}`,
      p50: '',
      p95: '',
      target: '',
      result: 'skipped',
    })
  else {
    d(`Stage-4 pack, ${o.pack.records} records (${P})`, o.pack.dist)
    d(`Floor: a docx of the same text, no layout (${P}, ${kib(o.packFloor.chars)} of text)`, o.packFloor.dist)
  }
  info(`Resident memory after open, handler table (${P})`, `${o.memoryAfterOpen.rssMB} MB`)
  info(`  without the handler table's wrapper (${P})`, `${o.memoryAfterOpenWithoutWrapper.rssMB} MB`)
  info(`  peak during the whole measurement (${P})`, `${o.peakRssMB} MB`)
  if (c) info(`Resident memory after open, handler table (${C})`, `${c.memoryAfterOpen.rssMB} MB`)
  if (n) {
    info(`Naive: resident memory after open (${P})`, `${n.memoryAfterOpen.rssMB} MB`)
    info(`Naive: peak resident memory (${P})`, `${n.peakRssMB} MB`)
  }
  for (const p of f.peaks) info(`Peak resident memory of the ${p.task} process`, `${p.rssMB} MB`)
  info('Whole bench (builds included)', `${f.totalSeconds.toFixed(0)} s`)
  return out
}

export function formatTable(table: readonly FigureRow[]): string {
  const head: FigureRow = { metric: 'Metric', p50: 'p50', p95: 'p95', target: '', result: '' }
  const all = [head, ...table]
  const w = {
    metric: Math.max(...all.map((x) => x.metric.length)),
    p50: Math.max(...all.map((x) => x.p50.length)),
    p95: Math.max(...all.map((x) => x.p95.length)),
  }
  const line = (x: FigureRow) =>
    `${x.metric.padEnd(w.metric)}  ${x.p50.padStart(w.p50)}  ${x.p95.padStart(w.p95)}  ${x.result}`.trimEnd()
  return [line(head), '-'.repeat(w.metric + w.p50 + w.p95 + 6), ...table.map(line)].join('\n')
}
