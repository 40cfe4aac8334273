/**
 * Rolling backups: chains of a full copy and the increments that continue it, written into a folder beside
 * the vault, and pruned a whole chain at a time.
 *
 * A new chain (a full copy) starts when there is none to continue, after FULL_EVERY_INCREMENTS increments,
 * when the chain's full copy is FULL_EVERY_DAYS old, and after every re-key (a new key epoch: writeBackup
 * refuses to continue a chain of another epoch). Otherwise the backup is an increment of the newest one.
 */
import { realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { AppError } from '../../../shared/errors'
import { isNotFound, nodeIo, TEMP_MARK, type VaultIo } from '../io'
import type { Vault } from '../types'
import { BACKUP_EXTENSION, openBackupFile, readStoredMac, readToc } from './format'
import { writeBackup, type BackupWritten, type ChainTip } from './make'

export const DEFAULT_KEEP = 10
/** A chain is at most one full copy and this many increments, so a restore never reads a long chain. */
export const FULL_EVERY_INCREMENTS = 24
/** ... and its full copy is at most a week old, so a week's backups never depend on a month-old file. */
export const FULL_EVERY_DAYS = 7

/** `<parent of the vault>/<vault folder name>-backups`: beside the vault, never inside it. */
export const defaultBackupFolder = (vaultDir: string): string => join(dirname(vaultDir), `${basename(vaultDir)}-backups`)

const rollingPrefix = (vaultId: string) => `escalation-log-${vaultId.slice(0, 12)}-`
const ROLLING = /^escalation-log-[0-9a-f]{12}-(\d{8}T\d{6}Z)-(\d{10})(-inc)?\.elbackup$/

/**
 * A name that sorts by time: escalation-log-<vault id, 12 hex>-<yyyymmddThhmmssZ>-<seq, 10 digits>.elbackup,
 * with `-inc` before the extension for an increment.
 */
export function rollingBackupName(vaultId: string, at: Date, seq: number, increment = false): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
  return `${rollingPrefix(vaultId)}${stamp}-${String(seq).padStart(10, '0')}${increment ? '-inc' : ''}.${BACKUP_EXTENSION}`
}

/** The last audit event a rolling backup holds, from its name (null for another file). */
export const rollingSeqOf = (name: string): number | null => {
  const m = ROLLING.exec(name)
  return m ? Number(m[2]) : null
}
const isIncrementName = (name: string): boolean => ROLLING.exec(name)?.[3] === '-inc'
const stampOf = (name: string): number => {
  const s = ROLLING.exec(name)?.[1] ?? ''
  return Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`)
}

/** This vault's rolling backups in `folder`, oldest first. */
export async function listRollingBackups(folder: string, vaultId: string, io: VaultIo = nodeIo): Promise<string[]> {
  let names: string[]
  try {
    names = await io.readdir(folder)
  } catch (e) {
    if (isNotFound(e)) return []
    throw e
  }
  return names.filter((n) => n.startsWith(rollingPrefix(vaultId)) && ROLLING.test(n)).sort()
}

/** Rolling backups grouped into chains, oldest first: each full copy with the increments after it. */
export function chainsOf(names: string[]): string[][] {
  const chains: string[][] = []
  for (const name of names) {
    if (!isIncrementName(name) || chains.length === 0) chains.push([name])
    else chains[chains.length - 1].push(name)
  }
  return chains
}

/**
 * Which chains to delete: the oldest whole chains, as long as at least `keep` backups remain without them.
 * The newest chain is never deleted, and no chain is ever cut, so every backup kept can be restored.
 */
export function chainsToPrune(names: string[], keep: number): string[] {
  const chains = chainsOf(names)
  let remaining = names.length
  const removed: string[] = []
  for (const chain of chains.slice(0, -1)) {
    if (remaining - chain.length < Math.max(1, keep)) break
    removed.push(...chain)
    remaining -= chain.length
  }
  return removed
}

/** The newest backup of the chain to continue, or null when a full copy is due. */
async function chainTip(io: VaultIo, folder: string, names: string[], now: Date): Promise<ChainTip | null> {
  const chain = chainsOf(names).at(-1)
  if (!chain || chain.length > FULL_EVERY_INCREMENTS) return null
  if (now.getTime() - stampOf(chain[0]) >= FULL_EVERY_DAYS * 24 * 3600 * 1000) return null
  const name = chain[chain.length - 1]
  try {
    const { fh, size } = await openBackupFile(io, join(folder, name))
    try {
      const { toc } = await readToc(fh, size)
      if (toc.version !== 2) return null
      return { name, mac: (await readStoredMac(fh, size)).toString('hex'), toc }
    } finally {
      await fh.close().catch(() => undefined)
    }
  } catch {
    return null // unreadable or damaged: start a new chain rather than continue one that cannot be restored
  }
}

/**
 * Writes a new rolling backup into `folder` — an increment of the newest chain, or a full copy when one is due
 * — and deletes this vault's oldest whole chains beyond `keep` backups. Other files in the folder (another
 * vault's backups, anything else) are never touched. Returns null when the newest backup already holds the
 * vault's last event.
 */
export async function writeRollingBackup(
  vault: Vault,
  folder: string,
  keep: number,
  opts: { now: () => Date; io?: VaultIo; full?: boolean },
): Promise<(BackupWritten & { removed: string[] }) | null> {
  const io = opts.io ?? nodeIo
  await assertBackupFolderOutsideVault(vault.dir, folder)
  const at = opts.now()
  const names = await listRollingBackups(folder, vault.vaultId, io)
  const tip = opts.full ? null : await chainTip(io, folder, names, at)
  const seq = vault.position().seq
  const written = await writeBackup(vault, (kind) => join(folder, rollingBackupName(vault.vaultId, at, seq, kind === 'increment')), {
    ...opts,
    tip,
  })
  if (!written) return null
  const all = await listRollingBackups(folder, vault.vaultId, io)
  const removed = chainsToPrune(all, keep)
  for (const old of removed) await io.unlink(join(folder, old)).catch(() => undefined)
  // Temp files of a backup a crash interrupted.
  for (const n of await io.readdir(folder).catch(() => [] as string[]))
    if (n.startsWith(rollingPrefix(vault.vaultId)) && n.includes(TEMP_MARK))
      await io.unlink(join(folder, n)).catch(() => undefined)
  return { ...written, removed }
}

/** A backup to a file the person chose: always a full copy, on its own. */
export async function createBackup(vault: Vault, file: string, opts: { now: () => Date; io?: VaultIo }): Promise<BackupWritten> {
  await assertOutsideVault(vault.dir, dirname(file), 'file')
  const written = await writeBackup(vault, file, { ...opts, tip: null })
  if (!written) throw new AppError('backup-failed', 'The backup could not be made. Nothing was changed.')
  return written
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
const comparable = (p: string): string => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p)

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
 * that are not the vault's own. writeRollingBackup checks this itself; the settings channel calls it to
 * refuse the folder when it is chosen.
 */
export const assertBackupFolderOutsideVault = (vaultDir: string, folder: string): Promise<void> =>
  assertOutsideVault(vaultDir, folder, 'folder')
