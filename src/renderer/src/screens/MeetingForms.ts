import { z } from 'zod'
import type { ChannelInput } from '../../../shared/ipc'
import { TypedLocalTime } from '../../../shared/date-entry'
import type { MeetingPerson, MeetingPlanInput, MeetingView } from '../../../shared/meetings'
import { dateProblems } from '../components/DateInput'
import { addProblems } from '../lib/form-errors'

/**
 * The decision record as the Chair types it (MeetingDecisionForm.tsx shows it). Paths are the contract's
 * (`decision.actions.0.dueOn`), so the main process's refusals land on the same fields.
 */
export interface DecisionForm {
  decision: {
    decision: string
    rationale: string
    actions: { action: string; owner: string; dueOn: string }[]
    feedbackBy: string
    reports: { to: string; by: string }[]
  }
}

/** What is stored, or a blank record; one report line for each report the policy requires, first. */
export function startingDecision(view: MeetingView): DecisionForm {
  const d = view.meeting?.decision
  const required = view.rules.reportsTo.map((to) => ({ to, by: d?.reports.find((r) => r.to === to)?.by ?? '' }))
  const others = (d?.reports ?? []).filter((r) => !view.rules.reportsTo.includes(r.to))
  return {
    decision: {
      decision: d?.decision ?? '',
      rationale: d?.rationale ?? '',
      actions: (d?.actions ?? []).map((a) => ({ action: a.action, owner: a.owner, dueOn: a.dueOn ?? '' })),
      feedbackBy: d?.feedbackBy ?? '',
      reports: [...required, ...others],
    },
  }
}

const text = (max: number) => z.string().max(max, `This is too long: keep it under ${max.toLocaleString('en-GB')} characters`)

/**
 * What the main process would refuse in a decision record (shared/meetings.ts), found here first so every
 * problem is listed at once, in the order of the form: lengths, and action dates that do not exist. A
 * record may be saved incomplete; what sign-off needs is the domain's to say (MeetingView.signOffProblems).
 */
export const decisionFormSchema = z
  .object({
    decision: z.object({
      decision: text(8000),
      rationale: text(8000),
      actions: z.array(z.object({ action: text(1000), owner: text(200), dueOn: z.string() })).max(50, 'Record at most 50 actions'),
      feedbackBy: text(300),
      reports: z.array(z.object({ to: z.string(), by: text(200) })),
    }),
  })
  .superRefine((form, ctx) => {
    addProblems(
      ctx,
      dateProblems(form.decision.actions.map((a, i) => ({ id: `decision.actions.${i}.dueOn`, value: a.dueOn, what: `The due date of action ${i + 1}`, happened: false, required: false }))),
    )
  })

/** The `meetings.recordDecision` call for a form that passed its checks. */
export function recordDecisionInput(disputeId: string, form: DecisionForm): ChannelInput<'meetings.recordDecision'> {
  const d = form.decision
  return { disputeId, decision: { ...d, actions: d.actions.map((a) => ({ ...a, dueOn: a.dueOn || null })) } }
}

/**
 * The meeting's arrangements as they are typed (MeetingPlanForm.tsx shows them): the contract's plan, with
 * the day and the time as typed text, blank until given. Paths are the contract's (`chair.name`, `date`).
 */
export type PlanForm = Omit<MeetingPlanInput, 'date' | 'time'> & { date: string; time: string }

export const EMPTY_PERSON: MeetingPerson = { name: '', role: '', agency: '' }

/** The plan as the form starts it: what is stored, or a blank meeting with each agency named. */
export function startingPlan(view: MeetingView): PlanForm {
  const m = view.meeting
  if (m) {
    const { chair, date, time, place, attendees, apologies, agenda, question, outcomeSought, positions, stageNotes } = m
    return { chair, date: date ?? '', time: time ?? '', place, attendees, apologies, agenda, question, outcomeSought, positions, stageNotes }
  }
  return {
    chair: { ...EMPTY_PERSON, independent: null },
    date: '',
    time: '',
    place: '',
    attendees: [],
    apologies: [],
    agenda: [],
    question: '',
    outcomeSought: '',
    positions: {
      raising: { agency: view.raisingAgency, stated: '', fromRecords: [] },
      other: { agency: view.otherAgency, stated: '', fromRecords: [] },
    },
    stageNotes: [],
  }
}

const person = z.object({ name: text(200), role: text(200), agency: text(200) })
const position = z.object({ agency: text(200), stated: text(8000), fromRecords: z.array(z.string()) })

/**
 * What the main process would refuse in the arrangements (shared/meetings.ts), found here first so every
 * problem is listed at once: lengths, a day that does not exist, a time that is not a time. A planned
 * meeting may be in the future, so only whether the day exists is checked. Whether a quoted record holds
 * the other agency's words, and the day against the dispute's, are the domain's to say.
 */
export const planFormSchema = z
  .object({
    chair: person.extend({ independent: z.boolean().nullable() }),
    date: z.string(),
    time: z.string(),
    place: text(300),
    attendees: z.array(person).max(40, 'List at most 40 people'),
    apologies: z.array(person).max(40, 'List at most 40 people'),
    agenda: z.array(text(500)).max(30, 'Keep the agenda to 30 items'),
    question: text(4000),
    outcomeSought: text(4000),
    positions: z.object({ raising: position, other: position }),
    stageNotes: z.array(z.object({ stage: z.number(), tried: text(4000), whyNotResolved: text(4000) })),
  })
  .superRefine((form, ctx) => {
    addProblems(ctx, dateProblems([{ id: 'date', value: form.date, what: 'The day of the meeting', happened: false, required: false }]))
    const time = form.time ? TypedLocalTime.safeParse(form.time) : null
    if (time && !time.success) ctx.addIssue({ code: 'custom', path: ['time'], message: time.error.issues[0]?.message ?? 'Enter the time as hours and minutes, like 14:05' })
  })

/** The `meetings.savePlan` call for a form that passed its checks: blank day and time as not yet known, empty stage notes left out. */
export function savePlanInput(disputeId: string, form: PlanForm): ChannelInput<'meetings.savePlan'> {
  return {
    disputeId,
    plan: { ...form, date: form.date || null, time: form.time || null, stageNotes: form.stageNotes.filter((n) => n.tried.trim() || n.whyNotResolved.trim()) },
  }
}
