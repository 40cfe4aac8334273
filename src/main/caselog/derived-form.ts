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
import { isAscii } from 'node:buffer'
import { AppError } from '../../shared/errors'
import type { SegmentParts, SegmentRest } from '../domain/search-segments'
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

function hitsInForm(hits: unknown): boolean {
  if (!Array.isArray(hits)) return false
  for (const h of hits) {
    if (!isObject(h) || keyCount(h) !== HIT_KEYS) return false
    if (typeof h.kind !== 'string' || !HIT_KINDS.has(h.kind)) return false
    if (typeof h.title !== 'string' || typeof h.detail !== 'string' || typeof h.id !== 'string') return false
    if (h.disputeId !== null && typeof h.disputeId !== 'string') return false
  }
  return true
}

function textsInForm(texts: unknown): boolean {
  if (texts === null) return true
  if (!Array.isArray(texts)) return false
  for (const t of texts) if (!allStrings(t)) return false
  return true
}

function segmentInForm(doc: Obj): boolean {
  if (keyCount(doc) !== SEGMENT_KEYS || typeof doc.vocab !== 'string' || typeof doc.postings !== 'string') return false
  return hitsInForm(doc.hits) && 'texts' in doc && textsInForm(doc.texts)
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

const notInForm = (docId: string): AppError =>
  new AppError('document-invalid', `The document “${docId}” cannot be used: it is not a document this version of Escalation Log recognises.`, { field: docId })

/**
 * A segment from its JSON text (Vault.loadManyText), its hits and texts left as text until a result from it
 * is shown. Most of a segment's bytes are its hits and snippet texts (all 10,000 children's, in the children's
 * segment), yet a query scores a segment from its words and postings alone and shows at most a page of
 * results: parsing every hit object and text of every segment read was most of a first search's cost, and
 * its garbage most of the collections during it.
 *
 * The text of a segment this version wrote is `{"format":2,"hits":H,"vocab":"V","postings":"P","texts":T}`
 * (the keys in that order). V and P are found from the end, where every delimiter holds an unescaped quote,
 * which no JSON string can hold, so none of them can be inside a value: V and P are taken as they stand when
 * they hold no quote, backslash or control character (words and numbers), else decoded as JSON strings. H and
 * T are parsed together, as a document of exactly those two keys, by `rest` — and checked as readSegmentDoc
 * checks them, with as many hits as H holds objects (`size`); `rest` throws the same `document-invalid` error
 * naming the document if they are not in form. Any other text (another key order, an older format) is parsed
 * whole and read by readSegmentDoc, as before.
 */
export function readSegmentText(docId: string, json: string): SegmentParts {
  const parts = docId.startsWith('search.') ? splitSegment(json) : null
  const vocab = parts ? stringValue(parts.vocab) : null
  const postings = parts ? stringValue(parts.postings) : null
  if (parts && vocab !== null && postings !== null) {
    const size = countObjects(parts.hits)
    // Copies, not slices of the whole text: a segment kept for later queries would otherwise hold all of its
    // text after its hits and texts were parsed (the slices of those go with `rest` once it has run).
    return { size, vocab: copyOf(vocab), postings: copyOf(postings), rest: () => readSegmentRest(docId, parts.hits, parts.texts, size) }
  }
  let stored: unknown
  try {
    stored = JSON.parse(json)
  } catch {
    throw notInForm(docId)
  }
  const doc = readSegmentDoc(docId, stored)
  return { size: doc.hits.length, vocab: doc.vocab, postings: doc.postings, rest: () => ({ hits: doc.hits, texts: doc.texts }) }
}

const SEGMENT_START = `{"format":${SEGMENT_FORMAT},"hits":`
const TEXTS_KEY = '","texts":'
const POSTINGS_KEY = '","postings":"'
const VOCAB_KEY = '],"vocab":"'
const bytesOf = (text: string): Buffer => Buffer.from(text, 'latin1')
const SEGMENT_START_BYTES = bytesOf(SEGMENT_START)
const TEXTS_KEY_BYTES = bytesOf(TEXTS_KEY)
const POSTINGS_KEY_BYTES = bytesOf(POSTINGS_KEY)
const VOCAB_KEY_BYTES = bytesOf(VOCAB_KEY)
const OBJECT_OPEN = bytesOf('{"')

/**
 * readSegmentText, from the segment's verified bytes (Vault.loadManyBytes): only its words and postings become
 * strings, and its hits and texts stay as bytes, off the heap, until a result from it is shown. Every segment
 * this version writes is ASCII (documentJson escapes whatever is beyond it), so its bytes are its text and the
 * delimiters are found in them as in the text. Anything else — bytes beyond ASCII (a segment an earlier version
 * wrote), another key order, an older format — is decoded and read by readSegmentText, as before.
 */
export function readSegmentBytes(docId: string, bytes: Buffer): SegmentParts {
  const parts = docId.startsWith('search.') && isAscii(bytes) ? splitSegmentBytes(bytes) : null
  const vocab = parts ? stringValue(bytes.toString('latin1', parts.vocab[0], parts.vocab[1])) : null
  const postings = parts ? stringValue(bytes.toString('latin1', parts.postings[0], parts.postings[1])) : null
  if (!parts || vocab === null || postings === null) return readSegmentText(docId, bytes.toString('utf8'))
  const { hits, texts } = parts
  const size = countObjectsIn(hits)
  return { size, vocab, postings, rest: () => readSegmentRest(docId, hits.toString('latin1'), texts.toString('latin1'), size) }
}


function splitSegmentBytes(b: Buffer): { hits: Buffer; vocab: [number, number]; postings: [number, number]; texts: Buffer } | null {
  const start = SEGMENT_START_BYTES.length
  if (b.length <= start || !b.subarray(0, start).equals(SEGMENT_START_BYTES) || b[b.length - 1] !== 0x7d) return null
  const t = b.lastIndexOf(TEXTS_KEY_BYTES)
  if (t < start) return null
  const p = b.lastIndexOf(POSTINGS_KEY_BYTES, t)
  if (p < start) return null
  const v = b.lastIndexOf(VOCAB_KEY_BYTES, p)
  if (v < start || b[start] !== 0x5b) return null
  return {
    hits: b.subarray(start, v + 1),
    vocab: [v + VOCAB_KEY.length, p],
    postings: [p + POSTINGS_KEY.length, t],
    texts: b.subarray(t + TEXTS_KEY.length, b.length - 1),
  }
}

/** countObjects, in bytes. */
function countObjectsIn(b: Buffer): number {
  let n = 0
  for (let at = b.indexOf(OBJECT_OPEN); at !== -1; at = b.indexOf(OBJECT_OPEN, at + 2)) n++
  return n
}

function splitSegment(json: string): { hits: string; vocab: string; postings: string; texts: string } | null {
  if (!json.startsWith(SEGMENT_START) || !json.endsWith('}')) return null
  const t = json.lastIndexOf(TEXTS_KEY)
  if (t < SEGMENT_START.length) return null
  const p = json.lastIndexOf(POSTINGS_KEY, t)
  if (p < SEGMENT_START.length) return null
  const v = json.lastIndexOf(VOCAB_KEY, p)
  if (v < SEGMENT_START.length || json[SEGMENT_START.length] !== '[') return null
  return {
    hits: json.slice(SEGMENT_START.length, v + 1),
    vocab: json.slice(v + VOCAB_KEY.length, p),
    postings: json.slice(p + POSTINGS_KEY.length, t),
    texts: json.slice(t + TEXTS_KEY.length, json.length - 1),
  }
}

/** A string of its own (V8 keeps a long substring as a slice that holds the whole string it was cut from). */
const copyOf = (text: string): string => (text.length < 16 ? text : Buffer.from(text, 'utf8').toString('utf8'))

/** The value of a JSON string from its text between the quotes, or null if it is not one. */
function stringValue(raw: string): string | null {
  // A quote, a backslash or a raw control character (which JSON never holds in a string): decoded, or refused.
  // eslint-disable-next-line no-control-regex
  if (!/["\\\u0000-\u001f]/.test(raw)) return raw
  try {
    const value: unknown = JSON.parse(`"${raw}"`)
    return typeof value === 'string' ? value : null
  } catch {
    return null
  }
}

/** Objects in a JSON array of flat objects: each opens with `{"`, which cannot occur inside a string. */
function countObjects(json: string): number {
  let n = 0
  for (let at = json.indexOf('{"'); at !== -1; at = json.indexOf('{"', at + 2)) n++
  return n
}

function readSegmentRest(docId: string, hits: string, texts: string, size: number): SegmentRest {
  let rest: unknown
  try {
    rest = JSON.parse(`{"hits":${hits},"texts":${texts}}`)
  } catch {
    throw notInForm(docId)
  }
  if (!isObject(rest) || keyCount(rest) !== 2 || !hitsInForm(rest.hits) || !textsInForm(rest.texts)) throw notInForm(docId)
  const out = rest as unknown as SegmentRest
  if (out.hits.length !== size) throw notInForm(docId)
  return out
}
