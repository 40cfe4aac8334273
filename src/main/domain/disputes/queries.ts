/**
 * What the screens ask of a dispute: where it is, what is due and on what basis, what is overdue, who
 * must still be told, and what stands in the way of the next step. `now` is an argument; nothing here
 * changes a dispute.
 *
 * Due soon: due today or on the next working day. Overdue by N: the working days after the deadline up
 * to and including today (a Friday deadline is 0 working days overdue on the Saturday, but overdue).
 */
import type { Deadline, Dispute, DueItem } from '../../../shared/dispute'
import { formatDate, formatDateTime } from '../../../shared/dates'
import type { Policy, RecordRequirement } from '../../../shared/policy'
import {
  type WorkingCalendar,
  civilDateInLondon,
  endOfWorkingDayInstant,
  isPastDue,
  nextWorkingDay,
  workingDaysOverdue,
} from '../calendar'
import { evaluateCondition } from '../policies/conditions'
import { findPolicy } from '../policies/registry'
import { requireRecordsApproved } from './gates'
import { finalStageRefusal } from './lifecycle'
import { enterRouteRefusal, handOverTarget } from './routes'
import { type NotificationOwed, notificationsOwed } from './notifications'
import type { DisputeContext, RecordGateView } from './results'
import { conditionContext, currentVisit, groupsApplying, overallApplies } from './schedule'
import { type PositionWords, emergencyRouteTitle, positionWordsOf, stageName, stageNameInSentence } from '../../../shared/policy-words'

export type DueState = 'pending' | 'dueSoon' | 'overdue' | 'done' | 'conditional'

export interface DueView extends DueItem {
  /** "3 Dec 2026", or "3 Dec 2026, 14:05" for a deadline in hours. */
  display: string
  state: DueState
  overdueByWorkingDays: number
  doneOn?: string
  /** For a step done: working days after its deadline (0: within timescale). */
  doneLateByWorkingDays?: number
}

export interface Blocker {
  code: string
  message: string
}

export interface DisputeStatus {
  id: string
  reference: string
  partnership: string
  status: Dispute['status']
  route: Dispute['route']
  stage: { number: number; title: string; parties: string } | null
  /** "Stage 2 — Management finding solutions", or the emergency route's title. */
  position: string
  /** What the policy calls a stage ("Step") and its emergency route, for the screens. */
  words: PositionWords
  /** The live deadlines: the current stage and its steps, the whole process, requested routes. */
  dueDates: DueView[]
  /** The earliest deadline not yet done (conditional steps aside). */
  nextDeadline: DueView | null
  dueSoon: boolean
  overdue: boolean
  overdueByWorkingDays: number
  notificationsOwed: NotificationOwed[]
  /** What stops the next step (escalation or resolution) right now. */
  blockers: Blocker[]
  canEscalate: boolean
  nextStage: { number: number; title: string; entryChecks: { id: string; question: string }[] } | null
  /** Any-stage options and exceptional routes open to the dispute now. */
  available: { kind: 'anyStageOption' | 'exceptionalRoute'; id: string; title: string }[]
  /** What the policy says to record at this point. */
  mustRecord: RecordRequirement[]
  /** For urgent triage: the policy's instruction for a child in danger. */
  urgentGuidance: string | null
  /**
   * The live clock of hours (the emergency route's window of harm, a timescale in hours): the earliest
   * deadline not yet done that is an instant, for the screens to count down to. Null where none is running.
   */
  countdown: DueView | null
  /** The moves between the ordinary stages and the emergency route open to the dispute now. */
  routeMoves: RouteMoves
  history: {
    position: string
    enteredOn: string
    leftOn: string | null
    due: string | null
    basis: string | null
  }[]
}

export interface RouteMoves {
  /** The route's title and when the policy says to use it, where the dispute can take it now (from an ordinary stage). */
  enter: { title: string; trigger: string } | null
  /** Where the route hands the dispute over to, while it is on the route and the policy names a stage. */
  handOver: { number: number; title: string; name: string; entryChecks: { id: string; question: string }[] } | null
  /** Whether the hand-over can be made now (no record awaits approval). */
  canHandOver: boolean
}

/** The instant a deadline passes, for ordering. */
export function deadlineInstant(d: Deadline): string {
  return d.kind === 'date' ? endOfWorkingDayInstant(d.date) : d.at
}

/** Whether a deadline falls on a civil day in England: "due today" on the dashboard. */
export function deadlineFallsOn(d: Deadline, day: string): boolean {
  return (d.kind === 'date' ? d.date : civilDateInLondon(d.at)) === day
}

export function displayDeadline(d: Deadline): string {
  return d.kind === 'date' ? formatDate(d.date) : formatDateTime(d.at)
}

export function viewDue(item: DueItem, dispute: Dispute, now: string, cal: WorkingCalendar): DueView {
  const today = civilDateInLondon(now)
  const base = { ...item, display: displayDeadline(item.deadline), overdueByWorkingDays: 0 }
  const done = dispute.stepsDone.find((s) => s.key === item.key)
  if (done) {
    const dueOn = item.deadline.kind === 'date' ? item.deadline.date : civilDateInLondon(item.deadline.at)
    const late = done.doneOn > dueOn ? workingDaysOverdue(dueOn, done.doneOn, cal) : 0
    return { ...base, state: 'done', doneOn: done.doneOn, doneLateByWorkingDays: late }
  }
  if (item.onlyIf !== undefined) return { ...base, state: 'conditional' }
  const dueDate = item.deadline.kind === 'date' ? item.deadline.date : civilDateInLondon(item.deadline.at)
  const passed =
    item.deadline.kind === 'date'
      ? isPastDue(item.deadline.date, today)
      : Date.parse(now) > Date.parse(item.deadline.at)
  if (passed)
    return { ...base, state: 'overdue', overdueByWorkingDays: workingDaysOverdue(dueDate, today, cal) }
  const soon = dueDate === today || dueDate === nextWorkingDay(today, cal)
  return { ...base, state: soon ? 'dueSoon' : 'pending' }
}

function positionOf(dispute: Dispute, policy: Policy): string {
  if (dispute.route === 'emergency') return emergencyRouteTitle(policy)
  const stage = policy.stages[(dispute.currentStage ?? 1) - 1]
  return `${stageName(policy, stage.number)} — ${stage.title}`
}

export function disputeStatus(dispute: Dispute, ctx: DisputeContext): DisputeStatus {
  const { policy, calendar, now } = ctx
  const open = dispute.status === 'open'
  const visit = currentVisit(dispute)
  const stage =
    dispute.currentStage !== null && dispute.route === 'stages'
      ? policy.stages[dispute.currentStage - 1]
      : null

  // A closed dispute has nothing due, but the steps its outcome completed (the written confirmation, say)
  // are still shown done, on their dates.
  const live: DueItem[] = open
    ? [
        ...(visit.due ? [visit.due] : []),
        ...visit.steps,
        ...(visit.harmClock ? [visit.harmClock] : []),
        ...(dispute.overall && overallApplies(dispute, policy) ? [dispute.overall] : []),
        ...groupsApplying(dispute, policy),
        ...dispute.requests.flatMap((r) => r.steps),
      ]
    : visit.steps.filter((s) => dispute.stepsDone.some((d) => d.key === s.key))
  const dueDates = live.map((item) => viewDue(item, dispute, now, calendar))
  const waiting = dueDates
    .filter((d) => d.state !== 'done' && d.state !== 'conditional')
    .sort((a, b) => Date.parse(deadlineInstant(a.deadline)) - Date.parse(deadlineInstant(b.deadline)))
  const overdueBy = Math.max(
    0,
    ...waiting.filter((d) => d.state === 'overdue').map((d) => d.overdueByWorkingDays),
  )

  const blockers: Blocker[] = []
  let canEscalate = false
  let nextStage: DisputeStatus['nextStage'] = null
  if (open) {
    const drafts = requireRecordsApproved(ctx.records, 'escalate or resolve the dispute')
    if (drafts) blockers.push({ code: drafts.error.code, message: drafts.error.message })
    const final = finalStageRefusal(dispute, ctx)
    if (final && !final.ok) blockers.push({ code: final.error.code, message: final.error.message })
    if (!final && dispute.currentStage !== null) {
      const next = policy.stages[dispute.currentStage]
      nextStage = {
        number: next.number,
        title: next.title,
        entryChecks: next.entryChecks.map((c) => ({ id: c.id, question: c.question })),
      }
      if (next.entryChecks.length > 0) {
        blockers.push({
          code: 'entry-check',
          message: `Before ${stageNameInSentence(policy, next.number)}, confirm: ${next.entryChecks.map((c) => c.question).join(' ')}`,
        })
      }
    }
    canEscalate = !final && !drafts
  }
  const route = policy.emergencyRoute
  const handOver = open ? handOverTarget(dispute, policy) : null
  const routeMoves: RouteMoves = {
    enter: open && route && enterRouteRefusal(dispute, policy) === null ? { title: route.title, trigger: route.trigger } : null,
    handOver,
    canHandOver: handOver !== null && requireRecordsApproved(ctx.records, '') === null,
  }

  const facts = conditionContext(dispute)
  const available: DisputeStatus['available'] = open
    ? [
        ...policy.anyStageOptions
          .filter((o) => evaluateCondition(o.availableWhen, facts, policy).holds)
          .map((o) => ({ kind: 'anyStageOption' as const, id: o.id, title: o.title })),
        ...policy.exceptionalRoutes
          .filter(
            (r) => dispute.route === 'stages' && evaluateCondition(r.availableWhen, facts, policy).holds,
          )
          .filter((r) => !dispute.requests.some((q) => q.optionId === r.id))
          .map((r) => ({ kind: 'exceptionalRoute' as const, id: r.id, title: r.title })),
      ]
    : []

  const mustRecord = [
    ...(dispute.route === 'emergency'
      ? (policy.emergencyRoute?.mustRecord ?? [])
      : (stage?.mustRecord ?? [])),
    ...policy.recordKeeping,
  ]

  return {
    id: dispute.id,
    reference: dispute.reference,
    partnership: dispute.policy.partnership,
    status: dispute.status,
    route: dispute.route,
    stage: stage ? { number: stage.number, title: stage.title, parties: stage.parties } : null,
    position: positionOf(dispute, policy),
    words: positionWordsOf(policy),
    dueDates,
    nextDeadline: waiting[0] ?? null,
    dueSoon: waiting.some((d) => d.state === 'dueSoon'),
    overdue: waiting.some((d) => d.state === 'overdue'),
    overdueByWorkingDays: overdueBy,
    notificationsOwed: notificationsOwed(dispute, policy),
    blockers,
    canEscalate,
    nextStage,
    available,
    mustRecord,
    urgentGuidance:
      dispute.triage.level !== 'standard' ? (policy.immediateDanger?.instruction ?? null) : null,
    countdown: waiting.find((d) => d.deadline.kind === 'instant') ?? null,
    routeMoves,
    history: dispute.stageHistory.map((v) => ({
      position:
        v.route === 'emergency' ? emergencyRouteTitle(policy) : stageName(policy, v.stage ?? 1),
      enteredOn: v.enteredOn,
      leftOn: v.leftAt !== null ? civilDateInLondon(v.leftAt) : null,
      due: v.due ? displayDeadline(v.due.deadline) : null,
      basis: v.due?.basis ?? null,
    })),
  }
}

export interface DashboardRow {
  status: DisputeStatus | null
  id: string
  reference: string
  /** Set when the dispute's policy version is not installed: the row cannot show deadlines. */
  problem?: string
}

/**
 * Every open dispute, the most urgent first: ordered by next deadline (overdue ones are earliest), then
 * those with no deadline, then by reference.
 */
export function dashboard(
  disputes: readonly Dispute[],
  ctx: {
    policies: readonly Policy[]
    now: string
    calendar: WorkingCalendar
    recordsOf?: (disputeId: string) => readonly RecordGateView[]
  },
): DashboardRow[] {
  const rows: (DashboardRow & { sortKey: number })[] = []
  for (const d of disputes) {
    if (d.status !== 'open') continue
    const policy = findPolicy(ctx.policies, d.policy.id, d.policy.version)
    if (!policy) {
      rows.push({
        status: null,
        id: d.id,
        reference: d.reference,
        problem: `Version ${d.policy.version} of the ${d.policy.partnership} policy is not installed: import it to see this dispute's deadlines.`,
        sortKey: -Infinity,
      })
      continue
    }
    const status = disputeStatus(d, {
      policy,
      now: ctx.now,
      calendar: ctx.calendar,
      records: ctx.recordsOf?.(d.id) ?? [],
    })
    const sortKey = status.nextDeadline ? Date.parse(deadlineInstant(status.nextDeadline.deadline)) : Infinity
    rows.push({ status, id: d.id, reference: d.reference, sortKey })
  }
  rows.sort((a, b) =>
    a.sortKey === b.sortKey ? a.reference.localeCompare(b.reference) : a.sortKey < b.sortKey ? -1 : 1,
  )
  return rows.map(({ sortKey: _sortKey, ...row }) => row)
}
