/**
 * Keys of vault format 2 (docs/vault-format.md, "Keys"):
 * - an **epoch key** per key epoch (a random 256-bit data key); epoch 0 of a vault upgraded from format 1 is
 *   its old data key, with format 1's subkeys, so nothing written before the upgrade is re-encrypted;
 * - per epoch, HKDF subkeys for each purpose;
 * - each slot (a person, the recovery key, an invitation) has an X25519 key pair whose private half is wrapped
 *   under the slot's passphrase-derived key, and the current epoch key is sealed to its public half — so a
 *   re-key can hand the new key to every remaining slot without anyone's passphrase;
 * - each person has an Ed25519 signing key pair; the private half is wrapped under their passphrase-derived
 *   key, so nobody else in the vault can sign as them.
 */
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, sign, verify, type KeyObject } from 'node:crypto'
import { KEY_BYTES, open, seal, wipe } from './crypto'

export type Purpose = 'documents' | 'journal' | 'head' | 'checkpoint' | 'header' | 'keyring' | 'backup' | 'local'

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}
export { u32 }

/** Subkeys of one epoch. Epoch 0 uses format 1's derivation (salt = vault id, info "escalation-log/v1/…"). */
export class EpochKeys {
  private readonly cache = new Map<Purpose, Buffer>()
  constructor(
    readonly epoch: number,
    private readonly key: Buffer,
    private readonly vaultIdBytes: Buffer,
  ) {}

  get dataKey(): Buffer {
    return this.key
  }

  sub(purpose: Purpose): Buffer {
    let k = this.cache.get(purpose)
    if (!k) {
      k =
        this.epoch === 0
          ? Buffer.from(hkdfSync('sha256', this.key, this.vaultIdBytes, `escalation-log/v1/${purpose}`, KEY_BYTES))
          : Buffer.from(
              hkdfSync('sha256', this.key, Buffer.concat([this.vaultIdBytes, u32(this.epoch)]), `escalation-log/v2/${purpose}`, KEY_BYTES),
            )
      this.cache.set(purpose, k)
    }
    return k
  }

  /** The key and every subkey derived so far (what `wipe` zeroes). */
  buffers(): Buffer[] {
    return [this.key, ...this.cache.values()]
  }

  wipe(): void {
    wipe(this.key, ...this.cache.values())
  }
}

/** Every epoch key the vault has had; `current` encrypts everything new. */
export class Keyring {
  private readonly epochs = new Map<number, EpochKeys>()
  constructor(
    readonly vaultIdBytes: Buffer,
    keys: { epoch: number; key: Buffer }[],
    readonly currentEpoch: number,
  ) {
    for (const k of keys) this.epochs.set(k.epoch, new EpochKeys(k.epoch, k.key, vaultIdBytes))
    if (!this.epochs.has(currentEpoch)) throw new Error('the keyring lacks its current epoch')
  }

  get current(): EpochKeys {
    return this.epochs.get(this.currentEpoch) as EpochKeys
  }

  has(epoch: number): boolean {
    return this.epochs.has(epoch)
  }

  at(epoch: number): EpochKeys | undefined {
    return this.epochs.get(epoch)
  }

  /** Earlier epochs' keys, for the header's sealed keyring. */
  earlier(): { epoch: number; key: Buffer }[] {
    return [...this.epochs.values()].filter((e) => e.epoch !== this.currentEpoch).map((e) => ({ epoch: e.epoch, key: e.dataKey }))
  }

  /** A new keyring whose current epoch is `epoch` with `key`, keeping every earlier key. */
  withNewEpoch(epoch: number, key: Buffer): Keyring {
    return new Keyring(
      this.vaultIdBytes,
      [...[...this.epochs.values()].map((e) => ({ epoch: e.epoch, key: Buffer.from(e.dataKey) })), { epoch, key }],
      epoch,
    )
  }

  /** Every key buffer held: epoch keys and the subkeys derived from them (white-box tests check they are zeroed). */
  buffers(): Buffer[] {
    return [...this.epochs.values()].flatMap((e) => e.buffers())
  }

  /** The same keys with `epoch` as the current one (an interrupted re-key undone). */
  withCurrent(epoch: number): Keyring {
    return new Keyring(this.vaultIdBytes, [...this.epochs.values()].map((e) => ({ epoch: e.epoch, key: Buffer.from(e.dataKey) })), epoch)
  }

  wipe(): void {
    for (const e of this.epochs.values()) e.wipe()
  }
}

// ---- X25519 sealed keys ----------------------------------------------------------------------------------

const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex')
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex')
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex')
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')

const rawPublic = (k: KeyObject, prefix: Buffer): Buffer => {
  const der = k.export({ format: 'der', type: 'spki' })
  return Buffer.from(der.subarray(prefix.length))
}
const rawPrivate = (k: KeyObject, prefix: Buffer): Buffer => {
  const der = k.export({ format: 'der', type: 'pkcs8' })
  const raw = Buffer.from(der.subarray(prefix.length))
  der.fill(0)
  return raw
}
const publicFromRaw = (raw: Buffer, prefix: Buffer): KeyObject =>
  createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' })
const privateFromRaw = (raw: Buffer, prefix: Buffer): KeyObject => {
  const der = Buffer.concat([prefix, raw])
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } finally {
    der.fill(0)
  }
}

export interface RawKeyPair {
  publicKey: Buffer
  privateKey: Buffer
}

export function newBoxKeyPair(): RawKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519')
  return { publicKey: rawPublic(publicKey, X25519_SPKI), privateKey: rawPrivate(privateKey, X25519_PKCS8) }
}

export function newSigningKeyPair(): RawKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return { publicKey: rawPublic(publicKey, ED25519_SPKI), privateKey: rawPrivate(privateKey, ED25519_PKCS8) }
}

function boxKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), 'escalation-log/v2/sealed-key', KEY_BYTES))
}

/** ephemeral public key (32) ‖ AES-GCM(HKDF(X25519(ephemeral, recipient)), plaintext, aad). */
export function sealTo(recipientPublic: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const eph = generateKeyPairSync('x25519')
  const ephPublic = rawPublic(eph.publicKey, X25519_SPKI)
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: publicFromRaw(recipientPublic, X25519_SPKI) })
  const key = boxKey(shared, ephPublic, recipientPublic)
  try {
    return Buffer.concat([ephPublic, seal(key, plaintext, aad)])
  } finally {
    wipe(shared, key)
  }
}

export function openSealed(recipientPrivate: Buffer, recipientPublic: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < 32 + 28) return null
  const ephPublic = sealed.subarray(0, 32)
  let shared: Buffer
  try {
    shared = diffieHellman({ privateKey: privateFromRaw(recipientPrivate, X25519_PKCS8), publicKey: publicFromRaw(ephPublic, X25519_SPKI) })
  } catch {
    return null
  }
  const key = boxKey(shared, Buffer.from(ephPublic), recipientPublic)
  try {
    return open(key, sealed.subarray(32), aad)
  } finally {
    wipe(shared, key)
  }
}

// ---- Ed25519 signatures ---------------------------------------------------------------------------------

const SIGNING_CONTEXT = Buffer.from('escalation-log/v2/event', 'ascii')

export class Signer {
  private readonly key: KeyObject
  constructor(
    privateRaw: Buffer,
    readonly publicKey: Buffer,
  ) {
    this.key = privateFromRaw(privateRaw, ED25519_PKCS8)
    privateRaw.fill(0)
  }

  /** Signs "escalation-log/v2/event" ‖ vault id ‖ the event's unsigned canonical bytes. */
  sign(vaultIdBytes: Buffer, bytes: Buffer): Buffer {
    return sign(null, Buffer.concat([SIGNING_CONTEXT, vaultIdBytes, bytes]), this.key)
  }
}

/**
 * Public keys made ready for verifying, by their hex: an unlock checks up to a thousand events' signatures by
 * a handful of people, and building the key object each time cost more than the check itself.
 */
const verifyingKeys = new Map<string, KeyObject>()
const VERIFYING_KEYS_KEPT = 64

function verifyingKey(publicRaw: Buffer): KeyObject {
  const id = publicRaw.toString('hex')
  let key = verifyingKeys.get(id)
  if (!key) {
    key = publicFromRaw(publicRaw, ED25519_SPKI)
    if (verifyingKeys.size >= VERIFYING_KEYS_KEPT) verifyingKeys.delete(verifyingKeys.keys().next().value!)
    verifyingKeys.set(id, key)
  }
  return key
}

export function verifySignature(publicRaw: Buffer, vaultIdBytes: Buffer, bytes: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, Buffer.concat([SIGNING_CONTEXT, vaultIdBytes, bytes]), verifyingKey(publicRaw), signature)
  } catch {
    return false
  }
}
