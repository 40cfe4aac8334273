/**
 * The escalation record for the child's file: what was disputed and why, the stages with their
 * deadlines and whether each was met, every approved contact record (with when it was written, who
 * approved and countersigned it, and its addenda), and the outcome with its written confirmation.
 *
 * Wolverhampton (seed 002): "Ensure that at all stages of the process accurate actions and decisions are
 * recorded (on the child’s file)". Drafts are left out and the first page says so.
 */
import type { FileChild } from 'docx'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import type { WorkingCalendar } from '../domain/calendar'
import type { DisputeStatus } from '../domain/disputes'
import {
  approvedRecords,
  childrenTable,
  disputeSummary,
  disputedMatter,
  draftsNotice,
  notificationsTable,
  outcomeBlock,
  recordInFull,
  stageHistoryTable,
  stagesWordOf,
  stepsHeading,
  stepsTable,
} from './blocks'
import { recordRefs } from '../domain/meetings/words'
import { recordLabel } from '../domain/records'
import { chronologyOfDispute } from './chronology'
import { type ExportOptions, MUTED, gap, heading, para, renderDocument, title } from './house-style'

export interface EscalationRecordInput {
  dispute: Dispute
  status: DisputeStatus
  records: readonly ContactRecord[]
  /** Drafts a colleague set aside (a team vault): not part of the record, so neither shown nor counted as awaiting approval. */
  setAside?: ReadonlySet<string>
  children: readonly Child[]
  policy: Policy
  /** The organisation's working calendar, for "N working days over" (default: England and Wales). */
  calendar?: WorkingCalendar
}

export async function escalationRecord(input: EscalationRecordInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, status, policy, children } = input
  const selection = approvedRecords(input.records, input.setAside)
  const steps = stepsTable(dispute, policy, options.now, input.calendar)
  const refs = recordRefs(input.records)

  const body: FileChild[] = [
    title(`Escalation record ${dispute.reference}`),
    para(`For ${children.length === 1 ? 'the child’s file' : 'each child’s file'}. ${dispute.policy.partnership}: ${policy.title}.`, { color: MUTED }),
    ...draftsNotice(selection),
    disputeSummary(dispute, policy, status.position),
    heading('Chronology', 1),
    para('Contacts, escalations, notifications and decisions in the order they happened; a contact’s number (A1, A2…) is its place in Appendix A, where it is given in full.', { color: MUTED }),
    chronologyOfDispute(dispute, policy, input.records),
    heading('Children', 1),
    childrenTable(children, policy),
    heading('The disagreement', 1),
    ...disputedMatter(dispute, policy),
    heading(`${stagesWordOf(policy)} and deadlines`, 1),
    stageHistoryTable(dispute, policy, options.now, input.calendar),
    ...(steps ? [heading(stepsHeading(policy), 2), steps] : []),
    heading('Notifications', 2),
    notificationsTable(dispute, policy),
    heading('Appendix A. The approved contact records in full', 1),
    ...(selection.approved.length === 0
      ? [para('No approved contact records.', { color: MUTED })]
      : selection.approved.flatMap((r) => recordInFull(r, policy, 2, `${refs.get(r.id) ?? ''}. ${recordLabel(r)}`))),
    heading(dispute.status === 'withdrawn' ? 'Withdrawal' : 'Outcome and written confirmation', 1),
    ...outcomeBlock(dispute, policy),
    gap(),
  ]

  return renderDocument(
    {
      title: `Escalation record ${dispute.reference}`,
      subject: `Escalation of a professional disagreement under the ${dispute.policy.partnership} policy`,
      description: `The escalation record of dispute ${dispute.reference} for the child’s file: ${stagesWordOf(policy).toLowerCase()}, deadlines, approved contact records and outcome.`,
      reference: dispute.reference,
      runningTitle: 'Escalation record',
    },
    body,
    options,
  )
}
