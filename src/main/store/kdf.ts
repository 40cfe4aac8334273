/**
 * Argon2id key derivation: the floor and the ceiling, calibration, and the key-encryption key.
 *
 * Every derivation runs on a worker thread (one at a time per thread), never on the main thread and never
 * on libuv's shared threadpool, so the rest of the app (locking above all) never waits behind one.
 * `stopKeyDerivations()` — called when the vault locks — fails every derivation in progress at once with
 * "the vault is locked".
 * A worker busy inside Argon2's native code cannot be interrupted mid-pass: it is told to stop, its answer
 * is thrown away, and it exits when that computation ends (the ceiling keeps this to seconds).
 */
import { createRequire } from 'node:module'
import { keptWorker, runOnKeptWorker } from '../threads/kept-worker'
import { AppError } from '../../shared/errors'
import type { KdfParams } from './types'

export const KDF_FLOOR: Readonly<KdfParams> = Object.freeze({ memoryKiB: 65536, passes: 3, parallelism: 1 })

/**
 * The most a vault may ask of this computer: 1 GiB, 10 passes, 4 lanes — about ten seconds at worst on a
 * desktop. Anything above is what an edited header asks for (4 GiB × 1,000 passes took over an hour).
 */
export const KDF_CEILING: Readonly<KdfParams> = Object.freeze({ memoryKiB: 1024 * 1024, passes: 10, parallelism: 4 })

/**
 * Earlier versions calibrated by passes alone, at 64 MiB and one lane, so their slots may have more than
 * 10 passes. Up to 160 is the same work as the ceiling (64 MiB × 160 = 1 GiB × 10), so such slots are
 * still accepted and those vaults still open; calibration never makes one, and the next passphrase change
 * replaces it.
 */
const EARLIER_CALIBRATION_MAX_PASSES = (KDF_CEILING.memoryKiB / KDF_FLOOR.memoryKiB) * KDF_CEILING.passes

/**
 * Calibration grows memory up to this before it adds passes. A quarter of the ceiling: a school laptop
 * with 4 GB can spare it for the second an unlock takes.
 */
const CALIBRATION_MAX_MEMORY_KIB = 256 * 1024

export const SALT_BYTES = 32

const PARAMS = ['memoryKiB', 'passes', 'parallelism'] as const

/** Why settings are refused: below the floor (or not whole numbers), above the ceiling, or null if fine. */
export function kdfProblem(kdf: KdfParams): 'below-floor' | 'above-ceiling' | null {
  if (PARAMS.some((k) => !Number.isSafeInteger(kdf[k]) || kdf[k] < KDF_FLOOR[k])) return 'below-floor'
  if (kdf.memoryKiB > KDF_CEILING.memoryKiB || kdf.parallelism > KDF_CEILING.parallelism) return 'above-ceiling'
  const earlierCalibration =
    kdf.memoryKiB === KDF_FLOOR.memoryKiB && kdf.parallelism === 1 && kdf.passes <= EARLIER_CALIBRATION_MAX_PASSES
  if (kdf.passes > KDF_CEILING.passes && !earlierCalibration) return 'above-ceiling'
  return null
}

export const isValidKdf = (kdf: KdfParams): boolean => kdfProblem(kdf) === null

export function assertKdf(kdf: KdfParams): void {
  const problem = kdfProblem(kdf)
  if (problem === 'below-floor')
    throw new AppError(
      'kdf-too-weak',
      'The key-derivation settings are below the safe minimum (64 MiB of memory and 3 passes) or out of range.',
    )
  if (problem === 'above-ceiling')
    throw new AppError(
      'kdf-too-costly',
      'The key-derivation settings ask for more than this app allows (at most 1 GiB of memory, 10 passes and 4 lanes).',
    )
}

// ---- the worker ------------------------------------------------------------------------------------------

/**
 * The worker's whole program. It is evaluated from this string rather than loaded from a file so that the
 * same code runs under vitest, tsx, Playwright and the bundled app, with no file for electron-vite to emit.
 * It loads the argon2 binding from the path the main thread resolved (an eval'd worker resolves modules
 * from the working folder, which in a packaged app is anywhere), uses the synchronous call so the work
 * stays on this thread, and zeroes the passphrase bytes it was given. Algorithm 2 is Argon2id, version 0x13.
 */
const WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { hashRawSync } = require(workerData.argon2)
parentPort.on('message', (job) => {
  const password = Buffer.from(job.password.buffer, job.password.byteOffset, job.password.byteLength)
  try {
    const started = performance.now()
    const raw = hashRawSync(password, {
      algorithm: 2,
      memoryCost: job.memoryKiB,
      timeCost: job.passes,
      parallelism: job.parallelism,
      outputLen: 32,
      salt: Buffer.from(job.salt),
    })
    const ms = performance.now() - started
    const key = new Uint8Array(raw)
    raw.fill(0)
    parentPort.postMessage({ key, ms }, [key.buffer])
  } finally {
    password.fill(0)
  }
})
`

let argon2Entry: string | null = null
/**
 * Where the argon2 binding is, resolved as this module would resolve it (inside app.asar when packaged).
 * From `__filename`, not `import.meta.url`: the bundle, tsx, vitest and Playwright's loader all give this
 * file a `__filename`, and Playwright's loader refuses `import.meta` in a file it compiles to CommonJS.
 */
const argon2Path = (): string => (argon2Entry ??= createRequire(__filename).resolve('@node-rs/argon2'))

/** One finished worker is kept for the next job (src/main/threads/kept-worker.ts). */
const workers = keptWorker(WORKER_SOURCE, () => ({ argon2: argon2Path() }))

interface Running {
  stop(reason: AppError): void
}
const running = new Set<Running>()

const stoppedByLock = (): AppError =>
  new AppError('vault-locked', 'The vault was locked before its key was ready, so nothing was changed — unlock it to carry on.')

/** Fails every key derivation in progress with "the vault is locked"; their workers are told to stop. */
export function stopKeyDerivations(): void {
  for (const derivation of [...running]) derivation.stop(stoppedByLock())
}

/** How many key derivations are running now (the unlock screen's "working…" and the lock tests). */
export const keyDerivationsInProgress = (): number => running.size

type Answer = { key?: unknown; ms?: unknown }

function derive(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<{ key: Buffer; ms: number }> {
  assertKdf(kdf)
  // A fresh buffer of its own (never Node's shared pool), moved to the worker, so no copy stays here.
  const password = new TextEncoder().encode(passphrase.normalize('NFC'))
  let derivation: Running | null = null
  return runOnKeptWorker(workers, {
    message: { password, salt: new Uint8Array(salt), ...kdf },
    transfer: [password.buffer],
    read: (answer) => {
      const { key, ms } = (answer ?? {}) as Answer
      if (!(key instanceof Uint8Array) || key.byteLength !== 32 || typeof ms !== 'number')
        return new Error('the key-derivation worker answered with something other than a key')
      return { key: Buffer.from(key.buffer, key.byteOffset, key.byteLength), ms }
    },
    notStarted: 'the key-derivation worker did not start',
    stoppedEarly: 'the key-derivation worker stopped before answering',
    failedToStart: () => password.fill(0),
    // A lock abandons it: its late answer is never read.
    started: (abandon) => {
      derivation = { stop: abandon }
      running.add(derivation)
    },
    settled: () => {
      if (derivation) running.delete(derivation)
    },
  })
}

/** Derives the 32-byte key-encryption key on a worker thread that a lock can abandon. */
export async function deriveKek(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  return (await derive(passphrase, salt, kdf)).key
}

// ---- calibration -----------------------------------------------------------------------------------------

/**
 * Settings that cost about `targetMs` where one mebibyte-pass costs `msPerMiBPass`: memory doubles from the
 * floor's 64 MiB up to 256 MiB while three passes still fit the budget, then passes make up the rest, from 3
 * to 10. Memory before passes, because memory is what makes a guessing machine expensive (RFC 9106 §4).
 * Never below the floor, never above the ceiling, whatever the measurement.
 */
export function kdfForBudget(msPerMiBPass: number, targetMs: number): KdfParams {
  const floorMiB = KDF_FLOOR.memoryKiB / 1024
  const budget = Number.isFinite(msPerMiBPass) && msPerMiBPass > 0 ? Math.max(0, targetMs) / msPerMiBPass : 0
  let memoryMiB = floorMiB
  while (memoryMiB * 2 * 1024 <= CALIBRATION_MAX_MEMORY_KIB && memoryMiB * 2 * KDF_FLOOR.passes <= budget) memoryMiB *= 2
  const passes = Math.min(KDF_CEILING.passes, Math.max(KDF_FLOOR.passes, Math.round(budget / memoryMiB) || 0))
  return { memoryKiB: memoryMiB * 1024, passes, parallelism: KDF_FLOOR.parallelism }
}

/**
 * Finds Argon2id settings that take about `targetMs` on this machine, timing the floor's settings inside
 * the worker (so the worker's start-up is not counted) and scaling by memory × passes.
 */
export async function calibrateKdf(targetMs = 1000): Promise<KdfParams> {
  const probe = { ...KDF_FLOOR }
  const salt = Buffer.alloc(SALT_BYTES, 7)
  const wipe = ({ key }: { key: Buffer }) => key.fill(0)
  wipe(await derive('calibration', salt, probe)) // warm-up: the first run pays for allocation
  const timed = await derive('calibration', salt, probe)
  wipe(timed)
  const mebibytePasses = (probe.memoryKiB / 1024) * probe.passes
  return kdfForBudget(Math.max(0.0001, timed.ms / mebibytePasses), targetMs)
}
