import { z } from 'zod'
import type { Policy } from '../../../shared/policy'
import type { LondonDateTime } from '../../../shared/date-entry'
import type { ChannelInput } from '../../../shared/ipc'
import { dateProblems } from '../components/DateInput'
import { addProblems } from '../lib/form-errors'

/** The new dispute's second step as a person fills it in (NewDisputeDetails.tsx shows it). Paths are the contract's, so the main process's refusals land on the same fields. */
export interface DisputeDetailsForm {
  childIds: string[]
  directoryId: string
  dispute: {
    otherAgency: { agency: string; practitioner: string; role: string; contactDetails: string }
    disputed: { kind: '' | 'decision' | 'action' | 'inaction'; description: string }
    reasons: { ids: string[]; text: string }
    disagreementOn: string
    triage: { startStage: { stage: string; reason: string } }
  }
}

export type TriageLevel = 'immediateDanger' | 'significantHarm' | 'standard'
/** What was done first for a child in immediate danger: the 999 call, or the policy's own instruction. */
export type FirstAction = { kind: 'call999' | 'instruction'; at: LondonDateTime; note: string | undefined } | null

export function blankDetails(today: string): DisputeDetailsForm {
  return {
    childIds: [],
    directoryId: '',
    dispute: {
      otherAgency: { agency: '', practitioner: '', role: '', contactDetails: '' },
      disputed: { kind: '', description: '' },
      reasons: { ids: [], text: '' },
      disagreementOn: today,
      triage: { startStage: { stage: '1', reason: '' } },
    },
  }
}

const shape = z.object({
  childIds: z.array(z.string()),
  directoryId: z.string(),
  dispute: z.object({
    otherAgency: z.object({ agency: z.string(), practitioner: z.string(), role: z.string(), contactDetails: z.string() }),
    disputed: z.object({ kind: z.enum(['', 'decision', 'action', 'inaction']), description: z.string() }),
    reasons: z.object({ ids: z.array(z.string()), text: z.string() }),
    disagreementOn: z.string(),
    triage: z.object({ startStage: z.object({ stage: z.string(), reason: z.string() }) }),
  }),
})

/**
 * Every reason the main process would refuse to open the dispute (src/main/domain/disputes/open.ts),
 * found here first so that every problem is listed at once rather than one more after each try, in the
 * order of the form. The chosen policy decides what the reasons need.
 */
export function detailsSchema(policyId: string, policy: Policy | undefined) {
  return shape.superRefine((form, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: path.split('.'), message })
    if (!policyId) problem('policyId', 'Choose the partnership whose policy applies')
    if (form.childIds.length === 0) problem('childIds', 'Choose at least one child, or add one')
    const d = form.dispute
    if (!d.otherAgency.agency.trim()) problem('dispute.otherAgency.agency', 'Enter the other agency')
    if (!d.otherAgency.practitioner.trim()) problem('dispute.otherAgency.practitioner', 'Enter the practitioner you disagree with')
    if (!d.disputed.kind) problem('dispute.disputed.kind', 'Say whether a decision, an action or an inaction is disputed')
    if (!d.disputed.description.trim()) problem('dispute.disputed.description', 'Describe what is disputed')
    const listed = (policy?.reasonsForEscalation.length ?? 0) > 0
    const needing = policy?.reasonsForEscalation.find((r) => r.needsDetail && d.reasons.ids.includes(r.id))
    if (needing && !d.reasons.text.trim()) problem('dispute.reasons.text', `You ticked “${needing.label}”: give brief details of the reason.`)
    else if (d.reasons.ids.length === 0 && !d.reasons.text.trim())
      problem(listed ? 'dispute.reasons' : 'dispute.reasons.text', listed ? 'Choose at least one reason for escalation, or describe it.' : 'Describe the reason for escalation.')
    addProblems(ctx, dateProblems([{ id: 'dispute.disagreementOn', value: d.disagreementOn, what: 'The date the disagreement arose', happened: true, required: true }]))
  })
}

/** The `disputes.open` call for a form that passed its checks. */
export function openDisputeInput(policyId: string, form: DisputeDetailsForm, level: TriageLevel, firstAction: FirstAction): ChannelInput<'disputes.open'> {
  const { otherAgency, disputed, reasons, disagreementOn, triage } = form.dispute
  const stage = Number(triage.startStage.stage)
  return {
    policyId,
    dispute: {
      childIds: form.childIds,
      otherAgency: {
        agency: otherAgency.agency,
        practitioner: otherAgency.practitioner,
        ...(otherAgency.role.trim() ? { role: otherAgency.role } : {}),
        ...(otherAgency.contactDetails.trim() ? { contactDetails: otherAgency.contactDetails } : {}),
      },
      disputed: { kind: disputed.kind as 'decision' | 'action' | 'inaction', description: disputed.description },
      reasons: { ids: reasons.ids, ...(reasons.text.trim() ? { text: reasons.text } : {}) },
      disagreementOn,
      triage: {
        level,
        ...(firstAction?.kind === 'call999' ? { emergencyCall: { calledAt: firstAction.at, ...(firstAction.note ? { note: firstAction.note } : {}) } } : {}),
        ...(firstAction?.kind === 'instruction' ? { immediateAction: { doneAt: firstAction.at, ...(firstAction.note ? { note: firstAction.note } : {}) } } : {}),
        ...(level === 'standard' && stage > 1 ? { startStage: { stage, reason: triage.startStage.reason } } : {}),
      },
    },
  }
}
