import { useState } from 'react'
import type { ChannelInput } from '../../../shared/ipc'
import type { DisputeView } from '../../../shared/views'
import { call } from '../api'
import { Spinner } from '../components/forms'
import { positionNameInSentence } from '../../../shared/policy-words'

type DocumentKind = ChannelInput<'exports.document'>['document']

/**
 * Exports of this dispute for the child's file, the partnership and a stage-4 meeting. The first export
 * asks the person to confirm they understand the file leaves the encrypted vault.
 */
export function ExportPanel({ view }: { view: DisputeView }) {
  const [busy, setBusy] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [confirming, setConfirming] = useState<(() => Promise<void>) | null>(null)
  const d = view.dispute
  const drafts = view.records.filter((r) => r.status === 'draft').length

  const guarded = async (label: string, run: () => Promise<{ ok: true; value: { savedTo: string | null } } | { ok: false; error: { message: string } }>) => {
    const go = async () => {
      setConfirming(null)
      setBusy(label)
      setMessage(null)
      const r = await run()
      setBusy(null)
      if (!r.ok) setMessage({ ok: false, text: r.error.message })
      else if (r.value.savedTo) setMessage({ ok: true, text: `Saved: ${r.value.savedTo}` })
    }
    const settings = await call('settings.get', {})
    if (settings.ok && !settings.value.exportWarningAcknowledged) setConfirming(() => go)
    else await go()
  }

  const exportDoc = (document: DocumentKind, label: string, extra: Partial<ChannelInput<'exports.document'>> = {}) =>
    void guarded(label, () => call('exports.document', { disputeId: d.id, document, ...extra }))
  const email = (notificationId: string, stage: number | null, label: string) =>
    void guarded(label, () => call('exports.email', { disputeId: d.id, notificationId, ...(stage !== null ? { stage } : {}) }))

  const owed = view.status?.notificationsOwed ?? []
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      {drafts > 0 && (
        <p className="small">
          {drafts} record{drafts === 1 ? ' is' : 's are'} still a draft: exports leave drafts out and say so on their first page.
        </p>
      )}
      {confirming && (
        <div className="notice warning" role="alertdialog" aria-labelledby="export-warning-title">
          <h3 id="export-warning-title" style={{ marginTop: 0 }}>An exported file is not encrypted</h3>
          <p>
            The Word document or email you save is outside the encrypted vault. Save it only where your agency keeps the
            child’s records, and send it only by secure email.
          </p>
          <div className="button-group">
            <button
              type="button"
              className="button"
              onClick={() =>
                void call('exports.acknowledgeWarning', {}).then(() => {
                  const run = confirming
                  void run()
                })
              }
            >
              I understand — export
            </button>
            <button type="button" className="link" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="button-group" role="group" aria-label="Word documents">
        <button type="button" className="button secondary" disabled={busy !== null} onClick={() => exportDoc('escalation-record', 'record')}>
          Escalation record for the child’s file
        </button>
        {(d.route === 'emergency' || d.stageHistory.some((s) => s.route === 'emergency')) && (
          <button type="button" className="button secondary" disabled={busy !== null} onClick={() => exportDoc('rapid-resolution-log', 'log')}>
            {view.status?.words.routeTitle ?? 'Emergency route'}: contact log
          </button>
        )}
        <button type="button" className="button secondary" disabled={busy !== null} onClick={() => exportDoc('meeting-pack', 'pack')}>
          {view.status?.words.stageWord ?? 'Stage'} meeting pack (the final meeting)
        </button>
        {d.status === 'resolved' && (
          <button type="button" className="button secondary" disabled={busy !== null} onClick={() => exportDoc('outcome', 'outcome')}>
            Outcome (written confirmation)
          </button>
        )}
      </div>
      {owed.length > 0 && (
        <>
          <h3>Notifications owed</h3>
          <ul className="owed-exports">
            {owed.map((n) => (
              <li key={`${n.notificationId}-${n.stage ?? ''}`}>
                {n.form ? n.form.title : `Notification to ${n.recipient.name}`}
                {n.stage ? ` (${positionNameInSentence(view.status?.words, n.stage)})` : ''}:{' '}
                <button type="button" className="link" disabled={busy !== null} onClick={() => exportDoc('notification', n.notificationId, { notificationId: n.notificationId, ...(n.stage !== null ? { stage: n.stage } : {}) })}>
                  Word document<span className="visually-hidden"> for {n.reason}</span>
                </button>
                {n.recipient.email && (
                  <>
                    {' · '}
                    <button type="button" className="link" disabled={busy !== null} onClick={() => email(n.notificationId, n.stage, `email-${n.notificationId}`)}>
                      Prepare email to {n.recipient.email}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="small muted">After sending, use “Mark as sent” above so the notification is no longer shown as owed.</p>
        </>
      )}
      <div aria-live="polite">
        {busy && <Spinner label="Preparing the document…" />}
        {message && <div className={`notice ${message.ok ? 'success' : 'danger'}`}>{message.text}</div>}
      </div>
    </section>
  )
}
