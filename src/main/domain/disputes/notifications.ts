/**
 * Who must be told, worked out from the policy's notification rules and the dispute's history. A
 * notification is owed from the moment its condition holds until someone records that it was sent.
 * - repeat "once": owed once, if the condition held at any point (any stage the dispute visited, or now).
 * - repeat "eachStage": owed separately for every stage at which the condition held.
 */
import type { Dispute } from '../../../shared/dispute'
import type { Contact, Notification, Policy } from '../../../shared/policy'
import { civilDateInLondon } from '../calendar'
import { evaluateCondition } from '../policies/conditions'
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

function occurrences(dispute: Dispute, policy: Policy): Occurrence[] {
  const found: Occurrence[] = []
  const closedOn = dispute.closedAt !== null ? civilDateInLondon(dispute.closedAt) : null
  for (const n of policy.notifications) {
    const hits: Occurrence[] = []
    for (const visit of dispute.stageHistory) {
      const facts = conditionContext(dispute, visit)
      const result = evaluateCondition(n.when, facts, policy)
      if (!result.holds) continue
      // Owed since the stage began, unless it is owed only because of the outcome (then since closing).
      const beforeOutcome = evaluateCondition(
        n.when,
        { ...facts, resolved: false, lessonsToForward: false },
        policy,
      ).holds
      const since = beforeOutcome || closedOn === null ? visit.enteredOn : closedOn
      hits.push({ notification: n, stage: visit.stage, because: result.because, since })
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

/** The notifications owed now (not yet recorded as sent), in the order the policy lists them. */
export function notificationsOwed(dispute: Dispute, policy: Policy): NotificationOwed[] {
  return occurrences(dispute, policy)
    .filter((o) => !wasSent(dispute, o.notification.id, o.stage))
    .map((o) => describe(policy, o))
}

/** Every notification the policy asks for in this dispute so far, sent or not. */
export function notificationsDue(dispute: Dispute, policy: Policy): (NotificationOwed & { sent: boolean })[] {
  return occurrences(dispute, policy).map((o) => ({
    ...describe(policy, o),
    sent: wasSent(dispute, o.notification.id, o.stage),
  }))
}
