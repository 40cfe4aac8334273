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

/** Whether the record was written more than 24 hours after the contact it records. */
export function isRetrospective(record: Pick<ContactRecord, 'occurredAt' | 'recordedAt'>): boolean {
  return Date.parse(record.recordedAt) - Date.parse(record.occurredAt) > RETROSPECTIVE_AFTER_MS
}

export interface Retrospection {
  retrospective: boolean
  /** recordedAt − occurredAt, in milliseconds. */
  gapMs: number
  /** "Recorded retrospectively — 2 days 3 hours after the event", or null if it was recorded in time. */
  note: string | null
}

/** isRetrospective with the gap, for the note shown on the record and in exports. */
export function retrospection(record: Pick<ContactRecord, 'occurredAt' | 'recordedAt'>): Retrospection {
  const gapMs = Date.parse(record.recordedAt) - Date.parse(record.occurredAt)
  const retrospective = gapMs > RETROSPECTIVE_AFTER_MS
  return {
    retrospective,
    gapMs,
    note: retrospective ? `Recorded retrospectively — ${formatDuration(gapMs)} after the event` : null,
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
