import { useCallback, useEffect, useRef, useState } from 'react'
import { CONTACT_KINDS, CONTACT_KIND_LABELS, DIRECTIONS, DIRECTION_LABELS, LEGACY_SAID_LABEL, PHONE_KINDS, WE_SAID_LABEL, saidBoxes, theySaidLabel, type ContactKind, type Direction } from '../../../shared/records'
import type { DirectoryEntry } from '../../../shared/directory'
import type { DisputeView, RecordView } from '../../../shared/views'
import { ClockChoice, DateInput, TimeInput, dateProblems, momentProblems, typedMoment } from '../components/DateInput'
import { PersonCombobox, type PersonChoice } from '../components/PersonCombobox'
import { call, errorsFrom } from '../api'
import { ErrorSummary, fieldError, SelectField, TextArea, TextField, type FieldErrors } from '../components/forms'
import { londonParts } from '../time'
import { UnsavedText } from '../../../shared/unsaved'
import type { ClockOffset } from '../../../shared/date-entry'
import { positionName } from '../../../shared/policy-words'

export interface ContactForm {
  kind: ContactKind
  date: string
  time: string
  /** Only for a time in the hour that happens twice when the clocks go back. */
  offset: ClockOffset | ''
  stage: string
  name: string
  role: string
  agency: string
  phone: string
  email: string
  directoryId: string | null
  direction: Direction
  theySaid: string
  weSaid: string
  whatWasAgreed: string
  nextStep: string
  nextStepBy: string
  numberDialled: string
  answered: '' | 'yes' | 'no'
  messageLeft: string
}

/**
 * What was typed but not yet saved, kept in memory while the vault is locked so that nothing is lost
 * when auto-lock interrupts a call being logged, and offered back only to the person who typed it
 * (Home tells it who is signed in). Never written anywhere.
 */
export const unsavedContact = new UnsavedText<{ disputeId: string; recordId: string | null; form: ContactForm }>()
export const pendingContact = () => unsavedContact.take()
export const clearPendingContact = () => unsavedContact.clear()

function formFromRecord(r: RecordView): ContactForm {
  const at = londonParts(r.occurredAt)
  return {
    kind: r.kind,
    date: at.date,
    time: at.time,
    offset: at.offset ?? '',
    stage: String(r.stage),
    name: r.contact.name,
    role: r.contact.role,
    agency: r.contact.agency,
    phone: r.contact.phone,
    email: r.contact.email,
    directoryId: r.contact.directoryId,
    direction: r.direction,
    theySaid: r.theySaid,
    weSaid: r.weSaid,
    whatWasAgreed: r.whatWasAgreed,
    nextStep: r.nextStep,
    nextStepBy: r.nextStepBy ?? '',
    numberDialled: r.numberDialled,
    answered: r.answered === null ? '' : r.answered ? 'yes' : 'no',
    messageLeft: r.messageLeft,
  }
}

/** A new record defaults to a phone call, now, the current stage and the last person spoken to. */
function blankForm(view: DisputeView): ContactForm {
  const now = londonParts()
  const last = [...view.records].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))[0]
  const d = view.dispute
  const person = last?.contact ?? { name: d.otherAgency.practitioner, role: d.otherAgency.role ?? '', agency: d.otherAgency.agency, phone: '', email: '', directoryId: null }
  return {
    kind: 'phone-call',
    date: now.date,
    time: now.time,
    offset: now.offset ?? '',
    stage: d.route === 'emergency' ? 'emergency' : String(d.currentStage ?? 1),
    name: person.name,
    role: person.role,
    agency: person.agency,
    phone: person.phone,
    email: person.email,
    directoryId: person.directoryId,
    direction: 'outgoing',
    theySaid: '',
    weSaid: '',
    whatWasAgreed: '',
    nextStep: '',
    nextStepBy: '',
    numberDialled: '',
    answered: '',
    messageLeft: '',
  }
}

/** Errors from the main process keyed as this form's fields are: 'draft.occurredAt.time' → 'time'. */
function byField(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, message] of Object.entries(errors)) out[key.replace(/^(draft|changes)\./, '').replace(/^occurredAt\./, '')] ??= message
  return out
}

/** The same refusals the main process would give, before anything is sent. */
function dateErrors(form: ContactForm): FieldErrors {
  return {
    ...momentProblems({ date: 'date', time: 'time', offset: 'offset' }, typedMoment(form.date, form.time, form.offset), 'the contact'),
    ...dateProblems([{ id: 'nextStepBy', value: form.nextStepBy, what: 'The date of the next step', happened: false, required: false }]),
  }
}

function content(form: ContactForm) {
  return {
    kind: form.kind,
    stage: form.stage === 'emergency' ? ('emergency' as const) : Number(form.stage),
    occurredAt: typedMoment(form.date, form.time, form.offset),
    contact: { name: form.name, role: form.role, agency: form.agency, phone: form.phone, email: form.email, directoryId: form.directoryId },
    direction: form.direction,
    theySaid: form.theySaid,
    weSaid: form.weSaid,
    whatWasAgreed: form.whatWasAgreed,
    nextStep: form.nextStep,
    nextStepBy: form.nextStepBy || null,
    numberDialled: form.numberDialled,
    answered: form.answered === '' ? null : form.answered === 'yes',
    messageLeft: form.messageLeft,
  }
}

interface Props {
  view: DisputeView
  /** A draft to carry on with; otherwise a new record. */
  record?: RecordView
  /** `saved` when the person saved (and perhaps approved) the record, so its result can take focus. */
  onClose: (changed: boolean, saved?: { recordId: string; approved: boolean }) => void
}

/**
 * Log a contact. Saved as a draft as it is typed (so nothing is lost if the app closes), approved in
 * the same flow with Ctrl+Enter or later. Keyboard first: the first field has focus, Tab moves on.
 */
export function LogContact({ view, record, onClose }: Props) {
  const disputeId = view.dispute.id
  const pending = unsavedContact.take()
  const restored = pending && pending.disputeId === disputeId && pending.recordId === (record?.id ?? pending.recordId) ? pending : null
  const [form, setForm] = useState<ContactForm>(() => restored?.form ?? (record ? formFromRecord(record) : blankForm(view)))
  const [recordId, setRecordId] = useState<string | null>(restored?.recordId ?? record?.id ?? null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'failed'>(recordId ? 'saved' : 'idle')
  const [dirty, setDirty] = useState(Boolean(restored))
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLInputElement>(null)
  const [directory, setDirectory] = useState<DirectoryEntry[]>([])
  const saving = useRef<Promise<string | null> | null>(null)
  const latest = useRef(form)
  latest.current = form
  const idRef = useRef(recordId)
  idRef.current = recordId

  // The cursor starts at "Who": the kind, date, time and stage above are filled in and a Shift+Tab away.
  useEffect(() => {
    first.current?.focus()
  }, [])

  // Only the dispute's partnership's contacts (and the DSL's own, tied to none), as the main process lists them.
  const partnershipId = view.dispute.policy.id
  useEffect(() => {
    let live = true
    void call('directory.list', { partnershipId }).then((r) => live && r.ok && setDirectory(r.value))
    return () => {
      live = false
    }
  }, [partnershipId])
  const choices = personChoices(view, directory)

  /** Save what is on screen now; returns the record id (null if it could not be saved). */
  const save = async (): Promise<string | null> => {
    if (saving.current) await saving.current
    const run = (async () => {
      const f = latest.current
      const body = content(f)
      const refused = dateErrors(f)
      if (Object.keys(refused).length > 0) {
        setErrors(refused)
        setSaveState('failed')
        return null
      }
      setSaveState('saving')
      const r = idRef.current
        ? await call('records.updateDraft', { disputeId, recordId: idRef.current, changes: body })
        : await call('records.createDraft', { disputeId, draft: body })
      if (!r.ok) {
        setSaveState('failed')
        setErrors(byField(errorsFrom(r.error)))
        return null
      }
      setErrors({})
      setSaveState('saved')
      setRecordId(r.value.id)
      idRef.current = r.value.id
      unsavedContact.clearIf((kept) => kept.form === f)
      return r.value.id
    })()
    saving.current = run
    try {
      return await run
    } finally {
      if (saving.current === run) saving.current = null
    }
  }

  // Saved as typed: a short pause after the last key press writes the draft.
  useEffect(() => {
    if (!dirty) return
    unsavedContact.keep({ disputeId, recordId, form })
    const timer = setTimeout(() => void save(), 700)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, dirty])

  const set = <K extends keyof ContactForm>(key: K) => (value: ContactForm[K]) => {
    setDirty(true)
    setForm((f) => ({ ...f, [key]: value }))
  }

  const setOffset = useCallback((value: ClockOffset | '') => {
    setForm((f) => (f.offset === value ? f : { ...f, offset: value }))
    if (value) setDirty(true)
  }, [])

  const pickPerson = (entry: PersonChoice) => {
    setDirty(true)
    setForm((f) => ({
      ...f,
      directoryId: entry.directoryId,
      name: entry.name,
      role: entry.role,
      agency: entry.agency,
      phone: entry.phone,
      email: entry.email,
      numberDialled: PHONE_KINDS.includes(f.kind) && entry.phone ? entry.phone : f.numberDialled,
    }))
  }
  // A name typed by hand is no longer the directory's entry.
  const typeName = (name: string) => {
    setDirty(true)
    setForm((f) => ({ ...f, name, directoryId: null }))
  }

  const finish = async (approve: boolean) => {
    if (busy) return
    setBusy(true)
    const id = await save()
    if (!id) {
      setBusy(false)
      return
    }
    if (approve) {
      const r = await call('records.approve', { disputeId, recordId: id })
      setBusy(false)
      if (!r.ok) return setErrors(byField(errorsFrom(r.error)))
    } else setBusy(false)
    unsavedContact.clear()
    onClose(true, { recordId: id, approved: approve })
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault()
      void finish(true)
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault()
      void finish(false)
    } else if (e.key === 'Escape') {
      e.preventDefault()
      void (async () => {
        if (dirty) await save()
        unsavedContact.clear()
        onClose(dirty || Boolean(idRef.current))
      })()
    }
  }

  const phone = PHONE_KINDS.includes(form.kind)
  const boxes = saidBoxes(form.kind, form.direction)
  const stages = view.dispute.route === 'emergency' || view.dispute.stageHistory.some((s) => s.route === 'emergency')
    ? [{ value: 'emergency', label: positionName(view.status?.words, 'emergency') }]
    : []
  const stageOptions = [
    ...stages,
    ...view.dispute.stageHistory
      .filter((s) => s.stage !== null)
      .map((s) => ({ value: String(s.stage), label: positionName(view.status?.words, s.stage) }))
      .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i),
  ]

  return (
    <section className="log-contact card" aria-labelledby="log-contact-title" onKeyDown={onKeyDown}>
      <ErrorSummary errors={errors} />
      <h2 id="log-contact-title" style={{ marginTop: 0 }}>
        {record || recordId ? 'Contact record (draft)' : 'Log a contact'} — {view.dispute.reference}
      </h2>
      <p className="small muted" aria-live="polite">
        {saveState === 'saving' && 'Saving the draft…'}
        {saveState === 'saved' && 'Draft saved. '}
        {saveState === 'failed' && 'The draft could not be saved yet — your typing is kept on screen. '}
        Ctrl+Enter saves and approves; Ctrl+S saves as a draft; Escape closes (the draft is kept).
      </p>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="kind">What kind of contact</label>
          <select id="kind" value={form.kind} onChange={(e) => set('kind')(e.target.value as ContactKind)}>
            {CONTACT_KINDS.map((k) => (
              <option key={k} value={k}>{CONTACT_KIND_LABELS[k]}</option>
            ))}
          </select>
        </div>
        <DateInput id="date" label="Date" value={form.date} onChange={set('date')} error={fieldError(errors, 'date') ?? fieldError(errors, 'occurredAt')} />
        <TimeInput id="time" label="Time" value={form.time} onChange={set('time')} error={fieldError(errors, 'time')} />
        <SelectField id="stage" label={view.status?.words.stageWord ?? 'Stage'} value={form.stage} onChange={set('stage')} options={stageOptions} error={fieldError(errors, 'stage')} />
      </div>
      <ClockChoice id="offset" date={form.date} time={form.time} value={form.offset} onChange={setOffset} error={fieldError(errors, 'offset')} />
      <PersonCombobox
        id="contact.name"
        label="Who"
        hint="Type a name: people on this dispute and in your directory are offered."
        value={form.name}
        choices={choices}
        onType={typeName}
        onChoose={pickPerson}
        inputRef={first}
        error={fieldError(errors, 'contact.name')}
      />
      {/* The other party's words first, each box labelled with who spoke; a box the kind of contact has no use
          for is hidden unless it already holds text (nothing typed is ever hidden). */}
      {(boxes.theySaid || form.theySaid !== '') && (
        <TextArea id="theySaid" label={theySaidLabel(form)} hint="As near their own words as you can: this is what may be quoted as their agency’s position." rows={4} value={form.theySaid} onChange={set('theySaid')} error={fieldError(errors, 'theySaid')} />
      )}
      {(boxes.weSaid || form.weSaid !== '') && (
        <TextArea id="weSaid" label={WE_SAID_LABEL} rows={4} value={form.weSaid} onChange={set('weSaid')} error={fieldError(errors, 'weSaid')} />
      )}
      {record?.whatWasSaid && (
        <div className="field">
          <p className="label">{LEGACY_SAID_LABEL}</p>
          <p className="hint">Written before records kept what each side said apart. It stays as it was and is never used as anyone’s position.</p>
          <p className="prose">{record.whatWasSaid}</p>
        </div>
      )}
      <div className="inline-fields">
        <TextField id="contact.role" label="Their role" width="16em" value={form.role} onChange={set('role')} />
        <TextField id="contact.agency" label="Their agency" width="18em" value={form.agency} onChange={set('agency')} />
        <SelectField id="direction" label="Direction" value={form.direction} onChange={(v) => set('direction')(v as Direction)} options={DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))} />
      </div>
      <div className="inline-fields">
        <TextField id="contact.phone" label="Their phone" type="tel" width="12em" value={form.phone} onChange={set('phone')} error={fieldError(errors, 'contact.phone')} />
        <TextField id="contact.email" label="Their email" type="email" width="18em" value={form.email} onChange={set('email')} error={fieldError(errors, 'contact.email')} />
      </div>
      {phone && (
        <div className="inline-fields">
          <TextField id="numberDialled" label="Number dialled" type="tel" width="12em" value={form.numberDialled} onChange={set('numberDialled')} error={fieldError(errors, 'numberDialled')} />
          <SelectField id="answered" label="Answered?" value={form.answered} onChange={(v) => set('answered')(v as ContactForm['answered'])} options={[{ value: '', label: 'Not said' }, { value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} />
          <TextField id="messageLeft" label="Message left" width="24em" value={form.messageLeft} onChange={set('messageLeft')} error={fieldError(errors, 'messageLeft')} />
        </div>
      )}
      <TextArea id="whatWasAgreed" label="What was agreed" rows={2} value={form.whatWasAgreed} onChange={set('whatWasAgreed')} error={fieldError(errors, 'whatWasAgreed')} />
      <div className="inline-fields">
        <TextField id="nextStep" label="Next step" width="28em" value={form.nextStep} onChange={set('nextStep')} error={fieldError(errors, 'nextStep')} />
        <DateInput id="nextStepBy" label="By" value={form.nextStepBy} onChange={set('nextStepBy')} error={fieldError(errors, 'nextStepBy')} />
      </div>
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void finish(true)}>
          Save and approve
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={() => void finish(false)}>
          Save as draft
        </button>
        <button type="button" className="link" onClick={() => onKeyDown({ key: 'Escape', preventDefault() {}, ctrlKey: false, metaKey: false } as React.KeyboardEvent)}>
          Close
        </button>
      </div>
    </section>
  )
}

/**
 * Who the "Who" box offers: the people already on this dispute first (the practitioner it is about and
 * everyone spoken to since, most recent first), then the directory's entries, each person once.
 */
function personChoices(view: DisputeView, directory: DirectoryEntry[]): PersonChoice[] {
  const out: PersonChoice[] = []
  const seen = new Set<string>()
  const add = (c: PersonChoice) => {
    const key = `${c.name.trim().toLowerCase()}|${c.agency.trim().toLowerCase()}`
    if (!c.name.trim() || seen.has(key)) return
    seen.add(key)
    out.push(c)
  }
  const records = [...view.records].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
  for (const r of records) add({ key: `record-${r.id}`, ...r.contact })
  const other = view.dispute.otherAgency
  add({ key: 'practitioner', name: other.practitioner, role: other.role ?? '', agency: other.agency, phone: '', email: '', directoryId: null })
  for (const e of directory) add({ key: `directory-${e.id}`, name: e.name || e.role, role: e.name ? e.role : '', agency: e.agency, phone: e.phone, email: e.email, directoryId: e.id })
  return out
}
