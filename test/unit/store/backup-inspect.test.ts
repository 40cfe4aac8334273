/**
 * Finding 9 of issue 12: "`backup.inspect` reads up to 2 GiB". Inspecting a backup (whose vault, how old,
 * who can unlock it) now reads only the prefix, the table of contents and vault.json, with a cap, and
 * refuses in words a file cut short; there is no size ceiling (backups are streamed). Large files here are sparse: they take no
 * disk space, and a reader that read them whole would show in the byte count below.
 */
import { open, readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { createBackup, inspectBackup } from '../../../src/main/store/backup'
import { nodeIo, type VaultIo } from '../../../src/main/store/io'
import { newVault, now, tempDir } from './helpers'

const GiB = 1024 ** 3

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

/** Node's own file access, counting every byte read and refusing whole-file reads. */
function countingIo(): { io: VaultIo; bytesRead: () => number } {
  let total = 0
  const io: VaultIo = {
    ...nodeIo,
    readFile: (() => Promise.reject(new Error('inspection must not read a whole file'))) as VaultIo['readFile'],
    open: (async (...args: Parameters<VaultIo['open']>) => {
      const fh = await nodeIo.open(...args)
      const read = fh.read.bind(fh) as (...a: unknown[]) => Promise<{ bytesRead: number }>
      Object.assign(fh, {
        read: async (...a: unknown[]) => {
          const r = await read(...a)
          total += r.bytesRead
          return r
        },
      })
      return fh
    }) as VaultIo['open'],
  }
  return { io, bytesRead: () => total }
}

/** A real backup, re-laid so that its last file claims `extra` more bytes, then stretched sparsely to match. */
async function hugeBackup(extra: number): Promise<{ file: string; personId: string; vaultId: string }> {
  const { vault } = await newVault()
  await vault.commit({ action: 'save', summary: 'one' }, [{ docId: 'case-1', data: { notes: 'x' } }])
  const small = join(await tempDir(), 'small.elbackup')
  await createBackup(vault, small, { now })
  const bytes = await readFile(small)
  const manifestLength = bytes.readUInt32BE(8)
  const manifest = JSON.parse(bytes.subarray(12, 12 + manifestLength).toString('utf8')) as {
    files: { name: string; size: number }[]
  }
  const contents = bytes.subarray(12 + manifestLength, bytes.length - 64)
  manifest.files[manifest.files.length - 1].size += extra
  const json = Buffer.from(JSON.stringify(manifest), 'utf8')
  const prefix = Buffer.from(bytes.subarray(0, 12))
  prefix.writeUInt32BE(json.length, 8)
  const file = join(await tempDir(), 'huge.elbackup')
  await writeFile(file, Buffer.concat([prefix, json, contents]))
  await truncate(file, prefix.length + json.length + contents.length + extra + 64)
  return { file, personId: vault.person.personId, vaultId: vault.vaultId }
}

describe('inspecting a backup reads only what it shows', () => {
  it('answers for a 1.9 GiB backup having read a few kilobytes of it', async () => {
    const { file, personId, vaultId } = await hugeBackup(Math.floor(1.9 * GiB))
    const { io, bytesRead } = countingIo()
    const info = await inspectBackup(file, io)
    expect(info).toMatchObject({ vaultId, people: [{ personId }] })
    expect(info.bytes).toBeGreaterThan(1.9 * GiB)
    expect(bytesRead()).toBeLessThan(64 * 1024)
  })

  it('has no 2 GiB ceiling: a 3 GiB backup is inspected having read a few kilobytes of it (it is streamed)', async () => {
    const { file, vaultId } = await hugeBackup(3 * GiB)
    const { io, bytesRead } = countingIo()
    const info = await inspectBackup(file, io)
    expect(info).toMatchObject({ vaultId, increments: 0 })
    expect(info.bytes).toBeGreaterThan(3 * GiB)
    expect(bytesRead()).toBeLessThan(64 * 1024)
  })

  it('refuses a backup cut short, or whose table of contents claims more than the file holds', async () => {
    const { file } = await hugeBackup(GiB)
    await truncate(file, GiB) // cut off the end, as a copy that stopped part-way would be
    const cut = await failure(inspectBackup(file))
    expect(cut).toMatchObject({ code: 'backup-damaged' })
    expect(cut.message).toMatch(/cut short/)

    const tiny = join(await tempDir(), 'tiny.elbackup')
    const fh = await open(tiny, 'w')
    await fh.write(Buffer.from('ELBK\0\0\0\x01\xff\xff\xff\xff', 'latin1'))
    await fh.close()
    await truncate(tiny, 1000)
    expect(await failure(inspectBackup(tiny))).toMatchObject({ code: 'backup-damaged' })
  })
})
