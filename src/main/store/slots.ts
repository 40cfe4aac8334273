/**
 * Key slots of vault format 2 (docs/vault-format.md, "Key slots"): making them, opening them with a passphrase
 * or a code, handing a new epoch key to every slot on a re-key, and the sealed keyring of earlier epochs.
 */
import { randomBytes } from 'node:crypto'
import { open, seal, wipe } from './crypto'
import {
  kdfParams,
  slotV1Aad,
  type InvitationSlot,
  type LegacyKeySlot,
  type PersonKeySlot,
  type RecoverySlot,
  type SlotKdf,
  type VaultHeader,
} from './header'
import { deriveKek, SALT_BYTES } from './kdf'
import { Keyring, newBoxKeyPair, newSigningKeyPair, openSealed, sealTo, type RawKeyPair } from './keys'
import type { KdfParams, PersonSlot } from './types'

type SlotKind = 'person' | 'recovery' | 'invitation'

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8')

function boxAad(vaultId: string, kind: SlotKind, slotId: string, personId: string, name: string, kdf: SlotKdf, boxPublicKey: string): Buffer {
  return json(['escalation-log-slot', 2, vaultId, kind, slotId, personId, name, kdf.memoryKiB, kdf.passes, kdf.parallelism, kdf.salt, boxPublicKey])
}
const signingAad = (vaultId: string, slotId: string, personId: string, signingPublicKey: string): Buffer =>
  json(['escalation-log-signing-key', 2, vaultId, slotId, personId, signingPublicKey])
const epochKeyAad = (vaultId: string, slotId: string, epoch: number): Buffer => json(['escalation-log-epoch-key', 2, vaultId, slotId, epoch])

export const newSlotId = (): string => randomBytes(8).toString('hex')

function freshKdf(kdf: KdfParams): SlotKdf {
  return {
    algorithm: 'argon2id',
    version: 19,
    memoryKiB: kdf.memoryKiB,
    passes: kdf.passes,
    parallelism: kdf.parallelism,
    salt: randomBytes(SALT_BYTES).toString('hex'),
  }
}

const kekFor = (secret: string, kdf: SlotKdf): Promise<Buffer> => deriveKek(secret, Buffer.from(kdf.salt, 'hex'), kdfParams(kdf))

/** What a person's slot holds once opened: the epoch key, their signing key and the key pairs (to re-wrap them). */
export interface OpenedPersonSlot {
  epochKey: Buffer
  box: RawKeyPair
  signing: RawKeyPair
}

export interface PersonSlotKeys {
  box: RawKeyPair
  signing: RawKeyPair
}

/**
 * A person's slot for `passphrase`: a fresh salt, the key pairs given (a passphrase change or rename keeps them)
 * or new ones, the private halves wrapped under the passphrase's key, the epoch key sealed to the box key.
 */
export async function makePersonSlot(
  header: Pick<VaultHeader, 'vaultId' | 'epoch'>,
  person: PersonSlot,
  passphrase: string,
  kdf: KdfParams,
  epochKey: Buffer,
  keys: PersonSlotKeys = { box: newBoxKeyPair(), signing: newSigningKeyPair() },
  slotId = newSlotId(),
): Promise<{ slot: PersonKeySlot; keys: PersonSlotKeys }> {
  const slotKdf = freshKdf(kdf)
  const kek = await kekFor(passphrase, slotKdf)
  try {
    const boxPublicKey = keys.box.publicKey.toString('hex')
    const signingPublicKey = keys.signing.publicKey.toString('hex')
    const slot: PersonKeySlot = {
      slotId,
      personId: person.personId,
      name: person.name,
      kdf: slotKdf,
      boxPublicKey,
      wrappedBoxKey: seal(kek, keys.box.privateKey, boxAad(header.vaultId, 'person', slotId, person.personId, person.name, slotKdf, boxPublicKey)).toString('hex'),
      signingPublicKey,
      wrappedSigningKey: seal(kek, keys.signing.privateKey, signingAad(header.vaultId, slotId, person.personId, signingPublicKey)).toString('hex'),
      sealedKey: sealTo(keys.box.publicKey, epochKey, epochKeyAad(header.vaultId, slotId, header.epoch)).toString('hex'),
    }
    return { slot, keys }
  } finally {
    kek.fill(0)
  }
}

/** Null when the passphrase (or the slot) is wrong. */
export async function openPersonSlot(header: Pick<VaultHeader, 'vaultId' | 'epoch'>, slot: PersonKeySlot, passphrase: string): Promise<OpenedPersonSlot | null> {
  const kek = await kekFor(passphrase, slot.kdf)
  try {
    const boxPrivate = open(
      kek,
      Buffer.from(slot.wrappedBoxKey, 'hex'),
      boxAad(header.vaultId, 'person', slot.slotId, slot.personId, slot.name, slot.kdf, slot.boxPublicKey),
    )
    if (!boxPrivate) return null
    const signingPrivate = open(kek, Buffer.from(slot.wrappedSigningKey, 'hex'), signingAad(header.vaultId, slot.slotId, slot.personId, slot.signingPublicKey))
    const boxPublic = Buffer.from(slot.boxPublicKey, 'hex')
    const epochKey = openSealed(boxPrivate, boxPublic, Buffer.from(slot.sealedKey, 'hex'), epochKeyAad(header.vaultId, slot.slotId, header.epoch))
    if (!signingPrivate || !epochKey) {
      wipe(boxPrivate, signingPrivate, epochKey)
      return null
    }
    return {
      epochKey,
      box: { publicKey: boxPublic, privateKey: boxPrivate },
      signing: { publicKey: Buffer.from(slot.signingPublicKey, 'hex'), privateKey: signingPrivate },
    }
  } finally {
    kek.fill(0)
  }
}

/** A format-1 slot's data key (the epoch-0 key); null when the passphrase is wrong. */
export async function openLegacySlot(vaultId: string, slot: LegacyKeySlot, passphrase: string): Promise<Buffer | null> {
  const kek = await kekFor(passphrase, slot.kdf)
  try {
    const { legacyWrappedKey, ...rest } = slot
    return open(kek, Buffer.from(legacyWrappedKey, 'hex'), slotV1Aad(vaultId, rest))
  } finally {
    kek.fill(0)
  }
}

// ---- codes: the recovery key and invitations ------------------------------------------------------------

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function randomCode(chars: number): string {
  const bytes = randomBytes(chars)
  return [...bytes].map((b) => ALPHABET[b & 31]).join('')
}

/** 10 characters (50 bits), shown as K7QM-2XHP9: short enough to give in person, expiring, and each guess costs an Argon2id derivation. */
export const newInvitationCode = (): string => {
  const c = randomCode(10)
  return `${c.slice(0, 4)}-${c.slice(4)}`
}

/** 24 characters (120 bits) in six groups of four. */
export const newRecoveryCode = (): string =>
  randomCode(24)
    .match(/.{4}/g)!
    .join('-')

/** What a person typed, as the code it means: case, spaces and hyphens ignored, O read as 0 and I or L as 1. */
export function normaliseCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

interface CodeSlotBase {
  slotId: string
  kdf: SlotKdf
  boxPublicKey: string
  wrappedBoxKey: string
  sealedKey: string
}

async function makeCodeSlot(
  header: Pick<VaultHeader, 'vaultId' | 'epoch'>,
  kind: 'recovery' | 'invitation',
  personId: string,
  name: string,
  code: string,
  kdf: KdfParams,
  epochKey: Buffer,
): Promise<CodeSlotBase> {
  const slotId = newSlotId()
  const slotKdf = freshKdf(kdf)
  const box = newBoxKeyPair()
  const kek = await kekFor(normaliseCode(code), slotKdf)
  try {
    const boxPublicKey = box.publicKey.toString('hex')
    return {
      slotId,
      kdf: slotKdf,
      boxPublicKey,
      wrappedBoxKey: seal(kek, box.privateKey, boxAad(header.vaultId, kind, slotId, personId, name, slotKdf, boxPublicKey)).toString('hex'),
      sealedKey: sealTo(box.publicKey, epochKey, epochKeyAad(header.vaultId, slotId, header.epoch)).toString('hex'),
    }
  } finally {
    wipe(kek, box.privateKey)
  }
}

async function openCodeSlot(
  header: Pick<VaultHeader, 'vaultId' | 'epoch'>,
  kind: 'recovery' | 'invitation',
  personId: string,
  name: string,
  slot: CodeSlotBase,
  code: string,
): Promise<Buffer | null> {
  const kek = await kekFor(normaliseCode(code), slot.kdf)
  try {
    const boxPrivate = open(kek, Buffer.from(slot.wrappedBoxKey, 'hex'), boxAad(header.vaultId, kind, slot.slotId, personId, name, slot.kdf, slot.boxPublicKey))
    if (!boxPrivate) return null
    try {
      return openSealed(boxPrivate, Buffer.from(slot.boxPublicKey, 'hex'), Buffer.from(slot.sealedKey, 'hex'), epochKeyAad(header.vaultId, slot.slotId, header.epoch))
    } finally {
      boxPrivate.fill(0)
    }
  } finally {
    kek.fill(0)
  }
}

export async function makeRecoverySlot(
  header: Pick<VaultHeader, 'vaultId' | 'epoch'>,
  code: string,
  kdf: KdfParams,
  epochKey: Buffer,
  by: PersonSlot,
  at: string,
): Promise<RecoverySlot> {
  const base = await makeCodeSlot(header, 'recovery', '', '', code, kdf, epochKey)
  return { slotId: base.slotId, createdAt: at, createdBy: by.personId, createdByName: by.name, kdf: base.kdf, boxPublicKey: base.boxPublicKey, wrappedBoxKey: base.wrappedBoxKey, sealedKey: base.sealedKey }
}

export const openRecoverySlot = (header: Pick<VaultHeader, 'vaultId' | 'epoch'>, slot: RecoverySlot, code: string): Promise<Buffer | null> =>
  openCodeSlot(header, 'recovery', '', '', slot, code)

export async function makeInvitationSlot(
  header: Pick<VaultHeader, 'vaultId' | 'epoch'>,
  invite: { inviteId: string; personId: string; name: string; role?: string; createdAt: string; expiresAt: string },
  code: string,
  kdf: KdfParams,
  epochKey: Buffer,
  by: PersonSlot,
): Promise<InvitationSlot> {
  const base = await makeCodeSlot(header, 'invitation', invite.personId, invite.name, code, kdf, epochKey)
  return {
    slotId: base.slotId,
    inviteId: invite.inviteId,
    personId: invite.personId,
    name: invite.name,
    ...(invite.role ? { role: invite.role } : {}),
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    createdBy: by.personId,
    createdByName: by.name,
    kdf: base.kdf,
    boxPublicKey: base.boxPublicKey,
    wrappedBoxKey: base.wrappedBoxKey,
    sealedKey: base.sealedKey,
  }
}

export const openInvitationSlot = (header: Pick<VaultHeader, 'vaultId' | 'epoch'>, slot: InvitationSlot, code: string): Promise<Buffer | null> =>
  openCodeSlot(header, 'invitation', slot.personId, slot.name, slot, code)

/** The slot's sealed key replaced by `epochKey` sealed for `epoch` (a re-key: no passphrase or code needed). */
export function resealed<T extends { slotId: string; boxPublicKey: string; sealedKey: string }>(vaultId: string, slot: T, epoch: number, epochKey: Buffer): T {
  return { ...slot, sealedKey: sealTo(Buffer.from(slot.boxPublicKey, 'hex'), epochKey, epochKeyAad(vaultId, slot.slotId, epoch)).toString('hex') }
}

// ---- the keyring of earlier epochs ----------------------------------------------------------------------

const keyringAad = (vaultId: string, epoch: number): Buffer => json(['escalation-log-keyring', 2, vaultId, epoch])

export function sealKeyring(vaultId: string, keyring: Keyring): string {
  const earlier = keyring.earlier().map((e) => [e.epoch, e.key.toString('hex')])
  const plain = json(earlier)
  try {
    return seal(keyring.current.sub('keyring'), plain, keyringAad(vaultId, keyring.currentEpoch)).toString('hex')
  } finally {
    plain.fill(0)
  }
}

/** The whole keyring from the current epoch's key and the header's sealed list; null if it does not authenticate. */
export function openKeyring(header: Pick<VaultHeader, 'vaultId' | 'epoch' | 'keyring'>, epochKey: Buffer): Keyring | null {
  const vaultIdBytes = Buffer.from(header.vaultId, 'hex')
  const probe = new Keyring(vaultIdBytes, [{ epoch: header.epoch, key: Buffer.from(epochKey) }], header.epoch)
  const plain = open(probe.current.sub('keyring'), Buffer.from(header.keyring, 'hex'), keyringAad(header.vaultId, header.epoch))
  probe.wipe()
  if (!plain) return null
  try {
    const list = JSON.parse(plain.toString('utf8')) as unknown
    if (!Array.isArray(list)) return null
    const keys: { epoch: number; key: Buffer }[] = [{ epoch: header.epoch, key: epochKey }]
    for (const item of list) {
      if (!Array.isArray(item) || !Number.isSafeInteger(item[0]) || typeof item[1] !== 'string' || !/^[0-9a-f]{64}$/.test(item[1])) return null
      if (item[0] === header.epoch || keys.some((k) => k.epoch === item[0])) return null
      keys.push({ epoch: item[0] as number, key: Buffer.from(item[1], 'hex') })
    }
    return new Keyring(vaultIdBytes, keys, header.epoch)
  } catch {
    return null
  } finally {
    plain.fill(0)
  }
}
