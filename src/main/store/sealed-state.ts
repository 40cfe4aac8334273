/**
 * head.enc and checkpoint.enc: small encrypted JSON files, each rewritten durably.
 * Format 2: file = u32 BE epoch ‖ nonce ‖ ciphertext ‖ tag; AAD = vault id ‖ ASCII "head"/"checkpoint" ‖ u32 epoch,
 * key = that epoch's subkey. Format 1 (still read, as epoch 0): file = nonce ‖ ciphertext ‖ tag; AAD = vault id ‖
 * "head"/"checkpoint". The two are told apart by which one authenticates.
 */
import { z } from 'zod'
import { open as aeadOpen, seal } from './crypto'
import { u32, type EpochKeys, type Keyring } from './keys'

export const HEAD_FILE = 'head.enc'
export const CHECKPOINT_FILE = 'checkpoint.enc'

const hash64 = z.string().regex(/^[0-9a-f]{64}$/)
const nonNegInt = z.number().int().nonnegative()

const headSchema = z.object({ seq: nonNegInt, hash: hash64, journalBytes: nonNegInt }).strict()
export type Head = z.infer<typeof headSchema>

const manifestEntry = z.union([
  z.object({ generation: z.number().int().positive(), hash: hash64, epoch: nonNegInt.optional() }).strict(),
  z.object({ generation: z.number().int().positive(), deleted: z.literal(true) }).strict(),
])
export type ManifestEntry = z.infer<typeof manifestEntry>

/** The newest header-changing event before the checkpoint (format 2): its seq and the header's JSON text. */
const checkpointHeader = z.object({ seq: z.number().int().positive(), at: z.string().max(64), json: z.string().max(4 * 1024 * 1024) }).strict()

/** Bytes of one attachment chunk's entry in a version-2 checkpoint's `chunks` section (manifest.ts). */
export const CHUNK_RECORD = 64

/**
 * Whether a chunk section has the length of whole records, checked without reading it (a pattern test of every
 * character would cost an unlock ~6 ms at 5,000 chunks); what it holds is authenticated with the checkpoint.
 */
const isChunkSection = (text: string): boolean => text.length % 4 === 0 && Buffer.byteLength(text, 'base64') % CHUNK_RECORD === 0

/**
 * Version 2 adds `chunks`, the attachment chunks' entries as one compact section (manifest.ts), and lists no
 * chunk in `docs`; version 1 (no `v`) lists them in `docs` with every other document.
 */
const checkpointSchema = z
  .object({
    v: z.literal(2).optional(),
    seq: nonNegInt,
    hash: hash64,
    journalBytes: nonNegInt,
    docs: z.record(z.string(), manifestEntry),
    chunks: z.string().refine(isChunkSection).optional(),
    header: checkpointHeader.nullable().optional(),
  })
  .strict()
export type Checkpoint = z.infer<typeof checkpointSchema>

const aad = (vaultIdBytes: Buffer, kind: 'head' | 'checkpoint') => Buffer.concat([vaultIdBytes, Buffer.from(kind, 'ascii')])
const aadV2 = (vaultIdBytes: Buffer, kind: 'head' | 'checkpoint', epoch: number) => Buffer.concat([aad(vaultIdBytes, kind), u32(epoch)])

function encode(keys: EpochKeys, vaultIdBytes: Buffer, kind: 'head' | 'checkpoint', value: unknown): Buffer {
  return Buffer.concat([u32(keys.epoch), seal(keys.sub(kind), Buffer.from(JSON.stringify(value), 'utf8'), aadV2(vaultIdBytes, kind, keys.epoch))])
}

export const encodeHead = (keys: EpochKeys, vaultIdBytes: Buffer, head: Head): Buffer => encode(keys, vaultIdBytes, 'head', head)

export const encodeCheckpoint = (keys: EpochKeys, vaultIdBytes: Buffer, cp: Checkpoint): Buffer => encode(keys, vaultIdBytes, 'checkpoint', cp)

/** Format 1 (tools and tests that build format-1 vaults). */
export const encodeHeadV1 = (key: Buffer, vaultIdBytes: Buffer, head: Head): Buffer =>
  seal(key, Buffer.from(JSON.stringify(head), 'utf8'), aad(vaultIdBytes, 'head'))

function decode<T>(schema: z.ZodType<T>, keyring: Keyring, vaultIdBytes: Buffer, kind: 'head' | 'checkpoint', file: Buffer): { value: T; epoch: number } | null {
  let plain: Buffer | null = null
  let epoch = 0
  if (file.length >= 4) {
    const e = file.readUInt32BE(0)
    const keys = keyring.at(e)
    if (keys) {
      plain = aeadOpen(keys.sub(kind), file.subarray(4), aadV2(vaultIdBytes, kind, e))
      epoch = e
    }
  }
  if (!plain) {
    const keys = keyring.at(0)
    plain = keys ? aeadOpen(keys.sub(kind), file, aad(vaultIdBytes, kind)) : null
    epoch = 0
  }
  if (!plain) return null
  try {
    const parsed = schema.safeParse(JSON.parse(plain.toString('utf8')))
    return parsed.success ? { value: parsed.data, epoch } : null
  } catch {
    return null
  }
}

export const decodeHead = (keyring: Keyring, vaultIdBytes: Buffer, file: Buffer): Head | null =>
  decode(headSchema, keyring, vaultIdBytes, 'head', file)?.value ?? null

export const decodeCheckpoint = (keyring: Keyring, vaultIdBytes: Buffer, file: Buffer): Checkpoint | null =>
  decode(checkpointSchema, keyring, vaultIdBytes, 'checkpoint', file)?.value ?? null
