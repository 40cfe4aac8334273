/**
 * Tampering and damage, seen through the handler table as the app sees them. test/unit/store/tamper.test.ts
 * covers the store's own checks document by document; here one dispute's records document is damaged in
 * every way fast-check can think of — a byte flipped, the file cut short or added to, the other dispute's
 * document swapped in, a document from another vault, an older copy put back, the file deleted — and:
 *   - the vault still unlocks, and the damaged dispute's page is refused with a sentence naming the document;
 *   - the other dispute, the dashboard and the audit trail still work;
 *   - nothing crashes and nothing damaged is ever shown as if it were fine.
 */
import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aDispute, contact, openTestApi, PASS, personOf, type TestApi } from './helpers'

const docsDir = (vaultDir: string) => join(vaultDir, 'documents')
/** The current generation file of a document (there is exactly one after a clean lock). */
function fileOf(vaultDir: string, docId: string): string {
  const names = readdirSync(docsDir(vaultDir)).filter(
    (n) => n.startsWith(`${docId}.`) && /^\d+\.enc$/.test(n.slice(docId.length + 1)),
  )
  if (names.length !== 1) throw new Error(`expected one file for ${docId}, found ${names.join(', ')}`)
  return join(docsDir(vaultDir), names[0])
}

type Damage =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'cut'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'swap-dispute' }
  | { kind: 'other-vault' }
  | { kind: 'older-copy' }
  | { kind: 'older-copy-own-name' }
  | { kind: 'delete' }

const EXPECTED: Record<Damage['kind'], string[]> = {
  flip: ['document-damaged', 'document-swapped', 'document-from-another-vault', 'document-rolled-back'],
  cut: ['document-damaged'],
  append: ['document-damaged'],
  'swap-dispute': ['document-swapped'],
  'other-vault': ['document-from-another-vault'],
  'older-copy': ['document-rolled-back'],
  'older-copy-own-name': ['document-missing'],
  delete: ['document-missing'],
}

describe('a damaged dispute through the handler table', () => {
  let t: TestApi
  let other: TestApi
  let a: Awaited<ReturnType<typeof aDispute>>
  let b: Awaited<ReturnType<typeof aDispute>>
  let personId: string
  let pristine: Map<string, Buffer>
  let olderA: { name: string; bytes: Buffer }
  let otherVaultDoc: Buffer

  beforeAll(async () => {
    t = await openTestApi()
    other = await openTestApi()
    a = await aDispute(t, 'Amy Example', 2)
    b = await aDispute(t, 'Ben Example', 2)
    // An older generation of A's records, kept before one more save.
    const before = fileOf(t.vaultDir, `dispute.${a.disputeId}`)
    olderA = { name: before, bytes: readFileSync(before) }
    await t.call('records.createDraft', { disputeId: a.disputeId, draft: contact(9) })
    personId = await personOf(t)
    await t.call('vault.lock', {})
    const o = await aDispute(other, 'Cara Example', 1)
    otherVaultDoc = readFileSync(fileOf(other.vaultDir, `dispute.${o.disputeId}`))
    pristine = new Map(
      readdirSync(docsDir(t.vaultDir)).map((n) => [n, readFileSync(join(docsDir(t.vaultDir), n))]),
    )
  })
  afterAll(async () => {
    await t.cleanup()
    await other.cleanup()
  })

  function restorePristine(): void {
    for (const n of readdirSync(docsDir(t.vaultDir)))
      if (!pristine.has(n)) rmSync(join(docsDir(t.vaultDir), n))
    for (const [n, bytes] of pristine) writeFileSync(join(docsDir(t.vaultDir), n), bytes)
  }

  function damage(d: Damage): void {
    const target = fileOf(t.vaultDir, `dispute.${a.disputeId}`)
    const bytes = Buffer.from(readFileSync(target))
    switch (d.kind) {
      case 'flip':
        bytes[d.at % bytes.length] ^= 1 << d.bit
        return writeFileSync(target, bytes)
      case 'cut':
        return writeFileSync(target, bytes.subarray(0, d.at % bytes.length))
      case 'append':
        return writeFileSync(target, Buffer.concat([bytes, d.bytes]))
      case 'swap-dispute':
        return copyFileSync(fileOf(t.vaultDir, `dispute.${b.disputeId}`), target)
      case 'other-vault':
        return writeFileSync(target, otherVaultDoc)
      case 'older-copy':
        return writeFileSync(target, olderA.bytes)
      case 'older-copy-own-name':
        rmSync(target)
        return writeFileSync(olderA.name, olderA.bytes)
      case 'delete':
        return rmSync(target)
    }
  }

  const damages: fc.Arbitrary<Damage> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('append' as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
    }),
    fc.constantFrom<Damage>(
      { kind: 'swap-dispute' },
      { kind: 'other-vault' },
      { kind: 'older-copy' },
      { kind: 'older-copy-own-name' },
      { kind: 'delete' },
    ),
  )

  it('refuses the damaged dispute by name, with the right reason, and keeps everything else working (property)', async () => {
    const seen = new Set<string>()
    await fc.assert(
      fc.asyncProperty(damages, async (d) => {
        restorePristine()
        damage(d)
        const session = await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
        try {
          const docId = `dispute.${a.disputeId}`
          if (d.kind === 'delete' || d.kind === 'older-copy-own-name')
            expect(session.problems).toEqual([
              { docId, message: `The document “${docId}” is missing from the vault folder.` },
            ])
          const refused = await t.refusal('disputes.get', { disputeId: a.disputeId })
          expect(EXPECTED[d.kind]).toContain(refused.code)
          expect(refused.message).toContain(`“${docId}”`)
          expect(refused.message).not.toMatch(/Something went wrong/)
          seen.add(refused.code)
          // A save on the damaged dispute is refused too: nothing is built on a document that cannot be read.
          const save = await t.refusal('records.createDraft', { disputeId: a.disputeId, draft: contact(1) })
          expect(save.code).toBe(refused.code)
          // The rest of the vault carries on.
          const view = await t.call('disputes.get', { disputeId: b.disputeId })
          expect(view.records.map((r) => r.id)).toEqual(b.recordIds)
          expect((await t.call('disputes.dashboard', {})).counts.open).toBe(2)
          expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })
          expect((await t.call('vault.session', {}))!.problems.map((p) => p.docId)).toContain(docId)
        } finally {
          await t.call('vault.lock', {})
        }
      }),
      {
        numRuns: 40,
        // Every kind at least once, whatever the random draw.
        examples: [
          [{ kind: 'flip', at: 60, bit: 0 }],
          [{ kind: 'cut', at: 10 }],
          [{ kind: 'append', bytes: new Uint8Array([0]) }],
          [{ kind: 'swap-dispute' }],
          [{ kind: 'other-vault' }],
          [{ kind: 'older-copy' }],
          [{ kind: 'older-copy-own-name' }],
          [{ kind: 'delete' }],
        ],
      },
    )
    // Over the run, each kind of refusal the store can give was met at least once.
    for (const code of [
      'document-damaged',
      'document-swapped',
      'document-from-another-vault',
      'document-rolled-back',
      'document-missing',
    ])
      expect(seen).toContain(code)
    restorePristine()
  })

  it('a damaged index (the list of open disputes) is rebuilt from the dispute documents, audited, and the unlock goes ahead', async () => {
    // On a copy of the vault: the rebuild writes to the vault, and the other tests need this one as it was.
    restorePristine()
    const copy = `${t.vaultDir}-index-copy`
    cpSync(t.vaultDir, copy, { recursive: true })
    const index = fileOf(copy, 'index')
    const bytes = Buffer.from(readFileSync(index))
    bytes[bytes.length - 5] ^= 0x10
    writeFileSync(index, bytes)
    const session = await t.call('vault.unlock', { dir: copy, personId, passphrase: PASS })
    expect(session.problems).toEqual([])
    expect((await t.call('disputes.dashboard', {})).counts.open).toBe(2)
    expect((await t.call('audit.list', { limit: 3 })).map((e) => e.action)).toContain('index-rebuilt')
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })
    expect((await t.call('disputes.get', { disputeId: a.disputeId })).records).toHaveLength(3)
    await t.call('vault.lock', {})
    rmSync(copy, { recursive: true, force: true })
  })

  it('repairs nothing silently: once the file is put right, the dispute reads as before', async () => {
    restorePristine()
    damage({ kind: 'flip', at: 60, bit: 3 })
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
    expect((await t.refusal('disputes.get', { disputeId: a.disputeId })).code).toBe('document-damaged')
    await t.call('vault.lock', {})
    restorePristine()
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
    expect((await t.call('disputes.get', { disputeId: a.disputeId })).records).toHaveLength(3)
    await t.call('vault.lock', {})
  })
})
