import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CommitPoint, Vault } from '../../../src/main/store'
import { simulateProcessExit } from '../../../src/main/store/registry'
import { journalPath, newVault, reopen, splitFrames } from './helpers'

const POINTS: CommitPoint[] = ['documents-written', 'journal-appended', 'head-written', 'old-generations-deleted']
const never = (): Promise<void> => new Promise<void>(() => undefined)

/**
 * Makes `acknowledged` commits, then one more that "crashes" (freezes forever) at `point`; the frozen
 * vault object is abandoned as a killed process would be, and the folder is reopened.
 */
async function crashAt(point: CommitPoint, acknowledged: number, checkpointEvery = 1000) {
  let armed = false
  const { dir, vault } = await newVault({
    checkpointEvery,
    faults: { at: (p) => (armed && p === point ? never() : undefined) },
  })
  const model = new Map<string, unknown>()
  for (let i = 0; i < acknowledged; i++) {
    const id = `doc-${i % 3}`
    await vault.commit({ action: 'save', summary: `n${i}` }, [{ docId: id, data: { i } }])
    model.set(id, { i })
  }
  armed = true
  let settled = false
  void vault
    .commit({ action: 'save', summary: 'crashing' }, [{ docId: 'doc-0', data: { crashed: true } }, { docId: 'fresh', data: 1 }])
    .finally(() => (settled = true))
  await new Promise((r) => setTimeout(r, 50))
  expect(settled).toBe(false)
  simulateProcessExit()
  return { dir, vault, model }
}

async function expectConsistent(v: Vault, model: Map<string, unknown>, crashedPresent: boolean): Promise<void> {
  if (crashedPresent) {
    model.set('doc-0', { crashed: true })
    model.set('fresh', 1)
  }
  expect(v.documentIds()).toEqual([...model.keys()].sort())
  for (const [id, value] of model) expect(await v.load(id)).toEqual(value)
  expect(v.problems).toEqual([])
  expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  // No leftovers: exactly one generation file per live document.
  expect((await readdir(join(v.dir, 'documents'))).length).toBe(model.size)
}

describe('crashes at each point of a commit', () => {
  it('before the journal append: the commit is absent and its files are removed', async () => {
    const { dir, vault, model } = await crashAt('documents-written', 3)
    expect((await readdir(join(dir, 'documents'))).some((n) => n.startsWith('fresh.'))).toBe(true)
    const v = await reopen(dir, vault)
    await expectConsistent(v, model, false)
  })

  it('between the journal append and the head write: the commit is present', async () => {
    const { dir, vault, model } = await crashAt('journal-appended', 3)
    const v = await reopen(dir, vault)
    await expectConsistent(v, model, true)
    expect((await v.readAudit({ limit: 2 })).map((e) => e.summary)).toEqual(['Vault unlocked', 'crashing'])
  })

  it('after the head write, before old generations are deleted: present, and the old files are tidied', async () => {
    const { dir, vault, model } = await crashAt('head-written', 3)
    const v = await reopen(dir, vault)
    await expectConsistent(v, model, true)
  })

  it('a torn final frame (the append itself was cut) is an unacknowledged commit and is truncated', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    await vault.lock()
    const size = (await readFile(journalPath(dir))).length
    const frames = splitFrames(await readFile(journalPath(dir)))
    await appendFile(journalPath(dir), frames[1].subarray(0, 20)) // half of a frame-shaped append
    const v = await reopen(dir, vault)
    expect(await v.load('a')).toBe(1)
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true, events: 4 })
    expect((await readFile(journalPath(dir))).length).toBeGreaterThan(size)
    expect(splitFrames(await readFile(journalPath(dir)))).toHaveLength(4)
  })

  it('a garbled complete final frame beyond the head is dropped as unacknowledged', async () => {
    const { dir, vault, model } = await crashAt('journal-appended', 2)
    const bytes = await readFile(journalPath(dir))
    bytes[bytes.length - 10] ^= 0xff // the crash left the final append's bytes wrong
    await writeFile(journalPath(dir), bytes)
    const v = await reopen(dir, vault)
    await expectConsistent(v, model, false)
  })

  it('random crash points after random histories (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POINTS), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), async (point, n, every) => {
        const { dir, vault, model } = await crashAt(point, n, every)
        const v = await reopen(dir, vault, { checkpointEvery: every })
        await expectConsistent(v, model, point !== 'documents-written')
        // And the vault carries on normally afterwards.
        await v.commit({ action: 'save', summary: 'after' }, [{ docId: 'doc-1', data: 'after' }])
        await v.lock()
        const again = await reopen(dir, vault, { checkpointEvery: every })
        expect(await again.load('doc-1')).toBe('after')
        expect(await again.verifyAuditChain()).toMatchObject({ ok: true })
      }),
      { numRuns: 20 },
    )
  })
})
