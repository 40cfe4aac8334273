/**
 * What a desktop reminder says, and when the next one is due. Pure: the dashboard's rows, the working
 * calendar and `now` are arguments.
 *
 * A reminder is shown on lock screens and in notification centres, so it names no child and no dispute
 * reference: only how many deadlines are overdue, due today and due on the next working day (the
 * dashboard's "due soon"), and how many notifications are owed. Clicking it opens the one dispute it is
 * about, or the dashboard when it is about several.
 *
 * Reminders come at the start of each working day of England and Wales (the vault's calendar, with its
 * bank holidays and closure days), and at unlock.
 */
import { TZDate } from '@date-fns/tz'
import { LONDON } from '../../shared/dates'
import { civilDateInLondon, isWorkingDay, nextWorkingDay, workingDayOnOrAfter, type WorkingCalendar } from './calendar'
import { WEEKDAY_NAMES, fromDayNumber, toDayNumber, weekdayOf } from './calendar/civil-date'
import { deadlineFallsOn, type DashboardRow } from './disputes'

/** When a working day starts, in Europe/London: the morning reminder comes then. */
export const WORKING_DAY_STARTS = { hour: 8, minute: 0 }

export interface ReminderCounts {
  overdue: number
  dueToday: number
  /** Due on the next working day (tomorrow, or Monday on a Friday). */
  dueNextWorkingDay: number
  notificationsOwed: number
}

export interface ReminderNotice {
  title: string
  /** No child's name, no dispute reference: it may show on a locked screen. */
  body: string
  /** The dispute a click opens; null opens the dashboard. */
  opensDisputeId: string | null
}

export interface Reminder extends ReminderNotice {
  counts: ReminderCounts
}

const TITLE = 'Escalation Log'

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/** "tomorrow", or "on Monday" when the next working day is not the next day. */
function nextWorkingDayWords(today: string, cal: WorkingCalendar): string {
  const next = nextWorkingDay(today, cal)
  const n = toDayNumber(next)
  return n === toDayNumber(today) + 1 ? 'tomorrow' : `on ${WEEKDAY_NAMES[weekdayOf(n)]}`
}

/**
 * The reminder for these dashboard rows now, or null when nothing is overdue, due today, due on the next
 * working day or owed. Deadlines done or waiting on a condition count for nothing; so do rows whose
 * policy is not installed (they have no deadlines to show).
 */
export function reminderFor(rows: readonly DashboardRow[], now: string, cal: WorkingCalendar): Reminder | null {
  const today = civilDateInLondon(now)
  const counts: ReminderCounts = { overdue: 0, dueToday: 0, dueNextWorkingDay: 0, notificationsOwed: 0 }
  const about = new Set<string>()
  for (const row of rows) {
    const status = row.status
    if (!status || status.status !== 'open') continue
    for (const due of status.dueDates) {
      if (due.state === 'overdue') counts.overdue++
      else if (due.state === 'dueSoon') {
        if (deadlineFallsOn(due.deadline, today)) counts.dueToday++
        else counts.dueNextWorkingDay++
      } else continue
      about.add(row.id)
    }
    if (status.notificationsOwed.length > 0) {
      counts.notificationsOwed += status.notificationsOwed.length
      about.add(row.id)
    }
  }
  const body = reminderWords(counts, nextWorkingDayWords(today, cal))
  if (body === null) return null
  return { title: TITLE, body, counts, opensDisputeId: about.size === 1 ? [...about][0]! : null }
}

/** "2 deadlines due today, 1 overdue, 1 due tomorrow; 1 notification owed — open Escalation Log to see them." */
export function reminderWords(counts: ReminderCounts, nextDay: string): string | null {
  const deadlineParts = [
    counts.dueToday > 0 ? { n: counts.dueToday, words: 'due today' } : null,
    counts.overdue > 0 ? { n: counts.overdue, words: 'overdue' } : null,
    counts.dueNextWorkingDay > 0 ? { n: counts.dueNextWorkingDay, words: `due ${nextDay}` } : null,
  ].filter((p) => p !== null)
  const deadlines = deadlineParts
    .map((p, i) => (i === 0 ? `${plural(p.n, 'deadline', 'deadlines')} ${p.words}` : `${p.n} ${p.words}`))
    .join(', ')
  const owed = counts.notificationsOwed > 0 ? `${plural(counts.notificationsOwed, 'notification', 'notifications')} owed` : ''
  const parts = [deadlines, owed].filter((p) => p !== '')
  if (parts.length === 0) return null
  return `${parts.join('; ')} — open Escalation Log to see them.`
}

/**
 * The days on which a deadline falls (today or later), for the one reminder that can come while the vault
 * is locked. Dates only, each once: not how many deadlines, not whose, not which stage.
 */
export function reminderDates(rows: readonly DashboardRow[], now: string): string[] {
  const today = civilDateInLondon(now)
  const dates = new Set<string>()
  for (const row of rows) {
    for (const due of row.status?.dueDates ?? []) {
      if (due.state === 'done' || due.state === 'conditional') continue
      const day = due.deadline.kind === 'date' ? due.deadline.date : civilDateInLondon(due.deadline.at)
      if (day >= today) dates.add(day)
    }
  }
  return [...dates].sort()
}

/** The reminder while locked: only that something is due today, from the dates kept outside the vault. */
export function lockedReminder(dates: readonly string[], now: string): ReminderNotice | null {
  if (!dates.includes(civilDateInLondon(now))) return null
  return { title: TITLE, body: 'Deadlines are due today — unlock Escalation Log to see them.', opensDisputeId: null }
}

/** The instant `WORKING_DAY_STARTS` on a civil date, in Europe/London (GMT or BST as that day has it). */
export function dayStartInstant(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(new TZDate(y, m - 1, d, WORKING_DAY_STARTS.hour, WORKING_DAY_STARTS.minute, 0, 0, LONDON).getTime()).toISOString()
}

/** The start of the next working day strictly after `now`: today's, if it is a working day not yet started. */
export function nextWorkingDayStart(now: string, cal: WorkingCalendar): string {
  const today = civilDateInLondon(now)
  const day = isWorkingDay(today, cal) ? today : workingDayOnOrAfter(today, cal)
  const start = dayStartInstant(day)
  return Date.parse(start) > Date.parse(now) ? start : dayStartInstant(nextWorkingDay(day, cal))
}

/** The start of the next day (any day) strictly after `now`: when a locked app looks at its dates. */
export function nextDayStart(now: string): string {
  const today = civilDateInLondon(now)
  const start = dayStartInstant(today)
  if (Date.parse(start) > Date.parse(now)) return start
  return dayStartInstant(fromDayNumber(toDayNumber(today) + 1))
}
