/**
 * Writes a calendar plan (src/main/domain/calendar-export.ts) as an iCalendar file with ical-generator:
 * an all-day event for a deadline that is a date, a timed event in Europe/London for one that is an hour.
 * A timed deadline is shown as a 15-minute event ending at the deadline, so it sits before the hour it is due.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator'
import { londonTyped } from '../../shared/date-entry'
import type { CalendarEvent } from '../domain/calendar-export'

/** Europe/London's rules since 1996 (GMT, and BST from the last Sunday of March to the last of October). */
const EUROPE_LONDON = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n')

/** The wall-clock time in London as "YYYY-MM-DDTHH:MM:00", which ical-generator writes as it is under TZID. */
const londonWallClock = (instant: Date): string => {
  const t = londonTyped(instant)
  return `${t.date}T${t.time}:00`
}

export function calendarIcs(events: readonly CalendarEvent[], options: { name: string; now: Date }): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Escalation Log', product: 'Escalation Log', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  })
  for (const e of events) {
    const base = {
      id: e.uid,
      sequence: e.sequence,
      stamp: options.now,
      summary: e.cancelled ? `Cancelled: ${e.summary}` : e.summary,
      description: e.description,
      transparency: ICalEventTransparency.TRANSPARENT,
      ...(e.cancelled ? { status: ICalEventStatus.CANCELLED } : { status: ICalEventStatus.CONFIRMED }),
    }
    if (e.deadline.kind === 'date') {
      calendar.createEvent({ ...base, allDay: true, start: new Date(`${e.deadline.date}T00:00:00Z`) })
    } else {
      const due = new Date(e.deadline.at)
      calendar.createEvent({
        ...base,
        timezone: 'Europe/London',
        start: londonWallClock(new Date(due.getTime() - 15 * 60_000)),
        end: londonWallClock(due),
      })
    }
  }
  // ical-generator writes a VTIMEZONE only with a calendar-wide zone, which would also write DTSTAMP as
  // local time; the definition goes in before the first event instead, as RFC 5545 allows.
  const text = calendar.toString()
  const at = text.indexOf('BEGIN:VEVENT')
  return at < 0 ? text : `${text.slice(0, at)}${EUROPE_LONDON}\r\n${text.slice(at)}`
}
