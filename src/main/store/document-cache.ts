/**
 * The decrypted documents an unlocked vault keeps in memory, bounded by size: the least recently used go
 * first once their JSON passes `limitBytes`. Before this bound every document read or written in a session
 * stayed until the lock — a ten-year vault's search index build alone wrote ~100 MB of segments into it.
 *
 * Nothing is lost by dropping an entry: what is cached is a copy of a committed, durable generation file,
 * read again (and verified again) when next asked for. A commit's own documents are held by the commit
 * until it is durable and only then put here, so nothing pending is ever in this cache to be dropped.
 *
 * Sizes are counted in JSON characters: the store writes documents as ASCII JSON (documents.ts), so a
 * character is a byte in V8's one-byte strings; a document written before that with text beyond ASCII
 * may take twice its count.
 */

export interface CachedDocument {
  generation: number
  json: string
}

/** 24 MiB: the open disputes of a busy vault (~3 MiB at ten years) many times over, with room for what a session reads. */
export const DOCUMENT_CACHE_BYTES = 24 * 1024 * 1024

export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>()
  private bytes = 0

  constructor(readonly limitBytes: number = DOCUMENT_CACHE_BYTES) {}

  /** The cached generation, now the most recently used. */
  get(docId: string): CachedDocument | undefined {
    const hit = this.entries.get(docId)
    if (hit) {
      this.entries.delete(docId)
      this.entries.set(docId, hit)
    }
    return hit
  }

  /** Keeps it as the most recently used and drops the least recently used until within the bound. */
  set(docId: string, doc: CachedDocument): void {
    this.delete(docId)
    // One document larger than the whole bound is read from disk each time rather than emptying the cache.
    if (doc.json.length > this.limitBytes) return
    this.entries.set(docId, doc)
    this.bytes += doc.json.length
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.limitBytes) break
      this.entries.delete(oldest)
      this.bytes -= old.json.length
    }
  }

  delete(docId: string): void {
    const old = this.entries.get(docId)
    if (!old) return
    this.entries.delete(docId)
    this.bytes -= old.json.length
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  get size(): number {
    return this.entries.size
  }

  /** JSON characters held (see above: about bytes). */
  get heldBytes(): number {
    return this.bytes
  }
}
