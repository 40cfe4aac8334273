/**
 * Files attached to records, stored encrypted in the vault as ordinary documents so that the journal lists
 * them, and tidy-up, tamper detection, re-encryption, backups (full and incremental) and restore treat them
 * exactly as every other document, with nothing of their own to get wrong.
 *
 * An attachment is cut into chunks of ATTACHMENT_CHUNK_BYTES; chunk i is the document
 * `att-<name>-<i>`, whose JSON is {v, name, index, count, size, data (base64)}. So no file is ever one
 * document larger than about 1.4 MB: a backup copies, and a restore writes, one chunk at a time, with no
 * 2 GiB ceiling and no whole attachment in memory.
 *
 * The name is a keyed hash: HMAC-SHA-256, under a key derived from the vault's first key epoch (so it stays
 * the same across re-keys), of the dispute id and the file's bytes. Someone holding the vault folder but no
 * key cannot tell which file it is, nor that two vaults hold the same file. Scoping by dispute means a
 * dispute's own document says every record that uses an attachment, so removing one from a draft knows when
 * the last use has gone without reading anything else.
 *
 * Nothing here reads an attachment except readAttachment (opening or saving one out, or the check): a save
 * writes only the new chunks, and unlock never reads any.
 */
import { createHmac } from 'node:crypto'
import { open } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import { sizeInWords } from '../../shared/record-files'
import { chunkOfDocId } from './documents'
import type { DocumentChange, Vault } from './types'

export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024
const NAME = /^[0-9a-f]{32}$/

export const attachmentChunkId = (name: string, index: number): string => `att-${name}-${index}`
export const attachmentChunkCount = (size: number): number => Math.max(1, Math.ceil(size / ATTACHMENT_CHUNK_BYTES))

/** The attachment name a chunk document belongs to, or null for any other document. */
export function attachmentOfDocId(docId: string): string | null {
  return chunkOfDocId(docId)?.name ?? null
}

interface ChunkDoc {
  v: 1
  name: string
  index: number
  count: number
  size: number
  data: string
}

/** An attachment read and named, ready to be committed with the record that lists it. */
export interface StagedAttachment {
  name: string
  size: number
  changes: DocumentChange[]
}

/** The keyed-hash key (a fresh copy; zeroed by the caller's use here). */
const nameKey = (vault: Vault): Buffer => vault.localMacKey('attachment-names')

export const tooLarge = (fileName: string, size: number, limit: number): AppError =>
  new AppError(
    'attachment-too-large',
    `“${fileName}” is ${sizeInWords(size)}, more than the ${sizeInWords(limit)} a file may be. Nothing was attached. Attach a smaller copy, or raise the limit in Settings.`,
  )

function chunkChanges(name: string, size: number, chunks: Buffer[]): DocumentChange[] {
  return chunks.map((bytes, index) => {
    const data: ChunkDoc = { v: 1, name, index, count: chunks.length, size, data: bytes.toString('base64') }
    return { docId: attachmentChunkId(name, index), data }
  })
}

/** Names and chunks bytes already in memory (an email's own attachments, which the parser hands over whole). */
export function stageAttachmentBytes(vault: Vault, scope: string, fileName: string, bytes: Buffer, limit: number): StagedAttachment {
  if (bytes.length > limit) throw tooLarge(fileName, bytes.length, limit)
  const key = nameKey(vault)
  try {
    const name = createHmac('sha256', key).update(`${scope}\u0000`).update(bytes).digest('hex').slice(0, 32)
    const chunks: Buffer[] = []
    for (let at = 0; at < bytes.length || chunks.length === 0; at += ATTACHMENT_CHUNK_BYTES)
      chunks.push(bytes.subarray(at, Math.min(bytes.length, at + ATTACHMENT_CHUNK_BYTES)))
    return { name, size: bytes.length, changes: chunkChanges(name, bytes.length, chunks) }
  } finally {
    key.fill(0)
  }
}

/**
 * Reads a file from disk in chunks, naming it as it goes. Its size is checked before any byte is read, and
 * again as it is read (a file growing meanwhile is refused, not cut short).
 */
export async function stageAttachmentFile(vault: Vault, scope: string, path: string, fileName: string, limit: number): Promise<StagedAttachment> {
  let fh: Awaited<ReturnType<typeof open>>
  try {
    fh = await open(path, 'r')
  } catch {
    throw new AppError('attachment-unreadable', `“${fileName}” could not be opened. Check the file is not open in another program and try again.`)
  }
  const key = nameKey(vault)
  try {
    const { size } = await fh.stat()
    if (size > limit) throw tooLarge(fileName, size, limit)
    const hmac = createHmac('sha256', key).update(`${scope}\u0000`)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.alloc(ATTACHMENT_CHUNK_BYTES)
      let filled = 0
      while (filled < chunk.length) {
        const { bytesRead } = await fh.read(chunk, filled, chunk.length - filled, total + filled)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      if (filled === 0 && chunks.length > 0) break
      total += filled
      if (total > limit) throw tooLarge(fileName, total, limit)
      const used = chunk.subarray(0, filled)
      hmac.update(used)
      chunks.push(used)
      if (filled < chunk.length) break
    }
    const name = hmac.digest('hex').slice(0, 32)
    return { name, size: total, changes: chunkChanges(name, total, chunks) }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('attachment-unreadable', `“${fileName}” could not be read. Check the file is not open in another program and try again.`)
  } finally {
    key.fill(0)
    await fh.close().catch(() => undefined)
  }
}

/** The changes that remove an attachment's chunks from the vault (those it still has). */
export function deleteAttachmentChanges(vault: Vault, name: string, size: number): DocumentChange[] {
  const out: DocumentChange[] = []
  for (let i = 0; i < attachmentChunkCount(size); i++) {
    const docId = attachmentChunkId(name, i)
    if (vault.has(docId)) out.push({ docId, delete: true })
  }
  return out
}

/** Whether every chunk of the attachment is listed in the vault (nothing is read). */
export function attachmentPresent(vault: Vault, name: string, size: number): boolean {
  for (let i = 0; i < attachmentChunkCount(size); i++) if (!vault.has(attachmentChunkId(name, i))) return false
  return true
}

/** Thrown by readAttachment when a chunk is missing, damaged or not the one it should be. */
export class AttachmentDamaged extends Error {
  constructor(readonly chunk: number) {
    super('attachment damaged')
  }
}

/**
 * Reads an attachment chunk by chunk, in order, passing each to `write`; verified as any document is (its
 * hash in the journal, its AEAD tag), and each chunk must say it is chunk i of this attachment of this size.
 * Only one chunk is held at a time; nothing is cached.
 */
export async function readAttachment(vault: Vault, name: string, size: number, write: (chunk: Buffer) => Promise<void>): Promise<void> {
  if (!NAME.test(name)) throw new AttachmentDamaged(0)
  const count = attachmentChunkCount(size)
  let total = 0
  for (let index = 0; index < count; index++) {
    let doc: ChunkDoc | undefined
    try {
      doc = await vault.load<ChunkDoc>(attachmentChunkId(name, index), { cache: false })
    } catch (e) {
      if (e instanceof AppError && e.code === 'vault-locked') throw e
      throw new AttachmentDamaged(index)
    }
    if (!doc || doc.v !== 1 || doc.name !== name || doc.index !== index || doc.count !== count || doc.size !== size || typeof doc.data !== 'string')
      throw new AttachmentDamaged(index)
    const bytes = Buffer.from(doc.data, 'base64')
    total += bytes.length
    const expected = index < count - 1 ? ATTACHMENT_CHUNK_BYTES : size - ATTACHMENT_CHUNK_BYTES * (count - 1)
    if (bytes.length !== expected) throw new AttachmentDamaged(index)
    await write(bytes)
  }
  if (total !== size) throw new AttachmentDamaged(count - 1)
}

/**
 * `length` bytes of an attachment from `offset` (a stored file's part, sealed again for the team after a
 * restart: team/device.ts), reading only the chunks that hold them, each checked as readAttachment checks it.
 */
export async function readAttachmentRange(vault: Vault, name: string, size: number, offset: number, length: number): Promise<Buffer> {
  if (!NAME.test(name) || offset < 0 || length < 0 || offset + length > size) throw new AttachmentDamaged(0)
  const count = attachmentChunkCount(size)
  const first = Math.floor(offset / ATTACHMENT_CHUNK_BYTES)
  const last = length === 0 ? first : Math.floor((offset + length - 1) / ATTACHMENT_CHUNK_BYTES)
  const out: Buffer[] = []
  for (let index = first; index <= Math.min(last, count - 1); index++) {
    let doc: ChunkDoc | undefined
    try {
      doc = await vault.load<ChunkDoc>(attachmentChunkId(name, index), { cache: false })
    } catch (e) {
      if (e instanceof AppError && e.code === 'vault-locked') throw e
      throw new AttachmentDamaged(index)
    }
    if (!doc || doc.v !== 1 || doc.name !== name || doc.index !== index || doc.count !== count || doc.size !== size || typeof doc.data !== 'string')
      throw new AttachmentDamaged(index)
    const bytes = Buffer.from(doc.data, 'base64')
    const expected = index < count - 1 ? ATTACHMENT_CHUNK_BYTES : size - ATTACHMENT_CHUNK_BYTES * (count - 1)
    if (bytes.length !== expected) throw new AttachmentDamaged(index)
    out.push(bytes)
  }
  const whole = Buffer.concat(out)
  const from = offset - first * ATTACHMENT_CHUNK_BYTES
  return whole.subarray(from, from + length)
}
