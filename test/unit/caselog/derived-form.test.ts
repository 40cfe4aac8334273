/**
 * Issue 20, "first search after unlock ≤ 2 × the floor of reading and decrypting the index bytes the query
 * touches": the search index's documents are read with a structural check instead of the full schema parse.
 * The check must accept no more than the schema does, and a document from before (format 1) still goes
 * through its migration.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { SearchSegmentDoc, SearchTermsDoc } from '../../../src/main/caselog/documents'
import { readSegmentDoc, readTermsDoc } from '../../../src/main/caselog/derived-form'
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
})
