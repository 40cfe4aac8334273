/**
 * The moves of a dispute through its stages after it is opened: escalate, resolve, withdraw. Each is a pure function: (dispute, input, context) → the new
 * dispute, or a refusal saying why not. The old dispute is never modified.
 */
import { type Dispute, type StepDone } from '../../../shared/dispute'
import { EscalateInput, ResolveInput, WithdrawInput } from '../../../shared/dispute-inputs'
import type { Policy } from '../../../shared/policy'
import { formatDate } from '../../../shared/dates'
import { civilDateInLondon } from '../calendar'
import { evaluateCondition } from '../policies/conditions'
import { beginChange, eventTime, requireOpen, requirePolicyOfDispute, requireRecordsApproved } from './gates'
import { checkReasons } from './open'
import { type DisputeContext, type Transition, parseInput, refuse } from './results'
import { rebaseOnStepsDone } from './rebase'
import { conditionContext, currentVisit, enterPosition, withGroupsEntered } from './schedule'
import { emergencyRouteTitle, stageName, stageNameInSentence, stageWordOf } from '../../../shared/policy-words'
import { handOverStage } from './routes'

const stageWordLower = (policy: Policy): string => stageWordOf(policy).toLowerCase()

/** Why the dispute cannot move to a next stage, or null if it can (ignoring records and entry checks). */
export function finalStageRefusal(dispute: Dispute, ctx: DisputeContext): Transition | null {
  const { policy } = ctx
  if (dispute.route === 'emergency') {
    const after = policy.emergencyRoute?.ifUnresolved
    const handOver = handOverStage(dispute, policy)
    if (handOver !== null) {
      return refuse(
        'final-stage',
        `A dispute on the ${emergencyRouteTitle(policy)} is not escalated: if the route has not resolved the matter, hand it over to ${stageNameInSentence(policy, handOver)}.` +
          (after ? ` The policy also says: ${after}` : ''),
      )
    }
    return refuse(
      'final-stage',
      `The ${emergencyRouteTitle(policy)} has no further stage.` +
        (after ? ` If it has not resolved the matter: ${after}` : '') +
        ' Then record the outcome.',
    )
  }
  const stage = dispute.currentStage ?? 0
  if (stage < policy.stages.length) return null
  const routes = policy.exceptionalRoutes.filter(
    (r) => evaluateCondition(r.availableWhen, conditionContext(dispute), policy).holds,
  )
  const hint = routes.length > 0 ? ` You can ask for: ${routes.map((r) => r.title).join('; ')}.` : ''
  return refuse(
    'final-stage',
    `${stageName(policy, stage)} is the last ${stageWordLower(policy)} of the ${policy.partnership} policy: it cannot be escalated further.${hint}`,
  )
}

export function escalate(dispute: Dispute, rawInput: EscalateInput, ctx: DisputeContext): Transition {
  const parsed = beginChange(EscalateInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked =
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
      `Before ${stageNameInSentence(ctx.policy, next.number)} (${next.title}), confirm: ${unconfirmed.map((c) => c.question).join(' ')}`,
      {
        field: 'confirmations',
        details: unconfirmed.map((c) => ({ path: `confirmations.${c.id}`, message: c.question })),
      },
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
  const history = dispute.stageHistory.map((v, i) =>
    i === dispute.stageHistory.length - 1 ? { ...v, leftAt: time.at } : v,
  )
  // Who now takes it up on each side, where the person escalating knows (St Helens stage 2: "first tier
  // line manager to first tier line manager"). Not known is recorded as not known, never carried over.
  const entered = { ...visit, ourSide: input.ourSide ?? null, theirSide: input.theirSide ?? null }
  const moved = { ...dispute, currentStage: next.number, stageHistory: [...history, entered] }
  return { ok: true, dispute: withGroupsEntered(moved, ctx.policy, ctx.calendar) }
}

export function resolve(dispute: Dispute, rawInput: ResolveInput, ctx: DisputeContext): Transition {
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const raw = rawInput as Partial<ResolveInput> | undefined
  if (
    !raw?.writtenConfirmation?.receivedOn ||
    !raw.writtenConfirmation.from?.trim() ||
    !raw.summary?.trim()
  ) {
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
    return refuse(
      'date-in-future',
      `The written confirmation date, ${formatDate(received)}, is in the future.`,
      {
        field: 'writtenConfirmation.receivedOn',
      },
    )
  }
  if (received < dispute.disagreementOn) {
    return refuse(
      'date-before-dispute',
      `The written confirmation date, ${formatDate(received)}, is before the disagreement arose.`,
      {
        field: 'writtenConfirmation.receivedOn',
      },
    )
  }
  const visited = new Set(dispute.stageHistory.map((v) => v.stage))
  const stageReached = input.stageReached ?? dispute.currentStage
  if (stageReached !== null && !visited.has(stageReached)) {
    return refuse('stage-not-reached', `This dispute has not been at ${stageNameInSentence(ctx.policy, stageReached)}.`, {
      field: 'stageReached',
    })
  }
  const reasons = input.reasons ?? dispute.reasons
  const badReasons = checkReasons(ctx.policy, reasons, 'reasons')
  if (badReasons) return badReasons
  const agreement = input.agreement
  if (agreement) {
    const when = agreement.reachedOn
    const refusal =
      when > today
        ? `The date agreement was reached, ${formatDate(when)}, is in the future.`
        : when < dispute.disagreementOn
          ? `The date agreement was reached, ${formatDate(when)}, is before the disagreement arose.`
          : when > received
            ? `The written confirmation (${formatDate(received)}) is dated before the agreement it confirms (${formatDate(when)}).`
            : null
    if (refusal) return refuse(when > today ? 'date-in-future' : 'date-before-dispute', refusal, { field: 'agreement.reachedOn' })
  }

  const outcome: Dispute['outcome'] = {
    summary: input.summary,
    stageReached,
    route: dispute.route,
    writtenConfirmation: { receivedOn: received, from: input.writtenConfirmation.from },
    ...(agreement ? { agreement: { reachedOn: agreement.reachedOn, agreedBy: agreement.agreedBy } } : {}),
    ...(input.outstandingIssues !== undefined ? { outstandingIssues: input.outstandingIssues } : {}),
    ...(input.whatWorkedWell !== undefined ? { whatWorkedWell: input.whatWorkedWell } : {}),
    ...(input.worriedAbout !== undefined ? { worriedAbout: input.worriedAbout } : {}),
    ...(input.needsToChange !== undefined ? { needsToChange: input.needsToChange } : {}),
    ...(input.lessonsToForward !== undefined ? { lessonsToForward: input.lessonsToForward } : {}),
    reasons,
    resolvedAt: time.at,
    resolvedBy: input.by,
  }
  const completed = stepsCompletedByOutcome(dispute, ctx.policy, {
    agreedOn: agreement?.reachedOn ?? null,
    confirmedOn: received,
    by: input.by,
    at: ctx.now,
  })
  const withSteps = rebaseOnStepsDone({ ...dispute, stepsDone: [...dispute.stepsDone, ...completed] }, ctx.policy, ctx.calendar)
  return { ok: true, dispute: closeWith(withSteps, time.at, { status: 'resolved', outcome }) }
}

/**
 * The steps of the stage the dispute is resolved at that the outcome itself completes: the discussion
 * that reached agreement (on the day agreement was reached, where that is recorded) and the written
 * confirmation of the outcome (on the day it was received). Steps already recorded keep their record.
 */
function stepsCompletedByOutcome(
  dispute: Dispute,
  policy: Policy,
  facts: { agreedOn: string | null; confirmedOn: string; by: string; at: string },
): StepDone[] {
  const visit = currentVisit(dispute)
  const timed = visit.route === 'emergency' ? policy.emergencyRoute : policy.stages[(visit.stage ?? 0) - 1]
  if (!timed) return []
  const prefix = visit.route === 'emergency' ? 'emergency' : `stage-${visit.stage}`
  const out: StepDone[] = []
  for (const step of timed.steps) {
    const key = `${prefix}/step/${step.id}`
    if (!visit.steps.some((s) => s.key === key) || dispute.stepsDone.some((s) => s.key === key)) continue
    const doneOn =
      step.doneWhen === 'outcomeConfirmedInWriting'
        ? facts.confirmedOn
        : step.doneWhen === 'agreementReached'
          ? facts.agreedOn
          : null
    if (doneOn !== null) out.push({ key, doneOn, by: facts.by, recordedAt: facts.at })
  }
  return out
}

export function withdraw(dispute: Dispute, rawInput: WithdrawInput, ctx: DisputeContext): Transition {
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  if (!(rawInput as Partial<WithdrawInput> | undefined)?.reason?.trim()) {
    return refuse('withdrawal-reason-missing', 'Give the reason for withdrawing this dispute.', {
      field: 'reason',
    })
  }
  const parsed = parseInput(WithdrawInput, rawInput)
  if (!parsed.ok) return parsed
  const gate = requireRecordsApproved(ctx.records, 'withdraw the dispute')
  if (gate) return gate
  const time = eventTime(dispute, parsed.value.at, ctx)
  if (!time.ok) return time
  return {
    ok: true,
    dispute: closeWith(dispute, time.at, {
      status: 'withdrawn',
      withdrawal: { reason: parsed.value.reason, at: time.at, by: parsed.value.by },
    }),
  }
}

function closeWith(dispute: Dispute, at: string, change: Partial<Dispute>): Dispute {
  const history = dispute.stageHistory.map((v, i) =>
    i === dispute.stageHistory.length - 1 ? { ...v, leftAt: at } : v,
  )
  return { ...dispute, ...change, stageHistory: history, closedAt: at }
}
