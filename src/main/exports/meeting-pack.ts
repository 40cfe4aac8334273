/**
 * The pack for the final-stage meeting (stage 4 in every built-in policy): a cover page, a contents
 * list, the disagreement and each agency's position, the children, the history against the policy's
 * timescales, the decision sought (or, once resolved, the recorded outcome), the chronology, and every
 * approved record in an appendix numbered A1, A2….
 *
 * The contents list links to each section and gives the records' numbers rather than page numbers: a
 * TOC field's page numbers appear only after Word's "update fields" prompt (and stay empty in
 * LibreOffice until updated), and estimating them with docx/layout cost ~50 × the build time of a long
 * pack. The numbers A1… are the same in every program and on paper.
 */
import {
  AlignmentType,
  Bookmark,
  type FileChild,
  HeadingLevel,
  InternalHyperlink,
  PageBreak,
  Paragraph,
  Table,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { Child } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import { type WorkingCalendar, civilDateInLondon } from '../domain/calendar'
import type { DisputeStatus } from '../domain/disputes'
import { recordLabel } from '../domain/records'
import {
  approvedRecords,
  childrenTable,
  chronologyTable,
  disputeSummary,
  draftsNotice,
  notificationsTable,
  outcomeBlock,
  reasonLabels,
  recordInFull,
  stageHistoryTable,
  stageName,
  stepsTable,
} from './blocks'
import {
  CONTENT_WIDTH,
  type ExportOptions,
  MUTED,
  PROTECTIVE_MARKING,
  TABLE_BORDERS,
  blankCell,
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
  /** The organisation's working calendar, for "N working days over" (default: England and Wales). */
  calendar?: WorkingCalendar
}

interface Section {
  anchor: string
  text: string
}

/** A numbered section heading with a bookmark the contents list links to. */
function sectionHeading(section: Section, options: { pageBreakBefore?: boolean } = {}): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    keepNext: true,
    ...(options.pageBreakBefore ? { pageBreakBefore: true } : {}),
    children: [new Bookmark({ id: section.anchor, children: [run(section.text)] })],
  })
}

function contentsLine(section: Section): Paragraph {
  return new Paragraph({
    spacing: { after: 80 },
    children: [
      new InternalHyperlink({ anchor: section.anchor, children: [new TextRun({ text: section.text, style: 'Hyperlink' })] }),
    ],
  })
}

/** "The dispute was resolved on 10 Nov 2026, by Priya Shah." */
export function closedSentence(dispute: Dispute): string {
  if (dispute.status === 'resolved' && dispute.outcome)
    return `The dispute was resolved on ${formatDate(civilDateInLondon(dispute.outcome.resolvedAt))}, by ${dispute.outcome.resolvedBy}.`
  if (dispute.status === 'withdrawn' && dispute.withdrawal)
    return `The dispute was withdrawn on ${formatDate(civilDateInLondon(dispute.withdrawal.at))}, by ${dispute.withdrawal.by}.`
  return dispute.closedAt
    ? `The dispute was closed on ${formatDate(civilDateInLondon(dispute.closedAt))}.`
    : 'The dispute is open.'
}

export async function meetingPack(input: MeetingPackInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy, status } = input
  const cal = input.calendar
  const finalStage = policy.stages[policy.stages.length - 1]
  const selection = approvedRecords(input.records)
  const me = options.exportedBy
  const other = dispute.otherAgency
  const reasons = reasonLabels(policy, dispute.reasons.ids)
  const steps = stepsTable(dispute, policy, options.now, cal)
  const packTitle = `Stage ${finalStage.number} meeting pack`
  const closed = dispute.status !== 'open'
  const refs = new Map(selection.approved.map((r, i) => [r.id, `A${i + 1}`]))
  const fromThem = selection.approved.filter((r) => r.direction === 'incoming')
  const raising = me.agency ?? 'the raising agency'

  const S = {
    summary: { anchor: 'summary', text: '1. Summary of the disagreement' },
    positions: { anchor: 'positions', text: '2. Each agency’s position' },
    children: { anchor: 'children', text: '3. Children' },
    stages: { anchor: 'stages', text: '4. Stage by stage, against the policy’s timescales' },
    decision: {
      anchor: 'decision',
      text: !closed ? '5. The decision sought' : dispute.status === 'resolved' ? '5. The outcome' : '5. The withdrawal',
    },
    chronology: { anchor: 'chronology', text: '6. Chronology' },
    appendix: { anchor: 'appendix', text: 'Appendix A. The contact records in full' },
  } satisfies Record<string, Section>

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
      ...(closed ? ([['Status', closedSentence(dispute)]] as [string, string][]) : []),
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
    ...Object.values(S).map(contentsLine),
    gap(),
    para(
      selection.approved.length === 0
        ? 'Appendix A is empty: no contact record has been approved.'
        : `Appendix A holds the approved contact records A1 to A${selection.approved.length}, in the order the contacts happened; the chronology in section 6 gives each record’s number.`,
      { color: MUTED, size: 18 },
    ),
  ]

  const positionBox = new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [CONTENT_WIDTH],
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    rows: [new TableRow({ children: [blankCell(CONTENT_WIDTH, { minHeight: 2240 })] })],
  })

  const decision: FileChild[] = closed
    ? [
        para(closedSentence(dispute), { bold: true }),
        para(
          dispute.status === 'resolved'
            ? 'There is no decision for the meeting to take. The recorded outcome:'
            : 'There is no decision for the meeting to take: the dispute was withdrawn.',
        ),
        ...outcomeBlock(dispute, policy),
      ]
    : [
        para(`At ${stageName(policy, finalStage.number)}, the parties are: ${finalStage.parties}.`),
        ...(finalStage.description ? paragraphs(finalStage.description) : []),
        para(`The meeting is asked to decide on the disputed ${dispute.disputed.kind}:`, { bold: true }),
        ...paragraphs(dispute.disputed.description),
        ...(policy.exceptionalRoutes.length > 0
          ? [
              heading('If the meeting cannot resolve it', 2),
              ...policy.exceptionalRoutes.map((r) => bullet(`${r.title} — ${r.decisionMaker}${r.binding ? ' (binding)' : ''}`)),
            ]
          : []),
      ]

  const otherPeople = [other.practitioner, other.role].filter(Boolean).join(', ')
  const body: FileChild[] = [
    sectionHeading(S.summary, { pageBreakBefore: true }),
    disputeSummary(dispute, policy, status.position),
    heading('What is disputed', 2),
    ...paragraphs(dispute.disputed.description),
    sectionHeading(S.positions),
    heading(`${me.agency ?? 'The raising agency'} (raising the disagreement)`, 2),
    ...(reasons.length > 0 ? [para(`Reasons: ${reasons.join('; ')}`, { bold: true })] : []),
    ...(dispute.reasons.text ? paragraphs(dispute.reasons.text) : [para('No reasons recorded.', { color: MUTED })]),
    heading(`${other.agency}${otherPeople ? ` (${otherPeople})` : ''}`, 2),
    para(`The ${dispute.disputed.kind} in dispute is theirs, as described in section 1.`),
    // The records are the raising DSL's notes and do not say who said what: quoting them here would put
    // the DSL's own words in the other agency's mouth.
    para(
      `The contact records are ${raising}’s notes and do not record who said what, so none of their text is given here as ${other.agency}’s position. ${other.agency}’s position, in its own words (for the Chair to complete at the meeting):`,
    ),
    positionBox,
    gap(),
    ...(fromThem.length > 0
      ? [para(`Contacts that ${other.agency} made, in the appendix: ${fromThem.map((r) => refs.get(r.id)).join(', ')}.`, { color: MUTED })]
      : []),
    sectionHeading(S.children),
    childrenTable(input.children, policy),
    sectionHeading(S.stages),
    stageHistoryTable(dispute, policy, options.now, cal),
    ...(steps ? [heading('Steps within the stages', 2), steps] : []),
    heading('Notifications', 2),
    notificationsTable(dispute, policy),
    sectionHeading(S.decision),
    ...decision,
    sectionHeading(S.chronology),
    chronologyTable(selection.approved, refs),
    sectionHeading(S.appendix, { pageBreakBefore: true }),
    ...(selection.approved.length === 0
      ? [para('No approved contact records.', { color: MUTED })]
      : selection.approved.flatMap((r) => recordInFull(r, policy, 3, `${refs.get(r.id)}. ${recordLabel(r)}`))),
  ]

  return renderDocument(
    {
      title: `${packTitle} ${dispute.reference}`,
      runningTitle: packTitle,
      subject: `${finalStage.title} — ${dispute.policy.partnership}`,
      description: `The pack for the stage ${finalStage.number} meeting on dispute ${dispute.reference}: summary, positions, children, history against timescales, ${closed ? 'outcome' : 'decision sought'}, chronology and records.`,
      reference: dispute.reference,
    },
    [...cover, ...body],
    options,
  )
}
