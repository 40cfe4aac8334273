import { useCallback, useEffect, useState } from 'react'
import type { AuditEntry } from '../../../shared/ipc'
import { call } from '../api'
import { Spinner } from '../components/forms'
import { formatInstant } from '../format'

type Verification = { ok: true; events: number; signedFrom: number | null } | { ok: false; firstBadSeq: number; reason: string }

const PAGE = 100

/** Every change to the vault, newest first, and whether the hash chain that links them verifies. */
export function AuditTrail() {
  const [events, setEvents] = useState<AuditEntry[]>([])
  const [more, setMore] = useState(false)
  const [verification, setVerification] = useState<Verification | null>(null)
  const [verifying, setVerifying] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async (beforeSeq?: number) => {
    const r = await call('audit.list', { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) })
    if (!r.ok) return setError(r.error.message)
    setEvents((prev) => (beforeSeq ? [...prev, ...r.value] : r.value))
    setMore(r.value.length === PAGE)
  }, [])

  const verify = useCallback(async () => {
    setVerifying(true)
    const r = await call('audit.verify', {})
    setVerifying(false)
    if (r.ok) setVerification(r.value)
    else setError(r.error.message)
  }, [])

  useEffect(() => {
    void load()
    void verify()
  }, [load, verify])

  return (
    <>
      <h1>Audit trail</h1>
      <p className="lead">Every change to this vault, who made it and when. Entries are linked in a chain, so any edit, removal or reordering is detected.</p>
      <div aria-live="polite">
        {verifying && <Spinner label="Checking the chain…" />}
        {verification?.ok && (
          <div className="notice success">
            <strong>The chain verifies:</strong> all {verification.events.toLocaleString('en-GB')} entries are intact and in order
            {verification.signedFrom === null
              ? '.'
              : verification.signedFrom <= 1
                ? ', and every entry is signed by the person it names.'
                : `; entries from ${verification.signedFrom.toLocaleString('en-GB')} on are signed by the person each names (earlier ones were written before signing began).`}
          </div>
        )}
        {verification && !verification.ok && (
          <div className="notice danger" role="alert">
            <strong>The chain is broken at entry {verification.firstBadSeq}:</strong> {verification.reason} It has not been repaired. Restore from a backup and keep this copy for investigation.
          </div>
        )}
      </div>
      {error && <div className="notice danger" role="alert">{error}</div>}
      <div className="button-group" style={{ marginBottom: 16 }}>
        <button type="button" className="button secondary" onClick={() => void verify()} disabled={verifying}>
          Verify again
        </button>
      </div>
      <table>
        <caption className="visually-hidden">Audit trail, newest first</caption>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatInstant(e.at)}</td>
              <td>
                {e.personName}
                {!e.signed && <span className="muted"> (before signing)</span>}
              </td>
              <td>
                {e.subject ? <strong>{e.subject}: </strong> : null}
                {e.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <div className="button-group">
          <button type="button" className="button secondary" onClick={() => void load(events[events.length - 1]?.seq)}>
            Show older entries
          </button>
        </div>
      )}
    </>
  )
}
