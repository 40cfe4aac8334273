import { useState } from 'react'
import type { StagePerson, StageVisit } from '../../../shared/dispute'
import type { DisputeView } from '../../../shared/views'
import { DirectoryPicker } from '../components/DirectoryPicker'
import { allProblems, call, errorsFrom, inputProblems } from '../api'
import { ErrorSummary, fieldError, TextField, type FieldErrors } from '../components/forms'
import { type PositionWords, positionName } from '../../../shared/policy-words'

/** One side's person as typed: every box may be blank, which means "not recorded". */
export interface PersonForm {
  name: string
  role: string
  agency: string
  contactDetails: string
  directoryId: string | null
}

export const BLANK_PERSON: PersonForm = { name: '', role: '', agency: '', contactDetails: '', directoryId: null }

export const personForm = (p: StagePerson | null): PersonForm =>
  p === null
    ? BLANK_PERSON
    : { name: p.name, role: p.role ?? '', agency: p.agency ?? '', contactDetails: p.contactDetails ?? '', directoryId: p.directoryId ?? null }

const isBlank = (f: PersonForm): boolean => [f.name, f.role, f.agency, f.contactDetails].every((v) => v.trim() === '')

/** What is sent: null when nothing was typed (not recorded — the forms leave the box blank). */
export function personInput(f: PersonForm): StagePerson | null {
  if (isBlank(f)) return null
  return {
    name: f.name,
    ...(f.role.trim() ? { role: f.role } : {}),
    ...(f.agency.trim() ? { agency: f.agency } : {}),
    ...(f.contactDetails.trim() ? { contactDetails: f.contactDetails } : {}),
    ...(f.directoryId ? { directoryId: f.directoryId } : {}),
  }
}

/** The refusal the main process would give for a person without a name, before anything is sent. */
export function personProblems(prefix: string, f: PersonForm): FieldErrors {
  return !isBlank(f) && f.name.trim() === '' ? { [`${prefix}.name`]: 'Give their name, or leave all of these boxes blank if you do not know.' } : {}
}

/** "Ann Lee — Team manager, St Helens CSC — 01744 000 222", or "Not recorded". */
export function personLine(p: StagePerson | null): string {
  if (p === null) return 'Not recorded'
  return [p.name, [p.role, p.agency].filter(Boolean).join(', '), p.contactDetails].filter(Boolean).join(' — ')
}

/** The boxes for one side's person, with a directory pick that fills them. */
export function PersonFields(props: {
  id: string
  legend: string
  hint?: string
  partnershipId: string
  value: PersonForm
  onChange: (value: PersonForm) => void
  errors: FieldErrors
}) {
  const { id, value, onChange, errors } = props
  const set = (key: keyof PersonForm) => (v: string) => onChange({ ...value, [key]: v })
  return (
    <fieldset className="field">
      <legend className="label">{props.legend}</legend>
      {props.hint && <p className="hint">{props.hint}</p>}
      <DirectoryPicker
        id={`${id}.pick`}
        label="From your directory"
        partnershipId={props.partnershipId}
        value={value.directoryId ?? ''}
        blankLabel="As typed below"
        describe={(d) => [d.name, d.role, d.agency].filter(Boolean).join(' — ')}
        onPick={(entry) =>
          onChange(
            entry
              ? { name: entry.name, role: entry.role, agency: entry.agency, contactDetails: [entry.phone, entry.email].filter(Boolean).join(' · '), directoryId: entry.id }
              : { ...value, directoryId: null },
          )
        }
      />
      <div className="inline-fields">
        <TextField id={`${id}.name`} label="Name" width="16em" value={value.name} onChange={set('name')} error={fieldError(errors, `${id}.name`)} />
        <TextField id={`${id}.role`} label="Role" width="16em" value={value.role} onChange={set('role')} error={fieldError(errors, `${id}.role`)} />
        <TextField id={`${id}.agency`} label="Agency" width="18em" value={value.agency} onChange={set('agency')} error={fieldError(errors, `${id}.agency`)} />
      </div>
      <TextField id={`${id}.contactDetails`} label="Contact details" width="28em" value={value.contactDetails} onChange={set('contactDetails')} error={fieldError(errors, `${id}.contactDetails`)} />
    </fieldset>
  )
}

const stageOf = (v: StageVisit): number | 'emergency' => (v.route === 'emergency' || v.stage === null ? 'emergency' : v.stage)
const stageTitle = (v: StageVisit, words: PositionWords | null | undefined): string => positionName(words, v.route === 'emergency' || v.stage === null ? 'emergency' : v.stage)

/**
 * Who is involved at each stage, on both sides, as recorded (issue 13), with a way to correct it. Each
 * change is its own audited event; a stage where no one was recorded says so, and the forms leave it blank.
 */
export function StagePeoplePanel({ view, onChanged }: { view: DisputeView; onChanged: (view: DisputeView) => void }) {
  const d = view.dispute
  const [editing, setEditing] = useState<number | null>(null)
  const open = d.status === 'open'
  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title" style={{ marginTop: 0 }}>Who is involved</h2>
      <p className="small muted">
        At each stage, who took the matter up on our side and whom it sat with at {d.otherAgency.agency}. The stage forms use these names; where none is recorded, the box is left blank.
      </p>
      {d.stageHistory.map((visit, i) =>
        editing === i ? (
          <StagePeopleForm key={i} view={view} visit={visit} onCancel={() => setEditing(null)} onDone={(v) => { setEditing(null); onChanged(v) }} />
        ) : (
          <div key={i} className="stage-people">
            <h3>{stageTitle(visit, view.status?.words)}</h3>
            <dl className="summary-list small">
              <dt>Our side</dt>
              <dd>{personLine(visit.ourSide ?? (i === 0 ? { name: d.openedBy } : null))}{visit.ourSide === null && i === 0 ? ' (who opened the dispute)' : ''}</dd>
              <dt>Their side</dt>
              <dd>
                {personLine(visit.theirSide ?? (i === 0 ? { name: d.otherAgency.practitioner, ...(d.otherAgency.role ? { role: d.otherAgency.role } : {}), agency: d.otherAgency.agency } : null))}
                {visit.theirSide === null && i === 0 ? ' (who the dispute was opened with)' : ''}
              </dd>
            </dl>
            {open && (
              <button type="button" className="link" onClick={() => setEditing(i)} aria-label={`Change who is involved at ${stageTitle(visit, view.status?.words).toLowerCase()}`}>
                Change
              </button>
            )}
          </div>
        ),
      )}
    </section>
  )
}

function StagePeopleForm({ view, visit, onDone, onCancel }: { view: DisputeView; visit: StageVisit; onDone: (v: DisputeView) => void; onCancel: () => void }) {
  const [ours, setOurs] = useState<PersonForm>(personForm(visit.ourSide))
  const [theirs, setTheirs] = useState<PersonForm>(personForm(visit.theirSide))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (busy) return
    const problems = { ...personProblems('people-ours', ours), ...personProblems('people-theirs', theirs) }
    const input = { disputeId: view.dispute.id, input: { stage: stageOf(visit), ourSide: personInput(ours), theirSide: personInput(theirs) } }
    // Every problem at once: the form's own, and the channel's schema's on what the form does not check.
    if (Object.keys(problems).length > 0) return setErrors(allProblems(problems, inputProblems('disputes.setStagePeople', input)))
    setBusy(true)
    const r = await call('disputes.setStagePeople', input)
    setBusy(false)
    if (r.ok) onDone(r.value)
    else setErrors(errorsFrom(r.error))
  }
  return (
    <div className="stage-people">
      <h3>{stageTitle(visit, view.status?.words)}</h3>
      <ErrorSummary errors={errors} />
      <PersonFields id="people-ours" legend="Our side: who takes the matter up" partnershipId={view.dispute.policy.id} value={ours} onChange={setOurs} errors={errors} />
      <PersonFields id="people-theirs" legend={`Their side: whom it sits with at ${view.dispute.otherAgency.agency}`} partnershipId={view.dispute.policy.id} value={theirs} onChange={setTheirs} errors={errors} />
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void submit()}>Save who is involved</button>
        <button type="button" className="link" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  )
}
