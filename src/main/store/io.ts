/**
 * File-system access for the vault, behind a small seam so tests can make writes fail (ENOSPC, read-only,
 * a write that stops part-way) even when running as root, and can freeze a commit at a chosen point to
 * simulate a crash.
 *
 * Every byte or nothing: `filehandle.write` is one write(2), and on a nearly full disk it may write part of
 * the buffer and return the count without an error. Every write of the store goes through writeAllAt, which
 * loops until every byte is written, and the callers check the file's size before they report success; a
 * write that fails is truncated back to the file's previous length and synced, so what was there before is
 * left exactly as it was.
 *
 * steno (lowdb's own writer) renames atomically but never fsyncs; writeFileDurable fsyncs the file, renames
 * it over the target and fsyncs the folder, so a completed write survives power loss. New folders are
 * fsynced into their parent (makeFolderDurable) for the same reason.
 */
import type { FileHandle } from 'node:fs/promises'
import * as fsp from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
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

/** An error shaped like the system's own, so writeFailed can say why in words. */
export const ioError = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code })

/**
 * The file is not the length a completed write would have left. Almost always a full disk (the file system
 * accepted part of the data), so it carries ENOSPC to be reported as "the disk is full".
 */
const shortFile = (expected: number, actual: number): NodeJS.ErrnoException =>
  ioError('ENOSPC', `the file holds ${actual} bytes where ${expected} were written`)

/**
 * Thrown when a failed write could not be undone (the truncation back or its sync failed too): the file may
 * hold bytes nobody acknowledged. `cause` is the first failure, which is what the person is told about.
 */
export class WriteNotUndone extends Error {
  override readonly cause: unknown
  constructor(cause: unknown) {
    super('a failed write could not be undone')
    this.cause = cause
  }
}

/** Writes every byte of `data` at `position`, however many write(2) calls that takes. */
export async function writeAllAt(fh: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < data.length) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, position + done)
    // A regular file only accepts nothing when there is no room left; looping again would spin for ever.
    if (!Number.isSafeInteger(bytesWritten) || bytesWritten <= 0)
      throw ioError('ENOSPC', `the disk accepted ${done} of ${data.length} bytes`)
    done += bytesWritten
  }
}

/**
 * Every byte or nothing, into an open file of length `length`: writes `data` at `length`, syncs, and checks
 * the file is now exactly `length + data.length` bytes long. On any failure the file is truncated back to
 * `length`, synced and checked again, and the first failure is thrown; if that undo fails as well,
 * WriteNotUndone is thrown instead.
 */
export async function appendAllOrNothing(fh: FileHandle, data: Buffer, length: number, sync: 'data' | 'full' = 'data'): Promise<void> {
  try {
    await writeAllAt(fh, data, length)
    await (sync === 'data' ? fh.datasync() : fh.sync())
    const size = (await fh.stat()).size
    if (size !== length + data.length) throw shortFile(length + data.length, size)
  } catch (e) {
    try {
      await fh.truncate(length)
      await (sync === 'data' ? fh.datasync() : fh.sync())
      const size = (await fh.stat()).size
      if (size !== length) throw shortFile(length, size)
    } catch {
      throw new WriteNotUndone(e)
    }
    throw e
  }
}

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

/**
 * Creates `dir` and any missing parents, fsyncing each new folder's parent so that the new folder's name is
 * itself on the disk (a file fsynced inside a folder whose own entry was lost is lost with it).
 */
export async function makeFolderDurable(io: VaultIo, dir: string): Promise<void> {
  const missing: string[] = []
  for (let d = resolve(dir); ; ) {
    try {
      if (!(await io.stat(d)).isDirectory()) throw ioError('ENOTDIR', `${d} is not a folder`)
      break
    } catch (e) {
      if (!isNotFound(e) || (typeof e === 'object' && e !== null && 'code' in e && e.code === 'ENOTDIR')) throw e
      missing.push(d)
      const parent = dirname(d)
      if (parent === d) break
      d = parent
    }
  }
  for (const d of missing.reverse()) {
    try {
      await io.mkdir(d, { mode: 0o700 })
    } catch (e) {
      // Made meanwhile by someone else: fine, it exists, and its parent is synced below all the same.
      if (!(typeof e === 'object' && e !== null && 'code' in e && e.code === 'EEXIST')) throw e
    }
    await fsyncDir(io, dirname(d))
  }
}

/**
 * Writes a brand-new `path` with `data` (every byte, size checked) and fsyncs the file only (no rename), for
 * files such as generations and temp files. On failure the file is truncated, closed and removed, so nothing
 * half-written is left behind.
 */
export async function writeNewFileSynced(io: VaultIo, path: string, data: Buffer): Promise<void> {
  const fh = await io.open(path, 'w', 0o600)
  let failure: unknown = null
  try {
    await appendAllOrNothing(fh, data, 0, 'full')
  } catch (e) {
    failure = e instanceof WriteNotUndone ? e.cause : e
  } finally {
    await fh.close().catch((e: unknown) => (failure ??= e))
  }
  if (failure !== null) {
    await io.unlink(path).catch(() => undefined)
    throw failure
  }
}

/** Atomic and durable replacement of `path`: temp file, fsync, size check, rename, fsync the folder. */
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
