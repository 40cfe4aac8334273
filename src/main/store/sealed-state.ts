/**
 * head.enc and checkpoint.enc: small encrypted JSON files, each rewritten durably.
 * File = nonce ‖ ciphertext ‖ tag; AAD = vault id (16 bytes) ‖ ASCII "head" or "checkpoint".
 */
import { z } from 'zod'
import { open as aeadOpen, seal } from './crypto'

export const HEAD_FILE = 'head.enc'
export const CHECKPOINT_FILE = 'checkpoint.enc'

const hash64 = z.string().regex(/^[0-9a-f]{64}$/)
const nonNegInt = z.number().int().nonnegative()

const headSchema = z.object({ seq: nonNegInt, hash: hash64, journalBytes: nonNegInt }).strict()
export type Head = z.infer<typeof headSchema>

const manifestEntry = z.union([
  z.object({ generation: z.number().int().positive(), hash: hash64 }).strict(),
  z.object({ generation: z.number().int().positive(), deleted: z.literal(true) }).strict(),
])
export type ManifestEntry = z.infer<typeof manifestEntry>

const checkpointSchema = z
  .object({ seq: nonNegInt, hash: hash64, journalBytes: nonNegInt, docs: z.record(z.string(), manifestEntry) })
  .strict()
export type Checkpoint = z.infer<typeof checkpointSchema>

const aad = (vaultIdBytes: Buffer, kind: 'head' | 'checkpoint') => Buffer.concat([vaultIdBytes, Buffer.from(kind, 'ascii')])

export const encodeHead = (key: Buffer, vaultIdBytes: Buffer, head: Head): Buffer =>
  seal(key, Buffer.from(JSON.stringify(head), 'utf8'), aad(vaultIdBytes, 'head'))

export const encodeCheckpoint = (key: Buffer, vaultIdBytes: Buffer, cp: Checkpoint): Buffer =>
  seal(key, Buffer.from(JSON.stringify(cp), 'utf8'), aad(vaultIdBytes, 'checkpoint'))

function decode<T>(schema: z.ZodType<T>, key: Buffer, vaultIdBytes: Buffer, kind: 'head' | 'checkpoint', file: Buffer): T | null {
  const plain = aeadOpen(key, file, aad(vaultIdBytes, kind))
  if (!plain) return null
  try {
    const parsed = schema.safeParse(JSON.parse(plain.toString('utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export const decodeHead = (key: Buffer, vaultIdBytes: Buffer, file: Buffer): Head | null =>
  decode(headSchema, key, vaultIdBytes, 'head', file)

export const decodeCheckpoint = (key: Buffer, vaultIdBytes: Buffer, file: Buffer): Checkpoint | null =>
  decode(checkpointSchema, key, vaultIdBytes, 'checkpoint', file)
