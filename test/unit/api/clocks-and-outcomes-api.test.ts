/**
 * What actually happened drives the clocks, through the real handler table over a real vault: a step
 * recorded as done moves what counts from it (and survives a reopen), and a resolution's dated facts mark
 * the policy's "confirm in writing" step done on its date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2027-01-04T09:00:00Z') // Monday 4 Jan 2027
})
afterEach(async () => t.cleanup())

async function aWolverhamptonDispute() {
  const child = await t.call('children.create', { child: { name: 'Amy Example' } })
  return t.call('disputes.open', {
    policyId: 'wolverhampton-wscb',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Wolverhampton Children’s Services', practitioner: 'Jo Bloggs', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2027-01-04',
      triage: { level: 'standard' },
    },
  })
}

describe('clocks from events and outcomes as dated facts', () => {
  it("the WSCB Chair's decision is due 20 Jan after the Director's letter recorded on 13 Jan", async () => {
    // 002 Wolverhampton: "this will be communicated to all involved within 5 working days of the issue being brought to his/her attention."
    const { dispute } = await aWolverhamptonDispute()
    for (const day of ['2027-01-11', '2027-01-12', '2027-01-13']) {
      t.at(`${day}T10:00:00Z`)
      await t.call('disputes.escalate', { disputeId: dispute.id, input: {} })
    }
    t.at('2027-01-13T11:00:00Z')
    await t.call('disputes.request', { disputeId: dispute.id, kind: 'exceptionalRoute', input: { optionId: 'wscb-chair-binding-decision' } })
    t.at('2027-01-13T16:00:00Z')
    const view = await t.call('disputes.recordStepDone', {
      disputeId: dispute.id,
      input: { key: 'request-1/step/director-writes-to-chair', doneOn: '2027-01-13' },
    })
    const chair = view.status?.dueDates.find((d) => d.key === 'request-1/step/chair-decision')
    expect(chair?.display).toBe('20 Jan 2027')
    expect(chair?.basis).toMatch(/on 13 Jan 2027 \(first set for 22 Jan 2027\)$/)
    await t.call('vault.lock', {})
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('vault expected')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: inspected.people[0]!.personId, passphrase: 'copper lantern orchard quietly' })
    const again = await t.call('disputes.get', { disputeId: dispute.id })
    expect(again.status?.dueDates.find((d) => d.key === 'request-1/step/chair-decision')?.display).toBe('20 Jan 2027')
  })

  it('resolved with a recorded written confirmation: the confirmation step is done on its date', async () => {
    // 002 Wolverhampton: "If agreement is reached, the receiving agency will write to the disputing agency confirming the outcome within a further 2 working days"
    const { dispute } = await aWolverhamptonDispute()
    t.at('2027-01-11T10:00:00Z')
    await t.call('disputes.escalate', { disputeId: dispute.id, input: {} })
    t.at('2027-01-14T15:00:00Z')
    const view = await t.call('disputes.resolve', {
      disputeId: dispute.id,
      input: {
        summary: 'Children’s Services will hold a strategy discussion.',
        agreement: { reachedOn: '2027-01-12', agreedBy: 'Sam Patel (team manager) and the DSL' },
        writtenConfirmation: { receivedOn: '2027-01-14', from: 'Sam Patel' },
        outstandingIssues: 'Transport to the contact centre goes to the core group on 21 Jan.',
      },
    })
    expect(view.dispute.outcome).toMatchObject({ agreement: { reachedOn: '2027-01-12' }, outstandingIssues: expect.stringMatching(/core group/) })
    const confirm = view.status?.dueDates.find((d) => d.key === 'stage-2/step/confirm-outcome-in-writing')
    expect(confirm).toMatchObject({ state: 'done', doneOn: '2027-01-14', display: '14 Jan 2027', doneLateByWorkingDays: 0 })
    expect(view.status?.overdue).toBe(false)
  })
})
