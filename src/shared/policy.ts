/**
 * A Safeguarding Children Partnership's escalation policy, as data. Every rule a published policy states
 * (stages, timescales, who must be told and when, forms, routes, contacts) is a value here, interpreted
 * generically by src/main/domain/policies and src/main/domain/disputes: no partnership has code of its own.
 *
 * Shared with the renderer (it shows forms and stage titles), so: zod only, no Node, no DOM.
 * The format is described for people in docs/policy-format.md.
 *
 * Objects are strict: an imported policy with a misspelt field ("ammount") is refused with the field's
 * path rather than silently losing a rule.
 */
import { z } from 'zod'
import { CHILD_IDENTIFIERS, ChildIdentifier } from './identifiers'

// ── limits of an imported file ───────────────────────────────────────────────────────────────────

/**
 * What an imported policy file may be. No published procedure comes near these (the longest has 5 stages
 * and conditions 3 deep); they exist so that a damaged or hostile file is refused in words rather than
 * by running out of memory or stack.
 */
export const POLICY_FILE_LIMITS = {
  /** Bytes of the file itself: 2 MB. */
  bytes: 2 * 1024 * 1024,
  stages: 30,
  /** A condition inside "all", "any" or "not" is one level deeper than the condition around it. */
  conditionDepth: 8,
  /** Objects and lists inside one another anywhere in the file, far beyond what the format needs. */
  nesting: 64,
} as const

// ── building blocks ──────────────────────────────────────────────────────────────────────────────

/** An identifier other parts of the policy refer to: letters, digits and hyphens ("stage-1-form", "lookedAfter"). */
export const PolicyId = z.string({ error: 'must be text' }).regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/, {
  error:
    'must be letters, digits and hyphens with no spaces (for example "stage-1-form"), at most 80 characters',
})

const words = (max = 500) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

const wholeNumber = (min: number) =>
  z
    .number({ error: `must be a whole number of at least ${min}` })
    .int({ error: `must be a whole number of at least ${min}` })
    .min(min, { error: `must be a whole number of at least ${min}` })

/** Where a rule comes from: a document of the policy and the sentence that states the rule, verbatim. */
export const SourceQuote = z.strictObject({
  document: PolicyId,
  quote: words(3000),
})
export type SourceQuote = z.infer<typeof SourceQuote>

// ── conditions: a small language for "who must be told, when" ─────────────────────────────────────

/**
 * Circumstances of the child a condition can test. These are always understood; a policy may declare
 * more in `childCircumstances`.
 */
export const STANDARD_CHILD_CIRCUMSTANCES = {
  childProtectionPlan: 'the child has a child protection plan',
  lookedAfter: 'the child is looked after',
  childInNeed: 'the child has a child in need plan',
  earlyHelp: 'the child is receiving early help',
} as const

export const TRIAGE_LEVELS = ['immediateDanger', 'significantHarm', 'standard'] as const
export const TriageLevel = z.enum(TRIAGE_LEVELS, {
  error: 'must be one of "immediateDanger", "significantHarm" or "standard"',
})
export type TriageLevel = z.infer<typeof TriageLevel>

export type Condition =
  | { always: true }
  | { fromStage: number }
  | { atStage: number }
  | { anyOf: string[] }
  | { allOf: string[] }
  | { route: 'stages' | 'emergency' }
  | { triage: TriageLevel[] }
  | { resolved: true }
  | { lessonsToForward: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

const circumstanceIds = z
  .array(PolicyId)
  .min(1, { error: 'must name at least one circumstance of the child' })

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ always: z.literal(true, { error: 'must be true' }) }),
    z.strictObject({ fromStage: wholeNumber(1) }),
    z.strictObject({ atStage: wholeNumber(1) }),
    z.strictObject({ anyOf: circumstanceIds }),
    z.strictObject({ allOf: circumstanceIds }),
    z.strictObject({ route: z.enum(['stages', 'emergency'], { error: 'must be "stages" or "emergency"' }) }),
    z.strictObject({ triage: z.array(TriageLevel).min(1, { error: 'must name at least one triage level' }) }),
    z.strictObject({ resolved: z.literal(true, { error: 'must be true' }) }),
    z.strictObject({ lessonsToForward: z.literal(true, { error: 'must be true' }) }),
    z.strictObject({ all: z.array(Condition).min(1, { error: 'must list at least one condition' }) }),
    z.strictObject({ any: z.array(Condition).min(1, { error: 'must list at least one condition' }) }),
    z.strictObject({ not: Condition }),
  ]),
)

/** The keys that start each form of condition, for error messages and docs. */
export const CONDITION_KEYS = [
  'always',
  'fromStage',
  'atStage',
  'anyOf',
  'allOf',
  'route',
  'triage',
  'resolved',
  'lessonsToForward',
  'all',
  'any',
  'not',
] as const

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

// ── routes and options ───────────────────────────────────────────────────────────────────────────

export const CallLadder = z.strictObject({
  /** When the ladder applies, e.g. "If the disagreement is with Children's Services, Engage or MASH". */
  appliesWhen: words(500),
  /** Contact ids, called in this order until someone is available. */
  rungs: z.array(PolicyId).min(1, { error: 'must list at least one contact' }),
  /** The message to leave when nobody is available. */
  messageToLeave: words(500).optional(),
  outOfHours: z.strictObject({ contact: PolicyId, instruction: words(500) }).optional(),
  source: SourceQuote.optional(),
})
export type CallLadder = z.infer<typeof CallLadder>

/**
 * Where an emergency route goes when it has not resolved the matter: the stage of the usual procedure the
 * dispute continues at (never a stage before the one it had reached when it took the route).
 */
export const RouteHandOver = z.strictObject({
  stage: wholeNumber(1),
  source: SourceQuote.optional(),
})
export type RouteHandOver = z.infer<typeof RouteHandOver>

/** A faster route for a child likely to suffer significant harm soon, by the policy's own title. */
export const EmergencyRoute = z.strictObject({
  title: words(200),
  trigger: words(1000),
  /** The harm is expected within this many hours (Solihull: 24). */
  harmWithinHours: wholeNumber(1).optional(),
  timescale: Timescale,
  steps: z.array(Step).default([]),
  callLadder: CallLadder.optional(),
  mustRecord: z.array(RecordRequirement).default([]),
  ifUnresolved: words(1000).optional(),
  /** The stage the dispute continues at when the route has not resolved it; absent, the route leads nowhere further. */
  handsOverTo: RouteHandOver.optional(),
  source: SourceQuote.optional(),
})
export type EmergencyRoute = z.infer<typeof EmergencyRoute>

/**
 * What to do when a child is in immediate danger, before anything else, in the policy's own words. Where
 * the instruction is to dial 999 (`call999`), the call — its time and who made it — must be recorded before
 * the dispute opens; otherwise the person records when they did what the instruction says.
 */
export const ImmediateDanger = z.strictObject({
  instruction: words(1000),
  call999: z.boolean({ error: 'must be true or false' }).default(false),
  contacts: z.array(PolicyId).default([]),
  source: SourceQuote.optional(),
})
export type ImmediateDanger = z.infer<typeof ImmediateDanger>

export const Panel = z.strictObject({
  title: words(200),
  members: wholeNumber(1),
  drawnFrom: words(500),
  mustInclude: words(500).optional(),
  source: SourceQuote.optional(),
})
export type Panel = z.infer<typeof Panel>

/** A route beyond (or instead of) the last stage: a Chair's binding decision, a resolution panel. */
export const ExceptionalRoute = z.strictObject({
  id: PolicyId,
  title: words(200),
  description: words(5000),
  availableWhen: Condition,
  decisionMaker: words(300),
  binding: z.boolean({ error: 'must be true or false' }),
  steps: z.array(Step).default([]),
  panel: Panel.optional(),
  contacts: z.array(PolicyId).default([]),
  source: SourceQuote.optional(),
})
export type ExceptionalRoute = z.infer<typeof ExceptionalRoute>

/** Something that can be asked for at any stage, e.g. a Multi-Agency Professionals' Case Meeting. */
export const AnyStageOption = z.strictObject({
  id: PolicyId,
  title: words(200),
  description: words(3000),
  requestedBy: words(300).optional(),
  availableWhen: Condition.default({ always: true }),
  contact: PolicyId.optional(),
  steps: z.array(Step).default([]),
  source: SourceQuote.optional(),
})
export type AnyStageOption = z.infer<typeof AnyStageOption>

/** Starting above stage 1, with a recorded reason, where the policy allows it. */
export const LaterStart = z.strictObject({
  allowedWhen: Condition,
  guidance: words(1000),
  source: SourceQuote.optional(),
})
export type LaterStart = z.infer<typeof LaterStart>

// ── people and places ────────────────────────────────────────────────────────────────────────────

const email = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'must be an email address such as name@example.gov.uk' })
const phone = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^[0-9][0-9 ]{1,19}$/, {
    error: 'must be a telephone number of digits and spaces, such as 0121 704 8709',
  })

export const Contact = z.strictObject({
  id: PolicyId,
  /** The role as people call it: "SSCP Business Manager", "Independent Reviewing Officer". */
  name: words(200),
  organisation: words(200).optional(),
  email: email.optional(),
  phone: phone.optional(),
  availability: z
    .enum(['officeHours', 'outOfHours', 'always'], {
      error: 'must be "officeHours", "outOfHours" or "always"',
    })
    .optional(),
  notes: words(1000).optional(),
  /** Shown before the contact is used: a doubtful address or number in the published text. */
  caution: words(1000).optional(),
  /** Part of a directory (Wolverhampton Appendix 2) rather than a named step of the process. */
  directory: z.boolean({ error: 'must be true or false' }).optional(),
  source: SourceQuote.optional(),
})
export type Contact = z.infer<typeof Contact>

export const SourceDocument = z.strictObject({
  id: PolicyId,
  title: words(300),
  publisher: words(300).optional(),
  /** Where the text was obtained: a URL or a file name. */
  reference: words(500).optional(),
})
export type SourceDocument = z.infer<typeof SourceDocument>

export const Guidance = z.strictObject({
  id: PolicyId,
  title: words(200),
  text: words(3000),
  source: SourceQuote.optional(),
})
export type Guidance = z.infer<typeof Guidance>

// ── the policy ───────────────────────────────────────────────────────────────────────────────────

export const POLICY_FORMAT = 1

export const Policy = z.strictObject({
  /** The version of this format; files without it are read as format 1. */
  format: z.literal(POLICY_FORMAT, { error: `must be ${POLICY_FORMAT}` }).default(POLICY_FORMAT),
  id: PolicyId,
  /** Whole number, raised on every change: a dispute keeps the version it was opened under. */
  version: wholeNumber(1),
  partnership: words(200),
  title: words(300),
  /**
   * What the policy calls a stage, as it would begin a sentence: "Step", "Level". Default "Stage". The app
   * says "Step 3" and "step 3" wherever it names a stage of this policy.
   */
  stageWord: z
    .string({ error: 'must be text' })
    .trim()
    .regex(/^\p{L}[\p{L} '-]{0,29}$/u, { error: 'must be a word such as "Step" or "Level", at most 30 letters' })
    .optional(),
  sourceDocuments: z.array(SourceDocument).min(1, { error: 'must list at least one source document' }),
  levelsOfNeed: z.array(Option).default([]),
  reasonsForEscalation: z.array(Option).default([]),
  /** Circumstances of the child beyond the standard ones, for conditions to test. */
  childCircumstances: z.array(Option).default([]),
  stages: z
    .array(Stage)
    .min(1, { error: 'must list at least one stage' })
    .max(POLICY_FILE_LIMITS.stages, {
      error: `must list at most ${POLICY_FILE_LIMITS.stages} stages: no escalation procedure has more`,
    }),
  overallTimescale: OverallTimescale.optional(),
  /** Timescales each shared by a run of stages. */
  groupTimescales: z.array(GroupTimescale).default([]),
  immediateDanger: ImmediateDanger.optional(),
  emergencyRoute: EmergencyRoute.optional(),
  laterStart: LaterStart.optional(),
  exceptionalRoutes: z.array(ExceptionalRoute).default([]),
  anyStageOptions: z.array(AnyStageOption).default([]),
  notifications: z.array(Notification).default([]),
  forms: z.array(Form).default([]),
  /** The form to complete when the dispute is resolved, at whatever stage. */
  outcomeForm: PolicyId.optional(),
  recordKeeping: z.array(RecordRequirement).default([]),
  contacts: z.array(Contact).default([]),
  guidance: z.array(Guidance).default([]),
})
export type Policy = z.infer<typeof Policy>
/** The policy as written in a JSON file, before defaults are filled in. */
export type PolicyInput = z.input<typeof Policy>

/** "solihull-sscp@3": the key a dispute stores so that later versions never move its deadlines. */
export const policyKey = (p: { id: string; version: number }): string => `${p.id}@${p.version}`

/**
 * A policy no longer in use: no new dispute can be opened under any version of it, while disputes already
 * open keep the version they were opened under. Stored in the vault's policies document; undone by
 * bringing the policy back into use.
 */
export const PolicyRetirement = z.object({
  policyId: z.string().min(1).max(80),
  /** ISO-8601 UTC instant. */
  at: z.string().min(1).max(40),
  by: z.string().max(200),
  reason: z.string().max(1000),
})
export type PolicyRetirement = z.infer<typeof PolicyRetirement>

/** A short summary of a policy for lists and pickers. */
export const PolicySummary = z.object({
  key: z.string(),
  id: z.string(),
  version: z.number(),
  partnership: z.string(),
  title: z.string(),
  stageCount: z.number(),
  hasEmergencyRoute: z.boolean(),
  /** Set while the policy is retired: no new disputes under it (absent from older callers' summaries). */
  retired: PolicyRetirement.nullable().optional(),
})
export type PolicySummary = z.infer<typeof PolicySummary>
