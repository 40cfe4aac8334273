/**
 * Document files: documents/<docId>.<generation>.enc, one new file per save; attachment chunks
 * (att-<name>-<i>) in chunks/ instead, a folder unlock does not list.
 * Format 2: "ELD2" ‖ vault id (16) ‖ u32 BE epoch ‖ u64 BE generation ‖ u8 id length ‖ id ‖ nonce ‖ ciphertext ‖ tag.
 * Format 1 (still read, as epoch 0): "ELD1" ‖ vault id (16) ‖ u64 BE generation ‖ u8 id length ‖ id ‖ nonce ‖ … .
 * Everything before the nonce is the AAD, so the ciphertext is bound to this vault, this document and this
 * generation; the plaintext copies of those fields only serve to explain a refusal.
 */
import { open as aeadOpen, seal, u64 } from './crypto'
import { u32, type EpochKeys, type Keyring } from './keys'
import { invalidDocumentId } from './errors'

export const DOCUMENTS_DIR = 'documents'
/** Attachment chunks' generation files: the same format, kept out of documents/ so unlock need not list them. */
export const CHUNKS_DIR = 'chunks'
const CHUNK_ID = /^att-([0-9a-f]{32})-(0|[1-9][0-9]{0,6})$/
const MAGIC = Buffer.from('ELD1', 'ascii')
const MAGIC2 = Buffer.from('ELD2', 'ascii')
const DOC_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/

export const isValidDocId = (docId: string): boolean => DOC_ID.test(docId)

export function assertDocId(docId: unknown): asserts docId is string {
  if (typeof docId !== 'string' || !isValidDocId(docId)) throw invalidDocumentId(String(docId))
}

const NON_ASCII = /[\u0080-\uffff]/
const NON_ASCII_ALL = /[\u0080-\uffff]/g
const escapeUnit = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * A document's JSON text with every character beyond ASCII written as a `\u` escape: the same JSON value,
 * but its bytes are plain ASCII, which Node turns back into a string several times faster than UTF-8 text
 * holding a single curly quote (and JSON.parse reads a one-byte string faster too). Every read of a
 * document (unlock, a first search) pays that decoding; a save pays one scan. Undefined if not JSON.
 */
export function documentJson(value: unknown): string | undefined {
  const json = JSON.stringify(value) as string | undefined
  if (json === undefined || !NON_ASCII.test(json)) return json
  return json.replace(NON_ASCII_ALL, escapeUnit)
}

export const generationFileName = (docId: string, generation: number): string => `${docId}.${generation}.enc`

/** The attachment name and chunk index of a chunk document id; null for any other document. */
export function chunkOfDocId(docId: string): { name: string; index: number } | null {
  const m = CHUNK_ID.exec(docId)
  return m ? { name: m[1]!, index: Number(m[2]) } : null
}

export const isChunkId = (docId: string): boolean => docId.startsWith('att-') && CHUNK_ID.test(docId)

/** The folder a document's generation files live in. */
export const folderOf = (docId: string): string => (isChunkId(docId) ? CHUNKS_DIR : DOCUMENTS_DIR)

/** Parses a file name in documents/; null for anything that is not a generation file. */
export function parseGenerationFileName(name: string): { docId: string; generation: number } | null {
  const m = /^(.+)\.([1-9][0-9]{0,15})\.enc$/.exec(name)
  if (!m || !isValidDocId(m[1])) return null
  return { docId: m[1], generation: Number(m[2]) }
}

function documentAad(vaultIdBytes: Buffer, docId: string, generation: number, epoch: number | null): Buffer {
  const id = Buffer.from(docId, 'ascii')
  return epoch === null
    ? Buffer.concat([MAGIC, vaultIdBytes, u64(generation), Buffer.from([id.length]), id])
    : Buffer.concat([MAGIC2, vaultIdBytes, u32(epoch), u64(generation), Buffer.from([id.length]), id])
}

export function encodeDocument(keys: EpochKeys, vaultIdBytes: Buffer, docId: string, generation: number, json: string): Buffer {
  const aad = documentAad(vaultIdBytes, docId, generation, keys.epoch)
  return Buffer.concat([aad, seal(keys.sub('documents'), Buffer.from(json, 'utf8'), aad)])
}

/** Format 1 (tools and tests that build format-1 vaults). */
export function encodeDocumentV1(key: Buffer, vaultIdBytes: Buffer, docId: string, generation: number, json: string): Buffer {
  const aad = documentAad(vaultIdBytes, docId, generation, null)
  return Buffer.concat([aad, seal(key, Buffer.from(json, 'utf8'), aad)])
}

export type DecodeResult =
  | { ok: true; json: string; epoch: number }
  | { ok: false; why: 'document-damaged' | 'document-swapped' | 'document-rolled-back' | 'document-from-another-vault' }

export function decodeDocument(keyring: Keyring, vaultIdBytes: Buffer, docId: string, generation: number, file: Buffer): DecodeResult {
  const decoded = decodeDocumentBytes(keyring, vaultIdBytes, docId, generation, file)
  return decoded.ok ? { ok: true, json: decoded.plain.toString('utf8'), epoch: decoded.epoch } : decoded
}

/** decodeDocument, its plaintext left as bytes. */
export function decodeDocumentBytes(
  keyring: Keyring,
  vaultIdBytes: Buffer,
  docId: string,
  generation: number,
  file: Buffer,
): { ok: true; plain: Buffer; epoch: number } | Exclude<DecodeResult, { ok: true }> {
  const v2 = file.length >= 4 && file.subarray(0, 4).equals(MAGIC2)
  const epoch = v2 && file.length >= 24 ? file.readUInt32BE(20) : 0
  const aad = documentAad(vaultIdBytes, docId, generation, v2 ? epoch : null)
  const keys = keyring.at(epoch)
  if (keys && file.length > aad.length && file.subarray(0, aad.length).equals(aad)) {
    const plain = aeadOpen(keys.sub('documents'), file.subarray(aad.length), aad)
    if (plain) return { ok: true, plain, epoch }
    return { ok: false, why: 'document-damaged' }
  }
  return { ok: false, why: explainMismatch(vaultIdBytes, docId, generation, file) }
}

/** Reads the unauthenticated header only to say what kind of wrong file this is. */
function explainMismatch(vaultIdBytes: Buffer, docId: string, generation: number, file: Buffer): Exclude<DecodeResult, { ok: true }>['why'] {
  const v2 = file.length >= 4 && file.subarray(0, 4).equals(MAGIC2)
  if (!v2 && (file.length < 29 || !file.subarray(0, 4).equals(MAGIC))) return 'document-damaged'
  if (v2 && file.length < 33) return 'document-damaged'
  if (!file.subarray(4, 20).equals(vaultIdBytes)) return 'document-from-another-vault'
  const genAt = v2 ? 24 : 20
  const lenAt = genAt + 8
  if (file.length < lenAt + 1) return 'document-damaged'
  const idLen = file[lenAt]
  if (file.length < lenAt + 1 + idLen) return 'document-damaged'
  if (file.subarray(lenAt + 1, lenAt + 1 + idLen).toString('ascii') !== docId) return 'document-swapped'
  const gen = file.readBigUInt64BE(genAt)
  if (gen < BigInt(generation)) return 'document-rolled-back'
  return 'document-damaged'
}
