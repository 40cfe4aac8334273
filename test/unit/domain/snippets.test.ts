/**
 * Issue 16, "Search that finds what people type": "snippets with the words matched". A snippet is parts
 * of plain text, marked where a query word matched, as the index matches (case, accents, prefixes, NHS
 * numbers in any spacing).
 */
import { describe, expect, it } from 'vitest'
import { makeSnippet, queryTerms, SNIPPET_LENGTH } from '../../../src/main/domain/snippets'

const marked = (parts: ReturnType<typeof makeSnippet>) => (parts ?? []).filter((p) => p.marked).map((p) => p.text)
const whole = (parts: ReturnType<typeof makeSnippet>) => (parts ?? []).map((p) => p.text).join('')

describe('makeSnippet', () => {
  it('marks each matched word, ignoring case and accents, and the start of a longer word', () => {
    const parts = makeSnippet(['Zoë said the bruising was noticed by her teacher.'], 'zoe BRUIS')
    expect(marked(parts)).toEqual(['Zoë', 'bruising'])
    expect(whole(parts)).toBe('Zoë said the bruising was noticed by her teacher.')
  })

  it('finds an NHS number written in any spacing, and marks it as written', () => {
    for (const query of ['9434765919', '943 476 5919', '943-476-5919'])
      expect(marked(makeSnippet(['NHS number 943 476 5919'], query))).toEqual(['943 476 5919'])
  })

  it('takes the text with the most of the query’s words, and a passage around the first match', () => {
    const long = `${'Earlier words that say nothing much at all. '.repeat(6)}Then MASH agreed to look at the body maps again.`
    const parts = makeSnippet(['The body was fine.', long], 'body maps')
    expect(marked(parts)).toEqual(['body', 'maps'])
    const text = whole(parts)
    expect(text.startsWith('…')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 2)
  })

  it('passes over a text without the words quickly, and still finds words apostrophes and hyphens split', () => {
    // The quick check (issue 20, a first search's snippets) must never skip a text the word-by-word match finds.
    expect(marked(makeSnippet(['Nothing here.', "Spoke to Mrs O'Brien about it"], 'obrien'))).toEqual(["O'Brien"])
    expect(marked(makeSnippet(['Spoke to Mrs O’Brien'], 'o’bri'))).toEqual(['O’Brien'])
    expect(marked(makeSnippet(['NHS 943-476-5919 given'], '9434765919'))).toEqual(['943-476-5919'])
    expect(marked(makeSnippet(['Met Zoë’s father'], 'zoes'))).toEqual(['Zoë’s'])
    expect(makeSnippet(['Met the father', 'Called the school'], 'nurse')).toBeNull()
  })

  it('keeps markup as text: a record cannot inject HTML', () => {
    const parts = makeSnippet(['<img src=x onerror=alert(1)> threshold met'], 'threshold')
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)> ', marked: false },
      { text: 'threshold', marked: true },
      { text: ' met', marked: false },
    ])
  })

  it('is null when no shown text has any of the words, and ignores stop words unless they are all there is', () => {
    expect(makeSnippet(['Nothing to see'], 'ESC')).toBeNull()
    expect(queryTerms('the bruising')).toEqual(['bruising'])
    expect(queryTerms('the')).toEqual(['the'])
    expect(makeSnippet(['anything'], '   ')).toBeNull()
  })
})

/**
 * The snippet as it was made before it stopped early (a text holding every query word ends the search; words
 * past the window are not split out): the same parts for any texts and query (property).
 */
describe('makeSnippet stops early without changing what it shows', () => {
  const WORD = /(?<!\d)\d{3}[ \t-]+\d{3}[ \t-]+\d{4}(?!\d)|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu
  const fold = (w: string) => w.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
  function reference(texts: string[], query: string, length = SNIPPET_LENGTH) {
    const terms = queryTerms(query)
    if (terms.length === 0) return null
    let best: { text: string; found: { start: number; end: number; term: string }[]; distinct: number } | null = null
    for (const raw of texts) {
      const text = raw.replace(/\s+/g, ' ').trim()
      if (!text) continue
      const found: { start: number; end: number; term: string }[] = []
      for (const m of text.matchAll(WORD)) {
        const word = fold(m[0])
        const term = terms.find((t) => word === t || (t.length >= 2 && word.startsWith(t)))
        if (term) found.push({ start: m.index, end: m.index + m[0].length, term })
      }
      const distinct = new Set(found.map((f) => f.term)).size
      if (distinct > 0 && (!best || distinct > best.distinct)) best = { text, found, distinct }
    }
    if (!best) return null
    const { text, found } = best
    let start = Math.max(0, found[0].start - 50)
    if (start > 0) {
      const space = text.indexOf(' ', start)
      start = space === -1 || space >= found[0].start ? found[0].start : space + 1
    }
    let end = Math.min(text.length, start + length)
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end)
      end = space > found[0].end ? space : Math.max(end, found[0].end)
    }
    const parts: { text: string; marked: boolean }[] = []
    const push = (s: string, m: boolean) => {
      if (!s) return
      const last = parts[parts.length - 1]
      if (last && !last.marked && !m) last.text += s
      else parts.push({ text: s, marked: m })
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
    return parts
  }

  it('gives what the full scan gave (property)', async () => {
    const fc = (await import('fast-check')).default
    const words = ['bruise', 'bruising', 'Zoë', 'school', 'nurse', 'O’Brien', 'called', 'the', 'a', 'supercalifragilistic', '943 476 5919', 'referral', 'refer']
    const text = fc.array(fc.constantFrom(...words), { maxLength: 120 }).map((w) => w.join(' '))
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), fc.array(fc.constantFrom(...words, 'bru', 'ref', 'zoe', 'o’b', '9434765919'), { minLength: 1, maxLength: 3 }), fc.integer({ min: 20, max: 200 }), (texts, q, length) => {
        const query = q.join(' ')
        expect(makeSnippet(texts, query, length)).toEqual(reference(texts, query, length))
      }),
      { numRuns: 400 },
    )
  })
})
