/**
 * Restoring a backup — a full copy, or an increment with the full copy and increments it continues — into a
 * new, empty folder, and saying what a backup holds before that. See "Backups" in docs/vault-format.md.
 *
 * Every file of the chain is checked (checksum, then MAC under the vault's key) before anything is written;
 * the journal is rebuilt from the chain's parts in order, each part beginning where the one before ended;
 * each document's newest generation is written; then the vault is opened there and its whole audit chain
 * verified, so a restore reports success only for a vault that verifies end to end.
 */
import { basename, join, posix } from 'node:path'
import { AppError } from '../../../shared/errors'
import { fsyncDir, isNotFound, makeFolderDurable, nodeIo, writeAllAt, writeNewFileSynced, type VaultIo } from '../io'
import { CHUNKS_DIR, DOCUMENTS_DIR, isChunkId, parseGenerationFileName } from '../documents'
import { writeFailed } from '../errors'
import { HEADER_FILE, headerPeople, parseHeader, type ParsedHeader } from '../header'
import { JOURNAL_FILE } from '../journal'
import type { Keyring } from '../keys'
import { keyringFor, openVault } from '../open'
import type { AuditChainReport, PersonSlot, Vault } from '../types'
import { closeAll, openChain } from './chain'
import { copyRange, damaged, isIncrement, readRange, verifyChecksum, verifyMac, type OpenedBackup } from './format'
import { backupKeyAt } from './make'

/** What a backup says about itself before it is verified (for the restore screen: whose vault, how old). */
export interface BackupInfo {
  vaultId: string
  createdAt: string
  /** The last audit event the backup holds. */
  seq: number
  people: PersonSlot[]
  /** Files in the vault it restores. */
  files: number
  /** Bytes of the backup, with every earlier backup its chain needs. */
  bytes: number
  /** 0 for a full copy; n for the n-th increment after one. */
  increments: number
}

/** vault.json holds names and wrapped keys: a few KB per person, so 1 MiB is far beyond any real one. */
const MAX_HEADER = 1024 * 1024

/** The newest vault.json the chain holds, parsed. */
async function chainHeader(chain: OpenedBackup[]): Promise<{ header: ParsedHeader; bytes: Buffer }> {
  for (const b of [...chain].reverse()) {
    const entry = b.entries.get(HEADER_FILE)
    if (!entry) continue
    try {
      if (entry.size > MAX_HEADER) throw new Error('size')
      const bytes = await readRange(b.fh, entry.at, entry.size)
      const header = parseHeader(bytes)
      if (header.header.vaultId !== b.toc.vaultId) throw new Error('mismatch')
      return { header, bytes }
    } catch {
      throw damaged('its list of people (vault.json) is damaged.')
    }
  }
  throw damaged("it does not contain the vault's vault.json.")
}

/** Where each file of the restored vault comes from: the newest copy of it in the chain. */
function plan(chain: OpenedBackup[]): Map<string, { from: OpenedBackup; at: number; size: number }> {
  const out = new Map<string, { from: OpenedBackup; at: number; size: number }>()
  const newestGeneration = new Map<string, number>()
  for (const b of chain)
    for (const [name, e] of b.entries) {
      if (name === JOURNAL_FILE) continue
      const doc = name.startsWith(`${DOCUMENTS_DIR}/`) ? parseGenerationFileName(name.slice(DOCUMENTS_DIR.length + 1)) : null
      if (doc) {
        // Only each document's newest generation: the ones it replaced would only be tidied away at open.
        const seen = newestGeneration.get(doc.docId)
        if (seen !== undefined && seen > doc.generation) continue
        if (seen !== undefined) out.delete(`${DOCUMENTS_DIR}/${doc.docId}.${seen}.enc`)
        newestGeneration.set(doc.docId, doc.generation)
      }
      out.set(name, { from: b, ...e })
    }
  return out
}

function infoOf(chain: OpenedBackup[], header: ParsedHeader): BackupInfo {
  const newest = chain[chain.length - 1].toc
  return {
    vaultId: newest.vaultId,
    createdAt: newest.createdAt,
    seq: newest.seq,
    people: headerPeople(header.header),
    files: plan(chain).size + 1,
    bytes: chain.reduce((n, b) => n + b.size, 0),
    increments: chain.length - 1,
  }
}

/**
 * What a backup says about itself. Not yet verified: only restoring (with a passphrase) proves it genuine.
 * Reads only the tables of contents, the last 32 bytes and vault.json of each file of the chain, so
 * inspecting a large backup costs no more memory than a small one.
 */
export async function inspectBackup(file: string, io: VaultIo = nodeIo): Promise<BackupInfo> {
  const chain = await openChain(io, file).catch(rethrowReadError)
  try {
    return infoOf(chain, (await chainHeader(chain)).header)
  } catch (e) {
    return rethrowReadError(e)
  } finally {
    await closeAll(chain)
  }
}

const rethrowReadError = (e: unknown): never => {
  if (e instanceof AppError) throw e
  throw new AppError('backup-unreadable', 'The backup file cannot be read.', { field: 'file' })
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
 * Restores a backup (with the backups its chain needs, found beside it) into `dir`, which must be empty or
 * absent. Returns the vault there, unlocked, with its whole audit chain verified. On any refusal the folder is
 * left as it was found.
 */
export async function restoreBackup(file: string, dir: string, opts: RestoreOptions): Promise<Restored> {
  const io = opts.io ?? nodeIo
  const chain = await openChain(io, file).catch(rethrowReadError)
  try {
    return await restoreChain(io, chain, dir, opts)
  } catch (e) {
    return rethrowReadError(e)
  } finally {
    await closeAll(chain)
  }
}

async function restoreChain(io: VaultIo, chain: OpenedBackup[], dir: string, opts: RestoreOptions): Promise<Restored> {
  const many = chain.length > 1
  const nameOf = (b: OpenedBackup) => (many ? `the backup “${basename(b.file)}”` : 'the file')
  // Damage first, whatever passphrase is typed: every file's checksum.
  for (const b of chain) await verifyChecksum(b.fh, b.size, nameOf(b))
  const { header } = await chainHeader(chain)
  const vaultId = chain[chain.length - 1].toc.vaultId
  if (header.header.vaultId !== vaultId) throw damaged('its list of people belongs to a different vault.')
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
  try {
    for (const b of chain) {
      // Format 1 has no epoch in its table: its MAC is under the key current in its own header.
      const key = b.toc.version === 1 ? backupKeyAt(keyring, keyring.currentEpoch) : backupKeyAt(keyring, b.toc.epoch)
      try {
        await verifyMac(b.fh, b.size, b.toc.version, key, nameOf(b))
      } finally {
        key.fill(0)
      }
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'vault-locked') throw damaged('it was made under a key its list of people does not hold.')
    throw e
  } finally {
    keyring.wipe()
  }
  if (opts.expectVaultId !== undefined && opts.expectVaultId !== vaultId)
    throw new AppError(
      'backup-other-vault',
      'This backup is of a different vault from the one that is open. Lock this vault first to restore another one.',
      { field: 'file' },
    )

  let existing: string[] | null = null
  try {
    existing = await io.readdir(dir)
  } catch (e) {
    if (!isNotFound(e)) throw new AppError('folder-unreadable', 'That folder cannot be read. Choose another.', { field: 'dir' })
  }
  if (existing && existing.length > 0)
    throw new AppError('folder-not-empty', 'Restore into a new, empty folder: that one already has files in it.', { field: 'dir' })
  // The folder was empty (or absent): on any failure from here, empty it again (or remove it).
  const undo = () => emptyFolder(io, dir, existing === null)

  const files = plan(chain)
  try {
    await makeFolderDurable(io, join(dir, DOCUMENTS_DIR))
    await makeFolderDurable(io, join(dir, CHUNKS_DIR))
    await writeJournal(io, join(dir, JOURNAL_FILE), chain)
    // The header last, as when a vault is created: until it is there, the folder is not a vault.
    const order = [...files.keys()].sort((a, b) => Number(a === HEADER_FILE) - Number(b === HEADER_FILE))
    for (const name of order) {
      const f = files.get(name)!
      await writeNewFileSynced(io, join(dir, ...placeOf(name).split(posix.sep)), await readRange(f.from.fh, f.at, f.size))
    }
    await fsyncDir(io, join(dir, DOCUMENTS_DIR))
    await fsyncDir(io, join(dir, CHUNKS_DIR))
    await fsyncDir(io, dir)
  } catch (e) {
    await undo()
    if (e instanceof AppError) throw e
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
  const verified = await vault.verifyAuditChain()
  if (!verified.ok) {
    await vault.lock()
    await undo()
    throw damaged(`its audit trail does not verify (${verified.reason})`)
  }
  return { vault, info: infoOf(chain, header), chain: verified }
}

/** The journal from the chain's parts in order; each must begin exactly where the one before it ended. */
async function writeJournal(io: VaultIo, path: string, chain: OpenedBackup[]): Promise<void> {
  const fh = await io.open(path, 'wx', 0o600)
  try {
    let length = 0
    for (const b of chain) {
      const part = b.entries.get(JOURNAL_FILE)!
      const from = isIncrement(b.toc) ? b.toc.chain.base.journalBytes : 0
      if (from !== length) throw damaged(`the audit trail in “${basename(b.file)}” does not continue the one before it.`)
      await copyRange(b.fh, part.at, part.size, async (chunk) => {
        await writeAllAt(fh, chunk, length)
        length += chunk.length
      })
      if (b.toc.version === 2 && length !== b.toc.journalBytes)
        throw damaged(`the audit trail in “${basename(b.file)}” is not the length its table of contents says.`)
    }
    await fh.sync()
    if ((await fh.stat()).size !== length) throw Object.assign(new Error('short journal'), { code: 'ENOSPC' })
  } finally {
    await fh.close().catch(() => undefined)
  }
}

/** Where a file of the backup goes in the vault: every document is documents/<file> in a backup, chunks go to chunks/. */
function placeOf(name: string): string {
  const doc = name.startsWith(`${DOCUMENTS_DIR}/`) ? parseGenerationFileName(name.slice(DOCUMENTS_DIR.length + 1)) : null
  return doc && isChunkId(doc.docId) ? `${CHUNKS_DIR}/${name.slice(DOCUMENTS_DIR.length + 1)}` : name
}

/** Removes what a refused restore wrote (the folder was empty before), and the folder if it was new. */
async function emptyFolder(io: VaultIo, dir: string, removeFolder: boolean): Promise<void> {
  const folders = [DOCUMENTS_DIR, CHUNKS_DIR]
  for (const sub of [...folders.map((f) => join(dir, f)), dir])
    for (const n of await io.readdir(sub).catch(() => [] as string[]))
      if (!(sub === dir && folders.includes(n))) await io.unlink(join(sub, n)).catch(() => undefined)
  for (const f of folders) await io.rmdir(join(dir, f)).catch(() => undefined)
  if (removeFolder) await io.rmdir(dir).catch(() => undefined)
}

