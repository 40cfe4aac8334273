/**
 * The building blocks of a policy (src/shared/policy.ts): the limits of an imported file, identifiers,
 * quotes of the source text, conditions ("who must be told, when"), and the people and places it names.
 */
import { z } from 'zod'
import { wholeNumber, words } from './policy-fields'

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
