/**
 * The background build of the search index (for a vault from before it, or one whose index is missing or
 * damaged): every year marked to be built, newest first, a batch of disputes per commit, under the same
 * lock as every term-list change, so a save made meanwhile is never lost from the index (search-store.ts).
 */
import type { DisputeDoc } from '../caselog'
import { searchSegmentDocId, searchTermsDocId } from '../caselog'
import type { DocumentChange } from '../store'
import { SegmentReader, TermsReader, TermsWriter } from '../domain/search-segments'
import { disputeSegment } from './search-documents'
import type { IndexDocuments } from '../caselog'
import { heavyWork } from '../heap'

type YearState = { state: 'ready'; reader: TermsReader; writer: TermsWriter | null } | { state: 'build'; writer: TermsWriter | null }

/** What the build needs of the store (search-store.ts), which owns the lock, the years and the caches. */
export interface BuildHost {
  readonly docs: IndexDocuments
  readonly years: Map<string, YearState>
  readonly disposed: boolean
  exclusive<T>(task: () => Promise<T>): Promise<T>
  disputesByYear(): Map<string, string[]>
  segments(disputeIds: string[]): Promise<Map<string, SegmentReader>>
  hasSegment(disputeId: string): boolean
  keepBuilt(id: string, reader: SegmentReader, builtHere: boolean): void
}

/** Disputes indexed per commit of a build: small, so a save waiting for the lock waits little. */
const BUILD_BATCH = 50
const SEGMENT_FORMAT = 2

export class IndexBuilder {
  private building: Promise<void> | null = null
  /** Disputes indexed by the running build so far, and how many it has to do. */
  readonly progress = { done: 0, total: 0 }

  constructor(private readonly store: BuildHost) {}

  start(): Promise<void> {
    if (this.store.disposed) return Promise.resolve()
    // A build that fails (the vault locked under it, a full disk) leaves its years marked: the next
    // search starts it again.
    // It holds a year's documents and segments at a time: the heap's heavy-work setting (heap.ts).
    this.building ??= heavyWork(() => this.build(), { collectFirst: true })
      .catch(() => undefined)
      .finally(() => {
        this.building = null
      })
    return this.building
  }

  whenDone(): Promise<void> {
    return this.building ?? Promise.resolve()
  }

  get running(): boolean {
    return this.building !== null
  }

  private async build(): Promise<void> {
    const store = this.store
    for (;;) {
      const byYear = store.disputesByYear()
      const todo = [...store.years].filter(([, y]) => y.state === 'build').map(([year]) => year).sort().reverse()
      if (todo.length === 0 || store.disposed) return
      this.progress.done = 0
      this.progress.total = todo.reduce((n, year) => n + (byYear.get(year)?.length ?? 0), 0)
      // Sorted, as the slots have always been given (disputesByYear lists them in no particular order).
      for (const year of todo) await this.buildYear(year, [...(byYear.get(year) ?? [])].sort())
    }
  }

  private async buildYear(year: string, ids: string[]): Promise<void> {
    const store = this.store
    const y = store.years.get(year)
    if (!y || y.state !== 'build') return
    const writer = new TermsWriter(null)
    y.writer = writer
    for (let i = 0; i < ids.length && !store.disposed; i += BUILD_BATCH) {
      const batch = ids.slice(i, i + BUILD_BATCH)
      await store.exclusive(() => this.buildBatch(year, batch, writer))
      this.progress.done += batch.length
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    if (store.disposed) return
    await store.exclusive(async () => {
      const data = writer.data()
      if (store.docs.readOnly === null)
        await store.docs.commit(
          { action: 'search-index-built', summary: `The search index of ${year} was built (${writer.listed().length} disputes)` },
          [{ docId: searchTermsDocId(year), data: { format: 1, ...data } }],
        )
      store.years.set(year, { state: 'ready', reader: new TermsReader(data), writer })
    })
  }

  /**
   * Indexes a batch: a dispute a save has already indexed during the build is skipped; a segment already
   * in the vault (from a save, or a build cut off by a lock) is reused; the rest are built from their
   * dispute documents and committed together.
   */
  private async buildBatch(year: string, batch: string[], writer: TermsWriter): Promise<void> {
    const store = this.store
    if (store.disposed) return
    const todo = batch.filter((id) => !writer.has(id))
    const existing = await store.segments(todo.filter((id) => store.hasSegment(id)))
    // segments() marks a damaged segment's year to be built: this year already is.
    store.years.set(year, { state: 'build', writer })
    const missing = todo.filter((id) => !existing.has(id))
    const docs: Map<string, DisputeDoc> = missing.length ? await store.docs.disputes(missing.map((id) => `dispute.${id}`)) : new Map()
    const changes: DocumentChange[] = []
    const built = new Map<string, SegmentReader>()
    for (const id of missing) {
      const doc = docs.get(`dispute.${id}`)
      if (!doc) continue // unreadable: listed in problems, and not searchable until it can be read
      const data = disputeSegment(doc)
      built.set(id, new SegmentReader(data))
      changes.push({ docId: searchSegmentDocId(id), data: { format: SEGMENT_FORMAT, ...data } })
    }
    if (changes.length && store.docs.readOnly === null)
      await store.docs.commit(
        { action: 'search-index-built', summary: `${changes.length} disputes of ${year} were added to the search index` },
        changes,
      )
    for (const [id, reader] of [...existing, ...built]) {
      store.keepBuilt(id, reader, built.has(id))
      writer.replace(id, null, { docs: reader.size, counts: reader.counts() })
    }
  }
}
