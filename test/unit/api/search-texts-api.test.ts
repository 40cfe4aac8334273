/**
 * Issue 20, "first search after unlock ≤ 2 × the floor": a segment (format 3) keeps its snippet texts apart,
 * in `search-texts.<id>`, written in the same commit and read only for the results a query shows. A texts
 * document that is damaged, missing or from before (a format-2 segment, which held its texts) costs nothing
 * but speed: the snippet is cut from the dispute's own document, as it was for a format-1 segment.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countReads } from '../../../bench/lib/probes'
import { openVault } from '../../../src/main/store'
import { openTestApi, PASS } from './helpers'

let t: Awaited<ReturnType<typeof openTestApi>>
beforeEach(async () => {
  t = await openTestApi()
})
afterEach(async () => t.cleanup())

const documents = () => readdirSync(join(t.vaultDir, 'documents'))
const present = (docId: string) => documents().some((n) => n.startsWith(`${docId}.`) && /^\d+\.enc$/.test(n.slice(docId.length + 1)))
function fileOf(docId: string): string {
  const names = documents().filter((n) => n.startsWith(`${docId}.`) && /^\d+\.enc$/.test(n.slice(docId.length + 1)))
  if (names.length !== 1) throw new Error(`expected one file for ${docId}, found ${names.join(', ')}`)
  return join(t.vaultDir, 'documents', names[0]!)
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

const personId = async () => ((await t.call('vault.inspect', { dir: t.vaultDir })) as { people: { personId: string }[] }).people[0]!.personId

async function unlockAgain(): Promise<void> {
  await t.call('vault.lock', {})
  await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
}

/** Rewrites stored documents with the store alone, as a vault written by an earlier version would hold them. */
async function rewrite(changes: (load: <T>(docId: string) => Promise<T>) => Promise<{ docId: string; data?: unknown; delete?: true }[]>): Promise<void> {
  await t.call('vault.lock', {})
  const vault = await openVault(t.vaultDir, { personId: await personId(), passphrase: PASS, now: () => t.clock.now })
  const list = await changes(async (docId) => (await vault.load(docId)) as never)
  await vault.commit({ action: 'test-edit', summary: 'Written as an earlier version would' }, list as never)
  await vault.lock()
  await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
}

/** The words of a hit's snippet, marks and all, as one string. */
const snippetOf = (hit: { snippet?: { text: string }[] | null }) => hit.snippet?.map((p) => p.text).join('') ?? null

async function searchReading(query: string) {
  const reads = countReads()
  try {
    const hits = await t.call('search.query', { query })
    const read = [...reads.files].map((f) => f.split('/').at(-1)!.replace(/\.\d+\.enc$/, ''))
    return { hits, read }
  } finally {
    reads.restore()
  }
}

describe('snippet texts kept apart from their segment', () => {
  it('are written with the segment, read for the results shown only, and never from the dispute document', async () => {
    const a = await aDispute('Alder Trust')
    const b = await aDispute('Birch Council')
    await t.call('records.createDraft', { disputeId: a, draft: draft('The wombat referral was discussed at length.') })
    await t.call('records.createDraft', { disputeId: b, draft: draft('Nothing about animals here.') })
    expect(present(`search-texts.${a}`) && present(`search-texts.${b}`)).toBe(true)
    // A save rewrites its own segment's texts with it, in the same commit; the other's stay as they were.
    const textsOfB = fileOf(`search-texts.${b}`)
    await t.call('records.createDraft', { disputeId: a, draft: draft('A second wombat call.') })
    expect(fileOf(`search-texts.${b}`)).toBe(textsOfB)

    await unlockAgain()
    const { hits, read } = await searchReading('wombat')
    expect(hits.map((h) => h.disputeId)).toEqual([a, a])
    expect(hits.map(snippetOf)).toEqual(expect.arrayContaining([expect.stringContaining('wombat referral'), expect.stringContaining('second wombat')]))
    expect(read).toContain(`search-texts.${a}`)
    expect(read).not.toContain(`search-texts.${b}`)
    expect(read.filter((id) => id.startsWith('dispute.'))).toEqual([])
  })

  it('a damaged texts document costs only speed: the snippet is cut from the dispute document, and the vault names it', async () => {
    const a = await aDispute('Cedar Academy')
    await t.call('records.createDraft', { disputeId: a, draft: draft('The capybara was mentioned twice.') })
    const file = fileOf(`search-texts.${a}`)
    const bytes = Buffer.from(readFileSync(file))
    bytes[bytes.length - 5] ^= 0x10
    writeFileSync(file, bytes)
    await unlockAgain()
    const { hits, read } = await searchReading('capybara')
    // Cut from the dispute's records (held in memory since unlock for an open dispute, else read).
    expect(hits.map(snippetOf)).toEqual([expect.stringContaining('capybara was mentioned')])
    expect(read).toContain(`search-texts.${a}`)
    expect((await t.call('vault.session', {}))!.problems.map((p) => p.docId)).toContain(`search-texts.${a}`)
  })

  it('a vault written before (format-2 segments holding their texts, no texts documents) is searched as before', async () => {
    const a = await aDispute('Damson Police')
    await t.call('records.createDraft', { disputeId: a, draft: draft('The quokka sightings were reported.') })
    await rewrite(async (load) => {
      const segment = await load<Record<string, unknown>>(`search.${a}`)
      const { texts } = await load<{ texts: string[][] }>(`search-texts.${a}`)
      return [
        { docId: `search.${a}`, data: { ...segment, format: 2, texts } },
        { docId: `search-texts.${a}`, delete: true },
      ]
    })
    const { hits, read } = await searchReading('quokka')
    // Its snippet from the dispute's records, until the dispute is next saved.
    expect(hits.map(snippetOf)).toEqual([expect.stringContaining('quokka sightings')])
    expect(read).not.toContain(`search-texts.${a}`)
    expect((await t.call('vault.session', {}))!.problems).toEqual([])
    // The next save writes the segment at format 3 with its texts apart.
    await t.call('records.createDraft', { disputeId: a, draft: draft('Another quokka call.') })
    expect(present(`search-texts.${a}`)).toBe(true)
    await unlockAgain()
    const again = await searchReading('quokka')
    expect(again.hits.map(snippetOf)).toEqual(expect.arrayContaining([expect.stringContaining('quokka sightings'), expect.stringContaining('Another quokka')]))
    expect(again.read).toContain(`search-texts.${a}`)
  })

  it('removing a segment (a disposal, or a save the index could not follow) removes its texts with it', async () => {
    const { segmentDeletes, segmentWrites } = await import('../../../src/main/api/search-segment-writes')
    expect(segmentDeletes('2026-abc', () => true).map((c) => c.docId)).toEqual(['search.2026-abc', 'search-texts.2026-abc'])
    expect(segmentDeletes('2026-abc', (id) => id.startsWith('search.'))).toEqual([{ docId: 'search.2026-abc', delete: true }])
    // A segment written without texts in memory never leaves an older texts document paired with it.
    const segment = { hits: [], vocab: '', postings: '' }
    expect(segmentWrites('2026-abc', segment, () => true)).toEqual([
      { docId: 'search.2026-abc', data: { format: 3, ...segment } },
      { docId: 'search-texts.2026-abc', delete: true },
    ])
  })
})
