import { chmod, readdir, readFile, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { createVault, nodeIo, openVault, type VaultIo } from '../../../src/main/store'
import { docFiles, failingIo, journalPath, kdf, newVault, now, PASS, reopen, tempDir, type Failure } from './helpers'

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

/** A switchable failing io: `fail.when` decides per path and operation. */
function switchable(): { io: VaultIo; fail: { when: (path: string, op: string) => Failure | null } } {
  const fail = { when: (_p: string, _op: string): Failure | null => null }
  return { io: failingIo((p, op) => fail.when(p, op)), fail }
}

const ENOSPC = { code: 'ENOSPC' }

async function state(dir: string): Promise<{ journal: Buffer; head: Buffer; files: string[] }> {
  return { journal: await readFile(journalPath(dir)), head: await readFile(join(dir, 'head.enc')), files: await docFiles(dir) }
}

describe('a write that fails loses nothing', () => {
  for (const [label, when] of [
    ['the document file cannot be written (disk full)', (p: string) => (p.includes('/documents/') ? ENOSPC : null)],
    ['the journal cannot be appended to', (p: string) => (p.endsWith('journal.log') ? { code: 'EROFS' } : null)],
    ['the folder has become read-only', () => ({ code: 'EACCES' })],
  ] as const)
    it(`when ${label}`, async () => {
      const { io, fail } = switchable()
      const { dir, vault } = await newVault({ io })
      await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-1', data: { v: 1 } }, { docId: 'gone', data: 0 }])
      const before = await state(dir)
      fail.when = when
      const err = await failure(
        vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-1', data: { v: 2 } }, { docId: 'gone', delete: true }]),
      )
      expect(err.code).toBe('write-failed')
      expect(err.message).toMatch(/could not be saved because .*Nothing already saved was lost/)
      // In memory: unchanged.
      expect(await vault.load('case-1')).toEqual({ v: 1 })
      expect(vault.has('gone')).toBe(true)
      expect((await vault.readAudit({ limit: 1 }))[0].summary).toBe('s')
      // On disk: unchanged (no stray generation files either).
      expect(await state(dir)).toEqual(before)
      // And it carries on once the disk recovers.
      fail.when = () => null
      await vault.commit({ action: 'save', summary: 'again' }, [{ docId: 'case-1', data: { v: 3 } }])
      const v = await reopen(dir, vault)
      expect(await v.load('case-1')).toEqual({ v: 3 })
      expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
    })

  it('when the journal append writes half a frame and then fails, the half frame is removed', async () => {
    let tear = false
    const io: VaultIo = {
      ...nodeIo,
      open: (async (path: string, flags?: string, mode?: number) => {
        const fh = await nodeIo.open(path, flags, mode)
        if (!tear || !path.endsWith('journal.log') || flags !== 'r+') return fh
        return new Proxy(fh, {
          get(target, prop) {
            if (prop === 'write')
              return async (buf: Buffer, off: number, len: number, pos: number) => {
                await target.write(buf, off, Math.floor(len / 2), pos)
                throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })
              }
            const v = Reflect.get(target, prop) as unknown
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
          },
        }) as FileHandle
      }) as VaultIo['open'],
    }
    const { dir, vault } = await newVault({ io })
    const before = await state(dir)
    tear = true
    expect((await failure(vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }]))).code).toBe('write-failed')
    expect(await state(dir)).toEqual(before)
    tear = false
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 2 }])
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: true, events: 2 })
  })

  it('a vault that cannot be created leaves the folder empty, so trying again works', async () => {
    const { io, fail } = switchable()
    const dir = join(await tempDir(), 'v')
    fail.when = (p) => (p.includes('vault.json') ? ENOSPC : null)
    const err = await failure(createVault(dir, { personName: 'A', passphrase: PASS, kdf, now, io }))
    expect(err.code).toBe('write-failed')
    expect(await readdir(dir)).toEqual([])
    fail.when = () => null
    const vault = await createVault(dir, { personName: 'A', passphrase: PASS, kdf, now, io })
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: true, events: 1 })
  })

  it('an unlock whose audit event cannot be written fails cleanly and can be retried', async () => {
    const { io, fail } = switchable()
    const { dir, vault } = await newVault({ io })
    await vault.lock()
    // A full disk, not a read-only one: a folder that cannot be written at all opens read-only instead
    // (test/unit/reliability/read-only.test.ts).
    fail.when = () => ({ code: 'ENOSPC' })
    expect((await failure(reopen(dir, vault, { io }))).code).toBe('write-failed')
    fail.when = () => null
    const v = await reopen(dir, vault, { io })
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true, events: 3 })
  })

  it('when the vault folder has been removed', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: { v: 1 } }])
    await rm(dir, { recursive: true })
    const err = await failure(vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: { v: 2 } }]))
    expect(err.code).toBe('write-failed')
    expect(err.message).toMatch(/no longer there/)
    expect(await vault.load('a')).toEqual({ v: 1 })
  })

  it.skipIf(process.getuid?.() === 0)('when the folder is made read-only with chmod (not as root)', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: { v: 1 } }])
    await chmod(join(dir, 'documents'), 0o500)
    try {
      expect((await failure(vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: { v: 2 } }]))).code).toBe('write-failed')
      expect(await vault.load('a')).toEqual({ v: 1 })
    } finally {
      await chmod(join(dir, 'documents'), 0o700)
    }
    await chmod(journalPath(dir), 0o400)
    try {
      const before = await state(dir)
      expect((await failure(vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: { v: 3 } }]))).code).toBe('write-failed')
      expect(await state(dir)).toEqual(before)
      expect(await vault.load('a')).toEqual({ v: 1 })
    } finally {
      await chmod(journalPath(dir), 0o600)
    }
  })

  it('a head write that fails after the journal append still counts as saved; the next open repairs the head', async () => {
    const { io, fail } = switchable()
    const { dir, vault } = await newVault({ io })
    fail.when = (p) => (p.includes('head.enc') ? ENOSPC : null)
    const event = await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 2 }]) // head now two behind
    expect(event.seq).toBe(2)
    fail.when = () => null
    const v = await reopen(dir, vault)
    expect(await v.load('a')).toBe(2)
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true, events: 5 }) // create, 2 saves, lock, unlock
  })

  it('a failed header write leaves the people and passphrases as they were', async () => {
    const { io, fail } = switchable()
    const { dir, vault } = await newVault({ io })
    fail.when = (p) => (p.includes('vault.json') ? ENOSPC : null)
    expect((await failure(vault.createInvitation({ name: 'Sam', validForHours: 24 }))).code).toBe('write-failed')
    expect((await failure(vault.changePassphrase(PASS, 'a new passphrase'))).code).toBe('write-failed')
    expect(vault.people()).toEqual([vault.person])
    fail.when = () => null
    const v = await reopen(dir, vault)
    expect(v.people()).toEqual([vault.person])
  })

  it('if the audit event for a passphrase change cannot be written, the old header is put back', async () => {
    const { io, fail } = switchable()
    const { dir, vault } = await newVault({ io })
    fail.when = (p) => (p.endsWith('journal.log') ? ENOSPC : null)
    expect((await failure(vault.changePassphrase(PASS, 'a new passphrase'))).code).toBe('write-failed')
    fail.when = () => null
    await vault.lock()
    expect((await reopen(dir, vault)).person).toEqual(vault.person)
    expect((await failure(openVault(dir, { personId: vault.person.personId, passphrase: 'a new passphrase', now }))).code).toBe(
      'wrong-passphrase',
    )
  })
})
