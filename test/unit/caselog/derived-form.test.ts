/**
 * Issue 20, "first search after unlock ≤ 2 × the floor of reading and decrypting the index bytes the query
 * touches": the search index's documents are read with a structural check instead of the full schema parse.
 * The check must accept no more than the schema does, and a document from before (format 1) still goes
 * through its migration.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { SearchSegmentDoc, SearchTermsDoc, SearchTextsDoc } from '../../../src/main/caselog/documents'
import { readSegmentDoc, readTermsDoc, readTextsDoc } from '../../../src/main/caselog/derived-form'
import { readDocument } from '../../../src/main/caselog/migrations'
import { buildSegment, TermsWriter, SegmentReader } from '../../../src/main/domain/search-segments'

const hit = { kind: 'record' as const, title: 'Phone call', detail: 'ESC-2026-0001 · draft', disputeId: '2026-abc', id: 'r1' }
const { texts: builtTexts, ...built } = buildSegment([{ hit, fields: ['Spoke to the duty social worker'], texts: ['Spoke to the duty social worker', ''] }])
const segment = { format: 3, ...built }
const texts = { format: 1, texts: builtTexts! }
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
  it('accepts a segment, its texts and a term list in form, the same as the schema', () => {
    expect(SearchSegmentDoc.parse(segment)).toEqual(segment)
    expect(readSegmentDoc('search.2026-abc', segment)).toEqual(segment)
    expect(texts.texts).toEqual([['Spoke to the duty social worker']])
    expect(SearchTextsDoc.parse(texts)).toEqual(texts)
    expect(readTextsDoc('search-texts.2026-abc', texts)).toEqual(texts)
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
      // Format 3 keeps the texts apart: a segment holding them is not in form.
      { ...segment, texts: [['words']] },
      (({ postings: _p, ...rest }) => rest)(segment),
      [segment],
    ]
    for (const doc of broken) {
      expect(SearchSegmentDoc.safeParse(doc).success).toBe(false)
      const error = refused(() => readSegmentDoc('search.2026-abc', doc))
      expect(error.code).toBe('document-invalid')
      expect(error.message).toContain('search.2026-abc')
    }
    for (const doc of [{ ...texts, texts: [[1]] }, { ...texts, texts: 'words' }, { ...texts, texts: null }, { ...texts, extra: 1 }, { format: 1 }]) {
      expect(SearchTextsDoc.safeParse(doc).success).toBe(false)
      const error = refused(() => readTextsDoc('search-texts.2026-abc', doc))
      expect(error.code).toBe('document-invalid')
      expect(error.message).toContain('search-texts.2026-abc')
    }
    for (const doc of [{ ...terms, docs: -1 }, { ...terms, docs: 1.5 }, { ...terms, disputes: [1] }, { ...terms, slots: null }, { ...terms, x: 1 }]) {
      expect(SearchTermsDoc.safeParse(doc).success).toBe(false)
      expect(refused(() => readTermsDoc('search-terms.2026', doc)).code).toBe('document-invalid')
    }
  })

  it('brings a segment from before snippet texts (format 1) up to format 3', () => {
    const read = readSegmentDoc('search.2026-abc', { ...segment, format: 1 })
    expect(read).toEqual(segment)
  })

  it('brings a segment holding its texts (format 2) up to format 3, without them: its snippets come from the documents', () => {
    expect(readSegmentDoc('search.2026-abc', { ...segment, format: 2, texts: texts.texts })).toEqual(segment)
    // The structural reading of a format-2 segment gives exactly what its migration and the schema give.
    const v2 = { ...segment, format: 2, texts: texts.texts }
    expect(readSegmentDoc('search.2026-abc', v2)).toEqual(readDocument('searchSegment', 'search.2026-abc', structuredClone(v2)))
    for (const bad of [{ ...v2, texts: [[1]] }, { ...v2, extra: 1 }, { ...v2, hits: [{ ...hit, kind: 'note' }] }, (({ texts: _t, ...rest }) => rest)(v2)])
      expect(refused(() => readSegmentDoc('search.2026-abc', bad)).code).toBe('document-invalid')
    expect(readSegmentDoc('search.2026-abc', { ...segment, format: 2, texts: null })).toEqual(segment)
    // A format-2 segment not in its form is still refused by name.
    expect(refused(() => readSegmentDoc('search.2026-abc', { ...segment, format: 2, texts: null, hits: 'none' })).message).toContain('search.2026-abc')
    expect(refused(() => readSegmentDoc('search.2026-abc', { ...segment, format: 2, texts: 'words' })).message).toContain('search.2026-abc')
  })
})
