/**
 * The `.elbackup` container (see "Backups" in docs/vault-format.md): "ELBK", a version, a table of contents,
 * the files' bytes, a SHA-256 checksum and an HMAC under the vault's backup key. Version 1 is a full copy of
 * the folder; version 2 adds the chain — a full copy, or an increment naming the backup it continues.
 *
 * Everything here streams: a backup is read and written in chunks, never held whole in memory.
 */
import { createHash, createHmac, timingSafeEqual, type Hash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { randomHex } from '../crypto'
import { DOCUMENTS_DIR, parseGenerationFileName } from '../documents'
import { HEADER_FILE } from '../header'
import { fsyncDir, TEMP_MARK, writeAllAt, type VaultIo } from '../io'
import { JOURNAL_FILE } from '../journal'
import { CHECKPOINT_FILE, HEAD_FILE } from '../sealed-state'

export const BACKUP_EXTENSION = 'elbackup'
export const MAGIC = Buffer.from('ELBK', 'ascii')
export const VERSION = 2
export const PREFIX_BYTES = 12 // magic, version, table length
export const TRAILER_BYTES = 64 // SHA-256 ‖ HMAC-SHA-256
export const MAX_TOC = 64 * 1024 * 1024
const MAX_FILES = 10_000_000
export const CHUNK = 1 << 20

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`))
const count = z.number().int().nonnegative()
const fileList = z.array(z.object({ name: z.string().min(1).max(300), size: count }).strict()).max(MAX_FILES)

const tocV1 = z
  .object({
    format: z.literal('escalation-log-backup'),
    version: z.literal(1),
    vaultId: hex(32),
    createdAt: z.string().min(1).max(40),
    seq: count,
    files: fileList,
  })
  .strict()

/** Where the backup it continues left off, so a missing or swapped one is caught by name. */
const baseSchema = z
  .object({ name: z.string().min(1).max(300), mac: hex(64), seq: count, hash: hex(64), journalBytes: count })
  .strict()

const tocV2 = z
  .object({
    format: z.literal('escalation-log-backup'),
    version: z.literal(2),
    vaultId: hex(32),
    createdAt: z.string().min(1).max(40),
    /** The last event the backup holds, its hash, and where the journal ends after it. */
    seq: count,
    hash: hex(64),
    journalBytes: count,
    epoch: count,
    /** SHA-256 of the vault.json the chain holds as of this backup (an increment carries it only when it changed). */
    header: hex(64),
    /** checkpoint.enc as it was seen (size, modification time), so an increment copies it only when it changed. */
    checkpoint: z.object({ size: count, mtimeMs: z.number().nonnegative() }).strict().nullable(),
    chain: z.object({ id: hex(32), index: count, base: baseSchema.nullable() }).strict(),
    files: fileList,
  })
  .strict()

export type TocV1 = z.infer<typeof tocV1>
export type TocV2 = z.infer<typeof tocV2>
export type Toc = TocV1 | TocV2
export type BackupBase = z.infer<typeof baseSchema>

export const isIncrement = (toc: Toc): toc is TocV2 & { chain: { base: BackupBase } } =>
  toc.version === 2 && toc.chain.base !== null

const ROOT_FILES = new Set([HEADER_FILE, JOURNAL_FILE, HEAD_FILE, CHECKPOINT_FILE])

/** Only the vault's own file names, so a crafted backup cannot write anywhere else (no "../", no "/etc"). */
export function isAllowedName(name: string): boolean {
  if (ROOT_FILES.has(name)) return true
  const [folder, file, ...rest] = name.split('/')
  return folder === DOCUMENTS_DIR && file !== undefined && rest.length === 0 && parseGenerationFileName(file) !== null
}

export const damaged = (why: string): AppError =>
  new AppError('backup-damaged', `This backup cannot be used: ${why} Nothing was restored.`, { field: 'file' })

/** Reads exactly `length` bytes at `position`, or says the file was cut short. */
export async function readRange(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await fh.read(out, done, length - done, position + done)
    if (bytesRead === 0) throw damaged('the file has been cut short.')
    done += bytesRead
  }
  return out
}

export interface OpenedBackup {
  file: string
  fh: FileHandle
  size: number
  toc: Toc
  /** Each file's offset in the backup, by name. */
  entries: Map<string, { at: number; size: number }>
}

/** Only a regular file: never a device (/dev/zero would be read for ever), a fifo or a folder. */
export async function openBackupFile(io: VaultIo, file: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle
  try {
    fh = await io.open(file, 'r')
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : null
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new AppError('backup-not-found', `There is no backup file there (${basename(file)}).`, { field: 'file' })
    throw new AppError('backup-unreadable', 'The backup file cannot be read.', { field: 'file' })
  }
  try {
    const info = await fh.stat()
    if (!info.isFile()) throw new AppError('backup-damaged', 'That is not a backup file.', { field: 'file' })
    return { fh, size: info.size }
  } catch (e) {
    await fh.close().catch(() => undefined)
    if (e instanceof AppError) throw e
    throw new AppError('backup-unreadable', 'The backup file cannot be read.', { field: 'file' })
  }
}

/**
 * Reads the prefix and the table of contents and checks that the table's names are the vault's own and its
 * sizes add up to the file's length. Does not read the files' bytes or check the checksum (see verifyBackup).
 */
export async function readToc(fh: FileHandle, size: number): Promise<{ toc: Toc; entries: OpenedBackup['entries'] }> {
  if (size < PREFIX_BYTES + TRAILER_BYTES) throw damaged('it is not an Escalation Log backup file.')
  const prefix = await readRange(fh, 0, PREFIX_BYTES)
  if (!prefix.subarray(0, 4).equals(MAGIC)) throw damaged('it is not an Escalation Log backup file.')
  const version = prefix.readUInt32BE(4)
  if (version > VERSION) throw damaged('it was made by a newer version of Escalation Log.')
  if (version !== 1 && version !== 2) throw damaged('its format is not one this version can read.')
  const length = prefix.readUInt32BE(8)
  if (length > MAX_TOC || PREFIX_BYTES + length + TRAILER_BYTES > size) throw damaged('its table of contents is damaged.')
  let toc: Toc
  try {
    const json: unknown = JSON.parse((await readRange(fh, PREFIX_BYTES, length)).toString('utf8'))
    const parsed = (version === 1 ? tocV1 : tocV2).safeParse(json)
    if (!parsed.success) throw new Error('schema')
    toc = parsed.data
  } catch (e) {
    if (e instanceof AppError) throw e
    throw damaged('its table of contents is damaged.')
  }
  const entries: OpenedBackup['entries'] = new Map()
  let at = PREFIX_BYTES + length
  for (const f of toc.files) {
    if (!isAllowedName(f.name) || entries.has(f.name))
      throw damaged(`it holds a file that is not part of a vault (${f.name.slice(0, 80)}).`)
    entries.set(f.name, { at, size: f.size })
    at += f.size
  }
  if (at + TRAILER_BYTES !== size) throw damaged('the file is damaged (it has been cut short or added to since it was made).')
  const required = isIncrement(toc) ? [JOURNAL_FILE, HEAD_FILE] : [HEADER_FILE, JOURNAL_FILE, HEAD_FILE]
  for (const name of required) if (!entries.has(name)) throw damaged(`it does not contain the vault's ${name}.`)
  return { toc, entries }
}

/** The MAC stored at the end of a backup (the last 32 bytes): what an increment names its base by. */
export const readStoredMac = (fh: FileHandle, size: number): Promise<Buffer> => readRange(fh, size - 32, 32)

/**
 * Streams the whole file once: the checksum must match (damage, whatever the passphrase). `name` words the
 * refusal, so a chain's bad link is named.
 */
export async function verifyChecksum(fh: FileHandle, size: number, name: string): Promise<void> {
  const sha = createHash('sha256')
  await streamBody(fh, size, name, (chunk) => sha.update(chunk))
  const stored = await readRange(fh, size - TRAILER_BYTES, 32)
  if (!sha.digest().equals(stored))
    throw damaged(`${name} is damaged (it has been cut short, added to or changed since it was made).`)
}

/**
 * The MAC under `key` (a deliberate change). Version 2 MACs the checksum (hash-then-MAC: one pass over the
 * bytes makes both), so it needs no second pass; version 1 MACs every byte.
 */
export async function verifyMac(fh: FileHandle, size: number, version: number, key: Buffer, name: string): Promise<void> {
  const trailer = await readRange(fh, size - TRAILER_BYTES, TRAILER_BYTES)
  let expected: Buffer
  if (version === 1) {
    const mac = createHmac('sha256', key)
    await streamBody(fh, size, name, (chunk) => mac.update(chunk))
    expected = mac.digest()
  } else expected = macOfChecksum(key, trailer.subarray(0, 32))
  if (!timingSafeEqual(expected, trailer.subarray(32))) throw damaged(`${name} has been altered since it was made.`)
}

export const macOfChecksum = (key: Buffer, checksum: Buffer): Buffer => createHmac('sha256', key).update(checksum).digest()

async function streamBody(fh: FileHandle, size: number, name: string, each: (chunk: Buffer) => void): Promise<void> {
  const body = size - TRAILER_BYTES
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, body)))
  for (let at = 0; at < body; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, body - at), at)
    if (bytesRead === 0) throw damaged(`${name} has been cut short.`)
    each(buf.subarray(0, bytesRead))
    at += bytesRead
  }
}

/**
 * Writes a backup file atomically and durably, streaming: a temp file beside the target, every byte
 * (buffered into 1 MiB writes, hashed and MAC'd as it goes), the checksum and MAC, fsync, a size check,
 * rename, fsync of the folder. `abort` removes the temp file.
 */
export class BackupFileWriter {
  private readonly sha: Hash = createHash('sha256')
  private pending: Buffer[] = []
  private pendingBytes = 0
  private written = 0
  private constructor(
    private readonly io: VaultIo,
    private readonly fh: FileHandle,
    private readonly tmp: string,
    private readonly file: string,
    private readonly key: Buffer,
  ) {}

  static async create(io: VaultIo, file: string, key: Buffer): Promise<BackupFileWriter> {
    const tmp = join(dirname(file), `${basename(file)}${TEMP_MARK}${randomHex(6)}`)
    const fh = await io.open(tmp, 'wx', 0o600)
    return new BackupFileWriter(io, fh, tmp, file, key)
  }

  /** The prefix and table of contents (version 2: the MAC is over the checksum). */
  async start(toc: TocV2): Promise<void> {
    const json = Buffer.from(JSON.stringify(toc), 'utf8')
    const prefix = Buffer.alloc(PREFIX_BYTES)
    MAGIC.copy(prefix, 0)
    prefix.writeUInt32BE(toc.version, 4)
    prefix.writeUInt32BE(json.length, 8)
    await this.write(prefix)
    await this.write(json)
  }

  async write(data: Buffer): Promise<void> {
    this.sha.update(data)
    this.pending.push(data)
    this.pendingBytes += data.length
    if (this.pendingBytes >= CHUNK) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes)
    this.pending = []
    this.pendingBytes = 0
    await writeAllAt(this.fh, data, this.written)
    this.written += data.length
  }

  /** Writes the trailer and puts the file in place. Returns its size and its MAC. */
  async finish(): Promise<{ bytes: number; mac: Buffer; checksum: Buffer }> {
    const checksum = this.sha.digest()
    const mac = macOfChecksum(this.key, checksum)
    this.pending.push(checksum, mac)
    this.pendingBytes += 64
    await this.flush()
    await this.fh.sync()
    const size = (await this.fh.stat()).size
    if (size !== this.written) throw Object.assign(new Error(`the backup holds ${size} of ${this.written} bytes`), { code: 'ENOSPC' })
    await this.fh.close()
    await this.io.rename(this.tmp, this.file)
    await fsyncDir(this.io, dirname(this.file))
    return { bytes: this.written, mac, checksum }
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined)
    await this.io.unlink(this.tmp).catch(() => undefined)
  }
}

/** Streams `length` bytes from `from` at `at` to `sink` in chunks. */
export async function copyRange(from: FileHandle, at: number, length: number, sink: (chunk: Buffer) => Promise<void>): Promise<void> {
  for (let done = 0; done < length; ) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, length - done))
    let got = 0
    while (got < chunk.length) {
      const { bytesRead } = await from.read(chunk, got, chunk.length - got, at + done + got)
      if (bytesRead === 0) throw damaged('the file has been cut short.')
      got += bytesRead
    }
    await sink(chunk)
    done += chunk.length
  }
}
