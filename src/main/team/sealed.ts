/**
 * The team vault's files (docs/team-vault.md, "Files"): each is written once by one device, encrypted under the
 * team's key of its epoch and signed by the device's person, and is never changed by anyone afterwards.
 *
 *   "ELT1" ‖ team id (16) ‖ u32 epoch ‖ device id (16) ‖ u64 seq ‖ u8 kind ‖ nonce (12) ‖ ciphertext ‖ tag (16)
 *   ‖ Ed25519 signature (64)
 *
 * AAD = the 49 bytes before the nonce, so a file moved to another name, device, team or epoch fails. The
 * signature covers every byte before it and is checked before anything is decrypted.
 *
 * A stored file's part (kind 6) is the one file not sealed under the epoch's key: it is sealed under a key
 * derived from its dispute's own key (`sealPart`), with AAD = the 49 bytes ‖ the dispute key's id, so that a
 * retention disposal, which destroys the dispute's key, leaves it unreadable to every member — including one who
 * kept the epoch's key. A part written before (kind 2, a document version under the files key) still opens.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto'
import { KEY_BYTES, open as aeadOpen, seal, sha256Hex, u64, wipe } from '../store/crypto'
import { Signer, u32, verifySignature } from '../store/keys'

export const MAGIC = Buffer.from('ELT1', 'ascii')
export const HEADER_BYTES = 49
const SIG_BYTES = 64
const MIN_FILE = HEADER_BYTES + 12 + 16 + SIG_BYTES
/** A file bigger than this is refused unread (a segment holds a few events; attachments are their own files; a pack that would be bigger is not written). */
export const MAX_FILE = 64 * 1024 * 1024
const SIGNED_CONTEXT = Buffer.from('escalation-log/team/v1/file', 'ascii')
const NONCE_CONTEXT = Buffer.from('escalation-log/team/v1/nonce', 'ascii')
const KEY_ID_BYTES = 16

/**
 * A member list (members.ts) and a joining device's statement of whose it is (members.ts) are files too, and
 * so is a pack (packs.ts: a closed run of one device's segment files, each as it was written; packs are named
 * by packs.ts, never by `fileName`). A stored file's part sealed under its dispute's key is a `part` (kind 6),
 * named as a document version (`d-…`), so that the storage cannot tell the two apart; only the header says.
 */
export type FileKind = 'segment' | 'document' | 'members' | 'joined' | 'pack' | 'part'
const KIND_BYTE: Record<FileKind, number> = { segment: 1, document: 2, members: 3, joined: 4, pack: 5, part: 6 }
const KIND_LETTER: Record<FileKind, string> = { segment: 's', document: 'd', members: 'm', joined: 'j', pack: 'p', part: 'd' }
const LETTER_KIND: Record<string, FileKind> = { s: 'segment', d: 'document', m: 'members', j: 'joined' }

export interface TeamKey {
  /** 32 hex: 16 random bytes, the only name the transport sees for the team. */
  teamId: string
  epoch: number
  /** The epoch's random 256-bit key (never used directly). */
  epochKey: Buffer
}

export function filesKey(key: TeamKey): Buffer {
  const salt = Buffer.concat([Buffer.from(key.teamId, 'hex'), u32(key.epoch)])
  return Buffer.from(hkdfSync('sha256', key.epochKey, salt, 'escalation-log/team/v1/files', KEY_BYTES))
}

export interface FileAddress {
  deviceId: string
  seq: number
  kind: FileKind
}

/** A dispute's key (dispute-keys.ts) and its id, which a stored file's part is sealed under. */
export interface DisputeKeyRef {
  keyId: string
  key: Buffer
}

/**
 * The two keys of a part, from its dispute's key: `key_part` encrypts, `key_nonce` makes the synthetic nonce.
 * `HKDF-SHA-256(IKM = dispute key, salt = team id (16 bytes) ‖ key id (16 bytes), info, L = 32)`.
 */
export function partKeys(teamId: string, ref: DisputeKeyRef): { aead: Buffer; nonce: Buffer } {
  const salt = Buffer.concat([Buffer.from(teamId, 'hex'), Buffer.from(ref.keyId, 'hex')])
  return {
    aead: Buffer.from(hkdfSync('sha256', ref.key, salt, 'escalation-log/team/v1/part', KEY_BYTES)),
    nonce: Buffer.from(hkdfSync('sha256', ref.key, salt, 'escalation-log/team/v1/part-nonce', KEY_BYTES)),
  }
}

const partAad = (head: Buffer, keyId: string): Buffer => {
  const id = Buffer.from(keyId, 'hex')
  if (id.length !== KEY_ID_BYTES) throw new Error('A dispute key id is 16 bytes.')
  return Buffer.concat([head, id])
}

function header(teamId: string, epoch: number, a: FileAddress): Buffer {
  return Buffer.concat([MAGIC, Buffer.from(teamId, 'hex'), u32(epoch), Buffer.from(a.deviceId, 'hex'), u64(a.seq), Buffer.from([KIND_BYTE[a.kind]])])
}

/**
 * Seals `plaintext` as the file at `address`, signed by `signer` (the device's person). `synthetic`: the nonce is
 * HMAC-SHA-256(files key, "escalation-log/team/v1/nonce" ‖ header ‖ SHA-256(plaintext)), first 12 bytes, so the
 * same plaintext at the same address seals to the same bytes (Ed25519 signatures are deterministic too): a
 * stored file's part is sealed again from the local vault after a restart rather than kept whole in the team
 * document. A nonce repeats only with the same header and plaintext, which give the same ciphertext.
 */
export function sealFile(key: TeamKey, fileKey: Buffer, address: FileAddress, plaintext: Buffer, signer: Signer, synthetic = false): Buffer {
  if (address.kind === 'part') throw new Error('A stored file’s part is sealed under its dispute’s key (sealPart).')
  const head = header(key.teamId, key.epoch, address)
  return sealed(key.teamId, head, fileKey, fileKey, head, plaintext, signer, synthetic)
}

/**
 * Seals a stored file's part as document number `seq` of `deviceId` (kind 6) under its dispute's key: AES-GCM
 * under `key_part` with AAD = header ‖ key id, the synthetic nonce (when `synthetic`) under `key_nonce` over the
 * same AAD. `key.epoch` is written in the header (the writer's epoch, bound by the AAD) but gives no key.
 */
export function sealPart(key: TeamKey, dispute: DisputeKeyRef, at: { deviceId: string; seq: number }, plaintext: Buffer, signer: Signer, synthetic = false): Buffer {
  const head = header(key.teamId, key.epoch, { ...at, kind: 'part' })
  const keys = partKeys(key.teamId, dispute)
  try {
    return sealed(key.teamId, head, keys.aead, keys.nonce, partAad(head, dispute.keyId), plaintext, signer, synthetic)
  } finally {
    // Derived from a key a disposal may destroy: none is kept beyond this call.
    wipe(keys.aead, keys.nonce)
  }
}

function sealed(teamId: string, head: Buffer, aeadKey: Buffer, nonceKey: Buffer, aad: Buffer, plaintext: Buffer, signer: Signer, synthetic: boolean): Buffer {
  const nonce = synthetic
    ? createHmac('sha256', nonceKey).update(NONCE_CONTEXT).update(aad).update(createHash('sha256').update(plaintext).digest()).digest().subarray(0, 12)
    : undefined
  const body = Buffer.concat([head, seal(aeadKey, plaintext, aad, nonce)])
  const sig = signer.sign(Buffer.from(teamId, 'hex'), Buffer.concat([SIGNED_CONTEXT, body]))
  return Buffer.concat([body, sig])
}

export type Opened = { ok: true; plaintext: Buffer; epoch: number; hash: string } | { ok: false; why: 'damaged' | 'not-signed' | 'misnamed' | 'no-key' }

/**
 * Opens a file expected at `address`: the header must say that address and this team, the signature must be
 * the device's person's, and the ciphertext must authenticate. `keyFor(epoch)` gives the files key of an epoch
 * this device holds (null if none); for a part (kind 6), `dispute` gives its dispute's key instead (null: not held).
 */
export function openFile(
  teamId: string,
  bytes: Buffer,
  address: FileAddress,
  signingKey: Buffer | null,
  keyFor: (epoch: number) => Buffer | null,
  dispute: DisputeKeyRef | null = null,
): Opened {
  if (bytes.length < MIN_FILE || bytes.length > MAX_FILE || !bytes.subarray(0, 4).equals(MAGIC)) return { ok: false, why: 'damaged' }
  const epoch = bytes.readUInt32BE(20)
  const body = bytes.subarray(0, bytes.length - SIG_BYTES)
  const sig = bytes.subarray(bytes.length - SIG_BYTES)
  const signed = !!signingKey && verifySignature(signingKey, Buffer.from(teamId, 'hex'), Buffer.concat([SIGNED_CONTEXT, body]), sig)
  if (!signed) return { ok: false, why: 'not-signed' }
  const head = body.subarray(0, HEADER_BYTES)
  if (!head.equals(header(teamId, epoch, address))) return { ok: false, why: 'misnamed' }
  let plaintext: Buffer | null
  if (address.kind === 'part') {
    if (!dispute || Buffer.from(dispute.keyId, 'hex').length !== KEY_ID_BYTES) return { ok: false, why: 'no-key' }
    const keys = partKeys(teamId, dispute)
    plaintext = aeadOpen(keys.aead, body.subarray(HEADER_BYTES), partAad(head, dispute.keyId))
    wipe(keys.aead, keys.nonce)
  } else {
    const key = keyFor(epoch)
    if (!key) return { ok: false, why: 'no-key' }
    plaintext = aeadOpen(key, body.subarray(HEADER_BYTES), head)
  }
  if (!plaintext) return { ok: false, why: 'damaged' }
  return { ok: true, plaintext, epoch, hash: sha256Hex(bytes) }
}

// ---- names ---------------------------------------------------------------------------------------------

/** Files per folder: a sync lists only the folder its next file falls in, so listings stay this size. */
export const BUCKET_SIZE = 64
const NAME = /^([sdmj])-(\d{12})-([0-9a-f]{8})\.elt$/
const DEVICE = /^[0-9a-f]{32}$/

export const isDeviceId = (s: string): boolean => DEVICE.test(s)
export const bucketOf = (seq: number): number => Math.floor((seq - 1) / BUCKET_SIZE)
export const bucketName = (bucket: number): string => `b${String(bucket).padStart(6, '0')}`
export const deviceFolder = (deviceId: string): string => `devices/${deviceId}`
export const bucketFolder = (deviceId: string, bucket: number): string => `${deviceFolder(deviceId)}/${bucketName(bucket)}`

export function fileName(kind: FileKind, seq: number, unique: string): string {
  return `${KIND_LETTER[kind]}-${String(seq).padStart(12, '0')}-${unique}.elt`
}

/** `document` for a `d-` name, whichever it holds: a document version (kind 2) or a part (kind 6). */
export function parseFileName(name: string): { kind: FileKind; seq: number } | null {
  const m = NAME.exec(name)
  if (!m) return null
  const seq = Number(m[2])
  return seq >= 1 ? { kind: LETTER_KIND[m[1] as string] as FileKind, seq } : null
}
