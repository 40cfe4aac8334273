/**
 * One signed-off contact record for the child's file, as on screen: its content, who wrote, approved and
 * countersigned it, the countersignature asked for, the retrospective flag, the documents it notes and
 * every addendum. Solihull, stage 1: "Any action agreed should be recorded … and saved on the child's
 * file held by each involved agency". A draft never reaches here (domain/signoff.ts refuses it by name).
 */
import type { FileChild } from 'docx'
import type { Child } from '../../shared/children'
import { formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import { recordLabel } from '../domain/records'
import { recordInFull, recordStageName } from './blocks'
import { type ExportOptions, MUTED, type CellContent, detailsTable, gap, heading, para, renderDocument, title } from './house-style'

export interface RecordExportInput {
  dispute: Dispute
  policy: Policy
  record: ContactRecord
  children: readonly Child[]
}

/** The dispute the record belongs to, in a few lines: enough to file it on the right child. */
export function aboutTheDispute(dispute: Dispute, policy: Policy, children: readonly Child[]): FileChild {
  const rows: [string, CellContent | null][] = [
    ['Dispute', dispute.reference],
    ['Policy', `${dispute.policy.partnership}: ${policy.title}`],
    [children.length === 1 ? 'Child' : 'Children', children.map((c) => c.name).join('\n') || null],
    ['Disagreement with', [dispute.otherAgency.practitioner, dispute.otherAgency.role, dispute.otherAgency.agency].filter((s) => s && s.trim() !== '').join(', ') || null],
  ]
  return detailsTable(rows, { labelFraction: 0.24 })
}

export async function recordExport(input: RecordExportInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy, record, children } = input
  const ask = record.countersignatureAsk
  const body: FileChild[] = [
    title('Signed-off contact record'),
    para(`For ${children.length === 1 ? 'the child’s file' : 'each child’s file'}: ${recordLabel(record)}, ${recordStageName(policy, record.stage)}.`, { color: MUTED }),
    aboutTheDispute(dispute, policy, children),
    gap(),
    heading('The record', 1),
    ...recordInFull(record, policy, 2),
    ...(ask
      ? [para(`A countersignature was asked of ${ask.name} by ${ask.byName} on ${formatDateTime(ask.askedAt)}${record.countersignature ? '; it has been given.' : '; it has not been given yet.'}`, { color: MUTED })]
      : []),
  ]
  return renderDocument(
    {
      title: `Contact record ${dispute.reference}`,
      subject: `A signed-off contact record of dispute ${dispute.reference}`,
      description: `One approved contact record of dispute ${dispute.reference} for the child’s file, with its approval, countersignature and addenda.`,
      reference: dispute.reference,
      runningTitle: 'Signed-off contact record',
    },
    body,
    options,
  )
}
