/**
 * The year summaries (documents.ts, `summary.<year>`): each year's quarterly facts, read from the vault,
 * or — in a vault from before summaries, or a year not yet summarised — built once from what they
 * summarise: the year's archive and its open disputes. The case log changes them only inside its own
 * commits (changes.ts) and tells this cache afterwards.
 */
import type { Vault } from '../store'
import { quarterlyChildFactsOf, type QuarterlyChild, type QuarterlyDispute } from '../domain/quarterly-facts'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import { emptySummary, summaryWithDispute } from './changes'
import { archiveDocId, summaryDocId, type ArchiveDoc, type SummaryDoc } from './documents'
import { readDocument } from './migrations'
import { readSummaryDoc } from './summary-form'

export interface SummarySources {
  /** The year's open disputes, as loaded at unlock. */
  openOfYear(year: string): Dispute[]
  /** The year's archive as cached by the case log, if it is. */
  cachedArchive(year: string): ArchiveDoc | undefined
  children(): Promise<Record<string, Child>>
}

const yearOf = (docId: string): string | null => /^(?:dispute|archive|summary)\.(\d{4})(?:$|-)/.exec(docId)?.[1] ?? null

export class YearSummaries {
  private readonly cache = new Map<string, SummaryDoc>()

  constructor(
    private readonly vault: Vault,
    private readonly sources: SummarySources,
  ) {}

  /** Found once a session (one pass over every document id, unsorted), then followed by `noted`. */
  private yearsSeen: Set<string> | null = null

  /** Every year with a dispute, an archive or a summary. */
  years(): string[] {
    if (!this.yearsSeen) {
      const seen = new Set<string>()
      // A year's disputes (thousands of ids) are passed over once the year is known: only its first is parsed.
      this.vault.documentIdsWhere((id) => {
        const dot = id.indexOf('.')
        if (dot > 0 && seen.has(id.slice(dot + 1, dot + 5))) return false
        const year = yearOf(id)
        if (year) seen.add(year)
        return false
      })
      this.yearsSeen = seen
    }
    return [...this.yearsSeen].sort()
  }

  /** After a commit: the documents it wrote (a dispute, an archive or a summary of a year not seen before adds it). */
  noted(docIds: readonly string[]): void {
    if (!this.yearsSeen) return
    for (const id of docIds) {
      const year = yearOf(id)
      if (year) this.yearsSeen.add(year)
    }
  }

  /** The year's summary, and whether it was built just now (not yet stored). */
  async get(year: string): Promise<{ doc: SummaryDoc; built: boolean }> {
    const cached = this.cache.get(year)
    if (cached) return { doc: cached, built: false }
    // Kept parsed here, so not also as decrypted text in the vault's own cache. Vouched for by its AEAD tag
    // (bound to its id and generation) and checked by structure (summary-form.ts), as the search index is.
    const stored = await this.vault.load<unknown>(summaryDocId(year), { cache: false, checksum: false })
    if (stored !== undefined) {
      const doc = readSummaryDoc(summaryDocId(year), stored)
      this.cache.set(year, doc)
      return { doc, built: false }
    }
    return { doc: await this.build(year), built: true }
  }

  /**
   * From the year's archive and open disputes, as a full pass would read them. A damaged archive fails
   * here as it fails the full pass: a summary is never built from part of a year.
   */
  private async build(year: string): Promise<SummaryDoc> {
    const archiveId = archiveDocId(year)
    const archive =
      this.sources.cachedArchive(year) ??
      (this.vault.has(archiveId) ? readDocument('archive', archiveId, await this.vault.load<unknown>(archiveId, { cache: false })) : undefined)
    const disputes = [...Object.values(archive?.disputes ?? {}).map((e) => e.dispute), ...this.sources.openOfYear(year)]
    if (disputes.length === 0) return emptySummary()
    const children = await this.sources.children()
    const facts: SummaryDoc['children'] = {}
    for (const d of disputes) for (const id of d.childIds) if (Object.hasOwn(children, id)) facts[id] = quarterlyChildFactsOf(children[id]!)
    return disputes.reduce((summary, d) => summaryWithDispute(summary, d, facts), emptySummary())
  }

  /** After a commit: the summaries it wrote (or, for a read-only vault, built for this session). */
  remember(summaries: ReadonlyMap<string, SummaryDoc> | undefined): void {
    for (const [year, doc] of summaries ?? []) this.cache.set(year, doc)
  }

  /** Every year's summary, building the missing ones; `built` holds those to be stored. */
  async everyYear(): Promise<{ docs: Map<string, SummaryDoc>; built: Map<string, SummaryDoc> }> {
    const docs = new Map<string, SummaryDoc>()
    const built = new Map<string, SummaryDoc>()
    for (const year of this.years()) {
      const { doc, built: isNew } = await this.get(year)
      if (isNew) built.set(year, doc)
      docs.set(year, doc)
    }
    return { docs, built }
  }

  /** Every year's facts, building the missing ones; `built` holds those to be stored. */
  async all(): Promise<{ disputes: QuarterlyDispute[]; children: QuarterlyChild[]; built: Map<string, SummaryDoc> }> {
    const { docs, built } = await this.everyYear()
    const disputes: QuarterlyDispute[] = []
    const children = new Map<string, QuarterlyChild>()
    for (const doc of docs.values()) {
      disputes.push(...Object.values(doc.disputes))
      for (const [id, facts] of Object.entries(doc.children)) children.set(id, { id, ...facts })
    }
    return { disputes, children: [...children.values()], built }
  }

  /** How many year summaries are held in memory. */
  held(): number {
    return this.cache.size
  }

  /**
   * The ids of the disputes (open or closed, not disposed of) that name a child, from the summaries: no
   * archive is read for a year that has one, and a year that has none is summarised from its archive
   * alone, one year at a time.
   */
  async disputeIdsOf(childId: string): Promise<string[]> {
    const out: string[] = []
    for (const year of this.years()) {
      const { doc } = await this.get(year)
      for (const [id, d] of Object.entries(doc.disputes)) if (d.childIds.includes(childId)) out.push(id)
    }
    return out
  }

  clear(): void {
    this.cache.clear()
    this.yearsSeen = null
  }
}
