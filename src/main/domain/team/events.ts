/**
 * What one device tells the rest of the team (docs/team-vault.md, "Events"). An event says what a person did
 * in the words of the case log — a draft saved, a record approved, a dispute escalated — never "set field X to
 * Y", so that two devices' events can be merged by meaning. Ids (of records, versions, transitions) are made by
 * the device that writes the event and are unique across the team (they start with the device id).
 *
 * Causality is carried by meaning too: a new draft version names the versions it was made from (`after`), a
 * transition names the transitions its author had seen as the dispute's latest. Two versions or transitions
 * that do not descend from one another were made concurrently, whatever their clocks say.
 */
import { z } from 'zod'

const Id = z.string().regex(/^[a-z0-9][a-z0-9._:-]{0,127}$/)
const Text = z.string().max(100_000)
const Reason = z.string().min(1).max(2_000)
const CivilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const Parents = z.array(Id).max(64)

export const TeamAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dispute-opened'), disputeId: Id, stage: z.number().int().min(0).max(20), openedOn: CivilDate }),
  z.object({ kind: z.literal('draft-saved'), disputeId: Id, recordId: Id, version: Id, after: Parents, text: Text }),
  z.object({ kind: z.literal('record-approved'), disputeId: Id, recordId: Id, version: Id }),
  z.object({ kind: z.literal('addendum-added'), disputeId: Id, recordId: Id, addendumId: Id, text: Text }),
  z.object({ kind: z.literal('countersigned'), disputeId: Id, recordId: Id }),
  z.object({ kind: z.literal('draft-taken-over'), disputeId: Id, recordId: Id, reason: Reason }),
  z.object({ kind: z.literal('draft-set-aside'), disputeId: Id, recordId: Id, reason: Reason }),
  z.object({
    kind: z.literal('transition'),
    disputeId: Id,
    transitionId: Id,
    to: z.enum(['escalated', 'resolved', 'withdrawn']),
    stage: z.number().int().min(0).max(20),
    effectiveOn: CivilDate,
    after: Parents,
  }),
  /** A person settles a "needs review": `keep` is the transition that stands; `after` every one they saw. */
  z.object({ kind: z.literal('review-decided'), disputeId: Id, transitionId: Id, keep: Id, after: Parents, reason: Reason }),
])
export type TeamAction = z.infer<typeof TeamAction>

/** One action as written: by whom, on which device, and the device clock's time (shown, never trusted). */
export const TeamEvent = z.object({
  id: Id,
  deviceId: Id,
  personId: Id,
  at: z.iso.datetime(),
  action: TeamAction,
})
export type TeamEvent = z.infer<typeof TeamEvent>
