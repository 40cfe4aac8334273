/**
 * The inputs of a dispute's transitions, as the API parses them before the domain sees them. The dispute's
 * stored shape is in ./dispute.
 */
import { z } from 'zod'
import { CivilDate as civilDateSchema, Instant as instantSchema } from './dates'
import { TypedLondonDateTime } from './date-entry'
import {
  DisputedMatter,
  EmergencyCall,
  ImmediateAction,
  OtherAgency,
  Reasons,
  StagePerson,
  Triage,
  words,
  optionalWords,
} from './dispute'

// ── inputs of the transitions (parsed by the API before the domain sees them) ─────────────────────

const byWhom = words('Who is recording this', 200)
/** When it happened, if not now (recording something done earlier today, say). */
const when = instantSchema.optional()

/**
 * The triage answers as the screen sends them: the 999 call's time as typed, turned into the stored
 * instant as the call is parsed (the domain then sees a Triage). Who called or acted (`by`) is not sent:
 * the main process records the signed-in person as the vault holds them (a `by` sent is ignored).
 */
export const TriageInput = Triage.extend({
  emergencyCall: EmergencyCall.omit({ by: true }).extend({ calledAt: TypedLondonDateTime }).optional(),
  immediateAction: ImmediateAction.omit({ instruction: true, by: true })
    .extend({ doneAt: TypedLondonDateTime })
    .optional(),
})

export const OpenDisputeInput = z.object({
  childIds: z
    .array(z.string().min(1).max(100))
    .min(1, { error: 'Choose at least one child' })
    .max(50, { error: 'A dispute can be about at most 50 children' }),
  childCircumstances: z.array(z.string().max(80)).max(100).default([]),
  otherAgency: OtherAgency,
  disputed: DisputedMatter,
  reasons: Reasons,
  disagreementOn: civilDateSchema,
  triage: Triage,
  by: byWhom,
  at: when,
})
export type OpenDisputeInput = z.input<typeof OpenDisputeInput>

export const EscalateInput = z.object({
  by: byWhom,
  at: when,
  note: optionalWords('The note', 2000),
  /** Ids of the next stage's entry checks the person has confirmed. */
  confirmations: z.array(z.string().max(80)).max(100).default([]),
  /** Who takes the matter up on our side at the new stage, if known. */
  ourSide: StagePerson.optional(),
  /** Whom the matter now sits with on the other agency's side, if known. */
  theirSide: StagePerson.optional(),
})
export type EscalateInput = z.input<typeof EscalateInput>

/** Onto the emergency route from an ordinary stage, because the risk to the child has risen. */
export const EnterRouteInput = z.object({
  by: byWhom,
  at: when,
  reason: optionalWords('The reason the risk has risen', 2000),
})
export type EnterRouteInput = z.input<typeof EnterRouteInput>

/** From the emergency route to the stage its policy names, because the route has not resolved the matter. */
export const HandOverInput = z.object({
  by: byWhom,
  at: when,
  note: optionalWords('The note', 2000),
  /** Ids of the receiving stage's entry checks the person has confirmed. */
  confirmations: z.array(z.string().max(80)).max(100).default([]),
})
export type HandOverInput = z.input<typeof HandOverInput>

export const ResolveInput = z.object({
  summary: words('The outcome', 4000),
  stageReached: z.number().int().min(1).optional(),
  writtenConfirmation: z.object({
    receivedOn: civilDateSchema,
    from: words('Who confirmed the outcome in writing', 200),
  }),
  agreement: z
    .object({
      reachedOn: civilDateSchema,
      agreedBy: words('Who agreed the outcome', 500),
    })
    .optional(),
  outstandingIssues: optionalWords('How any outstanding issues will be pursued', 4000),
  whatWorkedWell: optionalWords('What worked well', 4000),
  worriedAbout: optionalWords('What you were worried about', 4000),
  needsToChange: optionalWords('What needs to change', 4000),
  lessonsToForward: optionalWords('Lessons to forward', 4000),
  reasons: Reasons.optional(),
  by: byWhom,
  at: when,
})
export type ResolveInput = z.input<typeof ResolveInput>

export const WithdrawInput = z.object({
  reason: words('The reason for withdrawing', 2000),
  by: byWhom,
  at: when,
})
export type WithdrawInput = z.input<typeof WithdrawInput>

export const RequestOptionInput = z.object({
  optionId: z.string().max(80).optional(),
  note: optionalWords('The note', 2000),
  by: byWhom,
  at: when,
})
export type RequestOptionInput = z.input<typeof RequestOptionInput>

export const RecordNotificationInput = z.object({
  notificationId: z.string().min(1).max(80),
  stage: z.number().int().min(1).optional(),
  sentOn: civilDateSchema,
  note: optionalWords('The note', 2000),
  by: byWhom,
  at: when,
})
export type RecordNotificationInput = z.input<typeof RecordNotificationInput>

export const RecordStepDoneInput = z.object({
  key: z.string().min(1).max(200),
  doneOn: civilDateSchema,
  by: byWhom,
  at: when,
})
export type RecordStepDoneInput = z.input<typeof RecordStepDoneInput>

export const UpdateCircumstancesInput = z.object({
  childCircumstances: z.array(z.string().max(80)).max(100),
  /** The day the change took effect (a plan began, a child stopped being looked after); today if not given. */
  from: civilDateSchema.optional(),
  by: byWhom,
  at: when,
})
export type UpdateCircumstancesInput = z.input<typeof UpdateCircumstancesInput>

export const NotificationNotNeededInput = z.object({
  notificationId: z.string().min(1).max(80),
  stage: z.number().int().min(1).optional(),
  reason: words('Why it is not needed', 2000),
  by: byWhom,
  at: when,
})
export type NotificationNotNeededInput = z.input<typeof NotificationNotNeededInput>

export const CorrectCircumstanceInput = z.object({
  circumstance: z.string().min(1).max(80),
  /** Which period of that circumstance (its current `from`), as the dispute shows it. */
  periodFrom: civilDateSchema,
  from: civilDateSchema,
  to: civilDateSchema.nullable(),
  reason: words('Why the date is being corrected', 2000),
  by: byWhom,
  at: when,
})
export type CorrectCircumstanceInput = z.input<typeof CorrectCircumstanceInput>

/**
 * Who is involved at a stage already entered, set or changed: each side given replaces what was
 * recorded (null clears it); a side not given is left as it is.
 */
export const SetStagePeopleInput = z.object({
  /** The stage number, or 'emergency' for the rapid-resolution route. */
  stage: z.union([z.number().int().min(1), z.literal('emergency')]),
  ourSide: StagePerson.nullable().optional(),
  theirSide: StagePerson.nullable().optional(),
  by: byWhom,
  at: when,
})
export type SetStagePeopleInput = z.input<typeof SetStagePeopleInput>
