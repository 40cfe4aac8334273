/**
 * The pack for the final-stage meeting (stage 4 in every built-in policy): a cover page, a table of
 * contents, the disagreement and each agency's position, the children, the history against the policy's
 * timescales, the decision sought, the chronology, and every approved record in an appendix.
 *
 * The table of contents is a real TOC field over Heading 1–2; the document asks Word and LibreOffice to
 * update fields on opening so its page numbers are filled in.
 */
import { AlignmentType, type FileChild, PageBreak, Paragraph, TableOfContents } from 'docx'
import type { Child } from '../../shared/children'
import { formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import type { DisputeStatus } from '../domain/disputes'
import { recordLabel } from '../domain/records'
import {
  approvedRecords,
  childrenTable,
  chronologyTable,
  disputeSummary,
  draftsNotice,
  notificationsTable,
  reasonLabels,
  recordInFull,
  stageHistoryTable,
  stageName,
  stepsTable,
} from './blocks'
import {
  type ExportOptions,
  MUTED,
  PROTECTIVE_MARKING,
  bullet,
  detailsTable,
  gap,
  heading,
  para,
  paragraphs,
  renderDocument,
  run,
} from './house-style'

export interface MeetingPackInput {
  dispute: Dispute
  status: DisputeStatus
  records: readonly ContactRecord[]
  children: readonly Child[]
  policy: Policy
  /** The meeting's date and place, if arranged. */
  meeting?: { when?: string; where?: string }
}

export async function meetingPack(input: MeetingPackInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy, status } = input
  const finalStage = policy.stages[policy.stages.length - 1]
  const selection = approvedRecords(input.records)
  const me = options.exportedBy
  const other = dispute.otherAgency
  const reasons = reasonLabels(policy, dispute.reasons.ids)
  const steps = stepsTable(dispute, policy, options.now)
  const packTitle = `Stage ${finalStage.number} meeting pack`

  const cover: FileChild[] = [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({
      alignment: AlignmentType.LEFT,
      children: [run(PROTECTIVE_MARKING, { bold: true, size: 28 })],
      spacing: { after: 480 },
    }),
    new Paragraph({ children: [run(packTitle, { bold: true, size: 56 })], spacing: { after: 240 } }),
    new Paragraph({ children: [run(`${finalStage.title}`, { size: 32 })], spacing: { after: 480 } }),
    detailsTable([
      ['Dispute reference', dispute.reference],
      ['Partnership', dispute.policy.partnership],
      ['Children', input.children.map((c) => c.name).join(', ') || null],
      ['Between', `${me.agency ?? me.name}\nand ${other.agency}`],
      ['Meeting', [input.meeting?.when ?? '', input.meeting?.where ?? ''].filter(Boolean).join('\n') || null],
      ['Prepared by', `${[me.name, me.role].filter(Boolean).join(', ')}\n${formatDateTime(options.now)}`],
    ]),
    gap(240),
    ...draftsNotice(selection),
    para(
      'This pack contains personal information about children. Share it only with those attending the meeting, keep it securely and destroy spare copies after the meeting.',
      { color: MUTED, size: 18 },
    ),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ children: [run('Contents', { bold: true, size: 30 })], spacing: { after: 160 } }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-2' }),
  ]

  const body: FileChild[] = [
    heading('1. Summary of the disagreement', 1, { pageBreakBefore: true }),
    disputeSummary(dispute, policy, status.position),
    heading('What is disputed', 2),
    ...paragraphs(dispute.disputed.description),
    heading('2. Each agency’s position', 1),
    heading(`${me.agency ?? 'The raising agency'} (raising the disagreement)`, 2),
    ...(reasons.length > 0 ? [para(`Reasons: ${reasons.join('; ')}`, { bold: true })] : []),
    ...(dispute.reasons.text ? paragraphs(dispute.reasons.text) : [para('No reasons recorded.', { color: MUTED })]),
    heading(`${other.agency} (${[other.practitioner, other.role].filter(Boolean).join(', ')})`, 2),
    para(`The ${dispute.disputed.kind} in dispute is theirs, as described in section 1.`),
    ...(selection.approved.length > 0
      ? [
          para('What they said, as recorded in the approved contact records:', { bold: true }),
          ...selection.approved
            .filter((r) => r.whatWasSaid.trim() !== '')
            .slice(-5)
            .map((r) => bullet(`${formatDateTime(r.occurredAt)}: ${r.whatWasSaid}`)),
        ]
      : []),
    heading('3. Children', 1),
    childrenTable(input.children, policy),
    heading('4. Stage by stage, against the policy’s timescales', 1),
    stageHistoryTable(dispute, policy, options.now),
    ...(steps ? [heading('Steps within the stages', 2), steps] : []),
    heading('Notifications', 2),
    notificationsTable(dispute, policy),
    heading('5. The decision sought', 1),
    para(`At ${stageName(policy, finalStage.number)}, the parties are: ${finalStage.parties}.`),
    ...(finalStage.description ? paragraphs(finalStage.description) : []),
    para(`The meeting is asked to decide on the ${dispute.disputed.kind} in dispute:`, { bold: true }),
    ...paragraphs(dispute.disputed.description),
    ...(policy.exceptionalRoutes.length > 0
      ? [
          heading('If the meeting cannot resolve it', 2),
          ...policy.exceptionalRoutes.map((r) => bullet(`${r.title} — ${r.decisionMaker}${r.binding ? ' (binding)' : ''}`)),
        ]
      : []),
    heading('6. Chronology', 1),
    chronologyTable(selection.approved),
    heading('Appendix A. The contact records in full', 1, { pageBreakBefore: true }),
    ...(selection.approved.length === 0
      ? [para('No approved contact records.', { color: MUTED })]
      : selection.approved.flatMap((r, i) => recordInFull(r, policy, 3).map((b, j) => (j === 0 ? numbered(r, i) : b)))),
  ]

  return renderDocument(
    {
      title: `${packTitle} ${dispute.reference}`,
      runningTitle: packTitle,
      subject: `${finalStage.title} — ${dispute.policy.partnership}`,
      description: `The pack for the stage ${finalStage.number} meeting on dispute ${dispute.reference}: summary, positions, children, history against timescales, decision sought, chronology and records.`,
      reference: dispute.reference,
    },
    [...cover, ...body],
    options,
    { updateFields: true },
  )
}

/** Appendix entries are numbered A1, A2… so the chronology can be cross-referenced. */
function numbered(r: ContactRecord, i: number): FileChild {
  return heading(`A${i + 1}. ${recordLabel(r)}`, 3)
}
