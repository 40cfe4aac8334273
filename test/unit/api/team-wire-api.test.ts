/**
 * The team vault wired to the case log (issue 17: "a deputy cannot see, continue or countersign the DSL's
 * disputes from her own machine" — now she can): two real vaults through two handler tables sharing one
 * folder. The DSL's existing dispute reaches the deputy when she joins (once his device has handed her its key); a call she logs and approves reaches
 * the DSL after a sync, with her as approver; the DSL's countersignature comes back. A change sealed but not
 * yet sent survives a lock (its save's commit held the team document); a locked vault no longer syncs.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { contract, type Channel, type ChannelOutput } from '../../../src/shared/ipc'
import { relock, teamOfTwo, type TestApi } from './team-helpers'

type T = TestApi
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

const parsed = <C extends Channel>(channel: C, value: unknown): ChannelOutput<C> => contract[channel].output.parse(value) as ChannelOutput<C>

const team = () => teamOfTwo(opened)

describe('the team vault wired to the case log', () => {
  it('the DSL’s dispute reaches the deputy; her approved call reaches the DSL; his countersignature reaches her', async () => {
    const { dsl, deputy, disputeId } = await team()
    const there = parsed('disputes.get', await deputy.call('disputes.get', { disputeId }))
    expect(there.dispute.reference).toBe((await dsl.call('disputes.get', { disputeId })).dispute.reference)

    deputy.at('2026-12-02T15:00:00Z')
    const draft = await deputy.call('records.createDraft', {
      disputeId,
      draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '14:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Asked Jo to reconsider the threshold decision.' },
    })
    await deputy.call('records.approve', { disputeId, recordId: draft.id })
    // Sealed, not yet sent; the lock and unlock keep it (the save's commit held the team document).
    await relock(deputy)
    parsed('team.syncNow', await deputy.call('team.syncNow', {}))

    dsl.at('2026-12-02T15:10:00Z')
    const synced = parsed('team.syncNow', await dsl.call('team.syncNow', {}))
    expect(synced.members.find((m) => !m.me)?.lastReceivedAt).not.toBeNull()
    const atDsl = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    const record = atDsl.records.find((r) => r.id === draft.id)
    expect(record).toMatchObject({ status: 'approved', weSaid: 'Asked Jo to reconsider the threshold decision.' })
    expect(record?.approval?.byName).toBe('Harriet Okonkwo')
    const audit = JSON.stringify(await dsl.call('audit.list', { limit: 20 }))
    expect(audit).toContain('team-changes-applied')

    await dsl.call('records.countersign', { disputeId, recordId: draft.id })
    await dsl.call('team.syncNow', {})
    await deputy.call('team.syncNow', {})
    const back = parsed('disputes.get', await deputy.call('disputes.get', { disputeId })).records.find((r) => r.id === draft.id)
    expect(back?.countersignature).toBeTruthy()
  })

  it('a colleague’s draft set aside with a reason, taken over, and a review refused when there is none', async () => {
    const { dsl, deputy, disputeId } = await team()
    deputy.at('2026-12-02T15:00:00Z')
    const draft = await deputy.call('records.createDraft', {
      disputeId,
      draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '14:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Left a message.' },
    })
    await deputy.call('team.syncNow', {})
    await dsl.call('team.syncNow', {})
    expect((await dsl.refusal('team.setDraftAside', { disputeId, recordId: draft.id, reason: ' ' })).message).toContain('Give your reason: colleagues will see it')
    expect(parsed('team.takeOverDraft', await dsl.call('team.takeOverDraft', { disputeId, recordId: draft.id, reason: 'Ben is on leave this week.' }))).toBeNull()
    expect(parsed('team.setDraftAside', await dsl.call('team.setDraftAside', { disputeId, recordId: draft.id, reason: 'Logged twice.' }))).toBeNull()
    const audit = JSON.stringify(await dsl.call('audit.list', { limit: 10 }))
    expect(audit).toContain('record-taken-over')
    expect(audit).toContain('record-set-aside')
    await dsl.call('team.syncNow', {})
    expect((await deputy.call('team.syncNow', {})).problems).toEqual([])
    const refused = await dsl.refusal('team.decideReview', { disputeId, keep: 'x', reason: 'Agreed at supervision.' })
    expect(refused.message).toBe('This dispute does not need review: there is nothing to decide.')
  })

  it('a locked vault stops syncing', async () => {
    const { dsl, deputy } = await team()
    await dsl.call('vault.lock', {})
    expect((await dsl.refusal('team.syncNow', {})).code).toBe('vault-locked')
    expect((await deputy.call('team.status', {})).member).toBe(true)
  })
})
