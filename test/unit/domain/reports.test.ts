/**
 * Solihull (seed 001): "The SSCP will review notifications quarterly to identify any trends to inform
 * learning." The nine disputes of test/unit/exports/quarter-fixture.ts (HAND_COUNTED) around Q4 2026,
 * counted by hand (now = 10 Jan 2027):
 *
 * | ref | opened     | agency                   | reasons                        | highest by 31 Dec | closed            | stage deadlines due in Q4 and missed |
 * | D1  | 5 Oct      | St Helens CSC            | level-of-need, drift-and-delay | 2                 | resolved 12 Oct   | s2 due 8 Oct, left 12 Oct            |
 * | D2  | 20 Oct     | st helens children's …   | level-of-need                  | 3                 | resolved 2 Nov    | s3 due 30 Oct, left 2 Nov            |
 * | D3  | 3 Nov      | Merseyside Police        | lack-of-communication          | 1                 | open              | s1 due 4 Nov, still open             |
 * | D4  | 10 Nov     | Mersey and West Lancs NHS| minutes-not-received, other    | 1                 | withdrawn 11 Nov  | —                                    |
 * | D5  | 1 Dec      | Merseyside Police        | level-of-need, drift-and-delay | 4                 | open              | s4 due 16 Dec, still open            |
 * | D6  | 21 Dec     | St Helens CSC            | —                              | 2                 | resolved 5 Jan 27 | s2 due 24 Dec, left 5 Jan            |
 * | D7  | 28 Sep (Q3)| Merseyside Police        | level-of-need                  | (not opened in Q4)| resolved 14 Oct   | s2 due 1 Oct, s3 due 9 Oct           |
 * | D8  | 4 Jan 27   | Merseyside Police        | level-of-need                  | (Q1 2027)         | open              | —                                    |
 * | D9  | 8 Dec      | Solihull MASH            | —                              | emergency         | resolved 8 Dec    | —                                    |
 *
 * Working days to resolution (opened → resolved): D1 5 Oct→12 Oct = 5; D2 20 Oct→2 Nov = 9;
 * D7 28 Sep→14 Oct = 12; D9 8 Dec→8 Dec = 0. Median (5+9)/2 = 7, mean 26/4 = 6.5.
 */
import { describe, expect, it } from 'vitest'
import { defaultCalendar } from '../../../src/main/domain/calendar'
import { builtInPolicies } from '../../../src/main/domain/policies'
import {
  calendarQuarterLabel,
  previousQuarter,
  quarterBounds,
  quarterOf,
  quarterlyFigures,
  stageDeadlineResult,
} from '../../../src/main/domain/reports'
import { HAND_COUNTED, HAND_NOW, handCountedDisputes, handDispute, handRecords } from '../exports/quarter-fixture'
import { SEED, seedSays } from './policies/seeds'

const calendar = defaultCalendar()
const q4 = () =>
  quarterlyFigures(handCountedDisputes(), handRecords(), {
    year: 2026,
    quarter: 4,
    calendar,
    now: HAND_NOW,
    policies: builtInPolicies(),
  })

describe('quarterly figures', () => {
  it('quotes the rule it serves', () => {
    seedSays(SEED.solihull, 'The SSCP will review notifications quarterly to identify any trends to inform learning.')
    expect(HAND_COUNTED).toHaveLength(9)
  })

  it('calendar quarters: Q4 is October to December', () => {
    expect(quarterBounds(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(quarterBounds(2028, 1)).toEqual({ from: '2028-01-01', to: '2028-03-31' })
    expect(quarterOf('2026-07-01')).toEqual({ year: 2026, quarter: 3 })
    expect(previousQuarter({ year: 2027, quarter: 1 })).toEqual({ year: 2026, quarter: 4 })
    expect(() => quarterBounds(2026, 5 as 1)).toThrow(expect.objectContaining({ code: 'quarter-invalid' }))
  })

  it('counts disputes opened, resolved, withdrawn and open at the quarter’s end', () => {
    const f = q4()
    expect(f.label).toBe('Oct–Dec 2026')
    expect(f.complete).toBe(true)
    expect(f.opened).toBe(7) // D1 D2 D3 D4 D5 D6 D9
    expect(f.resolved).toBe(4) // D1 D2 D7 D9
    expect(f.withdrawn).toBe(1) // D4
    expect(f.openAtQuarterEnd).toBe(3) // D3 D5, and D6 (closed in January)
  })

  it('counts the highest stage reached by the quarter’s end', () => {
    expect(q4().stageReached.map((s) => [s.label, s.count])).toEqual([
      ['Emergency route', 1],
      ['Stage 1', 2],
      ['Stage 2', 2],
      ['Stage 3', 1],
      ['Stage 4', 1],
    ])
  })

  it('counts reasons, each labelled from the policy, most frequent first', () => {
    expect(q4().reasons.map((r) => [r.key, r.label, r.count])).toEqual([
      ['level-of-need', 'Level of need', 3],
      ['drift-and-delay', 'Drift and delay', 2],
      ['lack-of-communication', 'Lack of communication', 1],
      ['minutes-not-received', 'Minutes not received', 1],
      ['other', 'Other (please provide brief details)', 1],
    ])
  })

  it('counts agencies, treating differences of case, spacing and apostrophe as the same agency', () => {
    expect(q4().agencies.map((a) => [a.label, a.count])).toEqual([
      ['St Helens Children’s Social Care', 3],
      ['Merseyside Police', 2],
      ['Mersey and West Lancashire NHS Trust', 1],
      ['Solihull MASH', 1],
    ])
  })

  it('working days to resolution, with median and mean', () => {
    const f = q4()
    expect(f.workingDaysToResolution).toEqual([
      { reference: 'D1', workingDays: 5 },
      { reference: 'D2', workingDays: 9 },
      { reference: 'D7', workingDays: 12 },
      { reference: 'D9', workingDays: 0 },
    ])
    expect(f.medianWorkingDaysToResolution).toBe(7)
    expect(f.meanWorkingDaysToResolution).toBe(6.5)
  })

  it('deadlines missed: stage deadlines that passed in the quarter before the stage was left', () => {
    expect(q4().deadlinesMissed).toEqual([
      { reference: 'D7', position: 'Stage 2', due: '2026-10-01' },
      { reference: 'D1', position: 'Stage 2', due: '2026-10-08' },
      { reference: 'D7', position: 'Stage 3', due: '2026-10-09' },
      { reference: 'D2', position: 'Stage 3', due: '2026-10-30' },
      { reference: 'D3', position: 'Stage 1', due: '2026-11-04' },
      { reference: 'D5', position: 'Stage 4', due: '2026-12-16' },
      { reference: 'D6', position: 'Stage 2', due: '2026-12-24' },
    ])
  })

  it('counts approved records of contacts in the quarter, and the late ones; drafts are not counted', () => {
    expect(q4().records).toEqual({ approved: 3, retrospective: 1 })
    const withoutRecords = quarterlyFigures(handCountedDisputes(), undefined, { year: 2026, quarter: 4, calendar, now: HAND_NOW })
    expect(withoutRecords.records).toBeNull()
    // Without the policies, reasons are labelled by their ids.
    expect(withoutRecords.reasons[0]).toEqual({ key: 'level-of-need', label: 'level-of-need', count: 3 })
  })

  it('a quarter not yet over gives the figures so far; a deadline not yet passed is not missed', () => {
    const f = quarterlyFigures(handCountedDisputes(), undefined, { year: 2027, quarter: 1, calendar, now: '2027-01-05T09:00:00.000Z' })
    expect(f.complete).toBe(false)
    expect(f.opened).toBe(1) // D8
    expect(f.deadlinesMissed).toEqual([]) // D8's stage 1 is due at the end of 5 Jan
    expect(f.resolved).toBe(1) // D6 on 5 Jan
  })

  it('places a dispute by its date in England: 00:30 BST on 1 April is in Q2', () => {
    const d = handDispute({
      ref: 'BST',
      policy: 'st-helens-scp',
      agency: 'Merseyside Police',
      reasons: [],
      status: 'open',
      visits: [{ stage: 1, entered: '2026-04-01', left: null, due: '2026-04-02' }],
    })
    const early = { ...d, openedAt: '2026-03-31T23:30:00.000Z' }
    early.stageHistory = [{ ...d.stageHistory[0], enteredAt: '2026-03-31T23:30:00.000Z', enteredOn: '2026-04-01' }]
    const opts = { calendar, now: HAND_NOW }
    expect(quarterlyFigures([early], undefined, { ...opts, year: 2026, quarter: 2 }).opened).toBe(1)
    expect(quarterlyFigures([early], undefined, { ...opts, year: 2026, quarter: 1 }).opened).toBe(0)
  })

  it('names a calendar quarter by its months, so it is never read as the financial Q4 (the boundaries: 31 Mar / 1 Apr, 31 Dec / 1 Jan)', () => {
    const opened = (ref: string, on: string) =>
      handDispute({ ref, policy: 'st-helens-scp', agency: 'Merseyside Police', reasons: [], status: 'open', visits: [{ stage: 1, entered: on, left: null, due: null }] })
    const all = [opened('MAR31', '2027-03-31'), opened('APR1', '2027-04-01'), opened('DEC31', '2026-12-31'), opened('JAN1', '2027-01-01')]
    const at = (year: number, quarter: 1 | 2 | 3 | 4) => quarterlyFigures(all, undefined, { year, quarter, calendar, now: '2027-06-01T09:00:00.000Z' })
        expect([at(2026, 4).label, at(2027, 1).label, at(2027, 2).label]).toEqual(['Oct–Dec 2026', 'Jan–Mar 2027', 'Apr–Jun 2027'])
    expect(at(2026, 4).months).toBe('October to December 2026')
    expect(at(2026, 4).opened).toBe(1) // 31 Dec
    expect(at(2027, 1).opened).toBe(2) // 1 Jan and 31 Mar
    expect(at(2027, 2).opened).toBe(1) // 1 Apr
    expect(quarterOf('2027-03-31')).toEqual({ year: 2027, quarter: 1 })
    expect(quarterOf('2027-04-01')).toEqual({ year: 2027, quarter: 2 })
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, quarter: 4 })
    expect(quarterOf('2027-01-01')).toEqual({ year: 2027, quarter: 1 })
    expect(calendarQuarterLabel(2026, 3)).toBe('Jul–Sep 2026')
  })

  it('says the policy’s own word for a stage: an imported policy of “Steps” gives “Step 2”', () => {
    const steps = builtInPolicies().map((p) => (p.id === 'st-helens-scp' ? { ...p, stageWord: 'Step' } : p))
    const stHelens = handCountedDisputes().filter((d) => d.policy.id === 'st-helens-scp')
    const f = quarterlyFigures(stHelens, undefined, { year: 2026, quarter: 4, calendar, now: HAND_NOW, policies: steps })
    expect(f.stageWord).toBe('Step')
    expect(f.stageReached.map((s) => s.label)).toContain('Step 2')
    expect(f.deadlinesMissed.map((m) => m.position)).toContain('Step 2')
    expect(JSON.stringify(f)).not.toMatch(/Stage \d/)
  })

  it('a stage deadline is met when the stage is left by the end of its day in England', () => {
    const [d1] = handCountedDisputes()
    expect(stageDeadlineResult(d1.stageHistory[0], HAND_NOW)).toEqual({ state: 'met' })
    expect(stageDeadlineResult(d1.stageHistory[1], HAND_NOW)).toEqual({ state: 'missed', stillOpen: false })
    const open = { ...d1.stageHistory[1], leftAt: null }
    expect(stageDeadlineResult(open, '2026-10-08T22:00:00.000Z')).toEqual({ state: 'pending' }) // 23:00 BST
    expect(stageDeadlineResult(open, '2026-10-08T23:00:00.000Z')).toEqual({ state: 'missed', stillOpen: true })
  })
})

describe('notifications in the quarterly figures', () => {
  it('counts a notification recorded as not needed as such, apart from those sent, by the quarter it was settled in', () => {
    const [d1, d2, ...rest] = handCountedDisputes()
    const withSettled = [
      {
        ...d1!,
        notificationsSent: [{ notificationId: 'iro', stage: null, sentOn: '2026-10-06', recordedAt: '2026-10-06T10:00:00.000Z', by: 'A Lead' }],
        notificationsNotNeeded: [{ notificationId: 'business-manager', stage: 2, reason: 'Shared at the meeting.', recordedAt: '2026-10-07T10:00:00.000Z', by: 'A Lead' }],
      },
      {
        ...d2!,
        // Recorded as not needed on 1 Jan 2027 (00:30 GMT): Q1 2027, not Q4.
        notificationsNotNeeded: [{ notificationId: 'iro', stage: null, reason: 'The IRO chaired it.', recordedAt: '2027-01-01T00:30:00.000Z', by: 'A Lead' }],
      },
      ...rest,
    ]
    const figures = (quarter: 1 | 4, year: number) =>
      quarterlyFigures(withSettled, undefined, { year, quarter, calendar, now: HAND_NOW, policies: builtInPolicies() }).notifications
    expect(figures(4, 2026)).toEqual({ sent: 1, notNeeded: 1 })
    expect(figures(1, 2027)).toEqual({ sent: 0, notNeeded: 1 })
    expect(q4().notifications).toEqual({ sent: 0, notNeeded: 0 })
  })
})
