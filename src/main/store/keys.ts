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

const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex')
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')

// Public keys go to and from raw bytes through JWK (`x` is the raw key, base64url): OpenSSL 3's DER decoder
// made each conversion cost about 0.4 ms of CPU on this machine, JWK about 0.02 ms, and a team's join opens a
// grant (one ephemeral public key) per dispute. Private keys stay on DER, whose bytes can be wiped.
const rawPublic = (k: KeyObject): Buffer => Buffer.from(k.export({ format: 'jwk' }).x as string, 'base64url')
const rawPrivate = (k: KeyObject, prefix: Buffer): Buffer => {
  const der = k.export({ format: 'der', type: 'pkcs8' })
  const raw = Buffer.from(der.subarray(prefix.length))
  der.fill(0)
  return raw
}
const publicFromRaw = (raw: Buffer, crv: 'X25519' | 'Ed25519'): KeyObject => {
  if (raw.length !== 32) throw new Error('A public key is 32 bytes.')
  return createPublicKey({ key: { kty: 'OKP', crv, x: raw.toString('base64url') }, format: 'jwk' })
}
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
  return { publicKey: rawPublic(publicKey), privateKey: rawPrivate(privateKey, X25519_PKCS8) }
}

export function newSigningKeyPair(): RawKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return { publicKey: rawPublic(publicKey), privateKey: rawPrivate(privateKey, ED25519_PKCS8) }
}

function boxKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), 'escalation-log/v2/sealed-key', KEY_BYTES))
}

/** ephemeral public key (32) ‖ AES-GCM(HKDF(X25519(ephemeral, recipient)), plaintext, aad). */
export function sealTo(recipientPublic: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const eph = generateKeyPairSync('x25519')
  const ephPublic = rawPublic(eph.publicKey)
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: publicFromRaw(recipientPublic, 'X25519') })
  const key = boxKey(shared, ephPublic, recipientPublic)
  try {
    return Buffer.concat([ephPublic, seal(key, plaintext, aad)])
  } finally {
    wipe(shared, key)
  }
}

/**
 * A box private key made ready once, for a key that opens many sealed boxes (a device's receive key opening a
 * grant per dispute): building the key object from its bytes cost more than the opening itself.
 */
export const readyBoxPrivateKey = (raw: Buffer): KeyObject => privateFromRaw(raw, X25519_PKCS8)

/** `recipientPrivate`: the raw key, or one made ready by `readyBoxPrivateKey`. */
export function openSealed(recipientPrivate: Buffer | KeyObject, recipientPublic: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < 32 + 28) return null
  const ephPublic = sealed.subarray(0, 32)
  let shared: Buffer
  try {
    shared = diffieHellman({ privateKey: Buffer.isBuffer(recipientPrivate) ? privateFromRaw(recipientPrivate, X25519_PKCS8) : recipientPrivate, publicKey: publicFromRaw(ephPublic, 'X25519') })
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
    key = publicFromRaw(publicRaw, 'Ed25519')
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
