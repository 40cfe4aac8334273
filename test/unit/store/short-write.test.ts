/**
 * Issue 12, finding 1: "vault.ts appends the journal frame with one fh.write and ignores bytesWritten; on a
 * real 2 MiB tmpfs the write stopped at 226 of ~400 bytes without an error, the commit deleted the previous
 * generation, and the next unlock truncated the torn frame and deleted the new generation". Here the same
 * short write is injected through the store's file access (faultyWriteIo), so it runs on every machine:
 * on the journal append, on a document, on the head, the checkpoint, vault.json and a backup. A save that
 * is not whole on disk is refused; what was saved before stays; the vault reopens with every acknowledged
 * save and an audit chain that verifies. (full-disk.test.ts does the same on a real small file system.)
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { Vault } from '../../../src/main/store'
import { createBackup } from '../../../src/main/store/backup'
import { faultyWriteIo, filesUnder, kdf, newVault, reopen, tempDir, type WriteFault } from './helpers'

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

const FULL = /could not be saved because the disk is full\. Nothing already saved was lost\.$/

/** A vault with a little history: `dispute-1` at generation 3, `index` at 1, `old` deleted. */
async function vaultWithHistory(fault: { when: (path: string) => WriteFault | null }, checkpointEvery = 1000) {
  const io = faultyWriteIo((p) => fault.when(p))
  const { dir, vault } = await newVault({ io, checkpointEvery })
  const model = new Map<string, unknown>()
  const save = async (docId: string, data: unknown) => {
    await vault.commit({ action: 'save', summary: `save ${docId}` }, [{ docId, data }])
    model.set(docId, data)
  }
  await save('dispute-1', { records: ['r1'] })
  await save('index', { open: ['dispute-1'] })
  await save('dispute-1', { records: ['r1', 'r2'] })
  await save('old', 1)
  await vault.commit({ action: 'save', summary: 'delete old' }, [{ docId: 'old', delete: true }])
  model.delete('old')
  await save('dispute-1', { records: ['r1', 'r2', 'r3'] })
  return { dir, vault, io, model, save }
}

/** Reopens with the fault cleared and checks every acknowledged save, no problems, a sound chain. */
async function expectAllAcknowledged(dir: string, vault: Vault, model: Map<string, unknown>): Promise<Vault> {
  const v = await reopen(dir, vault)
  expect(v.documentIds()).toEqual([...model.keys()].sort())
  for (const [id, value] of model) expect(await v.load(id), id).toEqual(value)
  expect(v.problems).toEqual([])
  expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  // Exactly one generation file per live document: no torn file left over, none missing.
  expect((await readdir(join(dir, 'documents'))).length).toBe(model.size)
  return v
}

const REFUSING: WriteFault[] = ['short-then-enospc', 'short-then-zero', 'claims-all']

describe('a write that stops part-way is never acknowledged', () => {
  for (const kind of REFUSING) {
    for (const [target, pick] of [
      ['the journal append (the commit point)', (p: string) => p.endsWith('journal.log')],
      ['the new document file', (p: string) => p.includes('/documents/dispute-1.')],
      ['every write into the vault folder (the disk is full)', () => true],
    ] as const)
      it(`${kind}: on ${target} the save is refused, nothing acknowledged is lost, the vault reopens whole`, async () => {
        const fault = { when: (_p: string): WriteFault | null => null }
        const { dir, vault, model } = await vaultWithHistory(fault)
        const before = await filesUnder(dir)
        const lastEvent = (await vault.readAudit({ limit: 1 }))[0]
        fault.when = (p) => (p.startsWith(dir) && pick(p) ? kind : null)
        const err = await failure(
          vault.commit({ action: 'save', summary: 'the save that does not fit' }, [
            { docId: 'dispute-1', data: { records: ['r1', 'r2', 'r3', 'r4'] } },
            { docId: 'index', data: { open: ['dispute-1', 'dispute-2'] } },
          ]),
        )
        expect(err.code).toBe('write-failed')
        expect(err.message).toMatch(FULL)
        // Memory and disk: exactly as before the refused save (no torn frame, no stray generation file).
        expect(await vault.load('dispute-1')).toEqual({ records: ['r1', 'r2', 'r3'] })
        expect((await vault.readAudit({ limit: 1 }))[0]).toEqual(lastEvent)
        expect(await filesUnder(dir)).toEqual(before)
        // The disk has room again: the same session carries on.
        fault.when = () => null
        await vault.commit({ action: 'save', summary: 'after' }, [{ docId: 'dispute-1', data: { records: ['r1', 'r2', 'r3', 'r5'] } }])
        model.set('dispute-1', { records: ['r1', 'r2', 'r3', 'r5'] })
        await vault.lock()
        await expectAllAcknowledged(dir, vault, model)
      })
  }

  it('a short write on the journal with the head also failing (the reproduction) loses nothing at the next unlock', async () => {
    // The sequence: the frame stops part-way, head.enc cannot be written either, the process ends.
    const fault = { when: (_p: string): WriteFault | null => null }
    const { dir, vault, model } = await vaultWithHistory(fault)
    fault.when = (p) => (p.startsWith(dir) ? 'short-then-enospc' : null)
    expect((await failure(vault.commit({ action: 'save', summary: 'x' }, [{ docId: 'dispute-1', data: { records: [] } }]))).code).toBe(
      'write-failed',
    )
    fault.when = () => null
    // No lock event: the session ends as a killed process would.
    await expectAllAcknowledged(dir, { personId: vault.person.personId } as unknown as Vault, model)
  })
})

describe('after the commit point, a short write only delays the head or checkpoint', () => {
  for (const kind of REFUSING) {
    it(`${kind} on head.enc: the save counts (the journal holds it), head.enc is left whole, and the next open repairs it`, async () => {
      const fault = { when: (_p: string): WriteFault | null => null }
      const { dir, vault, model, save } = await vaultWithHistory(fault)
      const head = await readFile(join(dir, 'head.enc'))
      fault.when = (p) => (p.includes('head.enc') ? kind : null)
      await save('dispute-1', { records: ['r1', 'r2', 'r3', 'r4'] })
      await save('index', { open: [] })
      expect(await readFile(join(dir, 'head.enc'))).toEqual(head) // the old head, whole; never a torn one
      expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([])
      fault.when = () => null
      await vault.lock()
      const v = await expectAllAcknowledged(dir, vault, model)
      await v.lock()
      expect(await readFile(join(dir, 'head.enc'))).not.toEqual(head)
    })

    it(`${kind} on checkpoint.enc: the save counts, no torn checkpoint is left, and it is written at a later save`, async () => {
      const fault = { when: (_p: string): WriteFault | null => null }
      const { dir, vault, model, save } = await vaultWithHistory(fault, 2)
      const checkpoint = await readFile(join(dir, 'checkpoint.enc'))
      fault.when = (p) => (p.includes('checkpoint.enc') ? kind : null)
      await save('dispute-1', { records: ['r9'] })
      await save('index', { open: ['dispute-1', 'x'] })
      expect(await readFile(join(dir, 'checkpoint.enc'))).toEqual(checkpoint)
      fault.when = () => null
      await save('index', { open: ['dispute-1', 'y'] })
      expect(await readFile(join(dir, 'checkpoint.enc'))).not.toEqual(checkpoint)
      await vault.lock()
      await expectAllAcknowledged(dir, vault, model)
    })
  }
})

describe('a short write on vault.json or a backup', () => {
  it('inviting a person is refused and the header is untouched', async () => {
    const fault = { when: (_p: string): WriteFault | null => null }
    const { dir, vault, model } = await vaultWithHistory(fault)
    const before = await filesUnder(dir)
    fault.when = (p) => (p.includes('vault.json') ? 'short-then-enospc' : null)
    const err = await failure(vault.createInvitation({ name: 'Sam Patel', validForHours: 24 }))
    expect(err.code).toBe('write-failed')
    expect(err.message).toMatch(FULL)
    expect(await filesUnder(dir)).toEqual(before)
    expect(vault.people()).toEqual([vault.person])
    fault.when = () => null
    await vault.lock()
    const v = await expectAllAcknowledged(dir, vault, model)
    expect(v.people()).toEqual([vault.person])
  })

  for (const kind of REFUSING)
    it(`${kind}: a backup that does not fit is refused and leaves no file, whole or torn`, async () => {
      const fault = { when: (_p: string): WriteFault | null => null }
      const { dir, vault, model } = await vaultWithHistory(fault)
      const folder = join(await tempDir(), 'backups')
      const before = await filesUnder(dir)
      fault.when = (p) => (p.startsWith(folder) ? kind : null)
      const err = await failure(createBackup(vault, join(folder, 'b.elbackup'), { now: () => new Date(), io: faultyWriteIo((p) => fault.when(p)) }))
      expect(err.code).toBe('write-failed')
      expect(err.message).toMatch(/^The backup could not be saved because the disk is full\.$/)
      expect(await readdir(folder)).toEqual([])
      expect(await filesUnder(dir)).toEqual(before)
      fault.when = () => null
      await vault.lock()
      await expectAllAcknowledged(dir, vault, model)
    })
})

describe('when a failed append cannot even be undone', () => {
  it('part of a frame left behind: the save is refused without claiming nothing was lost, the session stops saving, and the next open drops the part', async () => {
    const fault = { when: (_p: string): WriteFault | null => null }
    const { dir, vault, model } = await vaultWithHistory(fault)
    const journalBefore = (await readFile(join(dir, 'journal.log'))).length
    fault.when = (p) => (p.endsWith('journal.log') ? 'short-undo-fails' : null)
    const err = await failure(vault.commit({ action: 'save', summary: 'torn' }, [{ docId: 'dispute-1', data: { records: [] } }]))
    expect(err.code).toBe('write-failed')
    expect(err.message).not.toMatch(/Nothing already saved was lost/)
    expect(err.message).toMatch(/lock the vault and unlock it again/)
    expect((await readFile(join(dir, 'journal.log'))).length).toBeGreaterThan(journalBefore) // the torn part
    fault.when = () => null
    expect((await failure(vault.commit({ action: 'save', summary: 'later' }, [{ docId: 'index', data: 0 }]))).code).toBe('vault-needs-reopen')
    await vault.lock()
    await expectAllAcknowledged(dir, vault, model)
  })

  it('a whole frame whose sync failed: if the frame survives, so do the documents it names', async () => {
    const fault = { when: (_p: string): WriteFault | null => null }
    const { dir, vault, model } = await vaultWithHistory(fault)
    fault.when = (p) => (p.endsWith('journal.log') ? 'sync-and-undo-fail' : null)
    const err = await failure(
      vault.commit({ action: 'save', summary: 'unsure' }, [{ docId: 'dispute-1', data: { records: ['maybe'] } }]),
    )
    expect(err.code).toBe('write-failed')
    expect(err.message).not.toMatch(/Nothing already saved was lost/)
    fault.when = () => null
    // The frame reached the file whole, so the next open finds it; its document file was kept for it.
    model.set('dispute-1', { records: ['maybe'] })
    const v = await expectAllAcknowledged(dir, { personId: vault.person.personId } as unknown as Vault, model)
    expect((await v.readAudit({ limit: 2 })).map((e) => e.summary)).toEqual(['Vault unlocked', 'unsure'])
  })
})
