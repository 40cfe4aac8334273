import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { acceptInvitation, calibrateKdf, createVault, inspectVault, KDF_FLOOR, openVault } from '../../../src/main/store'
import { invitePerson, kdf, newVault, now, PASS, reopen, tempDir } from './helpers'
import { VaultImpl } from '../../../src/main/store/vault'

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else out.set(p.slice(dir.length), (await readFile(p)).toString('base64') + String((await stat(p)).mtimeMs))
    }
  }
  await walk(dir)
  return out
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AppError ? e.code : `not an AppError: ${String(e)}`),
  )

describe('creating, unlocking and locking', () => {
  it('creates a vault that lists its person before unlocking and opens with the passphrase', async () => {
    const { dir, vault } = await newVault()
    expect(vault.person.name).toBe('Alex Morgan')
    expect(vault.vaultId).toMatch(/^[0-9a-f]{32}$/)
    const seen = await inspectVault(dir)
    expect(seen).toEqual({ state: 'present', vaultId: vault.vaultId, people: [vault.person], invitations: [], hasRecoveryKey: false })
    await vault.commit({ action: 'save', summary: 'saved' }, [{ docId: 'settings', data: { autoLockMinutes: 10 } }])
    await vault.lock()
    const again = await reopen(dir, vault)
    expect(await again.load('settings')).toEqual({ autoLockMinutes: 10 })
    expect(again.problems).toEqual([])
  })

  it('says absent for a missing or empty folder and unreadable for a damaged header', async () => {
    const d = await tempDir()
    expect(await inspectVault(join(d, 'nothing'))).toEqual({ state: 'absent' })
    expect(await inspectVault(d)).toEqual({ state: 'absent' })
    await writeFile(join(d, 'vault.json'), '{ not json')
    const r = await inspectVault(d)
    expect(r.state).toBe('unreadable')
  })

  it('refuses to create a vault over another vault or in a folder with other files', async () => {
    const { dir } = await newVault()
    expect(await code(createVault(dir, { personName: 'B', passphrase: PASS, kdf, now }))).toBe('vault-exists')
    const other = await tempDir()
    await writeFile(join(other, 'notes.txt'), 'x')
    expect(await code(createVault(other, { personName: 'B', passphrase: PASS, kdf, now }))).toBe('folder-not-empty')
  })

  it('refuses key-derivation settings below the floor, at creation and when adding a person', async () => {
    const d = join(await tempDir(), 'v')
    for (const weak of [
      { ...KDF_FLOOR, memoryKiB: 65535 },
      { ...KDF_FLOOR, passes: 2 },
      { ...KDF_FLOOR, parallelism: 0 },
      { ...KDF_FLOOR, passes: 3.5 },
    ])
      expect(await code(createVault(d, { personName: 'A', passphrase: PASS, kdf: weak, now }))).toBe('kdf-too-weak')
    const { dir, vault } = await newVault()
    const { invitation, code: oneTime } = await vault.createInvitation({ name: 'Sam', validForHours: 24 })
    await vault.lock()
    const weakSlot = acceptInvitation(dir, { inviteId: invitation.inviteId, code: oneTime, passphrase: 'another passphrase', kdf: { ...KDF_FLOOR, memoryKiB: 1024 }, now })
    expect(await code(weakSlot)).toBe('kdf-too-weak')
  })

  it('refuses a header whose KDF settings were lowered', async () => {
    const { dir, vault } = await newVault()
    await vault.lock()
    const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
    header.slots[0].kdf.passes = 1
    await writeFile(join(dir, 'vault.json'), JSON.stringify(header))
    expect(await code(reopen(dir, vault))).toBe('vault-unreadable')
  })

  it('calibrates to at least the floor', async () => {
    const fast = await calibrateKdf(1)
    expect(fast).toEqual(KDF_FLOOR)
    // How much memory a longer target buys depends on this machine's speed; the bounds do not.
    const slower = await calibrateKdf(400)
    expect(slower.memoryKiB).toBeGreaterThanOrEqual(65536)
    expect(slower.memoryKiB).toBeLessThanOrEqual(256 * 1024)
    expect(slower.passes).toBeGreaterThanOrEqual(3)
    expect(slower.passes).toBeLessThanOrEqual(10)
  })

  it('refuses a wrong passphrase with the exact sentence and changes nothing on disk', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 'saved' }, [{ docId: 'a', data: { n: 1 } }])
    await vault.lock()
    const before = await snapshot(dir)
    const err = await openVault(dir, { personId: vault.person.personId, passphrase: 'wrong horse', now }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('wrong-passphrase')
    expect((err as AppError).message).toBe('That passphrase does not open this vault')
    expect(await snapshot(dir)).toEqual(before)
  })

  it('refuses an unknown person and a folder with no vault', async () => {
    const { dir } = await newVault()
    expect(await code(openVault(dir, { personId: '0123456789abcdef', passphrase: PASS, now }))).toBe('person-not-found')
    expect(await code(openVault(await tempDir(), { personId: 'x', passphrase: PASS, now }))).toBe('vault-not-found')
  })

  it('after lock every call is refused with vault-locked and the keys are zeroed', async () => {
    const { vault } = await newVault()
    await vault.commit({ action: 'save', summary: 'saved' }, [{ docId: 'a', data: { n: 1 } }])
    const pending = vault.lock()
    expect(vault.locked).toBe(true)
    await pending
    expect(await code(vault.load('a'))).toBe('vault-locked')
    expect(await code(vault.commit({ action: 'save', summary: 's' }, []))).toBe('vault-locked')
    expect(await code(vault.readAudit({ limit: 5 }))).toBe('vault-locked')
    expect(await code(vault.verifyAuditChain())).toBe('vault-locked')
    expect(await code(vault.createInvitation({ name: 'B', validForHours: 24 }))).toBe('vault-locked')
    expect(await code(vault.changePassphrase(PASS, 'x y z w', kdf))).toBe('vault-locked')
    expect(() => vault.documentIds()).toThrow(AppError)
    expect(() => vault.people()).toThrow(AppError)
    // White-box: every key buffer of every epoch has been filled with zeros.
    if (!(vault instanceof VaultImpl)) throw new Error('openVault gives a VaultImpl')
    expect(vault.keyring.at(0)!.dataKey.every((b) => b === 0)).toBe(true)
    await vault.lock() // idempotent
  })

  it('records create, unlock and lock in the audit trail', async () => {
    const { dir, vault } = await newVault()
    await vault.lock()
    const v = await reopen(dir, vault)
    const events = await v.readAudit({ limit: 10 })
    expect(events.map((e) => e.action)).toEqual(['unlock', 'lock', 'vault-created'])
    expect(events.every((e) => e.personId === vault.person.personId && e.personName === 'Alex Morgan')).toBe(true)
    // Opening again in the same process locks the earlier Vault first: one writer per folder.
    const quiet = await reopen(dir, vault, { auditUnlock: false })
    expect(v.locked).toBe(true)
    expect((await quiet.readAudit({ limit: 2 })).map((e) => e.action)).toEqual(['lock', 'unlock'])
  })
})

describe('passphrases and people', () => {
  it('changes the passphrase: the old one is then refused, the new one works, data intact', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-1', data: { child: 'A' } }])
    const headerBefore = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
    const filesBefore = await readdir(join(dir, 'documents'))
    expect(await code(vault.changePassphrase('not it', 'a brand new passphrase'))).toBe('wrong-passphrase')
    await vault.changePassphrase(PASS, 'a brand new passphrase')
    // Only the slot's private keys were re-wrapped: documents untouched, slot salt and wraps changed, the
    // sealed vault key and the person's public keys as they were.
    expect(await readdir(join(dir, 'documents'))).toEqual(filesBefore)
    const headerAfter = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
    expect(headerAfter.slots[0].kdf.salt).not.toBe(headerBefore.slots[0].kdf.salt)
    expect(headerAfter.slots[0].wrappedBoxKey).not.toBe(headerBefore.slots[0].wrappedBoxKey)
    expect(headerAfter.slots[0].wrappedSigningKey).not.toBe(headerBefore.slots[0].wrappedSigningKey)
    expect(headerAfter.slots[0].signingPublicKey).toBe(headerBefore.slots[0].signingPublicKey)
    expect(headerAfter.revision).toBe(headerBefore.revision + 1)
    await vault.lock()
    expect(await code(reopen(dir, vault))).toBe('wrong-passphrase')
    const v = await openVault(dir, { personId: vault.person.personId, passphrase: 'a brand new passphrase', now })
    expect(await v.load('case-1')).toEqual({ child: 'A' })
    expect((await v.readAudit({ limit: 3 })).map((e) => e.action)).toContain('passphrase-changed')
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('lets two people each unlock with their own passphrase', async () => {
    const { dir, vault: first } = await newVault()
    const { person: sam, vault } = await invitePerson(dir, first, 'Sam Patel', 'sams own passphrase')
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    expect(vault.people().map((p) => p.name)).toEqual(['Alex Morgan', 'Sam Patel'])
    await vault.lock()
    const seen = await inspectVault(dir)
    expect(seen.state === 'present' && seen.people.map((p) => p.name)).toEqual(['Alex Morgan', 'Sam Patel'])
    const bySam = await openVault(dir, { personId: sam.personId, passphrase: 'sams own passphrase', now })
    expect(bySam.person).toEqual(sam)
    expect(await bySam.load('a')).toBe(1)
    await bySam.lock()
    expect(await code(openVault(dir, { personId: sam.personId, passphrase: PASS, now }))).toBe('wrong-passphrase')
    const byAlex = await reopen(dir, vault)
    expect(await byAlex.load('a')).toBe(1)
    expect(await byAlex.verifyPassphrase(sam.personId, 'sams own passphrase')).toBe(true)
    expect(await byAlex.verifyPassphrase(sam.personId, 'guess')).toBe(false)
    expect(await byAlex.verifyPassphrase('ffffffffffffffff', 'sams own passphrase')).toBe(false)
    const sams = (await byAlex.readAudit({ limit: 20 })).filter((e) => e.personId === sam.personId).map((e) => e.action)
    // Accepting the invitation (and that session's unlock and lock), then Sam's own session.
    expect(sams).toEqual(['lock', 'unlock', 'lock', 'unlock', 'person-added'])
  })

  it('refuses a duplicate name, removes a person, and never removes the last', async () => {
    const { dir, vault: first } = await newVault()
    expect(await code(first.createInvitation({ name: ' alex morgan ', validForHours: 24 }))).toBe('person-exists')
    const { person: sam, vault } = await invitePerson(dir, first, 'Sam', 'sams own passphrase')
    await vault.removePerson(sam.personId)
    expect(vault.people()).toEqual([vault.person])
    expect(await code(vault.removePerson(vault.person.personId))).toBe('cannot-remove-self')
    expect(await code(vault.removePerson('0000000000000000'))).toBe('person-not-found')
    await vault.lock()
    expect(await code(openVault(dir, { personId: sam.personId, passphrase: 'sams own passphrase', now }))).toBe('person-not-found')
  })

  it('binds names to slots: swapping two people’s names in the header is refused', async () => {
    const { dir, vault: first } = await newVault()
    const { vault } = await invitePerson(dir, first, 'Sam', 'sams own passphrase')
    await vault.lock()
    const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
    ;[header.slots[0].name, header.slots[1].name] = [header.slots[1].name, header.slots[0].name]
    await writeFile(join(dir, 'vault.json'), JSON.stringify(header))
    // Alex's slot now says "Sam": its AAD no longer matches, so it does not open.
    expect(await code(reopen(dir, vault))).toBe('wrong-passphrase')
  })

  it('refuses a header whose slot list was edited (a slot removed) after unlock checks the header MAC', async () => {
    const { dir, vault: first } = await newVault()
    const { vault } = await invitePerson(dir, first, 'Sam', 'sams own passphrase')
    await vault.lock()
    const header = JSON.parse(await readFile(join(dir, 'vault.json'), 'utf8'))
    header.slots.pop()
    await writeFile(join(dir, 'vault.json'), JSON.stringify(header))
    expect(await code(reopen(dir, vault))).toBe('header-tampered')
  })
})

describe('one writer per folder in this process', () => {
  it('a lock that is not awaited, followed at once by unlock, leaves a sound journal', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    void vault.lock()
    const v = await reopen(dir, vault)
    expect((await v.readAudit({ limit: 2 })).map((e) => e.action)).toEqual(['unlock', 'lock'])
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true, events: 4 })
  })

  it('two unlocks at once: the later wins, the earlier is locked, and the journal stays sound', async () => {
    const { dir, vault } = await newVault()
    await vault.lock()
    const [first, second] = await Promise.all([reopen(dir, vault), reopen(dir, vault)])
    expect(first.locked).toBe(true)
    expect(second.locked).toBe(false)
    await second.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    expect(await second.verifyAuditChain()).toMatchObject({ ok: true, events: 6 })
  })
})
