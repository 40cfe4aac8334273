/**
 * Backups through the handler table: a backup to a file the person chooses, restore into a new folder
 * (the audit chain verified before it is reported restored), the rolling-backup settings, and the rolling
 * backups themselves — written after each unlock and after every `everyEvents` audit events, keeping the
 * last `keep`. The byte layout is in docs/vault-format.md ("Backups").
 *
 * A rolling backup that fails never fails the call that triggered it: the save itself has succeeded. The
 * failure is kept (lastError) for the settings screen and tried again at the next trigger.
 */
import { unlink } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { AppError } from '../../shared/errors'
import type { BackupSettings, Channel, ChannelInput, ChannelOutput, Settings } from '../../shared/ipc'
import {
  BACKUP_EXTENSION,
  assertBackupFolderOutsideVault,
  createBackup,
  DEFAULT_KEEP,
  defaultBackupFolder,
  inspectBackup,
  listRollingBackups,
  restoreBackup,
  rollingSeqOf,
  writeRollingBackup,
} from '../store/backup'
import { vaultReadOnly } from '../store'
import { askWhileUnlocked, assertStillCurrent, requireSession, type Context, type Session } from './context'
import { requireRecentPassphrase } from './reauth'
import { assertNotHeld, heldMessage, recordSeenPosition } from './seen-positions'

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { keep: DEFAULT_KEEP, folder: null, everyEvents: 50 }

const BACKUP_FILTER = [{ name: 'Escalation Log backup', extensions: [BACKUP_EXTENSION] }]

/** Per unlocked session: the seq of the last rolling backup, and why the last attempt failed. */
interface RollingState {
  lastSeq: number | null
  lastError: string | null
}
const rolling = new WeakMap<Session, RollingState>()

const stateOf = (session: Session): RollingState => {
  let s = rolling.get(session)
  if (!s) rolling.set(session, (s = { lastSeq: null, lastError: null }))
  return s
}

export const backupSettingsOf = (settings: Settings): BackupSettings => ({
  ...DEFAULT_BACKUP_SETTINGS,
  ...(settings.backups ?? {}),
})

const folderOf = (session: Session): string =>
  backupSettingsOf(session.settings).folder ?? defaultBackupFolder(session.vault.dir)

async function status(ctx: Context, session: Session): Promise<ChannelOutput<'backup.settings'>> {
  const settings = backupSettingsOf(session.settings)
  const recent = await listRollingBackups(folderOf(session), session.vault.vaultId).catch(() => [])
  return {
    ...settings,
    defaultFolder: defaultBackupFolder(session.vault.dir),
    recent: recent.reverse(),
    lastError: stateOf(session).lastError,
  }
}

/** The audit seq of this vault's newest rolling backup in its folder (-1 if none). */
async function newestRollingSeq(session: Session): Promise<number> {
  const names = await listRollingBackups(folderOf(session), session.vault.vaultId).catch(() => [] as string[])
  const newest = names.at(-1)
  return newest ? (rollingSeqOf(newest) ?? -1) : -1
}

async function rollNow(ctx: Context, session: Session, seq: number): Promise<void> {
  const state = stateOf(session)
  const { keep } = backupSettingsOf(session.settings)
  state.lastSeq = seq // a failure is tried again at the next trigger, not at every call
  try {
    await writeRollingBackup(session.vault, folderOf(session), keep, { now: ctx.now, ...(ctx.deps.backupIo ? { io: ctx.deps.backupIo } : {}) })
    state.lastError = null
  } catch (e) {
    state.lastError =
      e instanceof AppError
        ? e.message
        : 'The automatic backup could not be written. It will be tried again after the next change.'
  }
}

/**
 * Called by the handler table after a call: inline (tests) before the call answers; in the app, once calls
 * have been idle a moment, outside the one-at-a-time queue — a backup copies a consistent snapshot while
 * saves carry on (src/main/store/backup/make.ts), so a save never waits for it. Writes a rolling backup
 * (an increment of the newest chain, or a full copy when one is due) after an unlock or a vault's creation,
 * and whenever `everyEvents` audit events have been added since the last one.
 */
export async function afterCall(ctx: Context, channel: Channel): Promise<void> {
  const session = ctx.session
  // Nothing changes in a read-only vault, so there is nothing new to copy.
  if (!session || session.vault.locked || session.vault.readOnly !== null || heldMessage(session) !== null || channel.startsWith('backup.')) return
  try {
    const seq = (await session.vault.readAudit({ limit: 1 }))[0]?.seq ?? 0
    const state = stateOf(session)
    const fresh = channel === 'vault.unlock' || channel === 'vault.create'
    const due =
      state.lastSeq === null ||
      (fresh ? state.lastSeq !== seq : seq - state.lastSeq >= backupSettingsOf(session.settings).everyEvents)
    if (!due) return
    if (fresh && (await newestRollingSeq(session)) >= seq - 2) {
      // Nothing but a lock and this unlock since the newest backup: copying the vault again adds nothing.
      state.lastSeq = seq
      return
    }
    await rollNow(ctx, session, seq)
  } catch {
    // Reading the newest audit event failed (the vault locked meanwhile): the next call tries again.
  }
}

/** A relative path would be resolved against wherever the app happened to start: refuse it. */
function assertAbsolute(path: string, field: 'file' | 'dir' | 'folder'): void {
  if (!isAbsolute(path))
    throw new AppError(
      'path-not-absolute',
      'Choose the location with the file or folder picker (a full path is needed).',
      { field },
    )
}

export const backupHandlers = {
  'backup.chooseFile': async (ctx: Context) => ({
    file: ctx.deps.chooseOpenFile ? await ctx.deps.chooseOpenFile(BACKUP_FILTER) : null,
  }),

  'backup.create': async (ctx: Context) => {
    const session = requireSession(ctx)
    // A backup is an export of the whole vault, and is audited like one: refused where nothing can be recorded.
    if (session.vault.readOnly !== null)
      throw vaultReadOnly(session.vault.readOnly, 'Backups are refused too, because every backup must be recorded in the audit trail, which cannot be written.')
    assertNotHeld(session, 'Backups are')
    requireRecentPassphrase(ctx, session, 'save a backup of the whole vault')
    const choose = ctx.deps.chooseSaveFile
    if (!choose) throw new AppError('backup-unavailable', 'Saving a backup is not available here.')
    const day = ctx.now().toISOString().slice(0, 10)
    // The dialog may stay open while the vault locks: an answer that comes after the lock writes nothing.
    const file = await askWhileUnlocked(ctx, session, () =>
      choose(`Escalation Log backup ${day}.${BACKUP_EXTENSION}`, BACKUP_FILTER),
    )
    if (!file) return { file: null }
    // Outside the call queue (src/main/api/index.ts): the copy is of a snapshot, so saves go on meanwhile.
    const written = await createBackup(session.vault, file, { now: ctx.now, ...(ctx.deps.backupIo ? { io: ctx.deps.backupIo } : {}) })
    try {
      await ctx.inQueue(async () => {
        assertStillCurrent(ctx, session)
        await session.vault.commit(
          { action: 'backup-created', summary: `Backup saved (up to audit entry ${written.seq})` },
          [],
        )
      })
    } catch (error) {
      // Locked while the backup was being written: a backup the audit trail does not mention is removed.
      await unlink(written.file).catch(() => undefined)
      throw error
    }
    return { file: written.file, seq: written.seq, bytes: written.bytes }
  },

  'backup.inspect': async (ctx: Context, input: ChannelInput<'backup.inspect'>) => {
    assertAbsolute(input.file, 'file')
    const info = await inspectBackup(input.file)
    const open = ctx.session && !ctx.session.vault.locked ? ctx.session.vault : null
    return { ...info, sameVault: open ? open.vaultId === info.vaultId : null }
  },

  /**
   * Restores into a new, empty folder. With a vault unlocked, only a backup of that same vault is accepted
   * (a copy of it, from before something went wrong); with none unlocked, any backup the person can open
   * (their laptop was lost and this is what they have). The restored vault is left locked.
   */
  'backup.restore': async (ctx: Context, input: ChannelInput<'backup.restore'>) => {
    assertAbsolute(input.file, 'file')
    assertAbsolute(input.dir, 'dir')
    const open = ctx.session && !ctx.session.vault.locked ? ctx.session.vault : null
    if (open && input.dir === open.dir)
      throw new AppError(
        'folder-not-empty',
        'Restore into a new, empty folder: that one holds the vault that is open.',
        { field: 'dir' },
      )
    const restored = await restoreBackup(input.file, input.dir, {
      personId: input.personId,
      passphrase: input.passphrase,
      now: ctx.now,
      ...(open ? { expectVaultId: open.vaultId } : {}),
    })
    const problems = [...restored.vault.problems]
    // Restoring is an explicit rollback: this computer now remembers the restored copy, so opening it is
    // not reported as rolled back (and the newer folder, if it is still there, is newer than the record).
    await recordSeenPosition(ctx, restored.vault).catch(() => undefined)
    await restored.vault.lock()
    return {
      dir: input.dir,
      vaultId: restored.info.vaultId,
      events: restored.chain.events,
      createdAt: restored.info.createdAt,
      problems,
    }
  },

  'backup.getSettings': async (ctx: Context) => status(ctx, requireSession(ctx)),

  'backup.settings': async (ctx: Context, input: ChannelInput<'backup.settings'>) => {
    const session = requireSession(ctx)
    // A key given as undefined changes nothing (and must not blank the setting it names); the schema
    // refuses a call that changes nothing at all.
    input = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as typeof input
    requireRecentPassphrase(ctx, session, 'change where or how often the vault is backed up')
    if (typeof input.folder === 'string') {
      assertAbsolute(input.folder, 'folder')
      // Refused when chosen, not only when the next backup is written.
      await assertBackupFolderOutsideVault(session.vault.dir, input.folder)
    }
    const backups: BackupSettings = { ...backupSettingsOf(session.settings), ...input }
    const next: Settings = { ...session.settings, backups }
    const summary = [
      input.keep !== undefined ? `keep the last ${backups.keep}` : null,
      input.folder !== undefined ? (backups.folder ? 'folder chosen' : 'default folder') : null,
      input.everyEvents !== undefined ? `every ${backups.everyEvents} changes` : null,
    ].filter(Boolean)
    await session.caselog.saveSettings(next, { action: 'settings', summary: `Backup settings changed: ${summary.join(', ')}` })
    // A new folder gets a backup at once, so it never sits empty until the next trigger.
    if (input.folder !== undefined) {
      const seq = (await session.vault.readAudit({ limit: 1 }))[0]?.seq ?? 0
      await rollNow(ctx, session, seq)
    }
    return status(ctx, session)
  },
}
