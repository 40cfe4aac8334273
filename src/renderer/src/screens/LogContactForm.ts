import { z } from 'zod'
import { CONTACT_KINDS, DIRECTIONS, type ContactKind, type Direction } from '../../../shared/records'
import type { DirectoryEntry } from '../../../shared/directory'
import type { DisputeView, RecordView } from '../../../shared/views'
import { CLOCK_OFFSETS, type ClockOffset } from '../../../shared/date-entry'
import { dateProblems, momentProblems, typedMoment } from '../components/DateInput'
import type { PersonChoice } from '../components/PersonCombobox'
import type { FieldErrors } from '../components/forms'
import { addProblems } from '../lib/form-errors'
import { londonParts } from '../time'

/** The contact form's model: what is typed, what it starts as, and what is sent (LogContact.tsx shows it). */
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

export function formFromRecord(r: RecordView): ContactForm {
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
export function blankForm(view: DisputeView): ContactForm {
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
export function byField(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, message] of Object.entries(errors)) out[key.replace(/^(draft|changes)\./, '').replace(/^occurredAt\./, '')] ??= message
  return out
}

export function content(form: ContactForm) {
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

/**
 * What a person types into the contact form, checked before anything is sent: every problem at once, in
 * the order of the form. The text boxes are bounded as a contact record's content is (shared/records.ts); the dates are refused
 * for the reasons the main process would give (a date that does not exist, a time in the spring gap, the
 * autumn hour not said, a contact in the future).
 */
const text = (max: number) => z.string().max(max, `This is too long: keep it under ${max.toLocaleString('en-GB')} characters`)
export const contactFormSchema = z
  .object({
    kind: z.enum(CONTACT_KINDS),
    date: z.string(),
    time: z.string(),
    offset: z.union([z.enum(CLOCK_OFFSETS), z.literal('')]),
    stage: z.string(),
    name: z.string(),
    role: z.string(),
    agency: z.string(),
    phone: z.string(),
    email: z.string(),
    directoryId: z.string().nullable(),
    direction: z.enum(DIRECTIONS),
    theySaid: text(20_000),
    weSaid: text(20_000),
    whatWasAgreed: text(20_000),
    nextStep: text(2_000),
    nextStepBy: z.string(),
    numberDialled: text(40),
    answered: z.enum(['', 'yes', 'no']),
    messageLeft: text(2_000),
  })
  .superRefine((form, ctx) => {
    addProblems(ctx, {
      ...momentProblems({ date: 'date', time: 'time', offset: 'offset' }, typedMoment(form.date, form.time, form.offset), 'the contact'),
      ...dateProblems([{ id: 'nextStepBy', value: form.nextStepBy, what: 'The date of the next step', happened: false, required: false }]),
    })
  })

/**
 * Who the "Who" box offers: the people already on this dispute first (the practitioner it is about and
 * everyone spoken to since, most recent first), then the directory's entries, each person once.
 */
export function personChoices(view: DisputeView, directory: DirectoryEntry[]): PersonChoice[] {
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
