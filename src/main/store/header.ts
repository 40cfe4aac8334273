/**
 * vault.json: the plaintext header. It lists the people (so the unlock screen can offer them before any
 * key exists) and, per person, a key slot: Argon2id settings and the data key wrapped under that person's
 * key-encryption key. Each slot's wrap binds the vault id, the slot id, the person's id and name and the
 * KDF settings as AAD, so a name cannot be swapped onto another person's slot. After unlock the whole
 * header is checked against an HMAC under a subkey of the data key.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { hmacHex, open, seal, equalHex, randomHex } from './crypto'
import { deriveKek, isValidKdf, SALT_BYTES } from './kdf'
import type { KdfParams, PersonSlot } from './types'

export const FORMAT_NAME = 'escalation-log-vault'
export const FORMAT_VERSION = 1
export const HEADER_FILE = 'vault.json'

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))
const positiveInt = z.number().int().positive()

const slotSchema = z.object({
  slotId: hex(8),
  personId: hex(8),
  name: z.string().min(1).max(200),
  kdf: z.object({
    algorithm: z.literal('argon2id'),
    version: z.literal(19),
    memoryKiB: positiveInt,
    passes: positiveInt,
    parallelism: positiveInt,
    salt: hex(SALT_BYTES),
  }),
  wrappedKey: hex(12 + 32 + 16),
})

const headerSchema = z.object({
  format: z.literal(FORMAT_NAME),
  version: z.literal(FORMAT_VERSION),
  vaultId: hex(16),
  createdAt: z.string().min(1),
  slots: z.array(slotSchema).min(1),
  mac: hex(32),
})

export type KeySlot = z.infer<typeof slotSchema>
export type VaultHeader = z.infer<typeof headerSchema>

export function parseHeader(bytes: Buffer): VaultHeader {
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
  const parsed = headerSchema.safeParse(json)
  if (!parsed.success) throw new Error('its header file is malformed')
  const ids = new Set(parsed.data.slots.map((s) => s.personId))
  if (ids.size !== parsed.data.slots.length) throw new Error('its header lists the same person twice')
  // Checked here, before any key is derived: an edited header could otherwise ask for hours of work and
  // gigabytes of memory (or so little that a thief's guesses come cheap).
  if (!parsed.data.slots.every((s) => isValidKdf(slotKdf(s))))
    throw new Error(
      'its key settings are outside what this app accepts, so the file vault.json may have been edited outside Escalation Log',
    )
  return parsed.data
}

export const serialiseHeader = (header: VaultHeader): Buffer => Buffer.from(JSON.stringify(header, null, 2) + '\n', 'utf8')

export const slotPeople = (header: VaultHeader): PersonSlot[] =>
  header.slots.map((s) => ({ personId: s.personId, name: s.name }))

export const slotKdf = (slot: KeySlot): KdfParams => ({
  memoryKiB: slot.kdf.memoryKiB,
  passes: slot.kdf.passes,
  parallelism: slot.kdf.parallelism,
})

/** AAD of a slot's wrapped key: UTF-8 of a JSON array (JSON.stringify, no spaces), see docs/vault-format.md. */
export function slotAad(vaultId: string, slot: Omit<KeySlot, 'wrappedKey'>): Buffer {
  const k = slot.kdf
  return Buffer.from(
    JSON.stringify(['escalation-log-slot', 1, vaultId, slot.slotId, slot.personId, slot.name, k.memoryKiB, k.passes, k.parallelism, k.salt]),
    'utf8',
  )
}

export function headerMacInput(header: Omit<VaultHeader, 'mac'>): Buffer {
  return Buffer.from(
    JSON.stringify([
      'escalation-log-header',
      header.version,
      header.vaultId,
      header.createdAt,
      header.slots.map((s) => [
        s.slotId,
        s.personId,
        s.name,
        s.kdf.memoryKiB,
        s.kdf.passes,
        s.kdf.parallelism,
        s.kdf.salt,
        s.wrappedKey,
      ]),
    ]),
    'utf8',
  )
}

export const headerMac = (headerKey: Buffer, header: Omit<VaultHeader, 'mac'>): string =>
  hmacHex(headerKey, headerMacInput(header))

export const headerMacValid = (headerKey: Buffer, header: VaultHeader): boolean =>
  equalHex(headerMac(headerKey, header), header.mac)

/** Makes a slot for a person: fresh salt, KEK from the passphrase, data key wrapped with the slot AAD. */
export async function makeSlot(
  vaultId: string,
  person: PersonSlot,
  passphrase: string,
  kdf: KdfParams,
  dataKey: Buffer,
  slotId = randomHex(8),
): Promise<KeySlot> {
  const unsealed = {
    slotId,
    personId: person.personId,
    name: person.name,
    kdf: {
      algorithm: 'argon2id' as const,
      version: 19 as const,
      memoryKiB: kdf.memoryKiB,
      passes: kdf.passes,
      parallelism: kdf.parallelism,
      salt: randomBytes(SALT_BYTES).toString('hex'),
    },
  }
  const kek = await deriveKek(passphrase, Buffer.from(unsealed.kdf.salt, 'hex'), kdf)
  try {
    return { ...unsealed, wrappedKey: seal(kek, dataKey, slotAad(vaultId, unsealed)).toString('hex') }
  } finally {
    kek.fill(0)
  }
}

/** The data key, or null when the passphrase (or the slot) is wrong. */
export async function unwrapSlot(vaultId: string, slot: KeySlot, passphrase: string): Promise<Buffer | null> {
  const kek = await deriveKek(passphrase, Buffer.from(slot.kdf.salt, 'hex'), slotKdf(slot))
  try {
    return open(kek, Buffer.from(slot.wrappedKey, 'hex'), slotAad(vaultId, slot))
  } finally {
    kek.fill(0)
  }
}
