/**
 * The snippet a search result shows: a short passage of the text that matched, with the words that
 * matched marked. Pure: the search handler gives it the texts of one page of hits.
 *
 * A snippet is a list of parts, each plain text and either marked or not, never HTML: the screen makes a
 * <mark> of each marked part, so nothing in a record can become markup.
 *
 * Words match as the search index matches them (src/main/domain/search.ts): case and accents ignored,
 * apostrophes inside words dropped, a query word of two or more letters matching the start of a word,
 * and an NHS number written in any spacing ('943 476 5919', '943-476-5919', '9434765919') one word.
 */

export interface SnippetPart {
  text: string
  marked: boolean
}

/** About two lines of a results list. */
export const SNIPPET_LENGTH = 160
/** How much of the text before the first match is kept, so the match is read in its sentence. */
const LEAD = 50

const STOP_WORDS = new Set(
  'a an and are as at be but by for from had has have he i in is it its of on or she that the their they this to was we were with you'.split(' '),
)

/** An NHS number in groups, or a word (apostrophes inside it kept with it). */
const WORD = /(?<!\d)\d{3}[ \t-]+\d{3}[ \t-]+\d{4}(?!\d)|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu

const PLAIN_WORD = /^[A-Za-z0-9]+$/

function fold(word: string): string {
  // Most words are plain ASCII letters and digits: folding them is lowercasing (the same result, without
  // the Unicode normalisation every word would otherwise pay).
  if (PLAIN_WORD.test(word)) return word.toLowerCase()
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

interface Found {
  start: number
  end: number
  term: string
}

/** The query's words, folded; stop words only when there is nothing else to mark. */
export function queryTerms(query: string): string[] {
  const all = [...new Set(Array.from(query.matchAll(WORD), (m) => fold(m[0])).filter(Boolean))]
  const meaningful = all.filter((t) => !STOP_WORDS.has(t))
  return meaningful.length > 0 ? meaningful : all
}

/** Text a query word can be found in without folding: ASCII, with the right single quote words may hold. */
// eslint-disable-next-line no-control-regex -- any ASCII character, control characters included
const PLAIN_TEXT = /^[\x00-\x7f’]*$/
const INSIDE_WORDS = /['’\s-]+/g

/**
 * Whether a text could hold a match, answered without splitting it into words: a plain text lowercased,
 * with what a word or an NHS number may hold inside it (apostrophes, spaces, hyphens) taken out, holds every
 * folded word of it as a run of characters, and so every query word that begins one. Never says no
 * wrongly; a text that is not plain is always looked at word by word.
 */
function couldHold(text: string, terms: readonly string[]): boolean {
  if (!PLAIN_TEXT.test(text)) return true
  const squeezed = text.toLowerCase().replace(INSIDE_WORDS, '')
  return terms.some((t) => squeezed.includes(t))
}

/**
 * The query's words in `text`, in order, and how many distinct ones. Once every query word has been found,
 * matches that begin `length` characters past the end of the first one cannot be in the snippet's window
 * (see makeSnippet), so the rest of the text is not split into words.
 */
function findMatches(text: string, terms: string[], length: number): { found: Found[]; distinct: number } {
  const found: Found[] = []
  const seen = new Set<string>()
  for (const m of text.matchAll(WORD)) {
    if (seen.size === terms.length && m.index >= found[0]!.end + length) break
    const word = fold(m[0])
    const term = terms.find((t) => word === t || (t.length >= 2 && word.startsWith(t)))
    if (!term) continue
    found.push({ start: m.index, end: m.index + m[0].length, term })
    seen.add(term)
  }
  return { found, distinct: seen.size }
}

/**
 * The snippet for one hit: from the text with the most of the query's words in it (the first such text
 * on a tie), a passage of at most about `length` characters around its first match. Null when no text
 * has any of the words (a hit can match only on a field that is not shown, such as a reference).
 */
export function makeSnippet(texts: readonly string[], query: string, length = SNIPPET_LENGTH): SnippetPart[] | null {
  const terms = queryTerms(query)
  if (terms.length === 0) return null
  let best: { text: string; found: Found[]; distinct: number } | null = null
  for (const raw of texts) {
    if (!couldHold(raw, terms)) continue
    const text = raw.replace(/\s+/g, ' ').trim()
    if (!text) continue
    const { found, distinct } = findMatches(text, terms, length)
    if (distinct > 0 && (!best || distinct > best.distinct)) best = { text, found, distinct }
    // A text holding every query word is the best there can be (the first wins a tie): look no further.
    if (distinct === terms.length) break
  }
  if (!best) return null
  const { text, found } = best

  // The window: a little before the first match, cut at spaces so no word is broken.
  let start = Math.max(0, found[0]!.start - LEAD)
  if (start > 0) {
    const space = text.indexOf(' ', start)
    start = space === -1 || space >= found[0]!.start ? found[0]!.start : space + 1
  }
  let end = Math.min(text.length, start + length)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    end = space > found[0]!.end ? space : Math.max(end, found[0]!.end)
  }

  const parts: SnippetPart[] = []
  const push = (s: string, marked: boolean) => {
    if (s) parts.push({ text: s, marked })
  }
  if (start > 0) push('…', false)
  let at = start
  for (const f of found) {
    if (f.start < start || f.end > end) continue
    push(text.slice(at, f.start), false)
    push(text.slice(f.start, f.end), true)
    at = f.end
  }
  push(text.slice(at, end), false)
  if (end < text.length) push('…', false)
  return mergePlain(parts)
}

/** Neighbouring unmarked parts as one (the ellipsis and the text beside it). */
function mergePlain(parts: SnippetPart[]): SnippetPart[] {
  const out: SnippetPart[] = []
  for (const p of parts) {
    const last = out[out.length - 1]
    if (last && !last.marked && !p.marked) last.text += p.text
    else out.push({ ...p })
  }
  return out
}
