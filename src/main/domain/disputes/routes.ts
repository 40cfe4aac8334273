/**
 * Routes that move: a dispute at an ordinary stage takes the policy's emergency route when the risk to the
 * child rises, and the route hands the dispute over to the stage its policy names when it has not resolved
 * the matter. Pure: (dispute, input, context) → the new dispute or a refusal; time is in the context.
 *
 * - Taking the route needs a reason and nothing else: a draft record never delays a child at risk of harm
 *   within hours (the drafts still gate the hand-over, the outcome and withdrawal).
 * - The hand-over goes to the stage the policy names (`emergencyRoute.handsOverTo.stage`), or back to the
 *   stage the dispute had reached before it took the route where that is later: the route never moves a
 *   dispute back down the procedure. The receiving stage's deadlines count from the hand-over.
 */
import { type Dispute, type StageVisit } from '../../../shared/dispute'
import { EnterRouteInput, HandOverInput } from '../../../shared/dispute-inputs'
import type { Policy } from '../../../shared/policy'
import { emergencyRouteTitle, stageName, stageNameInSentence } from '../../../shared/policy-words'
import { eventTime, requireOpen, requirePolicyOfDispute, requireRecordsApproved } from './gates'
import { type DisputeContext, type Transition, parseInput, refuse } from './results'
import { enterPosition, withGroupsEntered } from './schedule'

/** The stage before the emergency route: the last ordinary stage the dispute was at, or null if it began on the route. */
function stageBeforeRoute(dispute: Dispute): number | null {
  for (let i = dispute.stageHistory.length - 1; i >= 0; i--) {
    const v = dispute.stageHistory[i]
    if (v.route === 'stages' && v.stage !== null) return v.stage
  }
  return null
}

/** The stage a dispute now on the emergency route would be handed over to, or null where the policy names none. */
export function handOverStage(dispute: Dispute, policy: Policy): number | null {
  const named = policy.emergencyRoute?.handsOverTo?.stage
  if (named === undefined || named > policy.stages.length) return null
  return Math.max(named, stageBeforeRoute(dispute) ?? 1)
}

/** Why the dispute cannot take the emergency route now, or null if it can. */
export function enterRouteRefusal(dispute: Dispute, policy: Policy): Transition | null {
  if (!policy.emergencyRoute)
    return refuse('route-not-available', `The ${policy.partnership} policy has no emergency route.`)
  if (dispute.route === 'emergency')
    return refuse('route-not-available', `This dispute is already on the ${emergencyRouteTitle(policy)}.`)
  return null
}

/** Why a dispute on the emergency route cannot be handed over, or null if it can (records aside). */
export function handOverRefusal(dispute: Dispute, policy: Policy): Transition | null {
  const title = emergencyRouteTitle(policy)
  if (dispute.route !== 'emergency')
    return refuse('route-no-hand-over', `This dispute is not on the ${title}, so there is nothing to hand over.`)
  if (handOverStage(dispute, policy) === null) {
    const after = policy.emergencyRoute?.ifUnresolved
    return refuse(
      'route-no-hand-over',
      `The ${policy.partnership} policy names no ${stageWordLower(policy)} the ${title} hands over to.` +
        (after ? ` If it has not resolved the matter: ${after}` : '') +
        ' Then record the outcome.',
    )
  }
  return null
}

const stageWordLower = (policy: Policy): string => (policy.stageWord ?? 'Stage').toLowerCase()

const closeCurrent = (dispute: Dispute, at: string): StageVisit[] =>
  dispute.stageHistory.map((v, i) => (i === dispute.stageHistory.length - 1 ? { ...v, leftAt: at } : v))

/** Onto the emergency route from the stage the dispute is at, with the reason the risk has risen. */
export function enterEmergencyRoute(dispute: Dispute, rawInput: EnterRouteInput, ctx: DisputeContext): Transition {
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute) ?? enterRouteRefusal(dispute, ctx.policy)
  if (blocked) return blocked
  if (!(rawInput as Partial<EnterRouteInput> | undefined)?.reason?.trim()) {
    return refuse(
      'route-reason-missing',
      `Say why the risk to the child has risen before using the ${emergencyRouteTitle(ctx.policy)}.`,
      { field: 'reason' },
    )
  }
  const parsed = parseInput(EnterRouteInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time
  const visit = enterPosition(
    ctx.policy,
    { route: 'emergency' },
    {
      how: 'riskRose',
      at: time.at,
      by: input.by,
      disagreementOn: dispute.disagreementOn,
      previousStage: dispute.currentStage,
      reason: input.reason!,
    },
    ctx.calendar,
  )
  return {
    ok: true,
    dispute: {
      ...dispute,
      route: 'emergency',
      currentStage: null,
      stageHistory: [...closeCurrent(dispute, time.at), { ...visit, ourSide: null, theirSide: null }],
    },
  }
}

/** From the emergency route to the stage its policy names, because the route has not resolved the matter. */
export function handOverFromRoute(dispute: Dispute, rawInput: HandOverInput, ctx: DisputeContext): Transition {
  const parsed = parseInput(HandOverInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked =
    requirePolicyOfDispute(dispute, ctx) ??
    requireOpen(dispute) ??
    handOverRefusal(dispute, ctx.policy) ??
    requireRecordsApproved(ctx.records, `hand the dispute over from the ${emergencyRouteTitle(ctx.policy)}`)
  if (blocked) return blocked
  const time = eventTime(dispute, input.at, ctx)
  if (!time.ok) return time
  const target = ctx.policy.stages[handOverStage(dispute, ctx.policy)! - 1]
  const unconfirmed = target.entryChecks.filter((c) => !input.confirmations.includes(c.id))
  if (unconfirmed.length > 0) {
    return refuse(
      'entry-check-unconfirmed',
      `Before ${stageNameInSentence(ctx.policy, target.number)} (${target.title}), confirm: ${unconfirmed.map((c) => c.question).join(' ')}`,
      { field: 'confirmations', details: unconfirmed.map((c) => ({ path: `confirmations.${c.id}`, message: c.question })) },
    )
  }
  const visit = enterPosition(
    ctx.policy,
    { route: 'stages', stage: target.number },
    {
      how: 'handedOver',
      at: time.at,
      by: input.by,
      disagreementOn: dispute.disagreementOn,
      previousStage: null,
      ...(input.note !== undefined ? { reason: input.note } : {}),
    },
    ctx.calendar,
  )
  const moved: Dispute = {
    ...dispute,
    route: 'stages',
    currentStage: target.number,
    stageHistory: [...closeCurrent(dispute, time.at), visit],
  }
  return { ok: true, dispute: withGroupsEntered(moved, ctx.policy, ctx.calendar) }
}

/** "Stage 2 — Management finding solutions": where a hand-over would take the dispute, for the screens. */
export function handOverTarget(dispute: Dispute, policy: Policy): { number: number; title: string; name: string; entryChecks: { id: string; question: string }[] } | null {
  if (dispute.route !== 'emergency' || dispute.status !== 'open') return null
  const n = handOverStage(dispute, policy)
  if (n === null) return null
  const stage = policy.stages[n - 1]
  return {
    number: n,
    title: stage.title,
    name: stageName(policy, n),
    entryChecks: stage.entryChecks.map((c) => ({ id: c.id, question: c.question })),
  }
}


