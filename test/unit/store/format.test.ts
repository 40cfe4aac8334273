/**
 * Reads a vault with nothing but node:crypto, @node-rs/argon2 and docs/vault-format.md — none of the
 * store's own code — to keep the written specification honest.
 */
import { createDecipheriv, createHash, createHmac, hkdfSync } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { hashRaw, type Algorithm } from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { newVault, PASS } from './helpers'

function gcmOpen(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
  d.setAAD(aad)
  d.setAuthTag(sealed.subarray(sealed.length - 16))
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()])
}
const u64 = (n: number) => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('the format as documented', () => {
  it('can be read by an independent implementation of docs/vault-format.md', async () => {
    const { dir, vault } = await newVault({ checkpointEvery: 2 })
    await vault.commit({ action: 'save', subject: 'case-1', summary: 'Saved' }, [{ docId: 'case-1', data: { child: 'Ü' } }])
    await vault.commit({ action: 'save', summary: 'Again' }, [{ docId: 'case-1', data: { child: 'V' } }, { docId: 'b', data: [1] }])
    await vault.commit({ action: 'delete', summary: 'Gone' }, [{ docId: 'b', delete: true }])
    await vault.lock()

    const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
    expect(header.format).toBe('escalation-log-vault')
    const slot = header.slots[0]
    const k = slot.kdf
    const kek = await hashRaw(Buffer.from(PASS.normalize('NFC')), {
      algorithm: 2 as Algorithm,
      memoryCost: k.memoryKiB,
      timeCost: k.passes,
      parallelism: k.parallelism,
      outputLen: 32,
      salt: Buffer.from(k.salt, 'hex'),
    })
    const slotAad = Buffer.from(
      JSON.stringify(['escalation-log-slot', 1, header.vaultId, slot.slotId, slot.personId, slot.name, k.memoryKiB, k.passes, k.parallelism, k.salt]),
    )
    const dataKey = gcmOpen(kek, Buffer.from(slot.wrappedKey, 'hex'), slotAad)
    const vid = Buffer.from(header.vaultId, 'hex')
    const sub = (p: string) => Buffer.from(hkdfSync('sha256', dataKey, vid, `escalation-log/v1/${p}`, 32))

    const macInput = JSON.stringify([
      'escalation-log-header',
      header.version,
      header.vaultId,
      header.createdAt,
      header.slots.map((s: typeof slot) => [s.slotId, s.personId, s.name, s.kdf.memoryKiB, s.kdf.passes, s.kdf.parallelism, s.kdf.salt, s.wrappedKey]),
    ])
    expect(createHmac('sha256', sub('header')).update(macInput).digest('hex')).toBe(header.mac)

    // Journal: frames, AAD = vault id ‖ u64 seq, canonical JSON, hash chain.
    const journal = await readFile(join(dir, 'journal.log'))
    const events: { seq: number; prev: string; action: string; docs: { id: string; generation?: number; hash?: string; deleted?: true }[] }[] = []
    let prev = '0'.repeat(64)
    let lastHash = prev
    for (let at = 0, seq = 1; at < journal.length; seq++) {
      const len = journal.readUInt32BE(at)
      expect(journal.readUInt32BE(at + 4 + len)).toBe(len)
      const plain = gcmOpen(sub('journal'), journal.subarray(at + 4, at + 4 + len), Buffer.concat([vid, u64(seq)]))
      const e = JSON.parse(plain.toString('utf8'))
      expect(Object.keys(e)).toEqual(['seq', 'at', 'personId', 'personName', 'action', ...(e.subject ? ['subject'] : []), 'summary', 'docs', 'prev'])
      expect(JSON.stringify(e)).toBe(plain.toString('utf8'))
      expect(e.seq).toBe(seq)
      expect(e.prev).toBe(prev)
      prev = lastHash = sha256(plain)
      events.push(e)
      at += len + 8
    }
    expect(events.map((e) => e.action)).toEqual(['vault-created', 'save', 'save', 'delete', 'lock'])

    // Head.
    const head = JSON.parse(gcmOpen(sub('head'), await readFile(join(dir, 'head.enc')), Buffer.concat([vid, Buffer.from('head')])).toString())
    expect(head).toEqual({ seq: 5, hash: lastHash, journalBytes: journal.length })

    // Documents: the manifest from the events, the file hash, the AAD prefix.
    expect(await readdir(join(dir, 'documents'))).toEqual(['case-1.2.enc'])
    const file = await readFile(join(dir, 'documents', 'case-1.2.enc'))
    const entry = events[2].docs.find((d) => d.id === 'case-1')
    expect(entry).toEqual({ id: 'case-1', generation: 2, hash: sha256(file) })
    const id = Buffer.from('case-1')
    const aad = Buffer.concat([Buffer.from('ELD1'), vid, u64(2), Buffer.from([id.length]), id])
    expect(file.subarray(0, aad.length)).toEqual(aad)
    expect(JSON.parse(gcmOpen(sub('documents'), file.subarray(aad.length), aad).toString())).toEqual({ child: 'V' })
    expect(events[3].docs).toEqual([{ id: 'b', deleted: true }])

    // Checkpoint after event 4 (every 2 events): the manifest, with the tombstone keeping its generation.
    const cp = JSON.parse(
      gcmOpen(sub('checkpoint'), await readFile(join(dir, 'checkpoint.enc')), Buffer.concat([vid, Buffer.from('checkpoint')])).toString(),
    )
    const lockFrame = journal.readUInt32BE(journal.length - 4) + 8
    expect(cp).toEqual({
      seq: 4,
      hash: events[4].prev,
      journalBytes: journal.length - lockFrame,
      docs: { 'case-1': { generation: 2, hash: sha256(file) }, b: { generation: 1, deleted: true } },
    })
  })
})
