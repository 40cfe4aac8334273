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
