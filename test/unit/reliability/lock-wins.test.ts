/**
 * Lock always wins (issue 12, findings 4 and 7): "An open save or open dialog stops auto-lock and
 * lock-on-suspend until it is closed (both wait in the one-call-at-a-time queue)", and "every other call,
 * lock included, waits behind the derivation". (A backup's dialog no longer holds the queue at all: issue 20,
 * test/unit/reliability/backup-queue.test.ts.) Each attack runs through the real handler table over a real
 * vault: a lock during an open save dialog, during a slow key derivation, with calls queued, from the idle
 * timer, and racing a save.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { AutoLock, type Timers } from '../../../src/main/api/autolock'
import { KDF_FLOOR, type KdfParams } from '../../../src/main/store'
import { keyDerivationsInProgress } from '../../../src/main/store/kdf'
import type { AppEvent } from '../../../src/shared/channels'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'
import { aDispute, PASS, PROFILE } from './helpers'
import type { TestApi } from './helpers'

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }

/** A save dialog the test answers when it chooses, as a person who has walked away would. */
interface OpenDialog {
  suggested: string
  answer(path: string | null): void
}

let root: string
let vaultDir: string
let outDir: string
let events: AppEvent[]
let dialogs: OpenDialog[]
let idle: { fire: () => void } | null
let api: Api
let personId: string

/** The idle timer, real, with time moved by the test: `fire()` is what ten quiet minutes would do. */
function manualTimers(): Timers & { fire: () => void } {
  let pending: (() => void) | null = null
  return {
    setTimeout: (fn) => ((pending = fn), fn),
    clearTimeout: (h) => {
      if (pending === h) pending = null
    },
    now: () => 0,
    fire: () => {
      const fn = pending
      pending = null
      fn?.()
    },
  }
}

function makeApi(kdf: KdfParams): Api {
  return createApi({
    appVersion: 'test',
    defaultVaultDir: vaultDir,
    kdf,
    now: () => new Date('2026-12-01T09:00:00Z'),
    emit: (e) => events.push(e),
    chooseSaveFile: (suggested) => new Promise((resolve) => dialogs.push({ suggested, answer: resolve })),
    autoLockFactory: (onIdle, minutes) => {
      const timers = manualTimers()
      idle = timers
      return new AutoLock(onIdle, minutes, timers)
    },
  })
}

const raw = (channel: Channel, input: unknown): Promise<Answer> =>
  (api.handlers[channel] as (i: unknown) => Promise<Answer>)(input)

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await raw(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`)
  return r.value as ChannelOutput<C>
}

/** Lets the event loop turn until `ready()` holds (a dialog opened, a derivation started). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !ready(); i++) await new Promise((r) => setTimeout(r, 1))
  if (!ready()) throw new Error(`timed out waiting for ${what}`)
}

async function create(kdf: KdfParams = KDF_FLOOR): Promise<void> {
  api = makeApi(kdf)
  const info = await call('vault.create', { dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE })
  personId = info.person.personId
}

const unlock = (passphrase = PASS) => raw('vault.unlock', { dir: vaultDir, personId, passphrase })

/** The audit actions, newest first, as the audit screen lists them. */
async function actions(limit = 6): Promise<string[]> {
  return (await call('audit.list', { limit })).map((e) => e.action)
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'escalation-log-lock-wins-'))
  vaultDir = join(root, 'vault')
  outDir = join(root, 'out')
  mkdirSync(outDir)
  events = []
  dialogs = []
  idle = null
})
afterEach(async () => {
  for (const d of dialogs.splice(0)) d.answer(null)
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

/** The three calls that ask where to save, each with what it needs. */
const SAVES: { name: string; start: (t: { disputeId: string }) => Promise<Answer> }[] = [
  { name: 'backup.create', start: () => raw('backup.create', {}) },
  { name: 'exports.document', start: ({ disputeId }) => raw('exports.document', { disputeId, document: 'escalation-record' }) },
  { name: 'exports.trends', start: () => raw('exports.trends', { year: 2026, quarter: 4 }) },
]

describe('a save dialog left open', () => {
  for (const save of SAVES)
    it(`${save.name}: lock-on-suspend locks at once, and the answer that comes later writes no file and no audit event`, async () => {
      await create()
      const { disputeId } = await aDispute({ call } as unknown as TestApi, 'Amy Example', 1)
      const pending = save.start({ disputeId })
      await until(() => dialogs.length === 1, 'the save dialog')

      await api.lock('suspend') // used to wait here until the dialog closed
      expect(events).toContainEqual({ type: 'locked', reason: 'suspend' })

      const dialog = dialogs.shift()!
      const target = join(outDir, dialog.suggested)
      dialog.answer(target)
      const result = await pending
      expect(result).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
      expect(existsSync(target)).toBe(false)
      expect(readdirSync(outDir)).toEqual([])

      expect((await unlock()).ok).toBe(true)
      const recent = await actions()
      expect(recent.slice(0, 2)).toEqual(['unlock', 'lock'])
      expect(recent).not.toContain('export')
      expect(recent).not.toContain('backup-created')
    })

  it('auto-lock fires while the dialog is open, and the late answer writes nothing', async () => {
    await create()
    const pending = raw('backup.create', {})
    await until(() => dialogs.length === 1, 'the save dialog')
    idle!.fire() // nine quiet minutes pass with the dialog open: the warning (issue 16)
    expect(events).toContainEqual({ type: 'lock-warning', lockInSeconds: 60 })
    idle!.fire() // and the last minute
    expect(events).toContainEqual({ type: 'locked', reason: 'idle' }) // at once: the dialog is still open

    const dialog = dialogs.shift()!
    dialog.answer(join(outDir, dialog.suggested))
    expect(await pending).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    expect(readdirSync(outDir)).toEqual([])
    expect(await call('vault.session', {})).toBeNull()
  })

  it('the lock button answers at once while the dialog is open', async () => {
    await create()
    const pending = raw('backup.create', {})
    await until(() => dialogs.length === 1, 'the save dialog')
    expect(await call('vault.lock', {})).toEqual({ locked: true })
    expect(events).toContainEqual({ type: 'locked', reason: 'manual' })
    dialogs.shift()!.answer(join(outDir, 'late.elbackup'))
    expect(await pending).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    expect(existsSync(join(outDir, 'late.elbackup'))).toBe(false)
  })

  it('calls still queued behind it fail as locked and change nothing; harmless ones are answered', async () => {
    await create()
    // An export's dialog holds the queue (a backup's no longer does: test/unit/reliability/backup-queue.test.ts).
    const pending = raw('exports.trends', { year: 2026, quarter: 4 })
    await until(() => dialogs.length === 1, 'the save dialog')
    const queued = {
      child: raw('children.create', { child: { name: 'Ben Example', dateOfBirth: '2015-02-03' } }),
      settings: raw('settings.update', { autoLockMinutes: 240 }),
      unlock: unlock(), // asked before the lock: must not open the vault after it
      info: raw('app.info', {}),
      session: raw('vault.session', {}),
    }
    await api.lock('suspend')
    dialogs.shift()!.answer(null)
    expect(await pending).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    for (const key of ['child', 'settings', 'unlock'] as const)
      expect(await queued[key], key).toEqual({
        ok: false,
        error: {
          code: 'vault-locked',
          message: 'The vault was locked before this could be done, so nothing was changed — unlock it and try again.',
        },
      })
    expect(await queued.info).toMatchObject({ ok: true })
    expect(await queued.session).toEqual({ ok: true, value: null })

    expect((await unlock()).ok).toBe(true)
    expect(await call('children.list', {})).toEqual([])
    expect((await call('settings.get', {})).autoLockMinutes).toBe(10)
  })
})

describe('a slow key derivation', () => {
  // Ten passes: slow enough that the lock comes while Argon2id is still working.
  const SLOW: KdfParams = { memoryKiB: 65536, passes: 10, parallelism: 1 }

  it('lock during an unlock returns at once, the unlock fails as locked, and the next unlock works', async () => {
    await create(SLOW)
    await api.lock('manual')
    const unlocking = unlock()
    await until(() => keyDerivationsInProgress() > 0, 'the key derivation')
    await api.lock('suspend')
    expect(keyDerivationsInProgress()).toBe(0)
    expect(await unlocking).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    expect(await call('vault.session', {})).toBeNull()

    expect((await unlock()).ok).toBe(true)
    expect((await actions(3)).slice(0, 2)).toEqual(['unlock', 'lock'])
  })

  it('lock during a passphrase change leaves the old passphrase in force', async () => {
    await create(SLOW)
    const next = 'pewter harbour lantern slowly'
    const changing = raw('vault.changePassphrase', { current: PASS, next, nextConfirm: next })
    await until(() => keyDerivationsInProgress() > 0, 'the key derivation')
    await api.lock('idle')
    expect(await changing).toMatchObject({ ok: false, error: { code: 'vault-locked' } })
    expect((await unlock(next)).ok).toBe(false)
    expect((await unlock(PASS)).ok).toBe(true)
    expect(await actions()).not.toContain('passphrase-changed')
  })
})

describe('a save racing a lock', () => {
  it('is either acknowledged and kept, or refused as locked and absent — never acknowledged and lost', async () => {
    await create()
    for (let turn = 0; turn < 8; turn++) {
      const name = `Child ${'ABCDEFGH'[turn]} Example`
      const saving = raw('children.create', { child: { name, dateOfBirth: '2015-02-03' } })
      for (let i = 0; i < turn; i++) await new Promise((r) => setImmediate(r))
      await api.lock('suspend')
      const result = await saving
      expect((await unlock()).ok).toBe(true)
      const kept = (await call('children.list', {})).some((c) => c.name === name)
      if (result.ok) expect(kept, `${name} was acknowledged`).toBe(true)
      else {
        expect(result.error.code).toBe('vault-locked')
        expect(kept, `${name} was refused`).toBe(false)
      }
    }
  })
})
