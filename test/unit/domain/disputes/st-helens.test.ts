import { describe, expect, it } from 'vitest'
import {
  disputeStatus,
  escalate,
  openDispute,
  recordNotificationSent,
  requestCaseMeeting,
  resolve,
} from '../../../../src/main/domain/disputes'
import { SEED, seedSays } from '../policies/seeds'
import { at, baseInput, ctx, expectDue, must, open, policyOf, refusal } from './fixtures'

const stHelens = policyOf('st-helens-scp')
const by = 'A Lead (DSL)'
const openCtx = (now: string) => ({ ...ctx(stHelens, now), id: 'd', reference: 'ESC-2026-0003' })

describe(`St Helens SCP (${SEED.stHelens})`, () => {
  it('"within 1 day" is one working day, as its form says', () => {
    seedSays(SEED.stHelens, 'A resolution should be reached within 1 day.')
    seedSays(SEED.stHelens, 'All Stage 1 Resolutions should be resolved within 1 working day')
    // Friday 4 Dec 2026: one working day later is Monday, not Saturday.
    const d = open(stHelens, at('2026-12-04'), { disagreementOn: '2026-12-04' })
    expectDue(d.stageHistory[0].due, '2026-12-07')
    expect(d.stageHistory[0].due?.wording).toBe('within 1 day (the form says 1 working day)')
  })

  it('stages of 1, 2, 5 and 3 working days', () => {
    seedSays(SEED.stHelens, 'A resolution should be reached within 2 days.')
    seedSays(SEED.stHelens, 'All Stage 2 Resolutions should be resolved within 2 working days')
    seedSays(SEED.stHelens, 'A resolution should be reached within 5 days.')
    seedSays(SEED.stHelens, 'All Stage 3 Resolutions should be resolved within 5 working days')
    seedSays(SEED.stHelens, 'A resolution should be reached within 3 days.')
    seedSays(SEED.stHelens, 'All Stage 4 Resolutions should be resolved within 3 working days')
    let d = open(stHelens, at('2026-11-02'), { disagreementOn: '2026-11-02' })
    expectDue(d.stageHistory[0].due, '2026-11-03')
    d = must(escalate(d, { by }, ctx(stHelens, at('2026-11-03'))))
    expectDue(d.stageHistory[1].due, '2026-11-05')
    d = must(escalate(d, { by }, ctx(stHelens, at('2026-11-05'))))
    expectDue(d.stageHistory[2].due, '2026-11-12')
    d = must(escalate(d, { by }, ctx(stHelens, at('2026-11-12'))))
    expectDue(d.stageHistory[3].due, '2026-11-17')
    expect(refusal(escalate(d, { by }, ctx(stHelens, at('2026-11-13')))).code).toBe('final-stage')
  })

  it('each stage owes its coloured notification form to scpescalations@sthelens.gov.uk; the Purple form once resolved', () => {
    seedSays(
      SEED.stHelens,
      'The Orange Stage 1 Notification Form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    seedSays(
      SEED.stHelens,
      'The Green Stage 2 Notification Form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    seedSays(
      SEED.stHelens,
      'Once an agreement has been reached, regardless of the stage at which it was resolved, the Purple Resolution Outcome Form should be completed and sent in to scpescalations@sthelens.gov.uk.',
    )
    let d = open(stHelens, at('2026-11-02'), { disagreementOn: '2026-11-02' })
    const owed = () => disputeStatus(d, ctx(stHelens, at('2026-11-06'))).notificationsOwed
    expect(owed().map((n) => [n.form?.colour, n.form?.title, n.recipient.email])).toEqual([
      ['Orange', 'Notification Stage 1', 'scpescalations@sthelens.gov.uk'],
    ])
    d = must(escalate(d, { by }, ctx(stHelens, at('2026-11-03'))))
    // The Orange form is still owed until it is recorded as sent.
    expect(owed().map((n) => n.form?.colour)).toEqual(['Orange', 'Green'])
    d = must(
      recordNotificationSent(
        d,
        { notificationId: 'stage-1-form', sentOn: '2026-11-03', by },
        ctx(stHelens, at('2026-11-03', '12:00')),
      ),
    )
    d = must(
      recordNotificationSent(
        d,
        { notificationId: 'stage-2-form', sentOn: '2026-11-04', by },
        ctx(stHelens, at('2026-11-04')),
      ),
    )
    expect(owed()).toEqual([])
    expect(
      refusal(
        recordNotificationSent(
          d,
          { notificationId: 'outcome-form', sentOn: '2026-11-04', by },
          ctx(stHelens, at('2026-11-04')),
        ),
      ).code,
    ).toBe('notification-not-due')
    d = must(
      resolve(
        d,
        {
          summary: 'Assessment to go ahead.',
          writtenConfirmation: { receivedOn: '2026-11-05', from: 'Team manager, Children’s Social Care' },
          whatWorkedWell: 'Quick manager contact.',
          worriedAbout: 'Drift in the plan.',
          needsToChange: 'Minutes sent within 5 days.',
          by,
        },
        ctx(stHelens, at('2026-11-05', '15:00')),
      ),
    )
    expect(owed().map((n) => [n.form?.colour, n.form?.title, n.owedSince])).toEqual([
      ['Purple', 'Resolution Outcome Form', '2026-11-05'],
    ])
    expect(d.outcome).toMatchObject({
      stageReached: 2,
      whatWorkedWell: 'Quick manager contact.',
      worriedAbout: 'Drift in the plan.',
      needsToChange: 'Minutes sent within 5 days.',
    })
    // Recording the form after closing is allowed: it is sent once the outcome is known.
    d = must(
      recordNotificationSent(
        d,
        { notificationId: 'outcome-form', sentOn: '2026-11-06', by },
        ctx(stHelens, at('2026-11-06')),
      ),
    )
    expect(owed()).toEqual([])
  })

  it('reasons come from the tick-list, "Other" needing brief details', () => {
    seedSays(SEED.stHelens, 'Other (please provide brief details)')
    const ok = open(stHelens, at('2026-11-02'), {
      disagreementOn: '2026-11-02',
      reasons: { ids: ['drift-and-delay', 'minutes-not-received'] },
    })
    expect(ok.reasons.ids).toEqual(['drift-and-delay', 'minutes-not-received'])
    const other = refusal(
      openDispute(
        baseInput({ disagreementOn: '2026-11-02', reasons: { ids: ['other'] } }),
        openCtx(at('2026-11-02')),
      ),
    )
    expect([other.code, other.message]).toEqual([
      'reason-detail-missing',
      'You ticked “Other (please provide brief details)”: give brief details of the reason.',
    ])
    const unknown = refusal(
      openDispute(
        baseInput({ disagreementOn: '2026-11-02', reasons: { ids: ['rudeness'] } }),
        openCtx(at('2026-11-02')),
      ),
    )
    expect(unknown.code).toBe('reason-unknown')
    const none = refusal(
      openDispute(
        baseInput({ disagreementOn: '2026-11-02', reasons: { ids: [] } }),
        openCtx(at('2026-11-02')),
      ),
    )
    expect(none.code).toBe('reason-missing')
  })

  it('a child in immediate danger: St Helens gives no instruction of its own, so no 999 call is demanded', () => {
    seedSays(SEED.stHelens, 'if a child is thought to be at risk of immediate harm, discretion should be used as to which stage is initiated.')
    const stHelens = policyOf('st-helens-scp')
    expect(stHelens.immediateDanger).toBeUndefined()
    const d = open(stHelens, at('2026-12-07'), { triage: { level: 'immediateDanger' } })
    expect(d.triage).toEqual({ level: 'immediateDanger' })
    // A 999 call made anyway is kept with the dispute.
    const called = open(stHelens, at('2026-12-07', '10:30'), {
      triage: { level: 'immediateDanger', emergencyCall: { calledAt: at('2026-12-07', '10:05'), by: 'A Lead' } },
    })
    expect(called.triage.emergencyCall?.calledAt).toBe('2026-12-07T10:05:00.000Z')
  })

  it('risk of immediate harm: discretion as to which stage is initiated, with the reason recorded', () => {
    seedSays(
      SEED.stHelens,
      'However, if a child is thought to be at risk of immediate harm, discretion should be used as to which stage is initiated.',
    )
    const d = open(stHelens, at('2026-11-02'), {
      disagreementOn: '2026-11-02',
      triage: {
        level: 'significantHarm',
        startStage: { stage: 3, reason: 'Managers already involved; child at risk tonight.' },
      },
    })
    expect(d.currentStage).toBe(3)
    expect(d.stageHistory[0]).toMatchObject({
      how: 'startedLater',
      reason: 'Managers already involved; child at risk tonight.',
    })
    expectDue(d.stageHistory[0].due, '2026-11-09')
    expect(d.stageHistory[0].due?.basis).toBe(
      'Stage 3: 5 working days from the start of stage 3 on 2 Nov 2026',
    )
    // The Blue form is owed for stage 3; no Orange or Green form for stages never held.
    expect(
      disputeStatus(d, ctx(stHelens, at('2026-11-02'))).notificationsOwed.map((n) => n.form?.colour),
    ).toEqual(['Blue'])

    const standard = refusal(
      openDispute(
        baseInput({
          disagreementOn: '2026-11-02',
          triage: { level: 'standard', startStage: { stage: 2, reason: 'Faster' } },
        }),
        openCtx(at('2026-11-02')),
      ),
    )
    expect([standard.code, standard.message]).toEqual([
      'later-start-not-allowed',
      'The St Helens Safeguarding Children Partnership (SCP) policy allows starting at a later stage only if the child is in immediate danger or the child is likely to suffer significant harm soon.',
    ])
    const noReason = refusal(
      openDispute(
        baseInput({
          disagreementOn: '2026-11-02',
          triage: { level: 'significantHarm', startStage: { stage: 2, reason: ' ' } },
        }),
        openCtx(at('2026-11-02')),
      ),
    )
    expect([noReason.code, noReason.field]).toEqual(['invalid-input', 'triage.startStage.reason'])
    expect(noReason.message).toBe('The reason for starting at a later stage is required.')
  })

  it('looked-after children: take it up with the IRO; Child Protection Conferences: the CP Chairs', () => {
    seedSays(
      SEED.stHelens,
      'Issues relating to Looked After Children should be taken up with the Independent Reviewing Officer (IRO)',
    )
    seedSays(
      SEED.stHelens,
      'For Child Protection Conferences, the Child Protection Chairs should be utilised.',
    )
    const d = open(stHelens, at('2026-11-02'), {
      disagreementOn: '2026-11-02',
      childCircumstances: ['lookedAfter', 'cp-conference'],
    })
    expect(disputeStatus(d, ctx(stHelens, at('2026-11-02'))).notificationsOwed.map((n) => n.reason)).toEqual([
      'SCP escalations inbox must be notified: the dispute reached stage 1',
      'Independent Reviewing Officer (IRO) must be notified: the child is looked after',
      'Child Protection Chairs must be notified: the issue relates to a Child Protection Conference',
    ])
    expect(refusal(requestCaseMeeting(d, { by }, ctx(stHelens, at('2026-11-02')))).code).toBe(
      'option-not-in-policy',
    )
  })
})
