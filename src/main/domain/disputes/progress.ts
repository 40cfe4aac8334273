/**
 * Recording progress that does not move the dispute: a notification sent, a step done, a change in the
 * children's circumstances (which can make notifications owed).
 */
import {
  RecordNotificationInput,
  RecordStepDoneInput,
  UpdateCircumstancesInput,
  type Dispute,
} from '../../../shared/dispute'
import { formatDate } from '../../../shared/dates'
import { civilDateInLondon } from '../calendar'
import { requireOpen, requirePolicyOfDispute } from './gates'
import { notificationsDue } from './notifications'
import { checkCircumstances } from './open'
import { rebaseOnStepsDone } from './rebase'
import { type DisputeContext, type Transition, parseInput, refuse } from './results'

/** Record that a notification the policy requires was sent. Allowed after closing (outcome forms). */
export function recordNotificationSent(
  dispute: Dispute,
  rawInput: RecordNotificationInput,
  ctx: DisputeContext,
): Transition {
  const parsed = parseInput(RecordNotificationInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx)
  if (blocked) return blocked
  const rule = ctx.policy.notifications.find((n) => n.id === input.notificationId)
  if (!rule) {
    return refuse(
      'notification-unknown',
      `The ${ctx.policy.partnership} policy has no notification “${input.notificationId}”.`,
      {
        field: 'notificationId',
      },
    )
  }
  const due = notificationsDue(dispute, ctx.policy).filter((n) => n.notificationId === rule.id)
  const candidates = input.stage === undefined ? due : due.filter((n) => n.stage === input.stage)
  const target = candidates.find((n) => !n.sent)
  if (!target) {
    return candidates.length > 0
      ? refuse(
          'notification-already-recorded',
          `It is already recorded that ${candidates[0].recipient.name} was notified.`,
          { field: 'notificationId' },
        )
      : refuse('notification-not-due', `${rule.what} is not needed for this dispute as it stands.`, {
          field: 'notificationId',
        })
  }
  const today = civilDateInLondon(ctx.now)
  if (input.sentOn > today)
    return refuse('date-in-future', `${formatDate(input.sentOn)} is in the future.`, { field: 'sentOn' })
  if (input.sentOn < dispute.disagreementOn) {
    return refuse('date-before-dispute', `${formatDate(input.sentOn)} is before the disagreement arose.`, {
      field: 'sentOn',
    })
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
export function recordStepDone(
  dispute: Dispute,
  rawInput: RecordStepDoneInput,
  ctx: DisputeContext,
): Transition {
  const parsed = parseInput(RecordStepDoneInput, rawInput)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked = requirePolicyOfDispute(dispute, ctx) ?? requireOpen(dispute)
  if (blocked) return blocked
  const keys = new Set(
    [...dispute.stageHistory.flatMap((v) => v.steps), ...dispute.requests.flatMap((r) => r.steps)].map(
      (s) => s.key,
    ),
  )
  if (!keys.has(input.key))
    return refuse('step-unknown', 'That step is not part of this dispute.', { field: 'key' })
  if (dispute.stepsDone.some((s) => s.key === input.key))
    return refuse('step-already-done', 'That step is already recorded as done.', { field: 'key' })
  if (input.doneOn > civilDateInLondon(ctx.now))
    return refuse('date-in-future', `${formatDate(input.doneOn)} is in the future.`, { field: 'doneOn' })
  if (input.doneOn < dispute.disagreementOn) {
    return refuse('date-before-dispute', `${formatDate(input.doneOn)} is before the disagreement arose.`, {
      field: 'doneOn',
    })
  }
  const done = { key: input.key, doneOn: input.doneOn, by: input.by, recordedAt: ctx.now }
  // What counts from this step now counts from the day it was done.
  const recorded = { ...dispute, stepsDone: [...dispute.stepsDone, done] }
  return { ok: true, dispute: rebaseOnStepsDone(recorded, ctx.policy, ctx.calendar) }
}

/** The children's circumstances changed (a child protection plan began, say): notifications follow. */
export function updateChildCircumstances(
  dispute: Dispute,
  rawInput: UpdateCircumstancesInput,
  ctx: DisputeContext,
): Transition {
  const parsed = parseInput(UpdateCircumstancesInput, rawInput)
  if (!parsed.ok) return parsed
  const blocked =
    requirePolicyOfDispute(dispute, ctx) ??
    requireOpen(dispute) ??
    checkCircumstances(ctx.policy, parsed.value.childCircumstances)
  if (blocked) return blocked
  return {
    ok: true,
    dispute: { ...dispute, childCircumstances: [...new Set(parsed.value.childCircumstances)] },
  }
}
