import { Fragment, useEffect, useState } from 'react'
import type { DisputeView, TeamNotesView } from '../../../../shared/views'
import { call, errorsFrom } from '../../api'
import { ErrorSummary, TextArea, type FieldErrors } from '../../components/forms'
import { formatCivilDate, formatInstant } from '../../format'

/** "2 Dec 2026, 16:05 (that device’s clock)": a time from a writer's device, said to be its clock. */
export const byTheirClock = (at: string): string => `${formatInstant(at)} (that device’s clock)`

/** The head of one of two versions saved at once (a draft's or a meeting's): which, by whom, when by their clock. */
export function VersionWho({ n, byName, at }: { n: number; byName: string; at: string }) {
  return (
    <p style={{ marginTop: 0 }}>
      <strong>Version {n}</strong>, by {byName}
      <br />
      <span className="small">saved {byTheirClock(at)}</span>
    </p>
  )
}

/**
 * A reason asked before an action that colleagues will see (keeping a move, taking over or setting aside a
 * draft): the main process refuses a blank one in words, shown here at the field.
 */
export function ReasonForm({ id, label, hint, submit, onDone, onCancel }: {
  id: string
  label: string
  hint: string
  submit: string
  onDone: (reason: string) => Promise<FieldErrors | null>
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  // The button that opened the form may be gone (Keep this move): the reason is where the person goes next.
  useEffect(() => {
    document.getElementById(id)?.focus()
  }, [id])
  const go = async () => {
    setBusy(true)
    const problems = await onDone(reason)
    setBusy(false)
    if (problems) setErrors(problems.reason || problems._form ? { [id]: problems.reason ?? problems._form! } : problems)
  }
  return (
    <div className="card">
      <ErrorSummary errors={errors} />
      <TextArea id={id} label={label} hint={hint} rows={3} value={reason} onChange={setReason} error={errors[id]} />
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void go()}>{submit}</button>
        <button type="button" className="button secondary" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  )
}

interface PanelProps {
  view: DisputeView
  onDecided: (note: string) => void
  /** Opens another dispute (one given the same reference). */
  onOpenDispute?: (disputeId: string) => void
}

/**
 * At the top of a dispute: what the team's merge says a person must see about the dispute itself — moves made
 * on two devices at once ("needs review", each with "Keep this move"), details saved at once, and other
 * disputes given the same reference on a device apart. Notes on records are on their cards (TeamRecordNotes).
 */
export function TeamNotesPanel({ view, onDecided, onOpenDispute }: PanelProps) {
  const team = view.team
  const [keeping, setKeeping] = useState<string | null>(null)
  const [renumbering, setRenumbering] = useState(false)
  const [renumberError, setRenumberError] = useState<string | null>(null)
  // The question is where the person goes next: its first button takes the focus.
  useEffect(() => {
    if (renumbering) document.getElementById('renumber-confirm')?.focus()
  }, [renumbering])
  if (!team) return null
  const review = team.needsReview.length > 1 ? team.needsReview : []
  if (review.length === 0 && team.detailVersions === 0 && team.sameReference.length === 0) return null
  const keep = async (transitionId: string, reason: string): Promise<FieldErrors | null> => {
    const r = await call('team.decideReview', { disputeId: view.dispute.id, keep: transitionId, reason })
    if (!r.ok) return errorsFrom(r.error)
    setKeeping(null)
    onDecided('The move you kept stands now, here and on colleagues’ devices once they sync. The dispute can move on again.')
    return null
  }
  const renumber = async () => {
    const before = view.dispute.reference
    const r = await call('team.giveNewReference', { disputeId: view.dispute.id })
    if (!r.ok) {
      setRenumberError(r.error.message)
      return
    }
    setRenumbering(false)
    onDecided(`This dispute’s reference is now ${r.value.reference}. ${before} is kept on it as its previous reference, and the other dispute keeps ${before}. Colleagues’ devices show the change once they sync.`)
  }
  const year = view.dispute.reference.slice(4, 8)
  return (
    <>
      {review.length > 0 && (
        <section id="team-review" className="notice warning team-review" aria-labelledby="team-review-title" tabIndex={-1}>
          <h2 id="team-review-title" className="h3" style={{ marginTop: 0 }}>Needs review: moved on two devices at once</h2>
          <p>
            While their devices were apart, {review.map((m) => m.byName).filter((n, i, all) => all.indexOf(n) === i).join(' and ')} each moved this
            dispute on. Both moves are kept. Until someone decides which one stands, the dispute follows the earlier one, contacts can still be logged,
            and it cannot be escalated, resolved or withdrawn. The times are by each writer’s device clock.
          </p>
          <ol className="team-moves">
            {review.map((m) => (
              <li key={m.transitionId} className="card">
                <p style={{ marginTop: 0 }}>
                  <strong>{m.move}</strong>, effective {formatCivilDate(m.effectiveOn)}
                  <br />
                  <span className="small">by {m.byName} on {byTheirClock(m.at)}</span>
                </p>
                {keeping === m.transitionId ? (
                  <ReasonForm
                    id={`keep-reason-${m.transitionId}`}
                    label={`Why this move stands: ${m.move.charAt(0).toLowerCase()}${m.move.slice(1)}`}
                    hint="Colleagues will see your reason with the decision."
                    submit="Keep this move"
                    onDone={(reason) => keep(m.transitionId, reason)}
                    onCancel={() => setKeeping(null)}
                  />
                ) : (
                  <button type="button" className="button secondary" onClick={() => setKeeping(m.transitionId)}>
                    Keep this move<span className="visually-hidden">: {m.move}, by {m.byName}</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {team.sameReference.length > 0 && (
        <div className="notice warning" role="note">
          <p style={{ marginTop: 0 }}>
            <strong>Another dispute has the reference {view.dispute.reference}.</strong> It was given on another device while the two were apart. Check
            which dispute you mean before using the reference in a letter or a form.
          </p>
          <ul>
            {team.sameReference.map((o) => (
              <li key={o.id}>
                {onOpenDispute ? (
                  <button type="button" className="link" onClick={() => onOpenDispute(o.id)}>
                    Open the other {o.reference}{o.childNames.length > 0 ? ` (${o.childNames.join(', ')})` : ''}
                  </button>
                ) : (
                  `${o.reference}${o.childNames.length > 0 ? ` (${o.childNames.join(', ')})` : ''}`
                )}
              </li>
            ))}
          </ul>
          {renumbering ? (
            <div className="card" role="group" aria-labelledby="renumber-title">
              <p id="renumber-title" style={{ marginTop: 0 }}>
                <strong>Give this dispute a new reference?</strong> It takes the next free reference for {year}; the other dispute keeps {view.dispute.reference}.
                Letters or forms that already quoted {view.dispute.reference} for this dispute still match it: the old reference stays on it as its
                previous reference, and the change is in the audit trail.
              </p>
              {renumberError && <p className="error-message" role="alert">{renumberError}</p>}
              <div className="button-group">
                <button type="button" className="button" id="renumber-confirm" onClick={() => void renumber()}>Give it a new reference</button>
                <button type="button" className="button secondary" onClick={() => { setRenumbering(false); setRenumberError(null) }}>Cancel</button>
              </div>
            </div>
          ) : (
            <button type="button" className="button secondary" onClick={() => setRenumbering(true)}>
              Give this dispute a new reference
            </button>
          )}
        </div>
      )}
      {team.detailVersions > 0 && (
        <div className="notice" role="note">
          This dispute’s details were changed on {team.detailVersions} devices at once. Both changes are kept; the first is shown. The next change saved
          here settles it.
        </div>
      )}
    </>
  )
}

type RecordNotes = TeamNotesView['records'][number]

const CONTENT_SHOWN: { key: 'theySaid' | 'weSaid' | 'messageLeft' | 'whatWasAgreed' | 'nextStep'; label: string }[] = [
  { key: 'theySaid', label: 'What they said' },
  { key: 'weSaid', label: 'What we said' },
  { key: 'messageLeft', label: 'Message left' },
  { key: 'whatWasAgreed', label: 'What was agreed' },
  { key: 'nextStep', label: 'Next step' },
]

const OTHER_NOTES: Partial<Record<RecordNotes['conflicts'][number], string>> = {
  'edited-after-approval': 'A version of this record was saved on another device while or after it was approved. The approved record stands; that version is kept aside.',
  'approved-twice': 'Two versions of this record were approved at once on two devices. Both are kept as approved: check them with your colleague.',
  'set-aside-after-approval': 'A colleague set this record aside while it was being approved. It stays approved.',
  'not-the-author': 'Someone who neither wrote this draft nor took it over changed or approved it on another device. That change is kept out of the record.',
  'approval-not-received': 'An addendum or countersignature arrived before the approval it follows. It is shown once the approval arrives.',
}

/**
 * On a record's card: what the team's merge says about it — two versions of a draft (both shown, each with
 * "Keep this version"), a draft set aside, and the rarer notes in a sentence; and, for a colleague's draft,
 * "Take over" and "Set aside", each with a reason.
 */
export function TeamRecordNotes({ disputeId, recordId, label, notes, colleaguesDraft, takenOver, onChanged }: {
  disputeId: string
  recordId: string
  label: string
  notes: RecordNotes | undefined
  /** A draft written by a colleague from the team, not set aside: offer Take over and Set aside. */
  colleaguesDraft: boolean
  /** …and the signed-in person has taken it over. */
  takenOver: boolean
  onChanged: (note: string) => void
}) {
  const [asking, setAsking] = useState<'take' | 'aside' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const two = notes?.conflicts.includes('two-versions') ? notes.versions : []
  const setAside = notes?.conflicts.includes('set-aside') ?? false
  const pick = async (versionId: string, byName: string) => {
    const r = await call('team.pickDraftVersion', { disputeId, recordId, versionId })
    if (!r.ok) return setError(r.error.message)
    setError(null)
    onChanged(`${byName}’s version is kept as the draft, here and on colleagues’ devices once they sync. It can be approved now.`)
  }
  const act = async (which: 'take' | 'aside', reason: string): Promise<FieldErrors | null> => {
    const r = await call(which === 'take' ? 'team.takeOverDraft' : 'team.setDraftAside', { disputeId, recordId, reason })
    if (!r.ok) return errorsFrom(r.error)
    setAsking(null)
    onChanged(which === 'take' ? 'You have taken this draft over: you can carry on editing it and approve it.' : 'The draft is set aside: it is kept, but it is not part of the record.')
    return null
  }
  return (
    <>
      {setAside && (
        <div className="notice small" role="note" aria-label="Set aside">
          <p style={{ marginTop: 0 }}>
            <strong>Set aside.</strong> It is kept here, but it is not part of the record and cannot be approved.
          </p>
          {(notes?.setAside ?? []).length === 0 ? (
            <p>A colleague set it aside on their device.</p>
          ) : (
            (notes?.setAside ?? []).map((a) => (
              <p key={a.byName + a.at}>
                Set aside by {a.byName} on {byTheirClock(a.at)}. Their reason: “{a.reason}”
              </p>
            ))
          )}
        </div>
      )}
      {(notes?.takenOver ?? []).length > 0 && (
        <div className="notice small" role="note" aria-label="Taken over">
          {(notes?.takenOver ?? []).map((t) => (
            <p key={t.byName + t.at} style={{ marginTop: 0 }}>
              Taken over{t.fromName ? ` from ${t.fromName}` : ''} by {t.byName} on {byTheirClock(t.at)}. Their reason: “{t.reason}”
            </p>
          ))}
        </div>
      )}
      {two.length > 1 && (
        <section className="notice warning team-versions" aria-labelledby={`versions-${recordId}`}>
          <h4 id={`versions-${recordId}`} style={{ marginTop: 0 }}>This draft was edited on two devices at once</h4>
          <p className="small">
            Both versions are kept. Keep one of them, or carry on editing to write one from both; the draft can be approved once it has one version. The
            times are by each writer’s device clock.
          </p>
          <div className="versions">
            {two.map((v, i) => (
              <div key={v.version} className="card">
                <VersionWho n={i + 1} byName={v.byName} at={v.at} />
                <dl className="summary-list small">
                  <dt>When</dt>
                  <dd>{formatInstant(v.content.occurredAt)}</dd>
                  {CONTENT_SHOWN.filter((f) => v.content[f.key]).map((f) => (
                    <Fragment key={f.key}>
                      <dt>{f.label}</dt>
                      <dd className="prose">{v.content[f.key]}</dd>
                    </Fragment>
                  ))}
                </dl>
                <button type="button" className="button secondary" onClick={() => void pick(v.version, v.byName)}>
                  Keep this version<span className="visually-hidden">: version {i + 1}, by {v.byName}, of {label}</span>
                </button>
              </div>
            ))}
          </div>
        </section>
      )}
      {(notes?.conflicts ?? []).flatMap((c) => (OTHER_NOTES[c] ? [<p key={c} className="notice small" role="note">{OTHER_NOTES[c]}</p>] : []))}
      {error && <div className="notice danger" role="alert">{error}</div>}
      {colleaguesDraft && takenOver && !setAside && <p className="small muted">You have taken this colleague’s draft over: you can edit and approve it.</p>}
      {colleaguesDraft && !setAside && (
        <>
          <div className="button-group">
            {!takenOver && (
              <button type="button" className="button secondary" aria-expanded={asking === 'take'} onClick={() => setAsking(asking === 'take' ? null : 'take')}>
                Take over<span className="visually-hidden"> {label}</span>
              </button>
            )}
            <button type="button" className="button secondary" aria-expanded={asking === 'aside'} onClick={() => setAsking(asking === 'aside' ? null : 'aside')}>
              Set aside<span className="visually-hidden"> {label}</span>
            </button>
          </div>
          {asking && (
            <ReasonForm
              id={`${asking}-reason-${recordId}`}
              label={asking === 'take' ? 'Why you are taking this draft over' : 'Why you are setting this draft aside'}
              hint={asking === 'take' ? 'Colleagues will see your reason. You can then carry on editing and approve it.' : 'Colleagues will see your reason. The draft is kept, but it is not part of the record.'}
              submit={asking === 'take' ? 'Take over the draft' : 'Set the draft aside'}
              onDone={(reason) => act(asking, reason)}
              onCancel={() => setAsking(null)}
            />
          )}
        </>
      )}
    </>
  )
}
