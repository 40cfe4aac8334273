/** The stage history, the steps and the notifications against their deadlines, as the documents show them. */
import { type Table } from 'docx'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute, DueItem } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import { stageWordOf } from '../../shared/policy-words'
import { type WorkingCalendar, defaultCalendar } from '../domain/calendar'
import { displayDeadline, notificationsDue, personWords, stagePeople } from '../domain/disputes'
import { type CellContent, dataTable } from './house-style'
import { stageName, stageTimescaleWords, stepTimescaleWords } from './block-words'

// ── stages and deadlines ──────────────────────────────────────────────────────────────────────────

function dueCell(due: DueItem | null): string {
  if (due === null) return 'No timescale'
  return [displayDeadline(due.deadline), due.basis, due.wording ? `(“${due.wording}”)` : '']
    .filter(Boolean)
    .join('\n')
}

/** Who was involved on each side at a stage, where that is known: nothing is printed for a side not recorded. */
function peopleLines(dispute: Dispute, visit: Dispute['stageHistory'][number]): string {
  const people = stagePeople(
    dispute,
    visit.route === 'emergency' || visit.stage === null ? 'emergency' : visit.stage,
  )
  return [
    ...(people.ourSide ? [`Taken up by ${personWords(people.ourSide)}`] : []),
    ...(people.theirSide ? [`With ${personWords(people.theirSide)}`] : []),
  ]
    .map((line) => `\n${line}`)
    .join('')
}

export function stageHistoryTable(
  dispute: Dispute,
  policy: Policy,
  now: string,
  cal: WorkingCalendar = defaultCalendar(),
): Table {
  const rows = dispute.stageHistory.map((v, i): CellContent[] => [
    stageName(policy, v.stage),
    `${formatDateTime(v.enteredAt)}\n${v.enteredBy}${v.reason ? `\n${v.reason}` : ''}${peopleLines(dispute, v)}`,
    v.leftAt ? formatDateTime(v.leftAt) : 'Current',
    dueCell(v.due),
    stageTimescaleWords(dispute, i, now, cal),
  ])
  return dataTable(
    [stageWordOf(policy), 'Entered', 'Left', 'Deadline', 'Against the timescale'],
    rows,
    [2, 1.5, 1.2, 2.3, 1.4],
    {
      size: 18,
    },
  )
}

/** The steps within stages (Wolverhampton's sub-steps, requests' steps), with when each was done. */
export function stepsTable(
  dispute: Dispute,
  policy: Policy,
  now: string,
  cal: WorkingCalendar = defaultCalendar(),
): Table | null {
  const items: { where: string; step: DueItem }[] = [
    ...dispute.stageHistory.flatMap((v) =>
      v.steps.map((step) => ({ where: stageName(policy, v.stage), step })),
    ),
    ...dispute.requests.flatMap((r) => r.steps.map((step) => ({ where: r.title, step }))),
  ]
  if (items.length === 0) return null
  const rows = items.map(({ where, step }): CellContent[] => {
    const done = dispute.stepsDone.find((s) => s.key === step.key)
    return [
      `${step.label}\n(${where})${step.onlyIf ? `\n${step.onlyIf}` : ''}`,
      dueCell(step),
      done ? `${formatDate(done.doneOn)} (${done.by})` : 'Not recorded',
      stepTimescaleWords(step, dispute, now, cal),
    ]
  })
  return dataTable(['Step', 'Due', 'Done', 'Against the timescale'], rows, [3, 2.2, 1.5, 1.3], { size: 18 })
}

export function notificationsTable(dispute: Dispute, policy: Policy): Table {
  const due = notificationsDue(dispute, policy)
  const rows = due.map((n): CellContent[] => {
    const sent = dispute.notificationsSent.find(
      (s) => s.notificationId === n.notificationId && s.stage === n.stage,
    )
    const to = [n.recipient.name, n.recipient.email ?? ''].filter(Boolean).join('\n')
    return [
      `${n.what}${n.form ? `\n(${n.form.colour ? `${n.form.colour} form: ` : ''}${n.form.title})` : ''}`,
      to,
      n.stage !== null ? `${stageWordOf(policy)} ${n.stage}` : '',
      sent
        ? `Sent ${formatDate(sent.sentOn)} by ${sent.by}`
        : n.notNeeded
          ? `Not needed: ${n.notNeeded.reason}`
          : `Not yet sent (owed since ${formatDate(n.owedSince)})`,
    ]
  })
  return dataTable(['What', 'To', 'For', 'Sent'], rows, [3, 2.2, 0.8, 2], {
    size: 18,
    emptyText: 'The policy asks for no notifications in this dispute so far.',
  })
}
