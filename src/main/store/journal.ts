/**
 * journal.log: the append-only, encrypted, hash-chained audit trail, which is also the manifest.
 * Frame: [u32 BE L][payload: L bytes][u32 BE L]. Format-1 payload: nonce ‖ ciphertext ‖ tag, AAD = vault id ‖
 * u64 BE seq. Format-2 payload: u32 BE epoch ‖ nonce ‖ ciphertext ‖ tag, AAD = vault id ‖ u64 seq ‖ u32 epoch.
 * The trailing length lets the newest events be read backwards without scanning the whole file.
 */
import type { FileHandle } from 'node:fs/promises'
import { z } from 'zod'
import { open as aeadOpen, seal, sha256Hex, u64 } from './crypto'
import { u32, type EpochKeys, type Keyring, type Signer } from './keys'
import type { AuditEvent, DocumentChangeRecord } from './types'

/** How far a session has read the journal. */
export interface JournalPosition {
  seq: number
  hash: string
  journalBytes: number
  /** Start offsets of frames already seen (seq → byte offset), so the newest events can be paged cheaply. */
  offsets: Map<number, number>
}

export const JOURNAL_FILE = 'journal.log'
export const MAX_FRAME = 16 * 1024 * 1024
const MIN_FRAME = 12 + 16

export type StoredEvent = Omit<AuditEvent, 'hash'>

/**
 * The exact bytes that are encrypted and hashed: JSON with a fixed key order, no whitespace. Format 2 adds
 * `header` (the header's JSON text, on events that change it) and `sig` (the author's Ed25519 signature over
 * the same object without `sig`), in that order, after `prev`.
 */
export function canonicalEvent(e: StoredEvent, withSig = true): Buffer {
  const docs = e.docs.map((d) =>
    'deleted' in d ? { id: d.id, deleted: true as const } : { id: d.id, generation: d.generation, hash: d.hash },
  )
  const ordered = {
    seq: e.seq,
    at: e.at,
    personId: e.personId,
    personName: e.personName,
    action: e.action,
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
    summary: e.summary,
    docs,
    prev: e.prev,
    ...(e.header !== undefined ? { header: e.header } : {}),
    ...(withSig && e.sig !== undefined ? { sig: e.sig } : {}),
  }
  return Buffer.from(JSON.stringify(ordered), 'utf8')
}

/** The layout of the journal at a given seq: format-1 frames up to `v1LastSeq`, format-2 frames after it. */
export interface JournalLayout {
  keyring: Keyring
  vaultIdBytes: Buffer
  v1LastSeq: number
}

export const frameAad = (vaultIdBytes: Buffer, seq: number): Buffer => Buffer.concat([vaultIdBytes, u64(seq)])
const frameAadV2 = (vaultIdBytes: Buffer, seq: number, epoch: number): Buffer => Buffer.concat([vaultIdBytes, u64(seq), u32(epoch)])

function framed(payload: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(payload.length)
  return Buffer.concat([len, payload, len])
}

/** A format-1 frame (only tools and tests that build format-1 vaults write these). */
export function encodeFrameV1(journalKey: Buffer, vaultIdBytes: Buffer, event: StoredEvent): { frame: Buffer; hash: string } {
  const plain = canonicalEvent(event)
  return { frame: framed(seal(journalKey, plain, frameAad(vaultIdBytes, event.seq))), hash: sha256Hex(plain) }
}

/**
 * A format-2 frame: payload = u32 epoch ‖ AES-GCM(journal key of that epoch, event, AAD = vault id ‖ u64 seq ‖
 * u32 epoch). The event is signed by `signer` first.
 */
export function encodeFrame(keys: EpochKeys, vaultIdBytes: Buffer, event: StoredEvent, signer: Signer): { frame: Buffer; hash: string; sig: string } {
  const sig = signer.sign(vaultIdBytes, canonicalEvent({ ...event, sig: undefined }, false)).toString('hex')
  const plain = canonicalEvent({ ...event, sig })
  const payload = Buffer.concat([u32(keys.epoch), seal(keys.sub('journal'), plain, frameAadV2(vaultIdBytes, event.seq, keys.epoch))])
  return { frame: framed(payload), hash: sha256Hex(plain), sig }
}

/** The epoch a format-2 frame says it was written under (unauthenticated: only to word a refusal). */
export const frameEpoch = (payload: Buffer): number | null => (payload.length >= 4 ? payload.readUInt32BE(0) : null)

const docSchema = z.union([
  z.object({ id: z.string(), deleted: z.literal(true) }).strict(),
  z.object({ id: z.string(), generation: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
])
const eventSchema = z
  .object({
    seq: z.number().int().positive(),
    at: z.string(),
    personId: z.string(),
    personName: z.string(),
    action: z.string(),
    subject: z.string().optional(),
    summary: z.string(),
    docs: z.array(docSchema),
    prev: z.string().regex(/^[0-9a-f]{64}$/),
    header: z.string().max(4 * 1024 * 1024).optional(),
    sig: z.string().regex(/^[0-9a-f]{128}$/).optional(),
  })
  .strict()

/** The event in a frame and the epoch it was written under; null if it does not authenticate or is malformed. */
export function decodeFrame(layout: JournalLayout, seq: number, payload: Buffer): (AuditEvent & { epoch: number }) | null {
  let plain: Buffer | null
  let epoch: number
  const v2 = seq > layout.v1LastSeq
  if (!v2) {
    epoch = 0
    const keys = layout.keyring.at(0)
    plain = keys ? aeadOpen(keys.sub('journal'), payload, frameAad(layout.vaultIdBytes, seq)) : null
  } else {
    const e = frameEpoch(payload)
    const keys = e === null ? undefined : layout.keyring.at(e)
    if (e === null || !keys) return null
    epoch = e
    plain = aeadOpen(keys.sub('journal'), payload.subarray(4), frameAadV2(layout.vaultIdBytes, seq, e))
  }
  if (!plain) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(plain.toString('utf8'))
  } catch {
    return null
  }
  const checked = eventSchema.safeParse(parsed)
  if (!checked.success || checked.data.seq !== seq) return null
  const e = checked.data
  // Format-1 frames carry neither; every format-2 frame is signed.
  if (v2 !== (e.sig !== undefined) || (!v2 && e.header !== undefined)) return null
  const docs: DocumentChangeRecord[] = e.docs.map((d) =>
    'deleted' in d ? { id: d.id, deleted: true } : { id: d.id, generation: d.generation, hash: d.hash },
  )
  return {
    seq: e.seq,
    at: e.at,
    personId: e.personId,
    personName: e.personName,
    action: e.action,
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
    summary: e.summary,
    docs,
    prev: e.prev,
    ...(e.header !== undefined ? { header: e.header } : {}),
    ...(e.sig !== undefined ? { sig: e.sig } : {}),
    hash: sha256Hex(plain),
    epoch,
  }
}

/** The bytes a format-2 event's signature covers. */
export const signedBytes = (e: StoredEvent): Buffer => canonicalEvent({ ...e, sig: undefined }, false)

export type RawFrame =
  | { kind: 'frame'; offset: number; end: number; sealed: Buffer }
  /** Bytes from `offset` to the end of the file do not form a whole frame. */
  | { kind: 'torn'; offset: number; reason: string }

/**
 * Reads frames forward from `start` in chunks (memory stays bounded however long the journal is).
 * Stops after yielding a 'torn' item.
 */
export async function* readFrames(fh: FileHandle, start: number, fileSize: number, chunkBytes = 1 << 20): AsyncGenerator<RawFrame> {
  let offset = start
  let buf = Buffer.alloc(0)
  let bufStart = start
  let readPos = start
  const fill = async (need: number): Promise<boolean> => {
    while (bufStart + buf.length < Math.min(offset + need, fileSize)) {
      const want = Math.max(chunkBytes, offset + need - (bufStart + buf.length))
      const chunk = Buffer.alloc(Math.min(want, fileSize - readPos))
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, readPos)
      if (bytesRead === 0) break
      readPos += bytesRead
      buf = Buffer.concat([buf.subarray(offset - bufStart), chunk.subarray(0, bytesRead)])
      bufStart = offset
    }
    return bufStart + buf.length >= offset + need
  }
  while (offset < fileSize) {
    if (!(await fill(4))) {
      yield { kind: 'torn', offset, reason: 'a partial length field' }
      return
    }
    const len = buf.readUInt32BE(offset - bufStart)
    if (len < MIN_FRAME || len > MAX_FRAME) {
      yield { kind: 'torn', offset, reason: 'an impossible frame length' }
      return
    }
    if (!(await fill(len + 8))) {
      yield { kind: 'torn', offset, reason: 'an incomplete frame' }
      return
    }
    const at = offset - bufStart
    if (buf.readUInt32BE(at + 4 + len) !== len) {
      yield { kind: 'torn', offset, reason: 'mismatched frame lengths' }
      return
    }
    const sealed = Buffer.from(buf.subarray(at + 4, at + 4 + len))
    yield { kind: 'frame', offset, end: offset + len + 8, sealed }
    offset += len + 8
  }
}

/** Reads the frame that ends at `end` (using its trailing length); null if the bytes there are not a frame. */
export async function readFrameEndingAt(fh: FileHandle, end: number): Promise<{ offset: number; sealed: Buffer } | null> {
  if (end < 8) return null
  const tail = Buffer.alloc(4)
  await fh.read(tail, 0, 4, end - 4)
  const len = tail.readUInt32BE(0)
  if (len < MIN_FRAME || len > MAX_FRAME || end - 8 - len < 0) return null
  const offset = end - 8 - len
  const whole = Buffer.alloc(len + 8)
  const { bytesRead } = await fh.read(whole, 0, whole.length, offset)
  if (bytesRead !== whole.length || whole.readUInt32BE(0) !== len) return null
  return { offset, sealed: whole.subarray(4, 4 + len) }
}
