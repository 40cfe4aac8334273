/**
 * How a contact record is named and flagged wherever it is shown: in lists, in a dispute's gates
 * ("approve the draft: Phone call with Jo Bloggs on 3 Dec 2026, 10:15") and in exports.
 */
import { formatDateTime, formatDuration } from '../../../shared/dates'
import { type ContactPerson, type ContactRecord, LEGACY_SAID_LABEL, speakerAttribution } from '../../../shared/records'

/** More than this between the contact and the writing of its record, and the record is retrospective. */
export const RETROSPECTIVE_AFTER_MS = 24 * 60 * 60 * 1000

/** Who a record is with, in a few words: the name, else the role and agency, else ''. */
export function contactDescription(contact: ContactPerson): string {
  const name = contact.name.trim()
  if (name !== '') return name
  const parts = [contact.role.trim(), contact.agency.trim()].filter((p) => p !== '')
  return parts.join(', ')
}

function headline(record: Pick<ContactRecord, 'kind' | 'direction'>, who: string): string {
  const incoming = record.direction === 'incoming'
  const [what, preposition] = ((): [string, string] => {
    switch (record.kind) {
      case 'phone-call':
        return ['Phone call', 'with']
      case 'voicemail-left':
        return ['Voicemail left', 'for']
      case 'email-sent':
        return ['Email sent', 'to']
      case 'email-received':
        return ['Email received', 'from']
      case 'meeting':
        return ['Meeting', 'with']
      case 'letter':
        return incoming ? ['Letter received', 'from'] : ['Letter sent', 'to']
      case 'text-message':
        return incoming ? ['Text message', 'from'] : ['Text message', 'to']
      case 'failed-attempt':
        return ['Failed attempt to contact', '']
    }
  })()
  if (who === '') return record.kind === 'failed-attempt' ? 'Failed attempt to make contact' : what
  return preposition === '' ? `${what} ${who}` : `${what} ${preposition} ${who}`
}

/** "Phone call with Jo Bloggs on 3 Dec 2026, 10:15" (the time in England). */
export function recordLabel(
  record: Pick<ContactRecord, 'kind' | 'direction' | 'contact' | 'occurredAt'>,
): string {
  return `${headline(record, contactDescription(record.contact))} on ${formatDateTime(record.occurredAt)}`
}

/**
 * A record made from an email file (the email itself is stored with it) is the email's own words, written when it
 * was sent: adding it to the log days later does not make its account a recollection. So it is not retrospective,
 * but its note still says when the entry was made.
 */
const fromEmail = (record: Pick<ContactRecord, 'files'>): boolean => (record.files ?? []).some((f) => f.source === 'email')

type Timing = Pick<ContactRecord, 'occurredAt' | 'recordedAt' | 'files'>

/** Whether the record was written more than 24 hours after the contact it records (never one made from an email). */
export function isRetrospective(record: Timing): boolean {
  return retrospection(record).retrospective
}

export interface Retrospection {
  retrospective: boolean
  /** recordedAt − occurredAt, in milliseconds. */
  gapMs: number
  /**
   * "Recorded retrospectively — 2 days 3 hours after the event"; for an email added to the log more than 24 hours
   * after it was sent, when it was added and that its words are the email's; null if recorded within 24 hours.
   */
  note: string | null
}

/** isRetrospective with the gap, for the note shown on the record and in exports. */
export function retrospection(record: Timing): Retrospection {
  const gapMs = Date.parse(record.recordedAt) - Date.parse(record.occurredAt)
  const late = gapMs > RETROSPECTIVE_AFTER_MS
  const email = late && fromEmail(record)
  return {
    retrospective: late && !email,
    gapMs,
    note: !late
      ? null
      : email
        ? `Added to the log ${formatDuration(gapMs)} after the email was sent. The date and time are the email’s, and its words are the email’s own, not written from memory.`
        : `Recorded retrospectively — ${formatDuration(gapMs)} after the event`,
  }
}

/**
 * What the other party said in this record, in their own words as noted — the only text of a record that
 * may stand for the other agency's position. Null when they said nothing recorded, and on a record written
 * before speakers were recorded: its single text (`whatWasSaid`) might be anyone's, so it is never theirs.
 * Our own words (`weSaid`) are never returned.
 */
export function wordsOfTheOtherAgency(record: Pick<ContactRecord, 'theySaid'>): string | null {
  const words = record.theySaid.trim()
  return words === '' ? null : words
}

export interface SaidPassage {
  /** Who spoke, as printed before their words: "Dr Amy Jones (Social worker, Children's Services) said". */
  speaker: string
  text: string
  /** Whose words: the other party's, ours, or a record from before speakers were recorded. */
  side: 'theirs' | 'ours' | 'not-recorded'
}

/**
 * What was said in a record, each passage attributed, the other party's first: what every export prints.
 * A record from before speakers were recorded gives its one text marked "speaker not recorded".
 */
export function whatEachSideSaid(record: Pick<ContactRecord, 'contact' | 'theySaid' | 'weSaid' | 'whatWasSaid'>): SaidPassage[] {
  const out: SaidPassage[] = []
  if (record.theySaid.trim() !== '') out.push({ speaker: `${speakerAttribution(record.contact)} said`, text: record.theySaid, side: 'theirs' })
  if (record.weSaid.trim() !== '') out.push({ speaker: 'We said', text: record.weSaid, side: 'ours' })
  const legacy = record.whatWasSaid ?? ''
  if (legacy.trim() !== '') out.push({ speaker: LEGACY_SAID_LABEL, text: legacy, side: 'not-recorded' })
  return out
}
