/**
 * Reads a vault with nothing but node:crypto, @node-rs/argon2 and docs/vault-format.md — none of the
 * store's own code — to keep the written specification honest.
 */
import { createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, randomBytes, verify } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { hashRaw, type Algorithm } from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { stageAttachmentBytes } from '../../../src/main/store/attachments'
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

/** The header, the first slot and epoch 0's subkeys, from the passphrase, as the document says. */
async function keysOf(dir: string) {
  const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
  expect(header.format).toBe('escalation-log-vault')
  expect(header.version).toBe(2)
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
  // The person's box key (X25519), wrapped under the KEK with the slot's AAD; the epoch key sealed to it.
  const boxAad = Buffer.from(
    JSON.stringify(['escalation-log-slot', 2, header.vaultId, 'person', slot.slotId, slot.personId, slot.name, k.memoryKiB, k.passes, k.parallelism, k.salt, slot.boxPublicKey]),
  )
  const boxPrivate = gcmOpen(kek, Buffer.from(slot.wrappedBoxKey, 'hex'), boxAad)
  const sealed = Buffer.from(slot.sealedKey, 'hex')
  const ephemeral = sealed.subarray(0, 32)
  const shared = diffieHellman({
    privateKey: createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), boxPrivate]), format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), ephemeral]), format: 'der', type: 'spki' }),
  })
  const boxKey = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, Buffer.from(slot.boxPublicKey, 'hex')]), 'escalation-log/v2/sealed-key', 32))
  const epochKey = gcmOpen(boxKey, sealed.subarray(32), Buffer.from(JSON.stringify(['escalation-log-epoch-key', 2, header.vaultId, slot.slotId, header.epoch])))
  expect(header.epoch).toBe(0)
  const vid = Buffer.from(header.vaultId, 'hex')
  // Epoch 0 uses format 1's subkeys.
  const sub = (p: string) => Buffer.from(hkdfSync('sha256', epochKey, vid, `escalation-log/v1/${p}`, 32))
  const epoch = Buffer.alloc(4)
  return { header, slot, sub, vid, epoch }
}

describe('the format as documented', () => {
  it('can be read by an independent implementation of docs/vault-format.md', async () => {
    const { dir, vault } = await newVault({ checkpointEvery: 2 })
    await vault.commit({ action: 'save', subject: 'case-1', summary: 'Saved' }, [{ docId: 'case-1', data: { child: 'Ü' } }])
    await vault.commit({ action: 'save', summary: 'Again' }, [{ docId: 'case-1', data: { child: 'V' } }, { docId: 'b', data: [1] }])
    await vault.commit({ action: 'delete', summary: 'Gone' }, [{ docId: 'b', delete: true }])
    await vault.lock()

    const { header, slot, sub, vid, epoch } = await keysOf(dir)

    // The keyring of earlier epochs: none yet.
    const ring = gcmOpen(sub('keyring'), Buffer.from(header.keyring, 'hex'), Buffer.from(JSON.stringify(['escalation-log-keyring', 2, header.vaultId, 0])))
    expect(JSON.parse(ring.toString())).toEqual([])

    const { mac, ...unsigned } = header
    const macInput = JSON.stringify(['escalation-log-header', 2, unsigned])
    expect(createHmac('sha256', sub('header')).update(macInput).digest('hex')).toBe(mac)
    const headerHash = sha256(Buffer.from(macInput))
    const signingKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(slot.signingPublicKey, 'hex')]), format: 'der', type: 'spki' })

    // Journal: frames of u32 epoch ‖ sealed, AAD = vault id ‖ u64 seq ‖ u32 epoch; canonical JSON; hash chain;
    // every event signed; the first carries the header.
    const journal = await readFile(join(dir, 'journal.log'))
    const events: { seq: number; prev: string; action: string; header?: string; docs: { id: string; generation?: number; hash?: string; deleted?: true }[] }[] = []
    let prev = '0'.repeat(64)
    let lastHash = prev
    for (let at = 0, seq = 1; at < journal.length; seq++) {
      const len = journal.readUInt32BE(at)
      expect(journal.readUInt32BE(at + 4 + len)).toBe(len)
      expect(journal.readUInt32BE(at + 4)).toBe(0)
      const plain = gcmOpen(sub('journal'), journal.subarray(at + 8, at + 4 + len), Buffer.concat([vid, u64(seq), epoch]))
      const e = JSON.parse(plain.toString('utf8'))
      expect(Object.keys(e)).toEqual(['seq', 'at', 'personId', 'personName', 'action', ...(e.subject ? ['subject'] : []), 'summary', 'docs', 'prev', ...(e.header ? ['header'] : []), 'sig'])
      expect(JSON.stringify(e)).toBe(plain.toString('utf8'))
      expect(e.seq).toBe(seq)
      expect(e.prev).toBe(prev)
      const { sig, ...rest } = e
      const signed = Buffer.concat([Buffer.from('escalation-log/v2/event'), vid, Buffer.from(JSON.stringify(rest))])
      expect(verify(null, signed, signingKey, Buffer.from(sig, 'hex'))).toBe(true)
      prev = lastHash = sha256(plain)
      events.push(e)
      at += len + 8
    }
    expect(events.map((e) => e.action)).toEqual(['vault-created', 'save', 'save', 'delete', 'lock'])
    const recorded = JSON.parse(events[0]!.header!)
    const { mac: _m, ...recordedUnsigned } = recorded
    expect(sha256(Buffer.from(JSON.stringify(['escalation-log-header', 2, recordedUnsigned])))).toBe(headerHash)

    // Head.
    const headFile = await readFile(join(dir, 'head.enc'))
    expect(headFile.readUInt32BE(0)).toBe(0)
    const head = JSON.parse(gcmOpen(sub('head'), headFile.subarray(4), Buffer.concat([vid, Buffer.from('head'), epoch])).toString())
    expect(head).toEqual({ seq: 5, hash: lastHash, journalBytes: journal.length })

    // Documents: the manifest from the events, the file hash, the AAD prefix.
    expect(await readdir(join(dir, 'documents'))).toEqual(['case-1.2.enc'])
    const file = await readFile(join(dir, 'documents', 'case-1.2.enc'))
    const entry = events[2].docs.find((d) => d.id === 'case-1')
    expect(entry).toEqual({ id: 'case-1', generation: 2, hash: sha256(file) })
    const id = Buffer.from('case-1')
    const aad = Buffer.concat([Buffer.from('ELD2'), vid, epoch, u64(2), Buffer.from([id.length]), id])
    expect(file.subarray(0, aad.length)).toEqual(aad)
    expect(JSON.parse(gcmOpen(sub('documents'), file.subarray(aad.length), aad).toString())).toEqual({ child: 'V' })
    expect(events[3].docs).toEqual([{ id: 'b', deleted: true }])

    // Checkpoint after event 4 (every 2 events): the manifest, with the tombstone keeping its generation.
    const cp = JSON.parse(
      gcmOpen(sub('checkpoint'), (await readFile(join(dir, 'checkpoint.enc'))).subarray(4), Buffer.concat([vid, Buffer.from('checkpoint'), epoch])).toString(),
    )
    const lockFrame = journal.readUInt32BE(journal.length - 4) + 8
    expect(cp).toEqual({
      v: 2,
      seq: 4,
      hash: events[4].prev,
      journalBytes: journal.length - lockFrame,
      docs: { 'case-1': { generation: 2, hash: sha256(file) }, b: { generation: 1, deleted: true } },
      chunks: '',
      header: { seq: 1, at: (events[0] as unknown as { at: string }).at, json: events[0]!.header },
    })
  })

  it('keeps attachment chunks in chunks/ and their entries in the checkpoint as the compact section documented', async () => {
    const { dir, vault } = await newVault({ checkpointEvery: 3 })
    const bytes = randomBytes(1024 * 1024 + 5) // two chunks
    const staged = stageAttachmentBytes(vault, 'dispute-a', 'report.pdf', bytes, 2 * 1024 * 1024)
    await vault.commit({ action: 'attachment-added', summary: 'Attached' }, staged.changes)
    const small = stageAttachmentBytes(vault, 'dispute-a', 'note.txt', Buffer.from('a note'), 1024)
    await vault.commit({ action: 'attachment-added', summary: 'Attached' }, small.changes) // seq 3: the checkpoint
    await vault.commit({ action: 'attachment-removed', summary: 'Removed' }, [{ docId: `att-${small.name}-0`, delete: true }])
    await vault.lock()
    const { sub, vid, epoch } = await keysOf(dir)

    expect((await readdir(join(dir, 'documents'))).filter((n) => n.startsWith('att-'))).toEqual([])
    expect((await readdir(join(dir, 'chunks'))).sort()).toEqual([`att-${staged.name}-0.1.enc`, `att-${staged.name}-1.1.enc`])
    const cp = JSON.parse(
      gcmOpen(sub('checkpoint'), (await readFile(join(dir, 'checkpoint.enc'))).subarray(4), Buffer.concat([vid, Buffer.from('checkpoint'), epoch])).toString(),
    )
    expect(cp.v).toBe(2)
    expect(Object.keys(cp.docs).filter((id) => id.startsWith('att-'))).toEqual([])
    // 64 bytes a chunk: name (16) ‖ u32 index ‖ u32 epoch (0xFFFFFFFF: deleted) ‖ u64 generation ‖ SHA-256 (32), sorted.
    const section = Buffer.from(cp.chunks, 'base64')
    expect(section.length).toBe(3 * 64)
    const records = [0, 1, 2].map((i) => section.subarray(i * 64, i * 64 + 64))
    const read = records.map((r) => ({
      id: `att-${r.toString('hex', 0, 16)}-${r.readUInt32BE(16)}`,
      epoch: r.readUInt32BE(20),
      generation: Number(r.readBigUInt64BE(24)),
      hash: r.toString('hex', 32, 64),
    }))
    const sorted = [...records].sort(Buffer.compare)
    expect(records).toEqual(sorted)
    for (const i of [0, 1]) {
      const r = read.find((x) => x.id === `att-${staged.name}-${i}`)!
      const file = await readFile(join(dir, 'chunks', `att-${staged.name}-${i}.1.enc`))
      expect(r).toEqual({ id: `att-${staged.name}-${i}`, epoch: 0, generation: 1, hash: sha256(file) })
      // The chunk itself: a document file whose plaintext is {v, name, index, count, size, data}.
      const id = Buffer.from(r.id)
      const aad = Buffer.concat([Buffer.from('ELD2'), vid, epoch, u64(1), Buffer.from([id.length]), id])
      const doc = JSON.parse(gcmOpen(sub('documents'), file.subarray(aad.length), aad).toString())
      expect(Object.keys(doc)).toEqual(['v', 'name', 'index', 'count', 'size', 'data'])
      expect(Buffer.from(doc.data, 'base64').equals(bytes.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024))).toBe(true)
    }
    // The note was live at the checkpoint (seq 3); its deletion is in the journal's tail.
    expect(read.find((x) => x.id === `att-${small.name}-0`)).toMatchObject({ epoch: 0, generation: 1 })
  })
})
