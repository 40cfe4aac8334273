/**
 * Entering a stage (or the emergency route): the visit record with its deadlines computed now, from the
 * policy version the dispute follows, so that nothing later can move them.
 */
import type { Dispute, DueItem, StageVisit } from '../../../shared/dispute'
import type { EmergencyRoute, GroupTimescale, Policy } from '../../../shared/policy'
import { amountInWords, emergencyRouteTitle, stageName, stageNameInSentence } from '../../../shared/policy-words'
import { formatDateTime } from '../../../shared/dates'
import { type WorkingCalendar, addHours, civilDateInLondon } from '../calendar'
import type { ConditionContext } from '../policies/conditions'
import { scheduleOf } from '../policies/timescales'

export type Position = { route: 'stages'; stage: number } | { route: 'emergency' }

export function enterPosition(
  policy: Policy,
  position: Position,
  entry: {
    how: StageVisit['how']
    at: string
    by: string
    disagreementOn: string
    previousStage: number | null
    reason?: string
  },
  cal: WorkingCalendar,
): StageVisit {
  const common = {
    how: entry.how,
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    enteredAt: entry.at,
    enteredOn: civilDateInLondon(entry.at),
    enteredBy: entry.by,
    leftAt: null,
    // Who is involved is recorded by the move that enters the stage (escalate) or later, never guessed here.
    ourSide: null,
    theirSide: null,
  }
  if (position.route === 'emergency') {
    const route = policy.emergencyRoute
    if (!route) throw new Error('This policy has no emergency route')
    const { due, steps } = scheduleOf(
      route,
      {
        keyPrefix: 'emergency',
        title: route.title,
        startedAt: entry.at,
        startLabel: 'the start of the emergency route',
        disagreementOn: entry.disagreementOn,
      },
      cal,
    )
    const harmClock = harmClockOf(route, entry.at)
    return { route: 'emergency', stage: null, ...common, due, steps, ...(harmClock ? { harmClock } : {}) }
  }
  const stage = policy.stages[position.stage - 1]
  if (!stage) throw new Error(`This policy has no stage ${position.stage}`)
  // Escalation starts this stage when the previous one ends, so the basis names that end: "from stage 2"
  // read as the day stage 2 began.
  const startLabel =
    entry.how === 'handedOver'
      ? `the end of the ${emergencyRouteTitle(policy)}`
      : entry.how === 'escalated' && entry.previousStage !== null
        ? `the end of ${stageNameInSentence(policy, entry.previousStage)}`
        : `the start of ${stageNameInSentence(policy, stage.number)}`
  const { due, steps } = scheduleOf(
    stage,
    {
      keyPrefix: `stage-${stage.number}`,
      title: stageName(policy, stage.number),
      startedAt: entry.at,
      startLabel,
      disagreementOn: entry.disagreementOn,
    },
    cal,
  )
  return { route: 'stages', stage: stage.number, ...common, due, steps }
}

/**
 * The instant the route's window of expected harm closes ("likely to suffer significant harm within the
 * next 24 hours"): that many real hours from entering the route. Null where the policy gives no hours.
 */
export function harmClockOf(route: EmergencyRoute, enteredAt: string): DueItem | null {
  if (route.harmWithinHours === undefined) return null
  const hours = route.harmWithinHours
  const label = `${route.title}: harm expected within ${amountInWords({ amount: hours, unit: 'hours' })}`
  return {
    key: 'emergency/harm-clock',
    label,
    deadline: { kind: 'instant', at: addHours(enteredAt, hours) },
    basis: `${label}: ${amountInWords({ amount: hours, unit: 'hours' })} from taking the route at ${formatDateTime(enteredAt)}`,
    wording: route.trigger,
  }
}

/** The deadline of the policy's overall timescale (a limit for the whole process, or a target for part of it). */
export function overallDue(
  policy: Policy,
  openedAt: string,
  disagreementOn: string,
  cal: WorkingCalendar,
): Dispute['overall'] {
  const overall = policy.overallTimescale
  if (!overall) return null
  return scheduleOf(
    { timescale: overall, steps: [] },
    {
      keyPrefix: 'overall',
      title: overall.title ?? (overall.meaning === 'target' ? 'Target' : 'Whole process'),
      startedAt: openedAt,
      startLabel: 'the start of the dispute',
      disagreementOn,
    },
    cal,
  ).due
}

export function currentVisit(dispute: Dispute): StageVisit {
  return dispute.stageHistory[dispute.stageHistory.length - 1]
}

/** The facts the policy's conditions test, as they stand at a given visit (default: the current one). */
export function conditionContext(
  dispute: Dispute,
  visit: StageVisit = currentVisit(dispute),
): ConditionContext {
  return {
    stage: visit.stage,
    route: visit.route,
    triage: dispute.triage.level,
    childCircumstances: dispute.childCircumstances,
    resolved: dispute.status === 'resolved',
    lessonsToForward: (dispute.outcome?.lessonsToForward ?? '').trim() !== '',
  }
}

/**
 * Whether the overall deadline still applies to the dispute as it stands: a limit always does while the
 * dispute is open; a target only up to the end of the stage it covers (`untilStage`).
 */
export function overallApplies(dispute: Dispute, policy: Policy): boolean {
  const overall = policy.overallTimescale
  if (!overall || overall.meaning !== 'target' || overall.untilStage === undefined) return true
  return dispute.route !== 'stages' || (dispute.currentStage ?? 1) <= overall.untilStage
}

/** "Step 1 to step 5": a group timescale's own title, or its run of stages in the policy's word. */
export function groupTitle(policy: Policy, group: GroupTimescale): string {
  return group.title ?? `${stageName(policy, group.fromStage)} to ${stageNameInSentence(policy, group.toStage)}`
}

const inGroup = (group: GroupTimescale, stage: number | null): boolean =>
  stage !== null && stage >= group.fromStage && stage <= group.toStage

/**
 * The dispute with a deadline for every group timescale whose run of stages it has just entered: counted
 * from the start of the first stage of the run it reached (or from the disagreement, where the policy
 * says so), on the calendar of that entry. A group already started keeps its deadline, so moving between
 * its stages never moves it.
 */
export function withGroupsEntered(dispute: Dispute, policy: Policy, cal: WorkingCalendar): Dispute {
  const visit = currentVisit(dispute)
  if (visit.route !== 'stages') return dispute
  const have = new Set((dispute.groupsDue ?? []).map((g) => g.key))
  const added: DueItem[] = []
  for (const group of policy.groupTimescales) {
    const key = `group/${group.id}`
    if (have.has(key) || !inGroup(group, visit.stage)) continue
    const due = scheduleOf(
      { timescale: group.timescale, steps: [] },
      {
        keyPrefix: key,
        title: groupTitle(policy, group),
        startedAt: visit.enteredAt,
        startLabel: `the start of ${stageNameInSentence(policy, visit.stage!)}`,
        disagreementOn: dispute.disagreementOn,
      },
      cal,
    ).due
    if (due) added.push(due)
  }
  return added.length === 0 ? dispute : { ...dispute, groupsDue: [...(dispute.groupsDue ?? []), ...added] }
}

/** The group deadlines that apply to the dispute as it stands: those whose run of stages it is in now. */
export function groupsApplying(dispute: Dispute, policy: Policy): DueItem[] {
  if (dispute.route !== 'stages') return []
  return (dispute.groupsDue ?? []).filter((item) => {
    const group = policy.groupTimescales.find((g) => `group/${g.id}` === item.key)
    return group !== undefined && inGroup(group, dispute.currentStage)
  })
}
