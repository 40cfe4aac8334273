/**
 * The open procedure's checks: the head, the checkpoint, the journal tail since it (or the whole journal),
 * and the manifest rebuilt from it (the tidy-up of what a crash left unacknowledged is tidy.ts).
 */
import { join } from 'node:path'
import { ZERO_HASH } from './crypto'
import { journalDamaged, journalTruncated, vaultUnreadable, writeFailed } from './errors'
import { isNotFound, readIfExists, type VaultIo } from './io'
import { AppError } from '../../shared/errors'
import { parseHeaderV2 } from './header'
import { decodeFrame, frameEpoch, JOURNAL_FILE, readFrames, type JournalLayout } from './journal'
import type { Keyring } from './keys'
import { SignatureCheck } from './signatures'
import { applyDocs, Manifest } from './manifest'
import { CHECKPOINT_FILE, decodeCheckpoint, decodeHead, HEAD_FILE, type Checkpoint, type Head } from './sealed-state'
import type { JournalPosition } from './journal'

/** The newest event that carried the header (format 2), as the journal records it. */
export interface JournalHeader {
  seq: number
  at: string
  json: string
}

export interface Replayed {
  manifest: Manifest
  position: JournalPosition
  headLags: boolean
  /** Null for a format-1 journal (no event has carried the header yet). */
  header: JournalHeader | null
}

async function readHead(io: VaultIo, dir: string, keyring: Keyring, vaultIdBytes: Buffer): Promise<Head> {
  const bytes = await readIfExists(io, join(dir, HEAD_FILE))
  if (!bytes) throw journalDamaged('its head record (head.enc) is missing.')
  const head = decodeHead(keyring, vaultIdBytes, bytes)
  if (!head && bytes.length >= 4 && !keyring.has(bytes.readUInt32BE(0)))
    throw new AppError(
      'header-rolled-back',
      'The vault was not opened: its head record (head.enc) says it was written under a key that this copy of vault.json does not hold. Either vault.json is older than the rest of the vault folder (put back from a backup, or you were removed from the vault), or head.enc has been damaged.',
    )
  if (!head) throw journalDamaged('its head record (head.enc) is damaged or from another vault.')
  return head
}

async function readCheckpoint(io: VaultIo, dir: string, keyring: Keyring, vaultIdBytes: Buffer): Promise<Checkpoint | null> {
  const bytes = await readIfExists(io, join(dir, CHECKPOINT_FILE))
  // A missing or unreadable checkpoint only costs time: the whole journal is replayed instead.
  return bytes ? decodeCheckpoint(keyring, vaultIdBytes, bytes) : null
}

/** `readOnly`: the folder cannot be written, so a torn last frame is left in place (it is ignored all the same). */
export async function replay(io: VaultIo, dir: string, layout: JournalLayout, readOnly = false): Promise<Replayed> {
  const { keyring, vaultIdBytes } = layout
  let head = await readHead(io, dir, keyring, vaultIdBytes)
  let checkpoint = await readCheckpoint(io, dir, keyring, vaultIdBytes)
  // A checkpoint whose header cannot be read is as good as none: replay from the start.
  const checkpointHeader = checkpoint?.header ? parseHeaderV2(checkpoint.header.json) : null
  if (checkpoint?.header && !checkpointHeader) checkpoint = null
  // The checkpoint is written after the head, so it is never legitimately ahead of it; if it is, the head
  // was put back to an older copy, and the checkpoint is the better record of how far the journal reached.
  let headReplaced = false
  if (checkpoint && checkpoint.seq > head.seq) {
    head = { seq: checkpoint.seq, hash: checkpoint.hash, journalBytes: checkpoint.journalBytes }
    headReplaced = true
  }
  const file = join(dir, JOURNAL_FILE)
  let fh
  try {
    fh = await io.open(file, 'r')
  } catch (e) {
    if (isNotFound(e)) throw journalDamaged('its audit trail file (journal.log) is missing.')
    throw vaultUnreadable('its audit trail cannot be read.')
  }
  let tornAt: number | null = null
  let result: Replayed
  try {
    const size = (await fh.stat()).size
    if (checkpoint && checkpoint.journalBytes > size)
      throw journalTruncated(`it should hold at least ${checkpoint.seq} entries but has been cut short.`)
    if (head.journalBytes > size)
      throw journalTruncated(`it should hold ${head.seq} entries but has been cut short.`)
    const manifest = checkpoint ? new Manifest(Object.entries(checkpoint.docs), checkpoint.chunks) : new Manifest()
    let seq = checkpoint?.seq ?? 0
    let hash = checkpoint?.hash ?? ZERO_HASH
    let offset = checkpoint?.journalBytes ?? 0
    let lastHeader: JournalHeader | null = checkpoint?.header ? { ...checkpoint.header } : null
    const signatures = new SignatureCheck(vaultIdBytes, checkpointHeader)
    const offsets = new Map<number, number>()
    const atHead = seq === head.seq ? { hash, offset } : null
    let headMatch = atHead
    for await (const raw of readFrames(fh, offset, size)) {
      if (raw.kind === 'torn') {
        if (seq >= head.seq) {
          tornAt = raw.offset // an append the crash cut short: never acknowledged
          break
        }
        throw journalTruncated(`it ends part-way through entry ${seq + 1} (${raw.reason}); it should hold ${head.seq} entries.`)
      }
      const event = decodeFrame(layout, seq + 1, raw.sealed)
      if (!event) {
        if (raw.end === size && seq >= head.seq) {
          tornAt = raw.offset
          break
        }
        const epoch = seq + 1 > layout.v1LastSeq ? frameEpoch(raw.sealed) : 0
        if (epoch !== null && !keyring.has(epoch)) throw keyTooOld(seq + 1)
        throw journalDamaged(`entry ${seq + 1} has been altered, removed or moved.`)
      }
      if (event.prev !== hash) throw journalDamaged(`entry ${seq + 1} does not follow on from entry ${seq}.`)
      const forged = signatures.check(event)
      if (forged) throw new AppError('signature-invalid', `The vault was not opened: ${forged}.`)
      if (event.header !== undefined) lastHeader = { seq: event.seq, at: event.at, json: event.header }
      const inconsistent = applyDocs(manifest, event.docs, event.epoch)
      if (inconsistent) throw journalDamaged(`entry ${seq + 1} is inconsistent: ${inconsistent}.`)
      offsets.set(event.seq, raw.offset)
      seq = event.seq
      hash = event.hash
      offset = raw.end
      if (seq === head.seq) headMatch = { hash, offset }
    }
    if (seq < head.seq)
      throw journalTruncated(`it holds ${seq} entries but should hold ${head.seq}; the latest entries have been removed.`)
    if (!headMatch || headMatch.hash !== head.hash || headMatch.offset !== head.journalBytes)
      throw journalDamaged('it does not match its head record (head.enc).')
    result = {
      manifest,
      position: { seq, hash, journalBytes: offset, offsets },
      headLags: seq > head.seq || headReplaced,
      header: lastHeader,
    }
  } finally {
    await fh.close()
  }
  if (tornAt !== null && !readOnly) {
    try {
      const w = await io.open(file, 'r+')
      try {
        await w.truncate(tornAt)
        await w.datasync()
      } finally {
        await w.close()
      }
    } catch (e) {
      throw writeFailed('Tidying up after an interrupted save', e, 'none')
    }
  }
  return result
}

/**
 * The journal was written, from `seq` on, under a key the copy of vault.json used to open it does not hold: the
 * header is older than the journal — a copy put back, or the passphrase of someone since removed.
 */
export const keyTooOld = (seq: number): AppError =>
  new AppError(
    'header-rolled-back',
    `The vault was not opened: entry ${seq} of its audit trail says it was written under a key that this copy of vault.json does not hold. Either vault.json is older than the rest of the vault folder (put back from a backup, or you were removed from the vault), or that entry has been damaged.`,
  )
