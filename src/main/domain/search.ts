/**
 * A small in-memory full-text index over everything the DSL has written: disputes, contact records and
 * their addenda, children, directory entries. The store layer feeds it (`put` a document's searchable
 * text under its key) as it opens documents and saves them; the index never sees the vault.
 *
 * Built for a vault ten years old (~100,000 records):
 * - documents get a number; each token's posting list is a plain array of document numbers, in
 *   increasing order because numbers only ever grow (a replaced document gets a new number);
 * - removal only marks the number dead; dead entries are skipped when searching and squeezed out (and
 *   the live documents renumbered) in one pass once they outnumber the live postings, so saves do not
 *   pay for the whole index each time;
 * - prefix matching walks a sorted vocabulary (binary search for the range of tokens starting with the
 *   typed text); tokens new since the last search are merged in before it runs;
 * - a query scores into typed arrays sized by the document count: no per-document objects.
 *
 * Ranking: every query word must match (as a whole token, or as the start of one when it has two or more
 * letters); each match scores its token's rarity (idf), whole-word matches more than prefixes; ties go
 * to the most recently indexed document.
 */

/** Words too common to be worth indexing: they match nearly every record. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for from had has have he i in is it its of on or she that the their they this to was we were with you'.split(
    ' ',
  ),
)

const MAX_TOKEN_LENGTH = 40
export const EXACT_WEIGHT = 1
export const PREFIX_WEIGHT = 0.6
/**
 * A one-letter query word matches only one-letter tokens ("j" matching every j-word helps nobody, and
 * would walk a large share of the index).
 */
export const MIN_PREFIX_LENGTH = 2

/**
 * Lower-cases, strips diacritics (Zoë → zoe), drops apostrophes inside words (O’Brien → obrien) and
 * splits on anything that is not a letter or a digit. Stop words are kept: callers decide.
 */
export function tokenise(text: string): string[] {
  const folded = joinNhsNumberGroups(text, false)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\p{L})['’](?=\p{L})/gu, '$1')
  const tokens = folded.split(/[^\p{L}\p{N}]+/u)
  const out: string[] = []
  for (const t of tokens)
    if (t !== '') out.push(t.length > MAX_TOKEN_LENGTH ? t.slice(0, MAX_TOKEN_LENGTH) : t)
  return out
}

/**
 * An NHS number is shown and written as '943 476 5919' or '943-476-5919' but stored as '9434765919': the
 * groups of a number of that shape are one token, wherever it is written. In a query (`partial`), the
 * groups typed so far ('943 476', '943 476 59') join too, so a number being typed finds its child.
 */
export function joinNhsNumberGroups(text: string, partial: boolean): string {
  const whole = text.replace(/(?<!\d)(\d{3})[ \t-]+(\d{3})[ \t-]+(\d{4})(?!\d)/g, '$1$2$3')
  return partial ? whole.replace(/(?<!\d)(\d{3})[ \t-]+(\d{3})(?:[ \t-]+(\d{1,4}))?(?!\d)/g, (_, a, b, c) => a + b + (c ?? '')) : whole
}

export interface SearchOptions {
  /** At most this many keys (default 50). */
  limit?: number
  /** Only documents of these kinds (as given to `put`). */
  kinds?: readonly string[]
}

export interface SearchIndex {
  /** Adds a document, or replaces it if the key is already indexed. */
  put(docKey: string, kind: string, fields: readonly string[]): void
  /** Removes a document; false if it was not indexed. */
  remove(docKey: string): boolean
  has(docKey: string): boolean
  /** Keys of the documents matching every word of the query, best first. */
  search(query: string, options?: SearchOptions): string[]
  /** How many documents are indexed. */
  readonly size: number
  clear(): void
}

/** The distinct words of a document's fields worth indexing (stop words left out). */
export function indexTokens(fields: readonly string[]): Set<string> {
  const unique = new Set<string>()
  for (const field of fields) for (const t of tokenise(field)) if (!STOP_WORDS.has(t)) unique.add(t)
  return unique
}

/**
 * The words of a query that take part in matching. A stop word can only be a prefix being typed
 * ("an" → "anna"), so it is kept only at the end. A single letter just typed after other words
 * ("strategy m") is ignored until it grows, so that the results do not vanish while the DSL types.
 */
export function queryTerms(query: string): string[] {
  const words = [...new Set(tokenise(joinNhsNumberGroups(query, true)))]
  if (words.length === 0) return []
  const last = words[words.length - 1]
  return words.filter(
    (w) =>
      (!STOP_WORDS.has(w) || (w === last && w.length >= MIN_PREFIX_LENGTH)) &&
      !(w === last && w.length < MIN_PREFIX_LENGTH && words.length > 1),
  )
}

export function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A fixed-size min-heap of (score, docNum) keeping the best `capacity` results. */
export class TopResults {
  private readonly scores: number[] = []
  private readonly docs: number[] = []
  constructor(private readonly capacity: number) {}

  /** Whether (a, da) ranks below (b, db): lower score, or equal score and older document. */
  private static below(a: number, da: number, b: number, db: number): boolean {
    return a < b || (a === b && da < db)
  }

  offer(score: number, doc: number): void {
    const { scores, docs } = this
    if (scores.length < this.capacity) {
      scores.push(score)
      docs.push(doc)
      let i = scores.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!TopResults.below(scores[i], docs[i], scores[parent], docs[parent])) break
        this.swap(i, parent)
        i = parent
      }
      return
    }
    if (!TopResults.below(scores[0], docs[0], score, doc)) return
    scores[0] = score
    docs[0] = doc
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let smallest = i
      if (l < scores.length && TopResults.below(scores[l], docs[l], scores[smallest], docs[smallest]))
        smallest = l
      if (r < scores.length && TopResults.below(scores[r], docs[r], scores[smallest], docs[smallest]))
        smallest = r
      if (smallest === i) break
      this.swap(i, smallest)
      i = smallest
    }
  }

  private swap(i: number, j: number): void {
    const s = this.scores[i]
    this.scores[i] = this.scores[j]
    this.scores[j] = s
    const d = this.docs[i]
    this.docs[i] = this.docs[j]
    this.docs[j] = d
  }

  get size(): number {
    return this.scores.length
  }

  /** The lowest kept (score, doc), or null while fewer than `capacity` are kept. */
  weakest(): { score: number; doc: number } | null {
    return this.scores.length < this.capacity ? null : { score: this.scores[0], doc: this.docs[0] }
  }

  /** Document numbers, best first. */
  drain(): number[] {
    const order = this.docs.map((_, i) => i)
    order.sort((a, b) =>
      TopResults.below(this.scores[a], this.docs[a], this.scores[b], this.docs[b]) ? 1 : -1,
    )
    return order.map((i) => this.docs[i])
  }
}

export function createSearchIndex(
  options: {
    /** Squeeze out dead entries once there are more than this many (and more than live ones). */
    compactAfterDeadPostings?: number
  } = {},
): SearchIndex {
  const compactAfter = options.compactAfterDeadPostings ?? 50_000
  /** docNum → key, or undefined once the document is removed or replaced. */
  let keyOf: (string | undefined)[] = []
  /** docNum → kind number. */
  let kindOf: number[] = []
  /** docNum → how many postings it owns (its unique tokens). */
  let tokenCountOf: number[] = []
  const numOf = new Map<string, number>()
  const kindNumbers = new Map<string, number>()
  const postings = new Map<string, number[]>()
  let vocabulary: string[] = []
  let newTokens: string[] = []
  let livePostings = 0
  let deadPostings = 0

  function kindNumber(kind: string): number {
    let n = kindNumbers.get(kind)
    if (n === undefined) {
      n = kindNumbers.size
      kindNumbers.set(kind, n)
    }
    return n
  }

  /**
   * Squeezes dead documents out of every posting list and renumbers the live ones densely (keeping
   * their order, so posting lists stay sorted and ties still favour the newest), so that the per-query
   * arrays stay the size of the live index however many times documents have been replaced.
   */
  function compact(): void {
    const renumber = new Int32Array(keyOf.length).fill(-1)
    const nextKeyOf: (string | undefined)[] = []
    const nextKindOf: number[] = []
    const nextTokenCountOf: number[] = []
    for (let d = 0; d < keyOf.length; d++) {
      const key = keyOf[d]
      if (key === undefined) continue
      renumber[d] = nextKeyOf.length
      numOf.set(key, nextKeyOf.length)
      nextKeyOf.push(key)
      nextKindOf.push(kindOf[d])
      nextTokenCountOf.push(tokenCountOf[d])
    }
    for (const [token, list] of postings) {
      let w = 0
      for (let r = 0; r < list.length; r++) {
        const d = renumber[list[r]]
        if (d !== -1) list[w++] = d
      }
      if (w === 0) postings.delete(token)
      else list.length = w
    }
    keyOf = nextKeyOf
    kindOf = nextKindOf
    tokenCountOf = nextTokenCountOf
    vocabulary = vocabulary.filter((t) => postings.has(t))
    newTokens = newTokens.filter((t) => postings.has(t))
    deadPostings = 0
  }

  function removeNum(num: number): void {
    keyOf[num] = undefined
    livePostings -= tokenCountOf[num]
    deadPostings += tokenCountOf[num]
    if (deadPostings > compactAfter && deadPostings > livePostings) compact()
  }

  function mergeNewTokens(): void {
    if (newTokens.length === 0) return
    const fresh = newTokens.filter((t) => postings.has(t)).sort()
    newTokens = []
    const merged: string[] = new Array(vocabulary.length + fresh.length)
    let i = 0
    let j = 0
    let k = 0
    while (i < vocabulary.length && j < fresh.length)
      merged[k++] = vocabulary[i] <= fresh[j] ? vocabulary[i++] : fresh[j++]
    while (i < vocabulary.length) merged[k++] = vocabulary[i++]
    while (j < fresh.length) merged[k++] = fresh[j++]
    merged.length = k
    vocabulary = merged
  }

  const index: SearchIndex = {
    get size() {
      return numOf.size
    },

    has: (docKey) => numOf.has(docKey),

    put(docKey, kind, fields) {
      const old = numOf.get(docKey)
      if (old !== undefined) removeNum(old)
      const num = keyOf.length
      const unique = indexTokens(fields)
      for (const t of unique) {
        let list = postings.get(t)
        if (list === undefined) {
          list = []
          postings.set(t, list)
          newTokens.push(t)
        }
        list.push(num)
      }
      keyOf.push(docKey)
      kindOf.push(kindNumber(kind))
      tokenCountOf.push(unique.size)
      livePostings += unique.size
      numOf.set(docKey, num)
    },

    remove(docKey) {
      const num = numOf.get(docKey)
      if (num === undefined) return false
      numOf.delete(docKey)
      removeNum(num)
      return true
    },

    clear() {
      keyOf = []
      kindOf = []
      tokenCountOf = []
      numOf.clear()
      postings.clear()
      vocabulary = []
      newTokens = []
      livePostings = 0
      deadPostings = 0
    },

    search(query, options = {}) {
      const limit = options.limit ?? 50
      if (limit <= 0 || numOf.size === 0) return []
      const terms = queryTerms(query)
      if (terms.length === 0) return []
      mergeNewTokens()

      // For each term, the tokens it matches: whole word first, then the longer words it begins.
      const matches = terms.map((term) => {
        const tokens: string[] = []
        if (term.length < MIN_PREFIX_LENGTH) {
          if (postings.has(term)) tokens.push(term)
        } else {
          const end = lowerBound(vocabulary, `${term}\uffff`)
          for (let i = lowerBound(vocabulary, term); i < end; i++) tokens.push(vocabulary[i])
        }
        let size = 0
        for (const t of tokens) size += postings.get(t)?.length ?? 0
        return { term, tokens, size }
      })
      if (matches.some((m) => m.size === 0)) return []
      matches.sort((a, b) => a.size - b.size)

      const total = keyOf.length
      const liveCount = numOf.size
      const scores = new Float64Array(total)
      // matched[d] = how many terms (in processing order) document d has matched so far.
      const matched = new Uint16Array(total)
      let kindAllowed: Uint8Array | null = null
      if (options.kinds !== undefined) {
        kindAllowed = new Uint8Array(kindNumbers.size)
        for (const k of options.kinds) {
          const n = kindNumbers.get(k)
          if (n !== undefined) kindAllowed[n] = 1
        }
      }

      matches.forEach(({ term, tokens }, i) => {
        for (const token of tokens) {
          const list = postings.get(token)
          if (list === undefined) continue
          const weight =
            (token === term ? EXACT_WEIGHT : PREFIX_WEIGHT) * Math.log(1 + liveCount / list.length)
          for (let p = 0; p < list.length; p++) {
            const d = list[p]
            // Only documents that matched every earlier term; each term counts once, by its best token
            // (the whole word, if any, comes first in `tokens`).
            if (matched[d] === i) {
              matched[d] = i + 1
              scores[d] += weight
            }
          }
        }
      })

      const want = matches.length
      const top = new TopResults(limit)
      // Candidates all appear in the rarest term's postings: walk those rather than every document.
      const seen = new Uint8Array(total)
      for (const token of matches[0].tokens) {
        const list = postings.get(token)
        if (list === undefined) continue
        for (let p = 0; p < list.length; p++) {
          const d = list[p]
          if (seen[d] === 1 || matched[d] !== want || keyOf[d] === undefined) continue
          seen[d] = 1
          if (kindAllowed !== null && kindAllowed[kindOf[d]] !== 1) continue
          top.offer(scores[d], d)
        }
      }
      return top.drain().map((d) => keyOf[d] as string)
    },
  }
  return index
}
