/**
 * A document that decrypts and verifies but is not in the form the case log expects (written by a buggy
 * version, or edited by someone with the key) is named to the person, never replaced by a default that
 * the next save would write over the real document.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openVault } from '../../../src/main/store'
import { openTestApi, PASS } from '../api/helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function personId(): Promise<string> {
  const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
  if (inspected.state !== 'present') throw new Error('a vault was expected')
  return inspected.people[0]!.personId
}

/** Rewrites stored documents with the store alone, as a different program holding the key could. */
async function tamper(change: (doc: Record<string, unknown>, docId: string) => void, docIds: string[]): Promise<void> {
  await t.call('vault.lock', {})
  const vault = await openVault(t.vaultDir, { personId: await personId(), passphrase: PASS, now: () => t.clock.now })
  const changes = []
  for (const docId of docIds) {
    const doc = (await vault.load<Record<string, unknown>>(docId))!
    change(doc, docId)
    changes.push({ docId, data: doc })
  }
  await vault.commit({ action: 'test-edit', summary: 'Edited outside the case log' }, changes)
  await vault.lock()
  await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
}

async function aDispute(): Promise<string> {
  const child = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}

describe('a stored document not in its expected form', () => {
  it('an open dispute keeps its dashboard row, saying which document cannot be used, and the session lists it', async () => {
    const disputeId = await aDispute()
    const docId = `dispute.${disputeId}`
    await tamper((doc) => ((doc.dispute as Record<string, unknown>).status = 'paused'), [docId])
    const session = await t.call('vault.session', {})
    expect(session?.problems).toEqual([expect.objectContaining({ docId, message: expect.stringContaining(`The document “${docId}” cannot be used`) })])
    const dash = await t.call('disputes.dashboard', {})
    expect(dash.rows).toEqual([expect.objectContaining({ id: disputeId, reference: 'ESC-2026-0001', status: null, problem: expect.stringContaining('dispute.status') })])
    const refused = await t.refusal('disputes.get', { disputeId })
    expect(refused).toMatchObject({ code: 'document-invalid', field: docId })
  })

  it('a children document is refused by name, and no save writes a default over it', async () => {
    await aDispute()
    await tamper((doc) => (doc.children = 'everyone'), ['children'])
    const before = t.snapshot()
    expect(await t.refusal('children.list', {})).toMatchObject({ code: 'document-invalid', field: 'children' })
    const refused = await t.refusal('children.create', { child: { name: 'Ben Example' } })
    expect(refused.code).toBe('document-invalid')
    expect(refused.message).toContain('“children”')
    expect(t.snapshot()).toEqual(before)
  })

  it('a quarter document that cannot be used never stops a save: the totals go, and the next figures rebuild them from the summaries', async () => {
    const disputeId = await aDispute()
    const before = await t.call('reports.quarterly', { year: 2026, quarter: 4 })
    await tamper((doc) => (doc.disputes = 'none'), ['quarter.2026-4'])
    await t.call('disputes.escalate', { disputeId, input: {} })
    const after = await t.call('reports.quarterly', { year: 2026, quarter: 4 })
    expect(after.opened).toBe(1)
    expect(after.stageReached).toEqual([expect.objectContaining({ key: 2, count: 1 })])
    expect(before.stageReached).toEqual([expect.objectContaining({ key: 1, count: 1 })])
    const actions = (await t.call('audit.list', { limit: 20 })).map((e: { action: string }) => e.action)
    expect(actions.filter((a: string) => a === 'quarterly-totals-built')).toHaveLength(2)
  })

  it('a quarter’s figures that cannot be used are rebuilt with the quarter documents, and the figures are as before', async () => {
    const disputeId = await aDispute()
    await t.call('disputes.escalate', { disputeId, input: {} })
    const before = await t.call('reports.quarterly', { year: 2026, quarter: 4 })
    expect(before.stageReached).toEqual([expect.objectContaining({ key: 2, count: 1 })])
    await tamper((doc) => (doc.all = 'none'), ['quarter-figures.2026-4'])
    expect(await t.call('reports.quarterly', { year: 2026, quarter: 4 })).toEqual(before)
    const actions = (await t.call('audit.list', { limit: 20 })).map((e: { action: string }) => e.action)
    expect(actions.filter((a: string) => a === 'quarterly-totals-built')).toHaveLength(2)
    // Rebuilt, so the next unlock reads them as stored.
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
    expect(await t.call('reports.quarterly', { year: 2026, quarter: 4 })).toEqual(before)
    const again = (await t.call('audit.list', { limit: 20 })).map((e: { action: string }) => e.action)
    expect(again.filter((a: string) => a === 'quarterly-totals-built')).toHaveLength(2)
  })

  it('a policies document from a newer version stops the unlock with a sentence saying to update', async () => {
    await t.call('calendar.addClosure', { date: '2026-12-18', label: 'Inset day' })
    await t.call('vault.lock', {})
    const vault = await openVault(t.vaultDir, { personId: await personId(), passphrase: PASS, now: () => t.clock.now })
    const doc = (await vault.load<Record<string, unknown>>('policies'))!
    await vault.commit({ action: 'test-edit', summary: 'Written by a later version' }, [{ docId: 'policies', data: { ...doc, format: 9 } }])
    await vault.lock()
    const refused = await t.refusal('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
    expect(refused.code).toBe('document-too-new')
    expect(refused.message).toContain('Update Escalation Log')
    expect(await t.call('vault.session', {})).toBeNull()
  })

  it('damaged settings are listed by name and the defaults used, so the person can still get in', async () => {
    await tamper((doc) => (doc.autoLockMinutes = 'never'), ['settings'])
    const session = await t.call('vault.session', {})
    expect(session?.autoLockMinutes).toBe(10)
    expect(session?.problems).toEqual([expect.objectContaining({ docId: 'settings', message: expect.stringContaining('The document “settings” cannot be used') })])
  })
})
