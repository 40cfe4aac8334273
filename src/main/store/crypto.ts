/** AES-256-GCM, HKDF-SHA-256 subkeys and SHA-256, over node:crypto. */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

export const NONCE_BYTES = 12
export const TAG_BYTES = 16
export const KEY_BYTES = 32

export type Purpose = 'documents' | 'journal' | 'head' | 'checkpoint' | 'header'

/** HKDF-SHA-256(ikm = data key, salt = the vault id's 16 bytes, info = "escalation-log/v1/" + purpose). */
export function subkey(dataKey: Buffer, vaultIdBytes: Buffer, purpose: Purpose): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, vaultIdBytes, `escalation-log/v1/${purpose}`, KEY_BYTES))
}

/** Returns nonce ‖ ciphertext ‖ tag (the nonce fresh and random unless one is given: see team/sealed.ts). */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer = randomBytes(NONCE_BYTES)): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([nonce, body, cipher.getAuthTag()])
}

/** Opens nonce ‖ ciphertext ‖ tag; null if it does not authenticate (never throws on bad input). */
export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES })
    decipher.setAAD(aad)
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()])
  } catch {
    return null
  }
}

export const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')

export const hmacHex = (key: Buffer, bytes: Buffer | string): string => createHmac('sha256', key).update(bytes).digest('hex')

export function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex')

export function wipe(...buffers: (Buffer | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0)
}

export const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}

export const ZERO_HASH = '0'.repeat(64)
