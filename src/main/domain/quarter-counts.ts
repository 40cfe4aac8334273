/**
 * One quarter's figures (./reports.ts, `quarterlyFigures`) in two steps, so that the case log can keep the
 * first step stored and the Reports screen reads a few KB instead of every dispute that counts in the
 * quarter (issue #20: "quarterly figures, first after unlock ≤ 5 × the dashboard query").
 *
 * `countQuarter` keeps of the disputes only what the figures print, and nothing that depends on when, with
 * which calendar or with which policies they are read: the counts by stage reached, reason, agency and
 * notification; the disputes resolved (their opening and resolution days, not yet working days); and the
 * stage deadlines due in the quarter that were missed, or were still current when counted (missed once the
 * present is past them). `figuresFromCounts` finishes them with the present instant, the working-day
 * calendar, the policies' labels, the word for a stage and the disputes open at the quarter's end, as
 * `quarterlyFigures` does over the disputes themselves. A test holds the two steps to `quarterlyFigures`.
 *
 * Pure: no I/O, time passed in.
 */
import { z } from 'zod'
import type { Policy } from '../../shared/policy'
import { type WorkingCalendar, civilDateInLondon, countWorkingDays } from './calendar'
import { deadlineInstant } from './disputes/queries'
import type { QuarterlyDispute } from './quarterly-facts'
import {
  agencyKey,
  byCountThenLabel,
  highestStage,
  mean,
  median,
  openedOn,
  policyOf,
  quarterHeading,
  quarterBounds,
  reasonLabel,
  within,
  type QuarterNumber,
  type QuarterlyFigures,
} from './reports'

const Count = z.number().int().positive()
const Tally = z.number().int().nonnegative()
const Stage = z.number().int().min(1)
const PolicyVersion = z.strictObject({ id: z.string(), version: z.number().int() })

export const QuarterCounts = z.strictObject({
  /** Disputes opened in the quarter. */
  opened: Tally,
  /** Of those, how many reached each stage (or the emergency route) by the quarter's end. */
  stageReached: z.array(z.strictObject({ stage: z.union([Stage, z.literal('emergency')]), count: Count })),
  /** Of those, how many gave each reason, in the order first given; labelled from the policy of the first dispute that gave it. */
  reasons: z.array(z.strictObject({ id: z.string(), policy: PolicyVersion, count: Count })),
  /** Of those, how many were with each other agency (as agencyKey reads it), in the order first met, with its first spelling. */
  agencies: z.array(z.strictObject({ key: z.string(), label: z.string(), count: Count })),
  /** Each dispute resolved in the quarter, by reference: its policy, and the days its working days are counted between. */
  resolutions: z.array(z.strictObject({ reference: z.string(), policyId: z.string(), from: z.string(), to: z.string() })),
  withdrawn: Tally,
  /**
   * Stage deadlines due in the quarter and missed (the stage was left after them), or not yet settled (the
   * stage was current when counted: missed once the present is past `pendingUntil`), by day due.
   */
  deadlines: z.array(
    z.strictObject({
      reference: z.string(),
      policy: PolicyVersion,
      stage: Stage.nullable(),
      due: z.string(),
      pendingUntil: z.string().optional(),
    }),
  ),
  notificationsSent: Tally,
  notificationsNotNeeded: Tally,
})
export type QuarterCounts = z.infer<typeof QuarterCounts>

const dayNextTo = (day: string, by: 1 | -1): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + by * 86_400_000).toISOString().slice(0, 10)

/**
 * Whether an instant's civil day in England is within the bounds. England is never a day or more from UTC,
 * so the instant's civil day is its UTC day or one either side: where the UTC day is more than a day inside
 * or outside the bounds, that decides it without the time-zone conversion (tens of microseconds each when
 * not yet remembered, for hundreds of disputes a quarter, on a save's path).
 */
function instantWithin(at: string, b: { from: string; to: string; before: string; after: string }): boolean {
  const ms = Date.parse(at)
  if (!Number.isNaN(ms)) {
    const utcDay = new Date(ms).toISOString().slice(0, 10)
    if (utcDay > b.from && utcDay < b.to) return true
    if (utcDay < b.before || utcDay > b.after) return false
  }
  return within(civilDateInLondon(at), b)
}

const byDueThenReference = (a: { due: string; reference: string }, b: { due: string; reference: string }): number =>
  a.due.localeCompare(b.due) || a.reference.localeCompare(b.reference)
const byReference = (a: { reference: string }, b: { reference: string }): number => a.reference.localeCompare(b.reference)

/** What one quarter's figures keep of these disputes (every dispute of the vault, or those that count in the quarter). */
export function countQuarter(disputes: readonly QuarterlyDispute[], year: number, quarter: QuarterNumber): QuarterCounts {
  const quarterDays = quarterBounds(year, quarter)
  const bounds = { ...quarterDays, before: dayNextTo(quarterDays.from, -1), after: dayNextTo(quarterDays.to, 1) }
  // In the order they were raised, as quarterlyFigures takes them: the first spelling of an agency and the
  // policy a reason is labelled from are the earliest dispute's, whatever order the disputes come in.
  const openedIn = disputes
    .filter((d) => within(openedOn(d), bounds))
    .sort((a, b) => openedOn(a).localeCompare(openedOn(b)) || a.reference.localeCompare(b.reference))

  const stages = new Map<number | 'emergency', number>()
  const reasons = new Map<string, QuarterCounts['reasons'][number]>()
  const agencies = new Map<string, QuarterCounts['agencies'][number]>()
  for (const d of openedIn) {
    const s = highestStage(d, bounds.to)
    stages.set(s, (stages.get(s) ?? 0) + 1)
    for (const id of new Set(d.reasons.ids)) {
      const r = reasons.get(id)
      if (r) r.count++
      else reasons.set(id, { id, policy: { id: d.policy.id, version: d.policy.version }, count: 1 })
    }
    const k = agencyKey(d.otherAgency.agency)
    const a = agencies.get(k)
    if (a) a.count++
    else agencies.set(k, { key: k, label: d.otherAgency.agency.trim(), count: 1 })
  }

  const closedIn = (d: QuarterlyDispute) => d.closedAt !== null && instantWithin(d.closedAt, bounds)
  const resolutions = disputes
    .filter((d) => d.status === 'resolved' && d.outcome !== null && closedIn(d))
    .map((d) => ({ reference: d.reference, policyId: d.policy.id, from: openedOn(d), to: civilDateInLondon(d.outcome!.resolvedAt) }))
    .sort(byReference)

  const deadlines: QuarterCounts['deadlines'] = []
  for (const d of disputes) {
    for (const v of d.stageHistory) {
      if (v.due === null) continue
      if (v.due.deadline.kind === 'date' ? !within(v.due.deadline.date, bounds) : !instantWithin(v.due.deadline.at, bounds)) continue
      const due = v.due.deadline.kind === 'date' ? v.due.deadline.date : civilDateInLondon(v.due.deadline.at)
      const passes = deadlineInstant(v.due.deadline)
      // Left by the deadline: met, whenever the figures are read (stageDeadlineResult).
      if (v.leftAt !== null && Date.parse(v.leftAt) <= Date.parse(passes)) continue
      const policy = { id: d.policy.id, version: d.policy.version }
      deadlines.push({ reference: d.reference, policy, stage: v.stage, due, ...(v.leftAt === null ? { pendingUntil: passes } : {}) })
    }
  }
  deadlines.sort(byDueThenReference)

  return {
    opened: openedIn.length,
    stageReached: [...stages].map(([stage, count]) => ({ stage, count })),
    reasons: [...reasons.values()],
    agencies: [...agencies.values()],
    resolutions,
    withdrawn: disputes.filter((d) => d.status === 'withdrawn' && closedIn(d)).length,
    deadlines,
    notificationsSent: disputes.flatMap((d) => d.notificationsSent).filter((n) => within(n.sentOn, bounds)).length,
    notificationsNotNeeded: disputes.flatMap((d) => d.notificationsNotNeeded).filter((n) => instantWithin(n.recordedAt, bounds)).length,
  }
}

/**
 * The counts of one policy's disputes from the counts of all and that policy's tallies: its resolutions and
 * deadlines are those of all that name it, in the same order (sorted lists stay sorted when filtered).
 */
export function countsOfPolicy(all: QuarterCounts, policyId: string, tallies: Omit<QuarterCounts, 'resolutions' | 'deadlines'>): QuarterCounts {
  return { ...tallies, resolutions: all.resolutions.filter((r) => r.policyId === policyId), deadlines: all.deadlines.filter((d) => d.policy.id === policyId) }
}

export const noCounts = (): QuarterCounts => ({
  opened: 0,
  stageReached: [],
  reasons: [],
  agencies: [],
  resolutions: [],
  withdrawn: 0,
  deadlines: [],
  notificationsSent: 0,
  notificationsNotNeeded: 0,
})

export interface FinishOptions {
  year: number
  quarter: QuarterNumber
  calendar: WorkingCalendar
  /** The present instant (ISO UTC): a deadline not yet passed is not missed. */
  now: string
  /** For the labels of reasons and of the emergency route. */
  policies: readonly Policy[]
  /** What the disputes' policies call a stage (sharedStageWord over every dispute's policy). */
  stageWord: string
  /** Disputes opened by the quarter's end and not closed by it, of every dispute in the vault. */
  openAtQuarterEnd: number
}

/** The quarter's figures from its counts, as quarterlyFigures gives them without records. */
export function figuresFromCounts(counts: QuarterCounts, options: FinishOptions): QuarterlyFigures {
  const bounds = quarterBounds(options.year, options.quarter)
  const { policies, stageWord, now } = options
  const stageReached = counts.stageReached
    .map(({ stage, count }) => ({ key: stage, label: stage === 'emergency' ? 'Emergency route' : `${stageWord} ${stage}`, count }))
    .sort((a, b) => (a.key === 'emergency' ? -1 : b.key === 'emergency' ? 1 : (a.key as number) - (b.key as number)))
  const reasons = counts.reasons.map((r) => ({ key: r.id, label: reasonLabel(r, r.id, policies), count: r.count })).sort(byCountThenLabel)
  const agencies = counts.agencies.map((a) => ({ ...a })).sort(byCountThenLabel)
  const workingDaysToResolution = counts.resolutions
    .map((r) => ({ reference: r.reference, workingDays: countWorkingDays(r.from, r.to, options.calendar) }))
    .sort(byReference)
  const days = workingDaysToResolution.map((r) => r.workingDays)
  const present = Date.parse(now)
  const deadlinesMissed = counts.deadlines
    .filter((d) => d.pendingUntil === undefined || present > Date.parse(d.pendingUntil))
    .map((d) => ({
      reference: d.reference,
      position: d.stage !== null ? `${stageWord} ${d.stage}` : (policyOf(d, policies)?.emergencyRoute?.title ?? 'Emergency route'),
      due: d.due,
    }))
    .sort(byDueThenReference)
  return {
    ...quarterHeading(options.year, options.quarter, stageWord, bounds),
    complete: civilDateInLondon(now) > bounds.to,
    opened: counts.opened,
    stageReached,
    reasons,
    agencies,
    resolved: counts.resolutions.length,
    withdrawn: counts.withdrawn,
    workingDaysToResolution,
    medianWorkingDaysToResolution: median(days),
    meanWorkingDaysToResolution: mean(days),
    deadlinesMissed,
    openAtQuarterEnd: options.openAtQuarterEnd,
    notifications: { sent: counts.notificationsSent, notNeeded: counts.notificationsNotNeeded },
    records: null,
  }
}
