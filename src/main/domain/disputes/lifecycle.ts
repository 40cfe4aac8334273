/**
 * The moves of a dispute after it is opened. Each is a pure function: (dispute, input, context) → the new
 * dispute, or a refusal saying why not. The old dispute is never modified.
 */
import {
  type Dispute,
  type DisputeRequest,
  EscalateInput,
  RecordNotificationInput,
  RecordStepDoneInput,
  RequestOptionInput,
  ResolveInput,
  UpdateCircumstancesInput,
  WithdrawInput,
} from '../../../shared/dispute'
import { formatDate } from '../../../shared/dates'
import type { AnyStageOption, ExceptionalRoute } from '../../../shared/policy'
import { civilDateInLondon } from '../calendar'
import { describeCondition, evaluateCondition } from '../policies/conditions'
import { scheduleOf } from '../policies/timescales'
import { eventTime, requireOpen, requirePolicyOfDispute, requireRecordsApproved } from './gates'
import { notificationsDue } from './notifications'
import { checkCircumstances, checkReasons } from './open'
import { type DisputeContext, type Transition, parseInput, refuse } from './results'
import { conditionContext, currentVisit, enterPosition } from './schedule'

/** Why the dispute cannot move to a next stage, or null if it can (ignoring records and entry checks). */
export function finalStageRefusal(dispute: Dispute, ctx: DisputeContext): Transition | null {
  const { policy } = ctx
  if (dispute.route === 'emergency') {
    const after = policy.emergencyRoute?.ifUnresolved
    return refuse(
      'final-stage',
      `The ${policy.emergencyRoute?.title ?? 'emergency route'} has no further stage.` +
        (after ? ` If it has not resolved the matter: ${after}` : '') +
        ' Then record the outcome.',
    )
  }
  const stage = dispute.currentStage ?? 0
  if (stage < policy.stages.length) return null
  const routes = policy.exceptionalRoutes.filter((r) => evaluateCondition(r.availableWhen, conditionContext(dispute), policy).holds)
  const hint = routes.length > 0 ? ` You can ask for: ${routes.map((r) => r.title).join('; ')}.` : ''
  return refuse('final-stage', `Stage ${stage} is the last stage of the ${policy.partnership} policy: it cannot be escalated further.${hint}`)
}

export function escalate(dispute: Dispute, rawInput: EscalateInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(EscalateInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked =
    requirePolicyOfDispute(dispute, ctx) ??
    requireOpen(dispute) ??
    finalStageRefusal(dispute, ctx) ??
    requireRecordsApproved(ctx.records, 'escalate')
  if (blocked) return blocked
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time

  const from = dispute.currentStage!
  const next = ctx.policy.stages[from]
  const unconfirmed = next.entryChecks.filter((c) => !input.confirmations.includes(c.id))
  if (unconfirmed.length > 0) {
    return refuse(
      'entry-check-unconfirmed',
      `Before stage ${next.number} (${next.title}), confirm: ${unconfirmed.map((c) => c.question).join(' ')}`,
      { field: 'confirmations', details: unconfirmed.map((c) => ({ path: `confirmations.${c.id}`, message: c.question })) },
    )
  }

  const visit = enterPosition(
    ctx.policy,
    { route: 'stages', stage: next.number },
    {
      how: 'escalated',
      at: time.at,
      by: input.by,
      disagreementOn: dispute.disagreementOn,
      previousStage: from,
      ...(input.note !== undefined ? { reason: input.note } : {}),
    },
    ctx.calendar,
  )
  const history = dispute.stageHistory.map((v, i) => (i === dispute.stageHistory.length - 1 ? { ...v, leftAt: time.at } : v))
  return { ok: true, dispute: { ...dispute, currentStage: next.number, stageHistory: [...history, visit] } }
}

export function resolve(dispute: Dispute, rawInput: ResolveInput, ctx: DisputeContext): Transition {
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const raw = rawInput as Partial<ResolveInput> | undefined
  if (!raw?.writtenConfirmation?.receivedOn || !raw.writtenConfirmation.from?.trim() || !raw.summary?.trim()) {
    return refuse(
      'written-outcome-missing',
      'A dispute is resolved only with a written outcome: record the outcome, the date it was confirmed in writing and who confirmed it.',
      { field: !raw?.summary?.trim() ? 'summary' : 'writtenConfirmation' },
    )
  }
  const parsed = parseInput(ResolveInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const gate = requireRecordsApproved(ctx.records, 'record the outcome')
  if (gate) return gate
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time

  const today = civilDateInLondon(ctx.now)
  const received = input.writtenConfirmation.receivedOn
  if (received > today) {
    return refuse('date-in-future', `The written confirmation date, ${formatDate(received)}, is in the future.`, {
      field: 'writtenConfirmation.receivedOn',
    })
  }
  if (received < dispute.disagreementOn) {
    return refuse('date-before-dispute', `The written confirmation date, ${formatDate(received)}, is before the disagreement arose.`, {
      field: 'writtenConfirmation.receivedOn',
    })
  }
  const visited = new Set(dispute.stageHistory.map((v) => v.stage))
  const stageReached = input.stageReached ?? dispute.currentStage
  if (stageReached !== null && !visited.has(stageReached)) {
    return refuse('stage-not-reached', `This dispute has not been at stage ${stageReached}.`, { field: 'stageReached' })
  }
  const reasons = input.reasons ?? dispute.reasons
  const badReasons = checkReasons(ctx.policy, reasons, 'reasons')
  if (badReasons) return badReasons

  const outcome: Dispute['outcome'] = {
    summary: input.summary,
    stageReached,
    route: dispute.route,
    writtenConfirmation: { receivedOn: received, from: input.writtenConfirmation.from },
    ...(input.whatWorkedWell !== undefined ? { whatWorkedWell: input.whatWorkedWell } : {}),
    ...(input.worriedAbout !== undefined ? { worriedAbout: input.worriedAbout } : {}),
    ...(input.needsToChange !== undefined ? { needsToChange: input.needsToChange } : {}),
    ...(input.lessonsToForward !== undefined ? { lessonsToForward: input.lessonsToForward } : {}),
    reasons,
    resolvedAt: time.at,
    resolvedBy: input.by,
  }
  return { ok: true, dispute: closeWith(dispute, time.at, { status: 'resolved', outcome }) }
}

export function withdraw(dispute: Dispute, rawInput: WithdrawInput, ctx: DisputeContext): Transition {
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  if (!(rawInput as Partial<WithdrawInput> | undefined)?.reason?.trim()) {
    return refuse('withdrawal-reason-missing', 'Give the reason for withdrawing this dispute.', { field: 'reason' })
  }
  const parsed = parseInput(WithdrawInput, rawInput)
  if (!parsed.ok) return parsed
  const gate = requireRecordsApproved(ctx.records, 'withdraw the dispute')
  if (gate) return gate
  const time = eventTime(dispute, parsed.value.at, ctx)
  if (!time.ok) return time
  return {
    ok: true,
    dispute: closeWith(dispute, time.at, { status: 'withdrawn', withdrawal: { reason: parsed.value.reason, at: time.at, by: parsed.value.by } }),
  }
}

function closeWith(dispute: Dispute, at: string, change: Partial<Dispute>): Dispute {
  const history = dispute.stageHistory.map((v, i) => (i === dispute.stageHistory.length - 1 ? { ...v, leftAt: at } : v))
  return { ...dispute, ...change, stageHistory: history, closedAt: at }
}

function addRequest(
  dispute: Dispute,
  kind: DisputeRequest['kind'],
  option: AnyStageOption | ExceptionalRoute,
  input: { by: string; note?: string | undefined },
  at: string,
  ctx: DisputeContext,
): Dispute {
  const id = `request-${dispute.requests.length + 1}`
  const { steps } = scheduleOf(
    { steps: option.steps },
    { keyPrefix: id, title: option.title, startedAt: at, startLabel: 'the request', disagreementOn: dispute.disagreementOn },
    ctx.calendar,
  )
  const request: DisputeRequest = {
    id,
    kind,
    optionId: option.id,
    title: option.title,
    requestedAt: at,
    requestedOn: civilDateInLondon(at),
    atStage: dispute.currentStage,
    by: input.by,
    ...(input.note !== undefined ? { note: input.note } : {}),
    steps,
  }
  return { ...dispute, requests: [...dispute.requests, request] }
}

/** Ask for one of the policy's any-stage options (a Multi-Agency Professionals' Case Meeting, say). */
export function requestCaseMeeting(dispute: Dispute, rawInput: RequestOptionInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(RequestOptionInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const { policy } = ctx
  const options = policy.anyStageOptions
  if (options.length === 0) {
    return refuse('option-not-in-policy', `The ${policy.partnership} policy has no case meeting or other option to request at any stage.`)
  }
  const option = input.optionId === undefined ? (options.length === 1 ? options[0] : undefined) : options.find((o) => o.id === input.optionId)
  if (!option) {
    return refuse('option-not-in-policy', `Choose one of: ${options.map((o) => o.title).join('; ')}.`, { field: 'optionId' })
  }
  if (!evaluateCondition(option.availableWhen, conditionContext(dispute), policy).holds) {
    return refuse('option-not-available', `${option.title} is available only ${describeCondition(option.availableWhen, policy)}.`, {
      field: 'optionId',
    })
  }
  if (dispute.requests.some((r) => r.optionId === option.id && r.atStage === dispute.currentStage)) {
    return refuse('already-requested', `${option.title} has already been requested at this stage.`, { field: 'optionId' })
  }
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time
  return { ok: true, dispute: addRequest(dispute, 'anyStageOption', option, input, time.at, ctx) }
}

/** Ask for the policy's exceptional or final route (Wolverhampton: the WSCB Chair's binding decision). */
export function requestExceptionalRoute(dispute: Dispute, rawInput: RequestOptionInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(RequestOptionInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const { policy } = ctx
  const routes = policy.exceptionalRoutes
  if (routes.length === 0) {
    return refuse('no-exceptional-route', `The ${policy.partnership} policy has no exceptional route: its last stage is final.`)
  }
  const route = input.optionId === undefined ? (routes.length === 1 ? routes[0] : undefined) : routes.find((r) => r.id === input.optionId)
  if (!route) return refuse('no-exceptional-route', `Choose one of: ${routes.map((r) => r.title).join('; ')}.`, { field: 'optionId' })
  if (dispute.route !== 'stages' || !evaluateCondition(route.availableWhen, conditionContext(dispute), policy).holds) {
    return refuse('exceptional-route-not-available', `${route.title} is available only ${describeCondition(route.availableWhen, policy)}.`, {
      field: 'optionId',
    })
  }
  if (dispute.requests.some((r) => r.optionId === route.id)) {
    return refuse('already-requested', `${route.title} has already been requested.`, { field: 'optionId' })
  }
  const gate = requireRecordsApproved(ctx.records, `ask for ${route.title}`)
  if (gate) return gate
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time
  return { ok: true, dispute: addRequest(dispute, 'exceptionalRoute', route, input, time.at, ctx) }
}

/** Record that a notification the policy requires was sent. Allowed after closing (outcome forms). */
export function recordNotificationSent(dispute: Dispute, rawInput: RecordNotificationInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(RecordNotificationInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx)
  if (blocked) return blocked
  const rule = ctx.policy.notifications.find((n) => n.id === input.notificationId)
  if (!rule) {
    return refuse('notification-unknown', `The ${ctx.policy.partnership} policy has no notification “${input.notificationId}”.`, {
      field: 'notificationId',
    })
  }
  const due = notificationsDue(dispute, ctx.policy).filter((n) => n.notificationId === rule.id)
  const candidates = input.stage === undefined ? due : due.filter((n) => n.stage === input.stage)
  const target = candidates.find((n) => !n.sent)
  if (!target) {
    return candidates.length > 0
      ? refuse('notification-already-recorded', `It is already recorded that ${candidates[0].recipient.name} was notified.`, { field: 'notificationId' })
      : refuse('notification-not-due', `${rule.what} is not needed for this dispute as it stands.`, { field: 'notificationId' })
  }
  const today = civilDateInLondon(ctx.now)
  if (input.sentOn > today) return refuse('date-in-future', `${formatDate(input.sentOn)} is in the future.`, { field: 'sentOn' })
  if (input.sentOn < dispute.disagreementOn) {
    return refuse('date-before-dispute', `${formatDate(input.sentOn)} is before the disagreement arose.`, { field: 'sentOn' })
  }
  const sent = {
    notificationId: rule.id,
    stage: target.stage,
    sentOn: input.sentOn,
    recordedAt: ctx.now,
    by: input.by,
    ...(input.note !== undefined ? { note: input.note } : {}),
  }
  return { ok: true, dispute: { ...dispute, notificationsSent: [...dispute.notificationsSent, sent] } }
}

/** Record that a timed step was done, so its deadline stops showing as due. */
export function recordStepDone(dispute: Dispute, rawInput: RecordStepDoneInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(RecordStepDoneInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const keys = new Set([...dispute.stageHistory.flatMap((v) => v.steps), ...dispute.requests.flatMap((r) => r.steps)].map((s) => s.key))
  if (!keys.has(input.key)) return refuse('step-unknown', 'That step is not part of this dispute.', { field: 'key' })
  if (dispute.stepsDone.some((s) => s.key === input.key)) return refuse('step-already-done', 'That step is already recorded as done.', { field: 'key' })
  if (input.doneOn > civilDateInLondon(ctx.now)) return refuse('date-in-future', `${formatDate(input.doneOn)} is in the future.`, { field: 'doneOn' })
  const done = { key: input.key, doneOn: input.doneOn, by: input.by, recordedAt: ctx.now }
  return { ok: true, dispute: { ...dispute, stepsDone: [...dispute.stepsDone, done] } }
}

/** The children's circumstances changed (a child protection plan began, say): notifications follow. */
export function updateChildCircumstances(dispute: Dispute, rawInput: UpdateCircumstancesInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(UpdateCircumstancesInput, rawInput)
  if (!parsed.ok) return parsed
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute) ?? checkCircumstances(ctx.policy, parsed.value.childCircumstances)
  if (blocked) return blocked
  return { ok: true, dispute: { ...dispute, childCircumstances: [...new Set(parsed.value.childCircumstances)] } }
}

export { currentVisit }
