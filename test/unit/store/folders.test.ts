/**
 * Issue 12, finding 9 (the store's parts): "the rolling-backup folder may be inside the vault" and "a new
 * folder's parent is not fsynced". A file fsynced inside a folder whose own name never reached the disk is
 * lost with that folder in a power cut, so every folder the store makes (the vault folder, documents/,
 * set-aside/, a backup folder, a restore target) is synced into its parent. A backup inside the vault folder
 * would be lost with the vault it is meant to replace, so one there is refused.
 */
import { mkdir, readdir, symlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { createVault, nodeIo, type VaultIo } from '../../../src/main/store'
import { assertBackupFolderOutsideVault, createBackup, defaultBackupFolder, restoreBackup, writeRollingBackup } from '../../../src/main/store/backup'
import { openTestApi } from '../api/helpers'
import { filesUnder, kdf, newVault, now, PASS, tempDir } from './helpers'

/** The real file system, noting each folder created and each folder fsynced, in order. */
function recordingIo(log: string[]): VaultIo {
  return {
    ...nodeIo,
    mkdir: (async (p: string, o?: object) => {
      const r = await nodeIo.mkdir(p, o as never)
      log.push(`mkdir ${p}`)
      return r
    }) as VaultIo['mkdir'],
    open: (async (path: Parameters<VaultIo['open']>[0], flags?: string | number, mode?: number) => {
      const fh = await nodeIo.open(path, flags, mode)
      if (flags !== 'r') return fh
      const sync = fh.sync.bind(fh)
      return Object.assign(fh, {
        sync: async () => {
          await sync()
          log.push(`fsync ${String(path)}`)
        },
      })
    }) as VaultIo['open'],
  }
}

/** Each folder made is followed, later in the log, by an fsync of its parent. */
function expectEachNewFolderSyncedIntoItsParent(log: string[], folders: string[]): void {
  for (const f of folders) {
    const made = log.indexOf(`mkdir ${f}`)
    expect(made, `${f} was made`).toBeGreaterThanOrEqual(0)
    expect(log.indexOf(`fsync ${dirname(f)}`, made), `the parent of ${f} was synced after it was made`).toBeGreaterThan(made)
  }
}

const refusal = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

describe('new folders are synced into their parent', () => {
  it('creating a vault in folders that do not exist yet', async () => {
    const log: string[] = []
    const root = await tempDir()
    const dir = join(root, 'a', 'b', 'vault')
    const v = await createVault(dir, { personName: 'Alex Morgan', passphrase: PASS, kdf, now, io: recordingIo(log) })
    expectEachNewFolderSyncedIntoItsParent(log, [join(root, 'a'), join(root, 'a', 'b'), dir, join(dir, 'documents')])
    await v.lock()
  })

  it('a backup into a new folder, a rolling backup into a new folder, and a restore into a new folder', async () => {
    const log: string[] = []
    const io = recordingIo(log)
    const { vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    const root = await tempDir()
    const file = join(root, 'backups', 'by hand', 'b.elbackup')
    await createBackup(vault, file, { now, io })
    const rolling = join(root, 'rolling')
    await writeRollingBackup(vault, rolling, 3, { now, io })
    const target = join(root, 'restored', 'vault')
    const restored = await restoreBackup(file, target, { personId: vault.person.personId, passphrase: PASS, now, io })
    await restored.vault.lock()
    expectEachNewFolderSyncedIntoItsParent(log, [
      join(root, 'backups'),
      join(root, 'backups', 'by hand'),
      rolling,
      join(root, 'restored'),
      target,
      join(target, 'documents'),
    ])
    await vault.lock()
  })
})

describe('a backup inside the vault folder is refused', () => {
  it('the vault folder itself, a folder inside it, or one reached through a symbolic link', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    const link = join(await tempDir(), 'looks-elsewhere')
    await symlink(dir, link)
    const before = await filesUnder(dir)
    for (const folder of [dir, join(dir, 'backups'), join(dir, 'documents'), join(link, 'backups'), `${dir}/./x/..`]) {
      const err = await refusal(writeRollingBackup(vault, folder, 3, { now }))
      expect(err.code, folder).toBe('backup-folder-inside-vault')
      expect(err.field).toBe('folder')
      expect(err.message).toBe(
        'Choose a folder outside the vault folder for backups: a backup kept inside the vault folder would be lost with it.',
      )
      await expect(assertBackupFolderOutsideVault(dir, folder)).rejects.toMatchObject({ code: 'backup-folder-inside-vault' })
    }
    const byHand = await refusal(createBackup(vault, join(dir, 'b.elbackup'), { now }))
    expect(byHand.code).toBe('backup-folder-inside-vault')
    expect(byHand.field).toBe('file')
    expect(await filesUnder(dir)).toEqual(before) // nothing was written into the vault folder
    await vault.lock()
  })

  it('a folder beside the vault whose name starts the same is fine (the default is one)', async () => {
    const { dir, vault } = await newVault()
    await assertBackupFolderOutsideVault(dir, defaultBackupFolder(dir))
    await mkdir(`${dir}2`)
    const written = await writeRollingBackup(vault, `${dir}2`, 3, { now })
    expect(await readdir(`${dir}2`)).toEqual([written!.file.slice(`${dir}2/`.length)])
    await vault.lock()
  })

  it('through the handler table, choosing a rolling-backup folder inside the vault puts no backup there and says why', async () => {
    const t = await openTestApi()
    try {
      const folder = join(t.vaultDir, 'backups')
      const r = await (t.api.handlers['backup.settings'] as (i: unknown) => Promise<{ ok: boolean; value?: { lastError: string | null }; error?: { code: string } }>)({ folder })
      // Refused when chosen: the setting is not saved.
      expect(r.ok).toBe(false)
      expect(r.error!.code).toBe('backup-folder-inside-vault')
      expect((await t.call('backup.getSettings', {})).folder ?? null).not.toBe(folder)
      expect(await readdir(t.vaultDir)).not.toContain('backups')
    } finally {
      await t.cleanup()
    }
  })
})
