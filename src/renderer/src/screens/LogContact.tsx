import { useCallback, useEffect, useRef, useState } from 'react'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { CONTACT_KINDS, CONTACT_KIND_LABELS, DIRECTIONS, DIRECTION_LABELS, LEGACY_SAID_LABEL, PHONE_KINDS, WE_SAID_LABEL, saidBoxes, theySaidLabel, type ContactKind, type Direction } from '../../../shared/records'
import type { DisputeView, RecordView } from '../../../shared/views'
import { ClockChoice, DateInput, TimeInput } from '../components/DateInput'
import { PersonCombobox, type PersonChoice } from '../components/PersonCombobox'
import { call, errorsFrom } from '../api'
import { ErrorSummary, fieldError, SelectField, TextArea, TextField, type FieldErrors } from '../components/forms'
import type { ClockOffset } from '../../../shared/date-entry'
import { positionName } from '../../../shared/policy-words'
import { useChannel } from '../lib/queries'
import { useAutosave } from '../lib/autosave'
import { flatErrors } from '../lib/form-errors'
import { useUnsavedContactStore } from '../lib/unsaved-contact'
import { blankForm, byField, contactFormSchema, content, formFromRecord, personChoices, type ContactForm } from './LogContactForm'

export type { ContactForm } from './LogContactForm'

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
  const unsaved = useUnsavedContactStore()
  const [restored] = useState(() => {
    const pending = unsaved.take()
    return pending && pending.disputeId === disputeId && pending.recordId === (record?.id ?? pending.recordId) ? pending : null
  })
  const { getValues, setValue, trigger, watch, formState } = useForm<ContactForm>({
    defaultValues: restored?.form ?? (record ? formFromRecord(record) : blankForm(view)),
    resolver: zodResolver(contactFormSchema),
  })
  const form = watch()
  const [recordId, setRecordId] = useState<string | null>(restored?.recordId ?? record?.id ?? null)
  /** Refusals from the main process; the form's own checks are in formState.errors. */
  const [refusals, setRefusals] = useState<FieldErrors>({})
  const errors: FieldErrors = { ...flatErrors(formState.errors), ...refusals }
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'failed'>(recordId ? 'saved' : 'idle')
  /** Something was typed (or brought back after a lock) that is not saved yet. */
  const dirty = useRef(Boolean(restored))
  const [busy, setBusy] = useState(false)
  /** How many times the person asked to save (a button, Ctrl+Enter, Ctrl+S): only then may the problems take focus. */
  const [attempt, setAttempt] = useState(0)
  const first = useRef<HTMLInputElement>(null)
  const idRef = useRef(recordId)
  idRef.current = recordId
  /** The form as last typed, the very object kept in the unsaved store, so a save can tell whether it is still the latest. */
  const typed = useRef<ContactForm>(restored?.form ?? { ...getValues() })

  // The cursor starts at "Who": the kind, date, time and stage above are filled in and a Shift+Tab away.
  useEffect(() => {
    first.current?.focus()
  }, [])

  // Only the dispute's partnership's contacts (and the DSL's own, tied to none), as the main process lists them.
  const directory = useChannel('directory.list', { partnershipId: view.dispute.policy.id }).data
  const choices = personChoices(view, directory ?? [])

  /** Save what is on screen now; the record id, or null if it could not be saved (the reasons are shown). */
  const saveDraft = async (): Promise<string | null> => {
    const f = typed.current
    if (!(await trigger())) {
      setRefusals({})
      setSaveState('failed')
      return null
    }
    setSaveState('saving')
    const body = content(f)
    const r = idRef.current
      ? await call('records.updateDraft', { disputeId, recordId: idRef.current, changes: body })
      : await call('records.createDraft', { disputeId, draft: body })
    if (!r.ok) {
      setSaveState('failed')
      setRefusals(byField(errorsFrom(r.error)))
      return null
    }
    setRefusals({})
    setSaveState('saved')
    setRecordId(r.value.id)
    idRef.current = r.value.id
    unsaved.clearIf(f)
    return r.value.id
  }
  // Saved as typed: a short pause after the last key press writes the draft.
  const { schedule, flush: save } = useAutosave(saveDraft, 700)

  /** Every change: kept for a lock at once, written as a draft when the typing pauses. */
  const changed = useCallback(() => {
    dirty.current = true
    typed.current = { ...getValues() }
    unsaved.keep({ disputeId, recordId: idRef.current, form: typed.current })
    schedule()
  }, [getValues, unsaved, disputeId, schedule])

  // Text brought back after a lock is saved as soon as the form is open again.
  useEffect(() => {
    if (restored) changed()
  }, [restored, changed])

  const set = <K extends keyof ContactForm>(key: K) => (value: ContactForm[K]) => {
    setValue(key as keyof ContactForm, value as never)
    changed()
  }

  const setOffset = useCallback(
    (value: ClockOffset | '') => {
      if (getValues('offset') === value) return
      setValue('offset', value)
      // The hour that happens twice is asked about, not typed: choosing it is a change, clearing it is not.
      if (value) changed()
    },
    [getValues, setValue, changed],
  )

  const pickPerson = (entry: PersonChoice) => {
    const f = getValues()
    setValue('directoryId', entry.directoryId)
    setValue('name', entry.name)
    setValue('role', entry.role)
    setValue('agency', entry.agency)
    setValue('phone', entry.phone)
    setValue('email', entry.email)
    setValue('numberDialled', PHONE_KINDS.includes(f.kind) && entry.phone ? entry.phone : f.numberDialled)
    changed()
  }
  // A name typed by hand is no longer the directory's entry.
  const typeName = (name: string) => {
    setValue('name', name)
    setValue('directoryId', null)
    changed()
  }

  const finish = async (approve: boolean) => {
    if (busy) return
    setBusy(true)
    setAttempt((n) => n + 1)
    typed.current = { ...getValues() }
    const id = await save()
    if (!id) {
      setBusy(false)
      return
    }
    if (approve) {
      const r = await call('records.approve', { disputeId, recordId: id })
      setBusy(false)
      if (!r.ok) return setRefusals(byField(errorsFrom(r.error)))
    } else setBusy(false)
    unsaved.clear()
    onClose(true, { recordId: id, approved: approve })
  }

  const close = async () => {
    if (dirty.current) await save()
    unsaved.clear()
    onClose(dirty.current || Boolean(idRef.current))
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
      void close()
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
      <ErrorSummary errors={errors} attempt={attempt} />
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
        <button type="button" className="link" onClick={() => void close()}>
          Close
        </button>
      </div>
    </section>
  )
}

