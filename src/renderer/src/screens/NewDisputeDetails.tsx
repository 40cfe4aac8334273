import { useEffect, useMemo, useState } from 'react'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { stageName, stageWordOf } from '../../../shared/policy-words'
import type { DirectoryEntry } from '../../../shared/directory'
import { DateInput } from '../components/DateInput'
import { DirectoryPicker } from '../components/DirectoryPicker'
import { call, errorsFrom } from '../api'
import { ErrorSummary, fieldError, Radios, SelectField, Spinner, TextArea, TextField, type FieldErrors } from '../components/forms'
import { policyById, type usePolicies } from '../policies'
import { todayInLondon } from '../time'
import { flatErrors } from '../lib/form-errors'
import { useChannel } from '../lib/queries'
import { ChildrenPicker } from './NewDisputeChildren'
import { blankDetails, detailsSchema, openDisputeInput, type DisputeDetailsForm, type FirstAction, type TriageLevel } from './NewDisputeForm'

interface DetailsProps {
  loaded: ReturnType<typeof usePolicies>
  level: TriageLevel
  policyId: string
  onPolicyChange: (id: string) => void
  firstAction: FirstAction
  onBack: () => void
  onOpened: (id: string) => void
}

/** The new dispute's second step: which children, the other agency, what is disputed and why. */
export function DisputeDetails({ loaded, level, policyId: chosenPolicyId, onPolicyChange: setPolicyId, firstAction, onBack, onOpened }: DetailsProps) {
  const policy = policyById(loaded, chosenPolicyId)
  const resolver = useMemo(() => zodResolver(detailsSchema(chosenPolicyId, policy)), [chosenPolicyId, policy])
  // Checked when "Open dispute" is pressed, not as each key is typed: the summary takes focus, and moving
  // it under the person's typing would lose their place.
  const { watch, setValue, handleSubmit, formState } = useForm<DisputeDetailsForm>({
    defaultValues: blankDetails(todayInLondon()),
    resolver,
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  })
  const form = watch()
  const { otherAgency, disputed, reasons, triage } = form.dispute
  /** Refusals from the main process; the form's own checks are in formState.errors. */
  const [refusals, setRefusals] = useState<FieldErrors>({})
  const errors: FieldErrors = { ...flatErrors(formState.errors), ...refusals }
  const [busy, setBusy] = useState(false)
  const set = (path: Parameters<typeof setValue>[0]) => (value: string) => setValue(path, value as never)

  // Continue replaced the triage form, taking the focused button with it: start at the first thing to
  // fill in, the children (the partnership is chosen already and a Shift+Tab away). Once the list of
  // children is known: with many, the box to find one; with a few, the first; with none, "Add a child".
  const childrenKnown = useChannel('children.list', {}).isFetched
  useEffect(() => {
    if (!childrenKnown) return
    const start = document.querySelector<HTMLElement>('#childFilter') ?? document.querySelector<HTMLElement>('#childIds input') ?? document.getElementById('add-child')
    start?.focus()
  }, [childrenKnown])

  const pickDirectory = (entry: DirectoryEntry | null) => {
    setValue('directoryId', entry?.id ?? '')
    if (!entry) return
    setValue('dispute.otherAgency.agency', entry.agency)
    setValue('dispute.otherAgency.practitioner', entry.name || entry.role)
    setValue('dispute.otherAgency.role', entry.name ? entry.role : '')
    setValue('dispute.otherAgency.contactDetails', [entry.phone, entry.email].filter(Boolean).join(', '))
  }

  const open = async (values: DisputeDetailsForm) => {
    if (busy) return
    setRefusals({})
    setBusy(true)
    const r = await call('disputes.open', openDisputeInput(chosenPolicyId, values, level, firstAction))
    setBusy(false)
    if (r.ok) onOpened(r.value.dispute.id)
    else setRefusals(errorsFrom(r.error))
  }
  const submit = handleSubmit(open, () => setRefusals({}))

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-busy={busy}
      onKeyDown={(e) => {
        // Ctrl+Enter opens the dispute from any field, as it saves a contact record.
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
          e.preventDefault()
          e.currentTarget.requestSubmit()
        }
      }}
    >
      <ErrorSummary errors={errors} />
      <span className="caption">New dispute — step 2 of 2</span>
      <h1>About the disagreement</h1>
      <p className="hint">Ctrl+Enter opens the dispute from any field.</p>
      {level !== 'standard' && (
        <div className="notice warning">
          {level === 'immediateDanger'
            ? firstAction?.kind === 'call999'
              ? 'A child is in immediate danger: the 999 call will be recorded with the dispute.'
              : firstAction
                ? 'A child is in immediate danger: what was done first, as the policy says, will be recorded with the dispute.'
                : 'A child is in immediate danger.'
            : 'A child is likely to suffer significant harm within 24 hours: the dispute follows the policy’s emergency route where it has one.'}
        </div>
      )}
      <SelectField
        id="policyId"
        label="Partnership"
        hint="Whose escalation policy applies"
        value={chosenPolicyId}
        error={errors['policyId']}
        onChange={setPolicyId}
        options={(loaded?.current ?? []).filter((p) => !p.retired).map((p) => ({ value: p.id, label: `${p.partnership} (version ${p.version})` }))}
      />
      {level === 'standard' && policy?.laterStart && (
        <>
          <SelectField
            id="dispute.triage.startStage.stage"
            label={`${stageWordOf(policy)} to start at`}
            hint={policy.laterStart.guidance}
            value={triage.startStage.stage}
            error={fieldError(errors, 'dispute.triage.startStage.stage')}
            onChange={set('dispute.triage.startStage.stage')}
            options={policy.stages.map((s) => ({ value: String(s.number), label: `${stageName(policy, s.number)} — ${s.title}` }))}
          />
          {triage.startStage.stage !== '1' && (
            <TextArea id="dispute.triage.startStage.reason" label="Why start at a later stage?" rows={2} value={triage.startStage.reason} error={fieldError(errors, 'dispute.triage.startStage.reason')} onChange={set('dispute.triage.startStage.reason')} />
          )}
        </>
      )}

      <ChildrenPicker policyId={chosenPolicyId} chosen={form.childIds} onChange={(ids) => setValue('childIds', ids)} error={fieldError(errors, 'childIds')} />

      <h2>The other agency</h2>
      <DirectoryPicker
        id="directoryId"
        label="Choose from your directory (optional)"
        partnershipId={chosenPolicyId || undefined}
        value={form.directoryId}
        blankLabel="Type the details instead"
        describe={(d) => [d.agency, d.role, d.name].filter(Boolean).join(' — ')}
        onPick={pickDirectory}
      />
      <TextField id="dispute.otherAgency.agency" label="Agency" value={otherAgency.agency} onChange={set('dispute.otherAgency.agency')} error={fieldError(errors, 'dispute.otherAgency.agency')} />
      <TextField id="dispute.otherAgency.practitioner" label="Practitioner" hint="The person whose decision, action or inaction you disagree with" value={otherAgency.practitioner} onChange={set('dispute.otherAgency.practitioner')} error={fieldError(errors, 'dispute.otherAgency.practitioner')} />
      <TextField id="dispute.otherAgency.role" label="Their role (optional)" value={otherAgency.role} onChange={set('dispute.otherAgency.role')} error={fieldError(errors, 'dispute.otherAgency.role')} />
      <TextField id="dispute.otherAgency.contactDetails" label="Their phone or email (optional)" value={otherAgency.contactDetails} onChange={set('dispute.otherAgency.contactDetails')} error={fieldError(errors, 'dispute.otherAgency.contactDetails')} />

      <h2>What is disputed</h2>
      <Radios
        id="dispute.disputed.kind"
        legend="What do you disagree with?"
        value={disputed.kind || null}
        error={fieldError(errors, 'dispute.disputed.kind')}
        inline
        choices={[
          { value: 'decision', label: 'A decision' },
          { value: 'action', label: 'An action' },
          { value: 'inaction', label: 'Inaction' },
        ]}
        onChange={(kind) => setValue('dispute.disputed.kind', kind)}
      />
      <TextArea id="dispute.disputed.description" label="Describe it" hint="What was decided or done (or not done), by whom and when, and why it leaves the child unsafe" value={disputed.description} onChange={set('dispute.disputed.description')} error={fieldError(errors, 'dispute.disputed.description')} rows={5} />
      {policy && policy.reasonsForEscalation.length > 0 && (
        <fieldset className={`field${fieldError(errors, 'dispute.reasons') ? ' has-error' : ''}`}>
          <legend>Reasons for escalation</legend>
          <span className="hint">Tick all that apply</span>
          {fieldError(errors, 'dispute.reasons') && <span className="error-message">{fieldError(errors, 'dispute.reasons')}</span>}
          <div className="checkboxes" id="dispute.reasons">
            {policy.reasonsForEscalation.map((r) => (
              <label key={r.id}>
                <input type="checkbox" checked={reasons.ids.includes(r.id)} onChange={(e) => setValue('dispute.reasons.ids', e.target.checked ? [...reasons.ids, r.id] : reasons.ids.filter((x) => x !== r.id))} />
                <span>{r.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <TextArea id="dispute.reasons.text" label={policy && policy.reasonsForEscalation.length > 0 ? 'More about the reasons (required for “Other”)' : 'Reasons for escalation'} value={reasons.text} onChange={set('dispute.reasons.text')} error={fieldError(errors, 'dispute.reasons.text')} rows={3} />
      <DateInput id="dispute.disagreementOn" label="Date the disagreement arose" value={form.dispute.disagreementOn} onChange={set('dispute.disagreementOn')} error={fieldError(errors, 'dispute.disagreementOn')} />
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>Open dispute</button>
        <button type="button" className="button secondary" onClick={onBack}>Back</button>
        {busy && <Spinner label="Opening the dispute…" />}
      </div>
    </form>
  )
}
