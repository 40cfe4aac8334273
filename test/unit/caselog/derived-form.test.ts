/**
 * Issue 20, "first search after unlock ≤ 2 × the floor of reading and decrypting the index bytes the query
 * touches": the search index's documents are read with a structural check instead of the full schema parse.
 * The check must accept no more than the schema does, and a document from before (format 1) still goes
 * through its migration.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { SearchSegmentDoc, SearchTermsDoc } from '../../../src/main/caselog/documents'
import { readSegmentBytes, readSegmentDoc, readSegmentText, readTermsDoc } from '../../../src/main/caselog/derived-form'
import type { SegmentParts } from '../../../src/main/domain/search-segments'

/** Both readers of a stored segment: from its text, and from its bytes (what a first search reads: Vault.loadManyBytes). */
const readers: [string, (docId: string, json: string) => SegmentParts][] = [
  ['text', readSegmentText],
  ['bytes', (docId, json) => readSegmentBytes(docId, Buffer.from(json, 'utf8'))],
]
import { documentJson } from '../../../src/main/store/documents'
import { buildSegment, TermsWriter, SegmentReader } from '../../../src/main/domain/search-segments'

const hit = { kind: 'record' as const, title: 'Phone call', detail: 'ESC-2026-0001 · draft', disputeId: '2026-abc', id: 'r1' }
const segment = { format: 2, ...buildSegment([{ hit, fields: ['Spoke to the duty social worker'], texts: ['Spoke to the duty social worker', ''] }]) }
const writer = new TermsWriter(null)
writer.replace('2026-abc', null, { docs: 1, counts: new SegmentReader(segment).counts() })
const terms = { format: 1, ...writer.data() }

const refused = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('not refused')
}

describe('reading the search index without the full schema parse', () => {
  it('accepts a segment and a term list in form, the same as the schema, with the snippet texts held', () => {
    expect(SearchSegmentDoc.parse(segment)).toEqual(segment)
    expect(readSegmentDoc('search.2026-abc', segment)).toEqual(segment)
    expect(segment.texts).toEqual([['Spoke to the duty social worker']])
    expect(SearchTermsDoc.parse(terms)).toEqual(terms)
    expect(readTermsDoc('search-terms.2026', terms)).toEqual(terms)
  })

  it('refuses by name whatever the schema refuses: a missing, extra or mistyped field', () => {
    const broken: unknown[] = [
      { ...segment, extra: 1 },
      { ...segment, vocab: 3 },
      { ...segment, hits: [{ ...hit, kind: 'note' }] },
      { ...segment, hits: [{ ...hit, disputeId: 4 }] },
      { ...segment, hits: [{ ...hit, more: '' }] },
      { ...segment, texts: [[1]] },
      { ...segment, texts: 'words' },
      (({ texts: _t, ...rest }) => rest)(segment),
      [segment],
    ]
    for (const doc of broken) {
      expect(SearchSegmentDoc.safeParse(doc).success).toBe(false)
      const error = refused(() => readSegmentDoc('search.2026-abc', doc))
      expect(error.code).toBe('document-invalid')
      expect(error.message).toContain('search.2026-abc')
    }
    for (const doc of [{ ...terms, docs: -1 }, { ...terms, docs: 1.5 }, { ...terms, disputes: [1] }, { ...terms, slots: null }, { ...terms, x: 1 }]) {
      expect(SearchTermsDoc.safeParse(doc).success).toBe(false)
      expect(refused(() => readTermsDoc('search-terms.2026', doc)).code).toBe('document-invalid')
    }
  })

  it('brings a segment from before snippet texts (format 1) up to format 2, holding none', () => {
    const { texts: _texts, ...v1 } = segment
    const read = readSegmentDoc('search.2026-abc', { ...v1, format: 1 })
    expect(read).toEqual({ ...v1, format: 2, texts: null })
  })

  describe.each(readers)('from its %s, the hits and texts read only when asked for', (_from, readSegment) => {
    // Texts holding every delimiter the reader looks for, quotes, backslashes, a newline and curly quotes.
    const awkward = [
      'He said "no", then "\\" ],"vocab":" and ","postings":" and ","texts": {"kind": — St Mary’s',
      'Line one\nline two \\ trailing backslash \\',
      'café naïve ],"vocab":"x',
    ]
    const hits = [
      { kind: 'dispute' as const, title: 'ESC-2026-0001 — “Ava” ],"vocab":"', detail: 'Police · open', disputeId: '2026-abc', id: '2026-abc' },
      { kind: 'record' as const, title: 'Phone call {"kind":', detail: 'ESC-2026-0001 · approved', disputeId: '2026-abc', id: 'r1' },
      { kind: 'record' as const, title: 'Email', detail: '","texts":', disputeId: '2026-abc', id: 'r2' },
    ]
    const built = { format: 2, ...buildSegment(hits.map((hit, i) => ({ hit, fields: [awkward[i], hit.title, 'naïve café'], texts: [awkward[i], awkward[(i + 1) % 3]] }))) }
    const json = documentJson(built)!

    it('reads the same words, postings, size, hits and texts as parsing it whole', () => {
      const parts = readSegment('search.2026-abc', json)
      expect(parts.size).toBe(3)
      expect(parts.vocab).toBe(built.vocab)
      expect(parts.postings).toBe(built.postings)
      expect(json).toContain('\\u2019')
      expect(parts.rest()).toEqual({ hits: built.hits, texts: built.texts })
      const reader = new SegmentReader(parts)
      expect(reader.data).toEqual({ hits: built.hits, vocab: built.vocab, postings: built.postings, texts: built.texts })
      expect([reader.hit(1), reader.texts(2)]).toEqual([built.hits[1], built.texts![2]])
      expect(reader.counts()).toEqual(new SegmentReader(built).counts())
      // Written another way (keys in another order, spaces), it is parsed whole and read the same.
      const other = readSegment('search.2026-abc', JSON.stringify({ texts: built.texts, postings: built.postings, vocab: built.vocab, hits: built.hits, format: 2 }, null, 1))
      expect([other.size, other.vocab, other.postings, other.rest()]).toEqual([3, built.vocab, built.postings, { hits: built.hits, texts: built.texts }])
      // Written before documents were ASCII, words beyond Latin-1 stand unescaped in the text: read the same.
      const urdu = { format: 2, ...buildSegment([{ hit, fields: ['ملاقات کی تفصیل', 'naïve'], texts: ['ملاقات'] }]) }
      expect([...urdu.vocab].some((c) => c.charCodeAt(0) > 0xff)).toBe(true)
      const plain = readSegment('search.2026-abc', JSON.stringify(urdu))
      expect([plain.vocab, plain.postings, plain.rest()]).toEqual([urdu.vocab, urdu.postings, { hits: urdu.hits, texts: urdu.texts }])
      const none = readSegment('search.2026-abc', documentJson({ ...built, texts: null })!)
      expect(none.rest()).toEqual({ hits: built.hits, texts: null })
    })

    it('refuses by name hits or texts not in form when they are read, and a text that is not JSON at once', () => {
      const lateRefusals = [
        documentJson({ ...built, hits: [...built.hits, { ...hit, more: '' }] })!,
        documentJson({ ...built, hits: [{ ...hit, kind: 'note' }] })!,
        documentJson({ ...built, texts: [[1]] })!,
        json.replace('],"vocab":"', '],"extra":[1],"vocab":"'),
        `${json.slice(0, -1)},"extra":1}`,
      ]
      for (const text of lateRefusals) {
        const parts = readSegment('search.2026-abc', text)
        const error = refused(() => parts.rest())
        expect(error.code).toBe('document-invalid')
        expect(error.message).toContain('search.2026-abc')
      }
      for (const text of [json.slice(0, -1), documentJson({ ...built, vocab: 3 })!, '[]']) {
        const error = refused(() => readSegment('search.2026-abc', text))
        expect(error.code).toBe('document-invalid')
        expect(error.message).toContain('search.2026-abc')
      }
    })
  })
})
