/**
 * One stage of a dispute for the child's file: the dispute's time at the stage with each deadline and the
 * basis it was set on, every approved record of the stage in full, and how the stage ended. Wolverhampton
 * 2.10: "a record of the intra- and inter-agency discussion … should be placed on the child's record".
 * Drafts are left out, and the first page says how many.
 */
import type { FileChild } from 'docx'
import type { Child } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute, DueItem } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import type { WorkingCalendar } from '../domain/calendar'
import { displayDeadline } from '../domain/disputes'
import { recordLabel } from '../domain/records'
import { type StageOfRecord, draftsLeftOut, stageSelection } from '../domain/signoff'
import { outcomeBlock, recordInFull, stageWordInSentence, recordStageName, stageName, stageTimescaleWords, stepTimescaleWords } from './blocks'
import { type CellContent, type ExportOptions, MUTED, dataTable, gap, heading, notice, para, renderDocument, title } from './house-style'
import { aboutTheDispute } from './record-export'

export interface StageExportInput {
  dispute: Dispute
  policy: Policy
  records: readonly ContactRecord[]
  children: readonly Child[]
  stage: StageOfRecord
  calendar?: WorkingCalendar
}

function dueWords(due: DueItem | null): string {
  if (due === null) return 'No timescale'
  return [displayDeadline(due.deadline), due.basis, due.wording ? `(“${due.wording}”)` : ''].filter(Boolean).join('\n')
}

/** How the dispute's time at the stage ended, in words: escalated to the next, resolved here, withdrawn, or still here. */
function howItEnded(dispute: Dispute, policy: Policy, index: number): FileChild[] {
  const next = dispute.stageHistory[index + 1]
  if (next)
    return [para(`Moved on to ${next.stage === null || next.route === 'emergency' ? stageName(policy, null) : stageName(policy, next.stage)} on ${formatDateTime(next.enteredAt)} (${next.enteredBy})${next.reason ? `: ${next.reason}` : '.'}`)]
  if (dispute.status === 'open') return [para('The dispute is still at this stage.', { color: MUTED })]
  return outcomeBlock(dispute, policy)
}

export async function stageExport(input: StageExportInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy, children, stage } = input
  const selection = stageSelection(dispute, input.records, stage)
  const name = recordStageName(policy, stage)
  const leftOut = draftsLeftOut(selection.drafts)
  const deadlines: CellContent[][] = selection.visits.flatMap(({ visit, index }) => [
    [`${name}\nEntered ${formatDateTime(visit.enteredAt)}${visit.leftAt ? `\nLeft ${formatDateTime(visit.leftAt)}` : ''}`, dueWords(visit.due), stageTimescaleWords(dispute, index, options.now, input.calendar)],
    ...visit.steps.map((step): CellContent[] => {
      const done = dispute.stepsDone.find((s) => s.key === step.key)
      return [`${step.label}${step.onlyIf ? `\n${step.onlyIf}` : ''}${done ? `\nDone ${formatDate(done.doneOn)} (${done.by})` : ''}`, dueWords(step), stepTimescaleWords(step, dispute, options.now, input.calendar)]
    }),
  ])
  const body: FileChild[] = [
    title(name),
    para(`For ${children.length === 1 ? 'the child’s file' : 'each child’s file'}: every approved record of ${stage === 'emergency' ? 'the route' : `this ${stageWordInSentence(policy)}`} of dispute ${dispute.reference}, its deadlines and how it ended.`, { color: MUTED }),
    ...(leftOut ? [notice(leftOut), gap()] : []),
    aboutTheDispute(dispute, policy, children),
    heading('Deadlines', 1),
    dataTable(['What', 'Deadline and its basis', 'Against the timescale'], deadlines, [2.4, 3, 1.6], { size: 18 }),
    heading(`Approved records (${selection.approved.length})`, 1),
    ...(selection.approved.length === 0
      ? [para('No approved contact records at this stage.', { color: MUTED })]
      : selection.approved.flatMap((r, i) => recordInFull(r, policy, 2, `${i + 1}. ${recordLabel(r)}`))),
    heading('How it ended', 1),
    ...selection.visits.flatMap(({ index }) => howItEnded(dispute, policy, index)),
    gap(),
  ]
  return renderDocument(
    {
      title: `${name} ${dispute.reference}`,
      subject: `${name} of dispute ${dispute.reference}`,
      description: `The approved records, deadlines and outcome of ${name} of dispute ${dispute.reference}, for the child’s file.`,
      reference: dispute.reference,
      runningTitle: name,
    },
    body,
    options,
  )
}
