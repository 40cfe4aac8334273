/**
 * The quarter documents, their figures and their totals as stored (quarter-index.ts says what they hold):
 * read on demand, one quarter at a time, and kept in step with the year summaries by every commit that
 * writes a summary (a quarter's figures with its document).
 *
 * They are derived documents: a vault from before them has none, and a damaged one is never allowed to stop
 * a save — the commit then removes the totals, and the next quarterly figures rebuild everything from the
 * year summaries (CaseLog.quarterFacts).
 */
import { AppError } from '../../shared/errors'
import type { DocumentChange, Vault } from '../store'
import { QUARTER_TOTALS, quarterDocId, quarterFiguresDocId, type QuarterDoc, type QuarterFiguresDoc, type QuarterTotalsDoc, type SummaryDoc } from './documents'
import { readQuarterFiguresDoc, readQuarterTotalsDoc } from './figures-form'
import { currentFormat } from './migrations'
import { applySummaryChange, quarterFiguresOf, quartersTouched, type QuarterKey } from './quarter-index'
import { readQuarterDoc } from './summary-form'

/**
 * What one commit writes to the quarter documents: the totals, the quarters changed and their figures
 * (`replaceAll`: a build, every other quarter's documents removed); or the figures of every quarter alone
 * (`figuresBuilt`, for a vault from before them, every other quarter's figures removed); or `drop`, which
 * removes the totals (a damaged document was met).
 */
export type QuarterWrites =
  | { totals: QuarterTotalsDoc; quarters: ReadonlyMap<QuarterKey, QuarterDoc | null>; figures: ReadonlyMap<QuarterKey, QuarterFiguresDoc | null>; replaceAll?: boolean }
  | { figuresBuilt: ReadonlyMap<QuarterKey, QuarterFiguresDoc> }
  | { drop: true }

/** A quarter's figures as `figures` finds them: stored, none (nothing counts in the quarter), or not built yet. */
export type StoredFigures = QuarterFiguresDoc | null | 'not-built'

/** The figures of each quarter these documents give (null: the quarter is now empty). */
export function figuresOfQuarters(quarters: ReadonlyMap<QuarterKey, QuarterDoc | null>): Map<QuarterKey, QuarterFiguresDoc | null> {
  return new Map([...quarters].map(([key, doc]) => [key, doc ? quarterFiguresOf(key, doc) : null]))
}

const recoverable = (error: unknown): boolean => error instanceof AppError && error.code !== 'vault-locked' && error.code !== 'document-too-new'

export class QuarterDocuments {
  /** undefined: not read yet; null: the vault has none. */
  private totalsDoc: QuarterTotalsDoc | null | undefined = undefined
  private readonly cache = new Map<QuarterKey, QuarterDoc | null>()
  private readonly figuresCache = new Map<QuarterKey, QuarterFiguresDoc | null>()
  /** Set by a whole build: the cache then holds every quarter there is, whatever else the vault holds. */
  private complete = false
  /** Set by a whole build, or a build of the figures: the figures cache holds every quarter's. */
  private figuresComplete = false

  constructor(private readonly vault: Vault) {}

  /** The totals, or null when the vault has none. Throws an AppError when they cannot be read. */
  async totals(): Promise<QuarterTotalsDoc | null> {
    if (this.totalsDoc !== undefined) return this.totalsDoc
    // A few KB, kept parsed here; vouched for by its AEAD tag (bound to its id and generation), as the search index is.
    const stored = this.vault.has(QUARTER_TOTALS) ? await this.vault.load<unknown>(QUARTER_TOTALS, { cache: false, checksum: false }) : undefined
    this.totalsDoc = stored === undefined ? null : readQuarterTotalsDoc(QUARTER_TOTALS, stored)
    return this.totalsDoc
  }

  /** One quarter's document, or undefined when nothing counts in that quarter. Throws an AppError when it cannot be read. */
  async quarter(key: QuarterKey): Promise<QuarterDoc | undefined> {
    if (!this.cache.has(key) && !this.complete) {
      const docId = quarterDocId(key)
      const stored = this.vault.has(docId) ? await this.vault.load<unknown>(docId, { cache: false, checksum: false }) : undefined
      this.cache.set(key, stored === undefined ? null : readQuarterDoc(docId, stored))
    }
    return this.cache.get(key) ?? undefined
  }

  /**
   * One quarter's figures (a few KB, read instead of its document); 'not-built' when the quarter has a
   * document but no figures (a vault from before them). Throws an AppError when they cannot be read.
   */
  async figures(key: QuarterKey): Promise<StoredFigures> {
    if (!this.figuresCache.has(key) && !this.figuresComplete) {
      const docId = quarterFiguresDocId(key)
      if (!this.vault.has(docId)) return this.vault.has(quarterDocId(key)) ? 'not-built' : null
      // Vouched for by its AEAD tag (bound to its id and generation), as the quarter's document is.
      const stored = await this.vault.load<unknown>(docId, { cache: false, checksum: false })
      this.figuresCache.set(key, stored === undefined ? null : readQuarterFiguresDoc(docId, stored))
    }
    return this.figuresCache.get(key) ?? null
  }

  /**
   * Every quarter's figures, from the stored quarter documents (one at a time, none kept): the build for a
   * vault from before the figures. Throws an AppError when a document cannot be read.
   */
  async buildFigures(): Promise<Map<QuarterKey, QuarterFiguresDoc>> {
    const out = new Map<QuarterKey, QuarterFiguresDoc>()
    for (const id of this.vault.documentIds()) {
      if (!id.startsWith('quarter.')) continue
      const key = id.slice('quarter.'.length)
      const cached = this.cache.get(key)
      const stored = cached === undefined ? await this.vault.load<unknown>(id, { cache: false, checksum: false }) : undefined
      const doc = cached ?? (stored === undefined ? null : readQuarterDoc(id, stored))
      if (doc) out.set(key, quarterFiguresOf(key, doc))
    }
    return out
  }

  /**
   * What a commit writing these year summaries writes to the quarter documents: nothing while the vault has
   * none (they are built on first use), else each changed dispute moved between quarters. `before` gives a
   * year's summary as stored before the commit.
   */
  async writesFor(summaries: ReadonlyMap<string, SummaryDoc>, before: (year: string) => Promise<SummaryDoc>): Promise<QuarterWrites | null> {
    try {
      let totals = await this.totals()
      if (!totals) return null
      const written = new Map<QuarterKey, QuarterDoc | null>()
      for (const [year, after] of summaries) {
        // A year the documents do not yet reflect is added whole.
        const prior = totals.years.includes(year) ? await before(year) : null
        const current = new Map<QuarterKey, QuarterDoc>()
        for (const key of quartersTouched(prior, after)) {
          const doc = written.has(key) ? written.get(key) : await this.quarter(key)
          if (doc) current.set(key, doc)
        }
        const applied = applySummaryChange(year, prior, after, current, totals)
        totals = applied.totals
        for (const [key, doc] of applied.quarters) written.set(key, doc)
      }
      return { totals, quarters: written, figures: figuresOfQuarters(written) }
    } catch (error) {
      if (!recoverable(error)) throw error
      return { drop: true }
    }
  }

  /** The vault's document changes for these writes. */
  documentChanges(writes: QuarterWrites | null): DocumentChange[] {
    if (!writes) return []
    if ('drop' in writes) return this.vault.has(QUARTER_TOTALS) ? [{ docId: QUARTER_TOTALS, delete: true }] : []
    const list: DocumentChange[] = []
    const put = (docId: string, doc: object | null) => {
      if (doc) list.push({ docId, data: doc })
      else if (this.vault.has(docId)) list.push({ docId, delete: true })
    }
    const removeOthers = (prefix: string, kept: ReadonlyMap<QuarterKey, unknown>) => {
      for (const id of this.vault.documentIds()) if (id.startsWith(prefix) && !kept.has(id.slice(prefix.length))) list.push({ docId: id, delete: true })
    }
    if ('figuresBuilt' in writes) {
      for (const [key, figures] of writes.figuresBuilt) put(quarterFiguresDocId(key), figures)
      removeOthers('quarter-figures.', writes.figuresBuilt)
      return list
    }
    list.push({ docId: QUARTER_TOTALS, data: { ...writes.totals, format: currentFormat('quarterTotals') } })
    for (const [key, doc] of writes.quarters) put(quarterDocId(key), doc)
    for (const [key, figures] of writes.figures) put(quarterFiguresDocId(key), figures)
    if (writes.replaceAll) {
      removeOthers('quarter.', writes.quarters)
      removeOthers('quarter-figures.', writes.figures)
    }
    return list
  }

  /** After a commit (or, in a read-only vault, a build kept for the session): what it wrote. */
  remember(writes: QuarterWrites | null): void {
    if (!writes) return
    if ('drop' in writes) return this.clear()
    if ('figuresBuilt' in writes) {
      this.figuresCache.clear()
      this.figuresComplete = true
      for (const [key, figures] of writes.figuresBuilt) this.figuresCache.set(key, figures)
      return
    }
    if (writes.replaceAll) {
      this.cache.clear()
      this.complete = true
      this.figuresCache.clear()
      this.figuresComplete = true
    }
    this.totalsDoc = writes.totals
    for (const [key, doc] of writes.quarters) this.cache.set(key, doc)
    for (const [key, figures] of writes.figures) this.figuresCache.set(key, figures)
  }

  /** How many quarter documents (and totals) are held in memory. */
  held(): number {
    return [...this.cache.values(), ...this.figuresCache.values()].filter((d) => d !== null).length + (this.totalsDoc ? 1 : 0)
  }

  clear(): void {
    this.totalsDoc = undefined
    this.cache.clear()
    this.complete = false
    this.figuresCache.clear()
    this.figuresComplete = false
  }
}
