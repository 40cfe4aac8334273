/**
 * The final-stage meeting of a dispute (stage 4 in every built-in policy): as stored, as the screens send
 * it, and as they are shown it. The rules that decide what may change and when a decision may be signed
 * off live in src/main/domain/meetings; this is only the shape.
 *
 * An independent Chair needs each agency's position in its own words, what was tried at each stage, the
 * question for decision, and afterwards a decision record (decision, rationale, actions with owners and
 * dates, who feeds back to the practitioners, the reports the policy requires). Once the decision record
 * is signed off it never changes: corrections are dated addenda, as for contact records.
 *
 * Shared with the renderer: zod only, no Node, no DOM.
 */
import { z } from 'zod'
import { CivilDate, Instant } from './dates'
import { TypedLocalTime } from './date-entry'
import { Addendum, AddendumInput, Signature } from './records'

const text = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` })

/** A person at the meeting as the minutes name them. Any part may be blank while the meeting is planned. */
export const MeetingPerson = z.object({ name: text(200), role: text(200), agency: text(200) })
export type MeetingPerson = z.infer<typeof MeetingPerson>

export const MeetingChair = MeetingPerson.extend({
  /** Whether the Chair is independent of the case; null until someone has said. */
  independent: z.boolean().nullable(),
})
export type MeetingChair = z.infer<typeof MeetingChair>

/**
 * One agency's position. `stated` is the position as that agency gave it; `fromRecords` are the contact
 * records whose words of that agency's people are quoted (the domain admits only records that hold such
 * words, so the DSL's own notes are never put in the other agency's mouth).
 */
export const AgencyPosition = z.object({
  agency: text(200),
  stated: text(8000),
  fromRecords: z.array(z.string().min(1).max(100)).max(200),
})
export type AgencyPosition = z.infer<typeof AgencyPosition>

/** What happened at one stage, in the DSL's words: what was tried and why it did not resolve. */
export const StageNote = z.object({
  stage: z.number().int().min(1).max(50),
  tried: text(4000),
  whyNotResolved: text(4000),
})
export type StageNote = z.infer<typeof StageNote>

export const MeetingAction = z.object({
  action: text(1000),
  owner: text(200),
  dueOn: CivilDate.nullable(),
})
export type MeetingAction = z.infer<typeof MeetingAction>

/** A report the policy requires after the meeting (Solihull: the Learning and Development Group), and who makes it. */
export const MeetingReport = z.object({ to: text(200), by: text(200) })
export type MeetingReport = z.infer<typeof MeetingReport>

export const DecisionRecord = z.object({
  decision: text(8000),
  rationale: text(8000),
  actions: z.array(MeetingAction).max(50),
  /** Who feeds the decision back to the practitioners. */
  feedbackBy: text(300),
  reports: z.array(MeetingReport).max(10),
})
export type DecisionRecord = z.infer<typeof DecisionRecord>

/** What is arranged and prepared before the meeting; editable until the decision is signed off. */
export const MeetingPlan = z.object({
  chair: MeetingChair,
  /** The day it is (to be) held: planned meetings are in the future, so a future day is allowed. */
  date: CivilDate.nullable(),
  /** Local time in England, "14:00", as typed. */
  time: TypedLocalTime.nullable(),
  place: text(300),
  attendees: z.array(MeetingPerson).max(40),
  apologies: z.array(MeetingPerson).max(40),
  agenda: z.array(text(500)).max(30),
  /** The question the meeting is asked to decide. */
  question: text(4000),
  /** The outcome the raising agency seeks. */
  outcomeSought: text(4000),
  positions: z.object({ raising: AgencyPosition, other: AgencyPosition }),
  stageNotes: z.array(StageNote).max(50),
})
export type MeetingPlan = z.infer<typeof MeetingPlan>

export const MEETING_FORMAT = 1

export const Meeting = MeetingPlan.extend({
  disputeId: z.string().min(1),
  /** The policy stage the meeting is held at (the final stage). */
  stage: z.number().int().min(1),
  arrangedAt: Instant,
  arrangedBy: z.string().min(1),
  updatedAt: Instant,
  /** Entered after the meeting; null until then. */
  decision: DecisionRecord.nullable(),
  /** Set once, by the signed-in person, as approvals are signed; the meeting then never changes. */
  signOff: Signature.nullable(),
  addenda: z.array(Addendum),
})
export type Meeting = z.infer<typeof Meeting>

// ── inputs (the main process parses them before the domain sees them) ───────────────────────────

export const MeetingPlanInput = MeetingPlan
export type MeetingPlanInput = z.input<typeof MeetingPlanInput>
export const DecisionRecordInput = DecisionRecord
export type DecisionRecordInput = z.input<typeof DecisionRecordInput>
export { AddendumInput as MeetingAddendumInput }

// ── what the screen is shown ────────────────────────────────────────────────────────────────────

/** The policy's words for the meeting (its own, or the app's general meeting where the policy has none). */
export const MeetingRulesView = z.object({
  stage: z.number(),
  /** The stage in the policy's own word: "Stage 4", "Step 6". */
  stageName: z.string(),
  stageTitle: z.string(),
  title: z.string(),
  chair: z.string(),
  chairIndependent: z.boolean(),
  reportsTo: z.array(z.string()),
  feedbackTo: z.string().nullable(),
  /** The policy's sentence, where it has one. */
  quote: z.string().nullable(),
})
export type MeetingRulesView = z.infer<typeof MeetingRulesView>

/** A contact record as the meeting can cite it: its number in the pack and the words of each side, where recorded. */
export const MeetingRecordView = z.object({
  id: z.string(),
  ref: z.string(),
  label: z.string(),
  stage: z.union([z.number(), z.literal('emergency')]),
  /** What the other agency's people said, where the record attributes it; null otherwise. */
  theirWords: z.string().nullable(),
  /** What our side said, where the record attributes it; null otherwise. */
  ourWords: z.string().nullable(),
})
export type MeetingRecordView = z.infer<typeof MeetingRecordView>

/** What happened at one stage, from the dispute's history and records, with the DSL's note. */
export const StageSummaryView = z.object({
  stage: z.number(),
  /** The stage in the policy's own word: "Stage 2", "Step 2". */
  name: z.string(),
  title: z.string(),
  parties: z.string(),
  enteredOn: z.string(),
  leftOn: z.string().nullable(),
  enteredBy: z.string(),
  /** Who was spoken to at the stage, from its records. */
  spokeWith: z.array(z.string()),
  recordRefs: z.array(z.string()),
  note: StageNote.nullable(),
})
export type StageSummaryView = z.infer<typeof StageSummaryView>

/** One of a meeting's versions saved on two devices at once: who saved it, when by their device's clock, and the parts that differ. */
export const TeamMeetingVersion = z.object({ version: z.string(), byName: z.string(), at: z.string(), parts: z.array(z.object({ part: z.string(), text: z.string() })) })
export type TeamMeetingVersion = z.infer<typeof TeamMeetingVersion>

export const MeetingView = z.object({
  disputeId: z.string(),
  reference: z.string(),
  raisingAgency: z.string(),
  otherAgency: z.string(),
  rules: MeetingRulesView,
  /** Whether the dispute has reached the stage the meeting is held at (and a meeting can be arranged). */
  atMeetingStage: z.boolean(),
  meeting: Meeting.nullable(),
  records: z.array(MeetingRecordView),
  stages: z.array(StageSummaryView),
  /** Why the decision cannot be signed off yet; empty when it can (or is). */
  signOffProblems: z.array(z.object({ field: z.string(), message: z.string() })),
  /** What the team vault says of the meeting (who changed it last on another device, changes made at once), in sentences. */
  team: z.array(z.string()),
  /** Versions saved on two devices at once, each with the parts that differ: both shown until a person saves again. */
  teamVersions: z.array(TeamMeetingVersion),
})
export type MeetingView = z.infer<typeof MeetingView>
