/**
 * Finding 9 of issue 12: "one damaged `index` blocks every unlock". The index only summarises the dispute
 * documents (which disputes are open, the last reference issued each year), so a damaged one is rebuilt
 * from them at unlock, with an audit event saying so, instead of keeping everyone out of the vault.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { docFile } from '../store/helpers'
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

async function aDispute(childId: string, agency: string): Promise<{ id: string; reference: string }> {
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [childId],
      otherAgency: { agency, practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  return { id: view.dispute.id, reference: view.dispute.reference }
}

describe('a damaged index', () => {
  it('is rebuilt from the dispute documents at unlock: the dashboard lists the open disputes, the rebuild is audited, the chain verifies', async () => {
    const child = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })
    const first = await aDispute(child.id, 'Solihull Children’s Services')
    const second = await aDispute(child.id, 'Solihull Health Visiting')
    const withdrawn = await aDispute(child.id, 'Solihull Police')
    await t.call('disputes.withdraw', { disputeId: withdrawn.id, input: { reason: 'Opened by mistake.' } })
    await t.call('vault.lock', {})

    // One bit flipped in the index's current generation file, as a failing disk sector would.
    const file = await docFile(t.vaultDir, 'index')
    const bytes = readFileSync(file)
    bytes[bytes.length - 20] ^= 0x01
    writeFileSync(file, bytes)

    const session = await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
    expect(session.problems).toEqual([])
    const dash = await t.call('disputes.dashboard', {})
    expect(dash.rows.map((r) => r.reference).sort()).toEqual([first.reference, second.reference].sort())
    expect((await t.call('audit.list', { limit: 5 })).map((e) => e.action)).toContain('index-rebuilt')
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })

    // The counter survived: the next dispute does not reuse the withdrawn one's reference.
    const next = await aDispute(child.id, 'Solihull Education')
    expect(next.reference).toBe('ESC-2026-0004')
    expect(withdrawn.reference).toBe('ESC-2026-0003')

    // And the rebuilt index is the stored one from now on: the next unlock does not rebuild again.
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
    const actions = (await t.call('audit.list', { limit: 500 })).map((e) => e.action)
    expect(actions.filter((a) => a === 'index-rebuilt')).toHaveLength(1)
    expect((await t.call('disputes.dashboard', {})).rows).toHaveLength(3)
  })
})
