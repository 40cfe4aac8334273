/**
 * Reading the search index's documents without the full schema parse. They are vault documents (encrypted
 * and authenticated, listed in the journal with their hash), derived from the dispute documents and rebuilt
 * when damaged, so what a first search must pay on top of reading and decrypting them is only a structural
 * check: the keys and the types of every value, in one pass, with no per-field parser objects. A document
 * at an older format goes through its migrations and the schema as every other document does.
 *
 * The check accepts no more than the schema in documents.ts accepts (a test holds them together); a
 * document that fails it goes to readDocument, which refuses it by name as it does every other.
 */
import type { SearchSegmentDoc, SearchTermsDoc } from './documents'
import { currentFormat, readDocument } from './migrations'

const HIT_KINDS = new Set(['record', 'dispute', 'child', 'directory'])
const SEGMENT_KEYS = 5 // format, hits, vocab, postings, texts
const TERMS_KEYS = 6 // format, disputes, docs, vocab, df, slots
const HIT_KEYS = 5 // kind, title, detail, disputeId, id

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const keyCount = (o: Obj): number => {
  let n = 0
  for (const _ in o) n++
  return n
}
const allStrings = (v: unknown): boolean => {
  if (!Array.isArray(v)) return false
  for (const s of v) if (typeof s !== 'string') return false
  return true
}

function segmentInForm(doc: Obj): boolean {
  const { hits, texts } = doc
  if (keyCount(doc) !== SEGMENT_KEYS || typeof doc.vocab !== 'string' || typeof doc.postings !== 'string') return false
  if (!Array.isArray(hits)) return false
  for (const h of hits) {
    if (!isObject(h) || keyCount(h) !== HIT_KEYS) return false
    if (typeof h.kind !== 'string' || !HIT_KINDS.has(h.kind)) return false
    if (typeof h.title !== 'string' || typeof h.detail !== 'string' || typeof h.id !== 'string') return false
    if (h.disputeId !== null && typeof h.disputeId !== 'string') return false
  }
  if (texts === null) return 'texts' in doc
  if (!Array.isArray(texts)) return false
  for (const t of texts) if (!allStrings(t)) return false
  return true
}

function termsInForm(doc: Obj): boolean {
  if (keyCount(doc) !== TERMS_KEYS) return false
  if (typeof doc.vocab !== 'string' || typeof doc.df !== 'string' || typeof doc.slots !== 'string') return false
  const docs = doc.docs
  if (typeof docs !== 'number' || !Number.isInteger(docs) || docs < 0) return false
  return allStrings(doc.disputes)
}

const SEGMENT_FORMAT = currentFormat('searchSegment')
const TERMS_FORMAT = currentFormat('searchTerms')

/** A segment (`search.<id>`): checked by structure at the current format, migrated and parsed otherwise. */
export function readSegmentDoc(docId: string, stored: unknown): SearchSegmentDoc {
  if (isObject(stored) && stored.format === SEGMENT_FORMAT && docId.startsWith('search.')) {
    if (segmentInForm(stored)) return stored as SearchSegmentDoc
  }
  // Older, or not in form: the migrations and the schema, which name what is wrong as for every document.
  return readDocument('searchSegment', docId, stored)
}

/** A term list (`search-terms.<year>`): likewise. */
export function readTermsDoc(docId: string, stored: unknown): SearchTermsDoc {
  if (isObject(stored) && stored.format === TERMS_FORMAT && docId.startsWith('search-terms.')) {
    if (termsInForm(stored)) return stored as SearchTermsDoc
  }
  return readDocument('searchTerms', docId, stored)
}
