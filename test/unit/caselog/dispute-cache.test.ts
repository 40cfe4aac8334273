/**
 * The case log keeps its open disputes in memory always and any other dispute read in a session only up to
 * a bound (src/main/caselog/dispute-cache.ts): reading thousands of closed disputes keeps it within the
 * bound, the open disputes and their drafts never leave memory, a save made in the middle of it is kept, and
 * a dispute dropped from memory reads back as it was. The years' archives are kept three at a time.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CaseLog, type DisputeDoc } from '../../../src/main/caselog'
import { DisputeCache } from '../../../src/main/caselog/dispute-cache'
import { openVault } from '../../../src/main/store'
import { openTestApi, PASS } from '../api/helpers'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

const BOUND = 64 * 1024

const disputeInput = (day: string, childId: string) => ({
  policyId: 'solihull-sscp',
  dispute: {
    childIds: [childId],
    otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs', role: 'Social worker' },
    disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
    reasons: { ids: [], text: 'We believe the threshold is met.' },
    disagreementOn: day,
    triage: { level: 'standard' },
  },
})

const draftInput = (disputeId: string, weSaid: string) => ({
  disputeId,
  draft: {
    kind: 'phone-call',
    stage: 1,
    occurredAt: { date: '2026-12-01', time: '10:00' },
    contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Solihull Children’s Services' },
    direction: 'outgoing',
    weSaid,
    whatWasAgreed: 'To call back by the end of the day.',
    nextStep: 'Chase for a reply',
    answered: true,
  },
})

describe('the dispute documents the case log holds', () => {
  it('stays within its bound over thousands of closed disputes, keeps the open ones, and loses no save', { timeout: 300_000 }, async () => {
    const t = await openTestApi('2026-12-01T11:00:00Z')
    cleanups.push(t.cleanup)
    const person = (await t.call('vault.session', {}))!.person
    const child = (await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04', settingName: null, levelOfNeed: null } })).id
    const open = (await t.call('disputes.open', disputeInput('2026-12-01', child))).dispute.id
    await t.call('records.createDraft', draftInput(open, 'We asked for the decision to be looked at again.'))
    const closed = (await t.call('disputes.open', disputeInput('2026-11-30', child))).dispute.id
    for (let i = 0; i < 3; i++) {
      const draft = await t.call('records.createDraft', draftInput(closed, `Call ${i}: `.padEnd(2000, 'we went through the referral again. ')))
      await t.call('records.approve', { disputeId: closed, recordId: draft.id })
    }
    await t.call('disputes.withdraw', { disputeId: closed, input: { reason: 'Resolved informally' } })
    await t.call('vault.lock', {})

    const vault = await openVault(t.vaultDir, { personId: person.personId, passphrase: PASS, now: () => t.clock.now })
    cleanups.unshift(() => vault.lock())
    // Two thousand closed disputes, each a copy of the withdrawn one under its own id (~7 KB of JSON each).
    const template = (await vault.load<DisputeDoc>(`dispute.${closed}`))!
    const year = closed.slice(0, 4)
    const ids = Array.from({ length: 2000 }, (_, i) => `${year}-${(0xc0de0000 + i).toString(16)}`)
    for (let at = 0; at < ids.length; at += 250)
      await vault.commit(
        { action: 'test-copies', summary: 'Copies of a closed dispute' },
        ids.slice(at, at + 250).map((id) => ({
          docId: `dispute.${id}`,
          data: { ...template, dispute: { ...template.dispute, id }, records: template.records.map((r) => ({ ...r, disputeId: id })) },
        })),
      )
    expect(JSON.stringify(template).length).toBeGreaterThan(6000)

    const log = await CaseLog.open(vault, { closedDisputesBytes: BOUND })
    const openDraft = (await log.records(open))[0]!
    for (const [i, id] of ids.entries()) {
      const records = await log.records(id)
      expect(records.map((r) => r.disputeId)).toEqual(template.records.map(() => id))
      expect(log.closedDisputesHeld().bytes).toBeLessThanOrEqual(BOUND)
      if (i === 1000) {
        // A save on the open dispute half way through: its document is replaced in memory once committed.
        await log.saveRecord({ ...openDraft, weSaid: 'We asked again, in writing.' }, { action: 'record-edited', summary: 'Draft edited' })
      }
      // The open dispute and its draft are never dropped, however much else is read.
      expect(log.openEntries().map((e) => e.dispute.id)).toEqual([open])
    }
    const held = log.closedDisputesHeld()
    expect(held.disputes).toBeGreaterThan(2)
    expect(held.disputes).toBeLessThan(20)
    expect((await log.records(open))[0]!.weSaid).toBe('We asked again, in writing.')
    expect(log.openEntries()[0]!.drafts).toHaveLength(1)
    // One dropped long ago reads back from the vault as it was.
    expect(await log.records(ids[0]!)).toEqual(template.records.map((r) => ({ ...r, disputeId: ids[0] })))
    expect((await log.find(closed)).open).toBe(false)
    expect(log.problems()).toEqual([])

    await vault.lock()
    const again = await CaseLog.open(await openVault(t.vaultDir, { personId: person.personId, passphrase: PASS, now: () => t.clock.now }))
    expect((await again.records(open))[0]!.weSaid).toBe('We asked again, in writing.')
  })

  it('keeps three years’ archives, however many years are looked through', { timeout: 120_000 }, async () => {
    const t = await openTestApi('2026-12-01T11:00:00Z')
    cleanups.push(t.cleanup)
    const person = (await t.call('vault.session', {}))!.person
    await t.call('vault.lock', {})
    const vault = await openVault(t.vaultDir, { personId: person.personId, passphrase: PASS, now: () => t.clock.now })
    cleanups.unshift(() => vault.lock())
    const years = Array.from({ length: 8 }, (_, i) => String(2019 + i))
    await vault.commit(
      { action: 'test-archives', summary: 'Empty archives' },
      years.map((y) => ({ docId: `archive.${y}`, data: { format: 4, disputes: {}, disposed: {} } })),
    )
    const log = await CaseLog.open(vault)
    const before = log.heldInMemory()
    for (const y of years) expect(await log.archived(y)).toEqual({ disputes: [], disposed: [] })
    expect(log.heldInMemory() - before).toBe(3)
    // One dropped reads back from the vault.
    expect(await log.archived('2019')).toEqual({ disputes: [], disposed: [] })
    expect(log.heldInMemory() - before).toBe(3)
  })

  it('counts a dispute against the bound once it is no longer open, not before', () => {
    const openIds = new Set(['2026-a', '2026-b'])
    const cache = new DisputeCache((id) => openIds.has(id), 1000)
    const doc = (id: string, size: number) => ({ dispute: { id }, padding: 'x'.repeat(size) }) as unknown as DisputeDoc
    cache.set('2026-a', doc('2026-a', 5000))
    cache.set('2026-b', doc('2026-b', 5000))
    for (let i = 0; i < 100; i++) cache.set(`2025-${i}`, doc(`2025-${i}`, 300))
    expect(cache.has('2026-a') && cache.has('2026-b')).toBe(true)
    expect(cache.closedBytes()).toBeLessThanOrEqual(1000)
    expect(cache.size).toBeLessThanOrEqual(2 + 3)
    // 2026-a closes: it now counts, and being larger than the bound on its own, goes at the next trim.
    openIds.delete('2026-a')
    cache.trim()
    expect(cache.has('2026-a')).toBe(false)
    expect(cache.has('2026-b')).toBe(true)
  })
})
