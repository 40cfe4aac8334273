import { useChannel } from '../lib/queries'
import { formatInstant } from '../format'

/**
 * In Approvals: the records whose countersignature was asked of the signed-in person. Each opens its
 * dispute at the record, where they countersign in their own session.
 */
export function CountersignaturesAsked({ onOpenRecord }: { onOpenRecord: (disputeId: string, recordId: string) => void }) {
  const query = useChannel('records.countersignaturesAsked', {})
  const asked = query.data ?? null
  const error = query.error?.message ?? null
  if (error) return <div className="notice danger" role="alert">{error}</div>
  if (!asked || asked.length === 0) return null
  return (
    <section aria-labelledby="countersignatures-asked">
      <h2 id="countersignatures-asked">Countersignatures asked of you</h2>
      <ul className="plain-list">
        {asked.map((a) => (
          <li key={a.recordId}>
            <button type="button" className="link" onClick={() => onOpenRecord(a.disputeId, a.recordId)}>
              {a.label} ({a.reference})
            </button>{' '}
            <span className="small muted">— asked by {a.askedByName} on {formatInstant(a.askedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
