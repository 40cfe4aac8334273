/**
 * Incremental rolling backups (issue 20: "a rolling backup copies only what changed since the last one (new
 * generation files, attachments, the journal's new bytes, a new head), with a periodic full copy and a full
 * copy after every re-key; pruning keeps whole chains (a full copy and all its increments); restore accepts a
 * full backup with its increments and verifies the whole chain; a backup reads a consistent snapshot …, so it
 * does not hold the call queue and an idle backup never delays a save").
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { Vault } from '../../../src/main/store'
import {
  chainsToPrune,
  FULL_EVERY_INCREMENTS,
  inspectBackup,
  listRollingBackups,
  restoreBackup,
  writeRollingBackup,
} from '../../../src/main/store/backup'
import { nodeIo, type VaultIo } from '../../../src/main/store/io'
import { invitePerson, newVault, now, PASS, tempDir } from './helpers'

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

const opts = (vault: Vault) => ({ personId: vault.person.personId, passphrase: PASS, now })
const isInc = (name: string) => name.endsWith('-inc.elbackup')

async function save(vault: Vault, docId: string, data: unknown): Promise<void> {
  await vault.commit({ action: 'save', summary: `save ${docId}` }, [{ docId, data }])
}

async function rollingSetup(): Promise<{ dir: string; vault: Vault; folder: string; roll: () => Promise<string> }> {
  const { dir, vault } = await newVault()
  for (let i = 0; i < 20; i++) await save(vault, `case-${i}`, { i, notes: 'x'.repeat(2000) })
  const folder = join(await tempDir(), 'rolling')
  const roll = async () => {
    const written = await writeRollingBackup(vault, folder, 100, { now })
    if (!written) throw new Error('nothing written')
    return written.file
  }
  return { dir, vault, folder, roll }
}

describe('a chain of rolling backups', () => {
  it('starts with a full copy; each later backup holds only what changed, and restores byte for byte', async () => {
    const { dir, vault, roll } = await rollingSetup()
    const full = await roll()
    await save(vault, 'case-3', { changed: true })
    const inc1 = await roll()
    await save(vault, 'case-4', { changed: true })
    await save(vault, 'case-new', { created: true })
    const inc2 = await roll()
    expect([full, inc1, inc2].map(isInc)).toEqual([false, true, true])
    const sizes = [full, inc1, inc2].map((f) => readFileSync(f).length)
    expect(sizes[1]).toBeLessThan(sizes[0] / 10) // one document and one event, not twenty documents
    const info = await inspectBackup(inc2)
    expect(info).toMatchObject({ vaultId: vault.vaultId, increments: 2, people: [vault.person] })
    // Only the changed document, the new journal bytes and a head: vault.json did not change.
    const toc1 = JSON.parse(readFileSync(inc1).subarray(12, 12 + readFileSync(inc1).readUInt32BE(8)).toString()) as {
      files: { name: string }[]
    }
    expect(toc1.files.map((f) => f.name).sort()).toEqual(['documents/case-3.2.enc', 'head.enc', 'journal.log'])

    const journalNow = readFileSync(join(dir, 'journal.log'))
    const documentsNow = readdirSync(join(dir, 'documents')).sort()
    const target = join(await tempDir(), 'restored')
    const { vault: copy, chain } = await restoreBackup(inc2, target, opts(vault))
    expect(chain.ok).toBe(true)
    expect(copy.problems).toEqual([])
    await copy.lock()
    // Byte for byte: the journal as it was (the restore's own unlock and lock follow it), every document file.
    expect(readFileSync(join(target, 'journal.log')).subarray(0, journalNow.length).equals(journalNow)).toBe(true)
    expect(readdirSync(join(target, 'documents')).sort()).toEqual(documentsNow)
    for (const name of documentsNow)
      expect(readFileSync(join(target, 'documents', name)).equals(readFileSync(join(dir, 'documents', name)))).toBe(true)
    expect(readFileSync(join(target, 'vault.json')).equals(readFileSync(join(dir, 'vault.json')))).toBe(true)

    // An earlier point of the chain restores to the state then.
    const { vault: older } = await restoreBackup(inc1, join(await tempDir(), 'r1'), opts(vault))
    expect(await older.load('case-3')).toEqual({ changed: true })
    expect(await older.load('case-4')).toEqual({ i: 4, notes: 'x'.repeat(2000) })
    expect(older.has('case-new')).toBe(false)
    await older.lock()
  })

  it('writes nothing when nothing changed since the newest backup', async () => {
    const { vault, folder, roll } = await rollingSetup()
    await roll()
    expect(await writeRollingBackup(vault, folder, 10, { now })).toBeNull()
    expect(await listRollingBackups(folder, vault.vaultId)).toHaveLength(1)
  })

  it(`makes a new full copy after ${FULL_EVERY_INCREMENTS} increments`, async () => {
    const { vault, folder, roll } = await rollingSetup()
    for (let i = 0; i <= FULL_EVERY_INCREMENTS + 1; i++) {
      await save(vault, 'case-1', { i })
      await roll()
    }
    const names = await listRollingBackups(folder, vault.vaultId)
    expect(names.map(isInc).filter((x) => !x)).toHaveLength(2)
    expect(isInc(names[FULL_EVERY_INCREMENTS + 1])).toBe(false)
  })

  it('makes a full copy after a re-key (a new key epoch), which a removed person cannot open', async () => {
    const { dir, vault: first } = await newVault()
    const { person: sam, vault } = await invitePerson(dir, first, 'Sam Patel', 'a passphrase for Sam only')
    const folder = join(await tempDir(), 'rolling')
    await save(vault, 'case-1', { before: true })
    await writeRollingBackup(vault, folder, 10, { now })
    await save(vault, 'case-1', { before: 'still' })
    await writeRollingBackup(vault, folder, 10, { now })
    await vault.removePerson(sam.personId)
    await save(vault, 'case-2', { after: true })
    const after = await writeRollingBackup(vault, folder, 10, { now })
    expect(after?.kind).toBe('full')
    expect((await listRollingBackups(folder, vault.vaultId)).map(isInc)).toEqual([false, true, false])
    const refused = await failure(
      restoreBackup(after!.file, join(await tempDir(), 'r'), { personId: sam.personId, passphrase: 'a passphrase for Sam only', now }),
    )
    expect(refused.code).toBe('person-not-found')
    const { vault: copy } = await restoreBackup(after!.file, join(await tempDir(), 'r2'), opts(vault))
    expect(await copy.load('case-2')).toEqual({ after: true })
    await copy.lock()
  })
})

describe('pruning keeps whole chains', () => {
  const full = (n: number) => `escalation-log-aaaaaaaaaaaa-20261122T1000${String(n).padStart(2, '0')}Z-${String(n).padStart(10, '0')}.elbackup`
  const inc = (n: number) => full(n).replace('.elbackup', '-inc.elbackup')

  it('deletes the oldest chains only while at least `keep` backups remain, never part of a chain, never the newest', () => {
    const names = [full(1), inc(2), inc(3), full(4), inc(5), full(6), inc(7)]
    expect(chainsToPrune(names, 4)).toEqual([full(1), inc(2), inc(3)])
    expect(chainsToPrune(names, 2)).toEqual([full(1), inc(2), inc(3), full(4), inc(5)])
    expect(chainsToPrune(names, 5)).toEqual([]) // deleting the first chain would leave 4
    expect(chainsToPrune([full(1), inc(2), inc(3)], 1)).toEqual([])
  })
})

describe('restoring a chain refuses a missing, swapped or altered increment by name', () => {
  async function threeIncrements() {
    const { vault, folder, roll } = await rollingSetup()
    const files = [await roll()]
    for (let i = 0; i < 3; i++) {
      await save(vault, 'case-1', { i })
      files.push(await roll())
    }
    return { vault, folder, files }
  }
  const base = (f: string) => f.slice(f.lastIndexOf('/') + 1)

  it('a missing increment', async () => {
    const { vault, files } = await threeIncrements()
    unlinkSync(files[2])
    const target = join(await tempDir(), 'r')
    const err = await failure(restoreBackup(files[3], target, opts(vault)))
    expect(err.code).toBe('backup-chain-broken')
    expect(err.message).toContain(`“${base(files[2])}”, is not in the same folder`)
    expect(existsSync(target)).toBe(false)
    // The chain up to the gap still restores.
    const { vault: copy } = await restoreBackup(files[1], target, opts(vault))
    expect(await copy.load('case-1')).toEqual({ i: 0 })
    await copy.lock()
  })

  it('an increment swapped for another', async () => {
    const { vault, files } = await threeIncrements()
    copyFileSync(files[1], files[2]) // the second increment replaced by the first, under its name
    const err = await failure(restoreBackup(files[3], join(await tempDir(), 'r'), opts(vault)))
    expect(err.code).toBe('backup-chain-broken')
    expect(err.message).toContain(`the file “${base(files[2])}” beside it is not the backup it continues`)
  })

  it('an increment altered, even with its checksum recomputed', async () => {
    const { vault, files } = await threeIncrements()
    const bytes = readFileSync(files[2])
    bytes[bytes.length - 80] ^= 1 // in its journal bytes
    writeFileSync(files[2], bytes)
    const err = await failure(restoreBackup(files[3], join(await tempDir(), 'r'), opts(vault)))
    expect(err.code).toBe('backup-damaged')
    expect(err.message).toContain(`the backup “${base(files[2])}” is damaged`)
    const { createHash } = await import('node:crypto')
    createHash('sha256').update(bytes.subarray(0, bytes.length - 64)).digest().copy(bytes, bytes.length - 64)
    writeFileSync(files[2], bytes)
    const altered = await failure(restoreBackup(files[3], join(await tempDir(), 'r'), opts(vault)))
    expect(altered.message).toContain(`the backup “${base(files[2])}” has been altered since it was made`)
  })
})

/** An io whose reads of document files wait for `release`, so a backup can be caught part-way. */
function gatedIo(): { io: VaultIo; started: Promise<void>; release: () => void } {
  let release!: () => void
  let started!: () => void
  const gate = new Promise<void>((r) => (release = r))
  const startedP = new Promise<void>((r) => (started = r))
  const io: VaultIo = {
    ...nodeIo,
    readFile: (async (path: Parameters<VaultIo['readFile']>[0], o?: unknown) => {
      if (String(path).includes('/documents/')) {
        started()
        await gate
      }
      return nodeIo.readFile(path, o as undefined)
    }) as VaultIo['readFile'],
  }
  return { io, started: startedP, release }
}

describe('a backup reads a consistent snapshot', () => {
  it('saves issued during a backup complete without waiting for it, and the backup is the vault as it was when it began', async () => {
    const { dir, vault } = await newVault()
    for (let i = 0; i < 5; i++) await save(vault, `case-${i}`, { v: 1 })
    const folder = join(await tempDir(), 'rolling')
    const gated = gatedIo()
    const backup = writeRollingBackup(vault, folder, 10, { now, io: gated.io })
    await gated.started // the backup is copying documents now, and stays stuck there
    let saved = 0
    for (let i = 0; i < 5; i++) {
      await save(vault, `case-${i}`, { v: 2 })
      saved++
    }
    await save(vault, 'case-new', { v: 2 })
    expect(saved).toBe(5) // every save finished while the backup was still waiting
    // The generations the backup is copying are still there (their deletion is held), then tidied after.
    expect(existsSync(join(dir, 'documents', 'case-0.1.enc'))).toBe(true)
    gated.release()
    const written = await backup
    expect(existsSync(join(dir, 'documents', 'case-0.1.enc'))).toBe(false)
    const { vault: copy, chain } = await restoreBackup(written!.file, join(await tempDir(), 'r'), opts(vault))
    expect(chain.ok).toBe(true)
    expect(copy.problems).toEqual([])
    for (let i = 0; i < 5; i++) expect(await copy.load(`case-${i}`)).toEqual({ v: 1 })
    expect(copy.has('case-new')).toBe(false)
    await copy.lock()
    // The next backup continues the chain with what happened meanwhile.
    const next = await writeRollingBackup(vault, folder, 10, { now })
    expect(next?.kind).toBe('increment')
    const { vault: later } = await restoreBackup(next!.file, join(await tempDir(), 'r2'), opts(vault))
    expect(await later.load('case-new')).toEqual({ v: 2 })
    expect(await later.load('case-0')).toEqual({ v: 2 })
    await later.lock()
  })
})

describe('a crash during a backup leaves the previous chain usable', () => {
  it('a backup that fails part-way leaves no file; one killed part-way leaves only a temp file, tidied next time', async () => {
    const { vault, folder, roll } = await rollingSetup()
    await roll()
    await save(vault, 'case-2', { v: 2 })
    await roll()
    const before = await listRollingBackups(folder, vault.vaultId)
    await save(vault, 'case-3', { v: 3 })
    // The disk fails while the backup is being written (its temp file is open and being filled).
    const failing: VaultIo = {
      ...nodeIo,
      open: (async (...args: Parameters<VaultIo['open']>) => {
        const fh = await nodeIo.open(...args)
        if (!String(args[0]).startsWith(folder) || args[1] === 'r') return fh
        ;(fh as unknown as { write: () => Promise<unknown> }).write = async () => {
          throw Object.assign(new Error('I/O error'), { code: 'EIO' })
        }
        return fh
      }) as VaultIo['open'],
    }
    const err = await failure(writeRollingBackup(vault, folder, 10, { now, io: failing }))
    expect(err.code).toBe('write-failed')
    expect(readdirSync(folder).sort()).toEqual(before)
    // A process killed mid-backup leaves its temp file (nothing else: the backup is renamed into place last).
    const leftover = join(folder, `${before[1]}.tmp-0123456789ab`)
    writeFileSync(leftover, 'half a backup')
    const { vault: copy } = await restoreBackup(join(folder, before[1]), join(await tempDir(), 'r'), opts(vault))
    expect(await copy.load('case-2')).toEqual({ v: 2 })
    await copy.lock()
    // The next backup continues the chain and tidies the temp file away.
    const next = await writeRollingBackup(vault, folder, 10, { now })
    expect(next?.kind).toBe('increment')
    expect(existsSync(leftover)).toBe(false)
    const { vault: last } = await restoreBackup(next!.file, join(await tempDir(), 'r2'), opts(vault))
    expect(await last.load('case-3')).toEqual({ v: 3 })
    await last.lock()
  })
})
