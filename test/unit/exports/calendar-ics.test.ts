/**
 * Issue 18, "Deadlines in Outlook": "Export an .ics calendar of every open deadline (one event each, titled by
 * dispute reference and stage, the basis in the description, no child names unless the DSL chooses) … all-day
 * events for date deadlines, timed events in Europe/London for hour deadlines; stable UIDs, and deadlines that
 * have closed since the last export sent as cancelled with the same UID". Parsed back with ical.js, an
 * independent parser.
 */
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { calendarPlan, eventUid, type DisputeDeadlines } from '../../../src/main/domain/calendar-export'
import { calendarIcs } from '../../../src/main/exports/calendar-ics'
import type { DueView } from '../../../src/shared/views'

const due = (over: Partial<DueView> & Pick<DueView, 'key' | 'label' | 'deadline'>): DueView => ({
  basis: 'Stage 2: 2 working days from stage 1 on 3 Jun 2026',
  display: '',
  state: 'pending',
  overdueByWorkingDays: 0,
  ...over,
})

const DISPUTES: DisputeDeadlines[] = [
  {
    disputeId: 'd1',
    reference: 'ESC-2026-0001',
    childNames: ['Amy Example'],
    dueDates: [
      due({ key: 'stage-2', label: 'Stage 2', deadline: { kind: 'date', date: '2026-06-05' } }),
      // Wolverhampton (seed 002): "the issue must be referred in writing within 24 hours" — an hour deadline, in BST.
      due({ key: 'stage-3/step/refer-in-writing', label: 'Stage 3: refer in writing', deadline: { kind: 'instant', at: '2026-06-04T16:00:00.000Z' }, basis: '24 hours from the end of the line managers’ discussions' }),
      due({ key: 'stage-1', label: 'Stage 1', deadline: { kind: 'date', date: '2026-06-03' }, state: 'done' }),
    ],
  },
  {
    disputeId: 'd2',
    reference: 'ESC-2026-0002',
    childNames: ['Kai Brennan'],
    dueDates: [due({ key: 'stage-1', label: 'Stage 1', deadline: { kind: 'instant', at: '2026-12-03T10:30:00.000Z' }, basis: 'Within 24 hours' })],
  },
]

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v)
    return { uid: event.uid, summary: event.summary, description: event.description, start: event.startDate, end: event.endDate, status: v.getFirstPropertyValue('status'), sequence: event.sequence }
  })
}

const NOW = new Date('2026-06-03T12:00:00Z')

describe('the .ics of open deadlines', () => {
  it('holds one event per open deadline: all-day for a date, timed in Europe/London for an hour', () => {
    const plan = calendarPlan(DISPUTES, [], { scope: 'all', withChildNames: false })
    const events = parse(calendarIcs(plan.events, { name: 'Escalation deadlines', now: NOW }))
    expect(events.map((e) => e.uid)).toEqual([eventUid('d1', 'stage-2'), eventUid('d1', 'stage-3/step/refer-in-writing'), eventUid('d2', 'stage-1')])

    const [allDay, bst, gmt] = events
    expect(allDay!.summary).toBe('ESC-2026-0001: Stage 2')
    expect(allDay!.description).toBe('Stage 2: 2 working days from stage 1 on 3 Jun 2026')
    expect(allDay!.start.isDate).toBe(true)
    expect(allDay!.start.toString()).toBe('2026-06-05')

    // 16:00 UTC is 17:00 in London in June: the event ends at 17:00 BST.
    expect(bst!.start.isDate).toBe(false)
    expect(bst!.end.zone?.tzid).toBe('Europe/London')
    expect([bst!.end.hour, bst!.end.minute]).toEqual([17, 0])
    expect(bst!.end.toJSDate().toISOString()).toBe('2026-06-04T16:00:00.000Z')
    // 10:30 UTC is 10:30 GMT in December.
    expect([gmt!.end.hour, gmt!.end.minute]).toEqual([10, 30])
    expect(gmt!.end.toJSDate().toISOString()).toBe('2026-12-03T10:30:00.000Z')
  })

  it('names no child unless the DSL chooses to', () => {
    const without = calendarIcs(calendarPlan(DISPUTES, [], { scope: 'all', withChildNames: false }).events, { name: 'x', now: NOW })
    expect(without).not.toMatch(/Amy|Kai/)
    const withNames = parse(calendarIcs(calendarPlan(DISPUTES, [], { scope: 'all', withChildNames: true }).events, { name: 'x', now: NOW }))
    expect(withNames[0]!.description).toContain('Child: Amy Example')
  })

  it('keeps every UID on a re-export and cancels, with the same UID, a deadline closed since', () => {
    const first = calendarPlan(DISPUTES, [], { scope: 'all', withChildNames: false })
    const later: DisputeDeadlines[] = [{ ...DISPUTES[0]!, dueDates: DISPUTES[0]!.dueDates.map((d) => (d.key === 'stage-2' ? { ...d, state: 'done' as const } : d)) }, DISPUTES[1]!]
    const second = calendarPlan(later, first.exported, { scope: 'all', withChildNames: false })
    const events = parse(calendarIcs(second.events, { name: 'x', now: NOW }))
    expect(events.map((e) => e.uid).sort()).toEqual(first.events.map((e) => e.uid).sort())
    const cancelled = events.find((e) => e.uid === eventUid('d1', 'stage-2'))!
    expect(cancelled.status).toBe('CANCELLED')
    expect(cancelled.sequence).toBe(1)
    expect(events.filter((e) => e.status === 'CONFIRMED')).toHaveLength(2)
    // Cancelled once: the export after that does not send it again.
    const third = calendarPlan(later, second.exported, { scope: 'all', withChildNames: false })
    expect(third.events.map((e) => e.uid)).not.toContain(eventUid('d1', 'stage-2'))
  })

  it('one dispute’s export leaves the other disputes’ events as they were', () => {
    const first = calendarPlan(DISPUTES, [], { scope: 'all', withChildNames: false })
    const one = calendarPlan(DISPUTES, first.exported, { scope: { disputeId: 'd2' }, withChildNames: false })
    expect(one.events.map((e) => e.uid)).toEqual([eventUid('d2', 'stage-1')])
    expect(one.exported.map((e) => e.uid).sort()).toEqual(first.exported.map((e) => e.uid).sort())
  })
})
