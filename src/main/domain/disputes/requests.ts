/**
 * Asking for what the policy offers beside the stages: an any-stage option (a Multi-Agency Professionals'
 * Case Meeting) or an exceptional route (a Chair's binding decision, a resolution panel). Only where the
 * policy has them, and only when their condition holds. Their timed steps get deadlines when requested.
 */
import { type Dispute, type DisputeRequest, RequestOptionInput } from '../../../shared/dispute'
import type { AnyStageOption, ExceptionalRoute } from '../../../shared/policy'
import { civilDateInLondon } from '../calendar'
import { describeCondition, evaluateCondition } from '../policies/conditions'
import { scheduleOf } from '../policies/timescales'
import { eventTime, requireOpen, requirePolicyOfDispute, requireRecordsApproved } from './gates'
import { type DisputeContext, type Transition, parseInput, refuse } from './results'
import { conditionContext } from './schedule'

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
    {
      keyPrefix: id,
      title: option.title,
      startedAt: at,
      startLabel: 'the request',
      disagreementOn: dispute.disagreementOn,
    },
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
export function requestCaseMeeting(
  dispute: Dispute,
  rawInput: RequestOptionInput,
  ctx: DisputeContext,
): Transition {
  const parsed = parseInput(RequestOptionInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const { policy } = ctx
  const options = policy.anyStageOptions
  if (options.length === 0) {
    return refuse(
      'option-not-in-policy',
      `The ${policy.partnership} policy has no case meeting or other option to request at any stage.`,
    )
  }
  const option =
    input.optionId === undefined
      ? options.length === 1
        ? options[0]
        : undefined
      : options.find((o) => o.id === input.optionId)
  if (!option) {
    return refuse('option-not-in-policy', `Choose one of: ${options.map((o) => o.title).join('; ')}.`, {
      field: 'optionId',
    })
  }
  if (!evaluateCondition(option.availableWhen, conditionContext(dispute), policy).holds) {
    return refuse(
      'option-not-available',
      `${option.title} is available only ${describeCondition(option.availableWhen, policy)}.`,
      {
        field: 'optionId',
      },
    )
  }
  if (dispute.requests.some((r) => r.optionId === option.id && r.atStage === dispute.currentStage)) {
    return refuse('already-requested', `${option.title} has already been requested at this stage.`, {
      field: 'optionId',
    })
  }
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time
  return { ok: true, dispute: addRequest(dispute, 'anyStageOption', option, input, time.at, ctx) }
}

/** Ask for the policy's exceptional or final route (Wolverhampton: the WSCB Chair's binding decision). */
export function requestExceptionalRoute(
  dispute: Dispute,
  rawInput: RequestOptionInput,
  ctx: DisputeContext,
): Transition {
  const parsed = parseInput(RequestOptionInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const { policy } = ctx
  const routes = policy.exceptionalRoutes
  if (routes.length === 0) {
    return refuse(
      'no-exceptional-route',
      `The ${policy.partnership} policy has no exceptional route: its last stage is final.`,
    )
  }
  const route =
    input.optionId === undefined
      ? routes.length === 1
        ? routes[0]
        : undefined
      : routes.find((r) => r.id === input.optionId)
  if (!route)
    return refuse('no-exceptional-route', `Choose one of: ${routes.map((r) => r.title).join('; ')}.`, {
      field: 'optionId',
    })
  if (
    dispute.route !== 'stages' ||
    !evaluateCondition(route.availableWhen, conditionContext(dispute), policy).holds
  ) {
    return refuse(
      'exceptional-route-not-available',
      `${route.title} is available only ${describeCondition(route.availableWhen, policy)}.`,
      {
        field: 'optionId',
      },
    )
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
