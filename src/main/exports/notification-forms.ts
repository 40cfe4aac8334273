/**
 * The documents a policy's notifications ask for, in the partnership's own layout. Where a notification
 * names a form (St Helens' Orange, Green, Blue and Pink stage forms), the form is laid out from the
 * policy's form data: its title band in the form's colour, then its fields in order, exactly as labelled.
 * Where it names none (Solihull's Business Manager and IRO notifications), a notification letter gives the
 * recipient what the policy says to send. Which notification is due, and for which stage, is the domain's
 * answer (notificationsDue); nothing here knows a partnership.
 */
import { CheckBox, type FileChild, Paragraph, Table, TableLayoutType, TableRow, WidthType } from 'docx'
import type { Child } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import { type ChildIdentifier, identifiersInWords } from '../../shared/identifiers'
import type { Form, FormField, Policy } from '../../shared/policy'
import { stageNameInSentence, stageWordOf } from '../../shared/policy-words'
import type { ContactRecord } from '../../shared/records'
import { type WorkingCalendar, civilDateInLondon } from '../domain/calendar'
import { type NotificationOwed, displayDeadline, notificationsDue } from '../domain/disputes'
import { defaultNoticeIdentifiers } from '../domain/notice-identifiers'
import {
  approvedRecords,
  childrenTable,
  disputedMatter,
  draftsNotice,
  outcomeBlock,
  stageHistoryTable,
  stageName,
} from './blocks'
import { type FieldValue, type FormFillContext, fieldValue } from './form-fill'
import { addressee, childrenConcerned } from './wording'
import {
  CELL_MARGINS,
  CONTENT_WIDTH,
  type ExportOptions,
  MUTED,
  blankCell,
  bullet,
  cell,
  detailsTable,
  formColour,
  gap,
  heading,
  line,
  para,
  paragraphs,
  renderDocument,
  TABLE_BORDERS,
  run,
  title,
  widths,
} from './house-style'

export interface NotificationDocumentInput {
  dispute: Dispute
  policy: Policy
  children: readonly Child[]
  records: readonly ContactRecord[]
  notificationId: string
  /** For a notification owed at each stage: which stage. Omitted: the first (or only) one due. */
  stage?: number | null
  /** The organisation's working calendar, for "N working days over" (default: England and Wales). */
  calendar?: WorkingCalendar
  /** Which identifiers the notice gives besides the name (the DSL's choice); absent: the policy's default. */
  identifiers?: readonly ChildIdentifier[]
}

export interface FormDocumentInput {
  dispute: Dispute
  policy: Policy
  children: readonly Child[]
  formId: string
  /** The stage the form is for, if any. */
  stage?: number | null
  /** Where to send it, shown under the form. */
  sendTo?: { name: string; email?: string }
  sentOn?: string
  /** Which identifiers the form gives; absent: all it asks for. */
  identifiers?: readonly ChildIdentifier[]
}

// ── the form ──────────────────────────────────────────────────────────────────────────────────────

/** 9.5 pt: a partnership's form fits one page with two children's identifiers. */
const FORM_TEXT = 19

function valueCell(field: FormField, value: FieldValue, width: number) {
  switch (value.kind) {
    case 'blank':
      return blankCell(width, { minHeight: field.kind === 'longText' ? 1400 : 0 })
    case 'text':
      return cell(value.text, width, { size: FORM_TEXT })
    case 'ticks':
      return cell(
        value.options.map(
          (o) =>
            new Paragraph({
              spacing: { after: 0 },
              // A Word check box (a content control) that a person can tick or untick, showing ☒ or ☐.
              children: [
                new CheckBox({ checked: o.ticked, alias: o.label }),
                run(' ', { size: FORM_TEXT }),
                run(o.label, { size: FORM_TEXT }),
                ...(o.detail ? [run(`: ${o.detail}`, { italics: true, size: FORM_TEXT })] : []),
              ],
            }),
        ),
        width,
      )
  }
}

function labelContent(field: FormField): Paragraph {
  return new Paragraph({
    children: [
      run(field.label, { bold: true, size: FORM_TEXT }),
      ...(field.hint ? [run(` ${field.hint}`, { italics: true, size: 16, color: MUTED })] : []),
    ],
  })
}

/**
 * The form's body: the coloured title band, then one row per field, in the policy's order. The band is
 * the fields table's header row, so it repeats at the top of every page the form runs onto and no
 * page of a form is left without its colour and title. No row is cantSplit (see dataTable).
 */
export function formBlocks(form: Form, ctx: FormFillContext, sendTo?: { name: string; email?: string }): FileChild[] {
  const colour = formColour(form.colour)
  const w = widths([0.42, 0.58])
  const band = new TableRow({
    tableHeader: true,
    children: [
      cell(
        [
          new Paragraph({
            keepNext: true,
            children: [run(form.title, { bold: true, size: 30, color: colour.onBand })],
            spacing: { after: 40 },
          }),
          ...(form.subtitle
            ? [new Paragraph({ keepNext: true, children: [run(form.subtitle, { bold: true, size: 22, color: colour.onBand })] })]
            : []),
          ...(form.note ? [new Paragraph({ keepNext: true, children: [run(form.note, { size: 19, color: colour.onBand })] })] : []),
          ...(form.colour
            ? [new Paragraph({ keepNext: true, children: [run(`${form.colour} form`, { size: 16, color: colour.onBand })] })]
            : []),
        ],
        CONTENT_WIDTH,
        { fill: colour.band, span: 2 },
      ),
    ],
  })
  const rows = form.fields.map(
    (field) =>
      new TableRow({
        children: [cell(labelContent(field), w[0], { fill: colour.tint }), valueCell(field, fieldValue(field, ctx), w[1])],
      }),
  )
  const fields = new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: [band, ...rows],
  })
  return [
    para(ctx.policy.partnership, { color: MUTED, size: 18 }, { spacingAfter: 60 }),
    fields,
    gap(60),
    ...(sendTo
      ? [para(`Send to: ${sendTo.name}${sendTo.email ? ` — ${sendTo.email}` : ''}`, { bold: true }, { spacingAfter: 60 })]
      : []),
    para(
      `Prepared from dispute ${ctx.dispute.reference}. Empty boxes are answers the log does not hold: complete them by hand before sending.`,
      { color: MUTED, size: 17 },
    ),
  ]
}

export async function formDocument(input: FormDocumentInput, options: ExportOptions): Promise<Buffer> {
  const form = input.policy.forms.find((f) => f.id === input.formId)
  if (!form) {
    throw new AppError('form-unknown', `The ${input.policy.partnership} policy has no form “${input.formId}”.`)
  }
  const ctx: FormFillContext = {
    dispute: input.dispute,
    policy: input.policy,
    children: input.children,
    options,
    stage: input.stage ?? null,
    ...(input.sentOn ? { sentOn: input.sentOn } : {}),
    ...(input.identifiers ? { identifiers: input.identifiers } : {}),
  }
  return renderDocument(
    {
      title: `${form.colour ? `${form.colour} ` : ''}${form.title} ${input.dispute.reference}`,
      runningTitle: `${form.colour ? `${form.colour} ` : ''}${form.title}`,
      subject: `${form.title} — ${input.policy.partnership}`,
      description: `The ${form.title} of the ${input.policy.partnership}, completed from dispute ${input.dispute.reference}.`,
      reference: input.dispute.reference,
    },
    formBlocks(form, ctx, input.sendTo),
    options,
  )
}

// ── the notification ──────────────────────────────────────────────────────────────────────────────

export function findNotification(
  dispute: Dispute,
  policy: Policy,
  notificationId: string,
  stage?: number | null,
): NotificationOwed & { sent: boolean } {
  const due = notificationsDue(dispute, policy).filter(
    (n) => n.notificationId === notificationId && (stage === undefined || n.stage === stage),
  )
  if (due.length === 0) {
    throw new AppError(
      'notification-not-due',
      `The ${policy.partnership} policy does not ask for this notification in dispute ${dispute.reference}${stage ? ` at ${stageNameInSentence(policy, stage)}` : ''}.`,
    )
  }
  return due[0]
}

export async function notificationDocument(input: NotificationDocumentInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy } = input
  const owed = findNotification(dispute, policy, input.notificationId, input.stage)
  const sent = dispute.notificationsSent.find((s) => s.notificationId === owed.notificationId && s.stage === owed.stage)
  const sendTo = { name: owed.recipient.name, ...(owed.recipient.email ? { email: owed.recipient.email } : {}) }
  const identifiers = input.identifiers ?? defaultNoticeIdentifiers(policy, owed.notificationId)
  // Only the children whose circumstances make the notice owed (all of them where none does).
  const children = childrenConcerned(policy, owed.notificationId, input.children).children
  if (owed.form) {
    // A stage's form (St Helens' Orange at stage 1) is for that stage, whatever stage the dispute is at now:
    // its "raised with" is whom the matter sat with then.
    const rule = policy.notifications.find((n) => n.id === owed.notificationId)
    const atStage = rule && 'atStage' in rule.when ? rule.when.atStage : null
    return formDocument(
      {
        dispute,
        policy,
        children,
        identifiers,
        formId: owed.form.id,
        stage: owed.stage ?? atStage ?? dispute.currentStage,
        sendTo,
        ...(sent ? { sentOn: sent.sentOn } : {}),
      },
      options,
    )
  }
  return notificationLetter({ ...input, identifiers }, owed, sent?.sentOn, options)
}

async function notificationLetter(
  input: NotificationDocumentInput,
  owed: NotificationOwed,
  sentOn: string | undefined,
  options: ExportOptions,
): Promise<Buffer> {
  const { dispute, policy } = input
  const notification = policy.notifications.find((n) => n.id === owed.notificationId)
  const selection = approvedRecords(input.records)
  const agreed = selection.approved.filter((r) => r.whatWasAgreed.trim() !== '')
  const me = options.exportedBy
  const recipient = owed.recipient
  // "Notification to the Independent Reviewing Officer", not "to The child's … (via CPRU)".
  const to = `the ${addressee(recipient.name)}`
  // Only the children whose circumstances make the notice owed, with only their identifiers.
  const concerned = childrenConcerned(policy, owed.notificationId, input.children)
  const one = concerned.children.length === 1
  const body: FileChild[] = [
    title(`Notification to ${to}`),
    para(`${policy.partnership}: ${policy.title}`, { color: MUTED }),
    ...draftsNotice(selection),
    detailsTable([
      [
        'To',
        [recipient.name, recipient.organisation ?? '', recipient.email ?? '', recipient.phone ?? '']
          .filter(Boolean)
          .join('\n'),
      ],
      [
        'From',
        [[me.name, me.role ?? ''].filter(Boolean).join(', '), me.agency ?? '', me.contactDetails ?? '']
          .filter(Boolean)
          .join('\n'),
      ],
      ['Date', formatDate(sentOn ?? civilDateInLondon(options.now))],
      ['Dispute reference', dispute.reference],
      [one ? 'Child' : 'Children', concerned.children.map((c) => c.name).join(', ') || null],
      [stageWordOf(policy), owed.stage !== null ? stageName(policy, owed.stage) : stageName(policy, dispute.currentStage)],
      ['How to send', owed.how ?? null],
      ...(owed.by ? ([['Sent by', owed.by]] as [string, string][]) : []),
    ]),
    heading('What this notification is', 1),
    para(owed.what),
    para(owed.reason),
    ...(notification?.source
      ? [line([run('The policy says: ', { bold: true }), run(`“${notification.source.quote}”`, { italics: true })])]
      : []),
    ...(concerned.because
      ? [para(`This notification is owed because ${concerned.because}. It gives ${one ? 'that child’s' : 'those children’s'} details only.`, { bold: true })]
      : []),
    para(`Of ${one ? 'the child’s' : 'each child’s'} identifiers, it gives the ${identifiersInWords(input.identifiers ?? [])} only.`, { color: MUTED }),
    heading(one ? 'The child' : 'The children', 1),
    childrenTable(concerned.children, policy, input.identifiers ?? []),
    heading('The disagreement', 1),
    ...disputedMatter(dispute, policy),
    heading('Escalation so far', 1),
    stageHistoryTable(dispute, policy, options.now, input.calendar),
    heading('Agreements reached', 1),
    ...(agreed.length === 0
      ? [para('No agreement recorded yet.', { color: MUTED })]
      : agreed.map((r) => bullet(`${formatDateTime(r.occurredAt)} — ${r.whatWasAgreed}`))),
    ...(dispute.status !== 'open'
      ? [heading(dispute.status === 'withdrawn' ? 'Withdrawal' : 'Outcome', 1), ...outcomeBlock(dispute, policy)]
      : []),
  ]
  return renderDocument(
    {
      title: `Notification to ${to} ${dispute.reference}`,
      runningTitle: `Notification to ${to}`,
      subject: owed.what,
      description: `${owed.reason}. Dispute ${dispute.reference} under the ${policy.partnership} policy.`,
      reference: dispute.reference,
    },
    body,
    options,
  )
}

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
