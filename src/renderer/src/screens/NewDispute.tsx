import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { stageName, stageWordOf } from '../../../shared/policy-words'
import { type Child } from '../../../shared/children'
import type { DirectoryEntry } from '../../../shared/directory'
import type { SessionInfo } from '../../../shared/ipc'
import { ClockChoice, DateInput, TimeInput, dateProblems, momentProblems, typedMoment } from '../components/DateInput'
import type { ClockOffset, LondonDateTime } from '../../../shared/date-entry'
import { DirectoryPicker } from '../components/DirectoryPicker'
import { call, errorsFrom } from '../api'
import { Checkbox, ErrorSummary, fieldError, Radios, SelectField, Spinner, TextArea, TextField, type FieldErrors } from '../components/forms'
import { policyById, usePolicies } from '../policies'
import { londonParts, todayInLondon } from '../time'
import { QuickChild } from './QuickChild'

type YesNo = 'yes' | 'no'

/**
 * A new dispute: a short triage first (immediate danger → 999; significant harm within 24 hours → the
 * rapid-resolution route where the policy has one), then who and what the disagreement is about.
 */
export function NewDispute({ session, onOpened, onCancel }: { session: SessionInfo; onOpened: (id: string) => void; onCancel: () => void }) {
  const loaded = usePolicies()
  const defaultPolicy = useMemo(() => {
    const wanted = session.profile?.defaultPartnership?.toLowerCase() ?? ''
    const current = (loaded?.current ?? []).filter((p) => !p.retired)
    return current.find((p) => wanted && (p.id === wanted || p.partnership.toLowerCase().includes(wanted) || wanted.includes(p.partnership.toLowerCase().split(' (')[0]!)))?.id ?? current[0]?.id ?? ''
  }, [loaded, session])
  const [policyId, setPolicyId] = useState('')
  const chosenPolicyId = policyId || defaultPolicy
  // What the policy says to do first for a child in immediate danger: 999, something else, or nothing.
  const dangerRule = policyById(loaded, chosenPolicyId)?.immediateDanger
  const partnership = loaded?.current.find((p) => p.id === chosenPolicyId)?.partnership ?? 'partnership'
  const wants999 = dangerRule?.call999 ?? false
  const [step, setStep] = useState<'triage' | 'details'>('triage')
  const [danger, setDanger] = useState<YesNo | null>(null)
  const [called999, setCalled999] = useState(false)
  const [callTime, setCallTime] = useState(() => londonParts())
  const [callOffset, setCallOffset] = useState<ClockOffset | ''>(() => callTime.offset ?? '')
  const [callNote, setCallNote] = useState('')
  const [harm, setHarm] = useState<YesNo | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})

  const level = danger === 'yes' ? 'immediateDanger' : harm === 'yes' ? 'significantHarm' : 'standard'

  const continueTriage = (e: FormEvent) => {
    e.preventDefault()
    const errs: FieldErrors = {}
    if (!danger) errs['danger'] = 'Say whether a child is in immediate danger'
    else if (danger === 'yes' && wants999 && !called999) errs['called999'] = 'Call 999 first, then tick that you have called'
    else if (danger === 'yes' && dangerRule && !wants999 && !called999) errs['called999'] = 'Do what the policy says first, then tick that it is done'
    else if (danger === 'no' && !harm) errs['harm'] = 'Say whether a child is likely to suffer significant harm within 24 hours'
    // The time is refused when it is mistyped, never replaced by the time now.
    else if (danger === 'yes' && called999) Object.assign(errs, momentProblems({ date: 'callDate', time: 'callTime', offset: 'callOffset' }, typedMoment(callTime.date, callTime.time, callOffset), wants999 || !dangerRule ? 'the 999 call' : 'when it was done'))
    setErrors(errs)
    if (Object.keys(errs).length === 0) setStep('details')
  }

  if (step === 'triage') {
    return (
      <form onSubmit={continueTriage} noValidate>
        <ErrorSummary errors={errors} />
        <span className="caption">New dispute — step 1 of 2</span>
        <h1>How urgent is it?</h1>
        <Radios
          id="danger"
          legend="Is a child in immediate danger?"
          value={danger}
          error={errors['danger']}
          inline
          autoFocusFirst
          choices={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          onChange={setDanger}
        />
        {danger === 'yes' && (loaded?.current.filter((p) => !p.retired).length ?? 0) > 1 && (
          <SelectField
            id="triage.policyId"
            label="Partnership"
            hint="Whose policy applies: it says what to do first"
            value={chosenPolicyId}
            onChange={setPolicyId}
            options={(loaded?.current ?? []).filter((p) => !p.retired).map((p) => ({ value: p.id, label: p.partnership }))}
          />
        )}
        {danger === 'yes' && (
          <div className="notice danger" role="alert">
            <h2 style={{ marginTop: 0 }}>{wants999 ? 'Call 999 now' : dangerRule ? 'Do this now' : 'A child in immediate danger'}</h2>
            {dangerRule ? (
              <p>
                The {partnership} policy says: “{dangerRule.instruction}”
              </p>
            ) : (
              <p>The {partnership} policy gives no instruction of its own for a child in immediate danger. Follow your agency’s safeguarding procedures. If you call 999, you can record the call here.</p>
            )}
            <Checkbox id="called999" label={wants999 || !dangerRule ? 'I have called 999' : 'I have done this'} checked={called999} onChange={setCalled999} />
            {errors['called999'] && <p className="error-message">{errors['called999']}</p>}
            {called999 && (
              <div className="inline-fields">
                <DateInput id="callDate" label={wants999 || !dangerRule ? 'Date of the call' : 'Date it was done'} value={callTime.date} onChange={(date) => setCallTime({ ...callTime, date })} error={errors['callDate']} />
                <TimeInput id="callTime" label={wants999 || !dangerRule ? 'Time of the call' : 'Time it was done'} value={callTime.time} onChange={(time) => setCallTime({ ...callTime, time })} error={errors['callTime']} />
              </div>
            )}
            {called999 && <ClockChoice id="callOffset" date={callTime.date} time={callTime.time} value={callOffset} onChange={setCallOffset} error={errors['callOffset']} />}
            {called999 && (
              <TextArea
                id="callNote"
                label={wants999 || !dangerRule ? 'Note about the call (optional)' : 'Note about what was done (optional)'}
                hint={wants999 || !dangerRule ? 'For example the police reference number' : 'For example who was told, and how'}
                rows={2}
                value={callNote}
                onChange={setCallNote}
              />
            )}
          </div>
        )}
        {danger === 'no' && (
          <Radios
            id="harm"
            legend="Is a child likely to suffer significant harm within the next 24 hours?"
            hint="If so, and the partnership’s policy has an emergency route for this, the dispute follows it, with that route’s own timescale."
            value={harm}
            error={errors['harm']}
            inline
            choices={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            onChange={setHarm}
          />
        )}
        <div className="button-group">
          <button type="submit" className="button">Continue</button>
          <button type="button" className="link" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    )
  }

  return (
    <DisputeDetails
      loaded={loaded}
      level={level}
      policyId={chosenPolicyId}
      onPolicyChange={setPolicyId}
      firstAction={
        danger === 'yes' && called999
          ? { kind: wants999 || !dangerRule ? 'call999' : 'instruction', at: typedMoment(callTime.date, callTime.time, callOffset), note: callNote.trim() || undefined }
          : null
      }
      onBack={() => setStep('triage')}
      onOpened={onOpened}
    />
  )
}

interface DetailsProps {
  loaded: ReturnType<typeof usePolicies>
  level: 'immediateDanger' | 'significantHarm' | 'standard'
  policyId: string
  onPolicyChange: (id: string) => void
  /** What was done first for a child in immediate danger: the 999 call, or the policy's own instruction. */
  firstAction: { kind: 'call999' | 'instruction'; at: LondonDateTime; note: string | undefined } | null
  onBack: () => void
  onOpened: (id: string) => void
}

function DisputeDetails({ loaded, level, policyId: chosenPolicyId, onPolicyChange: setPolicyId, firstAction, onBack, onOpened }: DetailsProps) {
  const policy = policyById(loaded, chosenPolicyId)

  const [children, setChildren] = useState<Child[]>([])
  const [chosen, setChosen] = useState<string[]>([])
  const [childFilter, setChildFilter] = useState('')
  const [directoryId, setDirectoryId] = useState('')
  const [agency, setAgency] = useState('')
  const [practitioner, setPractitioner] = useState('')
  const [role, setRole] = useState('')
  const [contactDetails, setContactDetails] = useState('')
  const [kind, setKind] = useState<'decision' | 'action' | 'inaction' | null>(null)
  const [description, setDescription] = useState('')
  const [reasonIds, setReasonIds] = useState<string[]>([])
  const [reasonText, setReasonText] = useState('')
  const [disagreementOn, setDisagreementOn] = useState(todayInLondon())
  const [startStage, setStartStage] = useState('1')
  const [startReason, setStartReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [adding, setAdding] = useState(false)
  /** Said (role=status) once a child is added inline, as focus moves on to the next field. */
  const [childAdded, setChildAdded] = useState<string | null>(null)

  useEffect(() => {
    void call('children.list', {}).then((r) => {
      if (r.ok) setChildren(r.value)
      setChildrenLoaded(true)
    })
  }, [])

  // Continue replaced the triage form, taking the focused button with it: start at the first thing to
  // fill in, the children (the partnership is chosen already and a Shift+Tab away). Once the list of
  // children is known: with none on record, that is "Add a child".
  const [childrenLoaded, setChildrenLoaded] = useState(false)
  useEffect(() => {
    if (!childrenLoaded) return
    const start = document.querySelector<HTMLElement>('#childFilter, #childIds input, #add-child')
    start?.focus()
  }, [childrenLoaded])

  const pickDirectory = (entry: DirectoryEntry | null) => {
    setDirectoryId(entry?.id ?? '')
    if (!entry) return
    setAgency(entry.agency)
    setPractitioner(entry.name || entry.role)
    setRole(entry.name ? entry.role : '')
    setContactDetails([entry.phone, entry.email].filter(Boolean).join(', '))
  }

  const visibleChildren = children.filter((c) => chosen.includes(c.id) || c.name.toLowerCase().includes(childFilter.toLowerCase()))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const errs: FieldErrors = {}
    if (!chosenPolicyId) errs['policyId'] = 'Choose the partnership whose policy applies'
    if (chosen.length === 0) errs['childIds'] = 'Choose at least one child, or add one'
    if (!agency.trim()) errs['dispute.otherAgency.agency'] = 'Enter the other agency'
    if (!practitioner.trim()) errs['dispute.otherAgency.practitioner'] = 'Enter the practitioner you disagree with'
    if (!kind) errs['dispute.disputed.kind'] = 'Say whether a decision, an action or an inaction is disputed'
    if (!description.trim()) errs['dispute.disputed.description'] = 'Describe what is disputed'
    // The reasons the main process would refuse (src/main/domain/disputes/open.ts), found here so that every
    // problem is listed at once rather than one more after each try.
    const needing = policy?.reasonsForEscalation.find((r) => r.needsDetail && reasonIds.includes(r.id))
    if (needing && !reasonText.trim()) errs['dispute.reasons.text'] = `You ticked “${needing.label}”: give brief details of the reason.`
    else if (reasonIds.length === 0 && !reasonText.trim())
      errs[policy && policy.reasonsForEscalation.length > 0 ? 'dispute.reasons' : 'dispute.reasons.text'] =
        policy && policy.reasonsForEscalation.length > 0 ? 'Choose at least one reason for escalation, or describe it.' : 'Describe the reason for escalation.'
    Object.assign(errs, dateProblems([{ id: 'dispute.disagreementOn', value: disagreementOn, what: 'The date the disagreement arose', happened: true, required: true }]))
    setErrors(errs)
    if (Object.keys(errs).length > 0) return
    setBusy(true)
    const stage = Number(startStage)
    const r = await call('disputes.open', {
      policyId: chosenPolicyId,
      dispute: {
        childIds: chosen,
        otherAgency: { agency, practitioner, ...(role.trim() ? { role } : {}), ...(contactDetails.trim() ? { contactDetails } : {}) },
        disputed: { kind: kind!, description },
        reasons: { ids: reasonIds, ...(reasonText.trim() ? { text: reasonText } : {}) },
        disagreementOn,
        triage: {
          level,
          ...(firstAction?.kind === 'call999' ? { emergencyCall: { calledAt: firstAction.at, ...(firstAction.note ? { note: firstAction.note } : {}) } } : {}),
          ...(firstAction?.kind === 'instruction' ? { immediateAction: { doneAt: firstAction.at, ...(firstAction.note ? { note: firstAction.note } : {}) } } : {}),
          ...(level === 'standard' && stage > 1 ? { startStage: { stage, reason: startReason } } : {}),
        },
      },
    })
    setBusy(false)
    if (r.ok) onOpened(r.value.dispute.id)
    else setErrors(errorsFrom(r.error))
  }

  return (
    <form
      onSubmit={submit}
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
            value={startStage}
            error={fieldError(errors, 'dispute.triage.startStage.stage')}
            onChange={setStartStage}
            options={policy.stages.map((s) => ({ value: String(s.number), label: `${stageName(policy, s.number)} — ${s.title}` }))}
          />
          {startStage !== '1' && (
            <TextArea id="dispute.triage.startStage.reason" label="Why start at a later stage?" rows={2} value={startReason} error={fieldError(errors, 'dispute.triage.startStage.reason')} onChange={setStartReason} />
          )}
        </>
      )}

      <fieldset className={`field${fieldError(errors, 'childIds') ? ' has-error' : ''}`}>
        <legend>Which children does it concern?</legend>
        <span className="hint">Choose every child this escalation relates to.</span>
        {fieldError(errors, 'childIds') && <span className="error-message">{fieldError(errors, 'childIds')}</span>}
        {children.length > 6 && (
          <div className="field">
            <label htmlFor="childFilter">Find a child</label>
            <input id="childFilter" type="search" value={childFilter} onChange={(e) => setChildFilter(e.target.value)} />
          </div>
        )}
        <div className="checkboxes" id="childIds">
          {visibleChildren.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={chosen.includes(c.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))}
              />
              <span>
                {c.name}
                {c.dateOfBirth ? <span className="muted small"> (born {c.dateOfBirth.split('-').reverse().join('/')})</span> : null}
                {c.childProtectionPlan ? <span className="small"> · child protection plan</span> : null}
                {c.lookedAfter ? <span className="small"> · looked after</span> : null}
              </span>
            </label>
          ))}
        </div>
        {adding ? (
          <QuickChild
            policyId={chosenPolicyId}
            onAdded={(child) => {
              setChildren([...children, child])
              setChosen([...chosen, child.id])
              setAdding(false)
              setChildAdded(`${child.name} is added and chosen.`)
              // The child is the result; the next thing to fill in is the other agency's name (the directory
              // list above it is a Shift+Tab away).
              requestAnimationFrame(() => document.getElementById('dispute.otherAgency.agency')?.focus())
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" id="add-child" className="button secondary" onClick={() => { setChildAdded(null); setAdding(true) }}>
            Add a child
          </button>
        )}
        <p className="small" role="status">{childAdded}</p>
      </fieldset>

      <h2>The other agency</h2>
      <DirectoryPicker
        id="directoryId"
        label="Choose from your directory (optional)"
        partnershipId={chosenPolicyId || undefined}
        value={directoryId}
        blankLabel="Type the details instead"
        describe={(d) => [d.agency, d.role, d.name].filter(Boolean).join(' — ')}
        onPick={pickDirectory}
      />
      <TextField id="dispute.otherAgency.agency" label="Agency" value={agency} onChange={setAgency} error={fieldError(errors, 'dispute.otherAgency.agency')} />
      <TextField id="dispute.otherAgency.practitioner" label="Practitioner" hint="The person whose decision, action or inaction you disagree with" value={practitioner} onChange={setPractitioner} error={fieldError(errors, 'dispute.otherAgency.practitioner')} />
      <TextField id="dispute.otherAgency.role" label="Their role (optional)" value={role} onChange={setRole} error={fieldError(errors, 'dispute.otherAgency.role')} />
      <TextField id="dispute.otherAgency.contactDetails" label="Their phone or email (optional)" value={contactDetails} onChange={setContactDetails} error={fieldError(errors, 'dispute.otherAgency.contactDetails')} />

      <h2>What is disputed</h2>
      <Radios
        id="dispute.disputed.kind"
        legend="What do you disagree with?"
        value={kind}
        error={fieldError(errors, 'dispute.disputed.kind')}
        inline
        choices={[
          { value: 'decision', label: 'A decision' },
          { value: 'action', label: 'An action' },
          { value: 'inaction', label: 'Inaction' },
        ]}
        onChange={setKind}
      />
      <TextArea id="dispute.disputed.description" label="Describe it" hint="What was decided or done (or not done), by whom and when, and why it leaves the child unsafe" value={description} onChange={setDescription} error={fieldError(errors, 'dispute.disputed.description')} rows={5} />
      {policy && policy.reasonsForEscalation.length > 0 && (
        <fieldset className={`field${fieldError(errors, 'dispute.reasons') ? ' has-error' : ''}`}>
          <legend>Reasons for escalation</legend>
          <span className="hint">Tick all that apply</span>
          {fieldError(errors, 'dispute.reasons') && <span className="error-message">{fieldError(errors, 'dispute.reasons')}</span>}
          <div className="checkboxes" id="dispute.reasons">
            {policy.reasonsForEscalation.map((r) => (
              <label key={r.id}>
                <input type="checkbox" checked={reasonIds.includes(r.id)} onChange={(e) => setReasonIds(e.target.checked ? [...reasonIds, r.id] : reasonIds.filter((x) => x !== r.id))} />
                <span>{r.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <TextArea id="dispute.reasons.text" label={policy && policy.reasonsForEscalation.length > 0 ? 'More about the reasons (required for “Other”)' : 'Reasons for escalation'} value={reasonText} onChange={setReasonText} error={fieldError(errors, 'dispute.reasons.text')} rows={3} />
      <DateInput id="dispute.disagreementOn" label="Date the disagreement arose" value={disagreementOn} onChange={setDisagreementOn} error={fieldError(errors, 'dispute.disagreementOn')} />
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>Open dispute</button>
        <button type="button" className="button secondary" onClick={onBack}>Back</button>
        {busy && <Spinner label="Opening the dispute…" />}
      </div>
    </form>
  )
}
