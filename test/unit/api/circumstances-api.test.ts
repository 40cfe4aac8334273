/**
 * Circumstances over time through the real handler table over a real vault: a child's change of
 * circumstance with the day it took effect, the IRO notice owed from that day and kept owed after the
 * circumstance ends, "not needed" with a reason, and a corrected date, each audited.
 *
 * 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure
 * notification should also be sent to cpru@solihull.gov.uk for attention of the child's Independent
 * Reviewing Officer"
 * 002 Havering: "If the case involves a child subject to a Child Protection Plan or a Looked After Child,
 * the Independent Reviewing Officer (IRO) must also be notified."
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedSays, SEED } from '../domain/policies/seeds'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2027-03-25T09:00:00Z') // Thursday 25 Mar 2027, before Good Friday
})
afterEach(async () => t.cleanup())

const IRO = 'independent-reviewing-officer'

async function aDispute(policyId: string, child: Record<string, unknown> = {}) {
  const created = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04', ...child } })
  const view = await t.call('disputes.open', {
    policyId,
    dispute: {
      childIds: [created.id],
      otherAgency: { agency: 'Children’s Services', practitioner: 'Jo Bloggs', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold for assessment.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2027-03-25',
      triage: { level: 'standard' },
    },
  })
  return { childId: created.id, disputeId: view.dispute.id }
}

const iroOwed = async (disputeId: string) =>
  (await t.call('disputes.get', { disputeId })).status!.notificationsOwed
    .filter((n) => n.notificationId === IRO)
    .map((n) => `${n.stage === null ? '' : `@${n.stage} `}since ${n.owedSince}`)

describe('circumstances over time, through the handler table', () => {
  it('Solihull: the child looked after from 30 Mar at stage 2 owes the IRO notice from 30 Mar', async () => {
    seedSays(SEED.solihull, "secure notification should also be sent to cpru@solihull.gov.uk for attention of the child's Independent Reviewing Officer")
    const { childId, disputeId } = await aDispute('solihull-sscp')
    t.at('2027-03-25T15:00:00Z')
    await t.call('disputes.escalate', { disputeId, input: {} })
    t.at('2027-03-31T09:00:00Z')
    await t.call('children.update', { id: childId, changes: { lookedAfter: true }, circumstancesFrom: '2027-03-30' })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-30'])
    const view = await t.call('disputes.get', { disputeId })
    expect(view.dispute.circumstancePeriods.map((p) => [p.circumstance, p.from, p.to])).toEqual([['lookedAfter', '2027-03-30', null]])
    const [child] = await t.call('children.list', {})
    expect(child!.circumstanceHistory).toEqual([{ circumstance: 'lookedAfter', from: '2027-03-30', to: null }])
  })

  it('Solihull: the notice owed at stage 1 stays owed after the plan ends', async () => {
    const { childId, disputeId } = await aDispute('solihull-sscp', { childProtectionPlan: true })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-25'])
    t.at('2027-03-30T10:00:00Z')
    await t.call('children.update', { id: childId, changes: { childProtectionPlan: false } })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-25'])
    const view = await t.call('disputes.get', { disputeId })
    expect(view.dispute.childCircumstances).toEqual([])
    expect(view.dispute.circumstancePeriods.map((p) => [p.circumstance, p.from, p.to])).toEqual([['childProtectionPlan', '2027-03-25', '2027-03-30']])
  })

  it('Havering: owed from stage 2 for a plan that began at stage 1, and still owed once the plan has ended', async () => {
    seedSays(SEED.havering, 'If the case involves a child subject to a Child Protection Plan or a Looked After Child, the Independent Reviewing Officer (IRO) must also be notified.')
    const { childId, disputeId } = await aDispute('havering-hscb', { childProtectionPlan: true })
    expect(await iroOwed(disputeId)).toEqual([])
    t.at('2027-03-30T09:00:00Z')
    await t.call('disputes.escalate', { disputeId, input: {} })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-30'])
    t.at('2027-03-31T09:00:00Z')
    await t.call('children.update', { id: childId, changes: { childProtectionPlan: false } })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-30'])
  })

  it('a notice recorded as not needed, with a reason, is no longer owed; the audit trail says so without the reason', async () => {
    const { disputeId } = await aDispute('solihull-sscp', { lookedAfter: true })
    const reason = 'The IRO chaired the review at which this was raised.'
    const blank = await t.refusal('disputes.notificationNotNeeded', { disputeId, input: { notificationId: IRO, reason: '' } })
    expect(blank.code).toBe('invalid-input')
    const view = await t.call('disputes.notificationNotNeeded', { disputeId, input: { notificationId: IRO, reason } })
    expect(view.dispute.notificationsNotNeeded).toMatchObject([{ notificationId: IRO, stage: null, reason, by: 'Harriet Okonkwo' }])
    expect(await iroOwed(disputeId)).toEqual([])
    const [event] = await t.call('audit.list', { limit: 1 })
    // Issue 16, "no internal ids on screen": the trail names the recipient by title, not the policy's id.
    expect(event).toMatchObject({ action: 'notification-not-needed', summary: expect.stringMatching(/^Notification recorded as not needed: .*Independent Reviewing Officer/) })
    expect(event!.summary).not.toContain(IRO)
    expect(JSON.stringify(event)).not.toContain(reason)
    const again = await t.refusal('disputes.recordNotification', { disputeId, input: { notificationId: IRO, sentOn: '2027-03-25' } })
    expect(again.code).toBe('notification-already-recorded')
  })

  it('a wrongly entered date is corrected, audited, and the notice follows it', async () => {
    const { childId, disputeId } = await aDispute('solihull-sscp')
    t.at('2027-03-31T09:00:00Z')
    await t.call('children.update', { id: childId, changes: { lookedAfter: true }, circumstancesFrom: '2027-03-25' })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-25'])
    const view = await t.call('disputes.correctCircumstance', {
      disputeId,
      input: { circumstance: 'lookedAfter', periodFrom: '2027-03-25', from: '2027-03-30', to: null, reason: 'The care order was made on 30 Mar.' },
    })
    expect(view.dispute.circumstancePeriods[0]).toMatchObject({ from: '2027-03-30', corrections: [{ from: '2027-03-25', by: 'Harriet Okonkwo' }] })
    expect(await iroOwed(disputeId)).toEqual(['since 2027-03-30'])
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'circumstance-corrected', summary: 'Circumstance dates corrected: lookedAfter from 2027-03-25' })
  })

  it('a change dated in the future is refused and changes no byte of the vault', async () => {
    const { childId } = await aDispute('solihull-sscp')
    const before = t.snapshot()
    const refused = await t.refusal('children.update', { id: childId, changes: { lookedAfter: true }, circumstancesFrom: '2027-04-30' })
    expect([refused.code, refused.message]).toEqual(['date-in-future', '30 Apr 2027 is in the future.'])
    expect(t.snapshot()).toEqual(before)
  })
})
