/**
 * Whose words a contact record holds, and the numbers (A1, A2…) by which the meeting and its pack cite
 * the records.
 *
 * A record holds what the other agency's people said (`theySaid`) and what we said (`weSaid`) as separate,
 * attributed text. A record written before that change has only `whatWasSaid`, whoever spoke ("speaker not
 * recorded"): it is never anyone's position, because quoting it would put the DSL's own words in the other
 * agency's mouth.
 */
import type { ContactRecord } from '../../../shared/records'
import { wordsOfTheOtherAgency } from '../records'

export { wordsOfTheOtherAgency }

/** What our side said, as the record attributes it; null where it records nothing of ours. */
export function wordsOfOurAgency(record: Pick<ContactRecord, 'weSaid'>): string | null {
  const words = record.weSaid.trim()
  return words === '' ? null : words
}

/** The approved records in the order the contacts happened: the order the pack's appendix numbers them in. */
export function citedRecords(records: readonly ContactRecord[]): ContactRecord[] {
  return records
    .filter((r) => r.status === 'approved' && r.approval !== null)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt))
}

/** Record id → "A1", "A2"… as the pack's appendix numbers them. */
export function recordRefs(records: readonly ContactRecord[]): Map<string, string> {
  return new Map(citedRecords(records).map((r, i) => [r.id, `A${i + 1}`]))
}
