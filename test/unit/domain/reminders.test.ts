/**
 * The desktop reminders' words and days (src/main/domain/reminders.ts): counts only — never a child's name
 * or a dispute reference, since a notification shows on a locked screen — on the England and Wales
 * working-day calendar the deadlines themselves are counted on.
 */
import { describe, expect, it } from 'vitest'
import { dashboard, escalate } from '../../../src/main/domain/disputes'
import {
  dayStartInstant,
  lockedReminder,
  nextDayStart,
  nextWorkingDayStart,
  reminderDates,
  reminderFor,
  reminderWords,
} from '../../../src/main/domain/reminders'
import type { Dispute } from '../../../src/shared/dispute'
import { at, cal, ctx, must, open, policyOf } from './disputes/fixtures'
import { SEED, seedSays } from './policies/seeds'

const solihull = policyOf('solihull-sscp')
const by = 'A Lead (DSL)'

const rowsAt = (disputes: Dispute[], now: string) => dashboard(disputes, { policies: [solihull], now, calendar: cal })
const remind = (disputes: Dispute[], now: string) => reminderFor(rowsAt(disputes, now), now, cal)

/** A Solihull dispute opened on `day` (its disagreement that day), as the second dispute if `id` says so. */
const opened = (day: string, id = 'd-1', reference = 'ESC-2026-0001'): Dispute => ({
  ...open(solihull, at(day, '09:00'), { disagreementOn: day }),
  id,
  reference,
})

describe('what a reminder says', () => {
  it('counts each deadline the dispute page lists — stage 1 and its two steps — as due tomorrow the day it opens, due today the next working day, overdue after', () => {
    seedSays(SEED.solihull, 'Stage 1 within 1 working day of initiation.')
    seedSays(
      SEED.solihull,
      'The practitioners involved should attempt to resolve differences through discussion within one working day',
    )
    const d = opened('2026-12-07') // Monday: stage 1 due Tuesday 8 Dec
    expect(remind([d], at('2026-12-07', '10:00'))).toMatchObject({
      body: '3 deadlines due tomorrow — open Escalation Log to see them.',
      counts: { overdue: 0, dueToday: 0, dueNextWorkingDay: 3, notificationsOwed: 0 },
      opensDisputeId: 'd-1',
    })
    expect(remind([d], at('2026-12-08', '08:00'))?.body).toBe('3 deadlines due today — open Escalation Log to see them.')
    expect(remind([d], at('2026-12-09', '08:00'))?.body).toBe('3 deadlines overdue — open Escalation Log to see them.')
  })

  it('says the next working day by name when it is not tomorrow: Friday → Monday, Christmas Eve → Tuesday 29 Dec', () => {
    expect(remind([opened('2026-12-04')], at('2026-12-04', '10:00'))?.body).toBe('3 deadlines due on Monday — open Escalation Log to see them.')
    // Christmas Day (Fri 25 Dec 2026) and the Boxing Day substitute (Mon 28 Dec) are not working days.
    expect(remind([opened('2026-12-24')], at('2026-12-24', '10:00'))?.body).toBe('3 deadlines due on Tuesday — open Escalation Log to see them.')
  })

  it('counts notifications owed: the Business Manager at stage 2', () => {
    seedSays(
      SEED.solihull,
      'The details should also be shared with the SSCP Business Manager as evidence of escalation (sscp@solihull.gov.uk).',
    )
    seedSays(SEED.solihull, 'Stage 2 within 2 working days of stage 1')
    let d = opened('2026-12-07')
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-08', '09:00')))) // stage 2 due Thu 10 Dec
    const r = remind([d], at('2026-12-09', '08:00'))
    expect(r?.counts).toEqual({ overdue: 0, dueToday: 0, dueNextWorkingDay: 1, notificationsOwed: 1 })
    expect(r?.body).toBe('1 deadline due tomorrow; 1 notification owed — open Escalation Log to see them.')
  })

  it('adds several disputes together and then opens the dashboard rather than one of them', () => {
    const disputes = [opened('2026-12-07'), opened('2026-12-08', 'd-2', 'ESC-2026-0002'), opened('2026-12-08', 'd-3', 'ESC-2026-0003')]
    const r = remind(disputes, at('2026-12-09', '08:00'))
    expect(r?.body).toBe('6 deadlines due today, 3 overdue — open Escalation Log to see them.')
    expect(r?.opensDisputeId).toBeNull()
  })

  it('names no child and no dispute reference, and is silent when nothing is due soon or owed', () => {
    const d = opened('2026-12-07')
    const r = remind([d], at('2026-12-08', '08:00'))!
    expect(`${r.title} ${r.body}`).not.toContain('ESC-2026')
    expect(`${r.title} ${r.body}`).not.toMatch(/Northfield|Smith|child-1/)
    expect(remind([], at('2026-12-08', '08:00'))).toBeNull()
    const done = { ...d, status: 'resolved' as const }
    expect(remind([done], at('2026-12-09', '08:00'))).toBeNull()
  })

  it('puts the parts in a sentence: one noun, plural where it must be', () => {
    expect(reminderWords({ overdue: 2, dueToday: 0, dueNextWorkingDay: 3, notificationsOwed: 2 }, 'tomorrow')).toBe(
      '2 deadlines overdue, 3 due tomorrow; 2 notifications owed — open Escalation Log to see them.',
    )
    expect(reminderWords({ overdue: 0, dueToday: 0, dueNextWorkingDay: 0, notificationsOwed: 1 }, 'tomorrow')).toBe(
      '1 notification owed — open Escalation Log to see them.',
    )
    expect(reminderWords({ overdue: 0, dueToday: 0, dueNextWorkingDay: 0, notificationsOwed: 0 }, 'tomorrow')).toBeNull()
  })
})

describe('the dates kept for a locked vault', () => {
  it('are the days deadlines fall on, today or later, each once: nothing else', () => {
    const disputes = [opened('2026-12-07'), opened('2026-12-07', 'd-2', 'ESC-2026-0002'), opened('2026-12-04', 'd-3', 'ESC-2026-0003')]
    expect(reminderDates(rowsAt(disputes, at('2026-12-07', '10:00')), at('2026-12-07', '10:00'))).toEqual(['2026-12-07', '2026-12-08'])
    expect(reminderDates(rowsAt(disputes, at('2026-12-08', '10:00')), at('2026-12-08', '10:00'))).toEqual(['2026-12-08'])
  })

  it('give only a generic reminder, on a day in the list', () => {
    expect(lockedReminder(['2026-12-08'], at('2026-12-08', '08:00'))).toEqual({
      title: 'Escalation Log',
      body: 'Deadlines are due today — unlock Escalation Log to see them.',
      opensDisputeId: null,
    })
    expect(lockedReminder(['2026-12-08'], at('2026-12-09', '08:00'))).toBeNull()
    expect(lockedReminder([], at('2026-12-08', '08:00'))).toBeNull()
  })
})

describe('when the next reminder comes', () => {
  it('at 08:00 Europe/London at the start of each working day: today’s if not yet begun, else the next working day’s', () => {
    expect(nextWorkingDayStart('2026-12-02T07:00:00.000Z', cal)).toBe('2026-12-02T08:00:00.000Z')
    expect(nextWorkingDayStart('2026-12-02T08:00:00.000Z', cal)).toBe('2026-12-03T08:00:00.000Z')
    expect(nextWorkingDayStart('2026-12-04T09:00:00.000Z', cal)).toBe('2026-12-07T08:00:00.000Z') // Friday → Monday
    expect(nextWorkingDayStart('2026-12-05T07:00:00.000Z', cal)).toBe('2026-12-07T08:00:00.000Z') // Saturday
    expect(nextWorkingDayStart('2026-12-24T09:00:00.000Z', cal)).toBe('2026-12-29T08:00:00.000Z') // Christmas, Boxing Day substitute
  })

  it('follows British Summer Time: 08:00 BST is 07:00 UTC', () => {
    expect(dayStartInstant('2026-06-01')).toBe('2026-06-01T07:00:00.000Z')
    expect(nextWorkingDayStart('2026-06-01T06:30:00.000Z', cal)).toBe('2026-06-01T07:00:00.000Z')
    // Sunday 29 Mar 2026, the clocks go forward: Monday's start is 07:00 UTC, Friday's was 08:00.
    expect(nextWorkingDayStart('2026-03-27T09:00:00.000Z', cal)).toBe('2026-03-30T07:00:00.000Z')
  })

  it('while locked, at the start of every day (the dates themselves are working days)', () => {
    expect(nextDayStart('2026-12-05T07:00:00.000Z')).toBe('2026-12-05T08:00:00.000Z')
    expect(nextDayStart('2026-12-05T08:00:00.000Z')).toBe('2026-12-06T08:00:00.000Z')
    expect(nextDayStart('2026-12-31T23:30:00.000Z')).toBe('2027-01-01T08:00:00.000Z')
  })
})
