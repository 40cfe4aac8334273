/**
 * Encrypted backups of a vault: one file holding every file of the vault folder, and restore into a new,
 * empty folder. See "Backups" in docs/vault-format.md for the byte layout.
 *
 * The vault's files are already ciphertext (documents, journal, head, checkpoint) or hold no case content
 * (vault.json: names and wrapped keys), so a backup needs no second layer of encryption; what it needs is
 * to be impossible to alter unnoticed. It ends with a SHA-256 of everything before it (so accidental damage
 * is reported as damage, whatever passphrase is typed) and an HMAC under a subkey of the vault's data key
 * (so a deliberate change is refused too). Restoring writes the files into an empty folder, opens the vault
 * there with the person's passphrase and verifies the whole audit chain before saying it worked.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { wipe } from './crypto'
import { DOCUMENTS_DIR, parseGenerationFileName } from './documents'
import { vaultLocked, writeFailed } from './errors'
import { HEADER_FILE, headerPeople, parseHeader, type ParsedHeader } from './header'
import { Keyring } from './keys'
import {
  fsyncDir,
  isNotFound,
  makeFolderDurable,
  nodeIo,
  readIfExists,
  TEMP_MARK,
  writeFileDurable,
  writeNewFileSynced,
  type VaultIo,
} from './io'
import { JOURNAL_FILE } from './journal'
import { keyringFor, openVault } from './open'
import { CHECKPOINT_FILE, HEAD_FILE } from './sealed-state'
import type { AuditChainReport, PersonSlot, Vault } from './types'

export const BACKUP_EXTENSION = 'elbackup'
const MAGIC = Buffer.from('ELBK', 'ascii')
const VERSION = 1
const PREFIX_BYTES = 12 // magic, version, manifest length
const TRAILER_BYTES = 64 // SHA-256 ‖ HMAC-SHA-256
const MAX_MANIFEST = 64 * 1024 * 1024
const MAX_FILES = 10_000_000

/** What a backup says about itself before it is verified (for the restore screen: whose vault, how old). */
export interface BackupInfo {
  vaultId: string
  createdAt: string
  /** The last audit event the backup holds. */
  seq: number
  people: PersonSlot[]
  files: number
  bytes: number
}

export interface BackupWritten {
  file: string
  vaultId: string
  createdAt: string
  seq: number
  bytes: number
}

const manifestSchema = z
  .object({
    format: z.literal('escalation-log-backup'),
    version: z.literal(VERSION),
    vaultId: z.string().regex(/^[0-9a-f]{32}$/),
    createdAt: z.string().min(1).max(40),
    seq: z.number().int().nonnegative(),
    files: z
      .array(z.object({ name: z.string().min(1).max(300), size: z.number().int().nonnegative() }).strict())
      .max(MAX_FILES),
  })
  .strict()
type BackupManifest = z.infer<typeof manifestSchema>

const ROOT_FILES = new Set([HEADER_FILE, JOURNAL_FILE, HEAD_FILE, CHECKPOINT_FILE])

/** Only the vault's own file names, so a crafted backup cannot write anywhere else (no "../", no "/etc"). */
function isAllowedName(name: string): boolean {
  if (ROOT_FILES.has(name)) return true
  const [folder, file, ...rest] = name.split('/')
  return (
    folder === DOCUMENTS_DIR &&
    file !== undefined &&
    rest.length === 0 &&
    parseGenerationFileName(file) !== null
  )
}

/** The backup MAC key: the current epoch's "backup" subkey (for epoch 0, format 1's HKDF "escalation-log/v1/backup"). */
export const backupKeyOf = (keyring: Keyring): Buffer => Buffer.from(keyring.current.sub('backup'))

const damaged = (why: string): AppError =>
  new AppError('backup-damaged', `This backup cannot be used: ${why} Nothing was restored.`, {
    field: 'file',
  })

// ---- making a backup -----------------------------------------------------------------------------------

/**
 * The unlocked vault's backup key. Backups live in the store and need the keys the store's other modules use;
 * Vault keeps them from everything outside the store.
 */
export function vaultBackupKey(vault: Vault): Buffer {
  const keyring = (vault as unknown as { keyring?: unknown }).keyring
  if (vault.locked || !(keyring instanceof Keyring)) throw vaultLocked()
  return backupKeyOf(keyring)
}

interface Snapshot {
  files: { name: string; bytes: Buffer }[]
}

/**
 * Reads the folder in the order that makes the copy consistent without stopping commits: the header, the
 * head and the checkpoint before the journal (each is written after the journal, so the copy's never run
 * ahead of its journal), then the documents, then checks the journal has not grown. A generation the
 * copied journal names is deleted only after a later event is appended, so an unchanged journal means every
 * document it names was there to copy. (Extra, newer generation files are harmless: opening tidies them.)
 */
async function snapshot(io: VaultIo, dir: string): Promise<Snapshot> {
  for (let attempt = 0; attempt < 8; attempt++) {
    // A burst of saves is over in milliseconds: wait a little longer each time rather than give up.
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * attempt))
    const files: Snapshot['files'] = []
    const header = await io.readFile(join(dir, HEADER_FILE))
    files.push({ name: HEADER_FILE, bytes: header })
    for (const name of [HEAD_FILE, CHECKPOINT_FILE]) {
      const bytes = await readIfExists(io, join(dir, name))
      if (bytes) files.push({ name, bytes })
    }
    const journal = await io.readFile(join(dir, JOURNAL_FILE))
    files.push({ name: JOURNAL_FILE, bytes: journal })
    let names: string[]
    try {
      names = (await io.readdir(join(dir, DOCUMENTS_DIR)))
        .filter((n) => parseGenerationFileName(n) !== null)
        .sort()
    } catch (e) {
      if (!isNotFound(e)) throw e
      names = []
    }
    let vanished = false
    for (const name of names) {
      const bytes = await readIfExists(io, join(dir, DOCUMENTS_DIR, name))
      if (bytes) files.push({ name: `${DOCUMENTS_DIR}/${name}`, bytes })
      else vanished = true // superseded while we read: a commit happened, so the journal will have grown
    }
    const after = await io.stat(join(dir, JOURNAL_FILE))
    if (after.size === journal.length && !vanished) return { files }
  }
  throw new AppError(
    'backup-busy',
    'The vault kept changing while the backup was being made. Try again in a moment.',
  )
}

function encodeBackup(manifest: BackupManifest, files: { bytes: Buffer }[], key: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(manifest), 'utf8')
  const prefix = Buffer.alloc(PREFIX_BYTES)
  MAGIC.copy(prefix, 0)
  prefix.writeUInt32BE(VERSION, 4)
  prefix.writeUInt32BE(json.length, 8)
  const body = Buffer.concat([prefix, json, ...files.map((f) => f.bytes)])
  const checksum = createHash('sha256').update(body).digest()
  const mac = createHmac('sha256', key).update(body).digest()
  return Buffer.concat([body, checksum, mac])
}

/**
 * Writes an encrypted backup of an unlocked vault to `file` (atomically and durably: a temp file beside it,
 * fsync, rename). Call between commits; the handler table runs one call at a time, so it always does.
 */
export async function createBackup(
  vault: Vault,
  file: string,
  opts: { now: () => Date; io?: VaultIo },
): Promise<BackupWritten> {
  const io = opts.io ?? nodeIo
  await assertOutsideVault(vault.dir, dirname(file), 'file')
  const key = vaultBackupKey(vault)
  try {
    const seq = (await vault.readAudit({ limit: 1 }))[0]?.seq ?? 0
    let snap: Snapshot
    try {
      snap = await snapshot(io, vault.dir)
    } catch (e) {
      if (e instanceof AppError) throw e
      throw new AppError(
        'backup-failed',
        'The vault folder could not be read to make the backup. Nothing was changed.',
      )
    }
    const createdAt = opts.now().toISOString()
    const manifest: BackupManifest = {
      format: 'escalation-log-backup',
      version: VERSION,
      vaultId: vault.vaultId,
      createdAt,
      seq,
      files: snap.files.map((f) => ({ name: f.name, size: f.bytes.length })),
    }
    const bytes = encodeBackup(manifest, snap.files, key)
    try {
      await makeFolderDurable(io, dirname(file))
      await writeFileDurable(io, file, bytes)
    } catch (e) {
      throw writeFailed('The backup', e, 'none')
    }
    // Read it back: a backup that cannot be read is worse than none, because it is trusted.
    const check = await io.readFile(file)
    if (!check.equals(bytes))
      throw new AppError('backup-failed', 'The backup file did not read back as written. Try another disk.')
    return { file, vaultId: vault.vaultId, createdAt, seq, bytes: bytes.length }
  } finally {
    wipe(key)
  }
}

// ---- reading a backup ----------------------------------------------------------------------------------

interface Parsed {
  manifest: BackupManifest
  body: Buffer
  checksum: Buffer
  mac: Buffer
  files: Map<string, Buffer>
}

/** Checks the structure and the checksum; never throws anything but an AppError. */
function parseBackup(bytes: Buffer): Parsed {
  if (bytes.length < PREFIX_BYTES + TRAILER_BYTES || !bytes.subarray(0, 4).equals(MAGIC))
    throw damaged('it is not an Escalation Log backup file.')
  const version = bytes.readUInt32BE(4)
  if (version > VERSION) throw damaged('it was made by a newer version of Escalation Log.')
  if (version !== VERSION) throw damaged('its format is not one this version can read.')
  const body = bytes.subarray(0, bytes.length - TRAILER_BYTES)
  const checksum = bytes.subarray(bytes.length - TRAILER_BYTES, bytes.length - 32)
  const mac = bytes.subarray(bytes.length - 32)
  if (!createHash('sha256').update(body).digest().equals(checksum))
    throw damaged('the file is damaged (it has been cut short, added to or changed since it was made).')
  const manifestLength = bytes.readUInt32BE(8)
  if (manifestLength > MAX_MANIFEST || PREFIX_BYTES + manifestLength > body.length)
    throw damaged('its table of contents is damaged.')
  let manifest: BackupManifest
  try {
    const parsed = manifestSchema.safeParse(
      JSON.parse(body.subarray(PREFIX_BYTES, PREFIX_BYTES + manifestLength).toString('utf8')),
    )
    if (!parsed.success) throw new Error('schema')
    manifest = parsed.data
  } catch {
    throw damaged('its table of contents is damaged.')
  }
  const files = new Map<string, Buffer>()
  let at = PREFIX_BYTES + manifestLength
  for (const f of manifest.files) {
    if (!isAllowedName(f.name) || files.has(f.name))
      throw damaged(`it holds a file that is not part of a vault (${f.name.slice(0, 80)}).`)
    if (at + f.size > body.length) throw damaged('its table of contents does not match its contents.')
    files.set(f.name, body.subarray(at, at + f.size))
    at += f.size
  }
  if (at !== body.length) throw damaged('its table of contents does not match its contents.')
  for (const required of [HEADER_FILE, JOURNAL_FILE, HEAD_FILE])
    if (!files.has(required)) throw damaged(`it does not contain the vault's ${required}.`)
  return { manifest, body, checksum, mac, files }
}

/** Node reads at most 2 GiB into one buffer; a vault that size needs a streaming reader first. */
const MAX_BACKUP_BYTES = 2 ** 31 - 1

const backupTooLarge = (): AppError =>
  new AppError(
    'backup-too-large',
    'That file is too large to be a backup this version can restore (the limit is 2 GB). Nothing was restored.',
    { field: 'file' },
  )

async function readBackupFile(io: VaultIo, file: string): Promise<Buffer> {
  try {
    // Only a regular file of a sane size: never a device (/dev/zero would be read for ever), a fifo or a folder.
    const info = await io.stat(file)
    if (!info.isFile()) throw new AppError('backup-damaged', 'That is not a backup file.', { field: 'file' })
    if (info.size > MAX_BACKUP_BYTES) throw backupTooLarge()
    return await io.readFile(file)
  } catch (e) {
    if (e instanceof AppError) throw e
    if (isNotFound(e))
      throw new AppError('backup-not-found', 'There is no backup file there.', { field: 'file' })
    throw new AppError('backup-unreadable', 'The backup file cannot be read.', { field: 'file' })
  }
}

/** vault.json holds names and wrapped keys: a few KB per person, so 1 MiB is far beyond any real one. */
const MAX_INSPECTED_HEADER = 1024 * 1024

/** Reads exactly `length` bytes at `position`, or says the file was cut short. */
async function readRange(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const out = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await fh.read(out, done, length - done, position + done)
    if (bytesRead === 0) throw damaged('the file has been cut short.')
    done += bytesRead
  }
  return out
}

/**
 * What a backup says about itself. Not yet verified: only restoring (with a passphrase) proves it genuine.
 * It reads only the prefix, the table of contents and vault.json (at most MAX_MANIFEST + 1 MiB, whatever
 * the file's size), so inspecting a large backup costs no more memory than a small one; the table's sizes
 * must add up to the file's length, so a file cut short or added to is refused here rather than at restore.
 */
export async function inspectBackup(file: string, io: VaultIo = nodeIo): Promise<BackupInfo> {
  let fh: FileHandle
  try {
    fh = await io.open(file, 'r')
  } catch (e) {
    if (isNotFound(e)) throw new AppError('backup-not-found', 'There is no backup file there.', { field: 'file' })
    throw new AppError('backup-unreadable', 'The backup file cannot be read.', { field: 'file' })
  }
  try {
    // Only a regular file: never a device (/dev/zero would be read for ever), a fifo or a folder.
    const info = await fh.stat()
    if (!info.isFile()) throw new AppError('backup-damaged', 'That is not a backup file.', { field: 'file' })
    if (info.size > MAX_BACKUP_BYTES) throw backupTooLarge()
    if (info.size < PREFIX_BYTES + TRAILER_BYTES) throw damaged('it is not an Escalation Log backup file.')
    const prefix = await readRange(fh, 0, PREFIX_BYTES)
    if (!prefix.subarray(0, 4).equals(MAGIC)) throw damaged('it is not an Escalation Log backup file.')
    const version = prefix.readUInt32BE(4)
    if (version > VERSION) throw damaged('it was made by a newer version of Escalation Log.')
    if (version !== VERSION) throw damaged('its format is not one this version can read.')
    const manifestLength = prefix.readUInt32BE(8)
    if (manifestLength > MAX_MANIFEST || PREFIX_BYTES + manifestLength + TRAILER_BYTES > info.size)
      throw damaged('its table of contents is damaged.')
    let manifest: BackupManifest
    try {
      const json = (await readRange(fh, PREFIX_BYTES, manifestLength)).toString('utf8')
      const parsed = manifestSchema.safeParse(JSON.parse(json))
      if (!parsed.success) throw new Error('schema')
      manifest = parsed.data
    } catch {
      throw damaged('its table of contents is damaged.')
    }
    let at = PREFIX_BYTES + manifestLength
    let header: { at: number; size: number } | null = null
    const names = new Set<string>()
    for (const f of manifest.files) {
      if (!isAllowedName(f.name) || names.has(f.name))
        throw damaged(`it holds a file that is not part of a vault (${f.name.slice(0, 80)}).`)
      names.add(f.name)
      if (f.name === HEADER_FILE) header = { at, size: f.size }
      at += f.size
    }
    if (at + TRAILER_BYTES !== info.size)
      throw damaged('the file is damaged (it has been cut short or added to since it was made).')
    for (const required of [HEADER_FILE, JOURNAL_FILE, HEAD_FILE])
      if (!names.has(required)) throw damaged(`it does not contain the vault's ${required}.`)
    let people: PersonSlot[]
    try {
      if (!header || header.size > MAX_INSPECTED_HEADER) throw new Error('size')
      const parsed = parseHeader(await readRange(fh, header.at, header.size)).header
      if (parsed.vaultId !== manifest.vaultId) throw new Error('mismatch')
      people = headerPeople(parsed)
    } catch {
      throw damaged('its list of people (vault.json) is damaged.')
    }
    return {
      vaultId: manifest.vaultId,
      createdAt: manifest.createdAt,
      seq: manifest.seq,
      people,
      files: names.size,
      bytes: info.size,
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('backup-unreadable', 'The backup file cannot be read.', { field: 'file' })
  } finally {
    await fh.close().catch(() => undefined)
  }
}

export interface RestoreOptions {
  personId: string
  passphrase: string
  now: () => Date
  /** Refuse a backup of any other vault (restoring a copy of the vault that is open). */
  expectVaultId?: string
  io?: VaultIo
}

export interface Restored {
  vault: Vault
  info: BackupInfo
  chain: Extract<AuditChainReport, { ok: true }>
}

/**
 * Restores a backup into `dir`, which must be empty or absent. Returns the vault there, unlocked, with its
 * whole audit chain verified. On any refusal the folder is left as it was found.
 */
export async function restoreBackup(file: string, dir: string, opts: RestoreOptions): Promise<Restored> {
  const io = opts.io ?? nodeIo
  const bytes = await readBackupFile(io, file)
  const parsed = parseBackup(bytes)
  const { manifest, files } = parsed
  let header: ParsedHeader
  try {
    header = parseHeader(files.get(HEADER_FILE)!)
  } catch {
    throw damaged('its list of people (vault.json) is damaged.')
  }
  if (header.header.vaultId !== manifest.vaultId) throw damaged('its list of people belongs to a different vault.')
  let keyring: Keyring
  try {
    keyring = await keyringFor(header, opts.personId, typeof opts.passphrase === 'string' ? opts.passphrase : '')
  } catch (e) {
    if (e instanceof AppError && e.code === 'wrong-passphrase')
      throw new AppError(
        'wrong-passphrase',
        'That passphrase does not open this backup (it is the passphrase the vault had when the backup was made).',
        { field: 'passphrase' },
      )
    if (e instanceof AppError && e.code === 'header-tampered') throw damaged('its list of people has been altered.')
    throw e
  }
  const key = backupKeyOf(keyring)
  try {
    const expected = createHmac('sha256', key).update(parsed.body).digest()
    if (!timingSafeEqual(expected, parsed.mac)) throw damaged('it has been altered since it was made.')
  } finally {
    key.fill(0)
    keyring.wipe()
  }
  if (opts.expectVaultId !== undefined && opts.expectVaultId !== manifest.vaultId)
    throw new AppError(
      'backup-other-vault',
      'This backup is of a different vault from the one that is open. Lock this vault first to restore another one.',
      { field: 'file' },
    )

  let existing: string[] | null = null
  try {
    existing = await io.readdir(dir)
  } catch (e) {
    if (!isNotFound(e))
      throw new AppError('folder-unreadable', 'That folder cannot be read. Choose another.', { field: 'dir' })
  }
  if (existing && existing.length > 0)
    throw new AppError(
      'folder-not-empty',
      'Restore into a new, empty folder: that one already has files in it.',
      { field: 'dir' },
    )
  // The folder was empty (or absent): on any failure from here, empty it again (or remove it).
  const undo = () => emptyFolder(io, dir, existing === null)

  try {
    await makeFolderDurable(io, join(dir, DOCUMENTS_DIR))
    // The header last, as when a vault is created: until it is there, the folder is not a vault.
    const order = [...files.keys()].sort((a, b) => Number(a === HEADER_FILE) - Number(b === HEADER_FILE))
    for (const name of order)
      await writeNewFileSynced(io, join(dir, ...name.split(posix.sep)), files.get(name)!)
    await fsyncDir(io, join(dir, DOCUMENTS_DIR))
    await fsyncDir(io, dir)
  } catch (e) {
    await undo()
    throw writeFailed('The restored vault', e, 'none')
  }

  let vault: Vault
  try {
    vault = await openVault(dir, { personId: opts.personId, passphrase: opts.passphrase, now: opts.now, io })
  } catch (e) {
    await undo()
    const why = e instanceof AppError ? e.message : 'it could not be opened.'
    throw damaged(`the vault it holds was already damaged when the backup was made — ${why}`)
  }
  const chain = await vault.verifyAuditChain()
  if (!chain.ok) {
    await vault.lock()
    await undo()
    throw damaged(`its audit trail does not verify (${chain.reason})`)
  }
  const info: BackupInfo = {
    vaultId: manifest.vaultId,
    createdAt: manifest.createdAt,
    seq: manifest.seq,
    people: headerPeople(header.header),
    files: files.size,
    bytes: bytes.length,
  }
  return { vault, info, chain }
}

/** Removes what a refused restore wrote (the folder was empty before), and the folder if it was new. */
async function emptyFolder(io: VaultIo, dir: string, removeFolder: boolean): Promise<void> {
  for (const sub of [join(dir, DOCUMENTS_DIR), dir])
    for (const n of await io.readdir(sub).catch(() => [] as string[]))
      if (!(sub === dir && n === DOCUMENTS_DIR)) await io.unlink(join(sub, n)).catch(() => undefined)
  await io.rmdir(join(dir, DOCUMENTS_DIR)).catch(() => undefined)
  if (removeFolder) await io.rmdir(dir).catch(() => undefined)
}


// ---- where backups may go ------------------------------------------------------------------------------

/** `p` with symbolic links resolved as far as it exists (a folder still to be made need not exist). */
async function realPathSoFar(p: string): Promise<string> {
  const rest: string[] = []
  for (let head = resolve(p); ; ) {
    try {
      return join(await realpath(head), ...rest)
    } catch {
      const parent = dirname(head)
      if (parent === head) return resolve(p)
      rest.unshift(basename(head))
      head = parent
    }
  }
}

/** Windows and macOS file systems usually ignore case: there `C:\Vault` and `c:\vault` are one folder. */
const comparable = (p: string): string =>
  process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p

function isSameOrInside(parent: string, child: string): boolean {
  const r = relative(comparable(parent), comparable(child))
  return r === '' || (!isAbsolute(r) && r !== '..' && !r.startsWith(`..${sep}`))
}

async function assertOutsideVault(vaultDir: string, folder: string, field: 'folder' | 'file'): Promise<void> {
  const [vault, target] = await Promise.all([realPathSoFar(vaultDir), realPathSoFar(folder)])
  if (isSameOrInside(vault, target))
    throw new AppError(
      'backup-folder-inside-vault',
      field === 'folder'
        ? 'Choose a folder outside the vault folder for backups: a backup kept inside the vault folder would be lost with it.'
        : 'Save the backup outside the vault folder: a backup kept inside the vault folder would be lost with it.',
      { field },
    )
}

/**
 * Refuses a rolling-backup folder that is the vault folder or inside it (following symbolic links): a
 * backup there is lost with the folder it is meant to replace, and it would put files into the vault folder
 * that are not the vault's own. writeRollingBackup checks this itself; a settings screen can call it to
 * refuse the folder when it is chosen.
 */
export const assertBackupFolderOutsideVault = (vaultDir: string, folder: string): Promise<void> =>
  assertOutsideVault(vaultDir, folder, 'folder')

// ---- rolling backups -----------------------------------------------------------------------------------

export const DEFAULT_KEEP = 10

/** `<parent of the vault>/<vault folder name>-backups`: beside the vault, never inside it. */
export const defaultBackupFolder = (vaultDir: string): string =>
  join(dirname(vaultDir), `${basename(vaultDir)}-backups`)

const rollingPrefix = (vaultId: string) => `escalation-log-${vaultId.slice(0, 12)}-`
const ROLLING = /^escalation-log-[0-9a-f]{12}-\d{8}T\d{6}Z-\d{10}\.elbackup$/

/** A name that sorts by time: escalation-log-<vault id, 12 hex>-<yyyymmddThhmmssZ>-<seq, 10 digits>.elbackup */
export function rollingBackupName(vaultId: string, at: Date, seq: number): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
  return `${rollingPrefix(vaultId)}${stamp}-${String(seq).padStart(10, '0')}.${BACKUP_EXTENSION}`
}

/** This vault's rolling backups in `folder`, oldest first. */
export async function listRollingBackups(
  folder: string,
  vaultId: string,
  io: VaultIo = nodeIo,
): Promise<string[]> {
  let names: string[]
  try {
    names = await io.readdir(folder)
  } catch (e) {
    if (isNotFound(e)) return []
    throw e
  }
  return names.filter((n) => n.startsWith(rollingPrefix(vaultId)) && ROLLING.test(n)).sort()
}

/**
 * Writes a new rolling backup into `folder` and deletes this vault's oldest ones beyond `keep`. Other
 * files in the folder (another vault's backups, anything else) are never touched.
 */
export async function writeRollingBackup(
  vault: Vault,
  folder: string,
  keep: number,
  opts: { now: () => Date; io?: VaultIo },
): Promise<BackupWritten & { removed: string[] }> {
  const io = opts.io ?? nodeIo
  await assertBackupFolderOutsideVault(vault.dir, folder)
  const seq = (await vault.readAudit({ limit: 1 }))[0]?.seq ?? 0
  // Same second and same event as an existing one: the same state, so replacing it loses nothing.
  const name = rollingBackupName(vault.vaultId, opts.now(), seq)
  const written = await createBackup(vault, join(folder, name), opts)
  const all = await listRollingBackups(folder, vault.vaultId, io)
  const removed = all.slice(0, Math.max(0, all.length - Math.max(1, keep)))
  for (const old of removed) await io.unlink(join(folder, old)).catch(() => undefined)
  // Temp files of a backup a crash interrupted.
  for (const n of await io.readdir(folder).catch(() => [] as string[]))
    if (n.startsWith(rollingPrefix(vault.vaultId)) && n.includes(TEMP_MARK))
      await io.unlink(join(folder, n)).catch(() => undefined)
  return { ...written, removed }
}
