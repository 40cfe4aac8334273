/**
 * Deadlines for Outlook: which calendar events an export holds, and which it cancels. Pure: the disputes'
 * deadlines come in (as the domain already worked them out), the events go out; src/main/exports/
 * calendar-ics.ts writes them as an .ics file.
 *
 * Issue 18: "one event each, titled by dispute reference and stage, the basis in the description, no child
 * names unless the DSL chooses … stable UIDs, and deadlines that have closed since the last export sent as
 * cancelled with the same UID". So a UID is made of the dispute's id and the deadline's stable key (never
 * a name), the last export's events are kept in the vault, and one no longer open is sent again cancelled.
 */
import type { Deadline } from '../../shared/dispute'
import type { CalendarExported } from '../../shared/ipc'
import type { DueView } from '../../shared/views'

export interface DisputeDeadlines {
  disputeId: string
  reference: string
  childNames: string[]
  dueDates: DueView[]
}

export interface CalendarEvent {
  uid: string
  disputeId: string
  summary: string
  description: string
  deadline: Deadline
  /** Raised each time the event changes, so a calendar takes the newer copy (RFC 5545 SEQUENCE). */
  sequence: number
  cancelled: boolean
}

export interface CalendarPlan {
  events: CalendarEvent[]
  /** What to keep in the vault as "the last export" once the file is written. */
  exported: CalendarExported[]
}

export const eventUid = (disputeId: string, key: string): string => `${disputeId}.${key}@escalation-log`

const sameDeadline = (a: Deadline, b: Deadline): boolean =>
  a.kind === 'date' ? b.kind === 'date' && a.date === b.date : b.kind === 'instant' && a.at === b.at

/**
 * The events of an export of `disputes` (every open dispute, or one). `previous` is the last export's
 * events; those of the disputes in scope that are no longer open deadlines are cancelled, and those of
 * disputes out of scope are kept as they were.
 */
export function calendarPlan(
  disputes: readonly DisputeDeadlines[],
  previous: readonly CalendarExported[],
  options: { scope: 'all' | { disputeId: string }; withChildNames: boolean },
): CalendarPlan {
  const before = new Map(previous.map((p) => [p.uid, p]))
  const inScope = (disputeId: string): boolean => options.scope === 'all' || options.scope.disputeId === disputeId
  const events: CalendarEvent[] = []
  for (const d of disputes) {
    if (!inScope(d.disputeId)) continue
    for (const due of d.dueDates) {
      if (due.state === 'done') continue
      const uid = eventUid(d.disputeId, due.key)
      const last = before.get(uid)
      const summary = `${d.reference}: ${due.label}`
      const changed = last !== undefined && (last.cancelled || !sameDeadline(last.deadline, due.deadline) || last.summary !== summary)
      const description = [
        due.basis,
        ...(due.onlyIf ? [`Only if: ${due.onlyIf}`] : []),
        ...(due.wording ? [`The policy says: ${due.wording}`] : []),
        ...(options.withChildNames && d.childNames.length > 0 ? [`Child: ${d.childNames.join(', ')}`] : []),
      ].join('\n')
      events.push({ uid, disputeId: d.disputeId, summary, description, deadline: due.deadline, sequence: last ? last.sequence + (changed ? 1 : 0) : 0, cancelled: false })
    }
  }
  const open = new Set(events.map((e) => e.uid))
  for (const last of previous) {
    if (!inScope(last.disputeId) || open.has(last.uid) || last.cancelled) continue
    events.push({ ...last, description: 'This deadline is no longer open in Escalation Log.', sequence: last.sequence + 1, cancelled: true })
  }
  const kept = previous.filter((p) => !inScope(p.disputeId) && !p.cancelled)
  // Events cancelled now are kept once (so a deadline that opens again goes on from their sequence); those
  // cancelled by an earlier export are dropped, so the list does not grow with the years.
  const exported = [...kept, ...events].map(({ uid, disputeId, summary, deadline, sequence, cancelled }) => ({ uid, disputeId, summary, deadline, sequence, cancelled }))
  return { events, exported }
}
