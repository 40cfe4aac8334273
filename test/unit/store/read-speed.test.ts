/**
 * Two store changes for the first search after unlock (issue 20): documents are written as ASCII JSON (every
 * character beyond ASCII escaped, the same JSON value), and loadMany can skip the journal's SHA-256 of each
 * file (`checksum: false`, for the search index's derived documents) while the AEAD tag and its authenticated
 * data still refuse a file that is damaged, of another document, of another vault or of an earlier generation.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { documentJson } from '../../../src/main/store/documents'
import type { Vault } from '../../../src/main/store'
import { docFile, newVault, reopen } from './helpers'

const TEXT = { child: 'Zoë O’Brien', note: 'Children’s Services 😀 “quoted” \u2028 é', plain: 'ascii' }

async function skipping(vault: Vault, docId: string): Promise<{ ok: boolean; problems: string[] }> {
  const got = await vault.loadMany([docId], { skipDamaged: true, cache: false, checksum: false })
  return { ok: got.has(docId), problems: vault.problems.map((p) => p.docId) }
}

describe('documents as ASCII JSON', () => {
  it('writes the same value as plain ASCII, and reads it back exactly', async () => {
    const json = documentJson(TEXT)!
    expect(json).toMatch(/^[\x20-\x7e]*$/)
    expect(JSON.parse(json)).toEqual(TEXT)
    expect(documentJson({ a: 'plain' })).toBe(JSON.stringify({ a: 'plain' }))
    expect(documentJson(undefined)).toBeUndefined()

    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-1', data: TEXT }])
    const v = await reopen(dir, vault)
    expect(await v.load('case-1')).toEqual(TEXT)
    // The file holds the ASCII text: AES-GCM keeps the plaintext's length, so the file is the ASCII JSON's
    // bytes plus the authenticated header, nonce and tag — not the UTF-8 JSON's, which is shorter.
    const file = await readFile(await docFile(dir, 'case-1'))
    const aadLength = 33 + file[32]!
    const plaintextBytes = file.length - aadLength - 12 - 16
    expect(plaintextBytes).toBe(Buffer.byteLength(json))
    expect(plaintextBytes).not.toBe(Buffer.byteLength(JSON.stringify(TEXT)))
    await v.lock()
  })
})

describe('loadMany without the journal checksum', () => {
  it('reads a sound document, and still refuses one damaged, swapped, from another vault or rolled back', async () => {
    const a = await newVault()
    await a.vault.commit({ action: 'save', summary: 's' }, [
      { docId: 'case-1', data: { n: 1 } },
      { docId: 'case-2', data: { n: 2 } },
    ])
    const older = await readFile(await docFile(a.dir, 'case-1'))
    await a.vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-1', data: { n: 11 } }])
    const b = await newVault()
    await b.vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-2', data: { n: 2 } }])
    await b.vault.lock()
    await a.vault.lock()

    let v = await reopen(a.dir, a.vault)
    expect(await v.loadMany(['case-1', 'case-2'], { checksum: false })).toEqual(new Map([['case-1', { n: 11 }], ['case-2', { n: 2 }]]))
    // As bytes (the search index's segments): the same JSON, neither decoded nor parsed.
    const bytes = await v.loadManyBytes(['case-1', 'case-2'], { checksum: false })
    expect([...bytes].map(([id, b]) => [id, Buffer.isBuffer(b), JSON.parse(b.toString('utf8'))])).toEqual([
      ['case-1', true, { n: 11 }],
      ['case-2', true, { n: 2 }],
    ])
    await v.lock()

    const current = await docFile(a.dir, 'case-1')
    const sound = await readFile(current)
    const cases: [string, () => Promise<void>][] = [
      ['a flipped byte', async () => {
        const bytes = Buffer.from(sound)
        bytes[bytes.length - 20] ^= 1
        await writeFile(current, bytes)
      }],
      ['another document copied over it', async () => copyFile(await docFile(a.dir, 'case-2'), current)],
      ['the same document of another vault', async () => copyFile(await docFile(b.dir, 'case-2'), current)],
      ['its older generation', () => writeFile(current, older)],
    ]
    for (const [what, damage] of cases) {
      await damage()
      v = await reopen(a.dir, a.vault)
      expect(await skipping(v, 'case-1'), what).toEqual({ ok: false, problems: ['case-1'] })
      await expect(v.loadMany(['case-1'], { checksum: false }), what).rejects.toMatchObject({ code: expect.stringMatching(/^document-/) })
      await expect(v.loadManyBytes(['case-1'], { checksum: false }), what).rejects.toMatchObject({ code: expect.stringMatching(/^document-/) })
      expect(await v.loadManyBytes(['case-1', 'case-2'], { skipDamaged: true, checksum: false }), what).toEqual(new Map([['case-2', Buffer.from('{"n":2}')]]))
      await v.lock()
      await writeFile(current, sound)
    }
  })
})
