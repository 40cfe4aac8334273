/**
 * The rapid-resolution log: every effort to reach someone and every conversation on the emergency route,
 * in time order, with the number dialled, whether it was answered, the message left and what came of it.
 * Solihull (seed 000): "A record of each effort to contact and each conversation should be kept."
 * The policy's call ladder (who to ring, in order) is shown beside it, from the policy's data.
 */
import type { FileChild } from 'docx'
import type { Child } from '../../shared/children'
import { formatDateTime, formatTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import type { Policy } from '../../shared/policy'
import { CONTACT_KIND_LABELS, signedBy, type ContactRecord } from '../../shared/records'
import type { WorkingCalendar } from '../domain/calendar'
import type { DisputeStatus } from '../domain/disputes'
import { contactDescription, retrospection, whatEachSideSaid } from '../domain/records'
import { approvedRecords, childrenTable, disputeSummary, draftsNotice, outcomeBlock, stageHistoryTable } from './blocks'
import {
  type CellContent,
  type ExportOptions,
  MUTED,
  dataTable,
  detailsTable,
  gap,
  heading,
  para,
  paragraphs,
  renderDocument,
  title,
} from './house-style'

export interface RapidResolutionLogInput {
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

/** Whether the dispute was ever on the policy's emergency (rapid-resolution) route. */
export function usedEmergencyRoute(dispute: Dispute): boolean {
  return dispute.route === 'emergency' || dispute.stageHistory.some((v) => v.route === 'emergency' || v.stage === null)
}

function answered(r: ContactRecord): string {
  if (r.answered === true) return 'Answered'
  if (r.answered === false) return r.messageLeft ? 'Not answered — message left' : 'Not answered'
  return r.kind === 'voicemail-left' ? 'Message left' : ''
}

function outcome(r: ContactRecord): string {
  return [
    r.messageLeft ? `Message: “${r.messageLeft}”` : '',
    ...whatEachSideSaid(r).map((p) => `${p.speaker}: ${p.text}`),
    r.whatWasAgreed ? `Agreed: ${r.whatWasAgreed}` : '',
    r.nextStep ? `Next: ${r.nextStep}` : '',
  ]
    .filter((s) => s.trim() !== '')
    .join('\n')
}

export async function rapidResolutionLog(input: RapidResolutionLogInput, options: ExportOptions): Promise<Buffer> {
  const { dispute, policy, status } = input
  if (!usedEmergencyRoute(input.dispute)) {
    // An empty log would read as "nobody was rung": say why there is none instead.
    throw new AppError(
      'no-emergency-route',
      `Dispute ${dispute.reference} never used the ${policy.emergencyRoute?.title ?? 'emergency route'}, so it has no log of that route. Export the escalation record instead.`,
    )
  }
  const route = policy.emergencyRoute
  const emergency = input.records.filter((r) => r.stage === 'emergency')
  const selection = approvedRecords(emergency)
  const ladder = route?.callLadder

  const rows = selection.approved.map((r): CellContent[] => {
    const late = retrospection(r)
    return [
      `${formatTime(r.occurredAt)}\n${formatDateTime(r.occurredAt).split(',')[0]}`,
      `${contactDescription(r.contact) || '—'}${r.contact.name && r.contact.role ? `\n${r.contact.role}` : ''}\n${CONTACT_KIND_LABELS[r.kind]}`,
      r.numberDialled,
      answered(r),
      outcome(r),
      `${r.approval ? `${r.approval.byName}\n${formatDateTime(r.approval.at)}` : ''}${late.note ? `\n${late.note}` : ''}${r.addenda.length > 0 ? `\n+ ${r.addenda.length} addend${r.addenda.length === 1 ? 'um' : 'a'} (below)` : ''}`,
    ]
  })

  const addenda = selection.approved.filter((r) => r.addenda.length > 0)
  const body: FileChild[] = [
    title('Rapid-resolution log'),
    para(`${dispute.reference} · ${route?.title ?? 'Emergency route'} · ${dispute.policy.partnership}`, { color: MUTED }),
    ...draftsNotice(selection),
    disputeSummary(dispute, policy, status.position),
    ...(dispute.triage.emergencyCall
      ? [
          gap(),
          detailsTable([
            ['999 called', `${formatDateTime(dispute.triage.emergencyCall.calledAt)} by ${dispute.triage.emergencyCall.by}`],
            ['Note', dispute.triage.emergencyCall.note ?? null],
          ]),
        ]
      : []),
    heading('Every attempt and conversation', 1),
    dataTable(['Time', 'Who', 'Number dialled', 'Answered', 'What was said, left or agreed', 'Approved'], rows, [0.95, 1.7, 1.25, 1.05, 3.1, 1.45], {
      size: 17,
      emptyText: `No approved records on the ${route?.title ?? 'emergency route'}.`,
    }),
    ...(addenda.length > 0
      ? [
          heading('Addenda', 2),
          ...addenda.flatMap((r) =>
            r.addenda.flatMap((a) => [
              para(`${formatDateTime(r.occurredAt)} — addendum of ${formatDateTime(a.at)} by ${signedBy(a.byName, a.byRole)}: ${a.reason}`, { bold: true }),
              ...paragraphs(a.text),
            ]),
          ),
        ]
      : []),
    ...(ladder
      ? [
          heading('The policy’s call ladder', 2),
          para(ladder.appliesWhen),
          dataTable(
            ['Order', 'Who', 'Telephone'],
            [
              ...ladder.rungs.map((id, i): CellContent[] => {
                const c = policy.contacts.find((x) => x.id === id)
                return [String(i + 1), c ? `${c.name}${c.organisation ? `, ${c.organisation}` : ''}` : id, c?.phone ?? '']
              }),
              ...(ladder.outOfHours
                ? [
                    [
                      'Out of hours',
                      `${policy.contacts.find((x) => x.id === ladder.outOfHours!.contact)?.name ?? ''}\n${ladder.outOfHours.instruction}`,
                      policy.contacts.find((x) => x.id === ladder.outOfHours!.contact)?.phone ?? '',
                    ],
                  ]
                : []),
            ],
            [0.8, 4, 1.4],
            { size: 18 },
          ),
          ...(ladder.messageToLeave ? [para(`Message to leave: “${ladder.messageToLeave}”`, { italics: true })] : []),
        ]
      : []),
    heading('Route and deadline', 2),
    stageHistoryTable(dispute, policy, options.now, input.calendar),
    heading(dispute.status === 'withdrawn' ? 'Withdrawal' : 'Outcome', 2),
    ...outcomeBlock(dispute, policy),
    heading('Children', 2),
    childrenTable(input.children, policy),
  ]

  return renderDocument(
    {
      title: `Rapid-resolution log ${dispute.reference}`,
      runningTitle: 'Rapid-resolution log',
      subject: `${route?.title ?? 'Emergency route'} — ${dispute.policy.partnership}`,
      description: `Every effort to contact and every conversation on the ${route?.title ?? 'emergency route'} of dispute ${dispute.reference}.`,
      reference: dispute.reference,
    },
    body,
    options,
  )
}
