import { useState } from 'react'
import type { DecisionRecordInput, MeetingView } from '../../../shared/meetings'
import { allProblems, call, errorsFrom, inputProblems } from '../api'
import { DateInput, dateProblems } from '../components/DateInput'
import { ErrorSummary, TextArea, TextField, fieldError, type FieldErrors } from '../components/forms'

function startingDecision(view: MeetingView): DecisionRecordInput {
  const d = view.meeting?.decision
  const reports = view.rules.reportsTo.map((to) => ({ to, by: d?.reports.find((r) => r.to === to)?.by ?? '' }))
  if (d) return { ...d, reports: [...reports, ...d.reports.filter((r) => !view.rules.reportsTo.includes(r.to))] }
  return { decision: '', rationale: '', actions: [], feedbackBy: '', reports }
}

/** The decision record, entered after the meeting: saved as often as needed until it is signed off. */
export function MeetingDecisionForm({ view, onSaved }: { view: MeetingView; onSaved: (next: MeetingView) => void }) {
  const [decision, setDecision] = useState<DecisionRecordInput>(() => startingDecision(view))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<DecisionRecordInput>) => setDecision((d) => ({ ...d, ...patch }))
  const setAction = (i: number, patch: Partial<DecisionRecordInput['actions'][number]>) =>
    set({ actions: decision.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) })

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    const local = dateProblems(
      decision.actions.map((a, i) => ({ id: `decision.actions.${i}.dueOn`, value: a.dueOn ?? '', what: `The due date of action ${i + 1}`, happened: false, required: false })),
    )
    const input = { disputeId: view.disputeId, decision: { ...decision, actions: decision.actions.map((a) => ({ ...a, dueOn: a.dueOn || null })) } }
    // Every problem at once: the schema's with the dates'.
    if (Object.keys(local).length > 0) return setErrors(allProblems(local, inputProblems('meetings.recordDecision', input)))
    setErrors({})
    setBusy(true)
    const r = await call('meetings.recordDecision', input)
    setBusy(false)
    if (r.ok) onSaved(r.value)
    else setErrors(errorsFrom(r.error))
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="meeting-decision-title">
      <h2 id="meeting-decision-title">The decision record</h2>
      <p className="hint">After the meeting: what it decided and why, the actions agreed, and who tells whom.</p>
      <ErrorSummary errors={errors} />
      <TextArea id="decision.decision" label="The decision" value={decision.decision} error={fieldError(errors, 'decision.decision')} onChange={(v) => set({ decision: v })} />
      <TextArea id="decision.rationale" label="Why the meeting decided this" value={decision.rationale} error={fieldError(errors, 'decision.rationale')} onChange={(v) => set({ rationale: v })} />
      <fieldset className="field" id="decision.actions" tabIndex={-1}>
        <legend className="label">Actions agreed</legend>
        {decision.actions.length === 0 && <p className="small muted">No actions yet.</p>}
        {decision.actions.map((a, i) => (
          <div key={i} className="person-row">
            <TextField id={`decision.actions.${i}.action`} label={`Action ${i + 1}`} value={a.action} error={fieldError(errors, `decision.actions.${i}.action`)} onChange={(v) => setAction(i, { action: v })} />
            <TextField id={`decision.actions.${i}.owner`} label={`Action ${i + 1}: who owns it`} value={a.owner} error={fieldError(errors, `decision.actions.${i}.owner`)} onChange={(v) => setAction(i, { owner: v })} />
            <DateInput id={`decision.actions.${i}.dueOn`} label={`Action ${i + 1}: due by`} value={a.dueOn ?? ''} error={fieldError(errors, `decision.actions.${i}.dueOn`)} onChange={(v) => setAction(i, { dueOn: v || null })} />
            <button type="button" className="link" onClick={() => set({ actions: decision.actions.filter((_, j) => j !== i) })}>Remove action {i + 1}</button>
          </div>
        ))}
        <button type="button" className="button secondary" onClick={() => set({ actions: [...decision.actions, { action: '', owner: '', dueOn: null }] })}>Add an action</button>
      </fieldset>
      <TextField
        id="decision.feedbackBy"
        label="Who feeds the decision back to the practitioners"
        hint={view.rules.feedbackTo ? `The policy: feedback to ${view.rules.feedbackTo.charAt(0).toLowerCase()}${view.rules.feedbackTo.slice(1)}.` : 'Who tells the practitioners involved, and when.'}
        value={decision.feedbackBy}
        error={fieldError(errors, 'decision.feedbackBy')}
        onChange={(v) => set({ feedbackBy: v })}
      />
      {view.rules.reportsTo.length > 0 && (
        <fieldset className="field" id="decision.reports" tabIndex={-1}>
          <legend className="label">Reports the policy requires</legend>
          {fieldError(errors, 'decision.reports') && <span className="error-message"><span className="visually-hidden">Error:</span> {fieldError(errors, 'decision.reports')}</span>}
          {decision.reports.map((r, i) => (
            <TextField key={r.to} id={`decision.reports.${i}.by`} label={`Who reports to the ${r.to}`} value={r.by} onChange={(v) => set({ reports: decision.reports.map((x, j) => (j === i ? { ...x, by: v } : x)) })} />
          ))}
        </fieldset>
      )}
      <button type="submit" className="button" disabled={busy}>Save the decision record</button>
    </form>
  )
}
