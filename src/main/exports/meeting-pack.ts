/**
 * The pack for the final-stage meeting (stage 4 in every built-in policy). Before the meeting: a cover,
 * a contents list, the disagreement, the meeting's arrangements, the question for decision, each agency's
 * position in its own words (only what that agency stated, or what its people said as the records
 * attribute it), the children, what happened at each stage against the policy's timescales, the decision
 * sought, the chronology and every approved record in an appendix numbered A1, A2…. Once the meeting's
 * decision is signed off (or the dispute closed), the same document is the record of the meeting: the
 * decision record (or the recorded outcome) in place of the decision sought, never asking for a decision
 * already taken.
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
import type { Meeting } from '../../shared/meetings'
import type { Policy } from '../../shared/policy'
import { type ContactRecord, signedBy } from '../../shared/records'
import { type WorkingCalendar, civilDateInLondon } from '../domain/calendar'
import type { DisputeStatus } from '../domain/disputes'
import { meetingRules, recordRefs, stageSummaries } from '../domain/meetings'
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
  stageWordInSentence,
  stepsHeading,
  stepsTable,
} from './blocks'
import { stageName as stageLabel, stageNameInSentence, stageWordOf } from '../../shared/policy-words'
import { chairWords, decisionRecordBlock, meetingDetails, meetingWhen, positionBlock, questionSection, stageStory } from './meeting-sections'
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
  /** Drafts a colleague set aside (a team vault): not part of the record, so neither shown nor counted as awaiting approval. */
  setAside?: ReadonlySet<string>
  children: readonly Child[]
  policy: Policy
  /** The meeting as arranged and recorded in the app (null or absent: none arranged yet). */
  meeting?: Meeting | null
  /** Where no meeting is recorded in the app: its date and place as typed on the export screen. */
  arrangement?: { when?: string; where?: string }
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

/** Empty lines in a form cell, for handwriting. */
const writingSpace = (lines: number): Paragraph[] => Array.from({ length: lines }, () => new Paragraph({ children: [] }))

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
  const rules = meetingRules(policy)
  const meeting = input.meeting ?? null
  const signedOff = meeting?.signOff ? meeting : null
  const selection = approvedRecords(input.records, input.setAside)
  const me = options.exportedBy
  const other = dispute.otherAgency
  const reasons = reasonLabels(policy, dispute.reasons.ids)
  const steps = stepsTable(dispute, policy, options.now, cal)
  const closed = dispute.status !== 'open'
  const decided = closed || signedOff !== null
  const packTitle = decided ? `Record of the ${stageNameInSentence(policy, finalStage.number)} meeting` : `${stageLabel(policy, finalStage.number)} meeting pack`
  const refs = recordRefs(input.records)
  const fromThem = selection.approved.filter((r) => r.direction === 'incoming')
  const raising = meeting?.positions.raising.agency.trim() || me.agency || 'the raising agency'
  const otherName = meeting?.positions.other.agency.trim() || other.agency

  const S = {
    summary: { anchor: 'summary', text: '1. Summary of the disagreement' },
    meeting: { anchor: 'meeting', text: '2. The meeting' },
    question: { anchor: 'question', text: '3. The question for decision' },
    positions: { anchor: 'positions', text: '4. Each agency’s position' },
    children: { anchor: 'children', text: '5. Children' },
    stages: { anchor: 'stages', text: `6. ${stageWordOf(policy)} by ${stageWordInSentence(policy)}, against the policy’s timescales` },
    decision: {
      anchor: 'decision',
      text: signedOff ? '7. The decision record' : !closed ? '7. The decision sought' : dispute.status === 'resolved' ? '7. The outcome' : '7. The withdrawal',
    },
    chronology: { anchor: 'chronology', text: '8. Chronology' },
    appendix: { anchor: 'appendix', text: 'Appendix A. The contact records in full' },
  } satisfies Record<string, Section>

  const when = meetingWhen(meeting) ?? input.arrangement?.when ?? ''
  const where = meeting?.place || input.arrangement?.where || ''
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
      ['Between', `${raising}\nand ${otherName}`],
      ['Meeting', [when, where].filter(Boolean).join('\n') || null],
      ...(meeting && chairWords(meeting, rules) ? ([['Chair', chairWords(meeting, rules)]] as [string, string][]) : []),
      ...(closed ? ([['Status', closedSentence(dispute)]] as [string, string][]) : []),
      ...(signedOff?.signOff
        ? ([['Decision signed off', `${signedBy(signedOff.signOff.byName, signedOff.signOff.byRole)}, ${formatDateTime(signedOff.signOff.at)}`]] as [string, string][])
        : []),
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
        : `Appendix A holds the approved contact records A1 to A${selection.approved.length}, in the order the contacts happened; the chronology in section 8 gives each record’s number.`,
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

  const decision: FileChild[] = signedOff
    ? [...decisionRecordBlock(signedOff, rules), ...(closed ? [gap(), para(closedSentence(dispute)), ...outcomeBlock(dispute, policy)] : [])]
    : closed
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
          ...paragraphs(meeting?.question.trim() ? meeting.question : dispute.disputed.description),
          para('The decision record (for the Chair to complete):', { bold: true }),
          // Room to write by hand: the Chair completes it at the meeting.
          detailsTable([
            ['Decision', writingSpace(5)],
            ['Rationale', writingSpace(5)],
            ['Actions, owners and dates', writingSpace(5)],
            ['Feeds back to the practitioners', writingSpace(2)],
            ...rules.reportsTo.map((to): [string, Paragraph[]] => [`Reports to the ${to}`, writingSpace(2)]),
          ]),
          ...(policy.exceptionalRoutes.length > 0
            ? [
                heading('If the meeting cannot resolve it', 2),
                ...policy.exceptionalRoutes.map((r) => bullet(`${r.title} — ${r.decisionMaker}${r.binding ? ' (binding)' : ''}`)),
              ]
            : []),
        ]

  const otherPeople = [other.practitioner, other.role].filter(Boolean).join(', ')
  const theirs = positionBlock(meeting?.positions.other ?? null, 'other', input.records, refs)
  const ours = positionBlock(meeting?.positions.raising ?? null, 'raising', input.records, refs)
  const body: FileChild[] = [
    sectionHeading(S.summary, { pageBreakBefore: true }),
    disputeSummary(dispute, policy, status.position),
    heading('What is disputed', 2),
    ...paragraphs(dispute.disputed.description),
    sectionHeading(S.meeting),
    ...meetingDetails(meeting, rules),
    sectionHeading(S.question),
    ...questionSection(dispute, meeting, raising, decided),
    sectionHeading(S.positions),
    heading(`${raising} (raising the disagreement)`, 2),
    ...(reasons.length > 0 ? [para(`Reasons: ${reasons.join('; ')}`, { bold: true })] : []),
    ...(dispute.reasons.text ? paragraphs(dispute.reasons.text) : [para('No reasons recorded.', { color: MUTED })]),
    ...ours,
    heading(`${otherName}${otherPeople ? ` (${otherPeople})` : ''}`, 2),
    para(`The ${dispute.disputed.kind} in dispute is theirs, as described in section 1.`),
    // Only words the records attribute to this agency's people, or the position it stated, are given as
    // its position: a record whose speaker was not recorded holds the DSL's notes, not theirs.
    ...(theirs.length > 0
      ? theirs
      : [
          para(
            `No position of ${otherName} is recorded in its own words: records whose speaker was not recorded are ${raising}’s notes, so none of their text is given here as ${otherName}’s position. ${otherName}’s position, in its own words (for the Chair to complete at the meeting):`,
          ),
          positionBox,
        ]),
    gap(),
    ...(fromThem.length > 0
      ? [para(`Contacts that ${otherName} made, in the appendix: ${fromThem.map((r) => refs.get(r.id)).join(', ')}.`, { color: MUTED })]
      : []),
    sectionHeading(S.children),
    childrenTable(input.children, policy),
    sectionHeading(S.stages),
    heading(`What happened at each ${stageWordInSentence(policy)}`, 2),
    ...stageStory(stageSummaries(dispute, policy, input.records, meeting), policy),
    heading('Against the policy’s timescales', 2),
    stageHistoryTable(dispute, policy, options.now, cal),
    ...(steps ? [heading(stepsHeading(policy), 2), steps] : []),
    heading('Notifications', 2),
    notificationsTable(dispute, policy),
    sectionHeading(S.decision),
    ...decision,
    sectionHeading(S.chronology),
    chronologyTable(selection.approved, refs, policy),
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
      description: `The ${decided ? 'record of the' : 'pack for the'} ${stageNameInSentence(policy, finalStage.number)} meeting on dispute ${dispute.reference}: summary, the meeting, the question, positions, children, history against timescales, ${signedOff ? 'decision record' : closed ? 'outcome' : 'decision sought'}, chronology and records.`,
      reference: dispute.reference,
    },
    [...cover, ...body],
    options,
  )
}
