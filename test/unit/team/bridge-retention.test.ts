/**
 * Retention decisions travel (issue 17: "Everything travels"): a decision to keep a closed dispute, and a decision
 * to dispose of it, reach every device with who took it and why. The disposal itself is not carried out on the
 * other devices (per-dispute keys and tombstones are another piece of work): there the decision is recorded and the
 * retention review shows it as decided, with the disposal pending on that device. The device that disposed of the
 * dispute never gets it back from what the others still hold.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { decideRetention, reviewStatus } from '../../../src/main/domain/retention'
import { approveOn, desks, draftOn, openOn, resolveOn, syncAll, tempFolders, type Desk } from './bridge-helpers'

const temp = tempFolders('team-retention-')
afterEach(temp.clear)

async function decide(desk: Desk, disputeId: string, input: { decision: 'retain' | 'dispose'; reason: string; retainUntil?: string }) {
  const { entry } = await desk.log.find(disputeId)
  const today = desk.clock.now.toISOString().slice(0, 10)
  const status = reviewStatus([{ dateOfBirth: null }], entry.retention, { yearsAfterYoungestBirth: 25 }, today)
  const decision = decideRetention(input, { today, now: desk.clock.now.toISOString(), by: desk.name, status, disputeOpen: false })
  if (decision.decision === 'retain') await desk.log.recordRetention(disputeId, decision, { action: 'retention-retained', summary: 'Kept at review' })
  else
    await desk.log.disposeDispute(disputeId, { reference: entry.dispute.reference, at: decision.decidedAt, by: decision.decidedBy, reason: decision.reason }, { action: 'retention-disposed', summary: 'Disposed of at review' })
}

const decisionsOn = async (desk: Desk, disputeId: string) =>
  ((await desk.log.allDisputes()).find((e) => e.dispute.id === disputeId)?.retention ?? []).map((d) => [d.decision, d.decidedBy, d.reason, d.retainUntil])

describe('retention decisions on a team’s devices', () => {
  it('a decision to keep and a decision to dispose reach every device; the disposal is pending there, and never undone here', async () => {
    const all = await desks(temp.made(), ['Asha Patel', 'Ben Okafor', 'Chloe Evans'])
    const [dsl, deputy, third] = all as [Desk, Desk, Desk]
    const dispute = await openOn(dsl, 'Priya Shah')
    const call = await draftOn(dsl, dispute.id, 'Rang Jo Bloggs.')
    await approveOn(dsl, dispute.id, call.id)
    await resolveOn(dsl, dispute.id)
    await syncAll(all)

    dsl.clock.now = new Date('2026-12-02T10:00:00Z')
    await decide(dsl, dispute.id, { decision: 'retain', reason: 'A sibling’s case is still open.', retainUntil: '2027-06-01' })
    await syncAll(all)
    for (const d of all) expect(await decisionsOn(d, dispute.id)).toEqual([['retain', 'Asha Patel', 'A sibling’s case is still open.', '2027-06-01']])

    // At the review date the decision to keep set (as received from the DSL's device), the deputy disposes of it.
    deputy.clock.now = new Date('2027-06-01T11:00:00Z')
    await decide(deputy, dispute.id, { decision: 'dispose', reason: 'The sibling’s case closed; nothing to keep.' })
    await syncAll(all)
    // Disposed of on the deputy's device, and it stays so: nothing the others still hold brings it back.
    expect(await deputy.log.disputeDocOf(dispute.id)).toBeNull()
    expect(await deputy.log.isDisposed(dispute.id)).toBe(true)
    // Decided, and recorded as decided, on every other device, where its records are still held.
    for (const d of [dsl, third]) {
      expect(await decisionsOn(d, dispute.id)).toEqual([
        ['retain', 'Asha Patel', 'A sibling’s case is still open.', '2027-06-01'],
        ['dispose', 'Ben Okafor', 'The sibling’s case closed; nothing to keep.', null],
      ])
      expect((await d.log.disputeDocOf(dispute.id))?.records).toHaveLength(1)
    }
    // Told once: syncing again sends and applies nothing new.
    const waiting = all.map((d) => d.device.saved().seq)
    await syncAll(all)
    expect(all.map((d) => d.device.saved().seq)).toEqual(waiting)
    expect(await deputy.log.disputeDocOf(dispute.id)).toBeNull()
  })
})
