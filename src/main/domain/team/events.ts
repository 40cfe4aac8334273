/**
 * What one device tells the rest of the team (docs/team-vault.md, "Events"). An event says what a person did
 * in the words of the case log — a draft saved, a record approved, a dispute escalated — never "set field X to
 * Y", so that two devices' events can be merged by meaning. Ids (of records, versions, transitions) are made by
 * the device that writes the event and are unique across the team (they start with the device id).
 *
 * Every event carries what it is about in full, in the case log's own typed shapes (shared/records.ts,
 * shared/dispute.ts, shared/children.ts …): a draft version holds the record's whole content, a transition the
 * dispute as it stood after it, a child's version the child's details. So a device that receives an event can
 * write it into its own case log without asking anyone (src/main/team/bridge.ts).
 *
 * Causality is carried by meaning too: a new draft version names the versions it was made from (`after`), a
 * transition names the transitions its author had seen as the dispute's latest, and every version of a thing
 * with no meaning of its own to merge by (a dispute's details, a child, a directory entry, the retired
 * policies, the team's settings) names the versions it was made from. Two versions or transitions that do not
 * descend from one another were made concurrently, whatever their clocks say.
 *
 * The field `disputeId` names what an event is about: a dispute's id, or for things of the whole team
 * `child.<id>`, `directory.<id>`, `policy.<id>.<version>`, `policies.retired`, `settings.team`, `calendar.team` — so a device
 * merges again only what new events touch.
 */
import { z } from 'zod'
import { Child } from '../../../shared/children'
import { DirectoryEntry } from '../../../shared/directory'
import { Dispute } from '../../../shared/dispute'
import { Meeting } from '../../../shared/meetings'
import { Policy, PolicyRetirement } from '../../../shared/policy'
import { MAX_ATTACHMENT_LIMIT_MB, RecordFileSource } from '../../../shared/record-files'
import { Addendum, ContactRecordContent, CountersignatureAsk, RecordAuthor, Signature } from '../../../shared/records'

const Id = z.string().regex(/^[a-z0-9][a-z0-9._:-]{0,127}$/)
/** What an event is about: a dispute's id, or one of the whole team's things (above). */
const Subject = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/)
const Reason = z.string().min(1).max(2_000)
const CivilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const Instant = z.iso.datetime()
const Parents = z.array(Id).max(64)

/** The team's share of the settings: the same for every member (a person's own settings stay on their device). */
export const TeamSettings = z.object({
  retentionYears: z.number().int().min(1).max(125),
  attachmentLimitMB: z.number().int().min(1).max(100).nullable(),
})
export type TeamSettings = z.infer<typeof TeamSettings>

/** The school's working calendar: imported bank holidays (null: the bundled list) and its own closure days. */
export const TeamCalendar = z.object({
  bankHolidays: z.array(z.object({ title: z.string().max(200), date: CivilDate })).max(2_000).nullable(),
  extraClosures: z.array(z.object({ date: CivilDate, label: z.string().max(200) })).max(2_000),
})
export type TeamCalendar = z.infer<typeof TeamCalendar>

/** The most plaintext one document version of a stored file holds (docs/team-vault.md, "Stored files"). */
export const FILE_PART_BYTES = 8 * 1024 * 1024
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

/**
 * A file stored with a record (an attachment, a saved email), as the team holds it: what a person sees of it,
 * its bytes' SHA-256 and size, and the parts that hold them in order (each at most FILE_PART_BYTES, named by path,
 * the SHA-256 of the sealed file and the id of the dispute key it is sealed under). Its local name in each vault is that vault's own keyed hash.
 */
export const TeamStoredFile = z.object({
  sha256: Sha256,
  /** At most the largest file the settings can allow (MAX_ATTACHMENT_LIMIT_MB). */
  size: z.number().int().min(0).max(MAX_ATTACHMENT_LIMIT_MB * 1024 * 1024),
  name: z.string().min(1).max(260),
  type: z.string().max(200),
  source: RecordFileSource,
  addedAt: Instant,
  addedByPersonId: z.string().min(1).max(200),
  addedByName: z.string().min(1).max(200),
  afterApproval: z.boolean(),
  parts: z
    .array(
      z.object({
        path: z.string().regex(/^devices\/[0-9a-f]{32}\/docs\/b\d{6}\/d-\d{12}-[0-9a-f]{8}\.elt$/),
        hash: Sha256,
        size: z.number().int().min(0).max(FILE_PART_BYTES),
        /** The dispute key the part is sealed under (kind 6); absent in a part written before (kind 2, the epoch's files key). */
        keyId: z
          .string()
          .regex(/^[0-9a-f]{32}$/)
          .optional(),
      }),
    )
    .min(1)
    .max(16),
})
export type TeamStoredFile = z.infer<typeof TeamStoredFile>

/** The prefixes of the whole team's things (see above); anything else is a dispute's id. */
export const SUBJECT = {
  child: (id: string) => `child.${id}`,
  directory: (id: string) => `directory.${id}`,
  policy: (id: string, version: number) => `policy.${id}.${version}`,
  retired: 'policies.retired',
  settings: 'settings.team',
  calendar: 'calendar.team',
} as const
export const isDisputeSubject = (subject: string): boolean => !/^(child|directory|policy|policies|settings|calendar)\./.test(subject)

/**
 * A version of a dispute's final-stage meeting as prepared: its plan and, once entered, its decision record —
 * everything but the sign-off and the addenda, which travel as their own events and only ever add.
 */
export const MeetingVersion = Meeting.omit({ signOff: true, addenda: true })
export type MeetingVersion = z.infer<typeof MeetingVersion>

/** A retention decision taken at review of a closed dispute: keep it until a date, or dispose of it. */
export const RetentionDecided = z.object({
  decision: z.enum(['retain', 'dispose']),
  reason: Reason,
  /** For "retain": the next review date; null for "dispose". */
  retainUntil: CivilDate.nullable(),
  decidedAt: Instant,
  decidedBy: z.string().min(1).max(200),
})
export type RetentionDecided = z.infer<typeof RetentionDecided>

export const TeamAction = z.discriminatedUnion('kind', [
  /** A dispute begins: the dispute as opened (`version` names this first version of its details). */
  z.object({ kind: z.literal('dispute-opened'), disputeId: Id, version: Id, dispute: Dispute }),
  /** A version of a draft, made from the versions `after` (none for the first): the record's whole content. */
  z.object({
    kind: z.literal('draft-saved'),
    disputeId: Id,
    recordId: Id,
    version: Id,
    after: Parents,
    recordedAt: Instant,
    author: RecordAuthor,
    content: ContactRecordContent,
  }),
  /** The draft's author (or a colleague who took it over) approves that version, signed as `approval`. */
  z.object({ kind: z.literal('record-approved'), disputeId: Id, recordId: Id, version: Id, approval: Signature }),
  z.object({ kind: z.literal('addendum-added'), disputeId: Id, recordId: Id, addendum: Addendum }),
  z.object({ kind: z.literal('countersigned'), disputeId: Id, recordId: Id, countersignature: Signature }),
  z.object({ kind: z.literal('countersignature-asked'), disputeId: Id, recordId: Id, ask: CountersignatureAsk }),
  /** A file stored with the record (while a draft, or after approval as a dated addition). */
  z.object({ kind: z.literal('file-added'), disputeId: Id, recordId: Id, file: TeamStoredFile }),
  /** Files removed from a draft: the `file-added` events (by event id) whose files it no longer holds. */
  z.object({ kind: z.literal('file-removed'), disputeId: Id, recordId: Id, added: z.array(Id).min(1).max(128) }),
  z.object({ kind: z.literal('draft-taken-over'), disputeId: Id, recordId: Id, reason: Reason }),
  z.object({ kind: z.literal('draft-set-aside'), disputeId: Id, recordId: Id, reason: Reason }),
  /**
   * Escalated / resolved / withdrawn (or onto or off the emergency route, as `escalated`; stage 0 is the
   * emergency route), after the transitions `after`; `base` the versions of the dispute its author had, and
   * `dispute` the dispute as it stood after the move.
   */
  z.object({
    kind: z.literal('transition'),
    disputeId: Id,
    transitionId: Id,
    to: z.enum(['escalated', 'resolved', 'withdrawn']),
    stage: z.number().int().min(0).max(20),
    effectiveOn: CivilDate,
    after: Parents,
    base: Parents,
    dispute: Dispute,
  }),
  /** A person settles a "needs review": `keep` is the transition that stands; `after` every one they saw. */
  z.object({ kind: z.literal('review-decided'), disputeId: Id, transitionId: Id, keep: Id, after: Parents, reason: Reason }),
  /**
   * Anything else recorded on a dispute (a notification sent or not needed, a step done, a request, who is
   * involved at a stage, a circumstance's dates): the dispute as it stood after it, made from the versions `base`.
   */
  z.object({ kind: z.literal('dispute-noted'), disputeId: Id, version: Id, base: Parents, dispute: Dispute }),
  z.object({ kind: z.literal('child-saved'), disputeId: Subject, version: Id, after: Parents, child: Child }),
  z.object({ kind: z.literal('directory-entry-saved'), disputeId: Subject, version: Id, after: Parents, entry: DirectoryEntry }),
  /** Imported policies only add: one event per policy version. */
  z.object({ kind: z.literal('policy-imported'), disputeId: Subject, policy: Policy }),
  z.object({ kind: z.literal('policies-retired'), disputeId: Subject, version: Id, after: Parents, retired: z.array(PolicyRetirement).max(500) }),
  z.object({ kind: z.literal('team-settings-saved'), disputeId: Subject, version: Id, after: Parents, settings: TeamSettings }),
  z.object({ kind: z.literal('calendar-saved'), disputeId: Subject, version: Id, after: Parents, calendar: TeamCalendar }),
  /** A version of the dispute's meeting (arranged, its plan or decision record changed), made from the versions `after`. */
  z.object({ kind: z.literal('meeting-saved'), disputeId: Id, version: Id, after: Parents, meeting: MeetingVersion }),
  /** The meeting's decision signed off, as the version `version`: from then on that version is the meeting's record. */
  z.object({ kind: z.literal('meeting-signed-off'), disputeId: Id, version: Id, signOff: Signature }),
  z.object({ kind: z.literal('meeting-addendum-added'), disputeId: Id, addendum: Addendum }),
  /** A decision at the retention review of a closed dispute; decisions only add. */
  z.object({ kind: z.literal('retention-decided'), disputeId: Id, decision: RetentionDecided }),
])

/** Every kind of action this version of the app reads (a segment holding another is refused, naming it). */
export const TEAM_ACTION_KINDS: ReadonlySet<string> = new Set(TeamAction.options.map((o) => o.shape.kind.value))
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
