/**
 * The manifest: which generation (and file hash) every document is at, rebuilt from journal events.
 *
 * Attachment chunks are kept apart. A vault of some years holds thousands, each written once and read only when
 * its file is opened, so the checkpoint holds them as one compact section (CHUNK_RECORD bytes each, sorted by
 * attachment name and chunk index, base64) that unlock neither parses nor expands: a chunk's entry is found in it
 * by binary search when asked for, and the whole section is read out only when every entry is wanted (a backup,
 * the tidy-up of chunks/, a re-key). A checkpoint written before the section existed lists chunks in `docs`; they
 * are taken from there, and the next checkpoint has the section (`needsCompacting`).
 */
import { chunkOfDocId, isChunkId } from './documents'
import { CHUNK_RECORD, type ManifestEntry } from './sealed-state'
import type { DocumentChangeRecord } from './types'

// A record (CHUNK_RECORD bytes): name (16) ‖ u32 index ‖ u32 epoch (DELETED for a deleted chunk) ‖ u64 generation ‖
// SHA-256 of the file (32; zeros when deleted).
const KEY_BYTES = 20
const DELETED = 0xffffffff
const U32 = 0x1_0000_0000

export const isLive = (e: ManifestEntry | undefined): e is { generation: number; hash: string; epoch?: number } =>
  e !== undefined && !('deleted' in e)

function chunkKey(docId: string): Buffer | null {
  const chunk = chunkOfDocId(docId)
  if (!chunk) return null
  const key = Buffer.alloc(KEY_BYTES)
  key.write(chunk.name, 0, 'hex')
  key.writeUInt32BE(chunk.index, 16)
  return key
}

function readRecord(bytes: Buffer, at: number): [string, ManifestEntry] {
  const id = `att-${bytes.toString('hex', at, at + 16)}-${bytes.readUInt32BE(at + 16)}`
  const epoch = bytes.readUInt32BE(at + 20)
  const generation = bytes.readUInt32BE(at + 24) * U32 + bytes.readUInt32BE(at + 28)
  if (epoch === DELETED) return [id, { generation, deleted: true }]
  const hash = bytes.toString('hex', at + 32, at + 64)
  return [id, epoch === 0 ? { generation, hash } : { generation, hash, epoch }]
}

function writeRecord(out: Buffer, at: number, key: Buffer, e: ManifestEntry): void {
  key.copy(out, at)
  out.writeUInt32BE(isLive(e) ? (e.epoch ?? 0) : DELETED, at + 20)
  out.writeUInt32BE(Math.floor(e.generation / U32), at + 24)
  out.writeUInt32BE(e.generation % U32, at + 28)
  if (isLive(e)) out.write(e.hash, at + 32, 'hex')
}

export class Manifest implements Iterable<[string, ManifestEntry]> {
  private readonly docs = new Map<string, ManifestEntry>()
  /** Chunk entries looked up in the section, or changed since it was read (`changed`). */
  private readonly chunks = new Map<string, ManifestEntry>()
  private section: string
  private sectionBytes: Buffer | null = null
  private changed = false
  /** Chunk entries came from a checkpoint's `docs` (written before the section existed). */
  readonly needsCompacting: boolean

  constructor(entries: Iterable<[string, ManifestEntry]> = [], chunkSection = '') {
    let legacy = false
    for (const [id, e] of entries) {
      if (isChunkId(id)) legacy = true
      this.set(id, e)
    }
    this.needsCompacting = legacy
    this.changed = legacy
    this.section = chunkSection
  }

  get(docId: string): ManifestEntry | undefined {
    if (!isChunkId(docId)) return this.docs.get(docId)
    const known = this.chunks.get(docId)
    if (known || this.section.length === 0) return known
    const found = this.find(docId)
    if (found) this.chunks.set(docId, found) // the same object each time it is asked for
    return found
  }

  set(docId: string, entry: ManifestEntry): void {
    if (!isChunkId(docId)) {
      this.docs.set(docId, entry)
      return
    }
    this.chunks.set(docId, entry)
    this.changed = true
  }

  /** Every entry, chunks included (reads the whole section out). */
  *[Symbol.iterator](): IterableIterator<[string, ManifestEntry]> {
    yield* this.docs
    yield* this.chunkEntries()
  }

  /** Every document's entry except the attachment chunks'. */
  documents(): IterableIterator<[string, ManifestEntry]> {
    return this.docs.entries()
  }

  /** Every attachment chunk's entry (reads the whole section out). */
  *chunkEntries(): IterableIterator<[string, ManifestEntry]> {
    const bytes = this.bytes()
    for (let at = 0; at < bytes.length; at += CHUNK_RECORD) {
      const [id, e] = readRecord(bytes, at)
      if (!this.chunks.has(id)) yield [id, e]
    }
    yield* this.chunks
  }

  /** Live documents written under an epoch before `current`: for epoch 0 there are none, and nothing is read. */
  staleIds(current: number): string[] {
    if (current === 0) return []
    const out: string[] = []
    for (const [id, e] of this.docs) if (isLive(e) && (e.epoch ?? 0) < current) out.push(id)
    const bytes = this.bytes()
    for (let at = 0; at < bytes.length; at += CHUNK_RECORD) {
      const epoch = bytes.readUInt32BE(at + 20)
      if (epoch === DELETED || epoch >= current) continue
      const [id] = readRecord(bytes, at)
      if (!this.chunks.has(id)) out.push(id)
    }
    for (const [id, e] of this.chunks) if (isLive(e) && (e.epoch ?? 0) < current) out.push(id)
    return out
  }

  /** What a checkpoint holds: the documents one by one, the chunks as the section (re-encoded only if changed). */
  checkpointForm(): { docs: Record<string, ManifestEntry>; chunks: string } {
    if (this.changed) {
      const records = [...this.chunkEntries()].map(([id, e]) => ({ key: chunkKey(id)!, e }))
      records.sort((a, b) => Buffer.compare(a.key, b.key))
      const out = Buffer.alloc(records.length * CHUNK_RECORD)
      records.forEach((r, i) => writeRecord(out, i * CHUNK_RECORD, r.key, r.e))
      this.sectionBytes = out
      this.section = out.toString('base64')
      this.changed = false
    }
    return { docs: Object.fromEntries(this.docs), chunks: this.section }
  }

  private bytes(): Buffer {
    this.sectionBytes ??= Buffer.from(this.section, 'base64')
    return this.sectionBytes
  }

  /** Binary search of the section (records sorted by name, then index). */
  private find(docId: string): ManifestEntry | undefined {
    const key = chunkKey(docId)
    if (!key) return undefined
    const bytes = this.bytes()
    let lo = 0
    let hi = bytes.length / CHUNK_RECORD - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const at = mid * CHUNK_RECORD
      const c = bytes.compare(key, 0, KEY_BYTES, at, at + KEY_BYTES)
      if (c === 0) return readRecord(bytes, at)[1]
      if (c < 0) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }
}

/**
 * Applies one event's document records. Returns a reason when the event is inconsistent with the manifest
 * (a generation that does not follow on, deleting a document that is not there); the manifest is then
 * left partly applied, which does not matter because the caller refuses the journal.
 */
export function applyDocs(manifest: Manifest, docs: DocumentChangeRecord[], epoch = 0): string | null {
  const seen = new Set<string>()
  for (const d of docs) {
    if (seen.has(d.id)) return `it changes the document “${d.id}” twice`
    seen.add(d.id)
    const prev = manifest.get(d.id)
    if ('deleted' in d) {
      if (!isLive(prev)) return `it deletes the document “${d.id}”, which is not there`
      manifest.set(d.id, { generation: prev.generation, deleted: true })
    } else {
      const expected = (prev?.generation ?? 0) + 1
      if (d.generation !== expected) return `it puts the document “${d.id}” at version ${d.generation}, expected ${expected}`
      manifest.set(d.id, epoch === 0 ? { generation: d.generation, hash: d.hash } : { generation: d.generation, hash: d.hash, epoch })
    }
  }
  return null
}
