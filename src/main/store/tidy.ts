/**
 * The tidy-up of generation files a crash or an interrupted clean-up left behind: documents/ at every unlock,
 * chunks/ (attachment chunks, thousands of files in an older vault) in the background some seconds later, so
 * that listing it never delays an unlock. The rules are the same for both folders; neither ever deletes a
 * document's only readable generation, nor a file the journal names.
 */
import { join } from 'node:path'
import { sha256Hex } from './crypto'
import { CHUNKS_DIR, DOCUMENTS_DIR, isChunkId, parseGenerationFileName } from './documents'
import { documentError, vaultUnreadable } from './errors'
import { fsyncDir, isNotFound, makeFolderDurable, TEMP_MARK, type VaultIo } from './io'
import { isLive, type Manifest } from './manifest'
import type { ManifestEntry } from './sealed-state'
import type { VaultProblem } from './types'

/** Where unlock moves generation files it may not delete: never read by the app, kept for recovery. */
export const SET_ASIDE_DIR = 'set-aside'

const KEPT_ASIDE = ` Other copies of it that the audit trail does not confirm were moved to the folder “${SET_ASIDE_DIR}” inside the vault folder and kept, in case it needs to be recovered.`

/** A tidy-up run once: when asked, or `after` a delay (unless cancelled first, by a lock). */
export class BackgroundTidy {
  private running: Promise<VaultProblem[]> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly run: () => Promise<VaultProblem[]>) {}

  now(): Promise<VaultProblem[]> {
    this.cancel()
    this.running ??= this.run()
    return this.running
  }

  after(ms: number, stillWanted: () => boolean): void {
    this.cancel()
    this.timer = setTimeout(() => {
      this.timer = null
      if (stillWanted()) this.now().catch(() => undefined)
    }, ms)
    this.timer.unref?.()
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

type Files = Map<string, { generation: number; name: string }[]>

/**
 * Tidies documents/ after a crash, never at the cost of a document's only readable generation:
 * - temp files are deleted;
 * - generations the journal never named (newer than the manifest's, or of a document it does not list) are
 *   moved to set-aside/, never deleted: after a crash they are writes nobody saw acknowledged, but after the
 *   journal and head were put back to an older copy they are the newest saves there are;
 * - a live document's older generations (superseded, left by a crash before clean-up) are deleted only once
 *   the manifest's generation is there and is exactly the file the journal names (its SHA-256); otherwise
 *   they are moved to set-aside/ too — kept, but out of the way of the generation numbers later saves use;
 * - the files of a document the manifest lists as deleted, up to its last generation, are deleted.
 * Attachment chunks found in documents/ (where the store kept them before chunks/ existed) are moved to chunks/
 * when the folder can be written.
 * Then lists the live documents (not chunks) whose generation file is absent, and those whose file is not the
 * one the journal names when other copies were set aside, as problems. Clean-up failures are ignored: they
 * are retried at the next open.
 */
export async function tidyDocuments(io: VaultIo, dir: string, manifest: Manifest, writable = true): Promise<VaultProblem[]> {
  let names: string[]
  try {
    names = await io.readdir(join(dir, DOCUMENTS_DIR))
  } catch (e) {
    if (!isNotFound(e)) throw vaultUnreadable('its documents folder cannot be read.')
    names = []
  }
  const { byDoc, temps, chunks } = groupFiles(names, true)
  await Promise.all(temps.map((name) => io.unlink(join(dir, DOCUMENTS_DIR, name)).catch(() => undefined)))
  if (chunks.length > 0 && writable) await moveChunksOut(io, dir, chunks)
  const { present, problems } = await tidyFolder(io, dir, DOCUMENTS_DIR, byDoc, manifest)
  try {
    for (const name of await io.readdir(dir))
      if (name.includes(TEMP_MARK)) await io.unlink(join(dir, name)).catch(() => undefined)
  } catch {
    // Nothing to tidy if the folder cannot be listed; the journal replay already read what matters.
  }
  for (const [docId, entry] of manifest.documents())
    if (isLive(entry) && !present.has(docId) && !problems.some((p) => p.docId === docId))
      problems.push({ docId, message: documentError('document-missing', docId).message })
  return problems.sort((a, b) => a.docId.localeCompare(b.docId))
}

/**
 * The same for chunks/, by the same rules; `remove` deletes a superseded file (or holds it while a backup is
 * copying). Returns the live chunks whose file is missing, and any whose other copies were set aside. The caller
 * runs it where no commit is in flight, so a file the journal does not name yet is never one being committed.
 */
export async function tidyChunks(io: VaultIo, dir: string, manifest: Manifest, remove: (path: string) => Promise<void>): Promise<VaultProblem[]> {
  let names: string[]
  try {
    names = await io.readdir(join(dir, CHUNKS_DIR))
  } catch {
    names = []
  }
  const { byDoc, temps } = groupFiles(names, false)
  await Promise.all(temps.map((name) => io.unlink(join(dir, CHUNKS_DIR, name)).catch(() => undefined)))
  const { present, problems } = await tidyFolder(io, dir, CHUNKS_DIR, byDoc, manifest, remove)
  for (const [docId, entry] of manifest.chunkEntries())
    if (isLive(entry) && !present.has(docId) && !problems.some((p) => p.docId === docId))
      problems.push({ docId, message: documentError('document-missing', docId).message })
  return problems
}

/** Groups a folder's generation files by document; in documents/ (`chunksApart`) chunk files are listed apart. */
function groupFiles(names: string[], chunksApart: boolean): { byDoc: Files; temps: string[]; chunks: string[] } {
  const byDoc: Files = new Map()
  const temps: string[] = []
  const chunks: string[] = []
  for (const name of names) {
    const parsed = parseGenerationFileName(name)
    if (parsed && chunksApart && isChunkId(parsed.docId)) chunks.push(name)
    else if (parsed) {
      const list = byDoc.get(parsed.docId) ?? []
      list.push({ generation: parsed.generation, name })
      byDoc.set(parsed.docId, list)
    } else if (name.includes(TEMP_MARK)) temps.push(name)
  }
  return { byDoc, temps, chunks }
}

async function tidyFolder(
  io: VaultIo,
  dir: string,
  folder: string,
  byDoc: Files,
  manifest: Manifest,
  removeFile: (path: string) => Promise<void> = (path) => io.unlink(path),
): Promise<{ present: Set<string>; problems: VaultProblem[] }> {
  const remove = (name: string) => removeFile(join(dir, folder, name)).catch(() => undefined)
  const present = new Set<string>()
  const problems: VaultProblem[] = []
  // The usual case, by far: one file, the generation the journal names. Nothing to do, so no promise each.
  const toTidy: [string, { generation: number; name: string }[], ManifestEntry | undefined][] = []
  for (const [docId, files] of byDoc) {
    const entry = manifest.get(docId)
    if (files.length === 1 && isLive(entry) && files[0]!.generation === entry.generation) present.add(docId)
    else toTidy.push([docId, files, entry])
  }
  await Promise.all(
    toTidy.map(async ([docId, files, entry]) => {
      // Generations the journal has never named — a document it does not list, or a generation above the one it
      // names — are set aside, never deleted: after a crash they are a save nobody saw succeed, but if the journal
      // and head were put back to an older copy they are the newest saves there are.
      const known = entry?.generation ?? 0
      const unnamed = files.filter((f) => f.generation > known)
      if (!isLive(entry)) {
        await Promise.all(files.filter((f) => f.generation <= known).map((f) => remove(f.name)))
        if (unnamed.length > 0) await setAside(io, dir, folder, unnamed.map((f) => f.name))
        return
      }
      const current = files.find((f) => f.generation === entry.generation)
      const others = files.filter((f) => f !== current)
      if (current) present.add(docId)
      if (others.length === 0) return
      if (current && (await isTheCommittedFile(io, join(dir, folder, current.name), entry.hash))) {
        await Promise.all(others.filter((f) => f.generation < entry.generation).map((f) => remove(f.name)))
        if (unnamed.length > 0) await setAside(io, dir, folder, unnamed.map((f) => f.name))
        return
      }
      const kept = await setAside(io, dir, folder, others.map((f) => f.name))
      if (!kept) return // left where they are; the next open tries again
      const base = documentError(current ? 'document-damaged' : 'document-missing', docId).message
      problems.push({ docId, message: base + KEPT_ASIDE })
    }),
  )
  return { present, problems }
}

/**
 * The layout change of chunks/: chunk files still in documents/ are moved there (made and synced into the vault
 * folder first), each by one rename, so a crash part-way leaves every file in one folder or the other and the
 * next unlock carries on. A name already in chunks/ is never written over: the copy in documents/ is set aside.
 * On a folder that cannot be written nothing moves, and reads look in documents/ too.
 */
async function moveChunksOut(io: VaultIo, dir: string, names: string[]): Promise<void> {
  const chunksDir = join(dir, CHUNKS_DIR)
  try {
    await makeFolderDurable(io, chunksDir)
    const there = new Set(await io.readdir(chunksDir))
    const clashes: string[] = []
    for (const name of names) {
      if (there.has(name)) clashes.push(name)
      else await io.rename(join(dir, DOCUMENTS_DIR, name), join(chunksDir, name))
    }
    await fsyncDir(io, chunksDir)
    await fsyncDir(io, join(dir, DOCUMENTS_DIR))
    if (clashes.length > 0) await setAside(io, dir, DOCUMENTS_DIR, clashes)
  } catch {
    // Read-only, or a failure part-way: the rest stay in documents/, where reads find them, until the next unlock.
  }
}

async function isTheCommittedFile(io: VaultIo, path: string, hash: string): Promise<boolean> {
  try {
    return sha256Hex(await io.readFile(path)) === hash
  } catch {
    return false
  }
}

/**
 * Moves generation files from `folder` into set-aside/ (made and synced into the vault folder first),
 * never over a file already there. True when every one was moved.
 */
async function setAside(io: VaultIo, dir: string, folder: string, names: string[]): Promise<boolean> {
  const asideDir = join(dir, SET_ASIDE_DIR)
  try {
    await makeFolderDurable(io, asideDir)
    const there = new Set(await io.readdir(asideDir))
    for (const name of names) {
      let target = name
      for (let n = 1; there.has(target); n++) target = `${name}.${n}`
      there.add(target)
      await io.rename(join(dir, folder, name), join(asideDir, target))
    }
    await fsyncDir(io, asideDir)
    await fsyncDir(io, join(dir, folder))
    return true
  } catch {
    return false
  }
}
