/**
 * The quarter documents (`quarter.<year>-<q>`, documents.ts) and their totals (`quarter-totals`): derived
 * from the year summaries so that one quarter's figures and return read one quarter's facts and a few KB of
 * totals, not every dispute in the vault (issue #20: "quarterly figures, first after unlock ≤ 5 × the
 * dashboard query").
 *
 * A dispute's facts go into every calendar quarter its figures count it in — the quarter it opened, the
 * quarter it closed, each quarter a stage deadline fell due, each quarter a notification was settled — so
 * that `quarterlyFigures` and `quarterlyReturn` over one quarter's document give what they give over every
 * dispute, except two figures that depend on every dispute: how many were open at the quarter's end, and
 * the word the policies use for a stage. Those come from the totals.
 *
 * Everything here is a function of the summaries: `applySummaryChange` moves a dispute's facts between
 * quarters as its year summary changes, and a build from nothing is the same call for every year. A test
 * holds the two together, and the figures from these documents to the figures over every dispute. Each
 * quarter's figures are also kept as counts (`quarterFiguresOf`, `quarter-figures.<y>-<q>`), a function of
 * its document, so that the Reports screen reads a few KB rather than the quarter's facts.
 *
 * Pure: no I/O.
 */
import { civilDateInLondon } from '../domain/calendar'
import { countQuarter, countsOfPolicy, noCounts, type QuarterCounts } from '../domain/quarter-counts'
import type { QuarterlyChild, QuarterlyDispute } from '../domain/quarterly-facts'
import type { QuarterNumber } from '../domain/reports'
import type { QuarterDoc, QuarterFiguresDoc, QuarterTotalsDoc, SummaryDoc } from './documents'

/** "2026-4": a calendar quarter (October to December 2026). Sorts as the quarters do (years of four digits). */
export type QuarterKey = string

export const quarterKey = (year: number | string, quarter: number): QuarterKey => `${year}-${quarter}`
export const quarterKeyOfDate = (civilDate: string): QuarterKey =>
  quarterKey(civilDate.slice(0, 4), Math.floor((Number(civilDate.slice(5, 7)) - 1) / 3) + 1)

export const emptyQuarter = (): QuarterDoc => ({ format: 1, disputes: {}, children: {} })
export const emptyTotals = (): QuarterTotalsDoc => ({ format: 1, years: [], policies: {} })

const openedOn = (d: QuarterlyDispute): string => d.stageHistory[0]?.enteredOn ?? civilDateInLondon(d.openedAt)

/** Every quarter whose figures or return count this dispute (besides the totals). */
export function quartersOf(d: QuarterlyDispute): Set<QuarterKey> {
  const keys = new Set<QuarterKey>([quarterKeyOfDate(openedOn(d))])
  if (d.closedAt !== null) keys.add(quarterKeyOfDate(civilDateInLondon(d.closedAt)))
  for (const v of d.stageHistory) {
    if (v.due === null) continue
    keys.add(quarterKeyOfDate(v.due.deadline.kind === 'date' ? v.due.deadline.date : civilDateInLondon(v.due.deadline.at)))
  }
  for (const n of d.notificationsSent) keys.add(quarterKeyOfDate(n.sentOn))
  for (const n of d.notificationsNotNeeded) keys.add(quarterKeyOfDate(civilDateInLondon(n.recordedAt)))
  return keys
}

/** What one dispute puts in a quarter document: its facts and its children's as its year summary holds them. */
export interface QuarterRow {
  dispute: QuarterlyDispute
  children: QuarterDoc['children'][string]
}

function rowOf(summary: SummaryDoc | null, id: string): QuarterRow | null {
  if (!summary || !Object.hasOwn(summary.disputes, id)) return null
  const dispute = summary.disputes[id]!
  const children: QuarterRow['children'] = {}
  for (const c of dispute.childIds) if (Object.hasOwn(summary.children, c)) children[c] = summary.children[c]!
  return { dispute, children }
}

/** The quarter documents a change to one year's summary needs to read (and may write). */
export function quartersTouched(before: SummaryDoc | null, after: SummaryDoc): Set<QuarterKey> {
  const keys = new Set<QuarterKey>()
  for (const { before: b, after: a } of changedRows(before, after)) {
    for (const k of b ? quartersOf(b.dispute) : []) keys.add(k)
    for (const k of a ? quartersOf(a.dispute) : []) keys.add(k)
  }
  return keys
}

function changedRows(before: SummaryDoc | null, after: SummaryDoc): { id: string; before: QuarterRow | null; after: QuarterRow | null }[] {
  const ids = new Set([...Object.keys(before?.disputes ?? {}), ...Object.keys(after.disputes)])
  const out: { id: string; before: QuarterRow | null; after: QuarterRow | null }[] = []
  for (const id of ids) {
    // A save rewrites one dispute of its year: the others are the same objects, so most are passed over here
    // without comparing their contents (the save path must not cost in proportion to the year).
    if (before && Object.hasOwn(before.disputes, id) && Object.hasOwn(after.disputes, id)) {
      const d = after.disputes[id]!
      if (before.disputes[id] === d && d.childIds.every((c) => before.children[c] === after.children[c])) continue
    }
    const b = rowOf(before, id)
    const a = rowOf(after, id)
    if (b && a && JSON.stringify(b) === JSON.stringify(a)) continue
    out.push({ id, before: b, after: a })
  }
  return out
}

function bump(counts: Record<string, number>, key: string, by: number): void {
  const n = (Object.hasOwn(counts, key) ? counts[key]! : 0) + by
  if (n === 0) delete counts[key]
  else counts[key] = n
}

function countIn(totals: QuarterTotalsDoc, d: QuarterlyDispute, by: 1 | -1): void {
  const p = (totals.policies[d.policy.id] ??= { versions: {}, opened: {}, closed: {} })
  bump(p.versions, String(d.policy.version), by)
  const opened = quarterKeyOfDate(openedOn(d))
  bump(p.opened, opened, by)
  if (d.closedAt !== null) {
    // Open at a quarter's end: opened by its end and not closed by it. Closed counts from the later quarter of
    // the two, so "opened by Q and closed by Q" is "closed-count by Q".
    const closed = quarterKeyOfDate(civilDateInLondon(d.closedAt))
    bump(p.closed, closed > opened ? closed : opened, by)
  }
  if (Object.keys(p.versions).length === 0 && Object.keys(p.opened).length === 0 && Object.keys(p.closed).length === 0) delete totals.policies[d.policy.id]
}

/**
 * One year's summary changed from `before` (null: a year the quarter documents do not yet reflect) to
 * `after`. `quarters` holds the current documents of every quarter `quartersTouched` named (absent: none
 * stored); returns the documents to write (null: to delete, being empty) and the new totals.
 */
export function applySummaryChange(
  year: string,
  before: SummaryDoc | null,
  after: SummaryDoc,
  quarters: ReadonlyMap<QuarterKey, QuarterDoc>,
  totals: QuarterTotalsDoc,
): { quarters: Map<QuarterKey, QuarterDoc | null>; totals: QuarterTotalsDoc } {
  const next: QuarterTotalsDoc = structuredClone(totals)
  if (!next.years.includes(year)) next.years = [...next.years, year].sort()
  const working = new Map<QuarterKey, QuarterDoc>()
  const doc = (key: QuarterKey): QuarterDoc => {
    let d = working.get(key)
    if (!d) {
      const current = quarters.get(key)
      d = current ? { format: 1, disputes: { ...current.disputes }, children: { ...current.children } } : emptyQuarter()
      working.set(key, d)
    }
    return d
  }
  for (const { id, before: b, after: a } of changedRows(before, after)) {
    if (b) {
      countIn(next, b.dispute, -1)
      for (const key of quartersOf(b.dispute)) {
        const d = doc(key)
        delete d.disputes[id]
        delete d.children[id]
      }
    }
    if (a) {
      countIn(next, a.dispute, 1)
      for (const key of quartersOf(a.dispute)) {
        const d = doc(key)
        d.disputes[id] = a.dispute
        d.children[id] = a.children
      }
    }
  }
  const out = new Map<QuarterKey, QuarterDoc | null>()
  for (const [key, d] of working) out.set(key, Object.keys(d.disputes).length === 0 ? null : d)
  return { quarters: out, totals: next }
}

/** Every quarter document and the totals, from every year's summary: what the documents must always equal. */
export function buildQuarterIndex(summaries: ReadonlyMap<string, SummaryDoc>): { quarters: Map<QuarterKey, QuarterDoc>; totals: QuarterTotalsDoc } {
  const quarters = new Map<QuarterKey, QuarterDoc>()
  let totals = emptyTotals()
  for (const [year, summary] of [...summaries].sort(([a], [b]) => a.localeCompare(b))) {
    const applied = applySummaryChange(year, null, summary, quarters, totals)
    totals = applied.totals
    for (const [key, d] of applied.quarters) {
      if (d) quarters.set(key, d)
      else quarters.delete(key)
    }
  }
  return { quarters, totals }
}

/**
 * The quarter's figures as counts (`quarter-figures.<key>`): of every dispute in its document and of each
 * policy's, exactly as the Reports screen asks for them. A function of the quarter's document alone, so a
 * commit that writes the document writes these with it.
 */
export function quarterFiguresOf(key: QuarterKey, doc: QuarterDoc): QuarterFiguresDoc {
  const [year, quarter] = key.split('-').map(Number) as [number, QuarterNumber]
  const policies: QuarterFiguresDoc['policies'] = {}
  for (const id of [...new Set(disputesOfQuarter(doc).map((d) => d.policy.id))].sort()) {
    // Its resolutions and deadlines are all's that name it (countsOf): stored once.
    const { resolutions: _resolutions, deadlines: _deadlines, ...tallies } = countQuarter(disputesOfQuarter(doc, id), year, quarter)
    policies[id] = tallies
  }
  return { format: 1, all: countQuarter(disputesOfQuarter(doc), year, quarter), policies }
}

/** The counts of one policy's disputes, or of all; none for a quarter where nothing counts. */
export function countsOf(figures: QuarterFiguresDoc | undefined, policyId?: string): QuarterCounts {
  if (!figures) return noCounts()
  if (!policyId) return figures.all
  return Object.hasOwn(figures.policies, policyId) ? countsOfPolicy(figures.all, policyId, figures.policies[policyId]!) : noCounts()
}

/** The quarter's disputes, of one policy or all. */
export function disputesOfQuarter(quarter: QuarterDoc | undefined, policyId?: string): QuarterlyDispute[] {
  const all = Object.values(quarter?.disputes ?? {})
  return policyId ? all.filter((d) => d.policy.id === policyId) : all
}

/**
 * The quarter's children as the return reads them: where two years' summaries hold a child differently, the
 * later year's, as the year summaries merged give them.
 */
export function childrenOfQuarter(quarter: QuarterDoc | undefined): QuarterlyChild[] {
  const byChild = new Map<string, QuarterlyChild>()
  const ids = Object.keys(quarter?.children ?? {}).sort((a, b) => a.slice(0, 4).localeCompare(b.slice(0, 4)))
  for (const id of ids) for (const [childId, facts] of Object.entries(quarter!.children[id]!)) byChild.set(childId, { id: childId, ...facts })
  return [...byChild.values()]
}

/** What a quarter's figures need of every dispute (of one policy or all): the open at its end, and the policies used. */
export function wholeVaultFor(totals: QuarterTotalsDoc, key: QuarterKey, policyId?: string): { openAtQuarterEnd: number; policies: { policy: { id: string; version: number } }[] } {
  let open = 0
  const policies: { policy: { id: string; version: number } }[] = []
  for (const [id, p] of Object.entries(totals.policies)) {
    if (policyId && id !== policyId) continue
    for (const [k, n] of Object.entries(p.opened)) if (k <= key) open += n
    for (const [k, n] of Object.entries(p.closed)) if (k <= key) open -= n
    for (const v of Object.keys(p.versions)) policies.push({ policy: { id, version: Number(v) } })
  }
  return { openAtQuarterEnd: open, policies }
}
