/**
 * The decrypted documents an unlocked vault keeps in memory, bounded by size: the least recently used go
 * first once their JSON passes `limitBytes`. Before this bound every document read or written in a session
 * stayed until the lock — a ten-year vault's search index build alone wrote ~100 MB of segments into it.
 *
 * Nothing is lost by dropping an entry: what is cached is a copy of a committed, durable generation file,
 * read again (and verified again) when next asked for. A commit's own documents are held by the commit
 * until it is durable and only then put here, so nothing pending is ever in this cache to be dropped.
 *
 * Sizes are counted as two bytes a JSON character. A document read from disk is ASCII (documents.ts) and
 * V8 holds it in one byte a character, but the JSON a commit made from text with a curly quote in it is
 * escaped to ASCII by String.replace, whose result V8 keeps in the two-byte form of what it replaced: a
 * heap snapshot after the ten-year search index build showed 48 MB of strings held here against a count
 * of 24 M characters. Counting two bytes holds the bound either way.
 */

export interface CachedDocument {
  generation: number
  json: string
}

/**
 * 8 MiB. What is read most is held above this cache as well (the case log's open disputes, the search
 * index's parsed segments), so this mostly saves a second read of what was just written or read.
 */
export const DOCUMENT_CACHE_BYTES = 8 * 1024 * 1024

/** What an entry counts against the bound (see above). */
const cost = (doc: CachedDocument): number => 2 * doc.json.length

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
    if (cost(doc) > this.limitBytes) return
    this.entries.set(docId, doc)
    this.bytes += cost(doc)
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.limitBytes) break
      this.entries.delete(oldest)
      this.bytes -= cost(old)
    }
  }

  delete(docId: string): void {
    const old = this.entries.get(docId)
    if (!old) return
    this.entries.delete(docId)
    this.bytes -= cost(old)
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  get size(): number {
    return this.entries.size
  }

  /** Bytes held, as counted against the bound (two a JSON character). */
  get heldBytes(): number {
    return this.bytes
  }
}
