/**
 * The search index as it is kept in the vault: one segment per dispute (the dispute and its records, with
 * each one's distinct words) and one term list per year (which of that year's disputes hold each word, and
 * in how many documents). A save rewrites the segment of the dispute it changed and, when the words
 * change, its year's term list — both small, whatever the age of the vault. A query reads the term lists
 * (a few hundred kilobytes a year), works out from them which segments could hold a match and how well
 * the best document in each could score, and reads segments best-first until no unread one can do better.
 *
 * Stored shapes are compact strings rather than arrays of numbers, because parsing them is the cost a
 * first search pays on top of reading and decrypting them:
 *   segment.vocab     the segment's words, sorted, separated by single spaces
 *   segment.postings  for each word in that order, the numbers of its documents (`0,3,7`), space-separated
 *   segment.texts     for each document, the texts its result's snippet is cut from (null in a segment
 *                     written before segments held them: its snippets come from the dispute's document)
 *   terms.vocab/df/slots  parallel space-separated lists: each word of the year, how many documents hold
 *                     it, and a base64 bitset over `terms.disputes` (the year's disputes, by slot)
 *
 * Pure: no I/O. The search service (src/main/api/search-service.ts) reads and writes these through the
 * case log.
 */
import { EXACT_WEIGHT, indexTokens, MIN_PREFIX_LENGTH, PREFIX_WEIGHT } from './search'

export type HitKind = 'record' | 'dispute' | 'child' | 'directory'

/** What a result shows, stored beside the words so a query never needs the dispute document. */
export interface StoredHit {
  kind: HitKind
  title: string
  detail: string
  disputeId: string | null
  id: string
}

export interface SegmentData {
  hits: StoredHit[]
  vocab: string
  postings: string
  /** Per hit, the texts its snippet is taken from: a first search never reads the dispute's document. */
  texts: string[][] | null
}

export interface TermsData {
  /** The year's disputes by slot; a removed dispute leaves an empty slot, so later slots keep their place. */
  disputes: string[]
  /** Documents indexed in the year (the sum of the segments' hits). */
  docs: number
  vocab: string
  df: string
  slots: string
}

/** Builds a segment from its documents' searchable fields and the texts each one's snippet is cut from. */
export function buildSegment(docs: readonly { hit: StoredHit; fields: readonly string[]; texts?: readonly string[] }[]): SegmentData {
  const byToken = new Map<string, number[]>()
  docs.forEach(({ fields }, i) => {
    for (const t of indexTokens(fields)) {
      const list = byToken.get(t)
      if (list) list.push(i)
      else byToken.set(t, [i])
    }
  })
  const vocab = [...byToken.keys()].sort()
  return {
    hits: docs.map((d) => d.hit),
    vocab: vocab.join(' '),
    postings: vocab.map((t) => byToken.get(t)!.join(',')).join(' '),
    // Blank texts make no snippet: they are not stored.
    texts: docs.map((d) => (d.texts ?? []).filter((t) => t.trim() !== '')),
  }
}

// Base64 without padding for the bitsets (the domain has no Buffer).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i

export function toBase64(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63]
  }
  return out
}

export function fromBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    let n = 0
    const chars = Math.min(4, text.length - i)
    for (let c = 0; c < 4; c++) {
      const v = c < chars ? VALUE[text.charCodeAt(i + c) & 127] : 0
      if (v < 0) throw new Error('not base64')
      n = (n << 6) | v
    }
    for (let b = 0; b < chars - 1; b++) out[o++] = (n >> (16 - 8 * b)) & 255
  }
  return out
}

/**
 * A space-separated list read in place: one native scan finds where each item starts, and an item is
 * cut out only when asked for. A first search reads lists of tens of thousands of words and looks at a
 * handful; splitting them would make a string of every one.
 */
export class WordList {
  readonly length: number
  private readonly starts: Uint32Array
  constructor(private readonly text: string) {
    if (text === '') {
      this.length = 0
      this.starts = new Uint32Array(1)
      return
    }
    // One pass, into a guess at the size (words of the index average more than three characters) that
    // doubles when it is short.
    let starts = new Uint32Array(Math.max(16, (text.length >>> 2) + 2))
    let n = 1
    for (let c = text.indexOf(' '); c !== -1; c = text.indexOf(' ', c + 1)) {
      if (n + 1 >= starts.length) {
        const grown = new Uint32Array(starts.length * 2)
        grown.set(starts)
        starts = grown
      }
      starts[n++] = c + 1
    }
    starts[n] = text.length + 1
    this.length = n
    // Kept as long as the list is (segments stay cached): its own exact copy, not the guess.
    this.starts = starts.slice(0, n + 1)
  }

  at(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i + 1] - 1)
  }

  toArray(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i))
  }

  /** The first index whose item is not less than `value` (the list sorted). */
  lowerBound(value: string): number {
    let lo = 0
    let hi = this.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.at(mid) < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Indices of the words `term` matches (the list sorted): itself, and (long enough) the words it begins. */
  matching(term: string): number[] {
    if (term.length < MIN_PREFIX_LENGTH) {
      const i = this.lowerBound(term)
      return i < this.length && this.at(i) === term ? [i] : []
    }
    const out: number[] = []
    const end = this.lowerBound(`${term}\uffff`)
    for (let i = this.lowerBound(term); i < end; i++) out.push(i)
    return out
  }
}

/** What a segment holds besides its words: needed only for the results it contributes to a page. */
export interface SegmentRest {
  hits: StoredHit[]
  texts: string[][] | null
}

/**
 * A stored segment as read, before its hits and texts are: its words and postings, how many documents it
 * holds, and a function that reads the rest (it may throw if the rest is not in form: the segment is then
 * damaged). A first search scores whole segments from their words and shows a few of their documents.
 */
export interface SegmentParts {
  size: number
  vocab: string
  postings: string
  rest: () => SegmentRest
}

/**
 * A stored segment, read for querying: its words found in place, each word's documents parsed when asked,
 * its hits and texts read only when a result from it is shown (`hit`, `texts`) or the whole is asked for.
 */
export class SegmentReader {
  readonly vocab: WordList
  private readonly lists: WordList
  /** How many documents (hits) it holds. */
  readonly size: number
  private readonly words: string
  private readonly postings: string
  private restRead: SegmentRest | null = null
  /** Dropped once read, with the text it holds. */
  private readRest: (() => SegmentRest) | null

  constructor(data: SegmentData | SegmentParts) {
    this.vocab = new WordList(data.vocab)
    this.lists = new WordList(data.postings)
    this.words = data.vocab
    this.postings = data.postings
    if (this.lists.length !== this.vocab.length) throw new Error('segment postings do not match its words')
    if ('rest' in data) {
      this.size = data.size
      this.readRest = data.rest
    } else {
      this.size = data.hits.length
      this.restRead = { hits: data.hits, texts: data.texts }
      this.readRest = null
    }
  }

  private rest(): SegmentRest {
    if (!this.restRead) {
      const rest = this.readRest!()
      if (rest.hits.length !== this.size) throw new Error('segment hits do not match its size')
      this.restRead = rest
      this.readRest = null
    }
    return this.restRead
  }

  /** Document `d`'s hit (reads the segment's hits the first time: throws if they are not in form). */
  hit(d: number): StoredHit {
    return this.rest().hits[d]
  }

  /** The texts document `d`'s snippet is cut from, or null in a segment written before segments held them. */
  texts(d: number): string[] | null {
    return this.rest().texts?.[d] ?? null
  }

  /** The whole segment, as stored. */
  get data(): SegmentData {
    const { hits, texts } = this.rest()
    return { hits, vocab: this.words, postings: this.postings, texts }
  }

  /** The documents holding `token` (indices into hits), or null. */
  docsOf(token: string): number[] | null {
    const i = this.vocab.lowerBound(token)
    if (i >= this.vocab.length || this.vocab.at(i) !== token) return null
    return this.lists.at(i).split(',').map(Number)
  }

  /** Indices (into vocab) of the words `term` matches: itself, and the longer words it begins. */
  matching(term: string): number[] {
    return this.vocab.matching(term)
  }

  /** How many documents hold word `i` (commas counted, nothing parsed). */
  df(i: number): number {
    const list = this.lists.at(i)
    let n = 1
    for (let c = list.indexOf(','); c !== -1; c = list.indexOf(',', c + 1)) n++
    return n
  }

  /** How many documents hold each word: what the segment adds to its year's term list. */
  counts(): Map<string, number> {
    const out = new Map<string, number>()
    for (let i = 0; i < this.vocab.length; i++) out.set(this.vocab.at(i), this.df(i))
    return out
  }
}

/** A year's term list, read for querying: found in place, word by word. */
export class TermsReader {
  readonly vocab: WordList
  private readonly dfs: WordList
  private readonly bitsets: WordList
  constructor(readonly data: TermsData) {
    this.vocab = new WordList(data.vocab)
    this.dfs = new WordList(data.df)
    this.bitsets = new WordList(data.slots)
    if (this.dfs.length !== this.vocab.length || this.bitsets.length !== this.vocab.length)
      throw new Error('term list columns do not match')
  }

  /** Indices (into vocab) of the words `term` matches: itself, and the longer words it begins. */
  matching(term: string): number[] {
    return this.vocab.matching(term)
  }

  df(i: number): number {
    return Number(this.dfs.at(i))
  }

  /** The slots (indices into data.disputes) of the disputes holding word `i`. */
  slots(i: number): Uint8Array {
    return fromBase64(this.bitsets.at(i))
  }
}

/** A year's term list being changed by saves: built from the stored form once, then kept in step. */
export class TermsWriter {
  private readonly disputes: string[]
  private readonly slotOf = new Map<string, number>()
  private docs: number
  private readonly terms = new Map<string, { df: number; slots: Uint8Array }>()

  constructor(data: TermsData | null) {
    this.disputes = data ? [...data.disputes] : []
    this.disputes.forEach((id, slot) => id && this.slotOf.set(id, slot))
    this.docs = data?.docs ?? 0
    if (data) {
      const r = new TermsReader(data)
      for (let i = 0; i < r.vocab.length; i++) this.terms.set(r.vocab.at(i), { df: r.df(i), slots: new Uint8Array(r.slots(i)) })
    }
  }

  has(disputeId: string): boolean {
    return this.slotOf.has(disputeId)
  }

  listed(): string[] {
    return this.disputes.filter((id) => id !== '')
  }

  /**
   * Replaces what a dispute contributes: `before` is the word counts of its previous segment (null if it
   * had none), `after` those of the new one (null when the dispute is removed). Returns whether anything
   * stored changed.
   */
  replace(
    disputeId: string,
    before: { docs: number; counts: Map<string, number> } | null,
    after: { docs: number; counts: Map<string, number> } | null,
  ): boolean {
    let slot = this.slotOf.get(disputeId)
    if (slot === undefined) {
      if (!after) return false
      slot = this.disputes.length
      this.disputes.push(disputeId)
      this.slotOf.set(disputeId, slot)
      before = null
    }
    let changed = false
    const byte = slot >> 3
    const bit = 1 << (slot & 7)
    const words = new Set([...(before?.counts.keys() ?? []), ...(after?.counts.keys() ?? [])])
    for (const t of words) {
      const was = before?.counts.get(t) ?? 0
      const now = after?.counts.get(t) ?? 0
      if (was === now) continue
      changed = true
      let e = this.terms.get(t)
      if (!e) {
        if (now === 0) continue
        e = { df: 0, slots: new Uint8Array(byte + 1) }
        this.terms.set(t, e)
      }
      if (e.slots.length <= byte) {
        const grown = new Uint8Array(byte + 1)
        grown.set(e.slots)
        e.slots = grown
      }
      e.df += now - was
      if (now > 0) e.slots[byte] |= bit
      else e.slots[byte] &= ~bit
      if (e.df <= 0) this.terms.delete(t)
    }
    const docsBefore = before?.docs ?? 0
    const docsAfter = after?.docs ?? 0
    if (docsBefore !== docsAfter) changed = true
    this.docs += docsAfter - docsBefore
    if (!after) {
      this.disputes[slot] = ''
      this.slotOf.delete(disputeId)
      changed = true
    }
    return changed
  }

  data(): TermsData {
    const vocab = [...this.terms.keys()].sort()
    return {
      disputes: [...this.disputes],
      docs: this.docs,
      vocab: vocab.join(' '),
      df: vocab.map((t) => this.terms.get(t)!.df).join(' '),
      slots: vocab.map((t) => toBase64(this.terms.get(t)!.slots)).join(' '),
    }
  }
}

/** One query word, with the words it matches and what each is worth (its rarity over the whole index). */
export interface TermMatch {
  term: string
  weights: Map<string, number>
  /** The most a document can score for this term. */
  best: number
}

/** Scores query terms given each matched word's document frequency and the documents indexed. */
export function weighTerms(terms: readonly string[], dfs: readonly Map<string, number>[], total: number): TermMatch[] {
  return terms.map((term, i) => {
    const weights = new Map<string, number>()
    let best = 0
    for (const [token, df] of dfs[i]) {
      if (df <= 0) continue
      const w = (token === term ? EXACT_WEIGHT : PREFIX_WEIGHT) * Math.log(1 + total / df)
      weights.set(token, w)
      if (w > best) best = w
    }
    return { term, weights, best }
  })
}

/**
 * Scores every document of a segment that matches every term (each term by its best word); calls
 * `found(docIndex, score)` for each.
 */
export function scoreSegment(segment: SegmentReader, matches: readonly TermMatch[], found: (doc: number, score: number) => void): void {
  const n = segment.size
  let total: Float64Array | null = null
  let matchedAll: Uint8Array | null = null
  for (const m of matches) {
    const best = new Float64Array(n)
    for (const [token, w] of m.weights) {
      const docs = segment.docsOf(token)
      if (!docs) continue
      for (const d of docs) if (d < n && w > best[d]) best[d] = w
    }
    if (!total) {
      total = best
      matchedAll = new Uint8Array(n)
      for (let d = 0; d < n; d++) matchedAll[d] = best[d] > 0 ? 1 : 0
    } else {
      for (let d = 0; d < n; d++) {
        if (best[d] === 0) matchedAll![d] = 0
        total[d] += best[d]
      }
    }
  }
  if (!total || !matchedAll) return
  for (let d = 0; d < n; d++) if (matchedAll[d] === 1) found(d, total[d])
}
