/**
 * The documents a policy's notifications ask for, in the partnership's own layout. Where a notification
 * names a form (St Helens' Orange, Green, Blue and Pink stage forms), it is that form, laid out from the
 * policy's form data (./partnership-form.ts).
 * Where it names none (Solihull's Business Manager and IRO notifications), a notification letter gives the
 * recipient what the policy says to send. Which notification is due, and for which stage, is the domain's
 * answer (notificationsDue); nothing here knows a partnership.
 */
import type { FileChild } from 'docx'
import type { Child } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import { type ChildIdentifier, identifiersInWords } from '../../shared/identifiers'
import type { Policy } from '../../shared/policy'
import { stageNameInSentence, stageWordOf } from '../../shared/policy-words'
import type { ContactRecord } from '../../shared/records'
import { type WorkingCalendar, civilDateInLondon } from '../domain/calendar'
import { type NotificationOwed, notificationsDue } from '../domain/disputes'
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
import { addressee, childrenConcerned } from './wording'
import {
  type ExportOptions,
  MUTED,
  bullet,
  detailsTable,
  heading,
  line,
  para,
  renderDocument,
  run,
  title,
} from './house-style'
import { formDocument } from './partnership-form'

export interface NotificationDocumentInput {
  dispute: Dispute
  policy: Policy
  children: readonly Child[]
  records: readonly ContactRecord[]
  /** Drafts a colleague set aside (a team vault): not part of the record, so neither shown nor counted as awaiting approval. */
  setAside?: ReadonlySet<string>
  notificationId: string
  /** For a notification owed at each stage: which stage. Omitted: the first (or only) one due. */
  stage?: number | null
  /** The organisation's working calendar, for "N working days over" (default: England and Wales). */
  calendar?: WorkingCalendar
  /** Which identifiers the notice gives besides the name (the DSL's choice); absent: the policy's default. */
  identifiers?: readonly ChildIdentifier[]
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
  const selection = approvedRecords(input.records, input.setAside)
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
