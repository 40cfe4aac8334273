/**
 * vault.json: the plaintext header (docs/vault-format.md, "vault.json"). It lists the people (so the unlock
 * screen can offer them before any key exists), pending invitations and the recovery key, each as a key slot,
 * and, from format 2, the header's revision, the current key epoch, the sealed keyring of earlier epochs and
 * where the format-1 part of the journal ends. After unlock the whole header is checked against an HMAC under
 * the current epoch's header subkey; and every header change is also a journal event carrying the header, so an
 * older copy of this file is recognised as rolled back.
 *
 * Format 1 headers are still parsed (so a format-1 vault or backup can be opened and upgraded), never written.
 */
import { z } from 'zod'
import { hmacHex, equalHex, sha256Hex, ZERO_HASH } from './crypto'
import { isValidKdf, SALT_BYTES } from './kdf'
import type { KdfParams, PersonSlot } from './types'

export const FORMAT_NAME = 'escalation-log-vault'
export const FORMAT_VERSION = 2
export const HEADER_FILE = 'vault.json'

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))
const hexAny = z.string().regex(/^(?:[0-9a-f]{2})+$/).max(1 << 20)
const positiveInt = z.number().int().positive()
const nonNegInt = z.number().int().nonnegative()
const instant = z.string().min(1).max(64)
const name = z.string().min(1).max(200)

const kdfSchema = z
  .object({
    algorithm: z.literal('argon2id'),
    version: z.literal(19),
    memoryKiB: positiveInt,
    passes: positiveInt,
    parallelism: positiveInt,
    salt: hex(SALT_BYTES),
  })
  .strict()
export type SlotKdf = z.infer<typeof kdfSchema>

/** 12-byte nonce ‖ 32-byte key ‖ 16-byte tag. */
const WRAPPED = hex(12 + 32 + 16)
/** X25519 ephemeral public key ‖ nonce ‖ 32-byte key ‖ tag. */
const SEALED_KEY = hex(32 + 12 + 32 + 16)

// ---- format 1 ------------------------------------------------------------------------------------------

const slotV1Schema = z.object({ slotId: hex(8), personId: hex(8), name, kdf: kdfSchema, wrappedKey: WRAPPED })
const headerV1Schema = z.object({
  format: z.literal(FORMAT_NAME),
  version: z.literal(1),
  vaultId: hex(16),
  createdAt: instant,
  slots: z.array(slotV1Schema).min(1),
  mac: hex(32),
})
export type KeySlotV1 = z.infer<typeof slotV1Schema>
export type VaultHeaderV1 = z.infer<typeof headerV1Schema>

// ---- format 2 ------------------------------------------------------------------------------------------

/** A person's slot: their box key pair (for the epoch key) and signing key pair, private halves under their passphrase. */
const personSlotSchema = z
  .object({
    slotId: hex(8),
    personId: hex(8),
    name,
    kdf: kdfSchema,
    boxPublicKey: hex(32),
    wrappedBoxKey: WRAPPED,
    signingPublicKey: hex(32),
    wrappedSigningKey: WRAPPED,
    sealedKey: SEALED_KEY,
  })
  .strict()
/** A format-1 slot carried into format 2 until its person next unlocks (then it becomes a person slot). */
const legacySlotSchema = z
  .object({ slotId: hex(8), personId: hex(8), name, kdf: kdfSchema, legacyWrappedKey: WRAPPED })
  .strict()
const recoverySchema = z
  .object({
    slotId: hex(8),
    createdAt: instant,
    createdBy: hex(8),
    createdByName: name,
    kdf: kdfSchema,
    boxPublicKey: hex(32),
    wrappedBoxKey: WRAPPED,
    sealedKey: SEALED_KEY,
  })
  .strict()
const invitationSchema = z
  .object({
    slotId: hex(8),
    inviteId: hex(8),
    personId: hex(8),
    name,
    role: z.string().min(1).max(120).optional(),
    createdAt: instant,
    expiresAt: instant,
    createdBy: hex(8),
    createdByName: name,
    kdf: kdfSchema,
    boxPublicKey: hex(32),
    wrappedBoxKey: WRAPPED,
    sealedKey: SEALED_KEY,
  })
  .strict()

const headerV2Schema = z
  .object({
    format: z.literal(FORMAT_NAME),
    version: z.literal(2),
    vaultId: hex(16),
    createdAt: instant,
    revision: positiveInt,
    previous: hex(32),
    epoch: nonNegInt,
    v1Journal: z.object({ seq: nonNegInt, bytes: nonNegInt }).strict(),
    slots: z.array(z.union([personSlotSchema, legacySlotSchema])).min(1).max(200),
    recovery: recoverySchema.nullable(),
    invitations: z.array(invitationSchema).max(200),
    keyring: hexAny,
    mac: hex(32),
  })
  .strict()

export type PersonKeySlot = z.infer<typeof personSlotSchema>
export type LegacyKeySlot = z.infer<typeof legacySlotSchema>
export type KeySlot = PersonKeySlot | LegacyKeySlot
export type RecoverySlot = z.infer<typeof recoverySchema>
export type InvitationSlot = z.infer<typeof invitationSchema>
export type VaultHeader = z.infer<typeof headerV2Schema>
export type UnsignedHeader = Omit<VaultHeader, 'mac'>

export const isLegacySlot = (s: KeySlot): s is LegacyKeySlot => 'legacyWrappedKey' in s

export type ParsedHeader = { version: 1; header: VaultHeaderV1 } | { version: 2; header: VaultHeader }

export function parseHeader(bytes: Buffer): ParsedHeader {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new Error('its header file is not valid JSON')
  }
  if (typeof json === 'object' && json !== null && 'format' in json && json.format !== FORMAT_NAME)
    throw new Error('the folder holds something other than an Escalation Log vault')
  if (typeof json === 'object' && json !== null && 'version' in json && typeof json.version === 'number' && json.version > FORMAT_VERSION)
    throw new Error('it was made by a newer version of Escalation Log')
  const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined
  let parsed: ParsedHeader
  let kdfs: SlotKdf[]
  let personIds: string[]
  if (version === 1) {
    const r = headerV1Schema.safeParse(json)
    if (!r.success) throw new Error('its header file is malformed')
    parsed = { version: 1, header: r.data }
    kdfs = r.data.slots.map((s) => s.kdf)
    personIds = r.data.slots.map((s) => s.personId)
  } else {
    const r = headerV2Schema.safeParse(json)
    if (!r.success) throw new Error('its header file is malformed')
    parsed = { version: 2, header: r.data }
    kdfs = [...r.data.slots, ...r.data.invitations, ...(r.data.recovery ? [r.data.recovery] : [])].map((s) => s.kdf)
    personIds = [...r.data.slots, ...r.data.invitations].map((s) => s.personId)
  }
  if (new Set(personIds).size !== personIds.length) throw new Error('its header lists the same person twice')
  // Checked here, before any key is derived: an edited header could otherwise ask for hours of work and
  // gigabytes of memory (or so little that a thief's guesses come cheap).
  if (!kdfs.every((k) => isValidKdf(kdfParams(k))))
    throw new Error(
      'its key settings are outside what this app accepts, so the file vault.json may have been edited outside Escalation Log',
    )
  return parsed
}

/** Parses a header that must be format 2 (one carried in a journal event, or written by this code). */
export function parseHeaderV2(bytes: Buffer | string): VaultHeader | null {
  try {
    const parsed = parseHeader(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'))
    return parsed.version === 2 ? parsed.header : null
  } catch {
    return null
  }
}

export const serialiseHeader = (header: VaultHeader): Buffer => Buffer.from(JSON.stringify(canonical(header), null, 2) + '\n', 'utf8')

export const kdfParams = (kdf: SlotKdf): KdfParams => ({ memoryKiB: kdf.memoryKiB, passes: kdf.passes, parallelism: kdf.parallelism })

export const headerPeople = (header: { slots: { personId: string; name: string }[] }): PersonSlot[] =>
  header.slots.map((s) => ({ personId: s.personId, name: s.name }))

/** The header's fields in the documented order (so its MAC, hash and file do not depend on how it was built). */
function canonical<T extends UnsignedHeader>(h: T): T {
  const out: Record<string, unknown> = {
    format: h.format,
    version: h.version,
    vaultId: h.vaultId,
    createdAt: h.createdAt,
    revision: h.revision,
    previous: h.previous,
    epoch: h.epoch,
    v1Journal: { seq: h.v1Journal.seq, bytes: h.v1Journal.bytes },
    slots: h.slots,
    recovery: h.recovery,
    invitations: h.invitations,
    keyring: h.keyring,
  }
  if ('mac' in h) out.mac = (h as unknown as VaultHeader).mac
  return out as T
}

/** What the MAC and the header hash cover: JSON text of ["escalation-log-header", 2, header without mac]. */
export function headerMacInput(header: UnsignedHeader): Buffer {
  const { mac: _mac, ...rest } = header as VaultHeader
  return Buffer.from(JSON.stringify(['escalation-log-header', 2, canonical(rest)]), 'utf8')
}

/** The header's identity in the journal: SHA-256 of its MAC input. */
export const headerHash = (header: UnsignedHeader): string => sha256Hex(headerMacInput(header))

export const headerMac = (headerKey: Buffer, header: UnsignedHeader): string => hmacHex(headerKey, headerMacInput(header))

export const headerMacValid = (headerKey: Buffer, header: VaultHeader): boolean =>
  equalHex(headerMac(headerKey, header), header.mac)

export const signHeader = (headerKey: Buffer, unsigned: UnsignedHeader): VaultHeader =>
  canonical({ ...unsigned, mac: headerMac(headerKey, unsigned) })

/** The next revision of a header: revision + 1, chained to the one it replaces. */
export const nextRevision = (old: VaultHeader, changes: Partial<UnsignedHeader>): UnsignedHeader => {
  const { mac: _mac, ...rest } = old
  return { ...rest, ...changes, revision: old.revision + 1, previous: headerHash(old) }
}

export const FIRST_PREVIOUS = ZERO_HASH

// ---- format 1 MAC (to check a format-1 header before upgrading it) --------------------------------------

export function headerV1MacInput(header: Omit<VaultHeaderV1, 'mac'>): Buffer {
  return Buffer.from(
    JSON.stringify([
      'escalation-log-header',
      header.version,
      header.vaultId,
      header.createdAt,
      header.slots.map((s) => [s.slotId, s.personId, s.name, s.kdf.memoryKiB, s.kdf.passes, s.kdf.parallelism, s.kdf.salt, s.wrappedKey]),
    ]),
    'utf8',
  )
}

export const headerV1MacValid = (headerKey: Buffer, header: VaultHeaderV1): boolean =>
  equalHex(hmacHex(headerKey, headerV1MacInput(header)), header.mac)

/** AAD of a format-1 slot's wrapped key (also a legacy slot's). */
export function slotV1Aad(vaultId: string, slot: Omit<KeySlotV1, 'wrappedKey'>): Buffer {
  const k = slot.kdf
  return Buffer.from(
    JSON.stringify(['escalation-log-slot', 1, vaultId, slot.slotId, slot.personId, slot.name, k.memoryKiB, k.passes, k.parallelism, k.salt]),
    'utf8',
  )
}
