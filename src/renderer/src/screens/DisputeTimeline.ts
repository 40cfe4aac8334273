/** A dispute's timeline: its records and the events of its history, in the order they happened. */
import type { StageVisit } from '../../../shared/dispute'
import type { Policy } from '../../../shared/policy'
import type { DisputeView, RecordView } from '../../../shared/views'
import { formatCivilDate, formatInstant } from '../format'
import { positionName, positionNameInSentence, positionWordsOf } from '../../../shared/policy-words'

/** How the dispute came to each stage or route, as the timeline says it. */
const TIMELINE_HOW: Record<StageVisit['how'], string> = {
  opened: 'Opened',
  startedLater: 'Opened at a later stage',
  escalated: 'Escalated',
  riskRose: 'Risk rose, route taken',
  handedOver: 'Handed over from the route to',
}

export type TimelineItem = { key: string; at: string } & ({ kind: 'record'; record: RecordView } | { kind: 'event'; text: string })

/** Records, stage changes, notifications, requests and the 999 call, in the order they happened. */
export function buildTimeline(view: DisputeView, policy: Policy | undefined): TimelineItem[] {
  const d = view.dispute
  const stepTitle = stepTitles(view)
  const words = positionWordsOf(policy)
  const items: TimelineItem[] = view.records.map((r) => ({ key: `r-${r.id}`, at: r.occurredAt, kind: 'record' as const, record: r }))
  if (d.triage.emergencyCall) items.push({ key: 'call999', at: d.triage.emergencyCall.calledAt, kind: 'event', text: `999 called by ${d.triage.emergencyCall.by}${d.triage.emergencyCall.note ? ` — ${d.triage.emergencyCall.note}` : ''}` })
  const first = d.triage.immediateAction
  if (first) items.push({ key: 'immediate', at: first.doneAt, kind: 'event', text: `Done first, as the policy says (“${first.instruction ?? ''}”), by ${first.by}${first.note ? ` — ${first.note}` : ''}` })
  d.stageHistory.forEach((s, i) =>
    items.push({
      key: `s-${i}`,
      at: s.enteredAt,
      kind: 'event',
      text: `${TIMELINE_HOW[s.how]}: ${s.route === 'emergency' ? positionName(words, 'emergency') : positionNameInSentence(words, s.stage ?? 1)} (by ${s.enteredBy})${s.reason ? ` — ${s.reason}` : ''}${s.due ? `. Due ${formatDue(s.due)}` : ''}`,
    }),
  )
  d.notificationsSent.forEach((n, i) => items.push({ key: `n-${i}`, at: n.recordedAt, kind: 'event', text: `Notification sent on ${formatCivilDate(n.sentOn)}: ${notificationTitle(policy, n.notificationId)}${n.stage ? ` (${positionNameInSentence(words, n.stage)})` : ''} — recorded by ${n.by}${n.note ? ` — ${n.note}` : ''}` }))
  d.requests.forEach((q) => items.push({ key: `q-${q.id}`, at: q.requestedAt, kind: 'event', text: `Requested: ${q.title} (by ${q.by})${q.note ? ` — ${q.note}` : ''}` }))
  d.stepsDone.forEach((s, i) => items.push({ key: `d-${i}`, at: s.recordedAt, kind: 'event', text: `Step done on ${formatCivilDate(s.doneOn)}: ${stepTitle(s.key)} (by ${s.by})` }))
  if (d.outcome) items.push({ key: 'outcome', at: d.outcome.resolvedAt, kind: 'event', text: `Resolved by ${d.outcome.resolvedBy}` })
  if (d.withdrawal) items.push({ key: 'withdrawn', at: d.withdrawal.at, kind: 'event', text: `Withdrawn by ${d.withdrawal.by}` })
  return items.sort((a, b) => a.at.localeCompare(b.at))
}

/**
 * The words for a step's key ("stage-2/step/managers-resolve" → "Stage 2: Managers resolve"), from the
 * deadlines stored with the dispute, so a step of a closed dispute or an older policy version still has
 * its title. Keys are the program's own and mean nothing to a DSL, so they are never shown.
 */
function stepTitles(view: DisputeView): (key: string) => string {
  const titles = new Map<string, string>()
  const add = (due: { key: string; label: string } | null) => due && titles.set(due.key, due.label)
  for (const visit of view.dispute.stageHistory) {
    add(visit.due)
    visit.steps.forEach(add)
  }
  for (const request of view.dispute.requests) request.steps.forEach(add)
  view.status?.dueDates.forEach(add)
  return (key) => titles.get(key) ?? 'a step of the policy'
}

/** Who a notification went to, in the policy's words: "Independent Reviewing Officer, Children's Services". */
function notificationTitle(policy: Policy | undefined, notificationId: string): string {
  const notification = policy?.notifications.find((n) => n.id === notificationId)
  const contact = notification && policy?.contacts.find((c) => c.id === notification.recipient)
  if (!contact) return 'a notification the policy requires'
  return `${contact.name}${contact.organisation ? `, ${contact.organisation}` : ''}`
}

function formatDue(due: NonNullable<DisputeView['dispute']['stageHistory'][number]['due']>): string {
  return due.deadline.kind === 'date' ? formatCivilDate(due.deadline.date) : formatInstant(due.deadline.at)
}
