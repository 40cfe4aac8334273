/**
 * The working-day calendar. Partnership policies count in working days ("Stage 2 within 2 working days
 * of stage 1" — Solihull, seed 001) and a working day is a weekday that is not an England and Wales bank
 * holiday nor one of the organisation's own closure days (e.g. a school's INSET days).
 *
 * Definitions (all on civil dates 'YYYY-MM-DD' in England, never on UTC timestamps):
 * - "N working days from X" is the Nth working day after X. X itself never counts, whether or not it is
 *   a working day: a disagreement on Saturday 26 Dec 2026 with one working day is due Tuesday
 *   29 Dec 2026 (Monday 28 Dec 2026 is the substitute Boxing Day bank holiday).
 * - countWorkingDays(from, to) counts the working days after `from` up to and including `to`. It is
 *   signed: 0 when to = from, and when `to` is before `from` it is minus countWorkingDays(to, from).
 *   So countWorkingDays(x, addWorkingDays(x, n)) === n for every n ≥ 0.
 * - Deadlines are civil dates; the deadline passes at the end of that day in Europe/London
 *   (endOfWorkingDayInstant). Timescales in hours ("in writing within 24 hours" — Wolverhampton,
 *   seed 002) are instants: addHours.
 */
import { format } from 'date-fns'
import { TZDate, tz } from '@date-fns/tz'
import bundledFile from '../../../resources/bank-holidays-england-and-wales.json'
import { AppError } from '../../shared/errors'
import { LONDON } from '../../shared/dates'
import {
  type DayNumber,
  WEEKDAY_NAMES,
  fromDayNumber,
  isWeekend,
  toDayNumber,
  tryDayNumber,
  weekdayOf,
  weekdaysThrough,
  yearOf,
} from './calendar/civil-date'
import { type BankHoliday, mergeBankHolidays, parseBankHolidayFile } from './calendar/bank-holiday-file'

export { parseBankHolidayFile, mergeBankHolidays, type BankHoliday }

/** A day the organisation is closed although it is a weekday, e.g. an INSET day. */
export interface ClosureDay {
  date: string
  label: string
}

export interface CalendarCoverage {
  /** 1 January of the first year with bank holidays listed. */
  from: string
  /** 31 December of the last year with bank holidays listed. */
  to: string
}

export interface WorkingCalendar {
  readonly bankHolidays: readonly BankHoliday[]
  readonly extraClosures: readonly ClosureDay[]
  /**
   * The years the bank-holiday list covers. Outside them the calendar still works but knows only
   * weekends and closure days, so the UI should warn. null if no bank holidays are known at all.
   */
  coverage(): CalendarCoverage | null
}

interface CalendarInternals {
  /** Every non-weekend day that is closed: bank holidays and closure days. */
  closed: Set<DayNumber>
  /** The same, sorted, for counting by binary search. */
  closedSorted: Int32Array
  reasons: Map<DayNumber, string>
  coverage: CalendarCoverage | null
}

const internals = new WeakMap<WorkingCalendar, CalendarInternals>()

function inside(cal: WorkingCalendar): CalendarInternals {
  const found = internals.get(cal)
  if (!found) throw new TypeError('Not a WorkingCalendar: build one with createWorkingCalendar()')
  return found
}

export function createWorkingCalendar(options: {
  bankHolidays: readonly BankHoliday[]
  extraClosures?: readonly ClosureDay[]
}): WorkingCalendar {
  const bankHolidays = options.bankHolidays.map((h, i) => {
    toDayNumber(h.date, `bankHolidays[${i}].date`)
    return Object.freeze({ title: h.title, date: h.date })
  })
  const extraClosures = (options.extraClosures ?? []).map((c, i) => {
    toDayNumber(c.date, `extraClosures[${i}].date`)
    const label = c.label.trim()
    if (label === '') {
      throw new AppError(
        'closure-label-missing',
        `Give the closure day on ${c.date} a label, for example “INSET day”.`,
        {
          field: `extraClosures[${i}].label`,
        },
      )
    }
    return Object.freeze({ date: c.date, label })
  })

  const closed = new Set<DayNumber>()
  const reasons = new Map<DayNumber, string>()
  let minYear = Infinity
  let maxYear = -Infinity
  for (const h of bankHolidays) {
    const n = tryDayNumber(h.date)
    const year = yearOf(n)
    if (year < minYear) minYear = year
    if (year > maxYear) maxYear = year
    reasons.set(n, h.title)
    if (!isWeekend(n)) closed.add(n)
  }
  for (const c of extraClosures) {
    const n = tryDayNumber(c.date)
    // A bank holiday keeps its own name; a closure on it changes nothing.
    if (!reasons.has(n)) reasons.set(n, c.label)
    if (!isWeekend(n)) closed.add(n)
  }
  const closedSorted = Int32Array.from(closed).sort()
  const coverage =
    bankHolidays.length === 0
      ? null
      : Object.freeze({
          from: `${String(minYear).padStart(4, '0')}-01-01`,
          to: `${String(maxYear).padStart(4, '0')}-12-31`,
        })

  const cal: WorkingCalendar = Object.freeze({
    bankHolidays: Object.freeze(bankHolidays),
    extraClosures: Object.freeze(extraClosures),
    coverage: () => coverage,
  })
  internals.set(cal, { closed, closedSorted, reasons, coverage })
  return cal
}

/** The England and Wales bank holidays shipped with the app (gov.uk file, 2018–2030). */
export function bundledBankHolidays(): BankHoliday[] {
  return parseBankHolidayFile(bundledFile)
}

let defaultCal: WorkingCalendar | undefined

/** The shipped bank holidays and no closure days. Built once. */
export function defaultCalendar(): WorkingCalendar {
  defaultCal ??= createWorkingCalendar({ bankHolidays: bundledBankHolidays() })
  return defaultCal
}

function isWorkingDayNumber(n: DayNumber, inner: CalendarInternals): boolean {
  return !isWeekend(n) && !inner.closed.has(n)
}

/** Whether a civil date is a working day: a weekday that is neither a bank holiday nor a closure day. */
export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  return isWorkingDayNumber(toDayNumber(date), inside(cal))
}

/**
 * Why a date is not a working day — 'Saturday', 'Boxing Day', 'INSET day' — or undefined if it is one.
 * A bank holiday on a weekend is named by the weekend ('Saturday'): that is what stops the clock.
 */
export function nonWorkingReason(date: string, cal: WorkingCalendar): string | undefined {
  const n = toDayNumber(date)
  if (isWeekend(n)) return WEEKDAY_NAMES[weekdayOf(n)]
  const inner = inside(cal)
  return inner.closed.has(n) ? inner.reasons.get(n) : undefined
}

function requireWholeDays(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new AppError(
      'working-days-invalid',
      `A number of working days must be a whole number of 0 or more (not ${n}).`,
      {
        field: 'workingDays',
      },
    )
  }
}

/**
 * The Nth working day after `date` (the date itself never counts). n = 0 gives `date` unchanged.
 * n must be a whole number ≥ 0.
 */
export function addWorkingDays(date: string, n: number, cal: WorkingCalendar): string {
  requireWholeDays(n)
  let day = toDayNumber(date)
  if (n === 0) return date
  const inner = inside(cal)
  let left = n
  while (left > 0) {
    day += 1
    if (isWorkingDayNumber(day, inner)) left -= 1
  }
  return fromDayNumber(day)
}

/** The first working day after `date` (= addWorkingDays(date, 1)). */
export function nextWorkingDay(date: string, cal: WorkingCalendar): string {
  return addWorkingDays(date, 1, cal)
}

/** `date` itself if it is a working day, otherwise the next working day after it. */
export function workingDayOnOrAfter(date: string, cal: WorkingCalendar): string {
  return isWorkingDay(date, cal) ? date : addWorkingDays(date, 1, cal)
}

/** How many entries of a sorted array are ≤ n. */
function countAtOrBefore(sorted: Int32Array, n: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= n) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Working days after `from` up to and including `to`. Signed: 0 when the dates are equal, negative
 * (minus countWorkingDays(to, from)) when `to` is before `from`. Constant time whatever the span.
 */
export function countWorkingDays(from: string, to: string, cal: WorkingCalendar): number {
  const a = toDayNumber(from, 'from')
  const b = toDayNumber(to, 'to')
  const inner = inside(cal)
  const count = (lo: DayNumber, hi: DayNumber): number =>
    weekdaysThrough(hi) -
    weekdaysThrough(lo) -
    (countAtOrBefore(inner.closedSorted, hi) - countAtOrBefore(inner.closedSorted, lo))
  if (a === b) return 0
  return b > a ? count(a, b) : -count(b, a)
}

/**
 * How many working days a deadline has been missed by on `today`: the working days after `due` up to
 * and including `today`, or 0 if `due` has not passed. A Friday deadline is therefore 0 working days
 * overdue on the Saturday, though it has passed — use isPastDue for "has it passed".
 */
export function workingDaysOverdue(due: string, today: string, cal: WorkingCalendar): number {
  return Math.max(0, countWorkingDays(due, today, cal))
}

/** Whether the civil-date deadline `due` has passed on `today` (it lasts to the end of its day). */
export function isPastDue(due: string, today: string): boolean {
  return toDayNumber(today, 'today') > toDayNumber(due, 'due')
}

/** Whether the calendar's bank-holiday list covers this date (if not, only weekends and closures count). */
export function isCovered(date: string, cal: WorkingCalendar): boolean {
  const c = cal.coverage()
  return c !== null && date >= c.from && date <= c.to && !Number.isNaN(tryDayNumber(date))
}

const london = tz(LONDON)

function toInstant(instant: Date | string): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant
  if (Number.isNaN(date.getTime())) {
    throw new AppError('instant-invalid', `“${String(instant)}” is not a date and time the app can read.`, {
      field: 'instant',
    })
  }
  return date
}

/** The civil date in England at an instant: '2026-03-29T23:30:00Z' → '2026-03-30' (BST). */
export function civilDateInLondon(instant: Date | string): string {
  const at = toInstant(instant).getTime()
  const known = civilDates.get(at)
  if (known !== undefined) return known
  const date = format(new Date(at), 'yyyy-MM-dd', { in: london })
  remember(civilDates, at, date)
  return date
}

// Both conversions are pure and each costs a time-zone lookup: the dashboard asks them thousands of
// times at unlock for the same few hundred instants and days (issue 20, unlock ≤ 3 × its floor).
const MEMO_LIMIT = 8192
const civilDates = new Map<number, string>()
const dayEnds = new Map<string, string>()
function remember<K>(memo: Map<K, string>, key: K, value: string): void {
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(key, value)
}

/**
 * The instant a civil-date deadline passes: the last millisecond of that day in Europe/London, as an
 * ISO UTC string ('2026-07-01' → '2026-07-01T22:59:59.999Z' in summer time).
 */
export function endOfWorkingDayInstant(date: string): string {
  const known = dayEnds.get(date)
  if (known !== undefined) return known
  const n = toDayNumber(date)
  const [y, m, d] = fromDayNumber(n).split('-').map(Number)
  const end = new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, LONDON).getTime()).toISOString()
  remember(dayEnds, date, end)
  return end
}

/** An instant `hours` later (or earlier, if negative), as an ISO UTC string. Real elapsed hours. */
export function addHours(instant: Date | string, hours: number): string {
  if (!Number.isFinite(hours))
    throw new AppError('hours-invalid', 'A number of hours must be a number.', { field: 'hours' })
  return new Date(toInstant(instant).getTime() + hours * 3_600_000).toISOString()
}
