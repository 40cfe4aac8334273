/** Argon2id key derivation: the floor, validation, calibration, and the key-encryption key. */
import { hashRaw, type Algorithm } from '@node-rs/argon2'
import { AppError } from '../../shared/errors'
import type { KdfParams } from './types'

export const KDF_FLOOR: Readonly<KdfParams> = Object.freeze({ memoryKiB: 65536, passes: 3, parallelism: 1 })

/** Upper bounds keep a tampered header from making unlock hang or exhaust memory. */
const KDF_CEILING: Readonly<KdfParams> = Object.freeze({ memoryKiB: 4 * 1024 * 1024, passes: 1000, parallelism: 16 })

// `Algorithm` is an ambient const enum, which isolatedModules cannot read; 2 is Argon2id, 1 is version 0x13.
const ARGON2ID = 2 as Algorithm

export const SALT_BYTES = 32

export function isValidKdf(kdf: KdfParams): boolean {
  const keys = ['memoryKiB', 'passes', 'parallelism'] as const
  return keys.every(
    (k) => Number.isSafeInteger(kdf[k]) && kdf[k] >= KDF_FLOOR[k] && kdf[k] <= KDF_CEILING[k],
  )
}

export function assertKdf(kdf: KdfParams): void {
  if (!isValidKdf(kdf))
    throw new AppError(
      'kdf-too-weak',
      'The key-derivation settings are below the safe minimum (64 MiB of memory and 3 passes) or out of range.',
    )
}

/** Derives the 32-byte key-encryption key. Runs on the libuv threadpool, not the main thread. */
export async function deriveKek(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  assertKdf(kdf)
  const password = Buffer.from(passphrase.normalize('NFC'), 'utf8')
  try {
    return await hashRaw(password, {
      algorithm: ARGON2ID,
      memoryCost: kdf.memoryKiB,
      timeCost: kdf.passes,
      parallelism: kdf.parallelism,
      outputLen: 32,
      salt,
    })
  } finally {
    password.fill(0)
  }
}

/**
 * Finds Argon2id settings that take about `targetMs` on this machine, as KeePassXC does: memory stays at
 * 64 MiB and the number of passes grows; never below the floor.
 */
export async function calibrateKdf(targetMs = 1000): Promise<KdfParams> {
  const probe = { ...KDF_FLOOR }
  const salt = Buffer.alloc(SALT_BYTES, 7)
  await deriveKek('calibration', salt, probe) // warm-up: the first run pays for allocation
  const started = performance.now()
  await deriveKek('calibration', salt, probe)
  const perPass = Math.max(0.1, (performance.now() - started) / probe.passes)
  const passes = Math.min(KDF_CEILING.passes, Math.max(KDF_FLOOR.passes, Math.round(targetMs / perPass)))
  return { ...KDF_FLOOR, passes }
}
