/**
 * A contact record's life: draft → approved (by its author, named and dated) → optionally countersigned
 * by someone else; after approval the content is fixed and only dated addenda can be added.
 * Every function is pure: it returns a new record or throws an AppError a DSL can read.
 */
import { describeIssues } from '../../../shared/zod-issues'
import { AppError } from '../../../shared/errors'
import {
  type Addendum,
  type AddendumInput,
  type ContactPerson,
  type ContactRecord,
  type ContactRecordChanges,
  type ContactRecordContent,
  type ContactRecordDraftInput,
  type RecordAuthor,
  ContactRecordContent as ContentSchema,
  EMPTY_CONTACT_PERSON,
  KINDS_WITH_CONTENT,
  saidBoxes,
} from '../../../shared/records'

/** Who is acting, and when. `now` is an instant (Date or ISO string); ids are made by the caller. */
export interface Actor {
  personId: string
  /** As the vault holds them when they act (never a self-edited profile). */
  name: string
  role?: string
}

/** Clocks on one machine still disagree with a typed time by a few seconds: allow a minute. */
const FUTURE_TOLERANCE_MS = 60_000

function instant(now: Date | string): string {
  const date = typeof now === 'string' ? new Date(now) : now
  if (Number.isNaN(date.getTime())) throw new TypeError(`Not an instant: ${String(now)}`)
  return date.toISOString()
}

const FIELD_LABELS: Record<string, string> = {
  kind: 'the kind of contact',
  stage: 'the stage',
  occurredAt: 'the date and time of the contact',
  contact: 'who the contact was with',
  direction: 'who made the contact',
  theySaid: 'what the other party said',
  weSaid: 'what you said',
  whatWasAgreed: 'what was agreed',
  nextStep: 'the next step',
  nextStepBy: 'the date of the next step',
  attachments: 'the documents noted',
  numberDialled: 'the number dialled',
  answered: 'whether the call was answered',
  messageLeft: 'the message left',
}

function validateContent(content: ContactRecordContent, now: string): ContactRecordContent {
  const parsed = ContentSchema.safeParse(content)
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues, content, { quoteValues: false })
    const first = details[0]!
    const label = FIELD_LABELS[first.path.split('.')[0]!] ?? 'one of its answers'
    throw new AppError(
      'record-invalid',
      `This record cannot be saved: ${label} — ${first.message.replace(/\.$/, '')}.`,
      { field: first.path, details },
    )
  }
  const occurred = Date.parse(parsed.data.occurredAt)
  if (occurred - Date.parse(now) > FUTURE_TOLERANCE_MS) {
    throw new AppError(
      'record-in-future',
      'The date and time of the contact is in the future. Record a contact once it has happened.',
      {
        field: 'occurredAt',
      },
    )
  }
  return { ...parsed.data, occurredAt: new Date(occurred).toISOString() }
}

function mergeContact(base: ContactPerson, changes: Partial<ContactPerson> | undefined): ContactPerson {
  return changes === undefined ? base : { ...base, ...definedOnly(changes) }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

function contentOf(record: ContactRecord): ContactRecordContent {
  return {
    kind: record.kind,
    stage: record.stage,
    occurredAt: record.occurredAt,
    contact: record.contact,
    direction: record.direction,
    theySaid: record.theySaid,
    weSaid: record.weSaid,
    whatWasAgreed: record.whatWasAgreed,
    nextStep: record.nextStep,
    nextStepBy: record.nextStepBy,
    attachments: record.attachments,
    numberDialled: record.numberDialled,
    answered: record.answered,
    messageLeft: record.messageLeft,
  }
}

/** A new draft record, written now by `author`. */
export function createDraft(
  input: ContactRecordDraftInput,
  context: { id: string; disputeId: string; author: RecordAuthor; now: Date | string },
): ContactRecord {
  const now = instant(context.now)
  const content = validateContent(
    {
      kind: input.kind,
      stage: input.stage,
      occurredAt: input.occurredAt,
      contact: mergeContact(EMPTY_CONTACT_PERSON, input.contact),
      direction:
        input.direction ??
        (input.kind === 'meeting' ? 'in-person' : input.kind === 'email-received' ? 'incoming' : 'outgoing'),
      theySaid: input.theySaid ?? '',
      weSaid: input.weSaid ?? '',
      whatWasAgreed: input.whatWasAgreed ?? '',
      nextStep: input.nextStep ?? '',
      nextStepBy: input.nextStepBy ?? null,
      attachments: input.attachments ?? [],
      numberDialled: input.numberDialled ?? '',
      answered: input.answered ?? null,
      messageLeft: input.messageLeft ?? '',
    },
    now,
  )
  return {
    ...content,
    id: context.id,
    disputeId: context.disputeId,
    recordedAt: now,
    author: { personId: context.author.personId, name: context.author.name, ...(context.author.role ? { role: context.author.role } : {}) },
    status: 'draft',
    approval: null,
    countersignature: null,
    countersignatureAsk: null,
    addenda: [],
    files: [],
  }
}

function refuseIfApproved(record: ContactRecord): void {
  if (record.status === 'approved') {
    throw new AppError(
      'record-approved',
      'This record is approved and can no longer be edited — add a dated addendum instead',
    )
  }
}

/** The draft with some content changed. Refused once the record is approved. */
export function updateDraft(
  record: ContactRecord,
  changes: ContactRecordChanges,
  context: { now: Date | string },
): ContactRecord {
  refuseIfApproved(record)
  const { contact, ...rest } = changes
  const content = validateContent(
    { ...contentOf(record), ...definedOnly(rest), contact: mergeContact(record.contact, contact) },
    instant(context.now),
  )
  return { ...record, ...content }
}

function has(text: string): boolean {
  return text.trim() !== ''
}

/** What is missing before a draft can be approved, as [field, sentence] — empty if nothing is. */
export function approvalProblems(record: ContactRecord): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  const { contact } = record
  if (!has(contact.name) && !has(contact.role) && !has(contact.agency)) {
    problems.push({
      field: 'contact.name',
      message: 'Say who the contact was with: a name, a role or an agency.',
    })
  }
  const unanswered = record.kind === 'phone-call' && record.answered === false
  // Either side's words will do (a call may be all listening); a record from before speakers were recorded keeps its one text.
  const said = has(record.theySaid) || has(record.weSaid) || has(record.whatWasSaid ?? '')
  if (KINDS_WITH_CONTENT.includes(record.kind) && !unanswered && !said) {
    const boxes = saidBoxes(record.kind, record.direction)
    problems.push({
      field: boxes.theySaid ? 'theySaid' : 'weSaid',
      message:
        'Write down what was said before approving: an approved record of a conversation must say what the conversation was.',
    })
  }
  if (record.kind === 'voicemail-left' && !has(record.messageLeft) && !said) {
    problems.push({
      field: 'messageLeft',
      message:
        'Write down the message you left, for example “rapid resolution invoked, please call back urgently”.',
    })
  }
  if (record.nextStepBy !== null && !has(record.nextStep)) {
    problems.push({
      field: 'nextStep',
      message: 'Say what the next step is, or remove the date it is due by.',
    })
  }
  return problems
}

/**
 * The author approves the draft: their name and the date and time are recorded, and the content is fixed. In a
 * team vault, someone who took a colleague's draft over (`takenOverBy`) may approve it too.
 */
export function approveRecord(
  record: ContactRecord,
  by: Actor,
  context: { now: Date | string; takenOverBy?: readonly string[] },
): ContactRecord {
  if (record.status === 'approved') {
    throw new AppError(
      'record-already-approved',
      `This record was already approved by ${record.approval?.byName ?? 'its author'}.`,
    )
  }
  if (by.personId !== record.author.personId && !context.takenOverBy?.includes(by.personId)) {
    throw new AppError(
      'record-approver-not-author',
      `Only the author, ${record.author.name}, can approve this record. Once it is approved you can countersign it.`,
    )
  }
  const problems = approvalProblems(record)
  if (problems.length > 0) {
    throw new AppError('record-incomplete', problems[0].message, {
      field: problems[0].field,
      details: problems.map((p) => ({ path: p.field, message: p.message })),
    })
  }
  return {
    ...record,
    status: 'approved',
    approval: { byPersonId: by.personId, byName: by.name, ...(by.role ? { byRole: by.role } : {}), at: instant(context.now) },
  }
}

/** A second person, not the author, countersigns an approved record. */
export function countersign(
  record: ContactRecord,
  by: Actor,
  context: { now: Date | string },
): ContactRecord {
  if (record.status !== 'approved') {
    throw new AppError(
      'record-not-approved',
      'This record is still a draft. It can be countersigned once its author has approved it.',
    )
  }
  if (record.countersignature !== null) {
    throw new AppError(
      'record-already-countersigned',
      `This record was already countersigned by ${record.countersignature.byName}.`,
    )
  }
  if (by.personId === record.author.personId) {
    throw new AppError(
      'countersignature-same-person',
      'A countersignature must come from someone other than the record’s author.',
    )
  }
  const ask = record.countersignatureAsk
  if (ask && ask.personId !== by.personId) {
    throw new AppError(
      'countersignature-asked-of-another',
      `This countersignature was asked of ${ask.name}. Only ${ask.name} can give it, signed in as themselves.`,
    )
  }
  return {
    ...record,
    countersignature: { byPersonId: by.personId, byName: by.name, ...(by.role ? { byRole: by.role } : {}), at: instant(context.now) },
  }
}

/**
 * Asks a named person of the vault, not the author, to countersign a record, a draft or an approved one.
 * Asked again, the newer ask replaces the older (the audit trail keeps both).
 */
export function askCountersignature(
  record: ContactRecord,
  of: Actor,
  by: Actor,
  context: { now: Date | string },
): ContactRecord {
  if (record.countersignature !== null) {
    throw new AppError('record-already-countersigned', `This record was already countersigned by ${record.countersignature.byName}.`)
  }
  if (of.personId === record.author.personId) {
    throw new AppError(
      'countersignature-same-person',
      'A countersignature must come from someone other than the record’s author. Choose someone else.',
      { field: 'personId' },
    )
  }
  return {
    ...record,
    countersignatureAsk: { personId: of.personId, name: of.name, askedAt: instant(context.now), byPersonId: by.personId, byName: by.name },
  }
}

/** A dated addendum to an approved record: the record itself does not change; the addendum is added to it. */
export function addAddendum(
  record: ContactRecord,
  input: AddendumInput,
  by: Actor,
  context: { id: string; now: Date | string },
): ContactRecord {
  if (record.status !== 'approved') {
    throw new AppError(
      'record-not-approved',
      'This record is still a draft, so you can change it directly. Addenda are for approved records.',
    )
  }
  const reason = input.reason.trim()
  const text = input.text.trim()
  if (reason === '') {
    throw new AppError(
      'addendum-reason-missing',
      'Say why you are adding to this record, for example “correcting the time of the call”.',
      {
        field: 'reason',
      },
    )
  }
  if (text === '') throw new AppError('addendum-text-missing', 'Write the addendum.', { field: 'text' })
  if (reason.length > 1000 || text.length > 20000) {
    throw new AppError(
      'addendum-too-long',
      'The addendum is too long: keep the reason under 1,000 characters and the text under 20,000.',
      {
        field: reason.length > 1000 ? 'reason' : 'text',
      },
    )
  }
  if (record.addenda.some((a) => a.id === context.id))
    throw new TypeError(`Addendum id ${context.id} is already used`)
  const addendum: Addendum = {
    id: context.id,
    at: instant(context.now),
    byPersonId: by.personId,
    byName: by.name,
    ...(by.role ? { byRole: by.role } : {}),
    reason,
    text,
  }
  return { ...record, addenda: [...record.addenda, addendum] }
}

/** The content of a record (what an approval fixes), for comparisons and exports. */
export { contentOf as recordContent }
