/**
 * Settings: the vault's organisation key (its fingerprint, to give a partnership once, and who holds it)
 * and "Verify a document" — choose a Word document; the main process reads it and says plainly whether its
 * text is exactly what was signed, and if not, what differs (issue 21).
 */
import { useEffect, useState } from 'react'
import type { OrgKeyView, VerifyReportView } from '../../../shared/ipc'
import { call } from '../api'
import { useChannel } from '../lib/queries'
import { SelectField, TextField } from '../components/forms'
import { formatInstant } from '../format'

export function OrgKeySection() {
  const [key, setKey] = useState<OrgKeyView | null>(null)
  const people = useChannel('people.list', {}).data ?? []
  const [chosen, setChosen] = useState('')
  const [error, setError] = useState<string | null>(null)
  // Asked by hand, not cached: the first ask by the vault's first person makes the key (a save).
  useEffect(() => {
    void call('signoff.orgKey', {}).then((r) => (r.ok ? setKey(r.value) : setError(r.error.message)))
  }, [])
  const others = key ? people.filter((p) => !key.holders.some((h) => h.personId === p.personId)) : []
  const give = async () => {
    const r = await call('signoff.addHolder', { personId: chosen })
    if (r.ok) {
      setKey(r.value)
      setChosen('')
      setError(null)
    } else setError(r.error.message)
  }
  return (
    <section aria-labelledby="org-key-title">
      <h2 id="org-key-title">Organisation key</h2>
      <p>
        Every Word document exported from this vault carries a verification block signed by the person who exported it, whose key this
        vault’s organisation key certifies. Give its fingerprint once to a partnership or another school, and their copy of Escalation Log
        can check that a document is exactly what was signed.
      </p>
      {error && <div className="notice danger" role="alert">{error}</div>}
      {key?.fingerprint ? (
        <>
          <dl className="summary-list">
            <dt>Fingerprint</dt>
            <dd>
              <code id="org-key-fingerprint">{key.fingerprint}</code>
            </dd>
            <dt>Held by</dt>
            <dd>{key.holders.map((h) => h.name).join(', ')}</dd>
            <dt>Your signing key</dt>
            <dd>{key.youAreCertified ? 'Certified: documents you export verify against this fingerprint.' : 'Not certified yet: it will be when a holder of the key next opens Settings or exports a document.'}</dd>
          </dl>
          {key.youHoldIt && others.length > 0 && (
            <div className="card">
              <SelectField
                id="org-key-holder"
                label="Give the organisation key to"
                hint="They will be able to certify the signing keys of people who join the vault."
                value={chosen}
                onChange={setChosen}
                options={[{ value: '', label: 'Choose a person' }, ...others.map((p) => ({ value: p.personId, label: p.name }))]}
              />
              <button type="button" className="button secondary" disabled={chosen === ''} onClick={() => void give()}>
                Give the organisation key
              </button>
            </div>
          )}
        </>
      ) : (
        key && <p className="notice">This vault has no organisation key yet. It is made when {key.madeBy ?? 'the person who created the vault'} next opens Settings or exports a document.</p>
      )}
    </section>
  )
}

export function VerifyDocumentSection() {
  const [fingerprint, setFingerprint] = useState('')
  const [report, setReport] = useState<VerifyReportView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const verify = async () => {
    setError(null)
    const r = await call('signoff.verify', { file: null, ...(fingerprint.trim() ? { fingerprint } : {}) })
    if (!r.ok) {
      setReport(null)
      setError(r.error.message)
    } else if (r.value) setReport(r.value)
  }
  const good = report?.outcome === 'verified'
  return (
    <section aria-labelledby="verify-title">
      <h2 id="verify-title">Verify a document</h2>
      <p>Check that a Word document exported by Escalation Log — from this vault or a partner’s — is exactly what was signed.</p>
      <TextField
        id="verify-fingerprint"
        label="Organisation key fingerprint (optional)"
        hint="For a document from another vault: the fingerprint its organisation gave you. Documents from this vault need none."
        value={fingerprint}
        onChange={setFingerprint}
      />
      <button type="button" id="verify-choose" className="button" onClick={() => void verify()}>
        Choose a Word document to verify
      </button>
      {error && <div className="notice danger" role="alert">{error}</div>}
      {report && (
        <div id="verify-report" className={`notice ${good ? 'success' : report.outcome === 'other-vault' ? 'warning' : 'danger'}`} role="status">
          <h3 style={{ marginTop: 0 }}>{report.fileName}</h3>
          <p>
            <strong>{report.headline}</strong>
          </p>
          {report.details.length > 0 && (
            <ul>
              {report.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          {report.code && (
            <p className="small">
              Verification code {report.code}
              {report.exportedAt ? ` · exported ${formatInstant(report.exportedAt)}` : ''}
              {report.signedBy ? ` by ${report.signedBy}` : ''}
            </p>
          )}
        </div>
      )}
    </section>
  )
}
