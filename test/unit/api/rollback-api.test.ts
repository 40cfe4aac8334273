/**
 * Rollback detection of the whole vault folder, through the handler table.
 *
 * Issue 12, "Rollback detection": "the latest journal position this machine has seen for each vault id
 * is kept outside the vault folder (authenticated once the vault is unlocked) … a vault older than that
 * opens read-only with a message naming both positions until a person confirms (audited); a missing
 * record of it is reported as "this computer has not opened this vault before"; restoring a backup is an
 * explicit rollback that updates it".
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi, PASS } from './helpers'
import { SEEN_FILE } from '../../../src/main/api/seen-positions'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
let machine: string
const mono = { ms: 0 }

beforeEach(async () => {
  mono.ms = 0
  machine = mkdtempSync(join(tmpdir(), 'escalation-log-machine-'))
  t = await openTestApi('2026-12-01T09:00:00Z', { machineStateDir: machine, monotonicNow: () => mono.ms })
})
afterEach(async () => {
  await t.cleanup()
  rmSync(machine, { recursive: true, force: true })
})

const me = async () => (await t.call('vault.session', {}))!.person.personId
const unlock = async (personId: string, dir = t.vaultDir) => t.call('vault.unlock', { dir, personId, passphrase: PASS })
const addChild = (name: string) => t.call('children.create', { child: { name, dateOfBirth: '2015-04-02' } })

/** Copies the vault folder aside (locked), makes `changes` changes, locks, then puts the old copy back. */
async function rollBack(changes: number): Promise<{ personId: string; oldEnd: number; seenEnd: number }> {
  const personId = await me()
  await t.call('vault.lock', {})
  const old = join(t.root, 'old-copy')
  cpSync(t.vaultDir, old, { recursive: true })
  await unlock(personId)
  const oldEnd = (await t.call('audit.list', { limit: 1 }))[0]!.seq - 1 // the copy ends before this unlock
  for (let i = 0; i < changes; i++) await addChild(`Child ${i}`)
  const seenEnd = (await t.call('audit.list', { limit: 1 }))[0]!.seq
  await t.call('vault.lock', {})
  rmSync(t.vaultDir, { recursive: true, force: true })
  cpSync(old, t.vaultDir, { recursive: true })
  return { personId, oldEnd, seenEnd }
}

describe('a vault folder put back to an older copy', () => {
  it('opens read-only with a message naming both positions; saves and exports are refused; nothing of the case changes', async () => {
    const { personId, oldEnd, seenEnd } = await rollBack(3)
    const session = await unlock(personId)
    expect(session.history?.state).toBe('rolled-back')
    // The copy's trail ends at oldEnd (+1 for the unlock that just happened); this computer saw seenEnd.
    expect(session.history?.message).toContain(`this computer has seen it reach entry ${seenEnd}`)
    expect(session.history?.message).toContain(`ends at entry ${oldEnd + 1}`)
    expect(session.history?.message).toMatch(/open read-only/)
    expect(await t.call('children.list', {})).toEqual([])

    const before = t.snapshot()
    const save = await t.refusal('children.create', { child: { name: 'Late Entry', dateOfBirth: '2016-01-01' } })
    expect(save.code).toBe('vault-rolled-back')
    expect(save.message).toMatch(/Nothing was saved/)
    expect((await t.refusal('backup.create', {})).code).toBe('vault-rolled-back')
    expect((await t.refusal('exports.trends', { year: 2026, quarter: 4 })).code).toBe('vault-rolled-back')
    expect(t.snapshot()).toEqual(before)
    // Still held after another lock and unlock: only a person's decision lifts it.
    await t.call('vault.lock', {})
    expect((await unlock(personId)).history?.state).toBe('rolled-back')
  })

  it('once a person accepts it (passphrase asked again after 5 minutes) it is writable, and the acceptance is audited with both positions', async () => {
    const { personId, oldEnd, seenEnd } = await rollBack(2)
    await unlock(personId)
    mono.ms += 5 * 60_000
    expect((await t.refusal('vault.acceptRollback', {})).code).toBe('passphrase-needed')
    await t.call('vault.confirmPassphrase', { passphrase: PASS })
    const accepted = await t.call('vault.acceptRollback', {})
    expect(accepted.history).toBeNull()
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'rollback-accepted', personName: 'Harriet Okonkwo' })
    expect(event!.summary).toBe(`Kept an older copy of the vault: this computer had seen audit entry ${seenEnd}; the copy kept ends at entry ${oldEnd + 1}`)
    await addChild('After acceptance')
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })
    await t.call('vault.lock', {})
    expect((await unlock(personId)).history).toBeNull()
  })

  it('an older copy changed since (its trail longer than what was seen, but a different history) is held too', async () => {
    const { personId } = await rollBack(2)
    // Changed elsewhere: another computer (its own machine folder) adds more than was rolled back.
    const elsewhere = await openTestApi('2026-12-01T09:00:00Z', { machineStateDir: mkdtempSync(join(tmpdir(), 'escalation-log-elsewhere-')) })
    try {
      await elsewhere.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
      for (let i = 0; i < 5; i++) await elsewhere.call('children.create', { child: { name: `Elsewhere ${i}`, dateOfBirth: '2014-01-01' } })
      await elsewhere.call('vault.lock', {})
    } finally {
      await elsewhere.cleanup()
    }
    const session = await unlock(personId)
    expect(session.history?.state).toBe('rolled-back')
    expect(session.history?.message).toMatch(/not the one this computer last saw/)
  })

  it('a vault that only moved on (a lock, more saves) is not reported', async () => {
    const personId = await me()
    await addChild('One')
    await t.call('vault.lock', {})
    expect((await unlock(personId)).history).toBeNull()
    await addChild('Two')
    await t.call('vault.lock', {})
    expect((await unlock(personId)).history).toBeNull()
  })
})

describe('this computer’s record of the vault', () => {
  it('a fresh machine folder: "this computer has not opened this vault before", then nothing the next time', async () => {
    const personId = await me()
    await t.call('vault.lock', {})
    const fresh = mkdtempSync(join(tmpdir(), 'escalation-log-fresh-'))
    const other = await openTestApi('2026-12-01T09:00:00Z', { machineStateDir: fresh })
    try {
      const first = await other.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })
      expect(first.history).toEqual({ state: 'first-open', message: expect.stringContaining('This computer has not opened this vault before') })
      await other.call('vault.lock', {})
      expect((await other.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })).history).toBeNull()
    } finally {
      await other.cleanup()
      rmSync(fresh, { recursive: true, force: true })
    }
  })

  it('is kept outside the vault folder, holds no case content, and an edited record is reported, not trusted', async () => {
    const personId = await me()
    await addChild('Marker Childname')
    await t.call('vault.lock', {})
    const file = join(machine, SEEN_FILE)
    const record = JSON.parse(readFileSync(file, 'utf8')) as { vaults: Record<string, { seq: number }> }
    expect(readFileSync(file, 'utf8')).not.toContain('Marker')
    const [vaultId] = Object.keys(record.vaults)
    // Someone lowers the record to hide a later rollback: the MAC no longer matches.
    record.vaults[vaultId!]!.seq = 1
    writeFileSync(file, JSON.stringify(record))
    const session = await unlock(personId)
    expect(session.history?.state).toBe('unchecked')
    expect(session.history?.message).toMatch(/could not be checked/)
    await t.call('vault.lock', {})
    expect((await unlock(personId)).history).toBeNull()
  })

  it('restoring a backup is an explicit rollback: the restored copy opens without being reported', async () => {
    const personId = await me()
    const backup = await t.call('backup.create', {})
    await addChild('After the backup')
    await addChild('And another')
    await t.call('vault.lock', {})
    const restored = join(t.root, 'restored')
    await t.call('backup.restore', { file: backup.file, dir: restored, personId, passphrase: PASS })
    const session = await unlock(personId, restored)
    expect(session.history).toBeNull()
    expect((await t.call('children.list', {})).map((c) => c.name)).toEqual([])
  })
})
