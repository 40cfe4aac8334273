/**
 * Issue 18, "Attachments in the vault": "The original email and any other file a DSL attaches to a record
 * (PDF, Word, images) are stored encrypted in the vault …: listed in the journal like documents, so tidy-up,
 * tamper detection, backups and restore know them; named by a keyed hash (never a plain hash, which would
 * show when two files are the same); backup and restore stream them with no 2 GiB ceiling." Done when:
 * "Attachments survive backup and restore byte for byte; a flipped byte in an attachment is refused".
 */
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Vault } from '../../../src/main/store'
import { createBackup, restoreBackup, writeRollingBackup } from '../../../src/main/store/backup'
import {
  ATTACHMENT_CHUNK_BYTES,
  AttachmentDamaged,
  attachmentChunkCount,
  attachmentChunkId,
  readAttachment,
  stageAttachmentBytes,
  stageAttachmentFile,
} from '../../../src/main/store/attachments'
import { docFile, newVault, now, PASS, reopen, tempDir } from './helpers'

const MB = 1024 * 1024

async function attach(vault: Vault, scope: string, bytes: Buffer): Promise<{ name: string; size: number }> {
  const staged = stageAttachmentBytes(vault, scope, 'file.bin', bytes, 100 * MB)
  await vault.commit({ action: 'attachment-added', summary: 'attached' }, staged.changes)
  return { name: staged.name, size: staged.size }
}

async function readBack(vault: Vault, file: { name: string; size: number }): Promise<Buffer> {
  const parts: Buffer[] = []
  let largest = 0
  await readAttachment(vault, file.name, file.size, async (chunk) => {
    largest = Math.max(largest, chunk.length)
    parts.push(Buffer.from(chunk))
  })
  // One chunk at a time, never the whole file at once.
  expect(largest).toBeLessThanOrEqual(ATTACHMENT_CHUNK_BYTES)
  return Buffer.concat(parts)
}

describe('attachments in the vault', () => {
  it('are cut into chunk documents listed in the journal, named by a keyed hash rather than a plain one', async () => {
    const { vault } = await newVault()
    const bytes = randomBytes(2 * MB + 12345)
    const file = await attach(vault, 'dispute-a', bytes)
    expect(attachmentChunkCount(file.size)).toBe(3)
    expect(vault.chunkIds()).toEqual([0, 1, 2].map((i) => attachmentChunkId(file.name, i)))
    expect(vault.documentIds().filter((id) => id.startsWith('att-'))).toEqual([]) // listed apart from the documents
    // Not the file's SHA-256 (which anyone holding the same file could compute), nor the same in another vault.
    expect(file.name).not.toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 32))
    const { vault: other } = await newVault()
    expect(stageAttachmentBytes(other, 'dispute-a', 'file.bin', bytes, 100 * MB).name).not.toBe(file.name)
    // …and the same bytes in another dispute are another name, so a dispute's document lists every use.
    expect(stageAttachmentBytes(vault, 'dispute-b', 'file.bin', bytes, 100 * MB).name).not.toBe(file.name)
    expect((await readBack(vault, file)).equals(bytes)).toBe(true)
    await other.lock()
    await vault.lock()
  })

  it('reads a file from disk chunk by chunk, and refuses one over the limit before storing anything', async () => {
    const { vault } = await newVault()
    const dir = await tempDir()
    const path = join(dir, 'report.pdf')
    const bytes = randomBytes(ATTACHMENT_CHUNK_BYTES) // exactly one chunk: the boundary
    writeFileSync(path, bytes)
    const staged = await stageAttachmentFile(vault, 'd', path, 'report.pdf', 25 * MB)
    expect(staged.changes).toHaveLength(1)
    expect(staged.name).toBe(stageAttachmentBytes(vault, 'd', 'report.pdf', bytes, 25 * MB).name)
    const empty = join(dir, 'empty.txt')
    writeFileSync(empty, '')
    expect((await stageAttachmentFile(vault, 'd', empty, 'empty.txt', 25 * MB)).changes).toHaveLength(1)
    await expect(stageAttachmentFile(vault, 'd', path, 'report.pdf', MB - 1)).rejects.toMatchObject({
      code: 'attachment-too-large',
      message: '“report.pdf” is 1.0 MB, more than the 1024 KB a file may be. Nothing was attached. Attach a smaller copy, or raise the limit in Settings.',
    })
    await vault.lock()
  })

  it('unlock reads none of them; a flipped byte in a chunk is refused when the attachment is read', async () => {
    const { dir, vault } = await newVault()
    const file = await attach(vault, 'd', randomBytes(MB + 10))
    await vault.lock()
    const path = await docFile(dir, attachmentChunkId(file.name, 1))
    const damaged = readFileSync(path)
    damaged[damaged.length - 40] ^= 0x01
    writeFileSync(path, damaged)
    const again = await reopen(dir, vault)
    expect(again.problems).toEqual([]) // unlock did not read (or hash) the chunk
    await expect(readBack(again, file)).rejects.toBeInstanceOf(AttachmentDamaged)
    await again.lock()
  })

  it('survive a full backup and an incremental one, and their restore, byte for byte', async () => {
    const { dir, vault } = await newVault()
    const first = randomBytes(3 * MB + 7)
    const a = await attach(vault, 'd', first)
    const folder = join(await tempDir(), 'rolling')
    const full = await writeRollingBackup(vault, folder, 100, { now })
    const second = randomBytes(MB / 2)
    const b = await attach(vault, 'd', second)
    const inc = await writeRollingBackup(vault, folder, 100, { now })
    expect(inc?.kind).toBe('increment')
    // The increment copies only the new attachment's chunk (and the journal's new bytes and a head).
    expect(inc!.bytes).toBeLessThan(full!.bytes / 4)

    const restoredDir = join(await tempDir(), 'restored')
    const { vault: copy, chain } = await restoreBackup(inc!.file, restoredDir, { personId: vault.person.personId, passphrase: PASS, now })
    expect(chain.ok).toBe(true)
    expect((await readBack(copy, a)).equals(first)).toBe(true)
    expect((await readBack(copy, b)).equals(second)).toBe(true)
    await copy.lock()
    // Every chunk file restored is the very file the vault holds.
    const chunks = readdirSync(join(dir, 'chunks'))
    expect(chunks.length).toBeGreaterThan(4)
    expect(readdirSync(join(restoredDir, 'chunks')).sort()).toEqual(chunks.sort())
    for (const name of chunks) expect(readFileSync(join(restoredDir, 'chunks', name)).equals(readFileSync(join(dir, 'chunks', name)))).toBe(true)
    expect(readdirSync(join(restoredDir, 'documents')).filter((n) => n.startsWith('att-'))).toEqual([])

    const single = join(await tempDir(), 'one.elbackup')
    await createBackup(vault, single, { now })
    const { vault: fromFull } = await restoreBackup(single, join(await tempDir(), 'r2'), { personId: vault.person.personId, passphrase: PASS, now })
    expect((await readBack(fromFull, a)).equals(first)).toBe(true)
    await fromFull.lock()
    await vault.lock()
  })
})
