/**
 * What the team vault asks of the storage that carries it (docs/team-vault.md, "Transports"): list a folder,
 * read a file, write a new file. Nothing else — no locks, no renames over another device's file, no
 * conditional writes — because every file is written once, by one device, under a name no one else uses.
 *
 * `LocalFolderTransport` is a folder that something else keeps in step between machines (a file share, a
 * OneDrive or SharePoint library synced by its client, a Syncthing folder). `WebDavTransport` (webdav.ts)
 * talks to a WebDAV server itself.
 */
import { readdir } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { makeFolderDurable, nodeIo, readIfExists, writeFileDurable, isNotFound } from '../store/io'

export interface Transport {
  /** The names directly in `folder` (files and folders alike); [] when the folder does not exist. */
  list(folder: string): Promise<string[]>
  /** The file's bytes, or null when there is no such file. */
  read(path: string): Promise<Buffer | null>
  /** Writes a file that does not exist yet (its folders are made as needed). */
  write(path: string, bytes: Buffer): Promise<void>
  /** How many requests have been made, for the sync-cost checks. */
  readonly counts: { list: number; read: number; write: number; bytesIn: number; bytesOut: number }
}

/** Paths are relative, '/'-separated, of names made only by this module's callers; refuse anything else. */
export function checkPath(path: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(path) || path.split('/').some((p) => p === '..'))
    throw new Error(`Not a team vault path: ${path}`)
  return path
}

export const newCounts = (): Transport['counts'] => ({ list: 0, read: 0, write: 0, bytesIn: 0, bytesOut: 0 })

export class LocalFolderTransport implements Transport {
  readonly counts = newCounts()
  private readonly root: string
  private readonly made = new Set<string>()

  constructor(root: string) {
    this.root = resolve(root)
  }

  private full(path: string): string {
    const p = resolve(this.root, ...checkPath(path).split('/'))
    if (!p.startsWith(this.root + sep)) throw new Error(`Not a team vault path: ${path}`)
    return p
  }

  async list(folder: string): Promise<string[]> {
    this.counts.list++
    try {
      // Sync engines leave their own temporary and conflict files; callers accept only names they made.
      return (await readdir(folder === '' ? this.root : this.full(folder))).filter((n) => !n.startsWith('.'))
    } catch (e) {
      if (isNotFound(e)) return []
      throw e
    }
  }

  async read(path: string): Promise<Buffer | null> {
    this.counts.read++
    const bytes = await readIfExists(nodeIo, this.full(path))
    if (bytes) this.counts.bytesIn += bytes.length
    return bytes
  }

  async write(path: string, bytes: Buffer): Promise<void> {
    this.counts.write++
    const target = this.full(path)
    const folder = dirname(target)
    if (!this.made.has(folder)) {
      await makeFolderDurable(nodeIo, folder)
      this.made.add(folder)
    }
    // A temp file beside it, synced, renamed: a sync engine never picks up half a file.
    await writeFileDurable(nodeIo, target, bytes)
    this.counts.bytesOut += bytes.length
  }

  toString(): string {
    return join(this.root)
  }
}
