/**
 * The quarter documents and their totals as stored (quarter-index.ts says what they hold): read on demand,
 * one quarter at a time, and kept in step with the year summaries by every commit that writes a summary.
 *
 * They are derived documents: a vault from before them has none, and a damaged one is never allowed to stop
 * a save — the commit then removes the totals, and the next quarterly figures rebuild everything from the
 * year summaries (CaseLog.quarterFacts).
 */
import { AppError } from '../../shared/errors'
import type { DocumentChange, Vault } from '../store'
import { QUARTER_TOTALS, quarterDocId, type QuarterDoc, type QuarterTotalsDoc, type SummaryDoc } from './documents'
import { currentFormat, readDocument } from './migrations'
import { applySummaryChange, quartersTouched, type QuarterKey } from './quarter-index'
import { readQuarterDoc } from './summary-form'

/** What one commit writes to the quarter documents; `drop` removes the totals (a damaged document was met). */
export type QuarterWrites = { totals: QuarterTotalsDoc; quarters: ReadonlyMap<QuarterKey, QuarterDoc | null>; replaceAll?: boolean } | { drop: true }

const recoverable = (error: unknown): boolean => error instanceof AppError && error.code !== 'vault-locked' && error.code !== 'document-too-new'

export class QuarterDocuments {
  /** undefined: not read yet; null: the vault has none. */
  private totalsDoc: QuarterTotalsDoc | null | undefined = undefined
  private readonly cache = new Map<QuarterKey, QuarterDoc | null>()
  /** Set by a whole build: the cache then holds every quarter there is, whatever else the vault holds. */
  private complete = false

  constructor(private readonly vault: Vault) {}

  /** The totals, or null when the vault has none. Throws an AppError when they cannot be read. */
  async totals(): Promise<QuarterTotalsDoc | null> {
    if (this.totalsDoc !== undefined) return this.totalsDoc
    // A few KB, kept parsed here; vouched for by its AEAD tag (bound to its id and generation), as the search index is.
    const stored = this.vault.has(QUARTER_TOTALS) ? await this.vault.load<unknown>(QUARTER_TOTALS, { cache: false, checksum: false }) : undefined
    this.totalsDoc = stored === undefined ? null : readDocument('quarterTotals', QUARTER_TOTALS, stored)
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
      return { totals, quarters: written }
    } catch (error) {
      if (!recoverable(error)) throw error
      return { drop: true }
    }
  }

  /** The vault's document changes for these writes. */
  documentChanges(writes: QuarterWrites | null): DocumentChange[] {
    if (!writes) return []
    if ('drop' in writes) return this.vault.has(QUARTER_TOTALS) ? [{ docId: QUARTER_TOTALS, delete: true }] : []
    const list: DocumentChange[] = [{ docId: QUARTER_TOTALS, data: { ...writes.totals, format: currentFormat('quarterTotals') } }]
    for (const [key, doc] of writes.quarters) {
      const docId = quarterDocId(key)
      if (doc) list.push({ docId, data: doc })
      else if (this.vault.has(docId)) list.push({ docId, delete: true })
    }
    if (writes.replaceAll)
      for (const id of this.vault.documentIds())
        if (id.startsWith('quarter.') && !writes.quarters.has(id.slice('quarter.'.length))) list.push({ docId: id, delete: true })
    return list
  }

  /** After a commit (or, in a read-only vault, a build kept for the session): what it wrote. */
  remember(writes: QuarterWrites | null): void {
    if (!writes) return
    if ('drop' in writes) return this.clear()
    if (writes.replaceAll) {
      this.cache.clear()
      this.complete = true
    }
    this.totalsDoc = writes.totals
    for (const [key, doc] of writes.quarters) this.cache.set(key, doc)
  }

  /** How many quarter documents (and totals) are held in memory. */
  held(): number {
    return [...this.cache.values()].filter((d) => d !== null).length + (this.totalsDoc ? 1 : 0)
  }

  clear(): void {
    this.totalsDoc = undefined
    this.cache.clear()
    this.complete = false
  }
}
