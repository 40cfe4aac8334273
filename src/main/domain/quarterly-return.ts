/**
 * The quarterly return for the partnership: the breakdown partnerships publish in their annual reports
 * (disputes by agency raising and agency receiving, stage reached, level of need, reason, resolved or
 * not, working days to resolution, notifications), with no names or identifiers and every count from 1
 * to 4 suppressed so that no cell can point to a child (./suppression.ts).
 *
 * Quarters are financial-year quarters, as partnerships report to their boards: Q1 is April to June,
 * Q4 is January to March of the next calendar year; "Q3 2026/27" is October to December 2026. Days are
 * civil dates in England.
 *
 * Pure: no I/O, time passed in.
 */
import { AppError } from '../../shared/errors'
import type { Policy } from '../../shared/policy'
import { type WorkingCalendar, civilDateInLondon, countWorkingDays } from './calendar'
import { sharedStageWord } from './reports'
import type { QuarterlyChild, QuarterlyDispute } from './quarterly-facts'
import { type CountTable, type ProtectedTable, type ShownCount, THRESHOLD, protectTable, protectTogether, recoverableCells } from './suppression'

export type FinancialQuarterNumber = 1 | 2 | 3 | 4

export interface FinancialQuarter {
  /** The calendar year the financial year starts in: 2026 for 2026/27. */
  startYear: number
  quarter: FinancialQuarterNumber
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export function financialQuarterBounds(q: FinancialQuarter): { from: string; to: string; label: string; months: string } {
  if (!Number.isInteger(q.startYear) || q.startYear < 2000 || q.startYear > 2200 || ![1, 2, 3, 4].includes(q.quarter)) {
    throw new AppError('quarter-invalid', 'Choose a quarter (1 to 4) of a financial year from 2000/01.', { field: 'quarter' })
  }
  // Q1 starts in April (month index 3); Q4 is January to March of the next year.
  const firstMonth = (3 + (q.quarter - 1) * 3) % 12
  const year = q.quarter === 4 ? q.startYear + 1 : q.startYear
  const lastDay = new Date(Date.UTC(year, firstMonth + 3, 0)).getUTCDate()
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    from: `${year}-${pad(firstMonth + 1)}-01`,
    to: `${year}-${pad(firstMonth + 3)}-${pad(lastDay)}`,
    label: `Q${q.quarter} ${q.startYear}/${pad((q.startYear + 1) % 100)}`,
    months: `${MONTHS[firstMonth]} to ${MONTHS[firstMonth + 2]} ${year}`,
  }
}

/** The financial quarter a civil date falls in. */
export function financialQuarterOf(civilDate: string): FinancialQuarter {
  const year = Number(civilDate.slice(0, 4))
  const month = Number(civilDate.slice(5, 7))
  return month >= 4
    ? { startYear: year, quarter: (Math.floor((month - 4) / 3) + 1) as FinancialQuarterNumber }
    : { startYear: year - 1, quarter: 4 }
}

export interface QuarterlyReturnOptions extends FinancialQuarter {
  calendar: WorkingCalendar
  /** The present instant (ISO UTC): a quarter not yet over is marked as figures so far. */
  now: string
  policies: readonly Policy[]
  /** The children, for their level of need and their setting; none of their details reach the return. */
  children: readonly QuarterlyChild[]
  /** The DSL's own agency (their profile), which raised every dispute whose children have no setting recorded. */
  ownAgency: string | null
}

export interface QuarterlyReturn {
  label: string
  months: string
  /** What the disputes' policies call a stage ("Step"); "Stage" where they differ. */
  stageWord: string
  from: string
  to: string
  complete: boolean
  /** Disputes raised in the quarter, by agency raising and highest stage reached by the quarter's end. */
  byAgencyRaising: ProtectedTable
  /** The same disputes by agency receiving (the other agency) and highest stage reached. */
  byAgencyReceiving: ProtectedTable
  /** The same disputes by the children's level of need and where they stood at the quarter's end. */
  byLevelOfNeed: ProtectedTable
  /** The same disputes by reason given; a dispute counts once for each reason, so these do not add up. */
  byReason: { rows: readonly string[]; counts: readonly ShownCount[] }
  /** Disputes resolved in the quarter (whenever raised), by working days from raising to resolution. */
  resolutionDays: ProtectedTable
  /** The median of those working days, or null where fewer than 5 were resolved (one dispute's figure could be read off). */
  medianWorkingDaysToResolution: number | null
  /** Notifications the policies ask for, settled in the quarter: sent, or recorded as not needed. */
  notifications: ProtectedTable
}

const within = (date: string, b: { from: string; to: string }) => date >= b.from && date <= b.to

function openedOn(d: QuarterlyDispute): string {
  return d.stageHistory[0]?.enteredOn ?? civilDateInLondon(d.openedAt)
}

/** "Stage 3" or "Emergency route": the highest reached by `by`. */
function stageReached(d: QuarterlyDispute, by: string): number | 'emergency' {
  const visits = d.stageHistory.filter((v) => v.enteredOn <= by)
  const stages = visits.map((v) => v.stage).filter((s): s is number => s !== null)
  if (stages.length > 0) return Math.max(...stages)
  return visits.some((v) => v.route === 'emergency') || d.route === 'emergency' ? 'emergency' : 1
}

function policyOf(d: QuarterlyDispute, policies: readonly Policy[]): Policy | undefined {
  return policies.find((p) => p.id === d.policy.id && p.version === d.policy.version) ?? policies.find((p) => p.id === d.policy.id)
}

/** Agencies are typed by people: "St Helens Children's Services" and "st helens children’s services " are one. */
const agencyKey = (a: string) => a.trim().replace(/\s+/g, ' ').replace(/’/g, "'").toLowerCase()

/** Keeps the first spelling of each agency and the order given; blank becomes `blank`. */
function labelled(values: readonly string[], blank: string): { keys: string[]; labels: string[] } {
  const labels = new Map<string, string>()
  for (const v of values) {
    const k = agencyKey(v)
    if (!labels.has(k)) labels.set(k, v.trim() === '' ? blank : v.trim().replace(/\s+/g, ' '))
  }
  return { keys: values.map(agencyKey), labels: [...labels.values()] }
}

function crossTab(rowKeys: readonly string[], rowLabels: readonly string[], columns: readonly string[], pairs: readonly [string, number][]): CountTable {
  const order = [...new Set(rowKeys)]
  const cells = order.map(() => columns.map(() => 0))
  for (const [row, column] of pairs) cells[order.indexOf(row)][column]++
  return { rows: order.map((k, i) => rowLabels[i] ?? k), columns, cells }
}

/** Withholds a whole table if, against every rule above, a hidden count could still be worked out. */
function assured(p: ProtectedTable): ProtectedTable {
  if (recoverableCells(p).length === 0) return p
  const hide = (c: ProtectedTable['total']): ProtectedTable['total'] => (c.shown === 'count' && c.value > 0 ? { shown: 'withheld' } : c)
  return { ...p, cells: p.cells.map((r) => r.map(hide)), rowTotals: p.rowTotals.map(hide), columnTotals: p.columnTotals.map(hide), total: hide(p.total) }
}

const RESOLUTION_BANDS: { label: string; upTo: number }[] = [
  { label: '0 to 5 working days', upTo: 5 },
  { label: '6 to 10 working days', upTo: 10 },
  { label: '11 to 20 working days', upTo: 20 },
  { label: '21 to 40 working days', upTo: 40 },
  { label: 'More than 40 working days', upTo: Number.POSITIVE_INFINITY },
]

export function quarterlyReturn(disputes: readonly QuarterlyDispute[], options: QuarterlyReturnOptions): QuarterlyReturn {
  const bounds = financialQuarterBounds(options)
  const raised = disputes.filter((d) => within(openedOn(d), bounds)).sort((a, b) => openedOn(a).localeCompare(openedOn(b)) || a.reference.localeCompare(b.reference))
  const childrenOf = (d: QuarterlyDispute) => d.childIds.map((id) => options.children.find((c) => c.id === id)).filter((c): c is QuarterlyChild => c !== undefined)

  // Stage columns: every stage any of these disputes reached, in order, and the emergency route if used.
  const reached = raised.map((d) => stageReached(d, bounds.to))
  const stageNumbers = [...new Set(reached.filter((s): s is number => s !== 'emergency'))].sort((a, b) => a - b)
  const stageColumns: (number | 'emergency')[] = [...stageNumbers, ...(reached.includes('emergency') ? ['emergency' as const] : [])]
  const stageWord = sharedStageWord(raised, options.policies)
  const stageLabels = stageColumns.map((s) => (s === 'emergency' ? 'Emergency route' : `${stageWord} ${s}`))
  const stageIndex = reached.map((s) => stageColumns.indexOf(s))

  // The agency raising: the children's setting (a school, a nursery) where recorded, else the DSL's own agency.
  const own = options.ownAgency?.trim() || 'Our agency (not named in the profile)'
  const raisingNames = raised.map((d) => {
    const settings = [...new Set(childrenOf(d).map((c) => (c.settingName ?? '').trim()).filter((s) => s !== ''))]
    return settings.length === 1 ? settings[0] : settings.length > 1 ? 'More than one setting' : own
  })
  const raising = labelled(raisingNames, own)
  const receiving = labelled(raised.map((d) => d.otherAgency.agency), 'Not recorded')

  // Level of need: the children's, in the policy's words; children at different levels count once under that.
  const needNames = raised.map((d) => {
    const policy = policyOf(d, options.policies)
    const levels = [...new Set(childrenOf(d).map((c) => (c.levelOfNeed ?? '').trim()).filter((l) => l !== ''))].map(
      (l) => policy?.levelsOfNeed.find((x) => x.id === l || x.label === l)?.label ?? l,
    )
    return levels.length === 1 ? levels[0] : levels.length > 1 ? 'Children at different levels' : 'Not recorded'
  })
  const need = labelled(needNames, 'Not recorded')
  const positions = ['Resolved', 'Withdrawn', 'Still open']
  const positionAtEnd = (d: QuarterlyDispute) => {
    const closedBy = d.closedAt !== null && civilDateInLondon(d.closedAt) <= bounds.to
    return !closedBy ? 2 : d.status === 'resolved' ? 0 : d.status === 'withdrawn' ? 1 : 2
  }

  const [byAgencyRaising, byAgencyReceiving, byLevelOfNeed] = protectTogether([
    { table: crossTab(raising.keys, raising.labels, stageLabels, raising.keys.map((k, i) => [k, stageIndex[i]])), sharedColumns: true },
    { table: crossTab(receiving.keys, receiving.labels, stageLabels, receiving.keys.map((k, i) => [k, stageIndex[i]])), sharedColumns: true },
    { table: crossTab(need.keys, need.labels, positions, raised.map((d, i) => [need.keys[i], positionAtEnd(d)])), sharedColumns: false },
  ]).map(assured)

  // Reasons: a dispute gives one or more, so no total is shown and only small counts are hidden.
  const reasonPairs: [string, number][] = raised.flatMap((d) => {
    const policy = policyOf(d, options.policies)
    const ids = [...new Set(d.reasons.ids)]
    return (ids.length === 0 ? ['No reason from the policy’s list'] : ids.map((id) => policy?.reasonsForEscalation.find((r) => r.id === id)?.label ?? id)).map(
      (label): [string, number] => [label, 0],
    )
  })
  const reasonLabels = [...new Set(reasonPairs.map(([l]) => l))]
  const byReason = {
    rows: reasonLabels,
    counts: reasonLabels.map((l): ShownCount => {
      const v = reasonPairs.filter(([r]) => r === l).length
      return v < THRESHOLD ? { shown: 'fewer-than-threshold' } : { shown: 'count', value: v }
    }),
  }

  const resolvedIn = disputes.filter((d) => d.status === 'resolved' && d.outcome !== null && d.closedAt !== null && within(civilDateInLondon(d.closedAt), bounds))
  const days = resolvedIn.map((d) => countWorkingDays(openedOn(d), civilDateInLondon(d.outcome!.resolvedAt), options.calendar))
  const bandPairs = days.map((n): [string, number] => [RESOLUTION_BANDS.find((b) => n <= b.upTo)!.label, 0])
  const bandLabels = RESOLUTION_BANDS.map((b) => b.label)
  const resolutionDays = assured(protectTable({ rows: bandLabels, columns: ['Disputes'], cells: bandLabels.map((l) => [bandPairs.filter(([b]) => b === l).length]) }))
  const sorted = [...days].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length < THRESHOLD ? null : sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2

  // Notifications settled in the quarter: sent (by the day sent) or recorded as not needed (by the day recorded).
  const notificationRows: [string, number][] = []
  for (const d of disputes) {
    const policy = policyOf(d, options.policies)
    const recipient = (notificationId: string) => {
      const n = policy?.notifications.find((x) => x.id === notificationId)
      const contact = n ? policy?.contacts.find((c) => c.id === n.recipient) : undefined
      return contact?.name ?? n?.recipient ?? notificationId
    }
    for (const s of d.notificationsSent) if (within(s.sentOn, bounds)) notificationRows.push([recipient(s.notificationId), 0])
    for (const s of d.notificationsNotNeeded) if (within(civilDateInLondon(s.recordedAt), bounds)) notificationRows.push([recipient(s.notificationId), 1])
  }
  const recipients = [...new Set(notificationRows.map(([r]) => r))].sort((a, b) => a.localeCompare(b, 'en-GB'))
  const notifications = assured(protectTable(crossTab(recipients, recipients, ['Sent', 'Recorded as not needed'], notificationRows)))

  return {
    label: bounds.label,
    months: bounds.months,
    stageWord,
    from: bounds.from,
    to: bounds.to,
    complete: civilDateInLondon(options.now) > bounds.to,
    byAgencyRaising,
    byAgencyReceiving,
    byLevelOfNeed,
    byReason,
    resolutionDays,
    medianWorkingDaysToResolution: median,
    notifications,
  }
}
