/**
 * Who must be told, worked out from the policy's notification rules and the dispute's history. A duty is
 * evaluated on the days it could arise — the day a stage or route was entered, and each day within it
 * that a circumstance began or ended — and is owed from the first such day its condition holds. Once
 * owed it stays owed until it is recorded as sent or as not needed (with a reason), whatever happens to
 * the circumstance afterwards: a child protection plan that ends does not cancel an unsent IRO notice.
 * - repeat "once": owed once, from the first day the condition held at any stage or route.
 * - repeat "eachStage": owed separately for every stage during which the condition held.
 */
import type { Dispute, StageVisit } from '../../../shared/dispute'
import type { Contact, Notification, Policy } from '../../../shared/policy'
import { civilDateInLondon } from '../calendar'
import { evaluateCondition } from '../policies/conditions'
import { circumstancesOn } from './circumstances'
import { conditionContext } from './schedule'

export interface NotificationOwed {
  notificationId: string
  /** For eachStage notifications, the stage it is for; otherwise null. */
  stage: number | null
  recipient: Contact
  what: string
  how?: string
  by?: string
  form?: { id: string; title: string; colour?: string }
  /** "SSCP Business Manager must be notified: the dispute reached stage 2". */
  reason: string
  /** The civil date from which it has been owed. */
  owedSince: string
}

interface Occurrence {
  notification: Notification
  stage: number | null
  because: string[]
  since: string
}

/**
 * The days within a visit on which a duty could arise, in order: the day it was entered, then each day a
 * circumstance began or ended before the dispute moved on (the next stage owns the day it was entered).
 */
function daysToEvaluate(dispute: Dispute, visit: StageVisit, closedOn: string | null): string[] {
  const leftOn = visit.leftAt !== null ? civilDateInLondon(visit.leftAt) : null
  const within = (day: string): boolean =>
    day > visit.enteredOn && (leftOn !== null ? day < leftOn : closedOn === null || day <= closedOn)
  const changes = dispute.circumstancePeriods.flatMap((p) => (p.to === null ? [p.from] : [p.from, p.to]))
  return [visit.enteredOn, ...[...new Set(changes.filter(within))].sort()]
}

function occurrences(dispute: Dispute, policy: Policy): Occurrence[] {
  const found: Occurrence[] = []
  const closedOn = dispute.closedAt !== null ? civilDateInLondon(dispute.closedAt) : null
  for (const n of policy.notifications) {
    const hits: Occurrence[] = []
    for (const visit of dispute.stageHistory) {
      for (const day of daysToEvaluate(dispute, visit, closedOn)) {
        const facts = { ...conditionContext(dispute, visit), childCircumstances: circumstancesOn(dispute.circumstancePeriods, day) }
        const result = evaluateCondition(n.when, facts, policy)
        if (!result.holds) continue
        // Owed since that day, unless it is owed only because of the outcome (then since closing).
        const beforeOutcome = evaluateCondition(
          n.when,
          { ...facts, resolved: false, lessonsToForward: false },
          policy,
        ).holds
        const since = beforeOutcome || closedOn === null ? day : closedOn
        hits.push({ notification: n, stage: visit.stage, because: result.because, since })
        break
      }
    }
    if (n.repeat === 'eachStage') {
      const seen = new Set<number | null>()
      for (const hit of hits) {
        if (seen.has(hit.stage)) continue
        seen.add(hit.stage)
        found.push(hit)
      }
    } else if (hits.length > 0) {
      found.push({ ...hits[0], stage: null })
    }
  }
  return found
}

function wasSent(dispute: Dispute, notificationId: string, stage: number | null): boolean {
  return dispute.notificationsSent.some((s) => s.notificationId === notificationId && s.stage === stage)
}

function notNeeded(dispute: Dispute, notificationId: string, stage: number | null): { reason: string } | null {
  const found = dispute.notificationsNotNeeded.find((s) => s.notificationId === notificationId && s.stage === stage)
  return found ? { reason: found.reason } : null
}

function describe(policy: Policy, o: Occurrence): NotificationOwed {
  const n = o.notification
  const recipient = policy.contacts.find((c) => c.id === n.recipient)
  // validatePolicy guarantees the contact exists.
  if (!recipient) throw new Error(`Notification ${n.id} names a missing contact`)
  const form = n.form !== undefined ? policy.forms.find((f) => f.id === n.form) : undefined
  const because = o.because.length > 0 ? o.because.join('; ') : 'the policy requires it'
  return {
    notificationId: n.id,
    stage: o.stage,
    recipient,
    what: n.what,
    ...(n.how !== undefined ? { how: n.how } : {}),
    ...(n.by !== undefined ? { by: n.by } : {}),
    ...(form
      ? {
          form: {
            id: form.id,
            title: form.title,
            ...(form.colour !== undefined ? { colour: form.colour } : {}),
          },
        }
      : {}),
    reason: `${recipient.name} must be notified: ${because}`,
    owedSince: o.since,
  }
}

/** The notifications owed now (neither sent nor recorded as not needed), in the order the policy lists them. */
export function notificationsOwed(dispute: Dispute, policy: Policy): NotificationOwed[] {
  return occurrences(dispute, policy)
    .filter((o) => !wasSent(dispute, o.notification.id, o.stage) && !notNeeded(dispute, o.notification.id, o.stage))
    .map((o) => describe(policy, o))
}

/** Every notification the policy asks for in this dispute so far: sent, recorded as not needed, or still owed. */
export function notificationsDue(
  dispute: Dispute,
  policy: Policy,
): (NotificationOwed & { sent: boolean; notNeeded: { reason: string } | null })[] {
  return occurrences(dispute, policy).map((o) => ({
    ...describe(policy, o),
    sent: wasSent(dispute, o.notification.id, o.stage),
    notNeeded: notNeeded(dispute, o.notification.id, o.stage),
  }))
}
