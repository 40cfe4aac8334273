/**
 * Dates and times as a person types them (src/shared/date-entry.ts): a date or time that never existed
 * is refused with its reason, the hour that happens twice asks which clock, and nothing rolls over.
 * The UK clock changes used are from the law (the Summer Time Order 2002): clocks go forward at 01:00 GMT
 * on the last Sunday of March and back at 01:00 GMT on the last Sunday of October.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  checkCivilDate,
  joinDateParts,
  londonInstantOf,
  londonTimeKind,
  londonTyped,
  parseLocalTime,
  refuseFutureDate,
  refuseFutureInstant,
  splitCivilDate,
  TypedLondonDateTime,
} from '../../../src/shared/date-entry'
import { CivilDate } from '../../../src/shared/dates'

const refusal = (r: { ok: boolean; message?: string; code?: string }) => (r.ok ? null : { code: r.code, message: r.message })

describe('civil dates', () => {
  it('refuses dates that do not exist with their reason, never rolling over', () => {
    expect(refusal(checkCivilDate('2026-02-31'))).toEqual({ code: 'date-not-real', message: 'There is no 31 February' })
    expect(refusal(checkCivilDate('2027-02-29'))).toEqual({
      code: 'date-not-leap-year',
      message: '2027 is not a leap year, so there is no 29 February 2027',
    })
    expect(refusal(checkCivilDate('2026-04-31'))?.message).toBe('There is no 31 April')
    expect(refusal(checkCivilDate('2026-13-01'))?.message).toBe('The month must be a number from 1 to 12')
    expect(refusal(checkCivilDate('2026-01-32'))?.message).toBe('The day must be a number from 1 to 31')
    expect(refusal(checkCivilDate('2026--05'))?.message).toBe('The date must include a month')
    expect(refusal(checkCivilDate('26-03-05'))?.message).toBe('Enter the year as four figures, for example 2026')
  })

  it('accepts real dates, 29 February of a leap year included', () => {
    expect(checkCivilDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' })
    expect(checkCivilDate('2000-02-29').ok).toBe(true)
    expect(checkCivilDate('1900-02-29').ok).toBe(false)
  })

  it('is the rule of the contract: the zod schema refuses with the same sentence', () => {
    const parsed = CivilDate.safeParse('2026-02-31')
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toBe('There is no 31 February')
  })

  it('joins the boxes as typed and splits a whole date back into them', () => {
    expect(joinDateParts({ day: '31', month: '2', year: '2026' })).toBe('2026-02-31')
    expect(joinDateParts({ day: '5', month: '', year: '2026' })).toBe('2026--5')
    expect(joinDateParts({ day: '', month: '', year: '' })).toBe('')
    expect(splitCivilDate('2026-02-05')).toEqual({ day: '5', month: '2', year: '2026' })
  })

  it('round-trips every real date through the boxes (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10)
        expect(joinDateParts(splitCivilDate(iso))).toBe(iso)
        expect(checkCivilDate(iso)).toEqual({ ok: true, value: iso })
      }),
    )
  })

  it('never accepts a day past the end of its month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
        // The calendar's own answer, from UTC arithmetic that rolls over: a real date survives it unchanged.
        const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === iso
        expect(checkCivilDate(iso).ok).toBe(real)
      }),
    )
  })
})

describe('local times', () => {
  it('accepts the 24-hour clock as typed and writes it HH:MM', () => {
    expect(parseLocalTime('14:05')).toEqual({ ok: true, value: '14:05' })
    expect(parseLocalTime('9:05')).toEqual({ ok: true, value: '09:05' })
    expect(parseLocalTime('14.05')).toEqual({ ok: true, value: '14:05' })
    expect(parseLocalTime('1405')).toEqual({ ok: true, value: '14:05' })
    expect(parseLocalTime('00:00')).toEqual({ ok: true, value: '00:00' })
  })

  it('gives 24:00, 25:61 and 9.5 each its own reason', () => {
    const m24 = refusal(parseLocalTime('24:00'))
    const m2561 = refusal(parseLocalTime('25:61'))
    const m95 = refusal(parseLocalTime('9.5'))
    expect(m24).toEqual({ code: 'time-24', message: 'There is no 24:00 on the 24-hour clock: enter midnight as 00:00 on the day that starts' })
    expect(m2561).toEqual({ code: 'time-out-of-range', message: '25:61 is not a time: hours go from 00 to 23 and minutes from 00 to 59' })
    expect(m95).toEqual({ code: 'time-format', message: 'Enter the time as hours and minutes, like 14:05' })
    expect(new Set([m24?.message, m2561?.message, m95?.message]).size).toBe(3)
  })
})

describe('a date and time in England', () => {
  it('refuses a time in the spring-forward gap, saying when the clocks went forward', () => {
    expect(refusal(londonInstantOf({ date: '2027-03-28', time: '01:30' }))).toEqual({
      code: 'time-in-gap',
      message: '01:30 on 28 Mar 2027 does not exist in the UK: the clocks went forward from 01:00 to 02:00',
    })
    expect(refusal(londonInstantOf({ date: '2026-03-29', time: '01:00' }))?.code).toBe('time-in-gap')
    expect(refusal(londonInstantOf({ date: '2026-03-29', time: '01:59' }))?.code).toBe('time-in-gap')
    expect(londonInstantOf({ date: '2026-03-29', time: '00:59' })).toEqual({ ok: true, value: '2026-03-29T00:59:00.000Z' })
    expect(londonInstantOf({ date: '2026-03-29', time: '02:00' })).toEqual({ ok: true, value: '2026-03-29T01:00:00.000Z' })
  })

  it('asks BST or GMT for the hour that happens twice, and stores the instant chosen', () => {
    const asked = refusal(londonInstantOf({ date: '2027-10-31', time: '01:30' }))
    expect(asked?.code).toBe('time-ambiguous')
    expect(asked?.message).toContain('BST or GMT')
    expect(londonInstantOf({ date: '2027-10-31', time: '01:30', offset: 'BST' })).toEqual({ ok: true, value: '2027-10-31T00:30:00.000Z' })
    expect(londonInstantOf({ date: '2027-10-31', time: '01:30', offset: 'GMT' })).toEqual({ ok: true, value: '2027-10-31T01:30:00.000Z' })
    expect(londonTimeKind('2027-10-31', '01:30')).toBe('twice')
    expect(londonTimeKind('2027-10-31', '02:00')).toBe('once')
    expect(londonTimeKind('2027-03-28', '01:30')).toBe('gap')
  })

  it('refuses a clock that was not in force at that time', () => {
    expect(refusal(londonInstantOf({ date: '2027-07-01', time: '12:00', offset: 'GMT' }))?.code).toBe('offset-not-in-force')
    expect(londonInstantOf({ date: '2027-07-01', time: '12:00', offset: 'BST' })).toEqual({ ok: true, value: '2027-07-01T11:00:00.000Z' })
  })

  it('round-trips every minute through what a person would type (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2100, 0, 1) / 60_000 }), (minute) => {
        const instant = new Date(minute * 60_000).toISOString()
        const typed = londonTyped(instant)
        expect(londonInstantOf(typed)).toEqual({ ok: true, value: instant })
      }),
    )
  })

  it('finds every minute of each year’s clock changes: 60 in the gap, 60 twice (property over years)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), (year) => {
        const lastSunday = (month: number) => {
          const d = new Date(Date.UTC(year, month + 1, 0))
          return d.getUTCDate() - d.getUTCDay()
        }
        const march = `${year}-03-${String(lastSunday(2)).padStart(2, '0')}`
        const october = `${year}-10-${String(lastSunday(9)).padStart(2, '0')}`
        let gap = 0
        let twice = 0
        for (let h = 0; h < 24; h++)
          for (let m = 0; m < 60; m++) {
            const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
            if (londonTimeKind(march, time) === 'gap') gap++
            if (londonTimeKind(october, time) === 'twice') twice++
          }
        expect(gap).toBe(60)
        expect(twice).toBe(60)
        expect(refusal(londonInstantOf({ date: march, time: '01:00' }))?.message).toContain('the clocks went forward from 01:00 to 02:00')
      }),
      { numRuns: 10 },
    )
  })

  it('is the rule of the contract: the schema turns what was typed into the instant or refuses at the field', () => {
    expect(TypedLondonDateTime.parse({ date: '2026-11-22', time: '14:05' })).toBe('2026-11-22T14:05:00.000Z')
    const gap = TypedLondonDateTime.safeParse({ date: '2027-03-28', time: '01:30' })
    expect(gap.error?.issues[0]).toMatchObject({ path: ['time'], message: expect.stringContaining('does not exist in the UK') })
    const twice = TypedLondonDateTime.safeParse({ date: '2027-10-31', time: '01:30' })
    expect(twice.error?.issues[0]?.path).toEqual(['offset'])
    const bad = TypedLondonDateTime.safeParse({ date: '2026-02-31', time: '9.5' })
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['date', 'There is no 31 February'],
      ['time', 'Enter the time as hours and minutes, like 14:05'],
    ])
  })
})

describe('what happened cannot be in the future', () => {
  const now = new Date('2027-11-15T12:00:00Z')
  it('refuses a date after today in England and accepts today', () => {
    expect(refuseFutureDate('2027-11-16', now, 'The date of the contact')?.message).toBe(
      'The date of the contact cannot be in the future: today is 15 Nov 2027',
    )
    expect(refuseFutureDate('2027-11-15', now, 'The date of the contact')).toBeNull()
  })
  it('refuses a moment after the clock and accepts one at it', () => {
    expect(refuseFutureInstant('2027-11-15T12:01:00.000Z', now, 'The time of the contact')?.code).toBe('in-future')
    expect(refuseFutureInstant('2027-11-15T12:00:00.000Z', now, 'The time of the contact')).toBeNull()
  })
})
