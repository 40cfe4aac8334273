/**
 * What the quarterly figures (./reports.ts) and the partnership's quarterly return (./quarterly-return.ts)
 * read of a dispute, and nothing else: no names, no descriptions, no records. The case log keeps these
 * facts per year in summary documents, current with every save, so the quarterly figures never load the
 * archives; the figures are computed from them exactly as from whole disputes (a Dispute is a
 * QuarterlyDispute: every field here is one of its own, under the same name).
 *
 * Pure: no I/O.
 */
import { z } from 'zod'
import type { Child } from '../../shared/children'
import { Deadline, Dispute, NotificationNotNeeded, NotificationSent, StageVisit } from '../../shared/dispute'

export const QuarterlyDispute = z.strictObject({
  ...Dispute.pick({ id: true, reference: true, status: true, route: true, openedAt: true, closedAt: true, childIds: true, policy: true }).shape,
  otherAgency: z.object({ agency: z.string() }),
  reasons: z.object({ ids: z.array(z.string()) }),
  outcome: z.object({ resolvedAt: z.string() }).nullable(),
  /** Of each stage's own deadline, only when it passes (its label and basis are words for the screens). */
  stageHistory: z.array(StageVisit.pick({ route: true, stage: true, enteredOn: true, leftAt: true }).extend({ due: z.object({ deadline: Deadline }).nullable() })).min(1),
  notificationsSent: z.array(NotificationSent.pick({ notificationId: true, sentOn: true })),
  notificationsNotNeeded: z.array(NotificationNotNeeded.pick({ notificationId: true, recordedAt: true })),
})
export type QuarterlyDispute = z.infer<typeof QuarterlyDispute>

/** What the quarterly return reads of a child: its setting (the agency raising) and level of need. */
export const QuarterlyChildFacts = z.strictObject({
  settingName: z.string().nullable().optional(),
  levelOfNeed: z.string().nullable().optional(),
})
export type QuarterlyChildFacts = z.infer<typeof QuarterlyChildFacts>
export type QuarterlyChild = QuarterlyChildFacts & { id: string }

/** The quarterly facts of a dispute: a copy of exactly the fields the figures read. */
export function quarterlyFactsOf(d: QuarterlyDispute): QuarterlyDispute {
  return {
    id: d.id,
    reference: d.reference,
    status: d.status,
    route: d.route,
    openedAt: d.openedAt,
    closedAt: d.closedAt,
    childIds: [...d.childIds],
    policy: { id: d.policy.id, version: d.policy.version, partnership: d.policy.partnership },
    otherAgency: { agency: d.otherAgency.agency },
    reasons: { ids: [...d.reasons.ids] },
    outcome: d.outcome === null ? null : { resolvedAt: d.outcome.resolvedAt },
    stageHistory: d.stageHistory.map((v) => ({ route: v.route, stage: v.stage, enteredOn: v.enteredOn, leftAt: v.leftAt, due: v.due === null ? null : { deadline: v.due.deadline } })),
    notificationsSent: d.notificationsSent.map((n) => ({ notificationId: n.notificationId, sentOn: n.sentOn })),
    notificationsNotNeeded: d.notificationsNotNeeded.map((n) => ({ notificationId: n.notificationId, recordedAt: n.recordedAt })),
  }
}

/** What the quarterly return reads of a child, without its name or anything else about them. */
export function quarterlyChildFactsOf(c: Pick<Child, 'settingName' | 'levelOfNeed'>): QuarterlyChildFacts {
  return {
    ...(c.settingName !== undefined ? { settingName: c.settingName } : {}),
    ...(c.levelOfNeed !== undefined ? { levelOfNeed: c.levelOfNeed } : {}),
  }
}
