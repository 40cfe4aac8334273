/** One policy on the screen: its heading, its rules and retiring it. */
import { useId, useState } from 'react'
import { type Policy, type PolicySummary } from '../../../../shared/policy'
import { call } from '../../api'
import { TextArea } from '../../components/forms'
import { formatInstant } from '../../format'
import { plural } from './words'
import { PolicyDetail } from './PolicyDetail'

export function Retirement({ summary, onChanged }: { summary: PolicySummary; onChanged: (message: string) => Promise<void> }) {
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const retired = summary.retired ?? null
  const reasonId = `retire-reason-${summary.id}`

  const change = async (retire: boolean) => {
    if (busy) return
    setBusy(true)
    const r = await call('policies.setRetired', { policyId: summary.id, retired: retire, ...(retire && reason.trim() ? { reason: reason.trim() } : {}) })
    setBusy(false)
    if (!r.ok) return setError(r.error.message)
    setError(null)
    setAsking(false)
    setReason('')
    await onChanged(
      retire
        ? `${summary.partnership}’s policy is retired. No new dispute can be opened under it; disputes already opened under it keep their version.`
        : `${summary.partnership}’s policy is back in use: new disputes can be opened under it.`,
    )
  }

  return (
    <div className="policy-retirement">
      {error && <div className="notice danger" role="alert">{error}</div>}
      {retired ? (
        <div className="notice warning">
          <p>
            <strong>Retired on {formatInstant(retired.at)}{retired.by ? ` by ${retired.by}` : ''}.</strong>
            {retired.reason && <> Reason: {retired.reason}</>}
          </p>
          <p>No new dispute can be opened under this policy. Disputes already opened under it keep the version they were opened under.</p>
          <button type="button" className="button secondary" disabled={busy} onClick={() => void change(false)}>
            Bring back into use
          </button>
        </div>
      ) : asking ? (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault()
            void change(true)
          }}
        >
          <h3>Retire {summary.partnership}’s policy</h3>
          <p>No new dispute can be opened under it while it is retired. Disputes already opened under it keep their version and deadlines. You can bring it back into use at any time.</p>
          <TextArea id={reasonId} label="Why is it retired? (optional)" hint="For example: we no longer work with this partnership" value={reason} onChange={setReason} rows={2} />
          <div className="button-group">
            <button type="submit" className="button warning" disabled={busy}>Retire policy</button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>Cancel</button>
          </div>
        </form>
      ) : (
        <button type="button" className="button secondary" onClick={() => setAsking(true)}>
          Retire this policy
        </button>
      )}
    </div>
  )
}

export function PolicySection({ policy, summary, open, onToggle, onChanged }: { policy: Policy; summary: PolicySummary; open: boolean; onToggle: () => void; onChanged: (message: string) => Promise<void> }) {
  const contentId = useId()
  return (
    <section className="accordion-section">
      <h2 className="accordion-heading">
        <button type="button" aria-expanded={open} aria-controls={contentId} onClick={onToggle}>
          <span className="accordion-title">{policy.partnership}</span>
          <span className="accordion-summary">
            {policy.title} · version {summary.version} · {plural(summary.stageCount, 'stage', 'stages')}
            {summary.hasEmergencyRoute ? ' and an emergency route' : ''}
            {summary.retired ? ' · retired' : ''}
          </span>
          <span className="accordion-state">{open ? 'Hide' : 'Show'}</span>
        </button>
      </h2>
      <div id={contentId} hidden={!open} className="accordion-content">
        {open && (
          <>
            <Retirement summary={summary} onChanged={onChanged} />
            <PolicyDetail policy={policy} />
          </>
        )}
      </div>
    </section>
  )
}
