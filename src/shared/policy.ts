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
import { wholeNumber, words } from './policy-fields'
import { Contact, Guidance, POLICY_FILE_LIMITS, PolicyId, SourceDocument } from './policy-parts'
import { Form, GroupTimescale, Notification, Option, OverallTimescale, RecordRequirement, Stage } from './policy-stages'
import { AnyStageOption, EmergencyRoute, ExceptionalRoute, ImmediateDanger, LaterStart } from './policy-routes'

// The parts, each in its own module; everything a caller needs is exported from here.
export * from './policy-parts'
export * from './policy-stages'
export * from './policy-routes'

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
