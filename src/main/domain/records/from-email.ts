/**
 * An email the DSL dropped on a dispute, as a draft contact record. Pure: the file has been read and
 * parsed already (src/main/mail/read-email.ts); this decides what the record says.
 *
 * Wolverhampton (seed 002, 2.10): "a record of the intra- and inter-agency discussion and any other
 * written communication should be placed on the child's record". So the email becomes a draft "email
 * received" or "email sent" record with who wrote to whom, when, the subject and the words of the email;
 * the DSL reviews and approves it as any other record. The email file itself is noted by reference, as
 * other documents are.
 */
import { AppError } from '../../../shared/errors'
import type { DirectoryEntry } from '../../../shared/directory'
import { formatDateTime } from '../../../shared/dates'
import type { AttachmentReference, ContactPerson, ContactRecordDraftInput, RecordStage } from '../../../shared/records'

export interface EmailAddress {
  name: string
  address: string
}

/** What was read from the email file: only what a record needs. */
export interface ReadEmail {
  fileName: string
  from: EmailAddress | null
  to: EmailAddress[]
  cc: EmailAddress[]
  /** When it was sent, as an ISO instant; null if the file does not say. */
  sentAt: string | null
  subject: string
  /** The body as plain text (an HTML body already turned into text). */
  body: string
  /** Names of the files attached to it. */
  attachments: string[]
}

/** The most a record's "said" box holds (ContactRecordContent.theySaid / weSaid). */
const SAID_LIMIT = 20_000
const MAX_ATTACHMENT_REFERENCES = 100

const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase() && a.trim() !== ''

/** "Dr Amy Jones <amy.jones@example.gov.uk>", or whichever half is known. */
export function addressLine(a: EmailAddress): string {
  if (a.name && a.address) return `${a.name} <${a.address}>`
  return a.name || a.address
}

/** The other party as a record's contact: the directory's entry when their address is in it, else the email's own words. */
function contactFor(address: EmailAddress, directory: readonly DirectoryEntry[]): ContactPerson {
  const entry = directory.find((e) => sameAddress(e.email, address.address))
  if (entry)
    return { name: entry.name, role: entry.role, agency: entry.agency, phone: entry.phone, email: entry.email, directoryId: entry.id }
  return { name: address.name.slice(0, 200), role: '', agency: '', phone: '', email: address.address.slice(0, 254), directoryId: null }
}

/** The header lines and body, cut to the box's size with a note saying where the rest is. */
function emailText(email: ReadEmail): string {
  const lines = [
    `Subject: ${email.subject || '(no subject)'}`,
    `From: ${email.from ? addressLine(email.from) : '(not given)'}`,
    `To: ${email.to.map(addressLine).join('; ') || '(not given)'}`,
    ...(email.cc.length > 0 ? [`Cc: ${email.cc.map(addressLine).join('; ')}`] : []),
    ...(email.sentAt ? [`Sent: ${formatDateTime(email.sentAt)}`] : []),
    ...(email.attachments.length > 0 ? [`Attachments: ${email.attachments.join(', ')}`] : []),
  ]
  const full = `${lines.join('\n')}\n\n${email.body.trim()}`
  if (full.length <= SAID_LIMIT) return full
  const note = `\n\n[The email is longer than a record holds: the rest is in the original, “${email.fileName}”.]`
  return full.slice(0, SAID_LIMIT - note.length) + note
}

export interface EmailDraftContext {
  /** The DSL's own addresses (each person's profile): an email from one of them is one they sent. */
  ownAddresses: readonly string[]
  directory: readonly DirectoryEntry[]
  stage: RecordStage
  /** Where the email file is kept, for its reference on the record: the folder it was dropped from. */
  heldAt: string
}

/**
 * The draft a dropped email makes. Refused if the email gives no date, since when it was sent is what
 * the record's timeline and deadlines rest on.
 */
export function draftFromEmail(email: ReadEmail, context: EmailDraftContext): ContactRecordDraftInput {
  if (!email.sentAt)
    throw new AppError('email-no-date', `“${email.fileName}” does not say when it was sent, so nothing was saved. Log it with “Log a contact” and enter the date yourself.`)
  const sent = email.from !== null && context.ownAddresses.some((own) => sameAddress(own, email.from!.address))
  // An email we sent is a contact with its first recipient found in the directory, else its first recipient.
  const recipients = [...email.to, ...email.cc]
  const other = sent
    ? (recipients.find((r) => context.directory.some((e) => sameAddress(e.email, r.address))) ?? recipients[0] ?? null)
    : email.from
  const text = emailText(email)
  const attachments: AttachmentReference[] = [
    { fileName: email.fileName.slice(0, 260), heldAt: context.heldAt.slice(0, 500) },
    ...email.attachments.map((name) => ({
      fileName: name.slice(0, 260) || 'Unnamed attachment',
      heldAt: `Attached to the email “${email.fileName}”`.slice(0, 500),
    })),
  ].slice(0, MAX_ATTACHMENT_REFERENCES)
  return {
    kind: sent ? 'email-sent' : 'email-received',
    direction: sent ? 'outgoing' : 'incoming',
    stage: context.stage,
    occurredAt: email.sentAt,
    contact: other ? contactFor(other, context.directory) : undefined,
    ...(sent ? { weSaid: text } : { theySaid: text }),
    attachments,
  }
}
