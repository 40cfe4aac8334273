import { useEffect, useRef, useState } from 'react'
import { CONTACT_KIND_LABELS, DIRECTION_LABELS, LEGACY_SAID_LABEL, signedBy as signer, theySaidLabel } from '../../../shared/records'
import type { PersonSlot } from '../../../shared/ipc'
import type { RecordView, TeamNotesView } from '../../../shared/views'
import { type PositionWords, positionName } from '../../../shared/policy-words'
import { call, errorsFrom } from '../api'
import { ErrorSummary, TextArea, TextField, type FieldErrors } from '../components/forms'
import { askedWords, CountersignActions } from './Countersignature'
import { RecordSignoffActions } from './SignoffActions'
import { formatCivilDate, formatInstant } from '../format'
import { RecordFiles } from './RecordFiles'
import { TeamRecordNotes } from './team/TeamNotes'

interface Props {
  disputeId: string
  record: RecordView
  people: PersonSlot[]
  me: string
  onChanged: () => void
  onEditDraft: (record: RecordView) => void
  /** What the dispute's policy calls a stage and its emergency route. */
  words?: PositionWords
  /** Whether files may be attached (not on a closed dispute's records). */
  canAttach?: boolean
  /** What the team's merge says about this record (docs/team-vault.md, "The desk"). */
  teamNotes?: TeamNotesView['records'][number]
  /** This device is in a team vault: a colleague's draft can be taken over or set aside. */
  inTeam?: boolean
  /** A colleague's draft the signed-in person has taken over. */
  takenOver?: boolean
}

/** One contact record as it stands: content, who approved it and when, and its dated addenda. */
export function RecordCard({ disputeId, record, people, me, onChanged, onEditDraft, words, canAttach, teamNotes, inTeam, takenOver }: Props) {
  const [panel, setPanel] = useState<'none' | 'addendum'>('none')
  const [error, setError] = useState<string | null>(null)
  /** The confirmation of an addendum just added: it takes focus, so the result is where the person is. */
  const [added, setAdded] = useState(0)
  const addedRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (added > 0) addedRef.current?.focus()
  }, [added])
  const approve = async () => {
    const r = await call('records.approve', { disputeId, recordId: record.id })
    if (r.ok) onChanged()
    else setError(r.error.message)
  }
  const draft = record.status === 'draft'
  const setAside = teamNotes?.conflicts.includes('set-aside') ?? false
  const [teamNote, setTeamNote] = useState<string | null>(null)
  const teamNoteRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (teamNote) teamNoteRef.current?.focus()
  }, [teamNote])
  return (
    <article id={`record-card-${record.id}`} tabIndex={-1} className={`record-card${draft ? ' draft' : ''}`} aria-labelledby={`record-${record.id}`}>
      <header>
        <h3 id={`record-${record.id}`}>{record.label}</h3>
        {setAside && draft ? <span className="badge neutral">Set aside — not part of the record</span> : draft ? <span className="badge due-soon">Draft — awaiting approval</span> : <span className="badge ok">Approved</span>}
        {record.retrospective && <span className="badge neutral">Recorded retrospectively</span>}
      </header>
      {record.retrospectiveNote && <p className="small">{record.retrospectiveNote}</p>}
      <dl className="summary-list small">
        <dt>Kind</dt>
        <dd>{CONTACT_KIND_LABELS[record.kind]} · {DIRECTION_LABELS[record.direction]}</dd>
        <dt>{words?.stageWord ?? 'Stage'}</dt>
        <dd>{positionName(words, record.stage)}</dd>
        <dt>When</dt>
        <dd>{formatInstant(record.occurredAt)} (recorded {formatInstant(record.recordedAt)} by {signer(record.author.name, record.author.role)})</dd>
        {(record.contact.phone || record.contact.email) && (
          <>
            <dt>Contact details</dt>
            <dd>{[record.contact.phone, record.contact.email].filter(Boolean).join(', ')}</dd>
          </>
        )}
        {record.numberDialled && (
          <>
            <dt>Number dialled</dt>
            <dd>
              {record.numberDialled}
              {record.answered !== null ? (record.answered ? ' — answered' : ' — not answered') : ''}
            </dd>
          </>
        )}
        {record.messageLeft && (
          <>
            <dt>Message left</dt>
            <dd>{record.messageLeft}</dd>
          </>
        )}
        {record.theySaid && (
          <>
            <dt>{theySaidLabel(record.contact)}</dt>
            <dd className="prose">{record.theySaid}</dd>
          </>
        )}
        {record.weSaid && (
          <>
            <dt>What we said</dt>
            <dd className="prose">{record.weSaid}</dd>
          </>
        )}
        {record.whatWasSaid && (
          <>
            <dt>{LEGACY_SAID_LABEL}</dt>
            <dd className="prose">{record.whatWasSaid}</dd>
          </>
        )}
        {record.whatWasAgreed && (
          <>
            <dt>What was agreed</dt>
            <dd className="prose">{record.whatWasAgreed}</dd>
          </>
        )}
        {record.nextStep && (
          <>
            <dt>Next step</dt>
            <dd>
              {record.nextStep}
              {record.nextStepBy ? ` — by ${formatCivilDate(record.nextStepBy)}` : ''}
            </dd>
          </>
        )}
        {record.attachments.length > 0 && (
          <>
            <dt>Documents</dt>
            <dd>{record.attachments.map((a) => `${a.fileName}${a.heldAt ? ` (held at ${a.heldAt})` : ''}`).join('; ')}</dd>
          </>
        )}
        {record.approval && (
          <>
            <dt>Approved</dt>
            <dd>by {signer(record.approval.byName, record.approval.byRole)} on {formatInstant(record.approval.at)}</dd>
          </>
        )}
        {askedWords(record) && (
          <>
            <dt>Countersignature</dt>
            <dd>{askedWords(record)}</dd>
          </>
        )}
        {record.countersignature && (
          <>
            <dt>Countersigned</dt>
            <dd>by {signer(record.countersignature.byName, record.countersignature.byRole)} on {formatInstant(record.countersignature.at)}</dd>
          </>
        )}
      </dl>
      <RecordFiles disputeId={disputeId} record={record} canAttach={canAttach ?? true} onChanged={onChanged} />
      {record.addenda.length > 0 && (
        <div className="addenda">
          <h4>Addenda</h4>
          {record.addenda.map((a) => (
            <div key={a.id} className="addendum">
              <p className="small">
                <strong>Addendum of {formatInstant(a.at)}</strong> by {signer(a.byName, a.byRole)} — reason: {a.reason}
              </p>
              <p className="prose">{a.text}</p>
            </div>
          ))}
        </div>
      )}
      <TeamRecordNotes
        disputeId={disputeId}
        recordId={record.id}
        label={record.label}
        notes={teamNotes}
        colleaguesDraft={Boolean(inTeam) && draft && record.author.personId !== me}
        takenOver={Boolean(takenOver)}
        onChanged={(note) => {
          setTeamNote(note)
          onChanged()
        }}
      />
      {teamNote && (
        <p ref={teamNoteRef} tabIndex={-1} className="notice success small" role="status">
          {teamNote}
        </p>
      )}
      {error && <div className="notice danger" role="alert">{error}</div>}
      {added > 0 && (
        <p ref={addedRef} tabIndex={-1} className="notice success small" role="status">
          Addendum added. It is dated now and shown with this record everywhere.
        </p>
      )}
      <div className="button-group">
        {draft && setAside ? null : draft ? (
          <>
            <button type="button" id={`approve-record-${record.id}`} className="button" onClick={() => void approve()}>
              Approve<span className="visually-hidden"> {record.label}</span>
            </button>
            <button type="button" className="button secondary" onClick={() => onEditDraft(record)}>
              Carry on editing<span className="visually-hidden"> {record.label}</span>
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button secondary" onClick={() => setPanel(panel === 'addendum' ? 'none' : 'addendum')}>
              Add an addendum<span className="visually-hidden"> to {record.label}</span>
            </button>
          </>
        )}
      </div>
      {panel === 'addendum' && <AddendumForm disputeId={disputeId} recordId={record.id} onDone={() => { setPanel('none'); setAdded((n) => n + 1); onChanged() }} />}
      <RecordSignoffActions disputeId={disputeId} record={record} />
      {/* A colleague's record from the team vault may be countersigned here even by the vault's only person. */}
      {(people.length > 1 || !people.some((p) => p.personId === record.author.personId)) && <CountersignActions disputeId={disputeId} record={record} people={people} me={me} onChanged={onChanged} />}
    </article>
  )
}

function AddendumForm({ disputeId, recordId, onDone }: { disputeId: string; recordId: string; onDone: () => void }) {
  const [reason, setReason] = useState('')
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = async () => {
    const r = await call('records.addAddendum', { disputeId, recordId, addendum: { reason, text } })
    if (r.ok) onDone()
    else setErrors(errorsFrom(r.error))
  }
  return (
    <div className="card">
      <h4 style={{ marginTop: 0 }}>Add a dated addendum</h4>
      <p className="small">An approved record never changes. An addendum corrects or adds to it, dated now and shown with it everywhere.</p>
      <ErrorSummary errors={errors} />
      <TextField id={`addendum-reason-${recordId}`} label="Reason for the addendum" value={reason} onChange={setReason} error={errors['reason'] ?? errors['addendum.reason']} />
      <TextArea id={`addendum-text-${recordId}`} label="Addendum" value={text} onChange={setText} error={errors['text'] ?? errors['addendum.text']} />
      <button type="button" className="button" onClick={() => void submit()}>Add addendum</button>
    </div>
  )
}
