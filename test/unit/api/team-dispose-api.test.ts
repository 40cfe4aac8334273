/**
 * Retention disposal in a team vault, through two real vaults' handler tables sharing one folder (issue 17,
 * "Deleting in an append-only world"): only the DSL (an owner) may dispose; her disposal reaches the deputy's
 * device, which disposes of the dispute in the same words as a local disposal; nothing of it comes back after
 * a lock and a sync.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { relock, teamOfTwo, type TestApi } from './team-helpers'
import { aDispute } from '../../support/disputes'

type T = TestApi
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

const team = () =>
  teamOfTwo(opened, {
    before: async ({ call }) => {
      const old = await aDispute(call, { child: { name: 'Old Case', dateOfBirth: '2000-03-01' } })
      await call('disputes.withdraw', { disputeId: old.dispute.id, input: { reason: 'Resolved informally' } })
      const kept = await aDispute(call, { child: { name: 'Kept Case', dateOfBirth: '2015-03-01' } })
      return { old, kept }
    },
  })

describe('retention disposal in a team vault', () => {
  it('a deputy’s disposal is refused; the DSL’s reaches the deputy, disposed of there in the same words; it does not come back', async () => {
    const { dsl, deputy, old, kept } = await team()
    const id = old.dispute.id
    expect((await deputy.call('disputes.get', { disputeId: id })).dispute.reference).toBe(old.dispute.reference)
    expect((await deputy.call('retention.list', {})).items.map((i) => i.disputeId)).toEqual([id])

    const refused = await deputy.refusal('retention.decide', { disputeId: id, decision: 'dispose', reason: 'Past retention' })
    expect(refused.code).toBe('team-not-owner')
    expect(refused.message).toBe(
      'Only an owner of the team vault (the DSL) can dispose of a dispute’s records, because disposal removes them from every colleague’s computer. Ask the DSL to make this decision.',
    )
    expect((await deputy.call('disputes.get', { disputeId: id })).dispute.id).toBe(id)

    dsl.at('2026-12-02T15:00:00Z')
    await dsl.call('retention.decide', { disputeId: id, decision: 'dispose', reason: 'Retention period ended; nothing outstanding' })
    await dsl.call('team.syncNow', {})
    await deputy.call('team.syncNow', {})

    expect((await deputy.refusal('disputes.get', { disputeId: id })).code).toBe('dispute-not-found')
    const listing = await deputy.call('retention.list', {})
    expect(listing.items).toEqual([])
    expect(listing.disposed).toEqual([
      expect.objectContaining({ reference: old.dispute.reference, reason: 'Retention period ended; nothing outstanding', at: '2026-12-02T15:00:00.000Z' }),
    ])
    const [dslEvent] = (await dsl.call('audit.list', { limit: 20 })).filter((e) => e.action === 'retention-disposed')
    const [deputyEvent] = (await deputy.call('audit.list', { limit: 20 })).filter((e) => e.action === 'retention-disposed')
    expect(deputyEvent).toMatchObject({ action: 'retention-disposed', subject: old.dispute.reference, summary: 'Disposed of at review: Retention period ended; nothing outstanding' })
    expect(deputyEvent?.summary).toBe(dslEvent?.summary)
    expect((await deputy.call('audit.verify', {})).ok).toBe(true)
    // The other dispute is untouched on both.
    expect((await deputy.call('disputes.get', { disputeId: kept.dispute.id })).dispute.id).toBe(kept.dispute.id)

    // Locked and unlocked (the device starts again from the local vault), synced again: nothing comes back.
    await relock(deputy)
    await relock(dsl)
    await deputy.call('team.syncNow', {})
    await dsl.call('team.syncNow', {})
    await deputy.call('team.syncNow', {})
    for (const t of [dsl, deputy]) {
      expect((await t.refusal('disputes.get', { disputeId: id })).code).toBe('dispute-not-found')
      expect((await t.call('team.status', {})).problems).toEqual([])
    }
    expect((await deputy.call('audit.list', { limit: 50 })).filter((e) => e.action === 'retention-disposed')).toHaveLength(1)
  })
})
