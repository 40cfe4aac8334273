import { useState } from 'react'
import type { DisputeView } from '../../../shared/views'
import type { Policy } from '../../../shared/policy'
import { DateInput, dateProblems } from '../components/DateInput'
import { allProblems, call, errorsFrom, inputProblems } from '../api'
import { Checkbox, ErrorSummary, fieldError, Spinner, TextArea, TextField, type FieldErrors } from '../components/forms'
import { todayInLondon } from '../time'
import { positionNameInSentence } from '../../../shared/policy-words'
import { BLANK_PERSON, PersonFields, type PersonForm, personInput, personProblems } from './StagePeople'

type Done = (view: DisputeView) => void

/** Escalate to the next stage: confirm the policy's entry checks, add a note. The domain decides. */
export function EscalateForm({ view, onDone, onCancel }: { view: DisputeView; onDone: Done; onCancel: () => void }) {
  const next = view.status?.nextStage
  const [confirmed, setConfirmed] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [ours, setOurs] = useState<PersonForm>(BLANK_PERSON)
  const [theirs, setTheirs] = useState<PersonForm>(BLANK_PERSON)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (busy) return
    const ourSide = personInput(ours)
    const theirSide = personInput(theirs)
    const input = {
      disputeId: view.dispute.id,
      input: { confirmations: confirmed, ...(note.trim() ? { note } : {}), ...(ourSide ? { ourSide } : {}), ...(theirSide ? { theirSide } : {}) },
    }
    const problems = { ...personProblems('ourSide', ours), ...personProblems('theirSide', theirs) }
    if (Object.keys(problems).length > 0) return setErrors(allProblems(problems, inputProblems('disputes.escalate', input)))
    setBusy(true)
    const r = await call('disputes.escalate', input)
    setBusy(false)
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section className="card" aria-labelledby="escalate-title">
      <h2 id="escalate-title" style={{ marginTop: 0 }}>Escalate{next ? ` to ${positionNameInSentence(view.status?.words, next.number)}: ${next.title}` : ''}</h2>
      <ErrorSummary errors={errors} />
      {next?.entryChecks.map((c) => (
        <Checkbox key={c.id} id={`check-${c.id}`} label={c.question} checked={confirmed.includes(c.id)} onChange={(on) => setConfirmed(on ? [...confirmed, c.id] : confirmed.filter((x) => x !== c.id))} />
      ))}
      <TextArea id="escalate-note" label="Note (optional)" hint="Why the disagreement could not be resolved at this stage" rows={3} value={note} onChange={setNote} error={fieldError(errors, 'note')} />
      {/* Who now takes it up on each side (St Helens stage 2: "1st Line Manager to 1st Line Manager" — our line
          manager, not the DSL). Left blank, it is recorded as not known and the forms leave the box blank. */}
      <PersonFields
        id="ourSide"
        legend={`Our side: who takes the matter up${next ? ` at ${positionNameInSentence(view.status?.words, next.number)}` : ''} (optional)`}
        hint={next ? `${next.title}. Leave blank if you do not know yet; you can add it later.` : 'Leave blank if you do not know yet; you can add it later.'}
        partnershipId={view.dispute.policy.id}
        value={ours}
        onChange={setOurs}
        errors={errors}
      />
      <PersonFields
        id="theirSide"
        legend={`Their side: whom it now sits with at ${view.dispute.otherAgency.agency} (optional)`}
        partnershipId={view.dispute.policy.id}
        value={theirs}
        onChange={setTheirs}
        errors={errors}
      />
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void submit()}>Escalate</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  )
}

/** Resolve: the outcome, the written confirmation and what was learned. */
export function ResolveForm({ view, policy, onDone, onCancel }: { view: DisputeView; policy: Policy | undefined; onDone: Done; onCancel: () => void }) {
  const [summary, setSummary] = useState('')
  const [receivedOn, setReceivedOn] = useState(todayInLondon())
  const [from, setFrom] = useState('')
  const [agreedOn, setAgreedOn] = useState('')
  const [agreedBy, setAgreedBy] = useState('')
  const [outstanding, setOutstanding] = useState('')
  const [workedWell, setWorkedWell] = useState('')
  const [worried, setWorried] = useState('')
  const [change, setChange] = useState('')
  const [lessons, setLessons] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const opt = (v: string) => (v.trim() ? v : undefined)
  const submit = async () => {
    if (busy) return
    const local: FieldErrors = {}
    if (!summary.trim()) local['summary'] = 'Enter the outcome that was agreed'
    if (!from.trim()) local['writtenConfirmation.from'] = 'Enter who confirmed the outcome in writing'
    if (!agreedBy.trim()) local['agreement.agreedBy'] = 'Enter who agreed the outcome'
    Object.assign(
      local,
      dateProblems([
        { id: 'agreement.reachedOn', value: agreedOn, what: 'The date agreement was reached', happened: true, required: true },
        { id: 'writtenConfirmation.receivedOn', value: receivedOn, what: 'The date the written confirmation was received', happened: true, required: true },
      ]),
    )
    const input = {
      disputeId: view.dispute.id,
      input: {
        summary,
        writtenConfirmation: { receivedOn, from },
        agreement: { reachedOn: agreedOn, agreedBy },
        outstandingIssues: opt(outstanding),
        whatWorkedWell: opt(workedWell),
        worriedAbout: opt(worried),
        needsToChange: opt(change),
        lessonsToForward: opt(lessons),
      },
    }
    if (Object.keys(local).length) return setErrors(allProblems(local, inputProblems('disputes.resolve', input)))
    setErrors({})
    setBusy(true)
    const r = await call('disputes.resolve', input)
    setBusy(false)
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section className="card" aria-labelledby="resolve-title">
      <h2 id="resolve-title" style={{ marginTop: 0 }}>Resolve the dispute</h2>
      <p className="small">A dispute is resolved only with the outcome confirmed in writing. Every contact record must be approved first.</p>
      <ErrorSummary errors={errors} />
      <TextArea id="summary" label="Outcome agreed" value={summary} onChange={setSummary} error={fieldError(errors, 'summary')} />
      <div className="inline-fields">
        <DateInput id="agreement.reachedOn" label="Agreement reached on" value={agreedOn} onChange={setAgreedOn} error={fieldError(errors, 'agreement.reachedOn')} />
        <TextField id="agreement.agreedBy" label="Agreed by" hint="Who agreed the outcome, on both sides" width="24em" value={agreedBy} onChange={setAgreedBy} error={fieldError(errors, 'agreement.agreedBy')} />
      </div>
      <div className="inline-fields">
        <DateInput id="writtenConfirmation.receivedOn" label="Written confirmation received on" value={receivedOn} onChange={setReceivedOn} error={fieldError(errors, 'writtenConfirmation.receivedOn')} />
        <TextField id="writtenConfirmation.from" label="From" hint="Who confirmed the outcome in writing" width="20em" value={from} onChange={setFrom} error={fieldError(errors, 'writtenConfirmation.from')} />
      </div>
      <TextArea id="outstandingIssues" label="How any outstanding issues will be pursued (optional)" rows={2} value={outstanding} onChange={setOutstanding} />
      <TextArea id="whatWorkedWell" label="What worked well" rows={2} value={workedWell} onChange={setWorkedWell} />
      <TextArea id="worriedAbout" label="What were you worried about" rows={2} value={worried} onChange={setWorried} />
      <TextArea id="needsToChange" label="What needs to change" rows={2} value={change} onChange={setChange} />
      <TextArea id="lessonsToForward" label={`Lessons to forward to ${policy?.partnership ?? 'the partnership'} (optional)`} rows={2} value={lessons} onChange={setLessons} />
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void submit()}>Resolve</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
        {busy && <Spinner label="Saving the outcome…" />}
      </div>
    </section>
  )
}

export function WithdrawForm({ view, onDone, onCancel }: { view: DisputeView; onDone: Done; onCancel: () => void }) {
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = async () => {
    const r = await call('disputes.withdraw', { disputeId: view.dispute.id, input: { reason } })
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section className="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title" style={{ marginTop: 0 }}>Withdraw the dispute</h2>
      <ErrorSummary errors={errors} />
      <TextArea id="reason" label="Why is it being withdrawn?" value={reason} onChange={setReason} error={fieldError(errors, 'reason')} />
      <div className="button-group">
        <button type="button" className="button warning" onClick={() => void submit()}>Withdraw</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  )
}

export function RequestForm({ view, option, onDone, onCancel }: { view: DisputeView; option: { kind: 'anyStageOption' | 'exceptionalRoute'; id: string; title: string }; onDone: Done; onCancel: () => void }) {
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = async () => {
    const r = await call('disputes.request', { disputeId: view.dispute.id, kind: option.kind, input: { optionId: option.id, ...(note.trim() ? { note } : {}) } })
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section className="card" aria-labelledby="request-title">
      <h2 id="request-title" style={{ marginTop: 0 }}>Request: {option.title}</h2>
      <ErrorSummary errors={errors} />
      <TextArea id="request-note" label="Note (optional)" value={note} onChange={setNote} error={fieldError(errors, 'note')} />
      <div className="button-group">
        <button type="button" className="button" onClick={() => void submit()}>Record the request</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  )
}

/** "Mark as sent" for a notification the policy says is owed. */
export function NotificationSentForm({ view, notificationId, stage, onDone, onCancel }: { view: DisputeView; notificationId: string; stage: number | null; onDone: Done; onCancel: () => void }) {
  const [sentOn, setSentOn] = useState(todayInLondon())
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = async () => {
    const refused = dateProblems([{ id: `sentOn-${notificationId}`, value: sentOn, what: 'The date it was sent', happened: true, required: true }])
    setErrors(refused)
    if (Object.keys(refused).length > 0) return
    const r = await call('disputes.recordNotification', {
      disputeId: view.dispute.id,
      input: { notificationId, sentOn, ...(stage !== null ? { stage } : {}), ...(note.trim() ? { note } : {}) },
    })
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <div className="card">
      <ErrorSummary errors={errors} />
      <div className="inline-fields">
        <DateInput id={`sentOn-${notificationId}`} label="Sent on" value={sentOn} onChange={setSentOn} error={errors[`sentOn-${notificationId}`] ?? fieldError(errors, 'sentOn')} />
        <TextField id={`sentNote-${notificationId}`} label="Note (optional)" hint="For example how it was sent" width="24em" value={note} onChange={setNote} />
      </div>
      <div className="button-group">
        <button type="button" className="button" onClick={() => void submit()}>Record as sent</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  )
}

/** "Not needed" for an owed notification: settled without sending, with the reason the DSL gives. */
export function NotificationNotNeededForm({ view, notificationId, stage, onDone, onCancel }: { view: DisputeView; notificationId: string; stage: number | null; onDone: Done; onCancel: () => void }) {
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const id = `notNeededReason-${notificationId}`
  const submit = async () => {
    if (!reason.trim()) return setErrors({ [id]: 'Say why this notification is not needed' })
    const r = await call('disputes.notificationNotNeeded', {
      disputeId: view.dispute.id,
      input: { notificationId, reason, ...(stage !== null ? { stage } : {}) },
    })
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <div className="card">
      <ErrorSummary errors={errors} />
      <TextArea id={id} label="Why it is not needed" hint="For example: the IRO chaired the meeting at which this was raised. This is kept with the dispute and counted in the quarterly figures." value={reason} onChange={setReason} error={errors[id] ?? fieldError(errors, 'input.reason')} />
      <div className="button-group">
        <button type="button" className="button" onClick={() => void submit()}>Record as not needed</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  )
}

export function StepDoneButton({ view, stepKey, label, onDone }: { view: DisputeView; stepKey: string; label: string; onDone: Done }) {
  const [errors, setErrors] = useState<FieldErrors>({})
  const [on, setOn] = useState(todayInLondon())
  const [open, setOpen] = useState(false)
  const id = `done-${stepKey}`
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Mark done<span className="visually-hidden"> {label}</span>
      </button>
    )
  const submit = async () => {
    const refused = dateProblems([{ id, value: on, what: 'The date it was done', happened: true, required: true }])
    setErrors(refused)
    if (Object.keys(refused).length > 0) return
    const r = await call('disputes.recordStepDone', { disputeId: view.dispute.id, input: { key: stepKey, doneOn: on } })
    if (r.ok) onDone(r.value)
    else {
      const found = errorsFrom(r.error)
      const message = fieldError(found, 'doneOn')
      setErrors(message ? { [id]: message } : found)
    }
  }
  return (
    <div className="card">
      <ErrorSummary errors={errors} />
      <div className="inline-fields">
        <DateInput id={id} label={`Done on (${label})`} value={on} onChange={setOn} error={errors[id]} />
        <button type="button" className="button secondary" onClick={() => void submit()}>Save</button>
        <button type="button" className="link" onClick={() => { setErrors({}); setOpen(false) }}>Cancel</button>
      </div>
    </div>
  )
}
