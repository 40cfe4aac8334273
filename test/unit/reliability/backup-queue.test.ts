/**
 * Backups never hold up a save (issue 20): `backup.create` runs outside the one-call-at-a-time queue — its save
 * dialog and its copy of a snapshot — with only its `backup-created` audit commit queued; an idle rolling
 * backup runs outside it too. Each test holds a backup where a person (an open dialog) or a slow disk (a copy
 * part-way) would, and saves meanwhile through the real handler table over a real vault.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeIo, type VaultIo } from '../../../src/main/store'
import { aDispute, openTestApi, type TestApi } from './helpers'

let t: TestApi | null = null
afterEach(async () => {
  await t?.cleanup()
  t = null
})

/** A gate the test opens: once `closed`, every backup copy waits at the journal until `open()`. */
function gate(closed = true) {
  let release!: () => void
  const opened = new Promise<void>((r) => (release = r))
  let waiting = 0
  const io: VaultIo = {
    ...nodeIo,
    open: (async (...args: Parameters<VaultIo['open']>) => {
      if (held.closed && String(args[0]).endsWith('journal.log')) {
        waiting++
        await opened
      }
      return nodeIo.open(...args)
    }) as VaultIo['open'],
  }
  const held = { io, closed, open: release, waiting: () => waiting }
  return held
}

/** Settles to 'waited' if `p` has not answered within a second: a call stuck behind another. */
const within = <T>(p: Promise<T>): Promise<T | 'waited'> =>
  Promise.race([p, new Promise<'waited'>((r) => setTimeout(() => r('waited'), 1000))])

async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !ready(); i++) await new Promise((r) => setTimeout(r, 1))
  if (!ready()) throw new Error(`timed out waiting for ${what}`)
}

const actions = async (api: TestApi, limit = 3) => (await api.call('audit.list', { limit })).map((e) => e.action)

describe('a backup outside the call queue', () => {
  it('a save while the backup’s save dialog is open completes, and the backup is audited after it', async () => {
    const dialogs: ((file: string | null) => void)[] = []
    t = await openTestApi('2026-12-01T09:00:00Z', {
      chooseSaveFile: () => new Promise((resolve) => dialogs.push(resolve)),
    })
    const pending = t.call('backup.create', {})
    await until(() => dialogs.length === 1, 'the save dialog')

    const saved = await within(aDispute(t, 'Amy Example', 2))
    expect(saved).not.toBe('waited')
    expect(await actions(t)).toEqual(['record-drafted', 'record-approved', 'record-drafted'])

    const file = join(t.exportsDir, 'chosen.elbackup')
    dialogs.shift()!(file)
    const made = await pending
    expect(made.file).toBe(file)
    expect(existsSync(file)).toBe(true)
    expect((await actions(t, 1))[0]).toBe('backup-created')
    // The copy holds the save made while the dialog was open.
    const info = await t.call('backup.inspect', { file })
    expect(info.seq).toBe(made.seq)
    expect(made.seq).toBeGreaterThanOrEqual(6)
  })

  it('a save while the backup is being copied completes without waiting for the copy', async () => {
    const held = gate(false) // the rolling backup at creation is written before vault.create answers
    t = await openTestApi('2026-12-01T09:00:00Z', { backupIo: held.io })
    held.closed = true
    const pending = t.call('backup.create', {})
    await until(() => held.waiting() === 1, 'the copy to start')

    const saved = await within(t.call('children.create', { child: { name: 'Ben Example', dateOfBirth: '2015-02-03' } }))
    expect(saved).not.toBe('waited')
    expect((await actions(t, 1))[0]).toBe('child-added')

    held.open()
    const made = await pending
    expect(existsSync(made.file!)).toBe(true)
    // The backup is of the snapshot taken when the copy began: the child came after it.
    const events = await t.call('audit.list', { limit: 3 })
    expect(events.map((e) => e.action)).toEqual(['backup-created', 'child-added', expect.any(String)])
    expect(made.seq).toBe(events[2].seq)
  })

  it('an idle rolling backup never delays a save', async () => {
    const held = gate()
    t = await openTestApi('2026-12-01T09:00:00Z', { backupIo: held.io, rollingBackups: 'idle', idleBackupMs: 5 })
    const folder = join(t.root, 'vault-backups')
    await until(() => held.waiting() === 1, 'the rolling backup after creation to start copying')

    for (let i = 0; i < 3; i++) {
      const saved = await within(t.call('settings.update', { autoLockMinutes: 20 + i }))
      expect(saved).not.toBe('waited')
    }
    expect(existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.elbackup')) : []).toEqual([])

    held.open()
    await until(() => existsSync(folder) && readdirSync(folder).some((n) => n.endsWith('.elbackup')), 'the rolling backup')
    expect((await t.call('settings.get', {})).autoLockMinutes).toBe(22)
  })
})
