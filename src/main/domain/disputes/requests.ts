/**
 * Asking for what the policy offers beside the stages: an any-stage option (a Multi-Agency Professionals'
 * Case Meeting) or an exceptional route (a Chair's binding decision, a resolution panel). Only where the
 * policy has them, and only when their condition holds. Their timed steps get deadlines when requested.
 */
import { type Dispute, type DisputeRequest } from '../../../shared/dispute'
import { RequestOptionInput } from '../../../shared/dispute-inputs'
import type { AppError } from '../../../shared/errors'
import type { AnyStageOption, ExceptionalRoute } from '../../../shared/policy'
import { civilDateInLondon } from '../calendar'
import { describeCondition, evaluateCondition } from '../policies/conditions'
import { scheduleOf } from '../policies/timescales'
import { beginChange, eventTime, requireRecordsApproved } from './gates'
import { type DisputeContext, type Transition, refuse } from './results'
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

/**
 * The option asked for: the one named, or the policy's only one when none is named. Refused with `code`
 * saying `none` when the policy has none, or listing them when the one named is not among them.
 */
function chooseOption<T extends { id: string; title: string }>(
  options: readonly T[],
  optionId: string | undefined,
  code: 'option-not-in-policy' | 'no-exceptional-route',
  none: string,
): T | { ok: false; error: AppError } {
  if (options.length === 0) return refuse(code, none)
  const option = optionId === undefined ? (options.length === 1 ? options[0] : undefined) : options.find((o) => o.id === optionId)
  return option ?? refuse(code, `Choose one of: ${options.map((o) => o.title).join('; ')}.`, { field: 'optionId' })
}

/** Ask for one of the policy's any-stage options (a Multi-Agency Professionals' Case Meeting, say). */
export function requestCaseMeeting(
  dispute: Dispute,
  rawInput: RequestOptionInput,
  ctx: DisputeContext,
): Transition {
  const parsed = beginChange(RequestOptionInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const { policy } = ctx
  const option = chooseOption(
    policy.anyStageOptions,
    input.optionId,
    'option-not-in-policy',
    `The ${policy.partnership} policy has no case meeting or other option to request at any stage.`,
  )
  if ('ok' in option) return option
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
  const parsed = beginChange(RequestOptionInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const { policy } = ctx
  const route = chooseOption(
    policy.exceptionalRoutes,
    input.optionId,
    'no-exceptional-route',
    `The ${policy.partnership} policy has no exceptional route: its last stage is final.`,
  )
  if ('ok' in route) return route
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
