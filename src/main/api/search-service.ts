/**
 * Full-text search across records (with their addenda), disputes, children and the directory, over the
 * persistent index the vault holds (search-store.ts: one segment per dispute, one term list per year,
 * written with each save). Nothing is built at unlock: a query reads the years' term lists once, then only
 * the segments that could hold its best results, best first, and stops as soon as no unread segment can
 * beat what it has. Children and the directory have a segment each (search.children, search.directory),
 * read whole by every first search.
 *
 * A vault written before the index existed, or one whose index is damaged, gets it built in the
 * background; until then a query answers from what is built and `status()` says the index is incomplete.
 * Everything is dropped on lock.
 */
import type { CaseLog } from '../caselog'
import { queryTerms, TopResults } from '../domain/search'
import { scoreSegment, SegmentReader, weighTerms, type StoredHit, type TermMatch, type TermsReader } from '../domain/search-segments'
import { SearchStore } from './search-store'

export type SearchKind = StoredHit['kind']
/** A result, with the texts its snippet is cut from when its segment holds them (null: read the document). */
export type SearchHit = StoredHit & { texts: string[] | null }

export interface SearchStatus {
  /** The index is incomplete (being built, or about to be): results may leave things out. */
  building: boolean
  /** Disputes the build has indexed, of those it has to do (0 of 0 when nothing is being built). */
  disputesIndexed: number
  disputesToIndex: number
}

/** Segments read at a time while a query works down its candidates. */
const READ_BATCH = 16
/** Where the in-memory segments (children, directory) sort among ties: newest of all, as they always were. */
const EXTRAS_ORDER = 9_999 * 100_000 + 99_999

/** The order SearchStore.extras returns them in. */
const EXTRAS = ['children', 'directory'] as const
type Source = { disputeId: string } | { extra: (typeof EXTRAS)[number] }

interface Candidate {
  disputeId: string
  bound: number
  order: number
}

export class SearchService {
  private readonly store: SearchStore

  constructor(private readonly log: CaseLog) {
    this.store = new SearchStore(log.indexDocuments())
    log.deriveWith({ prepare: (save) => this.store.prepare(save) })
  }

  /** After unlock (the app): read the term lists and start building whatever is missing, in the background. */
  warm(): void {
    void this.store
      .loadYears()
      .then(() => (this.store.needsBuild() ? this.store.startBuild() : undefined))
      .catch(() => undefined)
  }

  status(): SearchStatus {
    const building = this.store.isBuilding || this.store.needsBuild()
    return {
      building,
      disputesIndexed: building ? this.store.progress.done : 0,
      disputesToIndex: building ? this.store.progress.total : 0,
    }
  }

  /** Resolves once any background build has finished (tests, the bench). */
  async whenBuilt(): Promise<void> {
    await this.store.loadYears()
    if (this.store.needsBuild()) await this.store.startBuild()
    await this.store.whenBuilt()
  }

  /** The hits ranked `offset + 1` to `offset + limit`: a screen pages through them 50 at a time. */
  async search(query: string, limit = 50, offset = 0): Promise<SearchHit[]> {
    const terms = queryTerms(query)
    if (terms.length === 0 || limit <= 0) return []
    // The term lists and the children's and directory's segments are read at once: the first search waits
    // for the reads of both together, not one after the other.
    const [, extras] = await Promise.all([this.store.loadYears(), this.store.extras()])
    if (this.store.needsBuild()) void this.store.startBuild()
    const ready = [...this.store.years].flatMap(([year, y]) => (y.state === 'ready' ? [{ year, reader: y.reader }] : []))

    // Each matched word's rarity over everything indexed.
    let total = 0
    const dfs = terms.map(() => new Map<string, number>())
    const add = (i: number, token: string, df: number) => dfs[i].set(token, (dfs[i].get(token) ?? 0) + df)
    for (const { reader } of ready) {
      total += reader.data.docs
      terms.forEach((term, i) => {
        for (const t of reader.matching(term)) add(i, reader.vocab.at(t), reader.df(t))
      })
    }
    for (const seg of extras) {
      total += seg.size
      terms.forEach((term, i) => {
        for (const t of seg.matching(term)) add(i, seg.vocab.at(t), seg.df(t))
      })
    }
    const matches = weighTerms(terms, dfs, total)
    if (matches.some((m) => m.weights.size === 0)) return []

    const top = new TopResults(offset + limit)
    // Where each scored document is: its hit and texts are read only for the page returned (readSegmentText).
    const found = new Map<number, { segment: SegmentReader; doc: number; source: Source }>()
    const offer = (segment: SegmentReader, order: number, source: Source) =>
      scoreSegment(segment, matches, (d, score) => {
        const key = order * 10_000 + d
        found.set(key, { segment, doc: d, source })
        top.offer(score, key)
      })
    extras.forEach((seg, i) => offer(seg, EXTRAS_ORDER - i, { extra: EXTRAS[i] }))

    const candidates = ready.flatMap(({ year, reader }) => candidatesOf(Number(year), reader, matches))
    candidates.sort((a, b) => b.bound - a.bound || b.order - a.order)
    for (let i = 0; i < candidates.length; ) {
      const weakest = top.weakest()
      if (weakest && cannotBeat(weakest, candidates[i])) break
      const batch = candidates.slice(i, i + READ_BATCH)
      i += batch.length
      const segments = await this.store.segments(batch.map((c) => c.disputeId))
      for (const c of batch) {
        const segment = segments.get(c.disputeId)
        if (segment) offer(segment, c.order, { disputeId: c.disputeId })
      }
    }
    const page: SearchHit[] = []
    for (const key of top.drain().slice(offset)) {
      const { segment, doc, source } = found.get(key)!
      try {
        page.push({ ...segment.hit(doc), texts: segment.texts(doc) })
      } catch {
        // Its hits or texts are not in form: left out of this answer, and the segment built again.
        this.store.refuse(source)
      }
    }
    return page
  }

  /** How many parsed term lists, segments and in-memory indexes are held (what a lock must drop). */
  heldInMemory(): number {
    return this.store.held()
  }

  dispose(): void {
    this.log.deriveWith(null)
    this.store.dispose()
  }
}

const EPSILON = 1e-9

/** Whether the weakest kept result outranks everything the candidate (and every later one) could hold. */
function cannotBeat(weakest: { score: number; doc: number }, c: Candidate): boolean {
  if (weakest.score > c.bound + EPSILON) return true
  return weakest.score > c.bound - EPSILON && weakest.doc > c.order * 10_000 + 9_999
}

/**
 * The disputes of a year that could match every term, each with the most any of its documents could
 * score (each term's best word the dispute holds), from the term list's bitsets alone.
 */
function candidatesOf(year: number, reader: TermsReader, matches: readonly TermMatch[]): Candidate[] {
  const slots = reader.data.disputes.length
  let bound: Float64Array | null = null
  for (const m of matches) {
    const best = new Float64Array(slots)
    for (const t of reader.matching(m.term)) {
      const w = m.weights.get(reader.vocab.at(t)) ?? 0
      if (w === 0) continue
      const bits = reader.slots(t)
      for (let byte = 0; byte < bits.length; byte++) {
        const b = bits[byte]
        if (b === 0) continue
        for (let bit = 0; bit < 8; bit++) {
          const s = byte * 8 + bit
          if (b & (1 << bit) && s < slots && w > best[s]) best[s] = w
        }
      }
    }
    if (!bound) bound = best
    else for (let s = 0; s < slots; s++) bound[s] += best[s]
    // A dispute holding no word of this term cannot match: it stays out whatever the other terms add.
    for (let s = 0; s < slots; s++) if (best[s] === 0) bound[s] = -Infinity
  }
  const out: Candidate[] = []
  if (!bound) return out
  for (let s = 0; s < slots; s++) {
    const id = reader.data.disputes[s]
    if (bound[s] > 0 && id) out.push({ disputeId: id, bound: bound[s], order: year * 100_000 + s })
  }
  return out
}

