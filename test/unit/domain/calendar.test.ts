import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import reference from '../../fixtures/reference/bank-holidays-england-and-wales-2018-2030.json'
import bundled from '../../../resources/bank-holidays-england-and-wales.json'
import {
  addHours,
  addWorkingDays,
  bundledBankHolidays,
  civilDateInLondon,
  countWorkingDays,
  createWorkingCalendar,
  defaultCalendar,
  endOfWorkingDayInstant,
  isCovered,
  isPastDue,
  isWorkingDay,
  mergeBankHolidays,
  nextWorkingDay,
  nonWorkingReason,
  parseBankHolidayFile,
  workingDayOnOrAfter,
  workingDaysOverdue,
  type WorkingCalendar,
} from '../../../src/main/domain/calendar'
import { daysFromCivil, fromDayNumber } from '../../../src/main/domain/calendar/civil-date'
import { AppError } from '../../../src/shared/errors'
import {
  CivilDate,
  Instant,
  formatDate,
  formatDateTime,
  formatDuration,
  formatGap,
} from '../../../src/shared/dates'

const cal = defaultCalendar()

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

describe('the bundled bank-holiday list', () => {
  it('is exactly the England and Wales list in test/fixtures/reference (a copy of shared/reference)', () => {
    const strip = (events: { title: string; date: string }[]) =>
      events.map(({ title, date }) => ({ title, date }))
    expect(bundledBankHolidays()).toEqual(strip(reference['england-and-wales'].events))
    expect(bundled['england-and-wales'].events).toEqual(reference['england-and-wales'].events)
    expect(bundled['england-and-wales'].division).toBe('england-and-wales')
  })

  // An independent check of the list against the standing rules (Banking and Financial Dealings Act 1971
  // and the usual proclamations) plus the announced one-off days.
  it('agrees with the standing rules for 2018–2030, substitute days and the one-off days', () => {
    const easterSunday = (y: number): number => {
      const a = y % 19,
        b = Math.floor(y / 100),
        c = y % 100,
        d = Math.floor(b / 4),
        e = b % 4
      const f = Math.floor((b + 8) / 25),
        g = Math.floor((b - f + 1) / 3),
        h = (19 * a + b - d - g + 15) % 30
      const i = Math.floor(c / 4),
        k = c % 4,
        l = (32 + 2 * e + 2 * i - h - k) % 7,
        m = Math.floor((a + 11 * h + 22 * l) / 451)
      const month = Math.floor((h + l - 7 * m + 114) / 31),
        day = ((h + l - 7 * m + 114) % 31) + 1
      return daysFromCivil(y, month, day)
    }
    const dow = (n: number) => (((n + 4) % 7) + 7) % 7 // 0 = Sunday
    const firstMonday = (y: number, m: number) => {
      let n = daysFromCivil(y, m, 1)
      while (dow(n) !== 1) n++
      return n
    }
    const lastMonday = (y: number, m: number, lastDay: number) => {
      let n = daysFromCivil(y, m, lastDay)
      while (dow(n) !== 1) n--
      return n
    }
    const expected = new Set<string>()
    for (let y = 2018; y <= 2030; y++) {
      let ny = daysFromCivil(y, 1, 1)
      while (dow(ny) === 0 || dow(ny) === 6) ny++
      expected.add(fromDayNumber(ny))
      const easter = easterSunday(y)
      expected.add(fromDayNumber(easter - 2)).add(fromDayNumber(easter + 1))
      expected.add(fromDayNumber(y === 2020 ? daysFromCivil(2020, 5, 8) : firstMonday(y, 5)))
      expected.add(fromDayNumber(y === 2022 ? daysFromCivil(2022, 6, 2) : lastMonday(y, 5, 31)))
      expected.add(fromDayNumber(lastMonday(y, 8, 31)))
      const xmas = daysFromCivil(y, 12, 25)
      // Christmas Day and Boxing Day, each moved to the next free weekday if it falls at a weekend.
      const taken = new Set<number>()
      for (const day of [xmas, xmas + 1]) {
        let n = day
        while (dow(n) === 0 || dow(n) === 6 || taken.has(n)) n++
        taken.add(n)
        expected.add(fromDayNumber(n))
      }
    }
    for (const oneOff of ['2022-06-03', '2022-09-19', '2023-05-08']) expected.add(oneOff)
    expect(new Set(bundledBankHolidays().map((h) => h.date))).toEqual(expected)
  })

  it('covers 2018 to 2030, so the UI can warn outside that range', () => {
    expect(cal.coverage()).toEqual({ from: '2018-01-01', to: '2030-12-31' })
    expect(isCovered('2030-12-31', cal)).toBe(true)
    expect(isCovered('2031-01-01', cal)).toBe(false)
    // Outside the list the calendar still works, on weekends alone.
    expect(isWorkingDay('2031-12-25', cal)).toBe(true) // a Thursday it cannot yet know is Christmas Day
    expect(isWorkingDay('2031-12-27', cal)).toBe(false) // Saturday
    expect(addWorkingDays('2031-12-26', 1, cal)).toBe('2031-12-29')
    expect(createWorkingCalendar({ bankHolidays: [] }).coverage()).toBeNull()
  })
})

describe('working days with real dates', () => {
  it('counts "N working days from X" as the Nth working day after X: Saturday 26 Dec 2026 + 1 = Tuesday 29 Dec 2026', () => {
    // 28 Dec 2026 is the substitute day for Boxing Day.
    expect(nonWorkingReason('2026-12-28', cal)).toBe('Boxing Day')
    expect(addWorkingDays('2026-12-26', 1, cal)).toBe('2026-12-29')
    expect(nextWorkingDay('2026-12-26', cal)).toBe('2026-12-29')
  })

  it('never counts the start date, even when it is a working day', () => {
    expect(addWorkingDays('2026-11-23', 1, cal)).toBe('2026-11-24') // Monday → Tuesday
    expect(addWorkingDays('2026-11-27', 1, cal)).toBe('2026-11-30') // Friday → Monday
    expect(addWorkingDays('2026-11-27', 0, cal)).toBe('2026-11-27')
  })

  it('skips Christmas 2026: Christmas Day on a Friday and Boxing Day moved to Monday 28 Dec', () => {
    expect(isWorkingDay('2026-12-24', cal)).toBe(true)
    expect(isWorkingDay('2026-12-25', cal)).toBe(false)
    expect(isWorkingDay('2026-12-28', cal)).toBe(false)
    expect(addWorkingDays('2026-12-24', 1, cal)).toBe('2026-12-29')
    expect(addWorkingDays('2026-12-24', 3, cal)).toBe('2026-12-31')
    expect(addWorkingDays('2026-12-24', 4, cal)).toBe('2027-01-04') // 1 Jan 2027 is New Year's Day
  })

  it('skips Christmas 2027, when both days are moved to Monday 27 and Tuesday 28 Dec', () => {
    expect(nonWorkingReason('2027-12-27', cal)).toBe('Christmas Day')
    expect(addWorkingDays('2027-12-24', 1, cal)).toBe('2027-12-29')
  })

  it('skips Easter 2027: Good Friday 26 March and Easter Monday 29 March', () => {
    expect(isWorkingDay('2027-03-26', cal)).toBe(false)
    expect(isWorkingDay('2027-03-29', cal)).toBe(false)
    expect(addWorkingDays('2027-03-25', 1, cal)).toBe('2027-03-30')
    // Solihull (seed 001): "Stage 2 within 2 working days of stage 1".
    expect(addWorkingDays('2027-03-25', 2, cal)).toBe('2027-03-31')
    expect(countWorkingDays('2027-03-25', '2027-03-31', cal)).toBe(2)
  })

  it('skips the 2022 one-off bank holidays: the Platinum Jubilee and the State Funeral', () => {
    expect(nonWorkingReason('2022-06-02', cal)).toBe('Spring bank holiday')
    expect(nonWorkingReason('2022-06-03', cal)).toBe('Platinum Jubilee bank holiday')
    expect(addWorkingDays('2022-06-01', 1, cal)).toBe('2022-06-06')
    expect(nonWorkingReason('2022-09-19', cal)).toBe(
      'Bank Holiday for the State Funeral of Queen Elizabeth II',
    )
    expect(addWorkingDays('2022-09-16', 1, cal)).toBe('2022-09-20')
    // The late May bank holiday moved that year: 30 May 2022 was an ordinary working day.
    expect(isWorkingDay('2022-05-30', cal)).toBe(true)
  })

  it('applies Wolverhampton’s 14-day cumulative timescale (seed 002: "2 days … 5 days … 7 days … 10 days … 14 days")', () => {
    expect(addWorkingDays('2026-12-01', 14, cal)).toBe('2026-12-21')
    expect(addWorkingDays('2026-12-14', 14, cal)).toBe('2027-01-06')
  })

  it('counts working days, signed', () => {
    expect(countWorkingDays('2026-12-26', '2026-12-29', cal)).toBe(1)
    expect(countWorkingDays('2026-12-29', '2026-12-26', cal)).toBe(-1)
    expect(countWorkingDays('2026-12-24', '2026-12-28', cal)).toBe(0)
    expect(countWorkingDays('2026-12-24', '2026-12-24', cal)).toBe(0)
    expect(countWorkingDays('2026-01-01', '2026-12-31', cal)).toBe(253) // 261 weekdays less 8 bank holidays (1 Jan, not counted, is one of them)
  })

  it('says how overdue a deadline is', () => {
    expect(workingDaysOverdue('2026-12-24', '2026-12-24', cal)).toBe(0)
    expect(workingDaysOverdue('2026-12-24', '2026-12-20', cal)).toBe(0)
    expect(workingDaysOverdue('2026-12-24', '2026-12-28', cal)).toBe(0)
    expect(isPastDue('2026-12-24', '2026-12-28')).toBe(true)
    expect(workingDaysOverdue('2026-12-24', '2026-12-30', cal)).toBe(2)
    expect(isPastDue('2026-12-24', '2026-12-24')).toBe(false)
  })

  it('rolls a date forward to a working day', () => {
    expect(workingDayOnOrAfter('2026-12-25', cal)).toBe('2026-12-29')
    expect(workingDayOnOrAfter('2026-12-29', cal)).toBe('2026-12-29')
  })

  it('names why a day is not a working day', () => {
    expect(nonWorkingReason('2026-12-26', cal)).toBe('Saturday')
    expect(nonWorkingReason('2026-12-29', cal)).toBeUndefined()
  })

  it('refuses dates that do not exist and numbers of days that make no sense', () => {
    expect(appErrorOf(() => addWorkingDays('2026-02-30', 1, cal)).code).toBe('date-invalid')
    expect(appErrorOf(() => isWorkingDay('22/11/2026', cal)).message).toMatch(/not a real date/)
    expect(appErrorOf(() => addWorkingDays('2026-02-03', -1, cal)).code).toBe('working-days-invalid')
    expect(appErrorOf(() => addWorkingDays('2026-02-03', 1.5, cal)).code).toBe('working-days-invalid')
  })
})

describe('closure days', () => {
  it('adds a school’s INSET days to the bank holidays', () => {
    const school = createWorkingCalendar({
      bankHolidays: bundledBankHolidays(),
      extraClosures: [{ date: '2027-01-04', label: 'INSET day' }],
    })
    expect(nonWorkingReason('2027-01-04', school)).toBe('INSET day')
    expect(addWorkingDays('2026-12-31', 1, school)).toBe('2027-01-05')
    expect(addWorkingDays('2026-12-31', 1, cal)).toBe('2027-01-04')
  })

  it('refuses a closure day without a label or with a bad date', () => {
    expect(
      appErrorOf(() =>
        createWorkingCalendar({ bankHolidays: [], extraClosures: [{ date: '2027-01-04', label: ' ' }] }),
      ).code,
    ).toBe('closure-label-missing')
    expect(
      appErrorOf(() =>
        createWorkingCalendar({ bankHolidays: [], extraClosures: [{ date: '2027-1-4', label: 'INSET' }] }),
      ).field,
    ).toBe('extraClosures[0].date')
  })
})

describe('importing a gov.uk bank-holidays file', () => {
  it('reads the whole gov.uk file, or the England and Wales part alone', () => {
    expect(parseBankHolidayFile(reference)).toHaveLength(107)
    expect(parseBankHolidayFile(reference['england-and-wales'])).toHaveLength(107)
    const govuk = {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [{ title: 'Christmas Day', date: '2031-12-25', notes: '', bunting: true }],
      },
      scotland: { division: 'scotland', events: [] },
      'northern-ireland': { division: 'northern-ireland', events: [] },
    }
    expect(parseBankHolidayFile(govuk)).toEqual([{ title: 'Christmas Day', date: '2031-12-25' }])
  })

  it('refuses files that are not the England and Wales list, saying why', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not a gov.uk bank-holidays file/],
      [[], /not a gov.uk bank-holidays file/],
      [{ foo: 1 }, /no list of bank holidays for England and Wales/],
      [{ division: 'scotland', events: [] }, /“scotland”, not England and Wales/],
      [{ 'england-and-wales': { events: 'x' } }, /no list of events/],
      [{ 'england-and-wales': { events: [] } }, /lists no bank holidays/],
      [
        { 'england-and-wales': { events: [{ title: 'Christmas Day', date: '2031-13-25' }] } },
        /“2031-13-25”, which is not a real date/,
      ],
      [{ 'england-and-wales': { events: [{ date: '2031-12-25' }] } }, /Entry 1 is not a bank holiday/],
      [
        {
          'england-and-wales': {
            events: [
              { title: 'A', date: '2031-12-25' },
              { title: 'B', date: '2031-12-25' },
            ],
          },
        },
        /2031-12-25 is listed twice/,
      ],
    ]
    for (const [input, message] of cases) {
      const error = appErrorOf(() => parseBankHolidayFile(input))
      expect(error.code).toBe('bank-holidays-invalid')
      expect(error.message).toMatch(/^This bank-holiday file cannot be used: /)
      expect(error.message).toMatch(message)
    }
  })

  it('lists every bad entry in the details', () => {
    const error = appErrorOf(() =>
      parseBankHolidayFile({
        'england-and-wales': { events: [{ title: 'X', date: 'soon' }, { title: '', date: '2031-01-01' }, 7] },
      }),
    )
    expect(error.details?.map((d) => d.path)).toEqual([
      'england-and-wales.events[0].date',
      'england-and-wales.events[1].title',
      'england-and-wales.events[2]',
    ])
    expect(error.message).toMatch(/and 2 more problems/)
  })

  it('merges an import: the imported years replace the bundled ones, other years stay', () => {
    const imported = [
      { title: 'New Year’s Day', date: '2030-01-01' },
      { title: 'Coronation bank holiday', date: '2030-06-03' },
      { title: 'New Year’s Day', date: '2031-01-01' },
    ]
    const merged = mergeBankHolidays(bundledBankHolidays(), imported)
    const updated = createWorkingCalendar({ bankHolidays: merged })
    expect(isWorkingDay('2030-06-03', updated)).toBe(false)
    expect(isWorkingDay('2030-12-25', updated)).toBe(true) // 2030 now comes from the import only
    expect(isWorkingDay('2029-12-25', updated)).toBe(false)
    expect(updated.coverage()).toEqual({ from: '2018-01-01', to: '2031-12-31' })
  })
})

describe('instants and England’s clock', () => {
  it('gives the civil date in London, across the clock changes', () => {
    expect(civilDateInLondon('2026-07-01T23:30:00Z')).toBe('2026-07-02') // BST
    expect(civilDateInLondon('2026-12-01T23:30:00Z')).toBe('2026-12-01') // GMT
    expect(civilDateInLondon(new Date('2026-03-28T23:59:59Z'))).toBe('2026-03-28')
    expect(civilDateInLondon('2026-03-29T23:00:00Z')).toBe('2026-03-30')
    expect(appErrorOf(() => civilDateInLondon('yesterday')).code).toBe('instant-invalid')
  })

  it('ends a deadline day at midnight in London', () => {
    expect(endOfWorkingDayInstant('2026-12-29')).toBe('2026-12-29T23:59:59.999Z')
    expect(endOfWorkingDayInstant('2026-07-01')).toBe('2026-07-01T22:59:59.999Z')
    expect(endOfWorkingDayInstant('2026-03-29')).toBe('2026-03-29T22:59:59.999Z') // clocks went forward that morning
    expect(endOfWorkingDayInstant('2026-10-25')).toBe('2026-10-25T23:59:59.999Z') // and back
  })

  it('adds real hours, whatever the clocks do ("referred in writing within 24 hours" — seed 002)', () => {
    expect(addHours('2026-03-28T12:00:00.000Z', 24)).toBe('2026-03-29T12:00:00.000Z')
    expect(addHours(new Date('2026-12-01T09:00:00Z'), -1.5)).toBe('2026-12-01T07:30:00.000Z')
  })
})

describe('properties of working-day arithmetic', () => {
  const dayArb = fc
    .integer({ min: daysFromCivil(2016, 1, 1), max: daysFromCivil(2033, 12, 31) })
    .map(fromDayNumber)
  const nArb = fc.integer({ min: 0, max: 80 })
  const randomCalendarArb: fc.Arbitrary<WorkingCalendar> = fc
    .uniqueArray(fc.integer({ min: daysFromCivil(2016, 1, 1), max: daysFromCivil(2034, 12, 31) }), {
      maxLength: 120,
    })
    .map((days) =>
      createWorkingCalendar({ bankHolidays: days.map((d) => ({ title: 'Closed', date: fromDayNumber(d) })) }),
    )
  const calArb = fc.oneof(fc.constant(cal), randomCalendarArb)

  it('never lands on a non-working day (n ≥ 1)', () => {
    fc.assert(
      fc.property(calArb, dayArb, fc.integer({ min: 1, max: 80 }), (c, x, n) =>
        isWorkingDay(addWorkingDays(x, n, c), c),
      ),
    )
  })

  it('is strictly increasing in n and never earlier than the start', () => {
    fc.assert(
      fc.property(calArb, dayArb, nArb, (c, x, n) => {
        const a = addWorkingDays(x, n, c)
        const b = addWorkingDays(x, n + 1, c)
        return b > a && a >= x
      }),
    )
  })

  it('is monotonic in the start date', () => {
    fc.assert(
      fc.property(calArb, dayArb, dayArb, nArb, (c, x, y, n) => {
        const [early, late] = x <= y ? [x, y] : [y, x]
        return addWorkingDays(early, n, c) <= addWorkingDays(late, n, c)
      }),
    )
  })

  it('agrees with countWorkingDays: countWorkingDays(x, addWorkingDays(x, n)) === n', () => {
    fc.assert(
      fc.property(calArb, dayArb, nArb, (c, x, n) => countWorkingDays(x, addWorkingDays(x, n, c), c) === n),
    )
  })

  it('counts working days as a day-by-day walk would, and antisymmetrically', () => {
    fc.assert(
      fc.property(calArb, dayArb, fc.integer({ min: -60, max: 60 }), (c, x, span) => {
        const start = daysFromCivil(Number(x.slice(0, 4)), Number(x.slice(5, 7)), Number(x.slice(8, 10)))
        const y = fromDayNumber(start + span)
        let walked = 0
        for (let d = Math.min(start, start + span) + 1; d <= Math.max(start, start + span); d++) {
          if (isWorkingDay(fromDayNumber(d), c)) walked++
        }
        const count = countWorkingDays(x, y, c)
        return count === (span >= 0 ? walked : -walked) && countWorkingDays(y, x, c) === -count
      }),
    )
  })

  it('has the first working day after x one working day later', () => {
    fc.assert(fc.property(calArb, dayArb, (c, x) => countWorkingDays(x, nextWorkingDay(x, c), c) === 1))
  })
})

describe('showing dates (src/shared/dates.ts)', () => {
  it('shows civil dates as 22 Nov 2026', () => {
    expect(formatDate('2026-11-22')).toBe('22 Nov 2026')
    expect(formatDate('2027-03-01')).toBe('1 Mar 2027')
    expect(() => formatDate('2026-02-30')).toThrow(RangeError)
  })

  it('shows instants in England’s time: GMT in winter, BST in summer', () => {
    expect(formatDateTime('2026-11-22T14:05:00Z')).toBe('22 Nov 2026, 14:05')
    expect(formatDateTime('2026-07-01T13:05:00Z')).toBe('1 Jul 2026, 14:05')
    expect(formatDateTime(new Date('2026-12-31T23:59:00Z'))).toBe('31 Dec 2026, 23:59')
    expect(formatDateTime('2026-03-29T00:59:59Z')).toBe('29 Mar 2026, 00:59')
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29 Mar 2026, 02:00')
  })

  it('describes gaps in words, to two units', () => {
    const hour = 3_600_000
    expect(formatDuration((2 * 24 + 3) * hour)).toBe('2 days 3 hours')
    expect(formatDuration(24 * hour)).toBe('1 day')
    expect(formatDuration(24 * hour + 59 * 60_000)).toBe('1 day')
    expect(formatDuration(hour + 60_000)).toBe('1 hour 1 minute')
    expect(formatDuration(5 * 60_000)).toBe('5 minutes')
    expect(formatDuration(59_999)).toBe('less than a minute')
    expect(formatDuration(-2 * hour)).toBe('2 hours')
    expect(formatGap('2026-12-01T08:00:00Z', '2026-12-03T11:00:00Z')).toBe('2 days 3 hours')
  })

  it('validates civil dates and instants with the shared schemas', () => {
    expect(CivilDate.safeParse('2028-02-29').success).toBe(true)
    expect(CivilDate.safeParse('2027-02-29').success).toBe(false)
    expect(Instant.safeParse('2026-11-22T14:05:00.000Z').success).toBe(true)
    expect(Instant.safeParse('2026-11-22 14:05').success).toBe(false)
  })
})
