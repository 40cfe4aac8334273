/**
 * The dispute documents the case log keeps in memory. The open disputes are always kept (the dashboard,
 * the reminders and every save work from them, and they are loaded at unlock); any other dispute read in a
 * session — a closed one opened from the archive, a child's disputes — is kept while it is among the most
 * recently used up to `limitBytes` of JSON, then dropped and read again from the vault when next asked for.
 * Before this bound each one stayed until the lock, so a session that looked through the archive held every
 * dispute it had shown, records and all.
 *
 * What is kept is always a committed document: the case log puts a document here only after its commit
 * succeeded, so a dropped one is read back exactly as it was. A save works from the document it was given,
 * never from this cache after an await.
 */
import type { DisputeDoc } from './documents'

/** 8 MiB of JSON: a few hundred typical closed disputes (~30 KB each), or thirty of the largest (~270 KB). */
export const CLOSED_DISPUTES_BYTES = 8 * 1024 * 1024

interface Entry {
  doc: DisputeDoc
  /** JSON characters, measured the first time it counts against the bound (an open one never does). */
  bytes: number | null
}

export class DisputeCache {
  private readonly entries = new Map<string, Entry>()

  /** `isOpen(id)`: kept whatever its size (the index's open disputes). */
  constructor(
    private readonly isOpen: (disputeId: string) => boolean,
    readonly limitBytes: number = CLOSED_DISPUTES_BYTES,
  ) {}

  get(disputeId: string): DisputeDoc | undefined {
    const hit = this.entries.get(disputeId)
    if (!hit) return undefined
    this.entries.delete(disputeId)
    this.entries.set(disputeId, hit)
    return hit.doc
  }

  has(disputeId: string): boolean {
    return this.entries.has(disputeId)
  }

  set(disputeId: string, doc: DisputeDoc): void {
    this.entries.delete(disputeId)
    this.entries.set(disputeId, { doc, bytes: null })
    this.trim()
  }

  delete(disputeId: string): void {
    this.entries.delete(disputeId)
  }

  /**
   * Drops the least recently used disputes that are not open until the rest are within the bound. Called
   * after each change and after the index changes (a dispute closing starts to count against it).
   */
  trim(): void {
    let held = 0
    const closed: [string, Entry][] = []
    for (const item of this.entries) {
      if (this.isOpen(item[0])) continue
      item[1].bytes ??= JSON.stringify(item[1].doc).length
      held += item[1].bytes
      closed.push(item)
    }
    for (const [id, entry] of closed) {
      if (held <= this.limitBytes) break
      this.entries.delete(id)
      held -= entry.bytes!
    }
  }

  values(): IterableIterator<DisputeDoc> {
    return Array.from(this.entries.values(), (e) => e.doc).values()
  }

  get size(): number {
    return this.entries.size
  }

  /** JSON characters of the disputes that count against the bound (those not open). */
  closedBytes(): number {
    let held = 0
    for (const [id, e] of this.entries) if (!this.isOpen(id)) held += e.bytes ?? JSON.stringify(e.doc).length
    return held
  }

  clear(): void {
    this.entries.clear()
  }
}
