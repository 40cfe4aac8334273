/**
 * Dates as both processes see them. Two kinds, never mixed:
 * - a civil date ('2026-11-22'): a day on the wall calendar in England, used for deadlines and dates of
 *   birth. Working-day arithmetic happens on these (see src/main/domain/calendar.ts).
 * - an instant ('2026-11-22T14:05:00.000Z'): a moment, stored in UTC, shown in Europe/London time.
 *
 * No Node or DOM imports: the renderer uses these helpers too.
 */
import { z } from 'zod'
import { format } from 'date-fns'
import { tz } from '@date-fns/tz'
import { TypedCivilDate } from './date-entry'

export const LONDON = 'Europe/London'
const inLondon = tz(LONDON)

const CIVIL_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `value` is a real calendar date written 'YYYY-MM-DD' (so '2026-02-30' is not). */
export function isCivilDate(value: string): boolean {
  const m = CIVIL_DATE_SHAPE.exec(value)
  if (!m) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** A civil date 'YYYY-MM-DD' that exists on the calendar, refused with its reason ("There is no 31 February"). */
export const CivilDate = TypedCivilDate
export type CivilDate = z.infer<typeof CivilDate>

/** An instant as an ISO-8601 UTC string, e.g. '2026-11-22T14:05:00.000Z'. */
export const Instant = z.iso
  .datetime({ error: 'Enter a date and time as an ISO-8601 UTC instant' })
  .max(64, 'Enter a date and time as an ISO-8601 UTC instant')
export type Instant = z.infer<typeof Instant>

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** '2026-11-22' → '22 Nov 2026'. A civil date has no time zone, so none is applied. */
export function formatDate(civilDate: string): string {
  const m = CIVIL_DATE_SHAPE.exec(civilDate)
  if (!m || !isCivilDate(civilDate)) throw new RangeError(`Not a civil date: ${civilDate}`)
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`
}

function toDate(instant: Date | string): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`)
  return date
}

/** An instant shown as a person in England reads it: '22 Nov 2026, 14:05' (GMT or BST as the date needs). */
export function formatDateTime(instant: Date | string): string {
  return format(toDate(instant), 'd MMM yyyy, HH:mm', { in: inLondon })
}

/** The time of day of an instant in England: '14:05'. */
export function formatTime(instant: Date | string): string {
  return format(toDate(instant), 'HH:mm', { in: inLondon })
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/**
 * A gap between two moments in words, to the two largest units and rounded down:
 * 2 days 3 hours, 5 hours 10 minutes, 40 minutes, less than a minute. Zero units are left out
 * ("2 days", not "2 days 0 hours"). The sign is ignored: say "before" or "after" around it.
 */
export function formatDuration(milliseconds: number): string {
  const ms = Math.abs(milliseconds)
  if (!Number.isFinite(ms)) throw new RangeError('A duration must be a finite number of milliseconds')
  const days = Math.floor(ms / DAY)
  const hours = Math.floor((ms % DAY) / HOUR)
  const minutes = Math.floor((ms % HOUR) / MINUTE)
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day')
  if (hours > 0)
    return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour')
  if (minutes > 0) return plural(minutes, 'minute')
  return 'less than a minute'
}

/** The gap between two instants in words (see formatDuration). */
export function formatGap(from: Date | string, to: Date | string): string {
  return formatDuration(toDate(to).getTime() - toDate(from).getTime())
}
