import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import type { MeetingPerson, MeetingView } from '../../../shared/meetings'
import { call, errorsFrom } from '../api'
import { DateInput, TimeInput } from '../components/DateInput'
import { Checkbox, ErrorSummary, Radios, TextArea, TextField, fieldError, type FieldErrors } from '../components/forms'
import { flatErrors } from '../lib/form-errors'
import { EMPTY_PERSON, planFormSchema, savePlanInput, startingPlan, type PlanForm } from './MeetingForms'

/** A list of people (attendees, apologies): a row of name, role and agency each, added and removed. */
function PeopleList(props: { id: string; legend: string; people: MeetingPerson[]; errors: FieldErrors; onChange: (people: MeetingPerson[]) => void }) {
  const set = (i: number, patch: Partial<MeetingPerson>) => props.onChange(props.people.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  return (
    <fieldset className="field" id={props.id} tabIndex={-1}>
      <legend className="label">{props.legend}</legend>
      {fieldError(props.errors, props.id) && <span className="error-message"><span className="visually-hidden">Error:</span> {fieldError(props.errors, props.id)}</span>}
      {props.people.length === 0 && <p className="small muted">No one listed yet.</p>}
      {props.people.map((p, i) => (
        <div key={i} className="person-row">
          <TextField id={`${props.id}.${i}.name`} label={`Person ${i + 1}: name`} value={p.name} error={fieldError(props.errors, `${props.id}.${i}.name`)} onChange={(v) => set(i, { name: v })} />
          <TextField id={`${props.id}.${i}.role`} label={`Person ${i + 1}: role`} value={p.role} error={fieldError(props.errors, `${props.id}.${i}.role`)} onChange={(v) => set(i, { role: v })} />
          <TextField id={`${props.id}.${i}.agency`} label={`Person ${i + 1}: agency`} value={p.agency} error={fieldError(props.errors, `${props.id}.${i}.agency`)} onChange={(v) => set(i, { agency: v })} />
          <button type="button" className="link" onClick={() => props.onChange(props.people.filter((_, j) => j !== i))}>
            Remove person {i + 1}<span className="visually-hidden"> from {props.legend.toLowerCase()}</span>
          </button>
        </div>
      ))}
      <button type="button" className="button secondary" onClick={() => props.onChange([...props.people, { ...EMPTY_PERSON }])}>
        Add a person<span className="visually-hidden"> to {props.legend.toLowerCase()}</span>
      </button>
    </fieldset>
  )
}

/**
 * The meeting's arrangements and preparation: Chair, when and where, who attends, the agenda, the
 * question and the outcome sought, each agency's position and what happened at each stage.
 */
export function MeetingPlanForm({ view, onSaved }: { view: MeetingView; onSaved: (next: MeetingView) => void }) {
  // Checked when it is saved, not as each key is typed: the summary takes focus.
  const { watch, setValue, handleSubmit, formState } = useForm<PlanForm>({
    defaultValues: startingPlan(view),
    resolver: zodResolver(planFormSchema),
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  })
  const plan = watch()
  /** Refusals from the main process; the form's own checks are in formState.errors. */
  const [refusals, setRefusals] = useState<FieldErrors>({})
  const errors: FieldErrors = { ...flatErrors(formState.errors), ...refusals }
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<PlanForm>) => {
    for (const [key, value] of Object.entries(patch)) setValue(key as keyof PlanForm, value as never)
  }
  const setPosition = (side: 'raising' | 'other', patch: Partial<PlanForm['positions']['raising']>) => setValue(`positions.${side}`, { ...plan.positions[side], ...patch })
  const note = (stage: number) => plan.stageNotes.find((n) => n.stage === stage) ?? { stage, tried: '', whyNotResolved: '' }
  const setNote = (stage: number, patch: { tried?: string; whyNotResolved?: string }) =>
    setValue('stageNotes', [...plan.stageNotes.filter((n) => n.stage !== stage), { ...note(stage), ...patch }].sort((a, b) => a.stage - b.stage))
  const rules = view.rules

  const save = async (form: PlanForm) => {
    if (busy) return
    setRefusals({})
    setBusy(true)
    const r = await call('meetings.savePlan', savePlanInput(view.disputeId, form))
    setBusy(false)
    if (r.ok) onSaved(r.value)
    else setRefusals(errorsFrom(r.error))
  }
  const submit = handleSubmit(save, () => setRefusals({}))

  const recordChoice = (side: 'raising' | 'other') => {
    const usable = view.records.filter((r) => (side === 'other' ? r.theirWords : r.ourWords) !== null)
    const chosen = plan.positions[side].fromRecords
    return (
      <fieldset className="field" id={`positions.${side}.fromRecords`} tabIndex={-1}>
        <legend className="label">Quote from the records</legend>
        <span className="hint">
          {side === 'other'
            ? `Only records that hold what ${plan.positions.other.agency || 'the other agency'}’s people said can be quoted as their position.`
            : 'Only records that hold what our side said can be quoted as our position.'}
        </span>
        {fieldError(errors, `positions.${side}.fromRecords`) && <span className="error-message"><span className="visually-hidden">Error:</span> {fieldError(errors, `positions.${side}.fromRecords`)}</span>}
        {usable.length === 0 && <p className="small muted">No approved record holds {side === 'other' ? 'their' : 'our'} words with the speaker recorded.</p>}
        {usable.map((r) => (
          <Checkbox
            key={r.id}
            id={`positions-${side}-${r.ref}`}
            label={`${r.ref}: ${r.label}`}
            hint={`“${side === 'other' ? r.theirWords : r.ourWords}”`}
            checked={chosen.includes(r.id)}
            onChange={(on) => setPosition(side, { fromRecords: on ? [...chosen, r.id] : chosen.filter((id) => id !== r.id) })}
          />
        ))}
      </fieldset>
    )
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="meeting-plan-title">
      <h2 id="meeting-plan-title">Arrangements and preparation</h2>
      <ErrorSummary errors={errors} />
      <h3>The Chair</h3>
      <p className="hint">The policy: {rules.chair}.{rules.chairIndependent ? ' The Chair must be independent of the case.' : ''}</p>
      <TextField id="chair.name" label="Chair’s name" value={plan.chair.name} error={fieldError(errors, 'chair.name')} onChange={(v) => set({ chair: { ...plan.chair, name: v } })} />
      <TextField id="chair.role" label="Chair’s role" value={plan.chair.role} onChange={(v) => set({ chair: { ...plan.chair, role: v } })} />
      <TextField id="chair.agency" label="Chair’s agency" value={plan.chair.agency} onChange={(v) => set({ chair: { ...plan.chair, agency: v } })} />
      <Radios
        id="chair.independent"
        legend="Is the Chair independent of the case?"
        {...(rules.chairIndependent ? { hint: 'The policy requires it: the decision cannot be signed off otherwise.' } : {})}
        error={fieldError(errors, 'chair.independent')}
        value={plan.chair.independent === null ? 'unknown' : plan.chair.independent ? 'yes' : 'no'}
        choices={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
          { value: 'unknown', label: 'Not known yet' },
        ]}
        onChange={(v) => set({ chair: { ...plan.chair, independent: v === 'unknown' ? null : v === 'yes' } })}
        inline
      />
      <h3>When and where</h3>
      <DateInput id="date" label="Day of the meeting" hint="A planned meeting may be in the future. For example, 10 12 2026" value={plan.date} error={fieldError(errors, 'date')} onChange={(v) => set({ date: v })} />
      <TimeInput id="time" label="Time" value={plan.time} error={fieldError(errors, 'time')} onChange={(v) => set({ time: v })} />
      <TextField id="place" label="Place" value={plan.place} onChange={(v) => set({ place: v })} />
      <PeopleList id="attendees" legend="Attending" people={plan.attendees} errors={errors} onChange={(attendees) => set({ attendees })} />
      <PeopleList id="apologies" legend="Apologies" people={plan.apologies} errors={errors} onChange={(apologies) => set({ apologies })} />
      <fieldset className="field">
        <legend className="label">Agenda</legend>
        {plan.agenda.map((item, i) => (
          <div key={i} className="person-row">
            <TextField id={`agenda.${i}`} label={`Agenda item ${i + 1}`} value={item} onChange={(v) => set({ agenda: plan.agenda.map((a, j) => (j === i ? v : a)) })} />
            <button type="button" className="link" onClick={() => set({ agenda: plan.agenda.filter((_, j) => j !== i) })}>Remove agenda item {i + 1}</button>
          </div>
        ))}
        <button type="button" className="button secondary" onClick={() => set({ agenda: [...plan.agenda, ''] })}>Add an agenda item</button>
      </fieldset>
      <h3>The question for decision</h3>
      <TextArea id="question" label="The question the meeting is asked to decide" value={plan.question} error={fieldError(errors, 'question')} onChange={(v) => set({ question: v })} />
      <TextArea id="outcomeSought" label={`The outcome ${plan.positions.raising.agency || 'the raising agency'} seeks`} value={plan.outcomeSought} onChange={(v) => set({ outcomeSought: v })} />
      {(['raising', 'other'] as const).map((side) => (
        <section key={side} aria-labelledby={`position-${side}-title`}>
          <h3 id={`position-${side}-title`}>{side === 'raising' ? 'Our position (raising the disagreement)' : 'The other agency’s position'}</h3>
          <TextField id={`positions.${side}.agency`} label="Agency" value={plan.positions[side].agency} onChange={(v) => setPosition(side, { agency: v })} />
          <TextArea
            id={`positions.${side}.stated`}
            label={side === 'raising' ? 'Our stated position' : 'Their stated position, in their own words'}
            hint={side === 'other' ? 'As the agency stated it to you or in writing — not your summary of it.' : undefined}
            value={plan.positions[side].stated}
            onChange={(v) => setPosition(side, { stated: v })}
          />
          {recordChoice(side)}
        </section>
      ))}
      <h3>What happened at each stage</h3>
      {view.stages.map((s) => (
        <fieldset key={s.stage} className="field">
          <legend className="label">{s.name}: {s.title}</legend>
          <span className="hint">
            {s.parties}. Records: {s.recordRefs.join(', ') || 'none approved'}.{s.spokeWith.length > 0 ? ` Spoke with ${s.spokeWith.join('; ')}.` : ''}
          </span>
          <TextArea id={`stage-${s.stage}-tried`} label={`What was tried at ${s.name.charAt(0).toLowerCase()}${s.name.slice(1)}`} rows={3} value={note(s.stage).tried} onChange={(v) => setNote(s.stage, { tried: v })} />
          <TextArea id={`stage-${s.stage}-why`} label={`Why ${s.name.charAt(0).toLowerCase()}${s.name.slice(1)} did not resolve it`} rows={3} value={note(s.stage).whyNotResolved} onChange={(v) => setNote(s.stage, { whyNotResolved: v })} />
        </fieldset>
      ))}
      <button type="submit" className="button" disabled={busy}>{view.meeting ? 'Save the arrangements' : 'Arrange the meeting'}</button>
    </form>
  )
}
