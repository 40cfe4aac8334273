import { useState } from 'react'
import type { ChannelOutput } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { useChannel } from '../lib/queries'
import { DateInput, dateProblems } from '../components/DateInput'
import { ErrorSummary, Radios, Spinner, TextArea, type FieldErrors } from '../components/forms'
import { formatCivilDate, formatInstant } from '../format'

type Listing = ChannelOutput<'retention.list'>
type Item = Listing['items'][number]

/**
 * Closed disputes due for review under the retention rule (by default the youngest child's date of
 * birth + 25 years). Nothing is disposed of without a recorded decision; what was disposed of is listed
 * by reference only.
 */
export function Retention({ onOpenDispute }: { onOpenDispute: (id: string) => void }) {
  // Refetched after every save, a retention decision included (lib/queries.ts).
  const listingQuery = useChannel('retention.list', {})
  const listing: Listing | null = listingQuery.data ?? null
  const error = listingQuery.error?.message ?? null
  const [deciding, setDeciding] = useState<Item | null>(null)
  const [showAll, setShowAll] = useState(false)
  if (error) return <div className="notice danger" role="alert">{error}</div>
  if (!listing) return <Spinner label="Loading closed disputes…" />
  const due = listing.items.filter((i) => i.due)
  const shown = showAll ? listing.items : due
  return (
    <>
      <h1>Retention review</h1>
      <p className="lead">Closed disputes whose records are due for review. Keep a record longer with a reason and a new review date, or dispose of it with a reason; each decision is in the audit trail.</p>
      <p>
        {due.length === 0 ? 'No closed dispute is due for review.' : `${due.length} closed dispute${due.length === 1 ? ' is' : 's are'} due for review.`}{' '}
        <button type="button" className="link" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show only those due' : `Show all ${listing.items.length} closed disputes`}
        </button>
      </p>
      {shown.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Dispute</th>
              <th scope="col">Closed</th>
              <th scope="col">Review on</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.disputeId}>
                <td>
                  <button type="button" className="link" onClick={() => onOpenDispute(i.disputeId)}>
                    {i.reference}
                  </button>{' '}
                  — {i.childNames.join(', ')} · {i.otherAgency}
                </td>
                <td>{i.closedAt ? formatInstant(i.closedAt) : ''}</td>
                <td>
                  {i.reviewOn ? formatCivilDate(i.reviewOn) : 'Not known'} {i.due && <span className="badge due-soon">Due</span>}
                  <br />
                  <span className="small muted">{i.basis}</span>
                  {i.disposalDecided && (
                    <>
                      <br />
                      <strong>Disposal decided</strong> by {i.disposalDecided.by} on {formatInstant(i.disposalDecided.at)} on a team device: {i.disposalDecided.reason}{' '}
                      <span className="badge due-soon">Disposal pending on this device</span>
                    </>
                  )}
                </td>
                <td>
                  <button type="button" className="button secondary" onClick={() => setDeciding(i)}>
                    Review<span className="visually-hidden"> {i.reference}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deciding && <Decide item={deciding} onDone={() => setDeciding(null)} onCancel={() => setDeciding(null)} />}
      {listing.disposed.length > 0 && (
        <>
          <h2>Disposed of</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {listing.disposed.map((d) => (
                <tr key={d.reference}>
                  <td>{d.reference}</td>
                  <td>{formatInstant(d.at)}</td>
                  <td>{d.by}</td>
                  <td>{d.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  )
}

function Decide({ item, onDone, onCancel }: { item: Item; onDone: () => void; onCancel: () => void }) {
  const [decision, setDecision] = useState<'retain' | 'dispose' | null>(null)
  const [reason, setReason] = useState('')
  const [until, setUntil] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = async () => {
    if (!decision) return setErrors({ decision: 'Choose whether to keep or dispose of the record' })
    const refused = decision === 'retain' ? dateProblems([{ id: 'retainUntil', value: until, what: 'The date to review it again', happened: false, required: false }]) : {}
    if (Object.keys(refused).length > 0) return setErrors(refused)
    if (decision === 'dispose' && !window.confirm(`Dispose of ${item.reference}? Its records are deleted from the vault; only the reference and this decision remain.`)) return
    const r = await call('retention.decide', { disputeId: item.disputeId, decision, reason, ...(decision === 'retain' && until ? { retainUntil: until } : {}) })
    if (r.ok) onDone()
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section className="card" aria-labelledby="decide-title">
      <h2 id="decide-title" style={{ marginTop: 0 }}>Review {item.reference}</h2>
      <ErrorSummary errors={errors} />
      <Radios
        id="decision"
        legend="Decision"
        value={decision}
        error={errors['decision']}
        choices={[
          { value: 'retain', label: 'Keep it, and review it again later' },
          { value: 'dispose', label: 'Dispose of it', hint: 'Only once it is due for review' },
        ]}
        onChange={setDecision}
      />
      {decision === 'retain' && <DateInput id="retainUntil" label="Review again on" value={until} onChange={setUntil} error={errors['retainUntil']} />}
      <TextArea id="reason" label="Reason for the decision" value={reason} onChange={setReason} error={errors['reason']} rows={3} />
      <div className="button-group">
        <button type="button" className={decision === 'dispose' ? 'button warning' : 'button'} onClick={() => void submit()}>
          Record the decision
        </button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  )
}
