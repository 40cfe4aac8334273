/**
 * Opening a dispute: triage decides where it starts.
 * - Immediate danger: the 999 call must be recorded, with its time, before anything else.
 * - Immediate danger or significant harm soon, where the policy has an emergency route (Solihull's rapid
 *   resolution): the dispute starts on that route.
 * - Otherwise stage 1, or a later stage with a recorded reason where the policy allows that discretion.
 */
import { DISPUTE_FORMAT, type Dispute } from '../../../shared/dispute'
import { OpenDisputeInput } from '../../../shared/dispute-inputs'
import { formatDate, formatDateTime } from '../../../shared/dates'
import type { Policy } from '../../../shared/policy'
import { civilDateInLondon } from '../calendar'
import { describeCondition, evaluateCondition, knownCircumstances } from '../policies/conditions'
import { eventTime } from './gates'
import { type DisputeContext, type Transition, parseInput, refuse } from './results'
import { type Position, enterPosition, overallDue, withGroupsEntered } from './schedule'
import { periodsFrom } from './circumstances'

/** Checks reason ids against the policy's list; a reason that needs detail needs the free text. */
export function checkReasons(
  policy: Policy,
  reasons: { ids: string[]; text?: string | undefined },
  field = 'reasons',
): Transition | null {
  const known = new Map(policy.reasonsForEscalation.map((r) => [r.id, r]))
  for (const id of reasons.ids) {
    if (!known.has(id)) {
      return refuse(
        'reason-unknown',
        policy.reasonsForEscalation.length === 0
          ? `The ${policy.partnership} policy has no list of reasons: describe the reason in your own words instead.`
          : `“${id}” is not one of the reasons in the ${policy.partnership} policy.`,
        { field: `${field}.ids` },
      )
    }
  }
  const text = (reasons.text ?? '').trim()
  const needing = reasons.ids.map((id) => known.get(id)!).find((r) => r.needsDetail)
  if (needing && text === '') {
    return refuse(
      'reason-detail-missing',
      `You ticked “${needing.label}”: give brief details of the reason.`,
      { field: `${field}.text` },
    )
  }
  if (reasons.ids.length === 0 && text === '') {
    return refuse(
      'reason-missing',
      policy.reasonsForEscalation.length > 0
        ? 'Choose at least one reason for escalation, or describe it.'
        : 'Describe the reason for escalation.',
      { field },
    )
  }
  return null
}

export function checkCircumstances(policy: Policy, ids: readonly string[]): Transition | null {
  const known = new Set(knownCircumstances(policy).map((c) => c.id))
  const unknown = ids.find((id) => !known.has(id))
  if (unknown === undefined) return null
  return refuse(
    'circumstance-unknown',
    `“${unknown}” is not a circumstance of a child that this policy knows about.`,
    {
      field: 'childCircumstances',
    },
  )
}

export function openDispute(
  rawInput: OpenDisputeInput,
  ctx: DisputeContext & { id: string; reference: string },
): Transition {
  const parsed = parseInput(OpenDisputeInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const { policy, calendar } = ctx

  const time = eventTime(null, input.at, ctx)
  if (!time.ok) return time
  const openedAt = time.at
  const today = civilDateInLondon(openedAt)
  if (input.disagreementOn > today) {
    return refuse(
      'date-in-future',
      `The disagreement date, ${formatDate(input.disagreementOn)}, is in the future.`,
      { field: 'disagreementOn' },
    )
  }

  const reasons = checkReasons(policy, input.reasons)
  if (reasons) return reasons
  const circumstances = checkCircumstances(policy, input.childCircumstances)
  if (circumstances) return circumstances

  let triage = input.triage
  if (triage.level === 'immediateDanger') {
    const checked = checkImmediateDanger(policy, triage, openedAt)
    if (!checked.ok) return checked
    triage = checked.triage
  }

  let position: Position = { route: 'stages', stage: 1 }
  let how: 'opened' | 'startedLater' = 'opened'
  let reason: string | undefined
  const urgent = triage.level !== 'standard'
  if (triage.startStage && triage.startStage.stage > 1) {
    const later = policy.laterStart
    if (!later) {
      return refuse(
        'later-start-not-allowed',
        `The ${policy.partnership} policy starts every dispute at stage 1.`,
        {
          field: 'triage.startStage',
        },
      )
    }
    const ctxForCondition = {
      stage: null,
      route: 'stages' as const,
      triage: triage.level,
      childCircumstances: input.childCircumstances,
      resolved: false,
      lessonsToForward: false,
    }
    if (!evaluateCondition(later.allowedWhen, ctxForCondition, policy).holds) {
      return refuse(
        'later-start-not-allowed',
        `The ${policy.partnership} policy allows starting at a later stage only ${describeCondition(later.allowedWhen, policy)}.`,
        { field: 'triage.startStage' },
      )
    }
    if (triage.startStage.stage > policy.stages.length) {
      return refuse('stage-unknown', `The ${policy.partnership} policy has ${policy.stages.length} stages.`, {
        field: 'triage.startStage.stage',
      })
    }
    position = { route: 'stages', stage: triage.startStage.stage }
    how = 'startedLater'
    reason = triage.startStage.reason
  } else if (urgent && policy.emergencyRoute) {
    position = { route: 'emergency' }
  }

  const visit = enterPosition(
    policy,
    position,
    {
      how,
      at: openedAt,
      by: input.by,
      disagreementOn: input.disagreementOn,
      previousStage: null,
      ...(reason !== undefined ? { reason } : {}),
    },
    calendar,
  )
  const dispute: Dispute = {
    format: DISPUTE_FORMAT,
    id: ctx.id,
    reference: ctx.reference,
    policy: { id: policy.id, version: policy.version, partnership: policy.partnership },
    childIds: input.childIds,
    childCircumstances: [...new Set(input.childCircumstances)],
    // What the children's circumstances were when the dispute was opened: held from its first stage.
    circumstancePeriods: periodsFrom(input.childCircumstances, visit.enteredOn, { recordedAt: openedAt, by: input.by }),
    otherAgency: input.otherAgency,
    disputed: input.disputed,
    reasons: input.reasons,
    disagreementOn: input.disagreementOn,
    triage,
    status: 'open',
    route: position.route,
    currentStage: position.route === 'stages' ? position.stage : null,
    stageHistory: [visit],
    overall: overallDue(policy, openedAt, input.disagreementOn, calendar),
    stepsDone: [],
    notificationsSent: [],
    notificationsNotNeeded: [],
    requests: [],
    outcome: null,
    withdrawal: null,
    openedAt,
    openedBy: input.by,
    closedAt: null,
  }
  return { ok: true, dispute: withGroupsEntered(dispute, policy, calendar) }
}

/**
 * A child in immediate danger: what the policy says to do first must be recorded before anything else —
 * the 999 call where the policy's instruction is to dial 999, otherwise when its own instruction was
 * followed. A policy with no immediate-danger instruction asks for nothing (a 999 call recorded anyway is
 * kept).
 */
function checkImmediateDanger(
  policy: Policy,
  triage: OpenDisputeInput['triage'],
  openedAt: string,
): { ok: true; triage: OpenDisputeInput['triage'] } | Extract<Transition, { ok: false }> {
  const rule = policy.immediateDanger
  const call = triage.emergencyCall
  if (rule?.call999 && !call) {
    return refuse(
      'emergency-call-missing',
      `The ${policy.partnership} policy says: “${rule.instruction}” Record when 999 was called, and by whom.`,
      { field: 'triage.emergencyCall' },
    )
  }
  if (call && Date.parse(call.calledAt) > Date.parse(openedAt)) {
    return refuse('time-in-future', `The 999 call time, ${formatDateTime(call.calledAt)}, is in the future.`, {
      field: 'triage.emergencyCall.calledAt',
    })
  }
  if (!rule || rule.call999) {
    const { immediateAction: _ignored, ...rest } = triage
    return { ok: true, triage: rest }
  }
  const action = triage.immediateAction
  if (!action) {
    return refuse(
      'immediate-action-missing',
      `The ${policy.partnership} policy says: “${rule.instruction}” Record when this was done, and by whom.`,
      { field: 'triage.immediateAction' },
    )
  }
  if (Date.parse(action.doneAt) > Date.parse(openedAt)) {
    return refuse('time-in-future', `The time it was done, ${formatDateTime(action.doneAt)}, is in the future.`, {
      field: 'triage.immediateAction.doneAt',
    })
  }
  return { ok: true, triage: { ...triage, immediateAction: { ...action, instruction: rule.instruction } } }
}
