import { useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { MeetingView } from '../../../shared/meetings'
import { signedBy } from '../../../shared/records'
import { call, errorsFrom } from '../api'
import { ErrorSummary, Spinner, TextArea, TextField, fieldError, type FieldErrors } from '../components/forms'
import { formatCivilDate, formatInstant } from '../format'
import { channelKey, useChannel } from '../lib/queries'
import { MeetingDecisionForm } from './MeetingDecisionForm'
import { MeetingPlanForm } from './MeetingPlanForm'
import { TeamMeetingVersions } from './team/TeamMeetingVersions'

/**
 * The dispute's final-stage meeting: the policy's words for it, the arrangements and preparation, the
 * decision record after it, the sign-off, and afterwards only dated addenda — and the export of its pack
 * or, once signed off, its record.
 */
export function MeetingScreen({ disputeId, onBack }: { disputeId: string; onBack: () => void }) {
  // The forms start from the meeting as it is now: an answer cached from an earlier visit may be older than a
  // colleague's change applied since, or a version kept on the dispute page, and would be saved back over it.
  const query = useChannel('meetings.get', { disputeId }, { fresh: true })
  const view = query.isFetchedAfterMount ? (query.data ?? null) : null
  const error = view ? null : (query.error?.message ?? null)
  const client = useQueryClient()
  const [message, setMessage] = useState<string | null>(null)
  const [signErrors, setSignErrors] = useState<FieldErrors>({})
  const [formKey, setFormKey] = useState(0)
  const title = useRef<HTMLHeadingElement>(null)
  const messageRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (view) title.current?.focus()
    // Only when the screen first opens: later saves move focus to their confirmation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view === null])
  useEffect(() => {
    if (message) messageRef.current?.focus()
  }, [message])

  if (error) return <div className="notice danger" role="alert">{error}</div>
  if (!view) return <Spinner label="Opening the meeting…" />

  const m = view.meeting
  const saved = (next: MeetingView, note: string) => {
    // The meeting as the save left it, at once; the refetch every save brings confirms it.
    client.setQueryData(channelKey('meetings.get', { disputeId }), next)
    setSignErrors({})
    setFormKey((k) => k + 1)
    setMessage(note)
  }
  const signOff = async () => {
    const r = await call('meetings.signOff', { disputeId })
    if (r.ok) saved(r.value, 'The decision is signed off. The meeting’s record can no longer be changed, only added to.')
    else setSignErrors(errorsFrom(r.error))
  }

  return (
    <>
      <p>
        <button type="button" className="link" onClick={onBack}>← Back to the dispute</button>
      </p>
      <span className="caption">{view.reference}</span>
      <h1 ref={title} tabIndex={-1}>{view.rules.stageName} meeting</h1>
      {message && <div className="notice success" role="status" tabIndex={-1} ref={messageRef}>{message}</div>}
      <div className="notice">
        <p style={{ marginTop: 0 }}><strong>{view.rules.title}</strong> ({view.rules.stageTitle})</p>
        <p>Chair: {view.rules.chair}.{view.rules.chairIndependent ? ' The policy requires a Chair who is independent of the case.' : ''}</p>
        {view.rules.reportsTo.length > 0 && <p>The Chair reports afterwards to the {view.rules.reportsTo.join(' and the ')}.</p>}
        {view.rules.quote && <p className="small muted">The policy: “{view.rules.quote}”</p>}
      </div>

      {view.team.length > 0 && (
        <div className="notice" role="note" aria-label="Team vault">
          {view.team.map((t) => <p key={t} style={{ marginTop: 0 }}>{t}</p>)}
        </div>
      )}
      <TeamMeetingVersions
        level={2}
        disputeId={disputeId}
        versions={view.teamVersions}
        stageName={`${view.rules.stageName.charAt(0).toLowerCase()}${view.rules.stageName.slice(1)}`}
        onPicked={(note) => {
          setFormKey((k) => k + 1)
          setMessage(note)
          void query.refetch()
        }}
      />

      {!view.atMeetingStage && !m && (
        <p>This dispute has not reached stage {view.rules.stage}, where the policy holds its meeting. Escalate it first.</p>
      )}

      {view.atMeetingStage && !m?.signOff && <MeetingPlanForm key={`plan-${formKey}`} view={view} onSaved={(v) => saved(v, m ? 'The arrangements are saved.' : 'The meeting is arranged.')} />}

      {m && !m.signOff && (
        <>
          <MeetingDecisionForm key={`decision-${formKey}`} view={view} onSaved={(v) => saved(v, 'The decision record is saved. Sign it off once it is complete.')} />
          <section aria-labelledby="sign-off-title">
            <h2 id="sign-off-title">Sign off the decision</h2>
            <ErrorSummary errors={signErrors} title="The decision cannot be signed off yet" />
            {view.signOffProblems.length > 0 ? (
              <>
                <p>Before it can be signed off:</p>
                <ul>{view.signOffProblems.map((p) => <li key={p.field + p.message}>{p.message}</li>)}</ul>
              </>
            ) : (
              <p>Everything the policy asks for is recorded. Once signed off, the meeting’s record never changes; corrections are dated addenda.</p>
            )}
            <button type="button" className="button" onClick={() => void signOff()}>Sign off the decision</button>
          </section>
        </>
      )}

      {m?.signOff && <SignedOffRecord view={view} onAdded={(v) => saved(v, 'The addendum is added to the meeting’s record.')} />}

      <MeetingExport view={view} />
    </>
  )
}

/** The signed-off record as it stands, its addenda, and the form for another addendum. */
function SignedOffRecord({ view, onAdded }: { view: MeetingView; onAdded: (next: MeetingView) => void }) {
  const m = view.meeting!
  const d = m.decision!
  const s = m.signOff!
  const [reason, setReason] = useState('')
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const add = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await call('meetings.addAddendum', { disputeId: view.disputeId, addendum: { reason, text } })
    if (r.ok) onAdded(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <section aria-labelledby="record-title">
      <h2 id="record-title">The meeting’s record</h2>
      <p>Signed off by {signedBy(s.byName, s.byRole)} on {formatInstant(s.at)}.</p>
      <dl className="summary-list">
        <dt>Chair</dt>
        <dd>{[m.chair.name, m.chair.role, m.chair.agency].filter(Boolean).join(', ')}{m.chair.independent ? ' (independent of the case)' : ''}</dd>
        <dt>Held</dt>
        <dd>{m.date ? formatCivilDate(m.date) : ''}{m.time ? `, ${m.time}` : ''}{m.place ? ` — ${m.place}` : ''}</dd>
        <dt>Attending</dt>
        <dd>{m.attendees.map((a) => a.name).join(', ')}</dd>
        <dt>The question</dt>
        <dd className="prose">{m.question}</dd>
        <dt>Decision</dt>
        <dd className="prose">{d.decision}</dd>
        <dt>Rationale</dt>
        <dd className="prose">{d.rationale}</dd>
        <dt>Actions</dt>
        <dd>
          {d.actions.length === 0 ? 'None' : (
            <ul>{d.actions.map((a, i) => <li key={i}>{a.action} — {a.owner}{a.dueOn ? `, by ${formatCivilDate(a.dueOn)}` : ''}</li>)}</ul>
          )}
        </dd>
        <dt>Feeds back</dt>
        <dd>{d.feedbackBy}</dd>
        {d.reports.map((r) => (
          <div key={r.to} style={{ display: 'contents' }}>
            <dt>Reports to the {r.to}</dt>
            <dd>{r.by}</dd>
          </div>
        ))}
      </dl>
      {m.addenda.length > 0 && (
        <>
          <h3>Addenda</h3>
          <ol>{m.addenda.map((a) => <li key={a.id}>{formatInstant(a.at)}, {signedBy(a.byName, a.byRole)} — {a.reason}: {a.text}</li>)}</ol>
        </>
      )}
      <form onSubmit={(e) => void add(e)} noValidate aria-labelledby="addendum-title">
        <h3 id="addendum-title">Add a dated addendum</h3>
        <ErrorSummary errors={errors} />
        <TextField id="reason" label="Why you are adding to the record" value={reason} error={fieldError(errors, 'reason')} onChange={setReason} />
        <TextArea id="text" label="The addendum" value={text} error={fieldError(errors, 'text')} onChange={setText} />
        <button type="submit" className="button secondary">Add the addendum</button>
      </form>
    </section>
  )
}

/** The pack before the meeting, or the meeting's record once signed off; the first export asks about the unencrypted file. */
function MeetingExport({ view }: { view: MeetingView }) {
  const [confirming, setConfirming] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const signed = view.meeting?.signOff != null
  const go = async () => {
    setConfirming(false)
    const r = await call('exports.document', { disputeId: view.disputeId, document: 'meeting-pack' })
    if (!r.ok) setResult({ ok: false, text: r.error.message })
    else if (r.value.savedTo) setResult({ ok: true, text: `Saved: ${r.value.savedTo}` })
  }
  const start = async () => {
    const settings = await call('settings.get', {})
    if (settings.ok && !settings.value.exportWarningAcknowledged) setConfirming(true)
    else await go()
  }
  return (
    <section aria-labelledby="meeting-export-title">
      <h2 id="meeting-export-title">Export</h2>
      {confirming && (
        <div className="notice warning" role="alertdialog" aria-labelledby="meeting-export-warning">
          <h3 id="meeting-export-warning" style={{ marginTop: 0 }}>An exported file is not encrypted</h3>
          <p>The Word document you save is outside the encrypted vault. Save it only where your agency keeps the child’s records, and send it only by secure email.</p>
          <div className="button-group">
            <button type="button" className="button" onClick={() => void call('exports.acknowledgeWarning', {}).then(go)}>I understand — export</button>
            <button type="button" className="link" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </div>
      )}
      <button type="button" className="button secondary" onClick={() => void start()}>
        {signed ? 'Export the meeting’s record' : 'Export the meeting pack'}
      </button>
      <div aria-live="polite">{result && <div className={`notice ${result.ok ? 'success' : 'danger'}`}>{result.text}</div>}</div>
    </section>
  )
}
