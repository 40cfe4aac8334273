/**
 * A policy's stages (src/shared/policy.ts): timescales, steps, what to record, entry checks, meetings, and
 * the notifications and forms each stage may call for.
 */
import { z } from 'zod'
import { CHILD_IDENTIFIERS, ChildIdentifier } from './identifiers'
import { wholeNumber, words } from './policy-fields'
import { Condition, PolicyId, SourceQuote } from './policy-parts'

// ── timescales ───────────────────────────────────────────────────────────────────────────────────

/**
 * What a timescale counts from.
 * - disagreement: the day the disagreement arose (or the decision was received).
 * - stageStart: the moment this stage (or route, or request) began.
 * - step: the due time of an earlier step of the same stage or route ("within a further 2 working days").
 */
export const TimescaleFrom = z.discriminatedUnion(
  'event',
  [
    z.strictObject({ event: z.literal('disagreement'), label: words(120).optional() }),
    z.strictObject({ event: z.literal('stageStart'), label: words(120).optional() }),
    z.strictObject({ event: z.literal('step'), step: PolicyId, label: words(120).optional() }),
  ],
  { error: 'must have "event" set to "disagreement", "stageStart" or "step"' },
)
export type TimescaleFrom = z.infer<typeof TimescaleFrom>

/** "One working week" is 5 working days (docs/policy-format.md). */
export const TimescaleUnit = z.enum(['workingDays', 'workingWeeks', 'hours'], {
  error: 'must be "workingDays", "workingWeeks" or "hours"',
})
export type TimescaleUnit = z.infer<typeof TimescaleUnit>

export const Timescale = z.strictObject({
  amount: wholeNumber(1),
  unit: TimescaleUnit,
  from: TimescaleFrom,
  /** The policy's own words, e.g. "within 1 day", shown beside the computed date. */
  wording: words(300).optional(),
  source: SourceQuote.optional(),
})
export type Timescale = z.infer<typeof Timescale>

/**
 * A timescale over the whole dispute, and what it means (docs/policy-format.md, "The overall timescale"):
 * - `limit`: the whole process must be over by then; a dispute still open after it is overdue.
 * - `target`: a target for part of the process — the stages up to and including `untilStage` (for example
 *   "resolve differences through discussion within 10 working days", met by the end of the discussion
 *   stages). It stops applying once the dispute goes past that stage, so a dispute on schedule at a later
 *   stage is never shown overdue because of it.
 */
export const OverallTimescale = Timescale.extend({
  meaning: z.enum(['limit', 'target'], { error: 'must be "limit" or "target"' }).default('limit'),
  untilStage: wholeNumber(1).optional(),
  /** What the deadline is called on screen and in documents; default "Whole process" or "Target". */
  title: words(120).optional(),
})
export type OverallTimescale = z.infer<typeof OverallTimescale>

/**
 * A timescale shared by a run of stages ("steps 1 to 5 together must not take more than 5 working days
 * from the start of step 1"). It counts from the start of the first of those stages the dispute enters
 * (`stageStart`) or from the disagreement, and applies while the dispute is at any stage of the run, beside
 * each stage's own timescale: whichever passes first is what is due.
 */
export const GroupTimescale = z.strictObject({
  id: PolicyId,
  /** What the deadline is called on screen and in documents; default "Step 1 to step 5". */
  title: words(120).optional(),
  fromStage: wholeNumber(1),
  toStage: wholeNumber(1),
  timescale: Timescale,
})
export type GroupTimescale = z.infer<typeof GroupTimescale>

// ── parts of a stage ─────────────────────────────────────────────────────────────────────────────

export const Step = z.strictObject({
  id: PolicyId,
  title: words(200),
  by: words(200).optional(),
  description: words(3000).optional(),
  timescale: Timescale.optional(),
  /** A step that happens only in some cases, e.g. "Where a resolution is reached". */
  onlyIf: words(300).optional(),
  /**
   * A step that the outcome of the dispute itself completes, so that recording the outcome marks it done
   * on the day it happened: `agreementReached` (the discussion that reached agreement) or
   * `outcomeConfirmedInWriting` ("the receiving agency will write … confirming the outcome").
   */
  doneWhen: z
    .enum(['agreementReached', 'outcomeConfirmedInWriting'], {
      error: 'must be "agreementReached" or "outcomeConfirmedInWriting"',
    })
    .optional(),
  source: SourceQuote.optional(),
})
export type Step = z.infer<typeof Step>

export const RecordRequirement = z.strictObject({
  what: words(1000),
  where: words(300).optional(),
  source: SourceQuote.optional(),
})
export type RecordRequirement = z.infer<typeof RecordRequirement>

/** Something a person must confirm before a dispute can enter the stage. */
export const EntryCheck = z.strictObject({
  id: PolicyId,
  question: words(500),
  source: SourceQuote.optional(),
})
export type EntryCheck = z.infer<typeof EntryCheck>

/**
 * How the stage's meeting (or panel) is held, where the policy says so — Solihull (seed 001): "allocate a
 * Chair of sufficient seniority, who is independent of the case"; "The Chair of this meeting will then
 * report on issues arising from this process to the Learning and Development Group and the Assurance and
 * Review Group." The app's meeting screen, its sign-off and the meeting's record follow it.
 */
export const StageMeeting = z.strictObject({
  /** What the policy calls it: "Meeting of senior managers", "Resolution Panel". */
  title: words(200),
  /** Who chairs it, in the policy's words. */
  chair: words(300),
  /** The Chair must be independent of the case: a decision cannot be signed off with a Chair who is not. */
  chairIndependent: z.boolean({ error: 'must be true or false' }).default(false),
  /** Who the Chair reports to afterwards; the decision record says who makes each report. */
  reportsTo: z.array(words(200)).max(10, { error: 'must list at most 10 reports' }).default([]),
  /** Who the decision is fed back to, in the policy's words. */
  feedbackTo: words(300).optional(),
  source: SourceQuote.optional(),
})
export type StageMeeting = z.infer<typeof StageMeeting>

export const Stage = z.strictObject({
  number: wholeNumber(1),
  title: words(200),
  /** Who is involved, in the policy's words: "Practitioners", "Line/ Team Managers". */
  parties: words(300),
  description: words(5000).optional(),
  /** Absent where the policy gives no timescale for the stage ("as soon as possible"). */
  timescale: Timescale.optional(),
  /** The running total the policy states for the end of this stage, where it states one. */
  cumulativeWorkingDays: wholeNumber(1).optional(),
  steps: z.array(Step).default([]),
  mustRecord: z.array(RecordRequirement).default([]),
  entryChecks: z.array(EntryCheck).default([]),
  /** The stage's meeting or panel, where the policy describes one (see StageMeeting). */
  meeting: StageMeeting.optional(),
  source: SourceQuote.optional(),
})
export type Stage = z.infer<typeof Stage>

// ── notifications and forms ──────────────────────────────────────────────────────────────────────

export const Notification = z.strictObject({
  id: PolicyId,
  /** A contact id. */
  recipient: PolicyId,
  when: Condition,
  /** once: owed once when the condition first holds; eachStage: owed for every stage at which it holds. */
  repeat: z.enum(['once', 'eachStage'], { error: 'must be "once" or "eachStage"' }).default('once'),
  what: words(1000),
  how: words(200).optional(),
  /** Who sends it, where the policy says ("the departmental head"). */
  by: words(300).optional(),
  /** A form id: the notification is that form. */
  form: PolicyId.optional(),
  /**
   * Which of the child's identifiers the notice gives besides the name, by default (the DSL may change it
   * before export). Absent: what the notice's form asks for, or the date of birth alone for a notice
   * without a form — the minimum that tells the recipient which child it is.
   */
  identifiers: z.array(ChildIdentifier).max(CHILD_IDENTIFIERS.length).optional(),
  source: SourceQuote.optional(),
})
export type Notification = z.infer<typeof Notification>

export const FORM_FIELD_KINDS = [
  'text',
  'longText',
  'date',
  'email',
  'phone',
  'number',
  'nhsNumber',
  'yesNo',
  'choice',
  'tickList',
] as const
export const FormFieldKind = z.enum(FORM_FIELD_KINDS, {
  error: `must be one of ${FORM_FIELD_KINDS.join(', ')}`,
})
export type FormFieldKind = z.infer<typeof FormFieldKind>

export const Option = z.strictObject({
  id: PolicyId,
  label: words(300),
  /** Ticking it needs a few words of explanation ("Other (please provide brief details)"). */
  needsDetail: z.boolean({ error: 'must be true or false' }).optional(),
})
export type Option = z.infer<typeof Option>

export const FormField = z.strictObject({
  id: PolicyId,
  /** The label exactly as the policy prints it. */
  label: words(300),
  hint: words(500).optional(),
  kind: FormFieldKind,
  required: z.boolean({ error: 'must be true or false' }),
  options: z.array(Option).optional(),
  /** Take the options from another list of the policy instead of listing them. */
  optionsFrom: z
    .enum(['reasonsForEscalation', 'levelsOfNeed', 'stages'], {
      error: 'must be "reasonsForEscalation", "levelsOfNeed" or "stages"',
    })
    .optional(),
})
export type FormField = z.infer<typeof FormField>

export const Form = z.strictObject({
  id: PolicyId,
  title: words(200),
  /** The colour the partnership uses for the form (St Helens: Orange, Green, Blue, Pink, Purple). */
  colour: words(40).optional(),
  subtitle: words(200).optional(),
  note: words(500).optional(),
  fields: z.array(FormField).min(1, { error: 'must list at least one field' }),
  source: SourceQuote.optional(),
})
export type Form = z.infer<typeof Form>
