/**
 * The written record of a dispute's agreed outcome: the policy's outcome form where it has one, otherwise
 * a written confirmation between the parties.
 */
import { type FileChild, Table, TableLayoutType, TableRow, WidthType } from 'docx'
import type { Child } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import type { Policy } from '../../shared/policy'
import { stageWordOf } from '../../shared/policy-words'
import type { ContactRecord } from '../../shared/records'
import { displayDeadline, notificationsDue } from '../domain/disputes'
import { stageName } from './blocks'
import {
  CELL_MARGINS,
  CONTENT_WIDTH,
  type ExportOptions,
  MUTED,
  blankCell,
  bullet,
  cell,
  detailsTable,
  heading,
  para,
  paragraphs,
  renderDocument,
  TABLE_BORDERS,
  title,
  widths,
} from './house-style'
import { formDocument } from './partnership-form'

// ── the outcome ───────────────────────────────────────────────────────────────────────────────────

export interface OutcomeDocumentInput {
  dispute: Dispute
  policy: Policy
  children: readonly Child[]
  records: readonly ContactRecord[]
}

/**
 * The written record of the agreed outcome: the policy's outcome form where it has one (St Helens'
 * Purple Resolution Outcome Form), otherwise a written confirmation between the parties (Wolverhampton,
 * seed 002: "written confirmation between the parties about an agreed outcome of the disagreement").
 */
export async function outcomeDocument(input: OutcomeDocumentInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy } = input
  if (dispute.status !== 'resolved' || dispute.outcome === null) {
    throw new AppError(
      'dispute-not-resolved',
      `Dispute ${dispute.reference} has no agreed outcome yet: record the outcome first.`,
    )
  }
  if (policy.outcomeForm) {
    const n = notificationsDue(dispute, policy).find((x) => x.form?.id === policy.outcomeForm)
    const sent = n
      ? dispute.notificationsSent.find((s) => s.notificationId === n.notificationId && s.stage === n.stage)
      : undefined
    return formDocument(
      {
        dispute,
        policy,
        children: input.children,
        formId: policy.outcomeForm,
        stage: dispute.outcome.stageReached,
        ...(n ? { sendTo: { name: n.recipient.name, ...(n.recipient.email ? { email: n.recipient.email } : {}) } } : {}),
        ...(sent ? { sentOn: sent.sentOn } : {}),
      },
      options,
    )
  }
  return writtenConfirmation(input, options)
}

async function writtenConfirmation(input: OutcomeDocumentInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy } = input
  const outcome = dispute.outcome!
  const me = options.exportedBy
  const other = dispute.otherAgency
  // Steps of the stage at which it was resolved that apply only once agreed ("Where a resolution is reached").
  const outstanding = (dispute.stageHistory[dispute.stageHistory.length - 1]?.steps ?? [])
    .filter((s) => s.onlyIf !== undefined && !dispute.stepsDone.some((d) => d.key === s.key))
  const sig = widths([1.6, 2, 1.6, 1])
  const signatures = new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: sig,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: [
      new TableRow({
        tableHeader: true,
        children: ['Name', 'Agency', 'Signature', 'Date'].map((h, i) => cell(h, sig[i], { bold: true, fill: 'DEE0E2' })),
      }),
      ...[
        [me.name, me.agency ?? ''],
        // Whoever agreed the outcome signs for the other agency (recorded since the resolve form asks), else
        // the person who confirmed it in writing — never the practitioner it was first raised with.
        [outcome.agreement?.agreedBy ?? outcome.writtenConfirmation.from, other.agency],
      ].map(
        ([name, agency]) =>
          // Kept with the next row rather than cantSplit (see dataTable): the signatures stay together.
          new TableRow({
            children: [
              cell(name, sig[0], { keepNext: true }),
              agency ? cell(agency, sig[1], { keepNext: true }) : blankCell(sig[1], { keepNext: true }),
              blankCell(sig[2], { minHeight: 700, keepNext: true }),
              blankCell(sig[3], { keepNext: true }),
            ],
          }),
      ),
    ],
  })
  const body: FileChild[] = [
    title('Written confirmation of the agreed outcome'),
    para(`${policy.partnership}: ${policy.title}`, { color: MUTED }),
    detailsTable([
      ['Dispute reference', dispute.reference],
      ['Between', `${[me.name, me.role].filter(Boolean).join(', ')}${me.agency ? `, ${me.agency}` : ''}\nand ${[other.practitioner, other.role].filter(Boolean).join(', ')}, ${other.agency}`],
      ['Children', input.children.map((c) => c.name).join(', ') || null],
      ['Disagreement arose on', formatDate(dispute.disagreementOn)],
      [`${stageWordOf(policy)} reached`, outcome.route === 'emergency' ? stageName(policy, null) : stageName(policy, outcome.stageReached)],
      ['Agreed on', outcome.agreement ? `${formatDate(outcome.agreement.reachedOn)} by ${outcome.agreement.agreedBy}` : formatDateTime(outcome.resolvedAt)],
      ['Confirmed in writing', `${formatDate(outcome.writtenConfirmation.receivedOn)} by ${outcome.writtenConfirmation.from}`],
    ]),
    heading('What was disputed', 1),
    ...paragraphs(dispute.disputed.description),
    heading('The agreed outcome', 1),
    ...paragraphs(outcome.summary),
    ...(outcome.needsToChange ? [heading('What needs to change', 2), ...paragraphs(outcome.needsToChange)] : []),
    ...(outcome.lessonsToForward ? [heading('Lessons to forward', 2), ...paragraphs(outcome.lessonsToForward)] : []),
    // Wolverhampton key principle 8: how any outstanding issues will be pursued. Blank to complete where not recorded.
    heading('How any outstanding issues will be pursued', 2),
    ...(outcome.outstandingIssues?.trim()
      ? paragraphs(outcome.outstandingIssues)
      : [detailsTable([['Outstanding issues', null]], { labelFraction: 0.3 })]),
    ...(outstanding.length > 0
      ? [
          heading('Still to do under the policy', 2),
          ...outstanding.map((s) => bullet(`${s.label.replace(new RegExp(`^${stageWordOf(policy)} \\d+: `), '')} (${s.onlyIf ?? ''}) — by ${displayDeadline(s.deadline)}`)),
        ]
      : []),
    ...(policy.recordKeeping.length > 0
      ? [
          heading('What the policy asks to be recorded', 2),
          ...policy.recordKeeping.map((r) => bullet(`${r.what}${r.where ? ` (${r.where})` : ''}`)),
        ]
      : []),
    heading('Confirmed by', 1),
    signatures,
  ]
  return renderDocument(
    {
      title: `Written confirmation of the agreed outcome ${dispute.reference}`,
      runningTitle: 'Written confirmation of the agreed outcome',
      subject: `Agreed outcome of dispute ${dispute.reference}`,
      description: `Written confirmation between the parties of the agreed outcome of dispute ${dispute.reference} under the ${policy.partnership} policy.`,
      reference: dispute.reference,
    },
    body,
    options,
  )
}
