import { copyFile, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { Vault } from '../../../src/main/store'
import { docFile, journalPath, newVault, reopen, splitFrames } from './helpers'

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

async function vaultWithDocs(): Promise<{ dir: string; vault: Vault }> {
  const made = await newVault()
  await made.vault.commit({ action: 'save', summary: 's' }, [
    { docId: 'case-1', data: { child: 'Child one', notes: ['first'] } },
    { docId: 'case-2', data: { child: 'Child two', notes: [] } },
    { docId: 'settings', data: { autoLockMinutes: 5 } },
  ])
  return made
}

/** Reopens and checks the damaged document is refused by name while the others still load. */
async function expectRefused(dir: string, vault: Vault, docId: string, code: string): Promise<Vault> {
  const v = await reopen(dir, vault)
  const err = await failure(v.load(docId))
  expect(err.code).toBe(code)
  expect(err.message).toContain(docId)
  expect(v.problems.map((p) => p.docId)).toContain(docId)
  for (const other of ['case-1', 'case-2', 'settings'].filter((d) => d !== docId)) expect(await v.load(other)).toBeDefined()
  expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  return v
}

describe('tampering with documents', () => {
  it('refuses a document with a flipped byte, naming it', async () => {
    const { dir, vault } = await vaultWithDocs()
    await vault.lock()
    const f = await docFile(dir, 'case-1')
    const bytes = await readFile(f)
    bytes[bytes.length - 20] ^= 0x01
    await writeFile(f, bytes)
    await expectRefused(dir, vault, 'case-1', 'document-damaged')
  })

  it('refuses a truncated document', async () => {
    const { dir, vault } = await vaultWithDocs()
    await vault.lock()
    const f = await docFile(dir, 'case-2')
    await truncate(f, 40)
    await expectRefused(dir, vault, 'case-2', 'document-damaged')
  })

  it('refuses a document swapped in from another vault', async () => {
    const a = await vaultWithDocs()
    const b = await vaultWithDocs()
    await a.vault.lock()
    await copyFile(await docFile(b.dir, 'case-1'), await docFile(a.dir, 'case-1'))
    await expectRefused(a.dir, a.vault, 'case-1', 'document-from-another-vault')
  })

  it('refuses one document of the vault copied over another', async () => {
    const { dir, vault } = await vaultWithDocs()
    await vault.lock()
    await copyFile(await docFile(dir, 'case-1'), await docFile(dir, 'case-2'))
    await expectRefused(dir, vault, 'case-2', 'document-swapped')
  })

  it('refuses a document rolled back to an older copy of itself', async () => {
    const { dir, vault } = await vaultWithDocs()
    const old = await readFile(await docFile(dir, 'case-1'))
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'case-1', data: { child: 'Child one', notes: ['first', 'second'] } }])
    await vault.lock()
    const current = await docFile(dir, 'case-1')
    expect(current.endsWith('case-1.2.enc')).toBe(true)
    await writeFile(current, old)
    await expectRefused(dir, vault, 'case-1', 'document-rolled-back')
  })

  it('reports a deleted document at unlock and keeps the rest readable', async () => {
    const { dir, vault } = await vaultWithDocs()
    await vault.lock()
    await rm(await docFile(dir, 'settings'))
    const v = await reopen(dir, vault)
    expect(v.problems).toEqual([{ docId: 'settings', message: expect.stringContaining('settings') }])
    expect((await failure(v.load('settings'))).code).toBe('document-missing')
    expect(await v.load('case-1')).toEqual({ child: 'Child one', notes: ['first'] })
    // loadMany names every failure, or skips them on request
    const many = await failure(v.loadMany(['case-1', 'settings']))
    expect(many.details?.map((d) => d.path)).toEqual(['settings'])
    const some = await v.loadMany<unknown>(['case-1', 'settings', 'never-existed'], { skipDamaged: true })
    expect([...some.keys()]).toEqual(['case-1'])
    // Saving the document again repairs it.
    await v.commit({ action: 'save', summary: 's' }, [{ docId: 'settings', data: { autoLockMinutes: 7 } }])
    expect(v.problems).toEqual([])
    expect(await v.load('settings')).toEqual({ autoLockMinutes: 7 })
  })

  it('refuses random byte flips and truncations of a document file (property)', async () => {
    const { dir, vault } = await vaultWithDocs()
    await vault.lock()
    const f = await docFile(dir, 'case-1')
    const original = await readFile(f)
    const v = await reopen(dir, vault, { auditUnlock: false })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat(original.length - 1), bit: fc.integer({ min: 0, max: 7 }) }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat(original.length - 1) }),
        ),
        async (damage) => {
          const bytes = Buffer.from(original)
          const damaged = damage.kind === 'flip' ? ((bytes[damage.at] ^= 1 << damage.bit), bytes) : bytes.subarray(0, damage.at)
          await writeFile(f, damaged)
          // The vault caches only what it has verified, and case-1 never verifies here: each load reads the file.
          const err = await failure(v.load('case-1'))
          expect(err.code).toMatch(/^document-/)
          expect(err.message).toContain('case-1')
          expect(await v.load('case-2')).toBeDefined()
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('tampering with the journal', () => {
  async function vaultWithEvents(n: number, checkpointEvery = 1000): Promise<{ dir: string; vault: Vault }> {
    const made = await newVault({ checkpointEvery })
    for (let i = 1; i <= n; i++)
      await made.vault.commit({ action: 'save', summary: `change ${i}` }, [{ docId: `doc-${i % 3}`, data: { i } }])
    return made
  }

  it('refuses a journal with its newest events cut off', async () => {
    const { dir, vault } = await vaultWithEvents(5)
    await vault.lock()
    const frames = splitFrames(await readFile(journalPath(dir)))
    await writeFile(journalPath(dir), Buffer.concat(frames.slice(0, -2)))
    const err = await failure(reopen(dir, vault))
    expect(err.code).toBe('journal-truncated')
    expect(err.message).toMatch(/should hold 7/)
  })

  it('refuses a journal cut part-way through a frame', async () => {
    const { dir, vault } = await vaultWithEvents(3)
    await vault.lock()
    const bytes = await readFile(journalPath(dir))
    await writeFile(journalPath(dir), bytes.subarray(0, bytes.length - 10))
    expect((await failure(reopen(dir, vault))).code).toBe('journal-truncated')
  })

  it('refuses an edited, removed or reordered event at unlock', async () => {
    const { dir, vault } = await vaultWithEvents(5)
    await vault.lock()
    const original = await readFile(journalPath(dir))
    const frames = splitFrames(original)
    const edited = Buffer.from(original)
    edited[frames[0].length + frames[1].length + 30] ^= 0x80 // inside event 3
    const cases: [string, Buffer][] = [
      ['edited', edited],
      ['removed', Buffer.concat([...frames.slice(0, 2), ...frames.slice(3)])],
      ['reordered', Buffer.concat([frames[0], frames[2], frames[1], ...frames.slice(3)])],
    ]
    for (const [, bytes] of cases) {
      await writeFile(journalPath(dir), bytes)
      const err = await failure(reopen(dir, vault))
      expect(['journal-damaged', 'journal-truncated']).toContain(err.code)
    }
    await writeFile(journalPath(dir), original)
    expect((await reopen(dir, vault)).problems).toEqual([])
  })

  it('verifyAuditChain names the first bad event for edits before the checkpoint', async () => {
    const { dir, vault } = await vaultWithEvents(12, 5)
    await vault.lock()
    const original = await readFile(journalPath(dir))
    const frames = splitFrames(original)
    const edited = Buffer.from(original)
    edited[frames[0].length + frames[1].length + 40] ^= 0x04 // event 3, before the checkpoint at 10
    await writeFile(journalPath(dir), edited)
    const v = await reopen(dir, vault) // unlock checks only the tail since the checkpoint
    const report = await v.verifyAuditChain()
    expect(report).toMatchObject({ ok: false, firstBadSeq: 3 })
    if (!report.ok) expect(report.reason).toMatch(/Entry 3/)
  })

  it('verifyAuditChain names the first bad event when events are removed or reordered in an open vault', async () => {
    const { dir, vault } = await vaultWithEvents(8)
    const original = await readFile(journalPath(dir))
    const frames = splitFrames(original)
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: true, events: 9 })
    await writeFile(journalPath(dir), Buffer.concat([...frames.slice(0, 4), ...frames.slice(5)]))
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 5 })
    await writeFile(journalPath(dir), Buffer.concat([...frames.slice(0, 5), frames[6], frames[5], ...frames.slice(7)]))
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: false, firstBadSeq: 6 })
    await writeFile(journalPath(dir), Buffer.concat(frames.slice(0, 7)))
    const cut = await vault.verifyAuditChain()
    expect(cut).toMatchObject({ ok: false, firstBadSeq: 8 })
    if (!cut.ok) expect(cut.reason).toMatch(/missing/)
    await writeFile(journalPath(dir), original)
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: true, events: 9 })
  })

  it('refuses to append to a journal changed outside the app while the vault is open', async () => {
    const { dir, vault } = await vaultWithEvents(3)
    const frames = splitFrames(await readFile(journalPath(dir)))
    await writeFile(journalPath(dir), Buffer.concat(frames.slice(0, 2)))
    const err = await failure(vault.commit({ action: 'save', summary: 's' }, [{ docId: 'x', data: 1 }]))
    expect(err.code).toBe('journal-changed')
    expect(vault.has('x')).toBe(false)
    expect((await readFile(journalPath(dir))).length).toBe(frames[0].length + frames[1].length)
  })

  it('refuses random byte flips and truncations of the journal (property)', async () => {
    const { dir, vault } = await vaultWithEvents(4)
    await vault.lock()
    const original = await readFile(journalPath(dir))
    const head = await readFile(join(dir, 'head.enc'))
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat(original.length - 1), bit: fc.integer({ min: 0, max: 7 }) }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat(original.length - 1) }),
        ),
        async (damage) => {
          const bytes = Buffer.from(original)
          const damaged = damage.kind === 'flip' ? ((bytes[damage.at] ^= 1 << damage.bit), bytes) : bytes.subarray(0, damage.at)
          await writeFile(journalPath(dir), damaged)
          await writeFile(join(dir, 'head.enc'), head)
          const err = await failure(reopen(dir, vault, { auditUnlock: false }))
          // A flip in a frame's (unauthenticated) epoch number reads as "written under a key this vault.json
          // lacks", which the message words as either a rolled-back vault.json or a damaged entry.
          expect(['journal-damaged', 'journal-truncated', 'header-rolled-back']).toContain(err.code)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('refuses a damaged or missing head, and a journal rolled back behind its checkpoint', async () => {
    const { dir, vault } = await vaultWithEvents(6, 3)
    await vault.lock()
    const head = await readFile(join(dir, 'head.enc'))
    const flipped = Buffer.from(head)
    flipped[5] ^= 1
    await writeFile(join(dir, 'head.enc'), flipped)
    expect((await failure(reopen(dir, vault))).code).toBe('journal-damaged')
    await rm(join(dir, 'head.enc'))
    expect((await failure(reopen(dir, vault))).code).toBe('journal-damaged')
    await writeFile(join(dir, 'head.enc'), head)
    const frames = splitFrames(await readFile(journalPath(dir)))
    await writeFile(journalPath(dir), Buffer.concat(frames.slice(0, 4)))
    expect((await failure(reopen(dir, vault))).code).toBe('journal-truncated')
  })

  it('refuses a journal and head both put back to an older state behind the checkpoint', async () => {
    const { dir, vault } = await vaultWithEvents(2, 5) // events 1-3
    const oldHead = await readFile(join(dir, 'head.enc'))
    const oldJournal = await readFile(journalPath(dir))
    for (let i = 0; i < 4; i++) await vault.commit({ action: 'save', summary: 'later' }, [{ docId: 'later', data: i }])
    await vault.lock() // checkpoint at 5, head at 8
    await writeFile(join(dir, 'head.enc'), oldHead)
    const whole = await reopen(dir, vault)
    expect(whole.problems).toEqual([]) // only the head was old: the journal is whole
    await whole.lock()
    await writeFile(join(dir, 'head.enc'), oldHead)
    await writeFile(journalPath(dir), oldJournal)
    expect((await failure(reopen(dir, vault))).code).toBe('journal-truncated')
  })

  it('refuses a head or journal swapped in from another vault', async () => {
    const a = await vaultWithEvents(2)
    const b = await vaultWithEvents(2)
    await a.vault.lock()
    await b.vault.lock()
    await copyFile(join(b.dir, 'head.enc'), join(a.dir, 'head.enc'))
    expect((await failure(reopen(a.dir, a.vault))).code).toBe('journal-damaged')
  })
})
