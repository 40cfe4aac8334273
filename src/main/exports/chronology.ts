/**
 * One chronology of a dispute: its contacts, escalations, notifications and decisions in the order they
 * happened, each contact with its cross-reference (A1, A2…) into the appendix of records in full. The
 * Chair of a stage-4 meeting and a reader of the child's file both need the whole story on one page
 * before the detail; the numbers are those of recordRefs, so every document numbers a record alike.
 */
import type { Table } from 'docx'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import { stageNameInSentence } from '../../shared/policy-words'
import type { ContactRecord } from '../../shared/records'
import { civilDateInLondon } from '../domain/calendar'
import { recordRefs } from '../domain/meetings/words'
import { recordLabel } from '../domain/records'
import { stageName } from './blocks'
import { storedFileNames } from './record-files'
import { type CellContent, dataTable } from './house-style'

export interface ChronologyEntry {
  /** When, as an instant (ISO UTC), or a civil date for what is recorded by day (a notification sent on a day). */
  at: string
  kind: 'contact' | 'escalation' | 'notification' | 'decision'
  what: string
  /** "A3" for a contact record in the appendix; empty for the rest. */
  ref: string
}

const KIND_WORDS: Record<ChronologyEntry['kind'], string> = {
  contact: 'Contact',
  escalation: 'Escalation',
  notification: 'Notification',
  decision: 'Decision',
}

/**
 * Sorts instants and civil dates together. What is recorded only by its day (a notification sent on
 * 2 Nov) goes after that day's timed events: it cannot have come before the dispute was opened that day.
 */
const sortKey = (at: string) => (at.length === 10 ? `${at}T99` : `${civilDateInLondon(at)}T${at}`)

export function chronologyEntries(dispute: Dispute, policy: Policy, records: readonly ContactRecord[]): ChronologyEntry[] {
  const refs = recordRefs(records)
  const notificationWhat = (id: string, stage: number | null) => {
    const n = policy.notifications.find((x) => x.id === id)
    const to = n ? (policy.contacts.find((c) => c.id === n.recipient)?.name ?? n.recipient) : id
    return `${to}${stage !== null ? ` (${stageNameInSentence(policy, stage)})` : ''}`
  }
  const entries: ChronologyEntry[] = [
    ...dispute.stageHistory.map((v, i): ChronologyEntry => ({
      at: v.enteredAt,
      kind: i === 0 ? 'decision' : 'escalation',
      what: i === 0 ? `Dispute opened at ${stageName(policy, v.stage)} by ${v.enteredBy}` : `Escalated to ${stageName(policy, v.stage)} by ${v.enteredBy}${v.reason ? `: ${v.reason}` : ''}`,
      ref: '',
    })),
    ...records
      .filter((r) => refs.has(r.id))
      .map((r): ChronologyEntry => ({
        at: r.occurredAt,
        kind: 'contact',
        what: (r.files ?? []).length > 0 ? `${recordLabel(r)} — files: ${storedFileNames(r)}` : recordLabel(r),
        ref: refs.get(r.id)!,
      })),
    ...dispute.notificationsSent.map((n): ChronologyEntry => ({ at: n.sentOn, kind: 'notification', what: `Sent to ${notificationWhat(n.notificationId, n.stage)} by ${n.by}`, ref: '' })),
    ...dispute.notificationsNotNeeded.map((n): ChronologyEntry => ({
      at: n.recordedAt,
      kind: 'notification',
      what: `Recorded as not needed: ${notificationWhat(n.notificationId, n.stage)}, by ${n.by} — ${n.reason}`,
      ref: '',
    })),
    ...(dispute.outcome ? [{ at: dispute.outcome.resolvedAt, kind: 'decision' as const, what: `Resolved by ${dispute.outcome.resolvedBy}: ${dispute.outcome.summary}`, ref: '' }] : []),
    ...(dispute.withdrawal ? [{ at: dispute.withdrawal.at, kind: 'decision' as const, what: `Withdrawn by ${dispute.withdrawal.by}: ${dispute.withdrawal.reason}`, ref: '' }] : []),
  ]
  // Stable: what happened at the same minute keeps the order above (the opening before its first contact).
  return entries.map((e, i) => ({ e, i })).sort((a, b) => sortKey(a.e.at).localeCompare(sortKey(b.e.at)) || a.i - b.i).map(({ e }) => e)
}

export function chronologyOfDispute(dispute: Dispute, policy: Policy, records: readonly ContactRecord[]): Table {
  const rows = chronologyEntries(dispute, policy, records).map((e): CellContent[] => [
    e.at.length === 10 ? formatDate(e.at) : formatDateTime(e.at),
    KIND_WORDS[e.kind],
    e.what,
    e.ref,
  ])
  return dataTable(['When', 'What', 'Detail', 'Record'], rows, [1.4, 1.1, 4.4, 0.8], { size: 18, emptyText: 'Nothing recorded yet.' })
}
