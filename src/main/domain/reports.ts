/**
 * Trends for the partnership's review: Solihull (seed 001) — "The SSCP will review notifications
 * quarterly to identify any trends to inform learning." — and whether each stage's deadline was met,
 * which the escalation record and the meeting pack show beside every stage.
 *
 * Quarters are calendar quarters (January to March, April to June…), named by their months ("Oct–Dec 2026")
 * rather than "Q4 2026", because partnerships number quarters by the financial year (the quarterly return's
 * "Q3 2026/27" is the same three months). Days are civil dates in England: a dispute opened at 00:30 BST
 * on 1 April belongs to Apr–Jun.
 *
 * Pure: no I/O, time passed in.
 */
import type { Dispute, DueItem, StageVisit } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import type { Policy } from '../../shared/policy'
import { stageWordOf } from '../../shared/policy-words'
import type { ContactRecord } from '../../shared/records'
import { type WorkingCalendar, civilDateInLondon, countWorkingDays } from './calendar'
import { deadlineInstant } from './disputes/queries'
import { isRetrospective } from './records/describe'
import type { QuarterlyDispute } from './quarterly-facts'

// ── was a deadline met? ──────────────────────────────────────────────────────────────────────────

export type DeadlineResult =
  | { state: 'no-deadline' }
  /** Left (or done) on or before the deadline. */
  | { state: 'met' }
  /** The deadline passed while the stage was still current (or the step not done). */
  | { state: 'missed'; stillOpen: boolean }
  /** Current, and the deadline has not yet passed. */
  | { state: 'pending' }
  /** A step that applies only in some cases ("Where a resolution is reached"), not done: never missed. */
  | { state: 'conditional' }

/** Whether a stage (or the emergency route) was left before its own deadline passed. */
export function stageDeadlineResult(visit: Pick<StageVisit, 'leftAt'> & { due: Pick<DueItem, 'deadline'> | null }, now: string): DeadlineResult {
  if (visit.due === null) return { state: 'no-deadline' }
  const passes = Date.parse(deadlineInstant(visit.due.deadline))
  if (visit.leftAt !== null) {
    return Date.parse(visit.leftAt) <= passes ? { state: 'met' } : { state: 'missed', stillOpen: false }
  }
  return Date.parse(now) > passes ? { state: 'missed', stillOpen: true } : { state: 'pending' }
}

/** Whether a step of a stage was recorded as done by its deadline. */
export function stepDeadlineResult(step: DueItem, dispute: Dispute, now: string): DeadlineResult {
  const done = dispute.stepsDone.find((s) => s.key === step.key)
  const dueDate = step.deadline.kind === 'date' ? step.deadline.date : civilDateInLondon(step.deadline.at)
  if (done) return done.doneOn <= dueDate ? { state: 'met' } : { state: 'missed', stillOpen: false }
  if (step.onlyIf !== undefined) return { state: 'conditional' }
  const passed = Date.parse(now) > Date.parse(deadlineInstant(step.deadline))
  return passed ? { state: 'missed', stillOpen: dispute.status === 'open' } : { state: 'pending' }
}

// ── quarterly figures ────────────────────────────────────────────────────────────────────────────

export type QuarterNumber = 1 | 2 | 3 | 4

export interface QuarterlyOptions {
  year: number
  quarter: QuarterNumber
  calendar: WorkingCalendar
  /** The present instant (ISO UTC): a deadline not yet passed is not missed. */
  now: string
  /** To label reasons for escalation; a reason whose policy is not given is labelled by its id. */
  policies?: readonly Policy[]
  /**
   * When `disputes` are only those that count in the quarter (the case log's quarter documents): the two
   * figures that depend on every dispute — the policies they follow (for the word for a stage) and how many
   * were open at the quarter's end.
   */
  wholeVault?: { policies: readonly { policy: Pick<QuarterlyDispute['policy'], 'id' | 'version'> }[]; openAtQuarterEnd: number }
}

export interface Count<K> {
  key: K
  label: string
  count: number
}

export interface QuarterlyFigures {
  year: number
  quarter: QuarterNumber
  /** "Jan–Mar 2027": a calendar quarter by its months, never "Q1", which partnerships use for financial quarters. */
  label: string
  /** What the disputes' policies call a stage ("Step"); "Stage" where they differ or none is known. */
  stageWord: string
  /** "January to March 2027" */
  months: string
  /** First and last civil dates of the quarter. */
  from: string
  to: string
  /** Whether the quarter had ended by `now`: otherwise the figures are so far. */
  complete: boolean
  /** Disputes opened in the quarter. */
  opened: number
  /** Of the disputes opened in the quarter, the highest stage each reached by the quarter's end. */
  stageReached: Count<number | 'emergency'>[]
  /** Of the disputes opened in the quarter, how many gave each reason (a dispute counts once per reason). */
  reasons: Count<string>[]
  /** Of the disputes opened in the quarter, how many were with each other agency. */
  agencies: Count<string>[]
  /** Disputes resolved in the quarter. */
  resolved: number
  /** Disputes withdrawn in the quarter. */
  withdrawn: number
  /** For each dispute resolved in the quarter: working days from opening to resolution. */
  workingDaysToResolution: { reference: string; workingDays: number }[]
  medianWorkingDaysToResolution: number | null
  meanWorkingDaysToResolution: number | null
  /** Stage deadlines that passed in the quarter before the stage was left. */
  deadlinesMissed: { reference: string; position: string; due: string }[]
  /** Disputes opened by the quarter's end and not closed by it. */
  openAtQuarterEnd: number
  /**
   * Notifications the policies asked for, settled in the quarter: recorded as sent (by the day sent), or
   * recorded as not needed with a reason (by the day that was recorded) — a duty waived is counted as
   * such, never as sent.
   */
  notifications: { sent: number; notNeeded: number }
  /** When records are given: approved contact records of contacts in the quarter, and how many were late. */
  records: { approved: number; retrospective: number } | null
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

export function quarterBounds(year: number, quarter: QuarterNumber): { from: string; to: string } {
  if (!Number.isInteger(year) || year < 2000 || year > 2200 || ![1, 2, 3, 4].includes(quarter)) {
    throw new AppError('quarter-invalid', 'Choose a quarter (1 to 4) of a year from 2000.', {
      field: 'quarter',
    })
  }
  const firstMonth = (quarter - 1) * 3 + 1
  const lastMonth = firstMonth + 2
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate()
  const pad = (n: number) => String(n).padStart(2, '0')
  return { from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}` }
}

/** The quarter a civil date falls in. */
export function quarterOf(civilDate: string): { year: number; quarter: QuarterNumber } {
  const month = Number(civilDate.slice(5, 7))
  return { year: Number(civilDate.slice(0, 4)), quarter: (Math.floor((month - 1) / 3) + 1) as QuarterNumber }
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "Oct–Dec 2026": a calendar quarter by its months. */
export function calendarQuarterLabel(year: number, quarter: QuarterNumber): string {
  const first = (quarter - 1) * 3
  return `${SHORT_MONTHS[first]}–${SHORT_MONTHS[first + 2]} ${year}`
}

/** How a quarter's figures name it: the year, the quarter, its labels and its first and last days. */
export function quarterHeading(year: number, quarter: QuarterNumber, stageWord: string, bounds: { from: string; to: string }) {
  const firstMonth = (quarter - 1) * 3
  return {
    year,
    quarter,
    label: calendarQuarterLabel(year, quarter),
    stageWord,
    months: `${MONTH_NAMES[firstMonth]} to ${MONTH_NAMES[firstMonth + 2]} ${year}`,
    from: bounds.from,
    to: bounds.to,
  }
}

export const within = (date: string, b: { from: string; to: string }) => date >= b.from && date <= b.to

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10
}

function tally<K>(keys: { key: K; label: string }[]): Count<K>[] {
  const counts = new Map<K, Count<K>>()
  for (const { key, label } of keys) {
    const c = counts.get(key)
    if (c) c.count++
    else counts.set(key, { key, label, count: 1 })
  }
  return [...counts.values()]
}

export const byCountThenLabel = <K>(a: Count<K>, b: Count<K>) =>
  b.count - a.count || a.label.localeCompare(b.label, 'en-GB')

export function openedOn(d: QuarterlyDispute): string {
  return d.stageHistory[0]?.enteredOn ?? civilDateInLondon(d.openedAt)
}

export function highestStage(d: QuarterlyDispute, by: string): number | 'emergency' {
  const visits = d.stageHistory.filter((v) => v.enteredOn <= by)
  const stages = visits.map((v) => v.stage).filter((s): s is number => s !== null)
  if (stages.length > 0) return Math.max(...stages)
  return visits.some((v) => v.route === 'emergency') || d.route === 'emergency' ? 'emergency' : 1
}

/** Agencies are typed by people: "Northfield Children's Services" and "northfield children’s services " are one. */
export const agencyKey = (a: string): string => a.trim().replace(/\s+/g, ' ').replace(/’/g, "'").toLowerCase()

export type PolicyRef = { policy: Pick<QuarterlyDispute['policy'], 'id' | 'version'> }

export function policyOf(d: PolicyRef, policies: readonly Policy[]): Policy | undefined {
  return policies.find((p) => p.id === d.policy.id && p.version === d.policy.version) ?? policies.find((p) => p.id === d.policy.id)
}

export function reasonLabel(d: PolicyRef, id: string, policies: readonly Policy[]): string {
  return policyOf(d, policies)?.reasonsForEscalation.find((r) => r.id === id)?.label ?? id
}

/** The one stage word the disputes' policies share ("Step"), else "Stage". */
export function sharedStageWord(disputes: readonly PolicyRef[], policies: readonly Policy[]): string {
  const words = new Set(disputes.map((d) => { const p = policyOf(d, policies); return p ? stageWordOf(p) : 'Stage' }))
  if (words.size === 0) {
    const all = new Set(policies.map(stageWordOf))
    return all.size === 1 ? [...all][0] : 'Stage'
  }
  return words.size === 1 ? [...words][0] : 'Stage'
}

/**
 * The figures for one quarter, from every dispute in the vault (those of other quarters are ignored):
 * whole disputes, or their quarterly facts as the case log's summaries keep them.
 */
export function quarterlyFigures(
  disputes: readonly QuarterlyDispute[],
  records: readonly ContactRecord[] | undefined,
  options: QuarterlyOptions,
): QuarterlyFigures {
  const bounds = quarterBounds(options.year, options.quarter)
  const policies = options.policies ?? []
  const now = options.now
  const today = civilDateInLondon(now)

  // In the order they were raised, so that an agency's first spelling is the same whatever order the
  // disputes come in (from the archives, or from the year summaries).
  const openedIn = disputes
    .filter((d) => within(openedOn(d), bounds))
    .sort((a, b) => openedOn(a).localeCompare(openedOn(b)) || a.reference.localeCompare(b.reference))
  const stageWord = sharedStageWord(options.wholeVault?.policies ?? disputes, policies)

  const stageReached = tally(
    openedIn.map((d) => {
      const s = highestStage(d, bounds.to)
      return { key: s, label: s === 'emergency' ? 'Emergency route' : `${stageWord} ${s}` }
    }),
  ).sort((a, b) =>
    a.key === 'emergency' ? -1 : b.key === 'emergency' ? 1 : (a.key as number) - (b.key as number),
  )

  const reasons = tally(
    openedIn.flatMap((d) =>
      [...new Set(d.reasons.ids)].map((id) => ({ key: id, label: reasonLabel(d, id, policies) })),
    ),
  ).sort(byCountThenLabel)

  const agencyLabels = new Map<string, string>()
  for (const d of openedIn) {
    const k = agencyKey(d.otherAgency.agency)
    if (!agencyLabels.has(k)) agencyLabels.set(k, d.otherAgency.agency.trim())
  }
  const agencies = tally(
    openedIn.map((d) => {
      const k = agencyKey(d.otherAgency.agency)
      return { key: k, label: agencyLabels.get(k) ?? k }
    }),
  ).sort(byCountThenLabel)

  const closedIn = (d: QuarterlyDispute) => d.closedAt !== null && within(civilDateInLondon(d.closedAt), bounds)
  const resolvedIn = disputes.filter((d) => d.status === 'resolved' && d.outcome !== null && closedIn(d))
  const withdrawnIn = disputes.filter((d) => d.status === 'withdrawn' && closedIn(d))
  const workingDaysToResolution = resolvedIn
    .map((d) => ({
      reference: d.reference,
      workingDays: countWorkingDays(openedOn(d), civilDateInLondon(d.outcome!.resolvedAt), options.calendar),
    }))
    .sort((a, b) => a.reference.localeCompare(b.reference))
  const days = workingDaysToResolution.map((r) => r.workingDays)

  const deadlinesMissed: QuarterlyFigures['deadlinesMissed'] = []
  for (const d of disputes) {
    for (const v of d.stageHistory) {
      if (v.due === null) continue
      const dueDate = v.due.deadline.kind === 'date' ? v.due.deadline.date : civilDateInLondon(v.due.deadline.at)
      if (!within(dueDate, bounds)) continue
      if (stageDeadlineResult(v, now).state !== 'missed') continue
      deadlinesMissed.push({
        reference: d.reference,
        position: v.stage !== null ? `${stageWord} ${v.stage}` : (policyOf(d, policies)?.emergencyRoute?.title ?? 'Emergency route'),
        due: dueDate,
      })
    }
  }
  deadlinesMissed.sort((a, b) => a.due.localeCompare(b.due) || a.reference.localeCompare(b.reference))

  const openAtQuarterEnd =
    options.wholeVault?.openAtQuarterEnd ??
    disputes.filter((d) => openedOn(d) <= bounds.to && (d.closedAt === null || civilDateInLondon(d.closedAt) > bounds.to)).length

  const notifications = {
    sent: disputes.flatMap((d) => d.notificationsSent).filter((n) => within(n.sentOn, bounds)).length,
    notNeeded: disputes
      .flatMap((d) => d.notificationsNotNeeded)
      .filter((n) => within(civilDateInLondon(n.recordedAt), bounds)).length,
  }

  const recordFigures =
    records === undefined
      ? null
      : (() => {
          const approved = records.filter(
            (r) => r.status === 'approved' && within(civilDateInLondon(r.occurredAt), bounds),
          )
          return { approved: approved.length, retrospective: approved.filter(isRetrospective).length }
        })()

  return {
    ...quarterHeading(options.year, options.quarter, stageWord, bounds),
    complete: today > bounds.to,
    opened: openedIn.length,
    stageReached,
    reasons,
    agencies,
    resolved: resolvedIn.length,
    withdrawn: withdrawnIn.length,
    workingDaysToResolution,
    medianWorkingDaysToResolution: median(days),
    meanWorkingDaysToResolution: mean(days),
    deadlinesMissed,
    openAtQuarterEnd,
    notifications,
    records: recordFigures,
  }
}

/** The quarter before: Jan–Mar 2027 → Oct–Dec 2026. */
export function previousQuarter(q: { year: number; quarter: QuarterNumber }): {
  year: number
  quarter: QuarterNumber
} {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as QuarterNumber }
}
