import { z } from 'zod'
import type { ChannelInput } from '../../../shared/ipc'
import type { MeetingView } from '../../../shared/meetings'
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
