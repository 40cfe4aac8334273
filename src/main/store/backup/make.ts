/**
 * Making a backup: a full copy of the vault, or an increment holding only what changed since the backup it
 * continues (the journal's new bytes, the generation files those events wrote, a new head, and vault.json or
 * checkpoint.enc only if they changed).
 *
 * A backup copies a consistent snapshot without holding up saves: the vault hands over, at one instant, the
 * journal length, seq and hash of its last acknowledged event, the header the journal records and the live
 * generation of every document, and holds back the deletion of superseded generation files until the copy is
 * done. Generation files never change and the journal is append-only, so the copy is the vault exactly as it
 * was at that event however many saves are committed meanwhile. head.enc is written fresh for that event.
 */
import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { randomHex } from '../crypto'
import { CHUNKS_DIR, DOCUMENTS_DIR, generationFileName, isChunkId } from '../documents'
import { vaultLocked, writeFailed } from '../errors'
import { HEADER_FILE } from '../header'
import { isNotFound, makeFolderDurable, nodeIo, type VaultIo } from '../io'
import { decodeFrame, JOURNAL_FILE, readFrames } from '../journal'
import { Keyring } from '../keys'
import { CHECKPOINT_FILE, encodeHead, HEAD_FILE } from '../sealed-state'
import type { Vault } from '../types'
import type { VaultImpl } from '../vault'
import { BackupFileWriter, copyRange, VERSION, type BackupBase, type TocV2 } from './format'

export interface BackupWritten {
  file: string
  vaultId: string
  createdAt: string
  seq: number
  bytes: number
  kind: 'full' | 'increment'
}

/** What a new increment needs to know about the backup it continues (read from that backup's table). */
export interface ChainTip {
  name: string
  mac: string
  toc: TocV2
}

type Snapshot = ReturnType<VaultImpl['backupSnapshot']>

/** The unlocked vault's keyring. Backups live in the store; Vault keeps its keys from everything outside it. */
export function keyringOf(vault: Vault): Keyring {
  const keyring = (vault as unknown as { keyring?: unknown }).keyring
  if (vault.locked || !(keyring instanceof Keyring)) throw vaultLocked()
  return keyring
}

/** The backup MAC key of `epoch` (for epoch 0, format 1's HKDF "escalation-log/v1/backup"). */
export function backupKeyAt(keyring: Keyring, epoch: number): Buffer {
  const keys = keyring.at(epoch)
  if (!keys) throw vaultLocked()
  return Buffer.from(keys.sub('backup'))
}

/** The unlocked vault's current backup key (a fresh copy: the caller zeroes it). */
export const vaultBackupKey = (vault: Vault): Buffer => {
  const keyring = keyringOf(vault)
  return backupKeyAt(keyring, keyring.currentEpoch)
}

function takeSnapshot(vault: Vault): Snapshot {
  const impl = vault as unknown as Partial<VaultImpl>
  if (vault.locked || typeof impl.backupSnapshot !== 'function') throw vaultLocked()
  return impl.backupSnapshot.call(vault)
}

const READ_AHEAD = 8

interface Part {
  name: string
  size: number
  /** For document files: read the whole file (so it can be read ahead). */
  read?: () => Promise<Buffer>
  /** Writes exactly `size` bytes. */
  copy: (write: (chunk: Buffer) => Promise<void>) => Promise<void>
}

const bufferPart = (name: string, bytes: Buffer): Part => ({ name, size: bytes.length, copy: (w) => w(bytes) })

/**
 * Writes a backup of `vault` to `file`: an increment continuing `tip` when one is given (the caller decides
 * when a full copy is due; see rolling.ts), otherwise a full copy. Returns null when `tip` already holds the
 * vault's last event (nothing to copy).
 */
export async function writeBackup(
  vault: Vault,
  fileFor: string | ((kind: BackupWritten['kind']) => string),
  opts: { now: () => Date; io?: VaultIo; tip?: ChainTip | null },
): Promise<BackupWritten | null> {
  const io = opts.io ?? nodeIo
  const keyring = keyringOf(vault)
  const vaultIdBytes = Buffer.from(vault.vaultId, 'hex')
  // The checkpoint is replaced by rename at any time: read it before the snapshot, so it never runs ahead; and
  // only when it is not the one the chain already holds (an increment then costs what changed, not its size).
  const checkpoint = await readCheckpoint(io, join(vault.dir, CHECKPOINT_FILE), opts.tip?.toc.checkpoint ?? null)
  const snap = takeSnapshot(vault)
  let journal: FileHandle | null = null
  let writer: BackupFileWriter | null = null
  let key: Buffer | null = null
  try {
    const headerBytes = snap.headerJson !== null ? Buffer.from(snap.headerJson, 'utf8') : await io.readFile(join(vault.dir, HEADER_FILE))
    const epoch = snap.headerJson !== null ? epochOf(snap.headerJson) : keyring.currentEpoch
    const epochKeys = keyring.at(epoch)
    if (!epochKeys) throw vaultLocked()
    const headerHash = createHash('sha256').update(headerBytes).digest('hex')
    const tip = opts.tip && opts.tip.toc.vaultId === vault.vaultId && opts.tip.toc.epoch === epoch ? opts.tip : null
    if (tip && tip.toc.seq === snap.seq && tip.toc.hash === snap.hash) return null
    journal = await io.open(join(vault.dir, JOURNAL_FILE), 'r')

    let docs: string[] | null = null
    if (tip && tip.toc.journalBytes < snap.journalBytes && tip.toc.seq < snap.seq) {
      try {
        docs = await docsWrittenSince(journal, keyring, vaultIdBytes, snap, tip.toc)
      } catch (e) {
        if (!(e instanceof NotContinued)) throw e // otherwise the base is not this history: a full copy
      }
    }
    const increment = docs !== null && tip !== null
    const from = increment ? tip.toc.journalBytes : 0
    docs ??= [...snap.docs.keys()].sort()
    const parts: Part[] = []
    if (!increment || headerHash !== tip.toc.header) parts.push(bufferPart(HEADER_FILE, headerBytes))
    const head = encodeHead(epochKeys, vaultIdBytes, { seq: snap.seq, hash: snap.hash, journalBytes: snap.journalBytes })
    parts.push(bufferPart(HEAD_FILE, head))
    const cpSeen = checkpoint ? { size: checkpoint.size, mtimeMs: checkpoint.mtimeMs } : null
    if (checkpoint && (!increment || !sameCheckpoint(cpSeen, tip.toc.checkpoint))) {
      // Not read because the tip holds it, yet a full copy is being made (the tip could not be continued): read it
      // now. Should it have been replaced meanwhile by one ahead of the snapshot, unlock ignores a checkpoint
      // beyond the head, so it costs time, never correctness.
      const bytes = checkpoint.bytes ?? (await readCheckpoint(io, join(vault.dir, CHECKPOINT_FILE), null))?.bytes ?? null
      if (bytes && bytes.length === checkpoint.size) parts.push(bufferPart(CHECKPOINT_FILE, bytes))
    }
    const jh = journal
    parts.push({ name: JOURNAL_FILE, size: snap.journalBytes - from, copy: (w) => copyRange(jh, from, snap.journalBytes - from, w) })
    const named = docs.flatMap((docId) => {
      const generation = snap.docs.get(docId)
      return generation === undefined ? [] : [{ docId, name: generationFileName(docId, generation) }]
    })
    // Attachment chunks are read from chunks/ (or documents/, where a vault that could not be written since the
    // layout changed still has them); every document is named documents/<file> in the backup, as before chunks/.
    const found = await inParallel(named, 16, async ({ docId, name }) => {
      const folders = isChunkId(docId) ? [CHUNKS_DIR, DOCUMENTS_DIR] : [DOCUMENTS_DIR]
      for (const folder of folders) {
        const path = join(vault.dir, folder, name)
        try {
          return { path, size: (await io.stat(path)).size }
        } catch (e) {
          if (!isNotFound(e)) throw readFailed()
        }
      }
      return null // already missing from the vault (unlock lists it as a problem): nothing to copy
    })
    named.forEach(({ name }, i) => {
      const file = found[i]
      if (file === null) return
      const { path, size } = file
      parts.push({
        name: `${DOCUMENTS_DIR}/${name}`,
        size,
        read: () => io.readFile(path),
        copy: async (w) => w(await io.readFile(path)),
      })
    })

    const createdAt = opts.now().toISOString()
    const base: BackupBase | null = increment
      ? { name: tip.name, mac: tip.mac, seq: tip.toc.seq, hash: tip.toc.hash, journalBytes: tip.toc.journalBytes }
      : null
    const toc: TocV2 = {
      format: 'escalation-log-backup',
      version: VERSION,
      vaultId: vault.vaultId,
      createdAt,
      seq: snap.seq,
      hash: snap.hash,
      journalBytes: snap.journalBytes,
      epoch,
      header: headerHash,
      checkpoint: cpSeen,
      chain: increment ? { id: tip.toc.chain.id, index: tip.toc.chain.index + 1, base } : { id: randomHex(16), index: 0, base: null },
      files: parts.map((p) => ({ name: p.name, size: p.size })),
    }
    key = backupKeyAt(keyring, epoch)
    // lock() marks the vault locked before it zeroes any key: unlocked now means the head and key above are sound.
    if (vault.locked) throw vaultLocked()
    const file = typeof fileFor === 'string' ? fileFor : fileFor(increment ? 'increment' : 'full')
    try {
      await makeFolderDurable(io, dirname(file))
      writer = await BackupFileWriter.create(io, file, key)
      await writer.start(toc)
    } catch (e) {
      throw writeFailed('The backup', e, 'none')
    }
    const put = async (chunk: Buffer) => {
      try {
        await writer!.write(chunk)
      } catch (e) {
        throw writeFailed('The backup', e, 'none')
      }
    }
    // Document files are read a few ahead, so the disk is busy while the last one is hashed and written.
    const ahead = new Map<number, Promise<Buffer>>()
    for (const [i, part] of parts.entries()) {
      // Lock wins: a backup still copying when the vault locks stops, and leaves nothing behind.
      if (vault.locked) throw vaultLocked()
      for (let j = i; j < Math.min(parts.length, i + READ_AHEAD); j++) {
        const read = parts[j].read
        if (read && !ahead.has(j)) ahead.set(j, read().catch(() => Buffer.alloc(0)))
      }
      const pending = ahead.get(i)
      ahead.delete(i)
      if (!pending) await part.copy(put)
      else {
        const bytes = await pending
        if (bytes.length !== part.size) throw readFailed()
        await put(bytes)
      }
    }
    let done: Awaited<ReturnType<BackupFileWriter['finish']>>
    if (vault.locked) throw vaultLocked()
    try {
      done = await writer.finish()
    } catch (e) {
      throw writeFailed('The backup', e, 'none')
    }
    writer = null
    await readBack(io, file, done.checksum, done.bytes, increment)
    return { file, vaultId: vault.vaultId, createdAt, seq: snap.seq, bytes: done.bytes, kind: increment ? 'increment' : 'full' }
  } catch (e) {
    await writer?.abort()
    if (e instanceof AppError) throw e
    throw readFailed()
  } finally {
    key?.fill(0)
    await journal?.close().catch(() => undefined)
    await snap.release()
  }
}

type SeenCheckpoint = TocV2['checkpoint']
const sameCheckpoint = (a: SeenCheckpoint, b: SeenCheckpoint): boolean =>
  a !== null && b !== null && a.size === b.size && a.mtimeMs === b.mtimeMs

/**
 * checkpoint.enc's size and modification time, and its bytes unless they are those `known` records. Stat,
 * read, stat again: a checkpoint replaced while it was read is read again.
 */
async function readCheckpoint(
  io: VaultIo,
  path: string,
  known: SeenCheckpoint,
): Promise<{ bytes: Buffer | null; size: number; mtimeMs: number } | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const before = await io.stat(path)
      const seen = { size: before.size, mtimeMs: Math.floor(before.mtimeMs) }
      if (sameCheckpoint(seen, known)) return { bytes: null, ...seen }
      const bytes = await io.readFile(path)
      const after = await io.stat(path)
      if (bytes.length === seen.size && after.size === seen.size && Math.floor(after.mtimeMs) === seen.mtimeMs) return { bytes, ...seen }
    } catch (e) {
      if (isNotFound(e)) return null
      throw readFailed()
    }
  }
  return null // replaced again and again: leave it out (a checkpoint only saves time at unlock)
}

const readFailed = (): AppError =>
  new AppError('backup-failed', 'The vault folder could not be read to make the backup. Nothing was changed.')

const epochOf = (headerJson: string): number => {
  const epoch = (JSON.parse(headerJson) as { epoch?: unknown }).epoch
  return typeof epoch === 'number' ? epoch : 0
}

/**
 * The documents the events after `base` wrote, read from the journal itself (so an increment costs what
 * changed, not the size of the vault). The first event must continue the base's last one, or the base is
 * not this vault's history and a full copy is made instead.
 */
async function docsWrittenSince(fh: FileHandle, keyring: Keyring, vaultIdBytes: Buffer, snap: Snapshot, base: TocV2): Promise<string[]> {
  const changed = new Set<string>()
  let seq = base.seq
  let prev = base.hash
  for await (const raw of readFrames(fh, base.journalBytes, snap.journalBytes)) {
    if (raw.kind !== 'frame') throw notContinued()
    const event = decodeFrame({ keyring, vaultIdBytes, v1LastSeq: snap.v1LastSeq }, seq + 1, raw.sealed)
    if (!event || event.prev !== prev) throw notContinued()
    for (const d of event.docs) changed.add(d.id)
    seq = event.seq
    prev = event.hash
  }
  if (seq !== snap.seq || prev !== snap.hash) throw notContinued()
  return [...changed].sort()
}

class NotContinued extends Error {}
const notContinued = () => new NotContinued('the base backup is not part of this journal')

/**
 * A backup that cannot be read is worse than none, because it is trusted: read it back. An increment (a few
 * kilobytes) is read whole and hashed; a full copy is checked for its length and its checksum at the end —
 * reading hundreds of megabytes back would double its cost, and restore checks every byte anyway.
 */
async function readBack(io: VaultIo, file: string, checksum: Buffer, bytes: number, whole: boolean): Promise<void> {
  const fh = await io.open(file, 'r')
  try {
    const sha = createHash('sha256')
    const body = bytes - 64
    if (whole) await copyRange(fh, 0, body, async (chunk) => void sha.update(chunk))
    const stored = Buffer.alloc(32)
    await fh.read(stored, 0, 32, body)
    if ((whole && !sha.digest().equals(checksum)) || !stored.equals(checksum) || (await fh.stat()).size !== bytes)
      throw new AppError('backup-failed', 'The backup file did not read back as written. Try another disk.')
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('backup-failed', 'The backup file did not read back as written. Try another disk.')
  } finally {
    await fh.close().catch(() => undefined)
  }
}

/** `f` over `items`, at most `width` at a time, results in order. */
async function inParallel<T, R>(items: T[], width: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await f(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  return out
}
