/**
 * Issue 12, finding 9: "changing a passphrase does not refuse the agency's name as creating does" and
 * "names with zero-width or mixed-script look-alikes are accepted" — both now refused through the
 * handler table, in every place a passphrase or a person's name is set.
 */
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invitePerson, openTestApi, PASS, PROFILE } from './helpers'

type Detail = { path: string; message: string }
const detailsOf = (refused: { details?: unknown[] }): Detail[] => (refused.details ?? []) as Detail[]

let t: Awaited<ReturnType<typeof openTestApi>>
beforeEach(async () => {
  t = await openTestApi()
})
afterEach(async () => {
  await t.cleanup()
})

const otherDir = () => join(dirname(t.vaultDir), 'another-vault')
// PROFILE's agency, which zxcvbn alone rates as strong enough.
const AGENCY_PASS = 'Oak Hill Primary School'

describe('the same passphrase rules wherever a passphrase is set', () => {
  it('creating a vault refuses a passphrase made of the agency’s name', async () => {
    const refused = await t.refusal('vault.create', {
      dir: otherDir(),
      passphrase: AGENCY_PASS,
      passphraseConfirm: AGENCY_PASS,
      profile: PROFILE,
    })
    expect(refused).toMatchObject({ code: 'passphrase-weak', field: 'passphrase' })
    expect(refused.message).toMatch(/your agency’s name/)
  })

  it('changing a passphrase refuses the agency’s name and role as creating does', async () => {
    for (const next of [AGENCY_PASS, 'Designated Safeguarding Lead', 'oakhill primary school 2026']) {
      const refused = await t.refusal('vault.changePassphrase', { current: PASS, next, nextConfirm: next })
      expect(refused.code).toBe('passphrase-weak')
    }
    // Still the old passphrase: nothing was changed.
    await t.call('vault.lock', {})
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('the vault should be present')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: inspected.people[0]!.personId, passphrase: PASS })
  })

  it('a lock while the strength check runs wins: the passphrase is not changed', async () => {
    const next = 'tidal amber quill fjord'
    const changing = (t.api.handlers['vault.changePassphrase'] as (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({
      current: PASS,
      next,
      nextConfirm: next,
    })
    await t.api.lock('manual')
    expect(await changing).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('the vault should be present')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: inspected.people[0]!.personId, passphrase: PASS })
  })

  it('accepting an invitation refuses a passphrase built from their own name or the names already in the vault', async () => {
    const { invitation, code } = await t.call('people.invite', { name: 'Sam Patel', validForHours: 24 })
    await t.call('vault.lock', {})
    for (const passphrase of ['Sam Patel Sam Patel', 'Sam Patel Harriet Okonkwo']) {
      const refused = await t.refusal('vault.acceptInvitation', { dir: t.vaultDir, inviteId: invitation.inviteId, code, passphrase, passphraseConfirm: passphrase })
      expect(refused.code).toBe('passphrase-weak')
    }
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('the vault should be present')
    expect(inspected.people).toHaveLength(1)
    expect(inspected.invitations.map((i) => i.name)).toEqual(['Sam Patel'])
  })

  // Issue 16: "the passphrase meter rates "Sam Patel Oak Hill" very strong".
  it('the meter is told the name and school being typed, and the signed-in person’s profile', async () => {
    const told = await t.call('vault.passphraseStrength', { passphrase: 'Sam Patel Oak Hill', userInputs: ['Sam Patel', 'Oak Hill'] })
    expect(told.acceptable).toBe(false)
    expect(told.score).toBeLessThanOrEqual(1)
    // Signed in as Harriet of Oak Hill Primary School: her own words count without the screen sending them.
    expect((await t.call('vault.passphraseStrength', { passphrase: AGENCY_PASS })).acceptable).toBe(false)
    expect((await t.call('vault.passphraseStrength', { passphrase: PASS })).acceptable).toBe(true)
  })

  it('bounds what the meter is told', async () => {
    const refused = await t.refusal('vault.passphraseStrength', { passphrase: PASS, userInputs: Array(11).fill('x') })
    expect(refused.code).toBe('invalid-input')
  })
})

describe('names: NFC, no invisible characters, no look-alike alphabets', () => {
  it('creating a vault refuses a name with a Cyrillic look-alike letter, saying so', async () => {
    const refused = await t.refusal('vault.create', {
      dir: otherDir(),
      passphrase: PASS,
      passphraseConfirm: PASS,
      profile: { ...PROFILE, name: 'H\u0430rriet Okonkwo' },
    })
    expect(refused.code).toBe('invalid-input')
    expect(refused.field).toBe('profile.name')
    expect(detailsOf(refused)[0]?.message).toMatch(/^Your name mixes Latin and Cyrillic letters in “Hаrriet”/)
  })

  it('a lock while the strength check runs wins: the passphrase is not changed', async () => {
    const next = 'tidal amber quill fjord'
    const changing = (t.api.handlers['vault.changePassphrase'] as (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({
      current: PASS,
      next,
      nextConfirm: next,
    })
    await t.api.lock('manual')
    expect(await changing).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('the vault should be present')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: inspected.people[0]!.personId, passphrase: PASS })
  })

  it('inviting a person refuses a zero-width space in their name, saying so', async () => {
    const refused = await t.refusal('people.invite', { name: 'Sam\u200B Patel', validForHours: 24 })
    expect(refused.field).toBe('name')
    expect(detailsOf(refused)[0]?.message).toMatch(/^The name contains an invisible character, a zero-width space \(U\+200B\)/)
    expect(await t.call('people.invitations', {})).toHaveLength(0)
  })

  it('settings refuse a bidi override in the role and agency', async () => {
    const refused = await t.refusal('settings.update', {
      profile: { ...PROFILE, role: 'DSL\u202E', agency: 'Oak Hill\u2066 School' },
    })
    expect(detailsOf(refused).map((d) => d.path)).toEqual(['profile.role', 'profile.agency'])
    expect(detailsOf(refused)[0]?.message).toMatch(/^Your role contains an invisible character, a right-to-left override/)
  })

  it('stores names NFC-normalised: Zoë typed with a combining diaeresis is one Zoë', async () => {
    const decomposed = 'Zoe\u0308 Ó Briain'
    expect(decomposed).not.toBe(decomposed.normalize('NFC'))
    const person = await invitePerson(t, decomposed, 'tidal amber quill fjord')
    expect(person.name).toBe('Zoë Ó Briain')
    const settings = await t.call('settings.update', { profile: { ...PROFILE, name: 'Sia\u0302n Łukasz' } })
    expect(settings.profiles[Object.keys(settings.profiles)[0]!]!.name).toBe('Siân Łukasz')
  })
})
