/**
 * File-system access for the vault, behind a small seam so tests can make writes fail (ENOSPC, read-only)
 * even when running as root, and can freeze a commit at a chosen point to simulate a crash.
 *
 * steno (lowdb's own writer) renames atomically but never fsyncs; writeFileDurable fsyncs the file, renames
 * it over the target and fsyncs the folder, so a completed write survives power loss.
 */
import * as fsp from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomHex } from './crypto'

export interface VaultIo {
  open: typeof fsp.open
  rename: typeof fsp.rename
  unlink: typeof fsp.unlink
  readdir: typeof fsp.readdir
  readFile: typeof fsp.readFile
  mkdir: typeof fsp.mkdir
  rmdir: typeof fsp.rmdir
  stat: typeof fsp.stat
}

export const nodeIo: VaultIo = {
  open: fsp.open,
  rename: fsp.rename,
  unlink: fsp.unlink,
  readdir: fsp.readdir,
  readFile: fsp.readFile,
  mkdir: fsp.mkdir,
  rmdir: fsp.rmdir,
  stat: fsp.stat,
}

/** The points in a commit where a test may stop the world (return a promise that never settles). */
export type CommitPoint = 'documents-written' | 'journal-appended' | 'head-written' | 'old-generations-deleted'

export interface FaultHooks {
  at?(point: CommitPoint): void | Promise<void>
}

export const TEMP_MARK = '.tmp-'

export async function fsyncDir(io: VaultIo, dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS metadata journaling is what we rely on there.
  if (process.platform === 'win32') return
  const fh = await io.open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Writes `path` with `data`, then fsyncs the file only (no rename). For brand-new files such as generations. */
export async function writeNewFileSynced(io: VaultIo, path: string, data: Buffer): Promise<void> {
  const fh = await io.open(path, 'w', 0o600)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Atomic and durable replacement of `path`: temp file, fsync, rename, fsync the folder. */
export async function writeFileDurable(io: VaultIo, path: string, data: Buffer): Promise<void> {
  const tmp = join(dirname(path), `${basename(path)}${TEMP_MARK}${randomHex(6)}`)
  try {
    await writeNewFileSynced(io, tmp, data)
    await io.rename(tmp, path)
  } catch (e) {
    await io.unlink(tmp).catch(() => undefined)
    throw e
  }
  await fsyncDir(io, dirname(path))
}

export async function readIfExists(io: VaultIo, path: string): Promise<Buffer | null> {
  try {
    return await io.readFile(path)
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

export const isNotFound = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && (e.code === 'ENOENT' || e.code === 'ENOTDIR')
