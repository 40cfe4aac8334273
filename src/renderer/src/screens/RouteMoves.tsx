import { useState } from 'react'
import type { DisputeView } from '../../../shared/views'
import { call, errorsFrom } from '../api'
import { Checkbox, ErrorSummary, fieldError, TextArea, type FieldErrors } from '../components/forms'

type Done = (view: DisputeView) => void

/**
 * "Risk has risen: use <the policy's route>": onto the emergency route from the stage the dispute is at,
 * with the reason. The reason is required by the domain and kept with the dispute (not in the audit trail).
 */
export function TakeRouteForm({ view, onDone, onCancel }: { view: DisputeView; onDone: Done; onCancel: () => void }) {
  const route = view.status?.routeMoves.enter
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  if (!route) return null
  const submit = async () => {
    if (busy) return
    if (!reason.trim()) return setErrors({ 'route-reason': `Say why the risk to the child has risen before using the ${route.title}.` })
    setBusy(true)
    const r = await call('disputes.takeEmergencyRoute', { disputeId: view.dispute.id, input: { reason } })
    setBusy(false)
    if (r.ok) onDone(r.value)
    else {
      const e = errorsFrom(r.error)
      setErrors(e['reason'] ? { 'route-reason': e['reason'] } : e)
    }
  }
  return (
    <section className="card" aria-labelledby="take-route-title">
      <h2 id="take-route-title" style={{ marginTop: 0 }}>Risk has risen: use {route.title}</h2>
      <p><strong>When the policy says to use it:</strong> {route.trigger}</p>
      <ErrorSummary errors={errors} />
      <TextArea
        id="route-reason"
        label="Why has the risk risen?"
        hint="What has changed for the child. This is kept with the dispute."
        rows={3}
        value={reason}
        onChange={setReason}
        error={fieldError(errors, 'route-reason')}
      />
      <div className="button-group">
        <button type="button" className="button warning" disabled={busy} onClick={() => void submit()}>Use {route.title}</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  )
}

/** The route has not resolved the matter: hand the dispute over to the stage its policy names. */
export function HandOverForm({ view, onDone, onCancel }: { view: DisputeView; onDone: Done; onCancel: () => void }) {
  const target = view.status?.routeMoves.handOver
  const routeTitle = view.status?.words.routeTitle ?? 'emergency route'
  const [confirmed, setConfirmed] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  if (!target) return null
  const submit = async () => {
    if (busy) return
    setBusy(true)
    const r = await call('disputes.handOverFromRoute', {
      disputeId: view.dispute.id,
      input: { confirmations: confirmed, ...(note.trim() ? { note } : {}) },
    })
    setBusy(false)
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section className="card" aria-labelledby="hand-over-title">
      <h2 id="hand-over-title" style={{ marginTop: 0 }}>Hand over to {target.name}: {target.title}</h2>
      <p>Use this when the {routeTitle} has not resolved the matter. {target.name}’s deadlines count from now.</p>
      <ErrorSummary errors={errors} />
      {target.entryChecks.map((c) => (
        <Checkbox key={c.id} id={`check-${c.id}`} label={c.question} checked={confirmed.includes(c.id)} onChange={(on) => setConfirmed(on ? [...confirmed, c.id] : confirmed.filter((x) => x !== c.id))} />
      ))}
      <TextArea id="hand-over-note" label="Note (optional)" hint={`Why the ${routeTitle} did not resolve it`} rows={3} value={note} onChange={setNote} error={fieldError(errors, 'note')} />
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void submit()}>Hand over to {target.name}</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  )
}
