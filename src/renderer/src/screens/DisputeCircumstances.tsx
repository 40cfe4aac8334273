import { useState } from 'react'
import type { CircumstancePeriod } from '../../../shared/dispute'
import type { Policy } from '../../../shared/policy'
import { circumstanceLabel } from '../../../shared/policy-words'
import type { DisputeView } from '../../../shared/views'
import { call, errorsFrom } from '../api'
import { DateInput, dateProblems } from '../components/DateInput'
import { ErrorSummary, TextArea, fieldError, type FieldErrors } from '../components/forms'
import { formatCivilDate } from '../format'

type Done = (view: DisputeView) => void

const words = (id: string, policy: Policy | undefined): string =>
  policy ? circumstanceLabel(id, policy) : id

const when = (p: CircumstancePeriod): string =>
  p.to === null ? `from ${formatCivilDate(p.from)}` : `from ${formatCivilDate(p.from)} to ${formatCivilDate(p.to)}`

/**
 * When each of the children's circumstances held on this dispute — what the notification rules are
 * tested against — with a way to correct a date that was entered wrongly (the notifications follow).
 */
export function DisputeCircumstances({ view, policy, onDone }: { view: DisputeView; policy: Policy | undefined; onDone: Done }) {
  const [correcting, setCorrecting] = useState<number | null>(null)
  const periods = view.dispute.circumstancePeriods
  if (periods.length === 0) return null
  const open = view.dispute.status === 'open'
  return (
    <>
      <h2>The children’s circumstances</h2>
      <ul>
        {periods.map((p, i) => (
          <li key={`${p.circumstance}-${p.from}`}>
            {words(p.circumstance, policy)}, {when(p)}
            {p.corrections.length > 0 && <span className="small muted"> (dates corrected)</span>}
            {open && correcting !== i && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => setCorrecting(i)}>
                  Correct the dates<span className="visually-hidden">: {words(p.circumstance, policy)}</span>
                </button>
              </>
            )}
            {correcting === i && (
              <CorrectDatesForm
                view={view}
                period={p}
                index={i}
                onDone={(v) => {
                  setCorrecting(null)
                  onDone(v)
                }}
                onCancel={() => setCorrecting(null)}
              />
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

function CorrectDatesForm({ view, period, index, onDone, onCancel }: { view: DisputeView; period: CircumstancePeriod; index: number; onDone: Done; onCancel: () => void }) {
  const [from, setFrom] = useState(period.from)
  const [to, setTo] = useState(period.to ?? '')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const ids = { from: `circumstance-from-${index}`, to: `circumstance-to-${index}`, reason: `circumstance-reason-${index}` }
  const submit = async () => {
    const refused = dateProblems([
      { id: ids.from, value: from, what: 'The day it began', happened: true, required: true },
      ...(period.to !== null ? [{ id: ids.to, value: to, what: 'The day it ended', happened: true, required: true }] : []),
    ])
    if (!reason.trim()) refused[ids.reason] = 'Say why the dates are being corrected'
    setErrors(refused)
    if (Object.keys(refused).length > 0) return
    const r = await call('disputes.correctCircumstance', {
      disputeId: view.dispute.id,
      input: { circumstance: period.circumstance, periodFrom: period.from, from, to: period.to !== null ? to : null, reason },
    })
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <div className="card">
      <ErrorSummary errors={errors} />
      <DateInput id={ids.from} label="From" value={from} onChange={setFrom} error={errors[ids.from] ?? fieldError(errors, 'input.from')} />
      {period.to !== null && (
        <DateInput id={ids.to} label="To" hint="The day it ended" value={to} onChange={setTo} error={errors[ids.to] ?? fieldError(errors, 'input.to')} />
      )}
      <TextArea id={ids.reason} label="Why the dates are being corrected" hint="Kept with the dispute, with the dates as they were." value={reason} onChange={setReason} error={errors[ids.reason] ?? fieldError(errors, 'input.reason')} />
      <div className="button-group">
        <button type="button" className="button" onClick={() => void submit()}>Correct the dates</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  )
}
