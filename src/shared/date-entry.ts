/**
 * Dates and times as a person types them, turned into what is stored — or refused with the reason.
 *
 * A safeguarding record may be read by a court: "31/02/2026" must never become 3 Mar 2026, and 01:30 on
 * the morning the clocks go forward must never quietly become 02:30. So nothing here builds a `Date` from
 * parts that may not exist (which rolls over): each part is checked first, and a local time in England
 * becomes an instant only by trying both UK offsets and keeping those that Europe/London really had.
 *
 * The renderer uses this to explain a refusal as the person types; the main process uses the very same
 * functions (through the zod schemas below) so that no client can store what the screen refuses.
 * No Node or DOM imports.
 */
import { z } from 'zod'
import { tzOffset } from '@date-fns/tz'

const ZONE = 'Europe/London'
const MINUTE = 60_000

export type DateEntryCode =
  | 'date-incomplete'
  | 'date-not-real'
  | 'date-not-leap-year'
  | 'time-missing'
  | 'time-format'
  | 'time-24'
  | 'time-out-of-range'
  | 'time-in-gap'
  | 'time-ambiguous'
  | 'offset-not-in-force'
  | 'in-future'

export interface DateEntryRefusal {
  ok: false
  code: DateEntryCode
  message: string
}
export type DateEntryResult<T> = { ok: true; value: T } | DateEntryRefusal

/** Which of the two UK clocks a time was read from: British Summer Time (UTC+1) or Greenwich Mean Time. */
export const CLOCK_OFFSETS = ['BST', 'GMT'] as const
export type ClockOffset = (typeof CLOCK_OFFSETS)[number]
const OFFSET_MINUTES: Record<ClockOffset, number> = { BST: 60, GMT: 0 }

const refuse = (code: DateEntryCode, message: string): DateEntryRefusal => ({ ok: false, code, message })

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

function monthLength(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

const pad2 = (n: number): string => String(n).padStart(2, '0')

// ── civil dates ──────────────────────────────────────────────────────────────────────────────────

export interface DateParts {
  day: string
  month: string
  year: string
}

/**
 * What a day/month/year entry sends on: 'YYYY-MM-DD' once every part is a number, otherwise the parts as
 * typed joined by '-', so that the refusal can say which part is missing rather than "not a date".
 */
export function joinDateParts(parts: DateParts): string {
  const day = parts.day.trim()
  const month = parts.month.trim()
  const year = parts.year.trim()
  if (!day && !month && !year) return ''
  const whole = /^\d+$/
  if (whole.test(day) && whole.test(month) && /^\d{4}$/.test(year)) return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return `${year}-${month}-${day}`
}

/** The inverse of joinDateParts for a date that is already whole: '2026-02-05' → 5, 2, 2026. */
export function splitCivilDate(value: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' }
}

/**
 * Checks a civil date written 'YYYY-MM-DD' (or parts joined by joinDateParts) and says what is wrong:
 * "There is no 31 February", "2027 is not a leap year, so there is no 29 February 2027".
 */
export function checkCivilDate(text: string): DateEntryResult<string> {
  const pieces = text.split('-')
  if (pieces.length !== 3) return refuse('date-incomplete', 'Enter the date as a day, month and year, for example 27 3 2026')
  const [yearText, monthText, dayText] = pieces.map((p) => p.trim()) as [string, string, string]
  const missing = [!dayText && 'day', !monthText && 'month', !yearText && 'year'].filter(Boolean)
  if (missing.length > 0) return refuse('date-incomplete', `The date must include a ${missing.join(' and a ')}`)
  if (![yearText, monthText, dayText].every((p) => /^\d+$/.test(p)))
    return refuse('date-incomplete', 'Enter the day, month and year as numbers, for example 27 3 2026')
  if (!/^\d{4}$/.test(yearText)) return refuse('date-incomplete', 'Enter the year as four figures, for example 2026')
  const year = Number(yearText)
  const month = Number(monthText)
  const day = Number(dayText)
  if (month < 1 || month > 12) return refuse('date-not-real', 'The month must be a number from 1 to 12')
  if (day < 1 || day > 31) return refuse('date-not-real', 'The day must be a number from 1 to 31')
  if (month === 2 && day === 29 && !isLeapYear(year))
    return refuse('date-not-leap-year', `${year} is not a leap year, so there is no 29 February ${year}`)
  if (day > monthLength(year, month)) return refuse('date-not-real', `There is no ${day} ${MONTH_NAMES[month - 1]}`)
  const canonical = `${yearText}-${pad2(month)}-${pad2(day)}`
  if (canonical !== text) return refuse('date-incomplete', 'Write the date as year, month and day, like 2026-03-27')
  return { ok: true, value: canonical }
}

/** '2026-11-22' → '22 Nov 2026', for the messages (the date is already known to exist). */
function showDate(civilDate: string): string {
  const [y, m, d] = civilDate.split('-').map(Number) as [number, number, number]
  return `${d} ${MONTH_SHORT[m - 1]} ${y}`
}

// ── local times ──────────────────────────────────────────────────────────────────────────────────

/**
 * A time on the 24-hour clock as typed — '14:05', '14.05', '1405', '9:05' — as 'HH:MM'. Refuses 24:00,
 * 25:61 and '9.5' each with its own reason.
 */
export function parseLocalTime(typed: string): DateEntryResult<string> {
  const text = typed.trim()
  if (!text) return refuse('time-missing', 'Enter the time, like 14:05')
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(text)
  if (!m) return refuse('time-format', 'Enter the time as hours and minutes, like 14:05')
  const hours = Number(m[1])
  const minutes = Number(m[2])
  if (hours === 24 && minutes === 0)
    return refuse('time-24', 'There is no 24:00 on the 24-hour clock: enter midnight as 00:00 on the day that starts')
  if (hours > 23 || minutes > 59)
    return refuse('time-out-of-range', `${text} is not a time: hours go from 00 to 23 and minutes from 00 to 59`)
  return { ok: true, value: `${pad2(hours)}:${pad2(minutes)}` }
}

// ── local time in England ↔ instant ──────────────────────────────────────────────────────────────

/** What a person typed for a moment: a civil date, a local time, and (only in the autumn hour) the clock. */
export interface LondonDateTime {
  date: string
  time: string
  offset?: ClockOffset | undefined
}

interface Candidate {
  offset: ClockOffset
  ms: number
}

/** The instants that a local time on a civil date could be: none (spring gap), one, or two (autumn). */
function candidates(date: string, time: string): Candidate[] {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  // Date.UTC of parts already checked to exist cannot roll over.
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  return CLOCK_OFFSETS.map((offset) => ({ offset, ms: wall - OFFSET_MINUTES[offset] * MINUTE })).filter(
    (c) => tzOffset(ZONE, new Date(c.ms)) === OFFSET_MINUTES[c.offset],
  )
}

const wallTime = (ms: number): string => {
  const local = new Date(ms + tzOffset(ZONE, new Date(ms)) * MINUTE)
  return `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`
}

/** The moment the clocks changed around a local time on a date: searched to the minute, not assumed. */
function clockChange(date: string, time: string): { from: string; to: string } {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  let lo = wall - 3 * 60 * MINUTE
  let hi = wall + 3 * 60 * MINUTE
  const before = tzOffset(ZONE, new Date(lo))
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE
    if (tzOffset(ZONE, new Date(mid)) === before) lo = mid
    else hi = mid
  }
  const after = tzOffset(ZONE, new Date(hi))
  const show = (offsetMinutes: number) => {
    const local = new Date(hi + offsetMinutes * MINUTE)
    return `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`
  }
  return { from: show(before), to: show(after) }
}

/** Whether a local time exists once, not at all (clocks went forward) or twice (clocks went back). */
export function londonTimeKind(date: string, time: string): 'once' | 'gap' | 'twice' | 'incomplete' {
  if (!checkCivilDate(date).ok || !parseLocalTime(time).ok) return 'incomplete'
  const found = candidates(date, time)
  return found.length === 0 ? 'gap' : found.length === 2 ? 'twice' : 'once'
}

/** The question asked of a time that happened twice, and the words of its two answers. */
export const OFFSET_QUESTION = 'BST or GMT?'
export const OFFSET_CHOICES: Record<ClockOffset, string> = {
  BST: 'BST (British Summer Time): the first time, before the clocks went back',
  GMT: 'GMT (Greenwich Mean Time): the second time, after the clocks went back',
}

/**
 * The instant of a date and time in England. Refuses a time that did not exist, and a time that
 * happened twice until the person has said which clock they read (BST or GMT).
 */
export function londonInstantOf(typed: LondonDateTime): DateEntryResult<string> {
  const date = checkCivilDate(typed.date)
  if (!date.ok) return date
  const time = parseLocalTime(typed.time)
  if (!time.ok) return time
  if (time.value !== typed.time) return refuse('time-format', 'Enter the time as hours and minutes, like 14:05')
  const found = candidates(date.value, time.value)
  const when = `${time.value} on ${showDate(date.value)}`
  if (found.length === 0) {
    const change = clockChange(date.value, time.value)
    return refuse('time-in-gap', `${when} does not exist in the UK: the clocks went forward from ${change.from} to ${change.to}`)
  }
  if (found.length === 2) {
    const chosen = found.find((c) => c.offset === typed.offset)
    if (!chosen) {
      const change = clockChange(date.value, time.value)
      return refuse(
        'time-ambiguous',
        `${when} happened twice in the UK, because the clocks went back from ${change.from} to ${change.to}: say whether it was BST or GMT`,
      )
    }
    return { ok: true, value: new Date(chosen.ms).toISOString() }
  }
  const only = found[0]!
  if (typed.offset !== undefined && typed.offset !== only.offset)
    return refuse('offset-not-in-force', `${when} was ${only.offset} in the UK, not ${typed.offset}`)
  return { ok: true, value: new Date(only.ms).toISOString() }
}

/**
 * What a person in England would have typed for an instant: its London date and time, with the clock
 * named only when that time happened twice. londonInstantOf(londonTyped(x)) is x to the minute.
 */
export function londonTyped(instant: Date | string): LondonDateTime {
  const ms = Math.floor(new Date(instant).getTime() / MINUTE) * MINUTE
  const offsetMinutes = tzOffset(ZONE, new Date(ms))
  const local = new Date(ms + offsetMinutes * MINUTE)
  const date = `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`
  const time = wallTime(ms)
  const twice = candidates(date, time).length === 2
  return twice ? { date, time, offset: offsetMinutes === OFFSET_MINUTES.BST ? 'BST' : 'GMT' } : { date, time }
}

/** Today's civil date in England at the app's clock. */
export const londonToday = (now: Date): string => londonTyped(now).date

// ── what happened cannot be in the future ────────────────────────────────────────────────────────

/** A date that records something that happened ("the date of the contact") must not be after today. */
export function refuseFutureDate(civilDate: string, now: Date, what: string): DateEntryRefusal | null {
  const today = londonToday(now)
  return civilDate > today ? refuse('in-future', `${what} cannot be in the future: today is ${showDate(today)}`) : null
}

/** A moment that happened must not be after the app's clock (to the minute a person types). */
export function refuseFutureInstant(instant: string, now: Date, what: string): DateEntryRefusal | null {
  if (new Date(instant).getTime() <= now.getTime()) return null
  const today = londonTyped(now)
  return refuse('in-future', `${what} cannot be in the future: it is now ${today.time} on ${showDate(today.date)}`)
}

// ── the schemas the contract uses ────────────────────────────────────────────────────────────────

/** A civil date 'YYYY-MM-DD' that exists, refused with its reason ("There is no 31 February"). */
export const TypedCivilDate = z.string().max(40, 'Enter a date like 2026-11-22').superRefine((value, ctx) => {
  const checked = checkCivilDate(value)
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message, params: { code: checked.code } })
})

/** A local time 'HH:MM' on the 24-hour clock, refused with its reason (24:00, 25:61, 9.5). */
export const TypedLocalTime = z.string().max(20, 'Enter the time as hours and minutes, like 14:05').superRefine((value, ctx) => {
  const parsed = parseLocalTime(value)
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message, params: { code: parsed.code } })
  else if (parsed.value !== value)
    ctx.addIssue({ code: 'custom', message: 'Enter the time as hours and minutes, like 14:05', params: { code: 'time-format' } })
})

/**
 * A moment as the person typed it — date, time and, in the autumn hour, the clock — turned into the
 * stored instant by the main process as it parses the call. A time in the spring gap is refused at
 * `time`; a time that happened twice without its clock is refused at `offset`.
 */
export const TypedLondonDateTime = z
  .object({ date: TypedCivilDate, time: TypedLocalTime, offset: z.enum(CLOCK_OFFSETS).optional() })
  .strict()
  .transform((typed, ctx) => {
    const instant = londonInstantOf(typed)
    if (instant.ok) return instant.value
    const path = instant.code === 'time-ambiguous' || instant.code === 'offset-not-in-force' ? ['offset'] : ['time']
    ctx.addIssue({ code: 'custom', message: instant.message, path, params: { code: instant.code } })
    return z.NEVER
  })
export type TypedLondonDateTime = z.input<typeof TypedLondonDateTime>
