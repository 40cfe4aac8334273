import { describe, expect, it } from 'vitest'
import { countWorkingDays } from '../../../../src/main/domain/calendar'
import {
  disputeStatus,
  escalate,
  recordStepDone,
  requestCaseMeeting,
  resolve,
  requestExceptionalRoute,
} from '../../../../src/main/domain/disputes'
import type { Dispute } from '../../../../src/shared/dispute'
import { SEED, seedSays } from '../policies/seeds'
import { at, cal, ctx, expectDue, must, open, policyOf, refusal } from './fixtures'

const wolverhampton = policyOf('wolverhampton-wscb')
const by = 'A Lead (DSL)'
const step = (d: Dispute, key: string) => d.stageHistory.flatMap((v) => v.steps).find((s) => s.key === key)

// November 2026 has no bank holidays: Monday 2 Nov is the disagreement.
const DISAGREEMENT = '2026-11-02'

function throughStages(): Dispute[] {
  // Each stage is escalated on the day its own timescale ends, as the table's cumulative column assumes.
  const s1 = open(wolverhampton, at(DISAGREEMENT), { disagreementOn: DISAGREEMENT })
  const s2 = must(escalate(s1, { by }, ctx(wolverhampton, at('2026-11-09'))))
  const s3 = must(escalate(s2, { by }, ctx(wolverhampton, at('2026-11-11'))))
  const s4 = must(escalate(s3, { by }, ctx(wolverhampton, at('2026-11-16'))))
  return [s1, s2, s3, s4]
}

describe(`Wolverhampton WSCB (${SEED.wolverhampton})`, () => {
  it('stage 1: raise within 2 working days, review within 3, written outcome within a further 2', () => {
    seedSays(
      SEED.wolverhampton,
      'the professional from the other agency should raise the matter with the relevant practitioner verbally and in in writing within 2 working days of the disagreement or receipt of a decision.',
    )
    seedSays(
      SEED.wolverhampton,
      'They must speak to the disputing practitioner and attempt to find a mutually agreeable way forward within 3 working days.',
    )
    seedSays(
      SEED.wolverhampton,
      'Where a resolution is reached the responsible worker will advise the agency of the outcome in writing (i.e. email) within a further 2 working days',
    )
    const [d] = throughStages()
    expectDue(step(d, 'stage-1/step/raise-in-writing'), '2026-11-04')
    expect(step(d, 'stage-1/step/raise-in-writing')?.basis).toBe(
      'Stage 1: Raise the matter with the relevant practitioner verbally and in writing: 2 working days from the disagreement or receipt of a decision on 2 Nov 2026',
    )
    expectDue(step(d, 'stage-1/step/review-and-discuss'), '2026-11-09')
    expectDue(step(d, 'stage-1/step/outcome-in-writing'), '2026-11-11')
    expect(step(d, 'stage-1/step/outcome-in-writing')?.onlyIf).toBe('Where a resolution is reached')
    expectDue(d.stageHistory[0].due, '2026-11-09')
    // A conditional step is shown but never counted as overdue.
    const late = disputeStatus(d, ctx(wolverhampton, at('2026-11-20')))
    expect(late.dueDates.find((x) => x.key === 'stage-1/step/outcome-in-writing')?.state).toBe('conditional')
  })

  it('stage 2: managers within 2 working days, confirmation within a further 2', () => {
    seedSays(
      SEED.wolverhampton,
      'each practitioner should raise their concerns with their respective manager or named lead for safeguarding, who should attempt to resolve the differences within 2 working days.',
    )
    seedSays(
      SEED.wolverhampton,
      'If agreement is reached, the receiving agency will write to the disputing agency confirming the outcome within a further 2 working days',
    )
    const [, d] = throughStages()
    expectDue(d.stageHistory[1].due, '2026-11-11')
    expectDue(step(d, 'stage-2/step/managers-resolve'), '2026-11-11')
    expectDue(step(d, 'stage-2/step/confirm-outcome-in-writing'), '2026-11-13')
  })

  it('stage 3: referral in writing within 24 hours, then dialogue within 2 working days', () => {
    seedSays(
      SEED.wolverhampton,
      'the issue must be referred in writing within 24 hours to the relevant senior manager or other designated professional.',
    )
    seedSays(
      SEED.wolverhampton,
      'The relevant managers should engage in dialogue within 2 working days to resolve the issue.',
    )
    const [, , d] = throughStages()
    const referral = step(d, 'stage-3/step/refer-in-writing')
    expectDue(referral, '2026-11-12T10:00:00.000Z')
    expect(referral?.basis).toBe(
      'Stage 3: Refer the issue in writing to the relevant senior manager or other designated professional: 24 hours from the end of the line managers’ discussions at 11 Nov 2026, 10:00',
    )
    expectDue(step(d, 'stage-3/step/senior-dialogue'), '2026-11-16')
    expectDue(d.stageHistory[2].due, '2026-11-16')
    const s = disputeStatus(d, ctx(wolverhampton, at('2026-11-12', '09:00')))
    expect(s.dueDates.find((x) => x.key === 'stage-3/step/refer-in-writing')).toMatchObject({
      display: '12 Nov 2026, 10:00',
      state: 'dueSoon',
    })
    expect(s.nextDeadline?.key).toBe('stage-3/step/refer-in-writing')
    const after = disputeStatus(d, ctx(wolverhampton, at('2026-11-12', '10:01')))
    expect(after.dueDates.find((x) => x.key === 'stage-3/step/refer-in-writing')).toMatchObject({
      state: 'overdue',
      overdueByWorkingDays: 0,
    })
    expect(after.overdue).toBe(true)
  })

  it('stage 4: raise with the WSCB representative within a further 2 working days, meet within a further 2', () => {
    seedSays(
      SEED.wolverhampton,
      "the service/senior manager will raise the disagreement within a further 2 working days with their agency or sector's WSCB representative.",
    )
    seedSays(
      SEED.wolverhampton,
      'will then write to their equivalent in the agency that is the subject of the dispute and meet within a further 2 working days to achieve a final resolution',
    )
    const [, , , d] = throughStages()
    expectDue(step(d, 'stage-4/step/raise-with-wscb-rep'), '2026-11-18')
    expectDue(step(d, 'stage-4/step/wscb-reps-meet'), '2026-11-20')
    expectDue(d.stageHistory[3].due, '2026-11-20')
  })

  it('the cumulative durations 2, 5, 7, 10 and 14 working days hold when each stage runs its full time', () => {
    const stages = throughStages()
    const from = DISAGREEMENT
    const d = stages[3]
    const total = (key: string) => {
      const item = d.stageHistory.flatMap((v) => [v.due, ...v.steps]).find((x) => x?.key === key)!
      return countWorkingDays(
        from,
        item.deadline.kind === 'date' ? item.deadline.date : item.deadline.at.slice(0, 10),
        cal,
      )
    }
    expect([
      total('stage-1/step/raise-in-writing'),
      total('stage-1'),
      total('stage-2'),
      total('stage-3'),
      total('stage-4'),
    ]).toEqual([2, 5, 7, 10, 14])
    expect(wolverhampton.stages.map((s) => s.cumulativeWorkingDays)).toEqual([5, 7, 10, 14])
  })

  it('the discussion target: within 10 working days, met by the end of stage 3', () => {
    seedSays(
      SEED.wolverhampton,
      'Professionals should attempt to resolve differences through discussion within 10 working days or a timescale that protects the child from harm (whichever is shortest).',
    )
    expect(wolverhampton.overallTimescale).toMatchObject({ meaning: 'target', untilStage: 3 })
    const [d, , s3] = throughStages()
    expectDue(d.overall, '2026-11-16')
    expect(d.overall?.basis).toBe('Resolve through discussion: 10 working days from the disagreement on 2 Nov 2026')
    // While the discussion stages last, the target is a deadline like any other…
    const atStage3 = disputeStatus(s3, ctx(wolverhampton, at('2026-11-16')))
    expect(atStage3.dueDates.find((x) => x.key === 'overall')?.state).toBe('dueSoon')
    const lateAtStage3 = disputeStatus(s3, ctx(wolverhampton, at('2026-11-17')))
    expect(lateAtStage3.dueDates.find((x) => x.key === 'overall')?.state).toBe('overdue')
  })

  it('a dispute exactly on schedule at stage 4 (14 cumulative days) is not overdue anywhere', () => {
    // The stage table's cumulative column runs to 14 days; the 10-day target covers the discussion (stages 1–3).
    seedSays(SEED.wolverhampton, '4 days')
    const [, , , entered] = throughStages()
    expectDue(entered.stageHistory[3].due, '2026-11-20')
    // On schedule: the matter is raised with the WSCB representative within its 2 days.
    const s4 = must(
      recordStepDone(entered, { key: 'stage-4/step/raise-with-wscb-rep', doneOn: '2026-11-18', by }, ctx(wolverhampton, at('2026-11-18'))),
    )
    for (const day of ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']) {
      const s = disputeStatus(s4, ctx(wolverhampton, at(day)))
      expect(s.dueDates.some((x) => x.key === 'overall'), day).toBe(false)
      expect([s.overdue, s.overdueByWorkingDays], day).toEqual([false, 0])
    }
    // The day after stage 4's own deadline it is overdue, by stage 4's clock.
    const late = disputeStatus(s4, ctx(wolverhampton, at('2026-11-23')))
    expect([late.overdue, late.nextDeadline?.key]).toEqual([true, 'stage-4'])
  })

  it("the WSCB Chair's final and binding decision within 5 working days, from stage 4 only", () => {
    seedSays(
      SEED.wolverhampton,
      'the Director of this agency should write immediately and within no more than 2 working days, to the WSCB Chair, via the WSCB Business Manager.',
    )
    seedSays(
      SEED.wolverhampton,
      'The WSCB Chair will make a final and binding decision on the most appropriate way to proceed and this will be communicated to all involved within 5 working days of the issue being brought to his/her attention.',
    )
    const [, , s3, s4] = throughStages()
    const e = refusal(requestExceptionalRoute(s3, { by }, ctx(wolverhampton, at('2026-11-13'))))
    expect([e.code, e.message]).toEqual([
      'exceptional-route-not-available',
      'Referral to the WSCB Chair for a final and binding decision is available only from stage 4 onwards.',
    ])
    expect(refusal(escalate(s4, { by }, ctx(wolverhampton, at('2026-11-20')))).message).toMatch(
      /You can ask for: Referral to the WSCB Chair/,
    )
    const d = must(requestExceptionalRoute(s4, { by }, ctx(wolverhampton, at('2026-11-20'))))
    const [write, decide] = d.requests[0].steps
    expectDue(write, '2026-11-24')
    expectDue(decide, '2026-12-01')
    expect(decide.basis).toBe(
      'Referral to the WSCB Chair for a final and binding decision: WSCB Chair communicates a final and binding decision to all involved: 5 working days from the issue being brought to the Chair’s attention — not yet recorded, so from its deadline 24 Nov 2026',
    )
    expect(wolverhampton.exceptionalRoutes[0].binding).toBe(true)
    expect(
      refusal(requestExceptionalRoute(d, { by }, ctx(wolverhampton, at('2026-11-20', '11:00')))).code,
    ).toBe('already-requested')
    expect(
      disputeStatus(d, ctx(wolverhampton, at('2026-11-20', '11:00'))).dueDates.map((x) => x.key),
    ).toContain('request-1/step/chair-decision')
  })

  it("the Chair's decision counts from the Director's letter as it was sent, not from the letter's deadline", () => {
    seedSays(
      SEED.wolverhampton,
      'this will be communicated to all involved within 5 working days of the issue being brought to his/her attention.',
    )
    // January 2027 has no bank holiday after the 1st. Disagreement Monday 4 Jan; stage 4 reached on schedule.
    let d = open(wolverhampton, at('2027-01-04'), { disagreementOn: '2027-01-04' })
    for (const day of ['2027-01-11', '2027-01-12', '2027-01-13']) d = must(escalate(d, { by }, ctx(wolverhampton, at(day))))
    d = must(requestExceptionalRoute(d, { by }, ctx(wolverhampton, at('2027-01-13', '11:00'))))
    const decide = () => d.requests[0].steps.find((x) => x.key === 'request-1/step/chair-decision')!
    expectDue(d.requests[0].steps[0], '2027-01-15')
    expectDue(decide(), '2027-01-22')
    expect(decide().basis).toMatch(/5 working days from the issue being brought to the Chair’s attention — not yet recorded, so from its deadline 15 Jan 2027$/)

    // The Director's letter goes the same day: the Chair's 5 working days run from 13 Jan.
    d = must(
      recordStepDone(d, { key: 'request-1/step/director-writes-to-chair', doneOn: '2027-01-13', by }, ctx(wolverhampton, at('2027-01-13', '16:00'))),
    )
    expectDue(decide(), '2027-01-20')
    expect(decide().basis).toBe(
      'Referral to the WSCB Chair for a final and binding decision: WSCB Chair communicates a final and binding decision to all involved: 5 working days from the issue being brought to the Chair’s attention on 13 Jan 2027 (first set for 22 Jan 2027)',
    )
    expect(decide().earlier?.deadline).toEqual({ kind: 'date', date: '2027-01-22' })
    const s = disputeStatus(d, ctx(wolverhampton, at('2027-01-21')))
    expect(s.dueDates.find((x) => x.key === 'request-1/step/chair-decision')?.state).toBe('overdue')
  })

  it('a late step pushes what counts from it; the stage total printed in the table stays', () => {
    const [s1] = throughStages()
    // Raised in writing on 6 Nov, two days after its deadline of 4 Nov: the review's 3 days run from 6 Nov.
    const d = must(
      recordStepDone(s1, { key: 'stage-1/step/raise-in-writing', doneOn: '2026-11-06', by }, ctx(wolverhampton, at('2026-11-06'))),
    )
    expectDue(step(d, 'stage-1/step/review-and-discuss'), '2026-11-11')
    expectDue(step(d, 'stage-1/step/outcome-in-writing'), '2026-11-13') // still from the review's deadline
    expect(step(d, 'stage-1/step/outcome-in-writing')?.basis).toMatch(/— not yet recorded, so from its deadline 11 Nov 2026 \(first set for 11 Nov 2026\)$/)
    expectDue(d.stageHistory[0].due, '2026-11-09') // "2 days + 3 days (cumulative 5 days)" from the disagreement
    // A step cannot be done before the disagreement arose.
    const early = refusal(recordStepDone(s1, { key: 'stage-1/step/raise-in-writing', doneOn: '2026-10-30', by }, ctx(wolverhampton, at('2026-11-06'))))
    expect(early.code).toBe('date-before-dispute')
  })

  it('resolved at stage 2 with the written confirmation recorded: the confirmation step is done on its date', () => {
    seedSays(
      SEED.wolverhampton,
      'If agreement is reached, the receiving agency will write to the disputing agency confirming the outcome within a further 2 working days',
    )
    seedSays(
      SEED.wolverhampton,
      'This must include written confirmation between the parties about an agreed outcome of the disagreement and how any outstanding issues will be pursued.',
    )
    const [, s2] = throughStages() // stage 2 entered on 9 Nov 2026; managers' 2 working days end 11 Nov
    const resolved = must(
      resolve(
        s2,
        {
          summary: 'The strategy discussion will be held on 13 Nov.',
          agreement: { reachedOn: '2026-11-10', agreedBy: 'Sam Patel (team manager, Children’s Services) and A Lead (DSL)' },
          writtenConfirmation: { receivedOn: '2026-11-12', from: 'Sam Patel, team manager' },
          outstandingIssues: 'The transport question goes to the next core group on 20 Nov.',
          by,
        },
        ctx(wolverhampton, at('2026-11-12', '15:00')),
      ),
    )
    expect(resolved.outcome).toMatchObject({
      agreement: { reachedOn: '2026-11-10' },
      outstandingIssues: 'The transport question goes to the next core group on 20 Nov.',
    })
    // The managers' discussion reached agreement on 10 Nov, so the letter was due 2 working days later: 12 Nov.
    expect(resolved.stepsDone.map((x) => [x.key, x.doneOn])).toEqual([
      ['stage-2/step/managers-resolve', '2026-11-10'],
      ['stage-2/step/confirm-outcome-in-writing', '2026-11-12'],
    ])
    const status = disputeStatus(resolved, ctx(wolverhampton, at('2026-11-20')))
    const confirm = status.dueDates.find((x) => x.key === 'stage-2/step/confirm-outcome-in-writing')
    expect(confirm).toMatchObject({ state: 'done', doneOn: '2026-11-12', display: '12 Nov 2026', doneLateByWorkingDays: 0 })
    expect(status.overdue).toBe(false)

    // A confirmation received after its 2 working days is done, and late by the working days it took.
    const late = must(
      resolve(
        s2,
        {
          summary: 'Agreed.',
          agreement: { reachedOn: '2026-11-10', agreedBy: 'Sam Patel' },
          writtenConfirmation: { receivedOn: '2026-11-16', from: 'Sam Patel' },
          by,
        },
        ctx(wolverhampton, at('2026-11-16', '15:00')),
      ),
    )
    expect(disputeStatus(late, ctx(wolverhampton, at('2026-11-20'))).dueDates.find((x) => x.key === 'stage-2/step/confirm-outcome-in-writing')).toMatchObject({ doneOn: '2026-11-16', doneLateByWorkingDays: 2 })
  })

  it('refuses a confirmation dated before the agreement it confirms', () => {
    const [, s2] = throughStages()
    const e = refusal(
      resolve(
        s2,
        { summary: 'Agreed.', agreement: { reachedOn: '2026-11-11', agreedBy: 'Sam Patel' }, writtenConfirmation: { receivedOn: '2026-11-10', from: 'Sam Patel' }, by },
        ctx(wolverhampton, at('2026-11-12')),
      ),
    )
    expect([e.field, e.message]).toEqual([
      'agreement.reachedOn',
      'The written confirmation (10 Nov 2026) is dated before the agreement it confirms (11 Nov 2026).',
    ])
  })

  it('a senior manager may request a Child Protection Conference at any stage', () => {
    seedSays(
      SEED.wolverhampton,
      'A senior manager from any agency can request that a Child Protection Conference be convened.',
    )
    const [, s2] = throughStages()
    const d = must(requestCaseMeeting(s2, { by }, ctx(wolverhampton, at('2026-11-10'))))
    expect(d.requests[0]).toMatchObject({ optionId: 'child-protection-conference-request', atStage: 2 })
    const option = wolverhampton.anyStageOptions[0]
    expect(wolverhampton.contacts.find((c) => c.id === option.contact)?.phone).toBe('01902 550477')
  })

  it('immediate risk of harm: the DSL informs MASH on 01902 555392; there is no separate rapid route', () => {
    seedSays(
      SEED.wolverhampton,
      'The designated safeguarding lead should inform the Wolverhampton Multi -Agency Safeguarding Hub (MASH) on 01902 555392',
    )
    const d = open(wolverhampton, at(DISAGREEMENT), {
      disagreementOn: DISAGREEMENT,
      triage: { level: 'significantHarm' },
    })
    expect(d.route).toBe('stages')
    expect(d.currentStage).toBe(1)
    expect(disputeStatus(d, ctx(wolverhampton, at(DISAGREEMENT))).urgentGuidance).toMatch(/01902 555392/)
  })

  it('gaps in policy go to the agency’s Board representative and the WSCB Business Manager', () => {
    seedSays(
      SEED.wolverhampton,
      'If the process highlights gaps in policies, procedures and/or processes, they must be brought to the attention of the agency representative on the Safeguarding Children Board',
    )
    expect(wolverhampton.notifications.map((n) => [n.recipient, n.when])).toEqual([
      ['agency-wscb-representative', { lessonsToForward: true }],
      ['wscb-business-manager', { lessonsToForward: true }],
    ])
  })
})
