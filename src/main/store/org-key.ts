/**
 * The vault's organisation key (docs/vault-format.md, "Organisation key"): an Ed25519 key pair that stands
 * for the vault as a whole. It certifies each person's signing key, so a document signed by a person can be
 * checked by anyone who has been given the organisation key's fingerprint once — a partnership, another
 * school — without knowing the people of the vault. Its private half is sealed to each holder's X25519 box
 * key (the vault's owners: the person who first needed it, and anyone a holder makes a holder), so nobody
 * else in the vault can certify a key. Certificates are never withdrawn: a person removed from the vault
 * keeps the certificate of the key they signed with, so what they signed still verifies.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { openSealed, sealTo } from './keys'

const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex')
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')
const CERTIFICATE_CONTEXT = 'escalation-log/v1/org-certificate'
const SEAL_CONTEXT = 'escalation-log/v1/org-key'

export interface OrgCertificate {
  personId: string
  /** The person's name as the vault held it when the key was certified. */
  name: string
  /** The person's Ed25519 signing public key, hex. */
  signingKey: string
  issuedAt: string
  /** The organisation key's signature over the fields above and the vault id, hex. */
  sig: string
}

const publicObject = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([ED25519_SPKI, raw]), format: 'der', type: 'spki' })
function privateObject(raw: Buffer): KeyObject {
  const der = Buffer.concat([ED25519_PKCS8, raw])
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } finally {
    der.fill(0)
  }
}

export function newOrgKeyPair(): { publicKey: Buffer; privateKey: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
  const out = { publicKey: Buffer.from(spki.subarray(ED25519_SPKI.length)), privateKey: Buffer.from(pkcs8.subarray(ED25519_PKCS8.length)) }
  pkcs8.fill(0)
  return out
}

/**
 * What a person reads aloud or pastes to a partnership: 32 hex digits of SHA-256 of the public key, in
 * groups of four ("3F2A 91C0 …").
 */
export function orgKeyFingerprint(publicKeyHex: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 32).toUpperCase()
  return digest.match(/.{4}/g)?.join(' ') ?? digest
}

/** A fingerprint as typed or pasted (any case, spaces or none) in the form orgKeyFingerprint gives. */
export function normaliseFingerprint(typed: string): string {
  const hex = typed.replace(/[^0-9a-fA-F]/g, '').toUpperCase()
  return hex.match(/.{1,4}/g)?.join(' ') ?? ''
}

const certificateBytes = (vaultId: string, c: Omit<OrgCertificate, 'sig'>): Buffer =>
  Buffer.from(JSON.stringify([CERTIFICATE_CONTEXT, vaultId, c.personId, c.name, c.signingKey, c.issuedAt]), 'utf8')

export function certify(orgPrivateKey: Buffer, vaultId: string, fields: Omit<OrgCertificate, 'sig'>): OrgCertificate {
  const sig = sign(null, certificateBytes(vaultId, fields), privateObject(orgPrivateKey)).toString('hex')
  return { ...fields, sig }
}

export function certificateValid(orgPublicKeyHex: string, vaultId: string, c: OrgCertificate): boolean {
  try {
    return verify(null, certificateBytes(vaultId, c), publicObject(Buffer.from(orgPublicKeyHex, 'hex')), Buffer.from(c.sig, 'hex'))
  } catch {
    return false
  }
}

const sealAad = (vaultId: string, personId: string, orgPublicKeyHex: string): Buffer =>
  Buffer.from(JSON.stringify([SEAL_CONTEXT, vaultId, personId, orgPublicKeyHex]), 'utf8')

/** The organisation private key sealed to a holder's box public key (hex). */
export function sealOrgKeyFor(holderBoxPublicKeyHex: string, orgPrivateKey: Buffer, vaultId: string, personId: string, orgPublicKeyHex: string): string {
  return sealTo(Buffer.from(holderBoxPublicKeyHex, 'hex'), orgPrivateKey, sealAad(vaultId, personId, orgPublicKeyHex)).toString('hex')
}

/** Opens a holder's sealed copy with their box key pair; null when it is not theirs or was altered. */
export function openOrgKey(
  box: { publicKey: Buffer; privateKey: Buffer },
  sealedHex: string,
  vaultId: string,
  personId: string,
  orgPublicKeyHex: string,
): Buffer | null {
  return openSealed(box.privateKey, box.publicKey, Buffer.from(sealedHex, 'hex'), sealAad(vaultId, personId, orgPublicKeyHex))
}

export const DOCUMENT_CONTEXT = 'escalation-log/v1/document'

/** Whether `signature` is `signingKeyHex`'s signature over a document statement (see exports/verify). */
export function documentSignatureValid(signingKeyHex: string, statement: Buffer, signatureHex: string): boolean {
  try {
    return verify(null, Buffer.concat([Buffer.from(DOCUMENT_CONTEXT), statement]), publicObject(Buffer.from(signingKeyHex, 'hex')), Buffer.from(signatureHex, 'hex'))
  } catch {
    return false
  }
}

/** Signs a document statement with a person's raw signing private key (the vault holds it while unlocked). */
export function signDocumentStatement(signingPrivateKey: Buffer, statement: Buffer): Buffer {
  return sign(null, Buffer.concat([Buffer.from(DOCUMENT_CONTEXT), statement]), privateObject(signingPrivateKey))
}
