/**
 * Passphrase and key buffers are zeroed after use, as far as JavaScript allows.
 *
 * Issue 12, "The lower findings": "passphrase buffers zeroed after use (as far as JS allows, documented)".
 * A passphrase reaches the main process as a string, which JavaScript cannot overwrite (docs/security.md,
 * "Passphrases and keys in memory"). The one place it becomes bytes is the key derivation: a fresh buffer,
 * moved (not copied) to the derivation's worker thread, which zeroes it when Argon2id is done — so after
 * the derivation the main thread's buffer is empty (detached). Keys this layer asks the vault for (the
 * local MAC key of rollback detection) are zeroed as soon as the MAC is made.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deriveKek } from '../../../src/main/store/kdf'
import { KDF_FLOOR } from '../../../src/main/store'
import { recordSeenPosition } from '../../../src/main/api/seen-positions'
import type { Context } from '../../../src/main/api/context'
import type { Vault } from '../../../src/main/store'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('passphrase bytes', () => {
  it('the key derivation leaves no copy of the passphrase bytes on the main thread', async () => {
    const made: Uint8Array[] = []
    const encode = TextEncoder.prototype.encode
    vi.spyOn(TextEncoder.prototype, 'encode').mockImplementation(function (this: InstanceType<typeof TextEncoder>, input?: string) {
      const bytes = encode.call(this, input)
      made.push(bytes)
      return bytes
    })
    const key = await deriveKek('copper lantern orchard quietly', Buffer.alloc(16, 1), KDF_FLOOR)
    expect(key.length).toBe(32)
    expect(made.length).toBeGreaterThan(0)
    // Moved to the worker: the buffer here is detached, holding nothing (the worker zeroes its copy).
    for (const bytes of made) expect(bytes.byteLength).toBe(0)
  })
})

describe('keys asked of the vault', () => {
  it('the local MAC key of rollback detection is zeroed once the record is written', async () => {
    const machine = mkdtempSync(join(tmpdir(), 'escalation-log-machine-'))
    try {
      const handed: Buffer[] = []
      // Only what the record needs of a vault; the key is random, as the vault's HKDF output would be.
      const vault = {
        locked: false,
        vaultId: 'ab'.repeat(16),
        position: () => ({ seq: 7, hash: 'cd'.repeat(32) }),
        localMacKey: (purpose: string) => {
          expect(purpose).toBe('seen-position')
          const key = randomBytes(32)
          handed.push(key)
          return key
        },
      } as unknown as Vault
      await recordSeenPosition({ deps: { machineStateDir: machine } } as unknown as Context, vault)
      expect(handed.length).toBeGreaterThan(0)
      for (const key of handed) expect(key.every((b) => b === 0)).toBe(true)
    } finally {
      rmSync(machine, { recursive: true, force: true })
    }
  })
})
