/**
 * Issue 12, finding 1: "the next unlock truncated the torn frame and deleted the new generation as 'newer
 * than the manifest': the dispute's records were gone". The tidy-up at unlock must never delete the only
 * readable generation of a document: copies the journal does not confirm are deleted only once the file the
 * journal names is there and is exactly that file; otherwise they are kept, in set-aside/, and the problem
 * says so. Each state below is made with authentic files of the vault (a commit frozen part-way, or an
 * earlier generation copied), never forged ones.
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simulateProcessExit } from '../../../src/main/store/registry'
import type { Vault } from '../../../src/main/store'
import { docFiles, newVault, reopen } from './helpers'

const never = (): Promise<void> => new Promise<void>(() => undefined)
const gen = (dir: string, docId: string, g: number) => join(dir, 'documents', `${docId}.${g}.enc`)
const aside = (dir: string, name: string) => join(dir, 'set-aside', name)

/**
 * `dispute-1` saved twice (generation 2 is the one the journal names), then a third save frozen after its
 * document file was written and before its journal append — the process then ends. Generation 3 is an
 * authentic file of this vault that no save ever acknowledged.
 */
async function withUnconfirmedNewer() {
  let frozen = false
  const { dir, vault } = await newVault({ faults: { at: (p) => (frozen && p === 'documents-written' ? never() : undefined) } })
  await vault.commit({ action: 'save', summary: 'one' }, [{ docId: 'dispute-1', data: { records: ['r1'] } }])
  await vault.commit({ action: 'save', summary: 'two' }, [{ docId: 'dispute-1', data: { records: ['r1', 'r2'] } }])
  await vault.commit({ action: 'save', summary: 'other' }, [{ docId: 'index', data: { open: ['dispute-1'] } }])
  frozen = true
  void vault.commit({ action: 'save', summary: 'three' }, [{ docId: 'dispute-1', data: { records: ['r1', 'r2', 'r3'] } }])
  await new Promise((r) => setTimeout(r, 50))
  simulateProcessExit()
  expect(await docFiles(dir)).toEqual(['dispute-1.2.enc', 'dispute-1.3.enc', 'index.1.enc'])
  return { dir, vault, newer: await readFile(gen(dir, 'dispute-1', 3)) }
}

const noClaimOfNoLoss = (v: Vault) => {
  for (const p of v.problems) expect(p.message).not.toMatch(/nothing.*(lost|missing)/i)
}

describe('the tidy-up at unlock never deletes the only readable generation', () => {
  it('the journal’s generation is missing and a newer one is there (the reproduction): the newer one is kept aside, not deleted', async () => {
    const { dir, vault, newer } = await withUnconfirmedNewer()
    await rm(gen(dir, 'dispute-1', 2)) // what the faulty commit did: the previous generation deleted
    const v = await reopen(dir, vault)
    expect(await readFile(aside(dir, 'dispute-1.3.enc'))).toEqual(newer)
    expect(v.problems).toEqual([
      {
        docId: 'dispute-1',
        message: expect.stringMatching(/^The document “dispute-1” is missing from the vault folder\. .*“set-aside” inside the vault folder and kept/),
      },
    ])
    noClaimOfNoLoss(v)
    expect(await v.load('index')).toEqual({ open: ['dispute-1'] })
    await expect(v.load('dispute-1')).rejects.toMatchObject({ code: 'document-missing' })
    // Opening again does not lose it either, and a later save of the document cannot overwrite it.
    await v.commit({ action: 'save', summary: 'rewritten' }, [{ docId: 'dispute-1', data: { records: ['again'] } }])
    await v.lock()
    const again = await reopen(dir, vault)
    expect(await again.load('dispute-1')).toEqual({ records: ['again'] })
    expect(await readFile(aside(dir, 'dispute-1.3.enc'))).toEqual(newer)
    expect(again.problems).toEqual([])
    expect(await again.verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('the journal’s generation is missing and only an older one is there: the older one is kept aside', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 'one' }, [{ docId: 'dispute-1', data: { records: ['r1'] } }])
    const first = await readFile(gen(dir, 'dispute-1', 1))
    await vault.commit({ action: 'save', summary: 'two' }, [{ docId: 'dispute-1', data: { records: ['r1', 'r2'] } }])
    await vault.lock()
    await rm(gen(dir, 'dispute-1', 2))
    await writeFile(gen(dir, 'dispute-1', 1), first)
    const v = await reopen(dir, vault)
    expect(await readFile(aside(dir, 'dispute-1.1.enc'))).toEqual(first)
    expect(v.problems.map((p) => p.docId)).toEqual(['dispute-1'])
    expect(v.problems[0].message).toMatch(/set-aside/)
    noClaimOfNoLoss(v)
  })

  it('the journal’s generation is there but is not the file it names: the other copies are kept aside, and it is reported damaged', async () => {
    const { dir, vault } = await withUnconfirmedNewer()
    const current = await readFile(gen(dir, 'dispute-1', 2))
    current[current.length - 1] ^= 0x01
    await writeFile(gen(dir, 'dispute-1', 2), current)
    const v = await reopen(dir, vault)
    expect(await readdir(join(dir, 'set-aside'))).toEqual(['dispute-1.3.enc'])
    expect(await docFiles(dir)).toEqual(['dispute-1.2.enc', 'index.1.enc'])
    expect(v.problems).toEqual([
      { docId: 'dispute-1', message: expect.stringMatching(/^The document “dispute-1” is damaged .*set-aside/) },
    ])
    await expect(v.load('dispute-1')).rejects.toMatchObject({ code: 'document-damaged' })
  })

  it('the journal’s generation is there and intact: temp files go, unconfirmed newer copies are set aside without a problem, as after any crash', async () => {
    // Issue 12, finding 5: "rolling back only the journal and head makes unlock delete the current document
    // files". A generation the journal never named is set aside, never deleted: after a crash it is a save
    // nobody saw succeed; after a rollback of the journal it is the newest save there is.
    const { dir, vault, newer } = await withUnconfirmedNewer()
    await copyFile(gen(dir, 'dispute-1', 2), join(dir, 'documents', 'dispute-1.2.enc.tmp-000000000000'))
    const v = await reopen(dir, vault)
    expect(await docFiles(dir)).toEqual(['dispute-1.2.enc', 'index.1.enc'])
    expect(await readFile(aside(dir, 'dispute-1.3.enc'))).toEqual(newer)
    expect(v.problems).toEqual([])
    expect(await v.load('dispute-1')).toEqual({ records: ['r1', 'r2'] })
  })

  it('keeps both when the same generation is set aside twice', async () => {
    const { dir, vault, newer } = await withUnconfirmedNewer()
    await rm(gen(dir, 'dispute-1', 2))
    await mkdir(join(dir, 'set-aside'))
    await writeFile(aside(dir, 'dispute-1.3.enc'), 'an earlier copy')
    const v = await reopen(dir, vault)
    expect((await readdir(join(dir, 'set-aside'))).sort()).toEqual(['dispute-1.3.enc', 'dispute-1.3.enc.1'])
    expect(await readFile(aside(dir, 'dispute-1.3.enc.1'))).toEqual(newer)
    expect(await readFile(aside(dir, 'dispute-1.3.enc'), 'utf8')).toBe('an earlier copy')
    await v.lock()
  })

  it('whatever authentic files are removed or put back, every readable copy of a document survives unlock (property)', async () => {
    // A history of saves of three documents; every generation file ever written is copied as it is made.
    const { dir, vault } = await newVault()
    const copies = new Map<string, Buffer>()
    for (let i = 0; i < 9; i++) {
      await vault.commit({ action: 'save', summary: `s${i}` }, [{ docId: `doc-${i % 3}`, data: { i } }])
      for (const n of await docFiles(dir)) if (!copies.has(n)) copies.set(n, await readFile(join(dir, 'documents', n)))
    }
    await vault.lock()
    const pristine = new Map<string, Buffer>()
    for (const n of await docFiles(dir)) pristine.set(n, await readFile(join(dir, 'documents', n)))
    const names = [...copies.keys()].sort()
    await fc.assert(
      fc.asyncProperty(fc.subarray(names), async (present) => {
        // documents/ holds exactly `present`; set-aside/ starts empty.
        await rm(join(dir, 'documents'), { recursive: true })
        await rm(join(dir, 'set-aside'), { recursive: true, force: true })
        await mkdir(join(dir, 'documents'))
        for (const n of present) await writeFile(join(dir, 'documents', n), copies.get(n)!)
        const v = await reopen(dir, vault, { auditUnlock: false })
        const kept = new Set([
          ...(await docFiles(dir)).map((n) => `documents/${n}`),
          ...(await readdir(join(dir, 'set-aside')).catch(() => [] as string[])).map((n) => `set-aside/${n}`),
        ])
        for (const n of present) {
          const current = pristine.has(n)
          const docId = n.replace(/\.\d+\.enc$/, '')
          const currentThere = [...pristine.keys()].some((p) => p.startsWith(`${docId}.`) && present.includes(p))
          // A file may go only when the generation the journal names is there, intact.
          if (!currentThere) expect(kept.has(`documents/${n}`) || kept.has(`set-aside/${n}`), n).toBe(true)
          if (current) expect(kept.has(`documents/${n}`), n).toBe(true)
        }
        for (const id of v.documentIds()) {
          const currentThere = [...pristine.keys()].some((p) => p.startsWith(`${id}.`) && present.includes(p))
          if (currentThere) expect(await v.load(id)).toBeDefined()
          else expect(v.problems.map((p) => p.docId)).toContain(id)
        }
        noClaimOfNoLoss(v)
        await v.lock()
      }),
      { numRuns: 15 },
    )
  })
})
