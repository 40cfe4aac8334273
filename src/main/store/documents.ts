/**
 * Document files: documents/<docId>.<generation>.enc, one new file per save.
 * Layout: "ELD1" ‖ vault id (16) ‖ u64 BE generation ‖ u8 id length ‖ id (ASCII) ‖ nonce ‖ ciphertext ‖ tag.
 * Everything before the nonce is the AAD, so the ciphertext is bound to this vault, this document and this
 * generation; the plaintext copies of those fields only serve to explain a refusal.
 */
import { open as aeadOpen, seal, u64 } from './crypto'
import { invalidDocumentId } from './errors'

export const DOCUMENTS_DIR = 'documents'
const MAGIC = Buffer.from('ELD1', 'ascii')
const DOC_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/

export const isValidDocId = (docId: string): boolean => DOC_ID.test(docId)

export function assertDocId(docId: unknown): asserts docId is string {
  if (typeof docId !== 'string' || !isValidDocId(docId)) throw invalidDocumentId(String(docId))
}

export const generationFileName = (docId: string, generation: number): string => `${docId}.${generation}.enc`

/** Parses a file name in documents/; null for anything that is not a generation file. */
export function parseGenerationFileName(name: string): { docId: string; generation: number } | null {
  const m = /^(.+)\.([1-9][0-9]{0,15})\.enc$/.exec(name)
  if (!m || !isValidDocId(m[1])) return null
  return { docId: m[1], generation: Number(m[2]) }
}

function documentAad(vaultIdBytes: Buffer, docId: string, generation: number): Buffer {
  const id = Buffer.from(docId, 'ascii')
  return Buffer.concat([MAGIC, vaultIdBytes, u64(generation), Buffer.from([id.length]), id])
}

export function encodeDocument(key: Buffer, vaultIdBytes: Buffer, docId: string, generation: number, json: string): Buffer {
  const aad = documentAad(vaultIdBytes, docId, generation)
  return Buffer.concat([aad, seal(key, Buffer.from(json, 'utf8'), aad)])
}

export type DecodeResult =
  | { ok: true; json: string }
  | { ok: false; why: 'document-damaged' | 'document-swapped' | 'document-rolled-back' | 'document-from-another-vault' }

export function decodeDocument(
  key: Buffer,
  vaultIdBytes: Buffer,
  docId: string,
  generation: number,
  file: Buffer,
): DecodeResult {
  const aad = documentAad(vaultIdBytes, docId, generation)
  if (file.length > aad.length && file.subarray(0, aad.length).equals(aad)) {
    const plain = aeadOpen(key, file.subarray(aad.length), aad)
    if (plain) return { ok: true, json: plain.toString('utf8') }
    return { ok: false, why: 'document-damaged' }
  }
  return { ok: false, why: explainMismatch(vaultIdBytes, docId, generation, file) }
}

/** Reads the unauthenticated header only to say what kind of wrong file this is. */
function explainMismatch(vaultIdBytes: Buffer, docId: string, generation: number, file: Buffer): Exclude<DecodeResult, { ok: true }>['why'] {
  if (file.length < 29 || !file.subarray(0, 4).equals(MAGIC)) return 'document-damaged'
  if (!file.subarray(4, 20).equals(vaultIdBytes)) return 'document-from-another-vault'
  const idLen = file[28]
  if (file.length < 29 + idLen) return 'document-damaged'
  if (file.subarray(29, 29 + idLen).toString('ascii') !== docId) return 'document-swapped'
  const gen = file.readBigUInt64BE(20)
  if (gen < BigInt(generation)) return 'document-rolled-back'
  return 'document-damaged'
}
