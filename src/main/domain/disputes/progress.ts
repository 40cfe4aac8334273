/**
 * Recording progress that does not move the dispute: a notification sent, a step done, a change in the
 * children's circumstances (which can make notifications owed).
 */
import { type Dispute } from '../../../shared/dispute'
import {
  CorrectCircumstanceInput,
  NotificationNotNeededInput,
  RecordNotificationInput,
  RecordStepDoneInput,
  UpdateCircumstancesInput,
} from '../../../shared/dispute-inputs'
import { formatDate } from '../../../shared/dates'
import { circumstanceLabel } from '../../../shared/policy-words'
import { civilDateInLondon } from '../calendar'
import { beginChange } from './gates'
import { currentCircumstances, periodsAfterChange } from './circumstances'
import { notificationsDue } from './notifications'
import { checkCircumstances } from './open'
import { rebaseOnStepsDone } from './rebase'
import { type DisputeContext, type Transition, refuse } from './results'

/** Record that a notification the policy requires was sent. Allowed after closing (outcome forms). */
export function recordNotificationSent(
  dispute: Dispute,
  rawInput: RecordNotificationInput,
  ctx: DisputeContext,
): Transition {
  const parsed = beginChange(RecordNotificationInput, rawInput, dispute, ctx, { closedToo: true })
  if (!parsed.ok) return parsed
  const input = parsed.value
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
  const target = candidates.find((n) => !n.sent && !n.notNeeded)
  if (!target) {
    return candidates.length > 0
      ? refuse(
          'notification-already-recorded',
          candidates[0].sent
            ? `It is already recorded that ${candidates[0].recipient.name} was notified.`
            : `It is already recorded that notifying ${candidates[0].recipient.name} was not needed.`,
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
  const parsed = beginChange(RecordStepDoneInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
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

/**
 * The children's circumstances changed (a child protection plan began, say), effective `from` (today if
 * not given): a new circumstance starts a period that day, one that ended closes its period that day, and
 * the notifications are evaluated from those days.
 */
export function updateChildCircumstances(
  dispute: Dispute,
  rawInput: UpdateCircumstancesInput,
  ctx: DisputeContext,
): Transition {
  const parsed = beginChange(UpdateCircumstancesInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const blocked =
    checkCircumstances(ctx.policy, input.childCircumstances)
  if (blocked) return blocked
  const from = input.from ?? civilDateInLondon(ctx.now)
  if (from > civilDateInLondon(ctx.now))
    return refuse('date-in-future', `${formatDate(from)} is in the future.`, { field: 'from' })
  const ending = dispute.circumstancePeriods.find(
    (p) => p.to === null && !input.childCircumstances.includes(p.circumstance) && from < p.from,
  )
  if (ending) {
    return refuse(
      'date-before-start',
      `${formatDate(from)} is before the day recorded for “${circumstanceLabel(ending.circumstance, ctx.policy)}” (from ${formatDate(ending.from)}). If that day was entered wrongly, correct it first.`,
      { field: 'from' },
    )
  }
  const circumstancePeriods = periodsAfterChange(dispute.circumstancePeriods, input.childCircumstances, {
    from,
    recordedAt: ctx.now,
    by: input.by,
  })
  return {
    ok: true,
    dispute: { ...dispute, circumstancePeriods, childCircumstances: currentCircumstances(circumstancePeriods) },
  }
}

/**
 * A circumstance's dates were entered wrongly: correct them, keeping the earlier dates on the period (the
 * audit trail records who corrected it and why). The duties follow the corrected dates; a notification
 * already sent or recorded as not needed stays recorded.
 */
export function correctCircumstanceDates(
  dispute: Dispute,
  rawInput: CorrectCircumstanceInput,
  ctx: DisputeContext,
): Transition {
  const parsed = beginChange(CorrectCircumstanceInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const index = dispute.circumstancePeriods.findIndex(
    (p) => p.circumstance === input.circumstance && p.from === input.periodFrom,
  )
  const period = dispute.circumstancePeriods[index]
  if (!period) {
    return refuse('circumstance-period-unknown', 'That circumstance is not recorded from that date on this dispute.', {
      field: 'periodFrom',
    })
  }
  const today = civilDateInLondon(ctx.now)
  if (input.from > today || (input.to !== null && input.to > today)) {
    const day = input.from > today ? input.from : (input.to ?? input.from)
    return refuse('date-in-future', `${formatDate(day)} is in the future.`, { field: input.from > today ? 'from' : 'to' })
  }
  if (input.to !== null && input.to < input.from)
    return refuse('date-before-start', `${formatDate(input.to)} is before ${formatDate(input.from)}.`, { field: 'to' })
  if ((period.to === null) !== (input.to === null)) {
    return refuse(
      'circumstance-still-holds',
      period.to === null
        ? 'This circumstance still holds: record that it ended on the child instead of correcting its dates.'
        : 'This circumstance has ended: give the day it ended.',
      { field: 'to' },
    )
  }
  const overlaps = dispute.circumstancePeriods.some(
    (p, i) =>
      i !== index &&
      p.circumstance === period.circumstance &&
      (input.to === null || p.from < input.to) &&
      (p.to === null || input.from < p.to),
  )
  if (overlaps) {
    return refuse('circumstance-periods-overlap', 'Those dates overlap another period of the same circumstance.', {
      field: 'from',
    })
  }
  const corrected = {
    ...period,
    from: input.from,
    to: input.to,
    corrections: [...period.corrections, { from: period.from, to: period.to, at: ctx.now, by: input.by, reason: input.reason }],
  }
  const circumstancePeriods = dispute.circumstancePeriods.map((p, i) => (i === index ? corrected : p))
  return { ok: true, dispute: { ...dispute, circumstancePeriods } }
}

/** Record that an owed notification need not be sent, and why. Allowed after closing, as sending is. */
export function recordNotificationNotNeeded(
  dispute: Dispute,
  rawInput: NotificationNotNeededInput,
  ctx: DisputeContext,
): Transition {
  const parsed = beginChange(NotificationNotNeededInput, rawInput, dispute, ctx, { closedToo: true })
  if (!parsed.ok) return parsed
  const input = parsed.value
  const due = notificationsDue(dispute, ctx.policy).filter((n) => n.notificationId === input.notificationId)
  const candidates = input.stage === undefined ? due : due.filter((n) => n.stage === input.stage)
  const target = candidates.find((n) => !n.sent && !n.notNeeded)
  if (!target) {
    return refuse(
      candidates.length > 0 ? 'notification-already-recorded' : 'notification-not-due',
      candidates.length > 0
        ? 'It is already recorded whether this notification was sent or not needed.'
        : 'That notification is not owed on this dispute.',
      { field: 'notificationId' },
    )
  }
  const settled = {
    notificationId: target.notificationId,
    stage: target.stage,
    reason: input.reason,
    recordedAt: ctx.now,
    by: input.by,
  }
  return { ok: true, dispute: { ...dispute, notificationsNotNeeded: [...dispute.notificationsNotNeeded, settled] } }
}
