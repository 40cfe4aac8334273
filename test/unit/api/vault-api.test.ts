/**
 * The foundation's journeys through the real handler table over a real vault on disk: create, lock,
 * wrong passphrase, unlock, change passphrase, people, settings, audit; and input validation.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { KDF_FLOOR } from '../../../src/main/store'
import { FAILED_UNLOCKS_FILE } from '../../../src/main/api/unlock-memory'
import { CHANNEL_NAMES } from '../../../src/shared/channels'
import type { AppEvent } from '../../../src/shared/channels'

const PASS = 'copper lantern orchard quietly'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }

let root: string
let vaultDir: string
let events: AppEvent[]
let api: Api

const make = () =>
  createApi({
    appVersion: 'test',
    defaultVaultDir: vaultDir,
    appStateFile: join(root, 'app-state.json'),
    kdf: KDF_FLOOR,
    emit: (e) => events.push(e),
  })

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'escalation-log-api-'))
  vaultDir = join(root, 'vault')
  events = []
  api = make()
})
afterEach(async () => {
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

const create = () =>
  ok(api.handlers['vault.create']({ dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE }))

/** Every file in the vault folder with its bytes, to prove a refused call changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[p] = readFileSync(p).toString('base64')
    }
  }
  walk(dir)
  return out
}

describe('vault journeys through the handler table', () => {
  it('creates a vault, locks, refuses a wrong passphrase, unlocks and keeps the profile across a restart', async () => {
    expect(await ok(api.handlers['vault.inspect']({ dir: vaultDir }))).toMatchObject({ state: 'absent' })
    const session = await create()
    expect(session.profile).toMatchObject(PROFILE)
    expect((await ok(api.handlers['app.info']({}))).lastVaultDir).toBe(vaultDir)

    await ok(api.handlers['vault.lock']({}))
    expect(events).toContainEqual({ type: 'locked', reason: 'manual' })
    const locked = await api.handlers['settings.get']({})
    expect(locked).toMatchObject({ ok: false, error: { code: 'vault-locked' } })

    const inspected = await ok(api.handlers['vault.inspect']({ dir: vaultDir }))
    if (inspected.state !== 'present') throw new Error('expected a vault')
    const personId = inspected.people[0]!.personId

    const before = snapshot(vaultDir)
    const wrong = await api.handlers['vault.unlock']({ dir: vaultDir, personId, passphrase: 'not my passphrase' })
    expect(wrong).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'wrong-passphrase', message: 'That passphrase does not open this vault' }),
    })
    // The one change a refused passphrase makes: the advisory count beside the vault (issue 16).
    const { [join(vaultDir, FAILED_UNLOCKS_FILE)]: counted, ...rest } = snapshot(vaultDir)
    expect(counted).toBeDefined()
    expect(rest).toEqual(before)

    await api.dispose()
    api = make()
    const again = await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId, passphrase: PASS }))
    expect(again.profile).toMatchObject(PROFILE)
  })

  it('changes the passphrase: the old one is then refused and the new one opens the same data', async () => {
    const session = await create()
    await ok(api.handlers['settings.update']({ autoLockMinutes: 15 }))
    const weak = await api.handlers['vault.changePassphrase']({ current: PASS, next: 'abc', nextConfirm: 'abc' })
    expect(weak).toMatchObject({ ok: false, error: { code: 'passphrase-weak' } })
    const next = 'violet harbour tundra pencil'
    await ok(api.handlers['vault.changePassphrase']({ current: PASS, next, nextConfirm: next }))
    await ok(api.handlers['vault.lock']({}))
    const personId = session.person.personId
    expect(await api.handlers['vault.unlock']({ dir: vaultDir, personId, passphrase: PASS })).toMatchObject({
      ok: false,
      error: { code: 'wrong-passphrase' },
    })
    const reopened = await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId, passphrase: next }))
    expect(reopened.autoLockMinutes).toBe(15)
  })

  it('lets a second person unlock with their own passphrase, attributing their actions to them', async () => {
    await create()
    const deputyPass = 'meadow cobalt saxophone ripple'
    // Sam sets their own passphrase through the invitation; nobody types it for them.
    const { invitation, code } = await ok(api.handlers['people.invite']({ name: 'Sam Deputy', validForHours: 24 }))
    await ok(api.handlers['vault.lock']({}))
    const joined = await ok(
      api.handlers['vault.acceptInvitation']({ dir: vaultDir, inviteId: invitation.inviteId, code, passphrase: deputyPass, passphraseConfirm: deputyPass }),
    )
    const deputy = joined.person
    await ok(api.handlers['vault.lock']({}))
    const s = await ok(api.handlers['vault.unlock']({ dir: vaultDir, personId: deputy.personId, passphrase: deputyPass }))
    expect(s.person.name).toBe('Sam Deputy')
    await ok(api.handlers['settings.update']({ autoLockMinutes: 5 }))
    const audit = await ok(api.handlers['audit.list']({ limit: 5 }))
    expect(audit[0]).toMatchObject({ personName: 'Sam Deputy', action: 'settings' })
    expect(await ok(api.handlers['audit.verify']({}))).toMatchObject({ ok: true })
  })

  it('refuses to create a vault over an existing one, or with mismatched passphrases', async () => {
    await create()
    await ok(api.handlers['vault.lock']({}))
    const again = await api.handlers['vault.create']({ dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE })
    expect(again).toMatchObject({ ok: false, error: { code: 'vault-exists', field: 'dir' } })
    const other = join(root, 'other')
    const mismatch = await api.handlers['vault.create']({ dir: other, passphrase: PASS, passphraseConfirm: PASS + 'x', profile: PROFILE })
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'passphrase-mismatch', field: 'passphraseConfirm' } })
  })

  it('locks itself after the idle time and says so to the renderer', async () => {
    let fire: (() => void) | null = null
    await api.dispose()
    api = createApi({
      appVersion: 'test',
      defaultVaultDir: vaultDir,
      kdf: KDF_FLOOR,
      emit: (e) => events.push(e),
      autoLockFactory: (onIdle) => {
        fire = onIdle
        return { touch() {}, stop() {}, setMinutes() {}, onWarning() {}, secondsLeft: () => 600 } as never
      },
    })
    await create()
    fire!()
    expect(await api.handlers['vault.session']({})).toEqual({ ok: true, value: null })
    expect(events).toContainEqual({ type: 'locked', reason: 'idle' })
  })
})

describe('input validation at the door', () => {
  it('refuses malformed input on every channel with a typed error and changes nothing', async () => {
    await create()
    const before = snapshot(vaultDir)
    const bad = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.string({ maxLength: 50 }),
      fc.array(fc.anything(), { maxLength: 3 }),
      fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}')),
      fc.record({ dir: fc.oneof(fc.integer(), fc.constant('\u0000'), fc.string({ minLength: 5000, maxLength: 5001 })) }),
      fc.record({ passphrase: fc.constant('x'.repeat(5000)), extra: fc.string() }),
    )
    // Channels that read only (or need nothing) may legitimately succeed on {} — the rest must refuse.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), bad, async (channel, input) => {
        const result = await (api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>)(input)
        if (!result.ok) {
          expect(typeof result.error!.code).toBe('string')
          expect(result.error!.message.length).toBeGreaterThan(0)
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
      }),
      { numRuns: 300 },
    )
    // The vault is still open and unchanged except for the audit events of reads (none are written).
    expect(Object.keys(snapshot(vaultDir)).sort()).toEqual(Object.keys(before).sort())
    expect(await ok(api.handlers['audit.verify']({}))).toMatchObject({ ok: true })
  })

  it('names the field at fault', async () => {
    const r = await api.handlers['vault.create']({ dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: { ...PROFILE, name: '' } })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'profile.name' } })
    if (!r.ok) expect(r.error.message).toContain('Your name is required')
  })
})
