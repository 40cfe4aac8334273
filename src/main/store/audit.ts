/** Reading the audit trail: newest-first pages, and full verification of the hash chain on demand. */
import type { FileHandle } from 'node:fs/promises'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { AppError } from '../../shared/errors'
import { ZERO_HASH } from './crypto'
import type { VaultIo } from './io'
import { decodeFrame, readFrameEndingAt, readFrames, type JournalLayout } from './journal'
import { SignatureCheck } from './signatures'
import type { JournalPosition } from './journal'
import type { AuditChainReport, AuditEvent } from './types'

export interface JournalAccess {
  io: VaultIo
  file: string
  layout: JournalLayout
}

const damaged = (seq: number): AppError =>
  new AppError(
    'journal-damaged',
    `Entry ${seq} of the audit trail has been damaged or tampered with and cannot be shown. Run “Verify audit trail” for details.`,
  )

/** Newest first. Walks backwards using each frame's trailing length, remembering offsets it passes. */
export async function readAuditPage(
  access: JournalAccess,
  pos: JournalPosition,
  opts: { beforeSeq?: number; limit: number },
): Promise<AuditEvent[]> {
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit)))
  const lastSeq = pos.seq
  const journalBytes = pos.journalBytes
  const top = Math.min(lastSeq, opts.beforeSeq !== undefined ? Math.floor(opts.beforeSeq) - 1 : lastSeq)
  if (top < 1) return []
  const bottom = Math.max(1, top - limit + 1)
  const endOf = (seq: number): number | undefined => (seq === lastSeq ? journalBytes : pos.offsets.get(seq + 1))

  const fh = await access.io.open(access.file, 'r')
  const out: AuditEvent[] = []
  try {
    // Find the nearest known frame boundary at or above the page, then walk down to it. When that is far
    // away (a jump deep into a long trail), index forward from the nearest known frame below instead:
    // that reads in large chunks and does not decrypt.
    let cursor = top
    while (endOf(cursor) === undefined) cursor++
    if (cursor - bottom > limit + 256) {
      let low = 1
      for (const k of pos.offsets.keys()) if (k <= bottom && k > low) low = k
      if (bottom - low < cursor - bottom) {
        await indexForward(fh, pos, low, bottom, top + 1, journalBytes)
        cursor = top
        while (endOf(cursor) === undefined) cursor++
      }
    }
    let end = endOf(cursor) as number
    let newer: AuditEvent | null = null
    for (let seq = cursor; seq >= bottom; seq--) {
      const frame = await readFrameEndingAt(fh, end)
      if (!frame) throw damaged(seq)
      const event = decodeFrame(access.layout, seq, frame.sealed)
      if (!event || (newer && newer.prev !== event.hash)) throw damaged(seq)
      pos.offsets.set(seq, frame.offset)
      if (seq <= top) out.push(event)
      newer = event
      end = frame.offset
    }
  } finally {
    await fh.close()
  }
  return out
}

/**
 * Records frame offsets from `fromSeq` forward: every one in [keepFrom, keepTo] and every 64th (so later
 * jumps start close by, without keeping an offset per event in memory).
 */
async function indexForward(
  fh: FileHandle,
  pos: JournalPosition,
  fromSeq: number,
  keepFrom: number,
  keepTo: number,
  journalBytes: number,
): Promise<void> {
  const start = fromSeq === 1 ? 0 : pos.offsets.get(fromSeq)
  if (start === undefined) return
  let seq = fromSeq
  for await (const raw of readFrames(fh, start, journalBytes)) {
    if (raw.kind === 'torn' || seq > keepTo) return
    if (seq >= keepFrom || seq % 64 === 0) pos.offsets.set(seq, raw.offset)
    seq++
  }
}

/**
 * Streams the whole journal up to the position the vault is at, decrypting every event and checking the
 * sequence and the chain; yields to the event loop between batches so the app stays responsive.
 */
export async function verifyChain(
  access: JournalAccess,
  pos: { seq: number; hash: string; journalBytes: number },
  isLocked: () => boolean,
): Promise<AuditChainReport> {
  let expected = 1
  let prev = ZERO_HASH
  let signedFrom: number | null = null
  const signatures = new SignatureCheck(access.layout.vaultIdBytes)
  const fh = await access.io.open(access.file, 'r')
  try {
    // Frames appended after this check began are not its business; a file shorter than expected is.
    const size = Math.min((await fh.stat()).size, pos.journalBytes)
    for await (const raw of readFrames(fh, 0, size)) {
      if (raw.kind === 'torn')
        return { ok: false, firstBadSeq: expected, reason: `The audit trail ends part-way through entry ${expected} (${raw.reason}).` }
      if (expected > pos.seq) break
      const event = decodeFrame(access.layout, expected, raw.sealed)
      if (!event)
        return {
          ok: false,
          firstBadSeq: expected,
          reason: `Entry ${expected} of the audit trail has been altered, removed or moved.`,
        }
      if (event.prev !== prev)
        return { ok: false, firstBadSeq: expected, reason: `Entry ${expected} does not follow on from entry ${expected - 1}.` }
      const forged = signatures.check(event)
      if (forged) return { ok: false, firstBadSeq: expected, reason: forged.charAt(0).toUpperCase() + forged.slice(1) + '.' }
      if (event.sig !== undefined && signedFrom === null) signedFrom = event.seq
      prev = event.hash
      expected++
      if (expected % 512 === 0) {
        await yieldToEventLoop()
        if (isLocked()) throw new AppError('vault-locked', 'The vault was locked before the check finished.')
      }
    }
  } finally {
    await fh.close()
  }
  if (expected - 1 < pos.seq)
    return { ok: false, firstBadSeq: expected, reason: `Entries from ${expected} onwards are missing from the audit trail.` }
  if (prev !== pos.hash)
    return { ok: false, firstBadSeq: pos.seq, reason: 'The audit trail does not end where the vault recorded it ending.' }
  return { ok: true, events: pos.seq, signedFrom }
}
