/**
 * A policy's other routes (src/shared/policy.ts): the emergency route and its call ladder, the guidance
 * for a child in immediate danger, exceptional routes, options open at any stage, a later start.
 */
import { z } from 'zod'
import { wholeNumber, words } from './policy-fields'
import { Condition, PolicyId, SourceQuote } from './policy-parts'
import { RecordRequirement, Step, Timescale } from './policy-stages'

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
