/**
 * Issue 16, "Failed unlocks seen": "a count of failed attempts since the last unlock is kept beside the
 * vault (there is no key to write the journal with), shown to the next person who unlocks ... and then
 * added to the audit trail". And "Unlock offers the people of the vault with the last one used on this
 * machine chosen."
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { FAILED_UNLOCKS_FILE } from '../../../src/main/api/unlock-memory'
import { KDF_FLOOR } from '../../../src/main/store'

const PASS = 'copper lantern orchard quietly'
const DEPUTY_PASS = 'violet harbour pebble journey'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }

let root: string
let vaultDir: string
let api: Api
let clock: Date

const make = () =>
  createApi({
    appVersion: 'test',
    defaultVaultDir: vaultDir,
    appStateFile: join(root, 'state', 'app-state.json'),
    kdf: KDF_FLOOR,
    now: () => clock,
  })

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'escalation-log-unlock-'))
  vaultDir = join(root, 'vault')
  clock = new Date('2026-11-23T14:02:00Z')
  api = make()
})
afterEach(async () => {
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

async function vaultWithDeputy(): Promise<{ dslId: string; deputyId: string }> {
  const created = await ok(api.handlers['vault.create']({ dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE }))
  // Sam joins by invitation, setting their own passphrase.
  const { invitation, code } = await ok(api.handlers['people.invite']({ name: 'Sam Patel', validForHours: 24 }))
  await ok(api.handlers['vault.lock']({}))
  const joined = await ok(api.handlers['vault.acceptInvitation']({ dir: vaultDir, inviteId: invitation.inviteId, code, passphrase: DEPUTY_PASS, passphraseConfirm: DEPUTY_PASS }))
  await ok(api.handlers['vault.lock']({}))
  return { dslId: created.person.personId, deputyId: joined.person.personId }
}

describe('failed unlocks, counted beside the vault', () => {
  it('counts each refused passphrase, shows the count to the next person who unlocks, then audits and clears it', async () => {
    const { dslId } = await vaultWithDeputy()
    for (let i = 0; i < 3; i++) {
      const r = await api.handlers['vault.unlock']({ dir: vaultDir, personId: dslId, passphrase: `wrong guess ${i}` })
      expect(r.ok ? 'opened' : r.error.code).toBe('wrong-passphrase')
      clock = new Date(clock.getTime() + 60_000)
    }
    const file = join(vaultDir, FAILED_UNLOCKS_FILE)
    const kept: unknown = JSON.parse(readFileSync(file, 'utf8'))
    // No case content and nothing of what was typed: a count and two times.
    expect(Object.keys(kept as object).sort()).toEqual(['count', 'last', 'since'])
    expect(readFileSync(file, 'utf8')).not.toContain('wrong guess')

    const info = await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId: dslId, passphrase: PASS }))
    expect(info.failedUnlocks).toMatchObject({ count: 3, since: '2026-11-23T14:02:00.000Z' })
    expect(existsSync(file)).toBe(false)
    const audit = await ok(api.handlers['audit.list']({ limit: 5 }))
    expect(audit.find((e) => e.action === 'failed-unlocks')?.summary).toBe(
      '3 failed attempts to unlock since 23 Nov 2026, 14:02 (advisory: counted in a plain file beside the vault)',
    )

    // Shown once: the next unlock has nothing to report.
    await ok(api.handlers['vault.lock']({}))
    const again = await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId: dslId, passphrase: PASS }))
    expect(again.failedUnlocks).toBeUndefined()
  })

  it('the person who last unlocked on this machine is the one the unlock screen chooses', async () => {
    const { dslId, deputyId } = await vaultWithDeputy()
    await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId: dslId, passphrase: PASS }))
    await ok(api.handlers['vault.lock']({}))
    const before = await ok(api.handlers['vault.inspect']({ dir: vaultDir }))
    expect(before.state === 'present' ? before.lastPersonId : 'absent').toBe(dslId)
    await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId: deputyId, passphrase: DEPUTY_PASS }))
    await ok(api.handlers['vault.lock']({}))
    const after = await ok(api.handlers['vault.inspect']({ dir: vaultDir }))
    expect(after.state === 'present' ? after.lastPersonId : 'absent').toBe(deputyId)
    // Kept in the user-data folder, never in the vault folder, and holding ids only.
    const remembered = readFileSync(join(root, 'state', 'last-person.json'), 'utf8')
    expect(remembered).not.toContain('Sam Patel')
  })
})
