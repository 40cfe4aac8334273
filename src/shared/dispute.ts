/**
 * A dispute (an escalation of a professional disagreement) as stored and as shown; the inputs of its
 * transitions are in ./dispute-inputs. The rules that move it live in src/main/domain/disputes; this is only the shape.
 *
 * Deadlines are computed when a stage (or route, or request) is entered and stored with their basis, so
 * neither a later version of the policy nor a later change to the calendar moves a deadline already set.
 */
import { z } from 'zod'
import { CivilDate as civilDateSchema, Instant as instantSchema } from './dates'
import { TriageLevel } from './policy'

export const words = (label: string, max = 2000) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
export const optionalWords = (label: string, max = 2000) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .optional()

// ── deadlines ────────────────────────────────────────────────────────────────────────────────────

/** A civil date (the deadline passes at the end of that day in England) or, for hours, an instant. */
export const Deadline = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: civilDateSchema }),
  z.object({ kind: z.literal('instant'), at: instantSchema }),
])
export type Deadline = z.infer<typeof Deadline>

/** One thing due, with the words that explain the date: "Stage 2: 2 working days from the end of stage 1 on 3 Dec 2026". */
export const DueItem = z.object({
  /** Stable within the dispute: 'stage-2', 'stage-2/step/refer-in-writing', 'overall', 'request-1/step/chair-decision'. */
  key: z.string(),
  label: z.string(),
  deadline: Deadline,
  basis: z.string(),
  /** The policy's own words for the timescale, where it has them. */
  wording: z.string().optional(),
  /** Only due in some cases ("Where a resolution is reached"): never shown as overdue. */
  onlyIf: z.string().optional(),
  /**
   * The deadline as first set, where a recorded event of the dispute has since moved it (a step it counts
   * from was recorded as done on another day). Kept so that the basis can say what it was.
   */
  earlier: z.object({ deadline: Deadline, basis: z.string() }).optional(),
})
export type DueItem = z.infer<typeof DueItem>

// ── parts of a dispute ───────────────────────────────────────────────────────────────────────────

export const EmergencyCall = z.object({
  calledAt: instantSchema,
  by: words('Who called 999', 200),
  note: optionalWords('The note about the 999 call', 1000),
})
export type EmergencyCall = z.infer<typeof EmergencyCall>

/**
 * For a policy whose immediate-danger instruction is not a 999 call ("the designated safeguarding lead …
 * should be informed immediately"): that the instruction was followed, when and by whom. The instruction
 * is the policy's, copied when the dispute opens.
 */
export const ImmediateAction = z.object({
  /** Set by the domain from the policy when the dispute opens (whatever a caller sends is replaced). */
  instruction: z.string().max(1000).optional(),
  doneAt: instantSchema,
  by: words('Who did it', 200),
  note: optionalWords('The note about what was done', 1000),
})
export type ImmediateAction = z.infer<typeof ImmediateAction>

export const StartStage = z.object({
  stage: z.number().int().min(1),
  reason: words('The reason for starting at a later stage', 1000),
})
export type StartStage = z.infer<typeof StartStage>

export const Triage = z.object({
  level: TriageLevel,
  /** Required when the child is in immediate danger and the policy says to dial 999: the call, with its time. */
  emergencyCall: EmergencyCall.optional(),
  /** Required when the child is in immediate danger and the policy says to do something else first. */
  immediateAction: ImmediateAction.optional(),
  /** A later first stage, where the policy allows discretion. */
  startStage: StartStage.optional(),
})
export type Triage = z.infer<typeof Triage>

/**
 * Someone involved at a stage: on our side, who takes the matter up (at St Helens stage 2, "1st Line
 * Manager to 1st Line Manager", our line manager rather than the DSL); on theirs, whom it now sits with.
 * From the directory (its id kept) or typed.
 */
export const StagePerson = z.object({
  name: words('Their name', 200),
  role: optionalWords('Their role', 200),
  agency: optionalWords('Their agency', 200),
  contactDetails: optionalWords('Their contact details', 500),
  directoryId: z.string().max(100).optional(),
})
export type StagePerson = z.infer<typeof StagePerson>

export const StageVisit = z.object({
  route: z.enum(['stages', 'emergency']),
  /** null on the emergency route, which has no stage number. */
  stage: z.number().int().min(1).nullable(),
  /**
   * How the dispute came here: `riskRose`, onto the emergency route from an ordinary stage when the risk
   * to the child rose (its reason in `reason`); `handedOver`, from the emergency route to the stage its
   * policy names, when the route had not resolved it. Both added without a new format: every stored
   * visit is still valid.
   */
  how: z.enum(['opened', 'escalated', 'startedLater', 'riskRose', 'handedOver']),
  reason: z.string().optional(),
  enteredAt: instantSchema,
  enteredOn: civilDateSchema,
  enteredBy: z.string(),
  leftAt: instantSchema.nullable(),
  /** The stage's own deadline, computed at entry; null where the policy gives the stage no timescale. */
  due: DueItem.nullable(),
  steps: z.array(DueItem),
  /**
   * On the emergency route, where its policy expects the harm within so many hours: the instant that
   * window closes, computed at entry (the live countdown). Optional: visits stored before it have none.
   */
  harmClock: DueItem.optional(),
  /**
   * Who takes the matter up on our side at this stage, and whom it sits with on theirs, as recorded when
   * escalating or later (each change audited). Null where it was never recorded — forms then leave the box
   * blank. On the opening visit a null `theirSide` means the practitioner the dispute was opened with.
   */
  ourSide: StagePerson.nullable(),
  theirSide: StagePerson.nullable(),
})
export type StageVisit = z.infer<typeof StageVisit>

export const NotificationSent = z.object({
  notificationId: z.string(),
  /** For notifications owed at each stage: which stage this one was for. */
  stage: z.number().int().min(1).nullable(),
  sentOn: civilDateSchema,
  recordedAt: instantSchema,
  by: z.string(),
  note: z.string().optional(),
})
export type NotificationSent = z.infer<typeof NotificationSent>

/**
 * A notification that was owed and that the DSL decided need not be sent, with why. Once owed, a duty
 * stays owed until it is sent or settled so — never because the circumstance behind it ended.
 */
export const NotificationNotNeeded = z.object({
  notificationId: z.string(),
  stage: z.number().int().min(1).nullable(),
  reason: z.string(),
  recordedAt: instantSchema,
  by: z.string(),
})
export type NotificationNotNeeded = z.infer<typeof NotificationNotNeeded>

/**
 * When a circumstance of the children held ("looked after from 30 Mar 2027"): duties are evaluated on
 * the days it held, not on whatever holds now.
 */
export const CircumstancePeriod = z.object({
  circumstance: z.string(),
  from: civilDateSchema,
  /** The day it ended (it no longer held that day); null while it still holds. */
  to: civilDateSchema.nullable(),
  recordedAt: instantSchema,
  by: z.string(),
  /** Earlier dates of this period, kept when a wrongly entered date was corrected. */
  corrections: z.array(
    z.object({
      from: civilDateSchema,
      to: civilDateSchema.nullable(),
      at: instantSchema,
      by: z.string(),
      reason: z.string(),
    }),
  ),
})
export type CircumstancePeriod = z.infer<typeof CircumstancePeriod>

export const DisputeRequest = z.object({
  id: z.string(),
  kind: z.enum(['anyStageOption', 'exceptionalRoute']),
  optionId: z.string(),
  title: z.string(),
  requestedAt: instantSchema,
  requestedOn: civilDateSchema,
  atStage: z.number().int().nullable(),
  by: z.string(),
  note: z.string().optional(),
  steps: z.array(DueItem),
})
export type DisputeRequest = z.infer<typeof DisputeRequest>

export const StepDone = z.object({
  key: z.string(),
  doneOn: civilDateSchema,
  by: z.string(),
  recordedAt: instantSchema,
})
export type StepDone = z.infer<typeof StepDone>

export const OtherAgency = z.object({
  agency: words('The other agency', 200),
  practitioner: words('The other practitioner', 200),
  role: optionalWords('Their role', 200),
  contactDetails: optionalWords('Their contact details', 500),
})
export type OtherAgency = z.infer<typeof OtherAgency>

export const DisputedMatter = z.object({
  kind: z.enum(['decision', 'action', 'inaction'], {
    error: 'Say whether a decision, an action or an inaction is disputed',
  }),
  description: words('What is disputed', 4000),
})
export type DisputedMatter = z.infer<typeof DisputedMatter>

export const Reasons = z.object({
  /** Ids from the policy's reasonsForEscalation. */
  ids: z.array(z.string().max(80)).max(100).default([]),
  text: optionalWords('The reason', 4000),
})
export type Reasons = z.infer<typeof Reasons>

export const Outcome = z.object({
  summary: z.string(),
  stageReached: z.number().int().min(1).nullable(),
  route: z.enum(['stages', 'emergency']),
  writtenConfirmation: z.object({ receivedOn: civilDateSchema, from: z.string() }),
  /** When agreement was reached and who agreed it (absent on outcomes recorded before it was asked). */
  agreement: z.object({ reachedOn: civilDateSchema, agreedBy: z.string() }).optional(),
  /** How any outstanding issues will be pursued (Wolverhampton key principle 8). */
  outstandingIssues: z.string().optional(),
  whatWorkedWell: z.string().optional(),
  worriedAbout: z.string().optional(),
  needsToChange: z.string().optional(),
  lessonsToForward: z.string().optional(),
  reasons: Reasons,
  resolvedAt: instantSchema,
  resolvedBy: z.string(),
})
export type Outcome = z.infer<typeof Outcome>

export const Withdrawal = z.object({ reason: z.string(), at: instantSchema, by: z.string() })
export type Withdrawal = z.infer<typeof Withdrawal>

/**
 * 2: circumstances carry dates (`circumstancePeriods`) and owed notifications can be settled as not needed.
 * 3: each stage visit records who is involved on each side (`ourSide`, `theirSide`), and records hold what
 * each side said apart (`theySaid`, `weSaid`).
 */
export const DISPUTE_FORMAT = 3

/**
 * A reference the dispute had before it was given a new one: only when two devices of a team vault, apart,
 * gave one reference to two disputes (docs/team-vault.md, "The desk"). Kept, so that a letter or form that
 * quoted it can still be matched to the dispute.
 */
export const PreviousReference = z.object({
  reference: z.string(),
  /** When it stopped being the dispute's reference. */
  until: instantSchema,
  by: z.string(),
  why: z.string(),
})
export type PreviousReference = z.infer<typeof PreviousReference>

export const Dispute = z.object({
  format: z.literal(DISPUTE_FORMAT),
  id: z.string().min(1),
  /** Human reference, "ESC-2026-0001". */
  reference: z.string(),
  /**
   * The references it had before, oldest first (see PreviousReference). Optional: a dispute that never changed
   * its reference has none, as has every dispute stored before, so no migration is needed.
   */
  previousReferences: z.array(PreviousReference).optional(),
  policy: z.object({ id: z.string(), version: z.number().int(), partnership: z.string() }),
  childIds: z.array(z.string()).min(1),
  /**
   * The circumstances that hold now ('childProtectionPlan', 'lookedAfter', …): always the periods in
   * `circumstancePeriods` that have not ended.
   */
  childCircumstances: z.array(z.string()),
  /** When each circumstance held: what the notification rules are tested against, day by day. */
  circumstancePeriods: z.array(CircumstancePeriod),
  otherAgency: OtherAgency,
  disputed: DisputedMatter,
  reasons: Reasons,
  disagreementOn: civilDateSchema,
  triage: Triage,
  status: z.enum(['open', 'resolved', 'withdrawn']),
  route: z.enum(['stages', 'emergency']),
  currentStage: z.number().int().min(1).nullable(),
  stageHistory: z.array(StageVisit).min(1),
  overall: DueItem.nullable(),
  /**
   * The deadlines of the policy's group timescales the dispute has entered (key "group/<id>"), each set
   * when the dispute first reached a stage of its run. Optional: disputes stored before groups existed
   * have none, so no migration is needed.
   */
  groupsDue: z.array(DueItem).optional(),
  stepsDone: z.array(StepDone),
  notificationsSent: z.array(NotificationSent),
  notificationsNotNeeded: z.array(NotificationNotNeeded),
  requests: z.array(DisputeRequest),
  outcome: Outcome.nullable(),
  withdrawal: Withdrawal.nullable(),
  openedAt: instantSchema,
  openedBy: z.string(),
  closedAt: instantSchema.nullable(),
})
export type Dispute = z.infer<typeof Dispute>
