/**
 * Circumstances over time: a child protection plan or looked-after status holds from a day, and a duty
 * that depends on it is owed from the day it arose — stage entry, or the day the circumstance began
 * within a stage — and stays owed until it is sent or recorded as not needed, whatever happens to the
 * circumstance afterwards. Dates are around Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar).
 */
import { describe, expect, it } from 'vitest'
import type { Dispute } from '../../../../src/shared/dispute'
import type { Policy } from '../../../../src/shared/policy'
import {
  correctCircumstanceDates,
  disputeStatus,
  escalate,
  notificationsDue,
  recordNotificationNotNeeded,
  recordNotificationSent,
  updateChildCircumstances,
} from '../../../../src/main/domain/disputes'
import { SEED, seedSays } from '../policies/seeds'
import { at, ctx, must, open, policyOf, refusal } from './fixtures'

const solihull = policyOf('solihull-sscp')
const havering = policyOf('havering-hscb')
const by = 'A Lead (DSL)'
const IRO = 'independent-reviewing-officer'

const SOLIHULL_IRO =
  "if the child(ren) is subject to a child protection plan or is looked after, secure notification should also be sent to cpru@solihull.gov.uk for attention of the child's Independent Reviewing Officer"
const HAVERING_IRO =
  'If the case involves a child subject to a Child Protection Plan or a Looked After Child, the Independent Reviewing Officer (IRO) must also be notified.'

/** What is owed, as `id@stage since date`. */
const owed = (policy: Policy, d: Dispute, now: string): string[] =>
  disputeStatus(d, ctx(policy, now)).notificationsOwed
    .filter((n) => n.notificationId === IRO)
    .map((n) => `${n.notificationId}${n.stage === null ? '' : `@${n.stage}`} since ${n.owedSince}`)

const change = (policy: Policy, d: Dispute, childCircumstances: string[], now: string, from?: string): Dispute =>
  must(updateChildCircumstances(d, { childCircumstances, by, ...(from !== undefined ? { from } : {}) }, ctx(policy, now)))

describe(`Solihull (${SEED.solihull}): the IRO notice follows when the circumstance held`, () => {
  it('a child looked after from 30 Mar, at stage 2, owes the IRO notice from 30 Mar — not from the day the dispute opened', () => {
    seedSays(SEED.solihull, SOLIHULL_IRO)
    let d = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    d = must(escalate(d, { by }, ctx(solihull, at('2027-03-25', '15:00'))))
    expect(owed(solihull, d, at('2027-03-25', '15:00'))).toEqual([])
    // Recorded the next day, effective the day it happened.
    d = change(solihull, d, ['lookedAfter'], at('2027-03-31', '09:00'), '2027-03-30')
    expect(owed(solihull, d, at('2027-03-31', '09:00'))).toEqual([`${IRO} since 2027-03-30`])
    expect(d.circumstancePeriods.map((p) => [p.circumstance, p.from, p.to])).toEqual([['lookedAfter', '2027-03-30', null]])
  })

  it('without a date the change is taken as from the day it was recorded', () => {
    let d = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    d = change(solihull, d, ['childProtectionPlan'], at('2027-03-30', '11:00'))
    expect(owed(solihull, d, at('2027-03-30', '11:00'))).toEqual([`${IRO} since 2027-03-30`])
  })

  it('a notice owed at stage 1 stays owed after the plan ends, and the plan that ended makes nothing owed at the next stage', () => {
    let d = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25', childCircumstances: ['childProtectionPlan'] })
    expect(owed(solihull, d, at('2027-03-25', '09:00'))).toEqual([`${IRO} since 2027-03-25`])
    d = change(solihull, d, [], at('2027-03-30', '09:00'))
    expect(d.childCircumstances).toEqual([])
    expect(d.circumstancePeriods.map((p) => [p.circumstance, p.from, p.to])).toEqual([['childProtectionPlan', '2027-03-25', '2027-03-30']])
    expect(owed(solihull, d, at('2027-03-30', '09:00'))).toEqual([`${IRO} since 2027-03-25`])
    d = must(escalate(d, { by }, ctx(solihull, at('2027-03-31'))))
    expect(owed(solihull, d, at('2027-03-31'))).toEqual([`${IRO} since 2027-03-25`])
    // Sent late, it is settled; nothing new arises.
    d = must(recordNotificationSent(d, { notificationId: IRO, sentOn: '2027-03-31', by }, ctx(solihull, at('2027-03-31', '11:00'))))
    expect(owed(solihull, d, at('2027-03-31', '11:00'))).toEqual([])
  })

  it('a change dated back before the stage began makes it owed at the earlier stage from that day', () => {
    let d = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    d = must(escalate(d, { by }, ctx(solihull, at('2027-03-31', '09:00'))))
    d = change(solihull, d, ['lookedAfter'], at('2027-04-01'), '2027-03-30')
    expect(owed(solihull, d, at('2027-04-01'))).toEqual([`${IRO} since 2027-03-30`])
  })

  it('on a rule repeated at each stage, a circumstance that began at stage 3 is owed for stage 3 only', () => {
    // The same words, with the rule repeated at each stage (as the format allows): the rule, not the example.
    const eachStage: Policy = {
      ...solihull,
      notifications: solihull.notifications.map((n) => (n.id === IRO ? { ...n, repeat: 'eachStage' as const } : n)),
    }
    let d = open(eachStage, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    d = must(escalate(d, { by }, ctx(eachStage, at('2027-03-25', '15:00'))))
    d = must(escalate(d, { by }, ctx(eachStage, at('2027-03-30', '09:00'))))
    d = change(eachStage, d, ['childProtectionPlan'], at('2027-03-31'), '2027-03-31')
    expect(owed(eachStage, d, at('2027-03-31'))).toEqual([`${IRO}@3 since 2027-03-31`])
    // A plan that held from stage 2 to stage 4 is owed at each of those, from the day each arose.
    let e = open(eachStage, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    e = must(escalate(e, { by }, ctx(eachStage, at('2027-03-25', '15:00'))))
    e = change(eachStage, e, ['childProtectionPlan'], at('2027-03-30', '09:00'))
    e = must(escalate(e, { by }, ctx(eachStage, at('2027-03-31'))))
    e = change(eachStage, e, [], at('2027-04-01'))
    e = must(escalate(e, { by }, ctx(eachStage, at('2027-04-02'))))
    expect(owed(eachStage, e, at('2027-04-02'))).toEqual([`${IRO}@2 since 2027-03-30`, `${IRO}@3 since 2027-03-31`])
  })
})

describe(`Havering (${SEED.havering}): the IRO at stage 2`, () => {
  it('owed from stage 2 for a plan that began at stage 1, and still owed after the plan ends', () => {
    seedSays(SEED.havering, HAVERING_IRO)
    let d = open(havering, at('2027-03-24', '09:00'), { disagreementOn: '2027-03-24' })
    d = change(havering, d, ['childProtectionPlan'], at('2027-03-24', '10:00'))
    expect(owed(havering, d, at('2027-03-24', '10:00'))).toEqual([])
    d = must(escalate(d, { by }, ctx(havering, at('2027-03-25'))))
    expect(owed(havering, d, at('2027-03-25'))).toEqual([`${IRO} since 2027-03-25`])
    d = change(havering, d, [], at('2027-03-30'))
    d = must(escalate(d, { by }, ctx(havering, at('2027-03-31'))))
    expect(owed(havering, d, at('2027-03-31'))).toEqual([`${IRO} since 2027-03-25`])
  })

  it('a looked-after status that began and ended within stage 1 owes nothing: the rule arises only from stage 2', () => {
    let d = open(havering, at('2027-03-24', '09:00'), { disagreementOn: '2027-03-24' })
    d = change(havering, d, ['lookedAfter'], at('2027-03-24', '10:00'))
    d = change(havering, d, [], at('2027-03-25', '10:00'))
    d = must(escalate(d, { by }, ctx(havering, at('2027-03-30'))))
    expect(owed(havering, d, at('2027-03-30'))).toEqual([])
  })
})

describe('“Not needed”, with a reason', () => {
  const owing = () => open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25', childCircumstances: ['lookedAfter'] })

  it('settles an owed notice, keeps the reason, and no longer lets it be recorded as sent', () => {
    let d = owing()
    const reason = 'The IRO chaired the meeting at which this was raised and already knows.'
    d = must(recordNotificationNotNeeded(d, { notificationId: IRO, reason, by }, ctx(solihull, at('2027-03-25', '11:00'))))
    expect(owed(solihull, d, at('2027-03-25', '11:00'))).toEqual([])
    expect(d.notificationsNotNeeded).toEqual([{ notificationId: IRO, stage: null, reason, recordedAt: at('2027-03-25', '11:00'), by }])
    expect(notificationsDue(d, solihull).find((n) => n.notificationId === IRO)).toMatchObject({ sent: false, notNeeded: { reason } })
    const again = refusal(recordNotificationSent(d, { notificationId: IRO, sentOn: '2027-03-25', by }, ctx(solihull, at('2027-03-25', '12:00'))))
    expect([again.code, again.message]).toEqual([
      'notification-already-recorded',
      "It is already recorded that notifying The child's Independent Reviewing Officer (via CPRU) was not needed.",
    ])
  })

  it('needs a reason, and only for a notice that is owed', () => {
    const d = owing()
    expect(refusal(recordNotificationNotNeeded(d, { notificationId: IRO, reason: '  ', by }, ctx(solihull, at('2027-03-25', '11:00')))).code).toBe('invalid-input')
    const none = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    expect(refusal(recordNotificationNotNeeded(none, { notificationId: IRO, reason: 'Not needed.', by }, ctx(solihull, at('2027-03-25', '11:00')))).code).toBe('notification-not-due')
  })
})

describe('dates of a change, and correcting them', () => {
  it('refuses a change dated in the future, and an end before the day it began', () => {
    const d = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25', childCircumstances: ['childProtectionPlan'] })
    const future = refusal(updateChildCircumstances(d, { childCircumstances: [], from: '2027-04-02', by }, ctx(solihull, at('2027-03-30'))))
    expect([future.code, future.message]).toEqual(['date-in-future', '2 Apr 2027 is in the future.'])
    const early = refusal(updateChildCircumstances(d, { childCircumstances: [], from: '2027-03-20', by }, ctx(solihull, at('2027-03-30'))))
    expect(early.code).toBe('date-before-start')
    expect(early.message).toBe(
      '20 Mar 2027 is before the day recorded for “the child has a child protection plan” (from 25 Mar 2027). If that day was entered wrongly, correct it first.',
    )
  })

  it('a wrongly entered start is corrected, the earlier dates kept, and the duty follows', () => {
    let d = open(solihull, at('2027-03-25', '09:00'), { disagreementOn: '2027-03-25' })
    d = must(escalate(d, { by }, ctx(solihull, at('2027-03-25', '15:00'))))
    d = change(solihull, d, ['lookedAfter'], at('2027-03-31'), '2027-03-25')
    expect(owed(solihull, d, at('2027-03-31'))).toEqual([`${IRO} since 2027-03-25`])
    const reason = 'The care order was made on 30 Mar, not 25 Mar.'
    const now = at('2027-03-31', '11:00')
    d = must(correctCircumstanceDates(d, { circumstance: 'lookedAfter', periodFrom: '2027-03-25', from: '2027-03-30', to: null, reason, by }, ctx(solihull, now)))
    expect(owed(solihull, d, now)).toEqual([`${IRO} since 2027-03-30`])
    expect(d.circumstancePeriods[0]).toMatchObject({ from: '2027-03-30', to: null, corrections: [{ from: '2027-03-25', to: null, at: now, by, reason }] })
    const unknown = refusal(correctCircumstanceDates(d, { circumstance: 'lookedAfter', periodFrom: '2027-03-25', from: '2027-03-30', to: null, reason, by }, ctx(solihull, now)))
    expect(unknown.code).toBe('circumstance-period-unknown')
    const stillHolds = refusal(correctCircumstanceDates(d, { circumstance: 'lookedAfter', periodFrom: '2027-03-30', from: '2027-03-30', to: '2027-03-31', reason, by }, ctx(solihull, now)))
    expect(stillHolds.code).toBe('circumstance-still-holds')
  })
})
