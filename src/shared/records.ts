/**
 * Contact records: each effort to reach someone and each conversation in a dispute.
 *
 * Wolverhampton (seed 002, 2.9): "The professionals involved in the resolution process must accurately and
 * contemporaneously record each intra- and inter-agency discussion they have, and approve and date the
 * record." Solihull's rapid resolution (seed 000): "A record of each effort to contact and each
 * conversation should be kept." So a record is written as a draft, approved (named and dated) by its
 * author, optionally countersigned, and after approval only ever added to, by dated addenda.
 *
 * Shared with the renderer: zod only, no Node, no DOM.
 */
import { z } from 'zod'
import { CivilDate, Instant } from './dates'
import { MAX_FILES_PER_RECORD, RecordFile } from './record-files'
import { TypedLondonDateTime } from './date-entry'

// ── kinds ────────────────────────────────────────────────────────────────────────────────────────

export const CONTACT_KINDS = [
  'phone-call',
  'voicemail-left',
  'email-sent',
  'email-received',
  'meeting',
  'letter',
  'text-message',
  'failed-attempt',
] as const
export const ContactKind = z.enum(CONTACT_KINDS, { error: 'Choose what kind of contact this was' })
export type ContactKind = z.infer<typeof ContactKind>

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  'phone-call': 'Phone call',
  'voicemail-left': 'Voicemail left',
  'email-sent': 'Email sent',
  'email-received': 'Email received',
  meeting: 'Meeting',
  letter: 'Letter',
  'text-message': 'Text message',
  'failed-attempt': 'Failed attempt to make contact',
}

/**
 * Kinds in which something passed between the DSL and the other person, so what was said (by them, by
 * us, or both, as the kind allows) must be written before the record is approved. (A phone call marked
 * as not answered is exempt.)
 */
export const KINDS_WITH_CONTENT: readonly ContactKind[] = [
  'phone-call',
  'meeting',
  'email-sent',
  'email-received',
  'letter',
  'text-message',
]

/** Kinds that show the phone-ladder fields: number dialled, answered, message left. */
export const PHONE_KINDS: readonly ContactKind[] = ['phone-call', 'voicemail-left', 'failed-attempt']

export const DIRECTIONS = ['outgoing', 'incoming', 'in-person'] as const
export const Direction = z.enum(DIRECTIONS, { error: 'Choose who made the contact' })
export type Direction = z.infer<typeof Direction>
export const DIRECTION_LABELS: Record<Direction, string> = {
  outgoing: 'Outgoing (I contacted them)',
  incoming: 'Incoming (they contacted me)',
  'in-person': 'In person',
}

/** A stage number of the partnership's procedure, or the emergency (rapid resolution) route. */
export const RecordStage = z.union([z.number().int().min(1), z.literal('emergency')], {
  error: 'Choose the stage this record belongs to',
})
export type RecordStage = z.infer<typeof RecordStage>

// ── parts ────────────────────────────────────────────────────────────────────────────────────────

const text = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` })

/** Who was spoken to (or written to, or tried). Any part may be blank in a draft. */
export const ContactPerson = z.object({
  name: text(200),
  role: text(200),
  agency: text(200),
  phone: text(40),
  email: text(254),
  /** The directory entry this person was picked from, if any. */
  directoryId: z.string().max(100).nullable(),
})
export type ContactPerson = z.infer<typeof ContactPerson>

export const EMPTY_CONTACT_PERSON: ContactPerson = {
  name: '',
  role: '',
  agency: '',
  phone: '',
  email: '',
  directoryId: null,
}

/** A document noted by reference: the app does not copy it, it records where it is kept. */
export const AttachmentReference = z.object({
  fileName: text(260).refine((s) => s.trim() !== '', { error: 'Give the file or document a name' }),
  /** Where it is held, e.g. "CPOMS, Sam's file" or "school safeguarding drive". */
  heldAt: text(500),
})
export type AttachmentReference = z.infer<typeof AttachmentReference>

/**
 * Who signed, as the vault held them when they signed: person id, the name in their key slot and the
 * role held for them. `role` is optional so records signed before roles were held still read; a later
 * rename or change of role never rewrites them.
 */
const SignerRole = z.string().min(1).max(120)
export const RecordAuthor = z.object({ personId: z.string().min(1), name: z.string().min(1).max(200), role: SignerRole.optional() })
export type RecordAuthor = z.infer<typeof RecordAuthor>

export const Signature = z.object({ byPersonId: z.string().min(1), byName: z.string().min(1), byRole: SignerRole.optional(), at: Instant })
export type Signature = z.infer<typeof Signature>

/** A countersignature asked of a named person of the vault, who gives it signed in as themselves. */
export const CountersignatureAsk = z.object({
  personId: z.string().min(1),
  name: z.string().min(1),
  askedAt: Instant,
  byPersonId: z.string().min(1),
  byName: z.string().min(1),
})
export type CountersignatureAsk = z.infer<typeof CountersignatureAsk>

/** A stored signer as the screens and exports print it: "Sam Patel (Deputy DSL)", or the name alone when no role was held. */
export const signedBy = (name: string, role: string | undefined): string => (role ? `${name} (${role})` : name)

export const Addendum = z.object({
  id: z.string().min(1),
  at: Instant,
  byPersonId: z.string().min(1),
  byName: z.string().min(1),
  byRole: SignerRole.optional(),
  reason: text(1000),
  text: text(20000),
})
export type Addendum = z.infer<typeof Addendum>

// ── who said what ────────────────────────────────────────────────────────────────────────────────

/**
 * Which of the two "said" boxes a kind of contact has. A conversation (a call, a meeting) has both; a
 * message one way has only its sender's: a voicemail we left or an email we sent only what we said, an
 * email received only what they said; a letter or a text message goes by its direction. A failed
 * attempt reached no one, so only our side can have said anything (a note of what we tried to say).
 */
export function saidBoxes(kind: ContactKind, direction: Direction): { theySaid: boolean; weSaid: boolean } {
  switch (kind) {
    case 'phone-call':
    case 'meeting':
      return { theySaid: true, weSaid: true }
    case 'voicemail-left':
    case 'email-sent':
    case 'failed-attempt':
      return { theySaid: false, weSaid: true }
    case 'email-received':
      return { theySaid: true, weSaid: false }
    case 'letter':
    case 'text-message':
      return { theySaid: direction !== 'outgoing', weSaid: direction !== 'incoming' }
  }
}

/** The other party as a speaker, in a few words: their name, else their role and agency, else "the other party". */
function speakerName(contact: Pick<ContactPerson, 'name' | 'role' | 'agency'>): string {
  const name = contact.name.trim()
  if (name !== '') return name
  const parts = [contact.role.trim(), contact.agency.trim()].filter((p) => p !== '')
  return parts.length > 0 ? parts.join(', ') : 'the other party'
}

/** The label of the other party's box on the form: "What Dr Amy Jones said". */
export const theySaidLabel = (contact: Pick<ContactPerson, 'name' | 'role' | 'agency'>): string => `What ${speakerName(contact)} said`
export const WE_SAID_LABEL = 'What you said'
export const LEGACY_SAID_LABEL = 'What was said (speaker not recorded)'

/**
 * Who spoke, as an export prints it before their words: "Dr Amy Jones (Social worker, Children's
 * Services)", the role and agency alone where no name was noted.
 */
export function speakerAttribution(contact: Pick<ContactPerson, 'name' | 'role' | 'agency'>): string {
  const name = contact.name.trim()
  const about = [contact.role.trim(), contact.agency.trim()].filter((p) => p !== '').join(', ')
  if (name === '') return about === '' ? 'The other party' : about
  return about === '' ? name : `${name} (${about})`
}

// ── the record ───────────────────────────────────────────────────────────────────────────────────

/** What the author writes and may change while the record is a draft. */
export const ContactRecordContent = z.object({
  kind: ContactKind,
  stage: RecordStage,
  /** When the contact happened (or was attempted). */
  occurredAt: Instant,
  contact: ContactPerson,
  direction: Direction,
  /** What the other party (the record's `contact`) said, in their words as noted. */
  theySaid: text(20000),
  /** What our side said. Kept apart from `theySaid` so that no one's words are ever read as another's. */
  weSaid: text(20000),
  whatWasAgreed: text(20000),
  nextStep: text(2000),
  /** The date the next step is due by, if one was set. */
  nextStepBy: CivilDate.nullable(),
  attachments: z.array(AttachmentReference).max(100),
  /** Phone-ladder efforts (Solihull rapid resolution): the number rung, whether it was answered, any message left. */
  numberDialled: text(40),
  answered: z.boolean().nullable(),
  messageLeft: text(2000),
})
export type ContactRecordContent = z.infer<typeof ContactRecordContent>

export const CONTENT_FIELDS = Object.keys(ContactRecordContent.shape) as (keyof ContactRecordContent)[]

export const RecordStatus = z.enum(['draft', 'approved'])
export type RecordStatus = z.infer<typeof RecordStatus>

export const ContactRecord = ContactRecordContent.extend({
  id: z.string().min(1),
  disputeId: z.string().min(1),
  /** When the record was first written (the draft created): compared with occurredAt to flag late records. */
  recordedAt: Instant,
  author: RecordAuthor,
  status: RecordStatus,
  approval: Signature.nullable(),
  countersignature: Signature.nullable(),
  /**
   * Whom a countersignature was asked of (dispute document format 4): kept after it is given, as part of
   * the record's history. Null when none was asked; absent only on a record built outside the case log.
   */
  countersignatureAsk: CountersignatureAsk.nullable().optional(),
  /**
   * Files stored in the vault with the record (dispute document format 5; see ./record-files). Absent
   * only on a record built outside the case log.
   */
  files: z.array(RecordFile).max(MAX_FILES_PER_RECORD).optional(),
  addenda: z.array(Addendum),
  /**
   * What was said, on a record written before records held who said it (dispute format 2 and earlier):
   * one text whose speaker was not recorded. Shown and exported marked "speaker not recorded" and never
   * used as anyone's position. Absent on every record written since; no input can set it.
   */
  whatWasSaid: text(20000).optional(),
})
export type ContactRecord = z.infer<typeof ContactRecord>

/**
 * The form's answers for a new draft: what, when and which stage are needed; the rest may follow.
 * When the contact happened arrives as the person typed it (date, time, and the clock in the autumn
 * hour); parsing turns it into the stored instant, so a time that never existed cannot be stored.
 */
/**
 * The single unattributed text of older records can no longer be written: a caller still sending it is
 * refused rather than having its words silently dropped.
 */
const NoUnattributedText = z
  .never({ error: 'What was said is now written as two texts: theySaid (what the other party said) and weSaid (what we said)' })
  .optional()

export const ContactRecordDraftInput = ContactRecordContent.omit({ occurredAt: true })
  .partial()
  .required({ kind: true, stage: true })
  .extend({
    occurredAt: TypedLondonDateTime,
    contact: ContactPerson.partial().optional(),
    whatWasSaid: NoUnattributedText,
  })
export type ContactRecordDraftInput = z.output<typeof ContactRecordDraftInput>

/** Changes to a draft: any content field (the time as typed, as for a new draft). */
export const ContactRecordChanges = ContactRecordContent.omit({ occurredAt: true })
  .partial()
  .extend({
    occurredAt: TypedLondonDateTime.optional(),
    contact: ContactPerson.partial().optional(),
    whatWasSaid: NoUnattributedText,
  })
export type ContactRecordChanges = z.output<typeof ContactRecordChanges>

export const AddendumInput = z.object({ reason: text(1000), text: text(20000) })
export type AddendumInput = z.infer<typeof AddendumInput>
