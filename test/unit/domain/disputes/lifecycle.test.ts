import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bundledBankHolidays,
  countWorkingDays,
  createWorkingCalendar,
  isWorkingDay,
} from '../../../../src/main/domain/calendar'
import {
  dashboard,
  disputeReference,
  disputeStatus,
  escalate,
  nextReferenceCounter,
  openDispute,
  recordNotificationSent,
  recordStepDone,
  requestCaseMeeting,
  requestExceptionalRoute,
  resolve,
  withdraw,
} from '../../../../src/main/domain/disputes'
import { builtInPolicies, findPolicy, validatePolicy } from '../../../../src/main/domain/policies'
import type { Dispute } from '../../../../src/shared/dispute'
import { SEED, seedSays } from '../policies/seeds'
import { northmoorPolicy } from '../policies/custom-policy'
import { at, baseInput, cal, ctx, expectDue, must, open, policyOf, refusal } from './fixtures'

const solihull = policyOf('solihull-sscp')
const havering = policyOf('havering-hscb')
const by = 'A Lead (DSL)'
const drafts = [
  { id: 'r1', status: 'draft' as const, label: 'Phone call with J Smith on 3 Dec 2026' },
  { id: 'r2', status: 'approved' as const, label: 'Email to J Smith on 3 Dec 2026' },
  { id: 'r3', status: 'draft' as const, label: 'Meeting with K Patel on 4 Dec 2026' },
]
const outcome = {
  summary: 'Assessment agreed.',
  writtenConfirmation: { receivedOn: '2026-12-04', from: 'J Smith' },
  by,
}

describe('references', () => {
  it('ESC-year-counter, a pure function of a counter and a year', () => {
    expect(disputeReference(2026, 1)).toBe('ESC-2026-0001')
    expect(disputeReference(2026, 12345)).toBe('ESC-2026-12345')
    expect(nextReferenceCounter(['ESC-2026-0001', 'ESC-2026-0007', 'ESC-2025-0042', 'nonsense'], 2026)).toBe(
      8,
    )
    expect(nextReferenceCounter([], 2027)).toBe(1)
    expect(() => disputeReference(2026, 0)).toThrow(RangeError)
  })
})

describe('the approval gate', () => {
  it('refuses to escalate, resolve, withdraw or take the exceptional route while records await approval, naming the drafts', () => {
    seedSays(
      SEED.wolverhampton,
      'The professionals involved in the resolution process must accurately and contemporaneously record each intra- and inter-agency discussion they have, and approve and date the record.',
    )
    const d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    const now = at('2026-12-04')
    const e = refusal(escalate(d, { by }, ctx(solihull, now, drafts)))
    expect(e.code).toBe('records-unapproved')
    expect(e.message).toBe(
      '2 records await approval: Phone call with J Smith on 3 Dec 2026; Meeting with K Patel on 4 Dec 2026 — approve them first, then escalate.',
    )
    expect(e.details?.map((x) => x.path)).toEqual(['records.r1', 'records.r3'])
    expect(refusal(resolve(d, outcome, ctx(solihull, now, drafts))).code).toBe('records-unapproved')
    expect(
      refusal(withdraw(d, { reason: 'Resolved informally', by }, ctx(solihull, now, [drafts[0]]))).message,
    ).toBe(
      '1 record awaits approval: Phone call with J Smith on 3 Dec 2026 — approve it first, then withdraw the dispute.',
    )
    const w = policyOf('wolverhampton-wscb')
    let wd = open(w, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    for (const day of ['2026-12-04', '2026-12-07', '2026-12-08'])
      wd = must(escalate(wd, { by }, ctx(w, at(day))))
    expect(refusal(requestExceptionalRoute(wd, { by }, ctx(w, at('2026-12-09'), drafts))).code).toBe(
      'records-unapproved',
    )
    // The status says what blocks the next step.
    expect(disputeStatus(d, ctx(solihull, now, drafts)).blockers[0]).toMatchObject({
      code: 'records-unapproved',
    })
    expect(disputeStatus(d, ctx(solihull, now, drafts)).canEscalate).toBe(false)
    // Approved records do not block.
    expect(must(escalate(d, { by }, ctx(solihull, now, [drafts[1]]))).currentStage).toBe(2)
  })
})

describe('resolving and withdrawing', () => {
  it('no resolution without a written outcome', () => {
    seedSays(
      SEED.wolverhampton,
      'This must include written confirmation between the parties about an agreed outcome of the disagreement and how any outstanding issues will be pursued.',
    )
    const d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    const now = at('2026-12-04', '15:00')
    for (const bad of [
      { ...outcome, writtenConfirmation: undefined },
      { ...outcome, writtenConfirmation: { receivedOn: '2026-12-04', from: ' ' } },
      { ...outcome, summary: '' },
    ]) {
      expect(refusal(resolve(d, bad as never, ctx(solihull, now))).code).toBe('written-outcome-missing')
    }
    expect(
      refusal(
        resolve(
          d,
          { ...outcome, writtenConfirmation: { receivedOn: '2026-12-05', from: 'J Smith' } },
          ctx(solihull, now),
        ),
      ).code,
    ).toBe('date-in-future')
    expect(
      refusal(
        resolve(
          d,
          { ...outcome, writtenConfirmation: { receivedOn: '2026-12-02', from: 'J Smith' } },
          ctx(solihull, now),
        ),
      ).code,
    ).toBe('date-before-dispute')
    expect(refusal(resolve(d, { ...outcome, stageReached: 3 }, ctx(solihull, now))).code).toBe(
      'stage-not-reached',
    )
    const done = must(resolve(d, outcome, ctx(solihull, now)))
    expect(done).toMatchObject({
      status: 'resolved',
      closedAt: now,
      outcome: { stageReached: 1, writtenConfirmation: { receivedOn: '2026-12-04', from: 'J Smith' } },
    })
    expect(done.stageHistory[0].leftAt).toBe(now)
    // A closed dispute moves no further, and has no live deadlines.
    expect(refusal(escalate(done, { by }, ctx(solihull, now))).code).toBe('dispute-closed')
    expect(refusal(withdraw(done, { reason: 'x', by }, ctx(solihull, now))).code).toBe('dispute-closed')
    expect(disputeStatus(done, ctx(solihull, now)).dueDates).toEqual([])
  })

  it('withdrawing needs a reason', () => {
    const d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    expect(refusal(withdraw(d, { reason: '  ', by }, ctx(solihull, at('2026-12-04')))).code).toBe(
      'withdrawal-reason-missing',
    )
    const w = must(
      withdraw(d, { reason: 'The other agency reversed its decision.', by }, ctx(solihull, at('2026-12-04'))),
    )
    expect(w).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'The other agency reversed its decision.', by },
    })
  })
})

describe('time and history', () => {
  it('refuses events in the future or before the current stage began, and never changes the dispute it is given', () => {
    const d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    const before = JSON.stringify(d)
    expect(refusal(escalate(d, { by, at: at('2026-12-05') }, ctx(solihull, at('2026-12-04')))).code).toBe(
      'time-in-future',
    )
    expect(refusal(escalate(d, { by, at: at('2026-12-02') }, ctx(solihull, at('2026-12-04')))).code).toBe(
      'time-before-stage',
    )
    const later = must(escalate(d, { by, at: at('2026-12-03', '15:00') }, ctx(solihull, at('2026-12-04'))))
    expect(later.stageHistory[1].enteredAt).toBe(at('2026-12-03', '15:00'))
    expect(JSON.stringify(d)).toBe(before)
    const e = refusal(
      openDispute(baseInput({ disagreementOn: '2026-12-10' }), {
        ...ctx(solihull, at('2026-12-04')),
        id: 'x',
        reference: 'ESC-2026-0009',
      }),
    )
    expect(e.code).toBe('date-in-future')
    expect(
      refusal(
        openDispute(baseInput({ childIds: [] }), {
          ...ctx(solihull, at('2026-12-08')),
          id: 'x',
          reference: 'ESC-2026-0009',
        }),
      ).message,
    ).toBe('Choose at least one child.')
  })

  it('a dispute keeps the policy version it was opened under; later versions and calendars never move its deadlines', () => {
    const d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    const v2 = validatePolicy({
      ...JSON.parse(JSON.stringify(solihull)),
      version: 2,
      stages: solihull.stages.map((s) =>
        s.number === 1 ? { ...s, timescale: { ...s.timescale!, amount: 3 } } : s,
      ),
    })
    expect(d.policy).toEqual({ id: 'solihull-sscp', version: 1, partnership: solihull.partnership })
    expect(refusal(escalate(d, { by }, ctx(v2, at('2026-12-04')))).code).toBe('policy-mismatch')
    expect(findPolicy([...builtInPolicies(), v2], d.policy.id, d.policy.version)).toBe(solihull)
    // The organisation adds a closure day on the due date after the stage began: the stored deadline stands.
    const closed = createWorkingCalendar({
      bankHolidays: bundledBankHolidays(),
      extraClosures: [{ date: '2026-12-04', label: 'INSET day' }],
    })
    const s = disputeStatus(d, { policy: solihull, calendar: closed, now: at('2026-12-04'), records: [] })
    expect(s.dueDates[0]).toMatchObject({ key: 'stage-1', display: '4 Dec 2026', state: 'dueSoon' })
  })

  it('a step recorded as done stops being due', () => {
    const w = policyOf('wolverhampton-wscb')
    let d = open(w, at('2026-11-02'), { disagreementOn: '2026-11-02' })
    expect(
      disputeStatus(d, ctx(w, at('2026-11-05'))).dueDates.find(
        (x) => x.key === 'stage-1/step/raise-in-writing',
      )?.state,
    ).toBe('overdue')
    d = must(
      recordStepDone(
        d,
        { key: 'stage-1/step/raise-in-writing', doneOn: '2026-11-03', by },
        ctx(w, at('2026-11-05')),
      ),
    )
    expect(
      disputeStatus(d, ctx(w, at('2026-11-05'))).dueDates.find(
        (x) => x.key === 'stage-1/step/raise-in-writing',
      ),
    ).toMatchObject({
      state: 'done',
      doneOn: '2026-11-03',
    })
    expect(
      refusal(
        recordStepDone(d, { key: 'stage-9/step/x', doneOn: '2026-11-03', by }, ctx(w, at('2026-11-05'))),
      ).code,
    ).toBe('step-unknown')
  })
})

describe('due soon, overdue and the dashboard', () => {
  it('due soon means due today or the next working day; overdue counts working days', () => {
    const d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' }) // stage 1 due Fri 4 Dec
    const state = (now: string) => {
      const s = disputeStatus(d, ctx(solihull, now))
      return [s.nextDeadline?.state, s.overdueByWorkingDays]
    }
    expect(state(at('2026-12-03'))).toEqual(['dueSoon', 0]) // due tomorrow, a working day
    expect(state(at('2026-12-04'))).toEqual(['dueSoon', 0])
    expect(state(at('2026-12-05'))).toEqual(['overdue', 0]) // passed, but no working day has gone by
    expect(state(at('2026-12-07'))).toEqual(['overdue', 1])
    expect(state(at('2026-12-09'))).toEqual(['overdue', 3])
    const friday = open(solihull, at('2026-12-07'), { disagreementOn: '2026-12-07' })
    const w = must(escalate(friday, { by }, ctx(solihull, at('2026-12-08')))) // stage 2 due Thu 10 Dec
    expect(disputeStatus(w, ctx(solihull, at('2026-12-08'))).nextDeadline?.state).toBe('pending')
    expect(disputeStatus(w, ctx(solihull, at('2026-12-09'))).nextDeadline?.state).toBe('dueSoon')
  })

  it('orders open disputes by next deadline, most urgent first, and flags a policy that is not installed', () => {
    const mk = (
      id: string,
      reference: string,
      policy = solihull,
      date = '2026-12-07',
      extra = {},
    ): Dispute => ({
      ...open(policy, at(date), { disagreementOn: date, ...extra }),
      id,
      reference,
    })
    const late = mk('a', 'ESC-2026-0003', solihull, '2026-12-01') // stage 1 due 2 Dec: overdue
    const week = mk('b', 'ESC-2026-0001', havering, '2026-12-07') // due 14 Dec
    const tomorrow = mk('c', 'ESC-2026-0002', solihull, '2026-12-07') // due 8 Dec
    // Due 8 Dec too, but "likely to suffer significant harm within the next 24 hours" (seed 000) runs out
    // 24 hours after it was opened, before the end of 8 Dec: the more urgent of the two.
    const rapid = mk('d', 'ESC-2026-0004', solihull, '2026-12-07', { triage: { level: 'significantHarm' } })
    const closed = must(
      resolve(
        mk('e', 'ESC-2026-0005'),
        { ...outcome, writtenConfirmation: { receivedOn: '2026-12-07', from: 'J' } },
        ctx(solihull, at('2026-12-07', '12:00')),
      ),
    )
    const orphan: Dispute = {
      ...mk('f', 'ESC-2026-0006'),
      policy: { id: 'gone', version: 1, partnership: 'Elsewhere' },
    }
    const rows = dashboard([week, closed, rapid, tomorrow, late, orphan], {
      policies: builtInPolicies(),
      now: at('2026-12-07', '12:00'),
      calendar: cal,
    })
    expect(rows.map((r) => r.reference)).toEqual([
      'ESC-2026-0006',
      'ESC-2026-0003',
      'ESC-2026-0004',
      'ESC-2026-0002',
      'ESC-2026-0001',
    ])
    expect(rows[0].problem).toMatch(/not installed/)
    expect(rows[1].status).toMatchObject({ overdue: true, overdueByWorkingDays: 3 })
  })
})

describe('options and routes only where the policy has them', () => {
  it('Havering has no any-stage option; Solihull has no exceptional route', () => {
    const h = open(havering, at('2026-12-07'))
    expect(refusal(requestCaseMeeting(h, { by }, ctx(havering, at('2026-12-07')))).code).toBe(
      'option-not-in-policy',
    )
    const s = open(solihull, at('2026-12-07'))
    expect(refusal(requestExceptionalRoute(s, { by }, ctx(solihull, at('2026-12-07')))).code).toBe(
      'no-exceptional-route',
    )
    expect(refusal(requestCaseMeeting(s, { by }, ctx(solihull, at('2026-12-07')))).message).toBe(
      "Choose one of: Multi-Agency Professionals' Case Meeting; Professionals meeting.",
    )
  })

  it('notifications that are unknown or not due are refused', () => {
    const s = open(solihull, at('2026-12-07'))
    expect(
      refusal(
        recordNotificationSent(
          s,
          { notificationId: 'nobody', sentOn: '2026-12-07', by },
          ctx(solihull, at('2026-12-07')),
        ),
      ).code,
    ).toBe('notification-unknown')
    expect(
      refusal(
        recordNotificationSent(
          s,
          { notificationId: 'business-manager-evidence', sentOn: '2026-12-07', by },
          ctx(solihull, at('2026-12-07')),
        ),
      ).code,
    ).toBe('notification-not-due')
  })
})

describe('an imported policy drives the lifecycle from its data alone', () => {
  const northmoor = validatePolicy(JSON.parse(JSON.stringify(northmoorPolicy())))

  it('hours, working weeks, compound conditions, entry checks, its own circumstance and its own forms', () => {
    let d = open(northmoor, at('2026-11-02', '09:00'), {
      disagreementOn: '2026-11-02',
      reasons: { ids: ['threshold'] },
      childCircumstances: ['young-carer'],
    })
    expectDue(d.stageHistory[0].due, '2026-11-04T09:00:00.000Z') // 48 hours
    expectDue(d.overall, '2026-11-30') // 20 working days
    expect(disputeStatus(d, ctx(northmoor, at('2026-11-02'))).available.map((a) => a.id)).toEqual([
      'strategy-huddle',
    ])
    d = must(escalate(d, { by }, ctx(northmoor, at('2026-11-04'))))
    const steps = d.stageHistory[1].steps
    expectDue(steps[0], '2026-11-04T16:00:00.000Z') // 6 hours
    expectDue(steps[1], '2026-11-06') // 2 working days from the email's day
    expect(steps[1].basis).toBe(
      'Stage 2: Team leaders meet: 2 working days from “Email a summary to the other team leader” — not yet recorded, so from its deadline 4 Nov 2026',
    )
    expectDue(d.stageHistory[1].due, '2026-11-09')
    expect(d.stageHistory[1].due?.basis).toBe('Stage 2: 3 working days from the end of stage 1 on 4 Nov 2026')
    expect(disputeStatus(d, ctx(northmoor, at('2026-11-04'))).notificationsOwed.map((n) => n.reason)).toEqual(
      ['Young Carers Lead must be notified: the dispute reached stage 2; the child is a young carer'],
    )
    expect(refusal(escalate(d, { by }, ctx(northmoor, at('2026-11-05')))).code).toBe(
      'entry-check-unconfirmed',
    )
    d = must(escalate(d, { by, confirmations: ['informed-child'] }, ctx(northmoor, at('2026-11-05'))))
    expectDue(d.stageHistory[2].due, '2026-11-19') // 2 working weeks
    // Available from stage 3, but not for a young carer.
    expect(refusal(requestExceptionalRoute(d, { by }, ctx(northmoor, at('2026-11-05')))).message).toBe(
      'Independent Scrutineer review is available only from stage 3 onwards and unless the child is a young carer.',
    )
    d = must(
      resolve(
        d,
        { ...outcome, writtenConfirmation: { receivedOn: '2026-11-06', from: 'Head of service' } },
        ctx(northmoor, at('2026-11-06')),
      ),
    )
    const owed = disputeStatus(d, ctx(northmoor, at('2026-11-06'))).notificationsOwed
    expect(owed.map((n) => n.notificationId)).toEqual(['carers-lead', 'carers-lead', 'closing-form'])
    expect(owed.map((n) => n.stage)).toEqual([2, 3, null])
    expect(owed[2].form).toEqual({ id: 'closing', title: 'Challenge closed' })
  })

  it('refuses circumstances and reasons the policy does not know', () => {
    const c = { ...ctx(northmoor, at('2026-11-02')), id: 'x', reference: 'ESC-2026-0010' }
    expect(
      refusal(openDispute(baseInput({ disagreementOn: '2026-11-02', childCircumstances: ['pet-owner'] }), c))
        .code,
    ).toBe('circumstance-unknown')
    expect(
      refusal(
        openDispute(baseInput({ disagreementOn: '2026-11-02', reasons: { ids: ['something-else'] } }), c),
      ).code,
    ).toBe('reason-detail-missing')
  })
})

describe('properties', () => {
  const days = fc
    .integer({ min: 0, max: 3000 })
    .map((n) => new Date(Date.UTC(2019, 0, 1 + n)).toISOString().slice(0, 10))

  it('every stage deadline is a working day exactly N working days after the stage began', () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 1, max: 4 }), (date, stage) => {
        // Work with St Helens, whose stages are all in working days from their start.
        const p = policyOf('st-helens-scp')
        const d = open(p, at(date), {
          disagreementOn: date,
          ...(stage > 1
            ? {
                triage: {
                  level: 'significantHarm' as const,
                  startStage: { stage, reason: 'Immediate harm' },
                },
              }
            : {}),
        })
        const due = d.stageHistory[0].due!.deadline
        if (due.kind !== 'date') return false
        return (
          isWorkingDay(due.date, cal) &&
          countWorkingDays(date, due.date, cal) === p.stages[stage - 1].timescale!.amount
        )
      }),
      { numRuns: 300 },
    )
  })

  it('escalating never changes a deadline already set, and history stays in time order', () => {
    fc.assert(
      fc.property(
        days,
        fc.array(fc.integer({ min: 0, max: 72 }), { minLength: 1, maxLength: 3 }),
        (date, gaps) => {
          let d = open(solihull, at(date), { disagreementOn: date })
          let t = Date.parse(at(date))
          for (const hours of gaps) {
            t += hours * 3_600_000
            const now = new Date(t).toISOString()
            const before = JSON.stringify(d.stageHistory.map((v) => v.due))
            d = must(escalate(d, { by }, ctx(solihull, now)))
            const after = JSON.stringify(d.stageHistory.slice(0, -1).map((v) => v.due))
            if (before !== after) return false
          }
          const times = d.stageHistory.map((v) => Date.parse(v.enteredAt))
          return times.every((x, i) => i === 0 || x >= times[i - 1])
        },
      ),
      { numRuns: 100 },
    )
  })
})
