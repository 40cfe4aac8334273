/**
 * Issue 20, "A persistent, encrypted search index: stored in the vault as encrypted segments … updated by
 * each save in proportion to the save, loaded lazily; tamper-evident like every document; rebuilt only when
 * missing or damaged (and then in the background with the search saying so)."
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countReads } from '../../../bench/lib/probes'
import { openTestApi, PASS } from './helpers'

let t: Awaited<ReturnType<typeof openTestApi>>
beforeEach(async () => {
  t = await openTestApi()
})
afterEach(async () => t.cleanup())

const documents = () => readdirSync(join(t.vaultDir, 'documents'))
/** The one stored generation of a document (documents/<id>.<generation>.enc). */
function fileOf(docId: string): string {
  const names = documents().filter((n) => n.startsWith(`${docId}.`) && /^\d+\.enc$/.test(n.slice(docId.length + 1)))
  if (names.length !== 1) throw new Error(`expected one file for ${docId}, found ${names.join(', ')}`)
  return join(t.vaultDir, 'documents', names[0]!)
}
function flipByte(docId: string): void {
  const file = fileOf(docId)
  const bytes = Buffer.from(readFileSync(file))
  bytes[bytes.length - 5] ^= 0x10
  writeFileSync(file, bytes)
}

async function aDispute(agency: string): Promise<string> {
  const child = await t.call('children.create', { child: { name: `Child of ${agency}` } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency, practitioner: 'Jo Bloggs', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}

const draft = (weSaid: string) => ({
  kind: 'phone-call',
  stage: 1,
  occurredAt: { date: '2026-12-01', time: '08:45' },
  contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Children’s Services' },
  direction: 'outgoing',
  weSaid,
})

async function unlockAgain(): Promise<void> {
  await t.call('vault.lock', {})
  const person = (await t.call('vault.inspect', { dir: t.vaultDir })) as { people: { personId: string }[] }
  await t.call('vault.unlock', { dir: t.vaultDir, personId: person.people[0]!.personId, passphrase: PASS })
}

async function built(): Promise<void> {
  for (let i = 0; i < 400 && (await t.call('search.status', {})).building; i++) await new Promise((r) => setTimeout(r, 25))
  expect((await t.call('search.status', {})).building).toBe(false)
}

describe('the persistent search index', () => {
  it('is written with each save: one segment per dispute, and a save rewrites only its own dispute’s segment', async () => {
    const a = await aDispute('Northfield Health')
    const b = await aDispute('Southgate Police')
    expect(documents().some((n) => n.startsWith(`search.${a}.`))).toBe(true)
    expect(documents().some((n) => n.startsWith('search-terms.2026.'))).toBe(true)
    const segmentOfB = fileOf(`search.${b}`)
    await t.call('records.createDraft', { disputeId: a, draft: draft('Spoke about the quokka sightings.') })
    expect(fileOf(`search.${b}`)).toBe(segmentOfB) // untouched: same generation
    expect(fileOf(`search.${a}`)).not.toBe(segmentOfB)
    // Persisted: after a lock and unlock the word is found with nothing to build.
    await unlockAgain()
    expect((await t.call('search.query', { query: 'quokka' })).map((h) => h.kind)).toEqual(['record'])
    expect(await t.call('search.status', {})).toEqual({ building: false, disputesIndexed: 0, disputesToIndex: 0 })
  })

  it('reads lazily: the first search after unlock reads the term list and only the segments that can hold a match', async () => {
    const ids: string[] = []
    for (const agency of ['Alder Trust', 'Birch Council', 'Cedar Academy', 'Damson Police']) ids.push(await aDispute(agency))
    await t.call('records.createDraft', { disputeId: ids[1], draft: draft('The wombat referral.') })
    // The directory (never saved here, so seeded) gets its segment written at the first search.
    await t.call('search.query', { query: 'referral' })
    await unlockAgain()
    const reads = countReads()
    try {
      expect((await t.call('search.query', { query: 'wombat' })).map((h) => h.disputeId)).toEqual([ids[1]])
    } finally {
      reads.restore()
    }
    const searchFiles = [...reads.files].map((f) => f.split('/').at(-1)!).filter((n) => n.startsWith('search'))
    // The year's term list, the children's and the directory's segments, and the one dispute's segment.
    expect(searchFiles.map((n) => n.replace(/\.\d+\.enc$/, '')).sort()).toEqual(['search-terms.2026', `search.${ids[1]}`, 'search.children', 'search.directory'].sort())
  })

  it('a flipped byte in a segment is caught by name, and the index is rebuilt rather than trusted', async () => {
    const a = await aDispute('Elm Hospital')
    await t.call('records.createDraft', { disputeId: a, draft: draft('The capybara was mentioned.') })
    const before = fileOf(`search.${a}`)
    flipByte(`search.${a}`)
    await unlockAgain()
    const first = await t.call('search.query', { query: 'capybara' })
    expect(first).toEqual([]) // the damaged segment is not used
    expect((await t.call('vault.session', {}))!.problems.map((p) => p.docId)).toContain(`search.${a}`)
    expect((await t.call('search.status', {})).building).toBe(true)
    await built()
    expect((await t.call('search.query', { query: 'capybara' })).map((h) => h.kind)).toEqual(['record'])
    expect(fileOf(`search.${a}`)).not.toBe(before) // written again, as a new generation
    expect((await t.call('audit.list', { limit: 5 })).map((e) => e.action)).toContain('search-index-built')
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })
  })

  it('a damaged term list is rebuilt in the background, and saves made during the build are not lost', async () => {
    const ids: string[] = []
    for (let i = 0; i < 60; i++) ids.push(await aDispute(`Agency ${i}`))
    flipByte('search-terms.2026')
    await unlockAgain()
    expect(await t.call('search.query', { query: 'agency' })).toEqual(expect.any(Array))
    const during = await t.call('search.status', {})
    expect(during.building).toBe(true)
    // A save while the build runs: its new word is in the index once the build is done, and stays there.
    await t.call('records.createDraft', { disputeId: ids[0], draft: draft('An axolotl was discussed.') })
    await t.call('records.createDraft', { disputeId: ids[59], draft: draft('An okapi was discussed.') })
    await built()
    expect((await t.call('search.query', { query: 'axolotl' })).map((h) => h.disputeId)).toEqual([ids[0]])
    expect((await t.call('search.query', { query: 'okapi' })).map((h) => h.disputeId)).toEqual([ids[59]])
    expect((await t.call('search.query', { query: 'agency', limit: 200 })).filter((h) => h.kind === 'dispute')).toHaveLength(60)
    await unlockAgain()
    expect(await t.call('search.query', { query: 'axolotl okapi' })).toEqual([])
    expect((await t.call('search.query', { query: 'okapi' })).map((h) => h.disputeId)).toEqual([ids[59]])
    expect((await t.call('search.status', {})).building).toBe(false)
  })
})
