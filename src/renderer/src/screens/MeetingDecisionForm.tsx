import { useState } from 'react'
import { useFieldArray, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import type { MeetingView } from '../../../shared/meetings'
import { call, errorsFrom } from '../api'
import { DateInput } from '../components/DateInput'
import { ErrorSummary, TextArea, TextField, fieldError, type FieldErrors } from '../components/forms'
import { flatErrors } from '../lib/form-errors'
import { decisionFormSchema, recordDecisionInput, startingDecision, type DecisionForm } from './MeetingForms'

/** The decision record, entered after the meeting: saved as often as needed until it is signed off. */
export function MeetingDecisionForm({ view, onSaved }: { view: MeetingView; onSaved: (next: MeetingView) => void }) {
  // Checked when it is saved, not as each key is typed: the summary takes focus.
  const { control, watch, setValue, handleSubmit, formState } = useForm<DecisionForm>({
    defaultValues: startingDecision(view),
    resolver: zodResolver(decisionFormSchema),
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  })
  const actions = useFieldArray({ control, name: 'decision.actions' })
  const decision = watch('decision')
  /** Refusals from the main process; the form's own checks are in formState.errors. */
  const [refusals, setRefusals] = useState<FieldErrors>({})
  const errors: FieldErrors = { ...flatErrors(formState.errors), ...refusals }
  const [busy, setBusy] = useState(false)

  const save = async (form: DecisionForm) => {
    if (busy) return
    setRefusals({})
    setBusy(true)
    const r = await call('meetings.recordDecision', recordDecisionInput(view.disputeId, form))
    setBusy(false)
    if (r.ok) onSaved(r.value)
    else setRefusals(errorsFrom(r.error))
  }
  const submit = handleSubmit(save, () => setRefusals({}))

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="meeting-decision-title">
      <h2 id="meeting-decision-title">The decision record</h2>
      <p className="hint">After the meeting: what it decided and why, the actions agreed, and who tells whom.</p>
      <ErrorSummary errors={errors} />
      <TextArea id="decision.decision" label="The decision" value={decision.decision} error={fieldError(errors, 'decision.decision')} onChange={(v) => setValue('decision.decision', v)} />
      <TextArea id="decision.rationale" label="Why the meeting decided this" value={decision.rationale} error={fieldError(errors, 'decision.rationale')} onChange={(v) => setValue('decision.rationale', v)} />
      <fieldset className="field" id="decision.actions" tabIndex={-1}>
        <legend className="label">Actions agreed</legend>
        {fieldError(errors, 'decision.actions') && <span className="error-message"><span className="visually-hidden">Error:</span> {fieldError(errors, 'decision.actions')}</span>}
        {actions.fields.length === 0 && <p className="small muted">No actions yet.</p>}
        {actions.fields.map((row, i) => {
          const a = decision.actions[i] ?? row
          return (
            <div key={row.id} className="person-row">
              <TextField id={`decision.actions.${i}.action`} label={`Action ${i + 1}`} value={a.action} error={fieldError(errors, `decision.actions.${i}.action`)} onChange={(v) => setValue(`decision.actions.${i}.action`, v)} />
              <TextField id={`decision.actions.${i}.owner`} label={`Action ${i + 1}: who owns it`} value={a.owner} error={fieldError(errors, `decision.actions.${i}.owner`)} onChange={(v) => setValue(`decision.actions.${i}.owner`, v)} />
              <DateInput id={`decision.actions.${i}.dueOn`} label={`Action ${i + 1}: due by`} value={a.dueOn} error={fieldError(errors, `decision.actions.${i}.dueOn`)} onChange={(v) => setValue(`decision.actions.${i}.dueOn`, v)} />
              <button type="button" className="link" onClick={() => actions.remove(i)}>Remove action {i + 1}</button>
            </div>
          )
        })}
        <button type="button" className="button secondary" onClick={() => actions.append({ action: '', owner: '', dueOn: '' })}>Add an action</button>
      </fieldset>
      <TextField
        id="decision.feedbackBy"
        label="Who feeds the decision back to the practitioners"
        hint={view.rules.feedbackTo ? `The policy: feedback to ${view.rules.feedbackTo.charAt(0).toLowerCase()}${view.rules.feedbackTo.slice(1)}.` : 'Who tells the practitioners involved, and when.'}
        value={decision.feedbackBy}
        error={fieldError(errors, 'decision.feedbackBy')}
        onChange={(v) => setValue('decision.feedbackBy', v)}
      />
      {view.rules.reportsTo.length > 0 && (
        <fieldset className="field" id="decision.reports" tabIndex={-1}>
          <legend className="label">Reports the policy requires</legend>
          {fieldError(errors, 'decision.reports') && <span className="error-message"><span className="visually-hidden">Error:</span> {fieldError(errors, 'decision.reports')}</span>}
          {decision.reports.map((r, i) => (
            <TextField key={r.to} id={`decision.reports.${i}.by`} label={`Who reports to the ${r.to}`} value={r.by} error={fieldError(errors, `decision.reports.${i}.by`)} onChange={(v) => setValue(`decision.reports.${i}.by`, v)} />
          ))}
        </fieldset>
      )}
      <button type="submit" className="button" disabled={busy}>Save the decision record</button>
    </form>
  )
}
