/**
 * Entering a stage (or the emergency route): the visit record with its deadlines computed now, from the
 * policy version the dispute follows, so that nothing later can move them.
 */
import type { Dispute, StageVisit } from '../../../shared/dispute'
import type { Policy } from '../../../shared/policy'
import { type WorkingCalendar, civilDateInLondon } from '../calendar'
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
    return { route: 'emergency', stage: null, ...common, due, steps }
  }
  const stage = policy.stages[position.stage - 1]
  if (!stage) throw new Error(`This policy has no stage ${position.stage}`)
  // Escalation starts this stage when the previous one ends, so the basis names that end: "from stage 2"
  // read as the day stage 2 began.
  const startLabel =
    entry.how === 'escalated' && entry.previousStage !== null
      ? `the end of stage ${entry.previousStage}`
      : `the start of stage ${stage.number}`
  const { due, steps } = scheduleOf(
    stage,
    {
      keyPrefix: `stage-${stage.number}`,
      title: `Stage ${stage.number}`,
      startedAt: entry.at,
      startLabel,
      disagreementOn: entry.disagreementOn,
    },
    cal,
  )
  return { route: 'stages', stage: stage.number, ...common, due, steps }
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
