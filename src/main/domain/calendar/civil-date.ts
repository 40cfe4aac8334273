/**
 * Civil dates as whole day numbers (days since 1970-01-01 on the proleptic Gregorian calendar), so that
 * working-day arithmetic is integer arithmetic: no Date objects, no time zones, no daylight-saving
 * surprises, and almost no allocation in the hot loop. The conversions are Howard Hinnant's
 * days_from_civil / civil_from_days.
 */
import { AppError } from '../../../shared/errors'
import { daysInMonth } from '../../../shared/dates'

export type DayNumber = number

const ZERO = 48 // '0'
const DASH = 45 // '-'

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO
  return d >= 0 && d <= 9 ? d : -1
}

/** 'YYYY-MM-DD' → day number, or NaN if it is not a real date in that form. */
export function tryDayNumber(date: string): DayNumber {
  if (
    typeof date !== 'string' ||
    date.length !== 10 ||
    date.charCodeAt(4) !== DASH ||
    date.charCodeAt(7) !== DASH
  ) {
    return Number.NaN
  }
  const y0 = digit(date, 0),
    y1 = digit(date, 1),
    y2 = digit(date, 2),
    y3 = digit(date, 3)
  const m0 = digit(date, 5),
    m1 = digit(date, 6),
    d0 = digit(date, 8),
    d1 = digit(date, 9)
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return Number.NaN
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const month = m0 * 10 + m1
  const day = d0 * 10 + d1
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  return daysFromCivil(year, month, day)
}

/** 'YYYY-MM-DD' → day number; a person-readable AppError if it is not a real date. */
export function toDayNumber(date: string, field = 'date'): DayNumber {
  const n = tryDayNumber(date)
  if (Number.isNaN(n)) {
    throw new AppError(
      'date-invalid',
      `“${String(date)}” is not a real date. Enter it in the form YYYY-MM-DD, for example 2026-11-22.`,
      {
        field,
      },
    )
  }
  return n
}

export function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function yearOf(n: DayNumber): number {
  return civilFromDays(n)[0]
}

function civilFromDays(n: DayNumber): [number, number, number] {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day]
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** Day number → 'YYYY-MM-DD'. */
export function fromDayNumber(n: DayNumber): string {
  const [year, month, day] = civilFromDays(n)
  if (year < 0 || year > 9999) throw new RangeError(`Date out of range: day ${n}`)
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOf(n: DayNumber): number {
  return (((n + 4) % 7) + 7) % 7
}

export function isWeekend(n: DayNumber): boolean {
  const w = weekdayOf(n)
  return w === 0 || w === 6
}

/**
 * How many Monday–Friday days lie on or before day n, counted from an arbitrary origin: only
 * differences are meaningful. weekdaysThrough(b) - weekdaysThrough(a) = weekdays in (a, b].
 * Day 4 (1970-01-05) is a Monday; floor division keeps the count right before it too.
 */
export function weekdaysThrough(n: DayNumber): number {
  const t = n - 3 // days from the Monday origin up to and including n
  const weeks = Math.floor(t / 7)
  const rest = t - weeks * 7
  return weeks * 5 + Math.min(rest, 5)
}

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const
