/**
 * Invitations and the recovery key, through the real handler table over a real vault on disk.
 *
 * Issue 12, "Sensitive changes ask again": "a new person sets their own passphrase through an invitation
 * the DSL creates, protected by a short one-time code the DSL gives them in person, which expires —
 * nobody types another's passphrase."
 * Issue 12, "A recovery key": "At creation (and on demand) the vault offers a recovery key — a printed or
 * saved code in its own key slot, like a disk-encryption recovery key — that can open the vault and set a
 * new passphrase, audited when used."
 * Done when: "the recovery key opens a vault whose passphrase is lost; an invitation cannot be completed
 * without its code."
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { KDF_FLOOR } from '../../../src/main/store'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'
import { invitePerson, openTestApi, PASS, PROFILE, snapshot } from './helpers'

type Outcome = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; field?: string } }

let t: Awaited<ReturnType<typeof openTestApi>>
const fresh: Api[] = []
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => {
  for (const api of fresh.splice(0)) await api.dispose()
  await t.cleanup()
})

const SAM_PASS = 'meadow cobalt saxophone ripple'
const NEW_PASS = 'violet harbour tundra pencil'

/**
 * Another start of the app over the same vault folder and clock, with nobody signed in: what the invited
 * person, or the DSL who lost their passphrase, finds at the unlock screen.
 */
function restartApp() {
  const api = createApi({
    appVersion: 'test',
    defaultVaultDir: t.vaultDir,
    kdf: KDF_FLOOR,
    now: () => t.clock.now,
    chooseSaveFile: async (name) => join(t.exportsDir, name),
  })
  fresh.push(api)
  const send = (channel: Channel, input: unknown) => (api.handlers[channel] as (i: unknown) => Promise<Outcome>)(input)
  return {
    call: async <C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> => {
      const r = await send(channel, input)
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`)
      return r.value as ChannelOutput<C>
    },
    refusal: async (channel: Channel, input: unknown) => {
      const r = await send(channel, input)
      if (r.ok) throw new Error(`${channel} was expected to be refused`)
      return r.error
    },
  }
}

async function harrietId(): Promise<string> {
  const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
  if (inspected.state !== 'present') throw new Error('the vault should be present')
  return inspected.people.find((p) => p.name === PROFILE.name)!.personId
}

/** Harriet invites Sam and locks; the code is what she would say to Sam in person. */
async function inviteSam(role?: string) {
  const made = await t.call('people.invite', { name: 'Sam Patel', ...(role ? { role } : {}), validForHours: 24 })
  await t.call('vault.lock', {})
  return made
}

const accept = (inviteId: string, code: string, passphrase = SAM_PASS) => ({
  dir: t.vaultDir,
  inviteId,
  code,
  passphrase,
  passphraseConfirm: passphrase,
})

describe('invitations', () => {
  it('the DSL invites; the person accepts with the code in a fresh session and is signed in as themselves, with the role', async () => {
    const { invitation, code } = await t.call('people.invite', { name: 'Sam Patel', role: 'Deputy DSL', validForHours: 72 })
    // Ten characters in two groups (4 and 6), from an alphabet without I, L, O or U.
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{6}$/)
    expect(invitation).toMatchObject({ name: 'Sam Patel', role: 'Deputy DSL', createdAt: '2026-12-01T09:00:00.000Z', expiresAt: '2026-12-04T09:00:00.000Z', createdByName: PROFILE.name })
    expect(await t.call('people.invitations', {})).toEqual([invitation])
    // The code is not stored anywhere in the vault folder.
    expect(Object.values(snapshot(t.vaultDir)).some((b64) => Buffer.from(b64, 'base64').toString('latin1').includes(code))).toBe(false)
    await t.call('vault.lock', {})

    const app = restartApp()
    const inspected = await app.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('the vault should be present')
    expect(inspected.invitations).toEqual([{ inviteId: invitation.inviteId, name: 'Sam Patel', role: 'Deputy DSL', expiresAt: invitation.expiresAt }])
    t.at('2026-12-02T10:00:00Z')
    // Typed as a person might: lower case, spaces for the hyphen.
    const session = await app.call('vault.acceptInvitation', accept(invitation.inviteId, code.toLowerCase().replace('-', ' ')))
    expect(session.person.name).toBe('Sam Patel')
    expect((await app.call('people.list', {})).map((p) => p.name).sort()).toEqual(['Harriet Okonkwo', 'Sam Patel'])
    expect((await app.call('settings.get', {})).people[session.person.personId]).toEqual({ role: 'Deputy DSL' })
    expect(await app.call('people.invitations', {})).toEqual([])

    // The audit trail shows the invitation made by Harriet and Sam joining, and still verifies.
    const audit = await app.call('audit.list', { limit: 20 })
    expect(audit.some((e) => e.personName === PROFILE.name && e.summary.includes('Sam Patel'))).toBe(true)
    expect(audit.some((e) => e.personName === 'Sam Patel')).toBe(true)
    expect(audit[0]).toMatchObject({ personName: 'Sam Patel', action: 'person-role', summary: 'Sam Patel’s role in the vault: Deputy DSL' })
    expect(await app.call('audit.verify', {})).toMatchObject({ ok: true })

    // Sam's own passphrase opens it next time; the code cannot be used twice.
    await app.call('vault.lock', {})
    expect((await app.call('vault.unlock', { dir: t.vaultDir, personId: session.person.personId, passphrase: SAM_PASS })).person.name).toBe('Sam Patel')
    await app.call('vault.lock', {})
    expect(await app.refusal('vault.acceptInvitation', accept(invitation.inviteId, code, NEW_PASS))).toMatchObject({ code: 'invitation-not-found' })
  })

  it('a wrong code is refused and the vault folder is left exactly as it was; the right code still works', async () => {
    const { invitation, code } = await inviteSam()
    const app = restartApp()
    const before = snapshot(t.vaultDir)
    const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`
    expect(await app.refusal('vault.acceptInvitation', accept(invitation.inviteId, wrong))).toMatchObject({ code: 'wrong-code' })
    expect(snapshot(t.vaultDir)).toEqual(before)
    expect(await app.call('vault.session', {})).toBeNull()
    expect((await app.call('vault.acceptInvitation', accept(invitation.inviteId, code))).person.name).toBe('Sam Patel')
  })

  it('cannot be completed without a code at all', async () => {
    const { invitation } = await inviteSam()
    const app = restartApp()
    const before = snapshot(t.vaultDir)
    for (const code of ['', '   ', 'K7QM-2XHP9W!'])
      expect(await app.refusal('vault.acceptInvitation', accept(invitation.inviteId, code))).toMatchObject({ code: 'invalid-input', field: 'code' })
    expect(await app.refusal('vault.acceptInvitation', { dir: t.vaultDir, inviteId: invitation.inviteId, passphrase: SAM_PASS, passphraseConfirm: SAM_PASS })).toMatchObject({ code: 'invalid-input' })
    expect(snapshot(t.vaultDir)).toEqual(before)
  })

  it('an expired invitation is refused, by the app’s clock', async () => {
    const { invitation, code } = await inviteSam()
    t.at('2026-12-02T09:00:01Z')
    const app = restartApp()
    const before = snapshot(t.vaultDir)
    expect(await app.refusal('vault.acceptInvitation', accept(invitation.inviteId, code))).toMatchObject({ code: 'invitation-expired' })
    expect(snapshot(t.vaultDir)).toEqual(before)
  })

  it('a cancelled invitation is refused', async () => {
    const { invitation, code } = await t.call('people.invite', { name: 'Sam Patel', validForHours: 168 })
    expect(await t.call('people.cancelInvitation', { inviteId: invitation.inviteId })).toEqual({ cancelled: true })
    expect(await t.call('people.invitations', {})).toEqual([])
    expect(await t.refusal('people.cancelInvitation', { inviteId: invitation.inviteId })).toMatchObject({ code: 'invitation-not-found' })
    await t.call('vault.lock', {})
    const app = restartApp()
    expect(await app.refusal('vault.acceptInvitation', accept(invitation.inviteId, code))).toMatchObject({ code: 'invitation-not-found' })
    expect(await app.call('vault.inspect', { dir: t.vaultDir })).toMatchObject({ people: [{ name: PROFILE.name }], invitations: [] })
  })

  it('the passphrase is held to the rules for creating a vault: typed twice, and strong', async () => {
    const { invitation, code } = await inviteSam()
    const app = restartApp()
    expect(await app.refusal('vault.acceptInvitation', { ...accept(invitation.inviteId, code), passphraseConfirm: `${SAM_PASS}x` })).toMatchObject({ code: 'passphrase-mismatch', field: 'passphraseConfirm' })
    expect(await app.refusal('vault.acceptInvitation', accept(invitation.inviteId, code, 'abc'))).toMatchObject({ code: 'passphrase-weak', field: 'passphrase' })
  })

  it('only lets in people who are not already there, and only lengths the screen offers', async () => {
    expect(await t.refusal('people.invite', { name: 'harriet okonkwo', validForHours: 24 })).toMatchObject({ code: 'person-exists', field: 'name' })
    await t.call('people.invite', { name: 'Sam Patel', validForHours: 24 })
    expect(await t.refusal('people.invite', { name: 'Sam Patel', validForHours: 24 })).toMatchObject({ code: 'person-exists', field: 'name' })
    expect(await t.refusal('people.invite', { name: 'Jo Bloggs', validForHours: 1000 })).toMatchObject({ code: 'invalid-input', field: 'validForHours' })
  })
})

describe('removing a person', () => {
  it('starts a new key: their passphrase no longer opens the vault, and the re-encryption count is given', async () => {
    const sam = await invitePerson(t, 'Sam Patel', SAM_PASS)
    expect(await t.call('people.remove', { personId: sam.personId })).toEqual({ removed: true })
    const { remaining } = await t.call('vault.reencryption', {})
    expect(remaining).toBeGreaterThanOrEqual(0)
    expect((await t.call('people.list', {})).map((p) => p.name)).toEqual([PROFILE.name])
    expect(await t.refusal('people.remove', { personId: sam.personId })).toMatchObject({ code: 'person-not-found' })
    await t.call('vault.lock', {})
    const refused = await t.refusal('vault.unlock', { dir: t.vaultDir, personId: sam.personId, passphrase: SAM_PASS })
    expect(['person-not-found', 'wrong-passphrase']).toContain(refused.code)
  })
})

describe('the recovery key', () => {
  it('opens a vault whose passphrase is lost, sets a new one, and is in the audit trail', async () => {
    expect(await t.call('vault.recoveryKeyInfo', {})).toBeNull()
    const { code, info } = await t.call('vault.createRecoveryKey', {})
    // Six groups of four, like a disk-encryption recovery key.
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(info).toEqual({ createdAt: '2026-12-01T09:00:00.000Z', createdByName: PROFILE.name })
    expect(await t.call('vault.recoveryKeyInfo', {})).toEqual(info)
    expect(Object.values(snapshot(t.vaultDir)).some((b64) => Buffer.from(b64, 'base64').toString('latin1').includes(code))).toBe(false)
    const child = await t.call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30' } })
    await t.call('vault.lock', {})

    // Harriet forgets her passphrase. In a fresh start of the app, the recovery key lets her set a new one.
    const app = restartApp()
    const inspected = await app.call('vault.inspect', { dir: t.vaultDir })
    expect(inspected).toMatchObject({ state: 'present', hasRecoveryKey: true })
    const personId = await harrietId()
    t.at('2026-12-05T10:00:00Z')
    const before = snapshot(t.vaultDir)
    expect(await app.refusal('vault.recover', { dir: t.vaultDir, personId, code: code.replace(/^./, code.startsWith('A') ? 'B' : 'A'), passphrase: NEW_PASS, passphraseConfirm: NEW_PASS })).toMatchObject({ code: 'wrong-recovery-key' })
    expect(snapshot(t.vaultDir)).toEqual(before)
    const session = await app.call('vault.recover', { dir: t.vaultDir, personId, code: code.toLowerCase(), passphrase: NEW_PASS, passphraseConfirm: NEW_PASS })
    expect(session.person).toEqual({ personId, name: PROFILE.name })
    expect((await app.call('children.list', {})).map((c) => c.id)).toEqual([child.id])
    const audit = await app.call('audit.list', { limit: 10 })
    expect(audit.some((e) => /recovery key/i.test(e.summary) && e.at === '2026-12-05T10:00:00.000Z')).toBe(true)
    expect(await app.call('audit.verify', {})).toMatchObject({ ok: true })

    // The new passphrase opens it; the lost one no longer does.
    await app.call('vault.lock', {})
    expect(await app.refusal('vault.unlock', { dir: t.vaultDir, personId, passphrase: PASS })).toMatchObject({ code: 'wrong-passphrase' })
    expect((await app.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: NEW_PASS })).person.name).toBe(PROFILE.name)
  })

  it('is saved as a small text file through the save dialog, audited as an export, only in the session that made it', async () => {
    expect(await t.refusal('vault.saveRecoveryKey', {})).toMatchObject({ code: 'recovery-key-not-shown' })
    const { code } = await t.call('vault.createRecoveryKey', {})
    const { savedTo } = await t.call('vault.saveRecoveryKey', {})
    expect(savedTo).toBe(join(t.exportsDir, 'Escalation Log recovery key - vault.txt'))
    const text = readFileSync(savedTo!, 'utf8')
    expect(text).toContain(code)
    expect(text).toContain('Vault folder: vault')
    expect(text).toContain('Made: 1 Dec 2026, 09:00 by Harriet Okonkwo')
    expect(text).toMatch(/opens the vault and\s+lets you set a new passphrase/)
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'export', summary: 'Saved the recovery key as a text file (Escalation Log recovery key - vault.txt)' })
    // After a lock the code is gone from memory: it cannot be saved again, only replaced.
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId: await harrietId(), passphrase: PASS })
    expect(await t.refusal('vault.saveRecoveryKey', {})).toMatchObject({ code: 'recovery-key-not-shown' })
  })

  it('a new recovery key replaces the old one, which stops working', async () => {
    const first = await t.call('vault.createRecoveryKey', {})
    t.at('2026-12-01T09:30:00Z')
    const second = await t.call('vault.createRecoveryKey', {})
    expect(second.code).not.toBe(first.code)
    expect(await t.call('vault.recoveryKeyInfo', {})).toMatchObject({ createdAt: '2026-12-01T09:30:00.000Z' })
    await t.call('vault.lock', {})
    const app = restartApp()
    const personId = await harrietId()
    expect(await app.refusal('vault.recover', { dir: t.vaultDir, personId, code: first.code, passphrase: NEW_PASS, passphraseConfirm: NEW_PASS })).toMatchObject({ code: 'wrong-recovery-key' })
    expect((await app.call('vault.recover', { dir: t.vaultDir, personId, code: second.code, passphrase: NEW_PASS, passphraseConfirm: NEW_PASS })).person.personId).toBe(personId)
  })

  it('a vault without one says so', async () => {
    await t.call('vault.lock', {})
    const app = restartApp()
    expect(await app.refusal('vault.recover', { dir: t.vaultDir, personId: await harrietId(), code: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', passphrase: NEW_PASS, passphraseConfirm: NEW_PASS })).toMatchObject({ code: 'no-recovery-key' })
  })
})
