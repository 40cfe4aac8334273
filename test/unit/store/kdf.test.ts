/**
 * Key derivation that fits a desktop and that a lock can stop (issue 12, finding 7: "An edited header can
 * make one unlock take 1–2 hours and 4 GiB: the KDF ceiling (4 GiB, 1,000 passes, 16 lanes) is far above
 * anything a desktop calibrates to, and every other call, lock included, waits behind the derivation").
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Worker as NodeWorker } from 'node:worker_threads'
import { hashRaw, type Algorithm } from '@node-rs/argon2'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { acceptInvitation, inspectVault, KDF_FLOOR } from '../../../src/main/store'
import { parseHeader } from '../../../src/main/store/header'
import {
  calibrateKdf,
  deriveKek,
  isValidKdf,
  KDF_CEILING,
  kdfForBudget,
  keyDerivationsInProgress,
  stopKeyDerivations,
} from '../../../src/main/store/kdf'
import { newVault, now, reopen } from './helpers'

// Every job kdf.ts hands a worker thread, and the thread it went to, so a test can prove that no key was
// derived, or wait for a stopped thread to end.
const workers = vi.hoisted(() => ({ jobs: 0, last: null as NodeWorker | null }))
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>()
  class CountedWorker extends real.Worker {
    override postMessage(...args: Parameters<NodeWorker['postMessage']>): void {
      workers.jobs++
      workers.last = this
      super.postMessage(...args)
    }
  }
  return { ...real, Worker: CountedWorker }
})

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof AppError ? e.code : String(e)))
const salt = Buffer.alloc(32, 9)

/** vault.json of a fresh vault, with its one slot's KDF settings replaced, and the vault to reopen. */
async function editedVault(kdf: { memoryKiB: number; passes: number; parallelism: number }) {
  const { dir, vault } = await newVault()
  await vault.lock()
  const file = join(dir, 'vault.json')
  const header = JSON.parse(await readFile(file, 'utf8'))
  Object.assign(header.slots[0].kdf, kdf)
  const bytes = Buffer.from(JSON.stringify(header, null, 2))
  await writeFile(file, bytes)
  return { dir, vault, bytes }
}

describe('the ceiling', () => {
  it('is 1 GiB, 10 passes and 4 lanes, and the floor 64 MiB and 3 passes', () => {
    // Issue 12: "A KDF ceiling that fits a desktop (for example ≤ 1 GiB, ≤ 10 passes, ≤ 4 lanes …)".
    expect(KDF_CEILING).toEqual({ memoryKiB: 1024 * 1024, passes: 10, parallelism: 4 })
    expect(KDF_FLOOR).toEqual({ memoryKiB: 64 * 1024, passes: 3, parallelism: 1 })
    expect(isValidKdf(KDF_CEILING)).toBe(true)
    expect(isValidKdf(KDF_FLOOR)).toBe(true)
  })

  it('refuses a header edited to 4 GiB, 1,000 passes and 16 lanes at once, before any key derivation', async () => {
    const { dir, vault } = await editedVault({ memoryKiB: 4 * 1024 * 1024, passes: 1000, parallelism: 16 })
    const before = workers.jobs
    const err = await reopen(dir, vault).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('vault-unreadable')
    expect((err as AppError).message).toBe(
      'The vault cannot be opened: its key settings are outside what this app accepts, so the file vault.json may have been edited outside Escalation Log.',
    )
    expect(workers.jobs, 'a key derivation was started').toBe(before)
    // The unlock screen says so before anyone types a passphrase.
    expect(await inspectVault(dir)).toMatchObject({ state: 'unreadable' })
  })

  it('refuses each setting one step above the ceiling or below the floor, and accepts the ceiling itself', async () => {
    const { bytes } = await editedVault(KDF_CEILING)
    expect(parseHeader(bytes).header.slots[0]!.kdf).toMatchObject(KDF_CEILING)
    const header = JSON.parse(bytes.toString('utf8'))
    for (const [key, value] of [
      ['memoryKiB', 1024 * 1024 + 1],
      ['passes', 11],
      ['parallelism', 5],
      ['memoryKiB', 65535],
      ['passes', 2],
    ] as const) {
      const edited = structuredClone(header)
      edited.slots[0].kdf[key] = value
      expect(() => parseHeader(Buffer.from(JSON.stringify(edited))), `${key} ${value}`).toThrow(/outside what this app accepts/)
    }
  })

  it('still opens a vault calibrated by an earlier version (64 MiB, one lane, more than 10 passes), up to the same work as the ceiling', async () => {
    // Issue 12: the ceiling must be "never below what calibration chose on this machine"; earlier versions
    // kept 64 MiB and raised passes, and 64 MiB × 160 passes is the work of 1 GiB × 10.
    const earlier = { memoryKiB: 65536, passes: 12, parallelism: 1 }
    const { dir, vault } = await newVault({ kdf: earlier })
    await vault.lock()
    const again = await reopen(dir, vault)
    expect(again.locked).toBe(false)
    await again.lock()
    expect(isValidKdf({ memoryKiB: 65536, passes: 160, parallelism: 1 })).toBe(true)
    for (const beyond of [
      { memoryKiB: 65536, passes: 161, parallelism: 1 },
      { memoryKiB: 65536, passes: 11, parallelism: 2 },
      { memoryKiB: 131072, passes: 11, parallelism: 1 },
    ])
      expect(isValidKdf(beyond), JSON.stringify(beyond)).toBe(false)
  })

  it('refuses settings above the ceiling for a new key slot too', async () => {
    const { dir, vault } = await newVault()
    const { invitation, code: oneTime } = await vault.createInvitation({ name: 'Sam Jones', validForHours: 24 })
    const costly = { memoryKiB: 131072, passes: 11, parallelism: 1 }
    expect(await code(acceptInvitation(dir, { inviteId: invitation.inviteId, code: oneTime, passphrase: 'another long passphrase', kdf: costly, now }))).toBe('kdf-too-costly')
    expect(await code(deriveKek('x', salt, { ...KDF_FLOOR, memoryKiB: 2 * 1024 * 1024 }))).toBe('kdf-too-costly')
    await vault.lock()
  })
})

describe('calibration', () => {
  it('never chooses below the floor or above the ceiling, whatever the machine measures', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: false }), fc.constantFrom(0, -1, Number.NaN, Infinity, 1e-300)),
        fc.oneof(fc.double({ min: -1e3, max: 1e9 }), fc.constantFrom(0, 1, 1000, Infinity)),
        (msPerMiBPass, targetMs) => {
          const chosen = kdfForBudget(msPerMiBPass, targetMs)
          expect(isValidKdf(chosen)).toBe(true)
          // Calibration stays well inside the ceiling: at most 256 MiB, so an unlock fits a 4 GB laptop.
          expect(chosen.memoryKiB).toBeLessThanOrEqual(256 * 1024)
        },
      ),
    )
  })

  it('spends a longer target on memory first, then on passes', () => {
    // One MiB-pass costs 0.25 ms: 1 s buys 4,000 MiB-passes, i.e. 256 MiB × 16 passes, capped at 10.
    expect(kdfForBudget(0.25, 1000)).toEqual({ memoryKiB: 256 * 1024, passes: 10, parallelism: 1 })
    expect(kdfForBudget(0.25, 100)).toEqual({ memoryKiB: 128 * 1024, passes: 3, parallelism: 1 })
    expect(kdfForBudget(5, 1000)).toEqual({ memoryKiB: 64 * 1024, passes: 3, parallelism: 1 })
  })

  it('on this machine, a minute-long target still stays within the ceiling', async () => {
    const chosen = await calibrateKdf(60_000)
    expect(isValidKdf(chosen)).toBe(true)
    expect(chosen.passes).toBeLessThanOrEqual(10)
  })
})

describe('derivation on a worker thread', () => {
  it('gives the same key as Argon2id on the main thread, so vaults made before still open', async () => {
    const kdf = { memoryKiB: 65536, passes: 3, parallelism: 2 }
    const direct = await hashRaw(Buffer.from('café au lait', 'utf8'), {
      algorithm: 2 as Algorithm, // Argon2id
      memoryCost: kdf.memoryKiB,
      timeCost: kdf.passes,
      parallelism: kdf.parallelism,
      outputLen: 32,
      salt,
    })
    // The passphrase is NFC-normalised first: a decomposed "é" gives the same key.
    expect((await deriveKek('cafe\u0301 au lait', salt, kdf)).equals(direct)).toBe(true)
  })

  it('keeps one finished worker for the next derivation, and never one that was stopped', async () => {
    await deriveKek('first', salt, KDF_FLOOR)
    const kept = workers.last
    await deriveKek('second', salt, KDF_FLOOR)
    expect(workers.last).toBe(kept)
    const stopped = deriveKek('third', salt, KDF_FLOOR)
    stopKeyDerivations()
    expect(await code(stopped)).toBe('vault-locked')
    await deriveKek('fourth', salt, KDF_FLOOR)
    expect(workers.last).not.toBe(kept)
  })

  it('stops at once when told to: the derivation fails as locked, its worker exits, and the next one works', async () => {
    const slow = { memoryKiB: 65536, passes: 10, parallelism: 1 }
    const derivation = deriveKek('a passphrase', salt, slow)
    const worker = workers.last!
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    expect(keyDerivationsInProgress()).toBe(1)
    stopKeyDerivations()
    const err = await derivation.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('vault-locked')
    expect(keyDerivationsInProgress()).toBe(0)
    await exited // no thread is left behind
    expect((await deriveKek('a passphrase', salt, KDF_FLOOR)).length).toBe(32)
  })
})
