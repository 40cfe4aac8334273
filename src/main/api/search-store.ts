/**
 * The write side of the persistent search index: which years' term lists are in memory and usable, the
 * segments each save writes (committed with the save, through the case log's derived writes), and the
 * background build of what is missing or damaged. Every change of a term list happens under one lock, so
 * a save that arrives while a build is running is never lost from the index: either the build has
 * indexed that dispute (and the save replaces its segment), or the save indexes it and the build skips it.
 *
 * The query side is search-service.ts.
 */
import type { IndexDocuments, PendingSave, PreparedDerivation, SearchTermsDoc } from '../caselog'
import { searchSegmentDocId, searchTermsDocId } from '../caselog'
import type { DocumentChange } from '../store'
import { SegmentReader, TermsReader, TermsWriter, type SegmentData } from '../domain/search-segments'
import { childrenSegment, directorySegment, disputeSegment } from './search-documents'
import { IndexBuilder } from './search-build'

/** The formats this version writes (caselog/documents.ts). */
const SEGMENT_FORMAT = 2
/** Parsed segments kept for the next queries (a few megabytes at most). */
const SEGMENT_CACHE = 512

export const yearOf = (disputeId: string): string => disputeId.slice(0, 4)

export type YearState =
  | { state: 'ready'; reader: TermsReader; writer: TermsWriter | null }
  /** Missing, damaged or not matching the year's disputes: to be built (or being built, into `writer`). */
  | { state: 'build'; writer: TermsWriter | null }

export class SearchStore {
  readonly years = new Map<string, YearState>()
  private readonly cache = new Map<string, SegmentReader>()
  /** Segments built while the vault cannot be written to: kept in memory for the session instead. */
  private readonly transient = new Map<string, SegmentReader>()
  /** The children's and the directory's segments (search.children, search.directory), once read. */
  private extraSegments: { children: SegmentReader; directory: SegmentReader } | null = null
  /** Extra segments whose hits or texts were found not in form this session: built again when next read. */
  private readonly refusedExtras = new Set<string>()
  /** Dispute segments found not in form likewise: treated as absent until built again. */
  private readonly refused = new Set<string>()
  private queue: Promise<unknown> = Promise.resolve()
  private readonly builder: IndexBuilder = new IndexBuilder(this)
  private disposedFlag = false
  private listed: Map<string, string[]> | null = null

  constructor(readonly docs: IndexDocuments) {}

  get disposed(): boolean {
    return this.disposedFlag
  }

  /** Runs `task` under the lock every term-list change takes. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * Dispute ids in the vault, by year, in no particular order (the build sorts a year's before giving them
   * slots): listed once and kept until a save adds or removes a dispute (every such change comes through
   * prepare), so a query does not list the vault's whole manifest each time.
   */
  disputesByYear(): Map<string, string[]> {
    if (this.listed) return this.listed
    const out = new Map<string, string[]>()
    for (const docId of this.docs.disputeDocIds()) {
      const id = docId.slice('dispute.'.length)
      const list = out.get(yearOf(id))
      if (list) list.push(id)
      else out.set(yearOf(id), [id])
    }
    this.listed = out
    return out
  }

  /**
   * Brings every year's term list into memory, or marks it to be built: absent, damaged, or not listing
   * exactly the year's disputes (each with its segment) — a build cut off by a lock leaves such a list.
   */
  async loadYears(): Promise<void> {
    const unknown = [...this.disputesByYear()].filter(([year]) => !this.years.has(year))
    if (unknown.length === 0 || this.disposed) return
    // One batch for every year's term list: the first search pays one read, not one per year.
    const stored = await this.docs.termsMany(unknown.map(([year]) => searchTermsDocId(year)))
    for (const [year, ids] of unknown)
      if (!this.years.has(year) && !this.disposed) this.years.set(year, await this.readYear(year, ids, stored.get(searchTermsDocId(year)) ?? null))
  }

  /**
   * The children's and the directory's segments: read from the vault, or (missing or damaged) built from
   * their documents — written back when the vault can be written to.
   */
  async extras(): Promise<SegmentReader[]> {
    if (!this.extraSegments) {
      const ids = [searchSegmentDocId('children'), searchSegmentDocId('directory')]
      const { read } = await this.docs.segments(ids.filter((id) => this.docs.has(id)))
      const readerOf = (id: string) => {
        const doc = this.refusedExtras.has(id) ? undefined : read.get(id)
        try {
          return doc ? new SegmentReader(doc) : null
        } catch {
          return null
        }
      }
      let children = readerOf(ids[0])
      let directory = readerOf(ids[1])
      if (!children || !directory) {
        await this.exclusive(async () => {
          const changes: DocumentChange[] = []
          if (!children) {
            const data = childrenSegment(await this.docs.children())
            children = new SegmentReader(data)
            changes.push({ docId: ids[0], data: { format: SEGMENT_FORMAT, ...data } })
          }
          if (!directory) {
            const data = directorySegment(await this.docs.directory())
            directory = new SegmentReader(data)
            changes.push({ docId: ids[1], data: { format: SEGMENT_FORMAT, ...data } })
          }
          for (const id of ids) this.refusedExtras.delete(id)
          if (this.docs.readOnly === null && !this.disposed)
            await this.docs.commit({ action: 'search-index-built', summary: 'The search index of children and the directory was built' }, changes)
        })
      }
      if (this.disposed) return []
      this.extraSegments = { children: children!, directory: directory! }
    }
    return [this.extraSegments.children, this.extraSegments.directory]
  }

  private async readYear(year: string, ids: string[], preloaded?: SearchTermsDoc | null): Promise<YearState> {
    try {
      const stored = preloaded !== undefined ? (preloaded ?? undefined) : await this.docs.terms(searchTermsDocId(year))
      // A year with no dispute yet (its first is being saved) starts with an empty term list.
      if (!stored && ids.length === 0) {
        const writer = new TermsWriter(null)
        return { state: 'ready', reader: new TermsReader(writer.data()), writer }
      }
      if (stored) {
        const reader = new TermsReader(stored)
        const listed = stored.disputes.filter((id) => id !== '')
        const present = new Set(ids)
        if (listed.length === ids.length && listed.every((id) => present.has(id) && this.hasSegment(id)))
          return { state: 'ready', reader, writer: null }
      }
    } catch (error) {
      if (this.disposed) throw error
      // Damaged (the vault lists it in problems, by name): rebuilt rather than trusted.
    }
    return { state: 'build', writer: null }
  }

  hasSegment(disputeId: string): boolean {
    if (this.refused.size > 0 && this.refused.has(disputeId)) return false
    return this.docs.has(searchSegmentDocId(disputeId)) || this.transient.has(disputeId)
  }

  needsBuild(): boolean {
    for (const y of this.years.values()) if (y.state === 'build') return true
    return false
  }

  /** Parsed segments for these disputes (from memory where it can); damaged ones mark their year to be built. */
  async segments(disputeIds: string[]): Promise<Map<string, SegmentReader>> {
    const out = new Map<string, SegmentReader>()
    const wanted: string[] = []
    for (const id of disputeIds) {
      const hit = this.cache.get(id) ?? this.transient.get(id)
      if (hit) {
        this.cache.delete(id)
        this.cache.set(id, hit)
        out.set(id, hit)
      } else if (!this.refused.has(id)) wanted.push(id)
    }
    if (wanted.length === 0) return out
    const { read, damaged } = await this.docs.segments(wanted.map(searchSegmentDocId))
    for (const [docId, doc] of read) {
      const id = docId.slice('search.'.length)
      try {
        const reader = new SegmentReader(doc)
        this.remember(id, reader)
        out.set(id, reader)
      } catch {
        damaged.push(docId)
      }
    }
    for (const docId of damaged) this.markForBuild(yearOf(docId.slice('search.'.length)))
    return out
  }

  /**
   * A segment whose hits or texts turned out not to be in form when a result from it was to be shown
   * (readSegmentText reads them only then): forgotten, and built again — its year's, or the children's or
   * directory's segment at the next query.
   */
  refuse(source: { disputeId: string } | { extra: 'children' | 'directory' }): void {
    if ('extra' in source) {
      this.refusedExtras.add(searchSegmentDocId(source.extra))
      this.extraSegments = null
      return
    }
    this.cache.delete(source.disputeId)
    this.transient.delete(source.disputeId)
    this.refused.add(source.disputeId)
    this.markForBuild(yearOf(source.disputeId))
  }

  remember(id: string, reader: SegmentReader): void {
    this.refused.delete(id)
    this.cache.delete(id)
    this.cache.set(id, reader)
    if (this.cache.size > SEGMENT_CACHE) this.cache.delete(this.cache.keys().next().value!)
  }

  private markForBuild(year: string): void {
    const y = this.years.get(year)
    if (y?.state !== 'build') this.years.set(year, { state: 'build', writer: null })
    this.startBuild()
  }

  // ── with each save ──────────────────────────────────────────────────────────────────────────

  /** The segments and term lists a save changes (DerivedWrites.prepare): holds the lock until settled. */
  prepare(save: PendingSave): Promise<PreparedDerivation | null> {
    if (save.disputes.length === 0 && save.removedDisputeIds.length === 0 && !save.children && !save.directory) return Promise.resolve(null)
    return new Promise((resolveOuter, rejectOuter) => {
      void this.exclusive(
        () =>
          new Promise<void>((release) => {
            this.derive(save).catch((error: unknown) => this.fallback(save, error)).then(
              (prepared) =>
                resolveOuter({
                  changes: prepared.changes,
                  settle: (committed) => {
                    this.listed = null
                    if (committed) prepared.adopt()
                    else this.forget(prepared.years)
                    release()
                  },
                }),
              (error: unknown) => {
                release()
                rejectOuter(error)
              },
            )
          }),
      )
    })
  }

  /**
   * The index could not follow a save (a segment unreadable mid-save, say): the save must still go
   * through. Its disputes' segments are removed in the same commit, so no stale segment is ever trusted,
   * and their years are built again.
   */
  private fallback(save: PendingSave, _error: unknown): { changes: DocumentChange[]; adopt: () => void; years: Set<string> } {
    const ids = [...save.disputes.map((d) => d.dispute.id), ...save.removedDisputeIds]
    const years = new Set(ids.map(yearOf))
    return {
      changes: ids.filter((id) => this.docs.has(searchSegmentDocId(id))).map((id) => ({ docId: searchSegmentDocId(id), delete: true as const })),
      years,
      adopt: () => {
        for (const id of ids) this.cache.delete(id)
        for (const year of years) this.markForBuild(year)
      },
    }
  }

  private async derive(save: PendingSave): Promise<{ changes: DocumentChange[]; adopt: () => void; years: Set<string> }> {
    const changes: DocumentChange[] = []
    const segments = new Map<string, SegmentReader | null>()
    const touched = new Set<string>()
    const apply = async (id: string, after: SegmentData | null): Promise<void> => {
      const year = yearOf(id)
      let y = this.years.get(year)
      if (!y) {
        y = await this.readYear(year, this.disputesByYear().get(year) ?? [])
        this.years.set(year, y)
      }
      const reader = after ? new SegmentReader(after) : null
      segments.set(id, reader)
      if (after) changes.push({ docId: searchSegmentDocId(id), data: { format: SEGMENT_FORMAT, ...after } })
      else if (this.docs.has(searchSegmentDocId(id))) changes.push({ docId: searchSegmentDocId(id), delete: true })
      if (y.state === 'build' && !y.writer) return // the build will index it from its document
      const writer = (y.writer ??= new TermsWriter(y.state === 'ready' ? y.reader.data : null))
      const previous = writer.has(id) ? (await this.segments([id])).get(id) : undefined
      const before = previous ? { docs: previous.size, counts: previous.counts() } : null
      const next = reader ? { docs: reader.size, counts: reader.counts() } : null
      if (writer.replace(id, before, next) && y.state === 'ready') touched.add(year)
    }
    for (const doc of save.disputes) await apply(doc.dispute.id, disputeSegment(doc))
    for (const id of save.removedDisputeIds) await apply(id, null)
    const extras: { children?: SegmentReader; directory?: SegmentReader } = {}
    for (const [name, data] of [
      ['children', save.children ? childrenSegment(save.children) : null],
      ['directory', save.directory ? directorySegment(save.directory) : null],
    ] as const) {
      if (!data) continue
      extras[name] = new SegmentReader(data)
      changes.push({ docId: searchSegmentDocId(name), data: { format: SEGMENT_FORMAT, ...data } })
    }
    const terms = new Map<string, TermsReader>()
    for (const year of touched) {
      const y = this.years.get(year)!
      const data = y.writer!.data()
      terms.set(year, new TermsReader(data))
      changes.push({ docId: searchTermsDocId(year), data: { format: 1, ...data } })
    }
    return {
      changes,
      years: new Set([...save.disputes.map((d) => yearOf(d.dispute.id)), ...save.removedDisputeIds.map(yearOf)]),
      adopt: () => {
        if (this.extraSegments || (extras.children && extras.directory))
          this.extraSegments = { children: extras.children ?? this.extraSegments!.children, directory: extras.directory ?? this.extraSegments!.directory }
        else if (extras.children || extras.directory) this.extraSegments = null
        for (const [id, reader] of segments) {
          this.cache.delete(id)
          if (reader) this.remember(id, reader)
        }
        for (const [year, reader] of terms) {
          const y = this.years.get(year)
          if (y?.state === 'ready') this.years.set(year, { state: 'ready', reader, writer: y.writer })
        }
      },
    }
  }

  /** After a failed commit: what memory holds of these years may be ahead of the vault; read them again. */
  private forget(years: Set<string>): void {
    for (const year of years) {
      const y = this.years.get(year)
      if (y?.state === 'ready') this.years.delete(year)
    }
    this.cache.clear()
    this.extraSegments = null
  }

  // ── the background build (search-build.ts) ────────────────────────────────────────────────

  /** Builds every year marked, newest first (recent records are searched for most); once at a time. */
  startBuild(): Promise<void> {
    return this.builder.start()
  }

  whenBuilt(): Promise<void> {
    return this.builder.whenDone()
  }

  get isBuilding(): boolean {
    return this.builder.running
  }

  /** Disputes indexed by the running build so far, and how many it has to do. */
  get progress(): { done: number; total: number } {
    return this.builder.progress
  }

  /**
   * A segment the build made or reused. One it made while the vault cannot be written to is kept for the
   * session instead; one it made and wrote is not kept in memory — parsed, with every hit and text as
   * objects, it is several times its stored size, and a build of ten years would leave 512 of them held (the
   * heap's largest part after it): a query reads it from the vault when it needs it. One it reused was read
   * as any query reads it, and is kept as such.
   */
  keepBuilt(id: string, reader: SegmentReader, builtHere: boolean): void {
    if (!builtHere) this.remember(id, reader)
    else if (this.docs.readOnly !== null) {
      this.refused.delete(id)
      this.transient.set(id, reader)
    } else {
      this.refused.delete(id)
      this.cache.delete(id)
    }
  }

  held(): number {
    return this.years.size + this.cache.size + this.transient.size + (this.extraSegments ? 2 : 0)
  }

  dispose(): void {
    this.disposedFlag = true
    this.years.clear()
    this.cache.clear()
    this.transient.clear()
    this.refused.clear()
    this.refusedExtras.clear()
    this.extraSegments = null
  }
}
