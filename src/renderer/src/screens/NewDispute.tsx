import { useMemo, useState, type FormEvent } from 'react'
import type { SessionInfo } from '../../../shared/ipc'
import { ClockChoice, DateInput, TimeInput, momentProblems, typedMoment } from '../components/DateInput'
import type { ClockOffset } from '../../../shared/date-entry'
import { Checkbox, ErrorSummary, Radios, SelectField, TextArea, type FieldErrors } from '../components/forms'
import { policyById, usePolicies } from '../policies'
import { londonParts } from '../time'
import { DisputeDetails } from './NewDisputeDetails'

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
