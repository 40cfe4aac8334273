/**
 * The stored form of the search index (issue 20: "stored in the vault as encrypted segments … updated by
 * each save in proportion to the save"): a segment per dispute, a term list per year kept in step by each
 * save, and the base64 bitsets the term lists carry.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildSegment,
  fromBase64,
  scoreSegment,
  SegmentReader,
  TermsReader,
  TermsWriter,
  toBase64,
  weighTerms,
  type StoredHit,
} from '../../../src/main/domain/search-segments'

const hit = (id: string): StoredHit => ({ kind: 'record', id, title: id, detail: '', disputeId: 'd' })
const segment = (...texts: string[]) => new SegmentReader(buildSegment(texts.map((t, i) => ({ hit: hit(`r${i}`), fields: [t] }))))
const contribution = (s: SegmentReader) => ({ docs: s.data.hits.length, counts: s.counts() })

/** The term list of several segments built from scratch, as a reference for one kept in step by saves. */
function fromScratch(segments: Map<string, SegmentReader>): { df: Map<string, number>; docs: number } {
  const df = new Map<string, number>()
  let docs = 0
  for (const s of segments.values()) {
    docs += s.data.hits.length
    for (const [t, n] of s.counts()) df.set(t, (df.get(t) ?? 0) + n)
  }
  return { df, docs }
}

describe('segments', () => {
  it('hold each document’s distinct words, stop words left out, and find them again', () => {
    const s = segment('Spoke to the social worker', 'The social worker called back')
    expect(s.vocab.toArray()).toEqual(['back', 'called', 'social', 'spoke', 'worker'])
    expect(s.docsOf('social')).toEqual([0, 1])
    expect(s.docsOf('spoke')).toEqual([0])
    expect(s.docsOf('the')).toBeNull()
  })

  it('score a document only when every term matches, by each term’s best word', () => {
    const s = segment('strategy meeting held', 'strategy only', 'meeting only')
    const matches = weighTerms(['strategy', 'meet'], [new Map([['strategy', 2]]), new Map([['meeting', 2]])], 3)
    const found: number[] = []
    scoreSegment(s, matches, (d) => found.push(d))
    expect(found).toEqual([0])
  })
})

describe('a year’s term list, kept in step by saves', () => {
  it('matches one built from scratch after any sequence of saves and removals', () => {
    const words = ['child', 'placement', 'referral', 'strategy', 'police', 'school', 'nurse']
    const text = fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 5 }).map((w) => w.join(' '))
    const op = fc.record({ dispute: fc.constantFrom('a', 'b', 'c', 'd'), records: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: null }) })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const writer = new TermsWriter(null)
        const current = new Map<string, SegmentReader>()
        for (const { dispute, records } of ops) {
          const before = current.get(dispute)
          const after = records ? segment(...records) : null
          writer.replace(dispute, before ? contribution(before) : null, after ? contribution(after) : null)
          if (after) current.set(dispute, after)
          else current.delete(dispute)
          // Stored and read back, as the vault would hand it over; then kept in step again.
          const reread = new TermsWriter(writer.data())
          expect(reread.data()).toEqual(writer.data())
        }
        const reader = new TermsReader(writer.data())
        const expected = fromScratch(current)
        expect(reader.data.docs).toBe(expected.docs)
        expect(new Map(reader.vocab.toArray().map((t, i) => [t, reader.df(i)]))).toEqual(expected.df)
        expect(writer.listed().sort()).toEqual([...current.keys()].sort())
        // Each word's bitset names exactly the disputes whose segment holds it.
        reader.vocab.toArray().forEach((t, i) => {
          const bits = reader.slots(i)
          const holders = reader.data.disputes.filter((id, slot) => id && (bits[slot >> 3] ?? 0) & (1 << (slot & 7)))
          expect(holders.sort()).toEqual([...current].filter(([, s]) => s.docsOf(t)).map(([id]) => id).sort())
        })
      }),
    )
  })

  it('says when a save changes nothing stored (an approval leaves the words as they were)', () => {
    const writer = new TermsWriter(null)
    const s = segment('placement breakdown')
    expect(writer.replace('a', null, contribution(s))).toBe(true)
    expect(writer.replace('a', contribution(s), contribution(segment('placement breakdown')))).toBe(false)
  })
})

it('base64 bitsets round-trip', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
      const text = toBase64(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64').replace(/=+$/, ''))
      expect([...fromBase64(text)]).toEqual([...bytes])
    }),
  )
})
