/**
 * What every handler gets: the dependencies the shell (or the e2e harness, or a test) supplies, and the
 * current session (the unlocked vault, or none). Only Electron's own pieces — dialogs, the window — are
 * injected; everything else is the real thing in every setting.
 */
import { AppError } from '../../shared/errors'
import type { AppEvent } from '../../shared/channels'
import type { FaultHooks, KdfParams, Vault, VaultIo } from '../store'
import type { AutoLock } from './autolock'
import type { Settings } from '../../shared/ipc'
import type { CaseLog } from '../caselog'
import { SearchService } from './search-service'

export interface ApiDeps {
  appVersion: string
  /** Where a new vault goes unless the user chooses otherwise (Electron: under userData). */
  defaultVaultDir: string
  /** A small plain file remembering the last vault folder (never case content). */
  appStateFile?: string
  /** Key-derivation cost for new key slots: calibrated to ~1 s in the app, the floor in tests. */
  kdf: KdfParams | 'calibrate'
  now?: () => Date
  /** 'team': the team vault's shared folder (src/main/api/team.ts). */
  chooseFolder?: (purpose: 'create' | 'open' | 'team') => Promise<string | null>
  /** Ask which file to open (Electron: the open dialog); null if the person cancelled. */
  chooseOpenFile?: (filters?: { name: string; extensions: string[] }[]) => Promise<string | null>
  /** Ask where to save a file (Electron: the save dialog); null if the person cancelled. */
  chooseSaveFile?: (suggestedName: string, filters?: { name: string; extensions: string[] }[]) => Promise<string | null>
  emit?: (event: AppEvent) => void
  /** Open the system print dialog for the window (src/main/print.ts); true if the person printed. */
  print?: () => Promise<boolean>
  /**
   * When rolling backups are written: 'idle' (the app) waits until no call has come for a while, so an
   * unlock or a save never waits for a copy of the whole vault; 'inline' (the default, for tests) writes
   * them before the triggering call answers.
   */
  rollingBackups?: 'inline' | 'idle'
  /** Test seam: how long calls must be quiet before an idle rolling backup starts (default 20 s). */
  idleBackupMs?: number
  /** Test seam: the file access of backups (a test holds a copy part-way to show that saves go on meanwhile). */
  backupIo?: VaultIo
  /** Build the search index in the background a moment after unlock (the app), rather than on first search. */
  warmSearchAfterUnlockMs?: number
  /** Test seam: replace the auto-lock timers. */
  autoLockFactory?: (onIdle: () => void, minutes: number) => AutoLock
  /**
   * This computer's own folder for the app (Electron: userData), where the last audit entry seen of each
   * vault is kept for rollback detection (src/main/api/seen-positions.ts). Without it nothing is kept.
   */
  machineStateDir?: string
  /** Test seam: the monotonic clock (milliseconds) that times the 5-minute passphrase window (reauth.ts). */
  monotonicNow?: () => number
  /** The system clipboard (Electron's, through src/main/clipboard.ts): for a record copied for the child's file. */
  clipboard?: ClipboardAccess
  /** Test seam: hooks at the phases of every commit (the crash test stops a process at a chosen phase). */
  storeFaults?: FaultHooks
  /** How often the team vault syncs while unlocked (src/main/api/team.ts): a minute unless said; 0 for only on demand. */
  teamSyncMs?: number
  /** Told when a session starts, when it saves and when it ends: the desktop reminders (src/main/reminders.ts). */
  onSession?: (change: 'unlocked' | 'saved' | 'locked') => void
}

/** What the shell gives for the system clipboard (src/main/clipboard.ts; a stand-in in tests). */
export interface ClipboardAccess {
  writeText(text: string): void
  readText(): string | Promise<string>
  clear(): void
}

export interface Session {
  vault: Vault
  caselog: CaseLog
  search: SearchService
  /** The case log's settings, as of its last save: change them with `caselog.saveSettings`. */
  readonly settings: Settings
}

export function newSession(vault: Vault, caselog: CaseLog): Session {
  return {
    vault,
    caselog,
    search: new SearchService(caselog),
    get settings() {
      return caselog.settings()
    },
  }
}

export interface Context {
  deps: ApiDeps
  now: () => Date
  session: Session | null
  autoLock: AutoLock
  emit: (event: AppEvent) => void
  /**
   * Counts locks. A call notes it when it starts; if it has moved on when an answer comes back (a dialog,
   * an unlock), the vault locked meanwhile and the answer must change nothing.
   */
  lockEpoch: number
  /**
   * Runs `task` in the one-call-at-a-time queue. For the parts of a call that runs outside it
   * (`backup.create`: its dialog and its copy) that must not interleave with a save, such as its audit commit.
   */
  inQueue: <T>(task: () => Promise<T>) => Promise<T>
}

export function requireSession(ctx: Context): Session {
  if (!ctx.session || ctx.session.vault.locked)
    throw new AppError('vault-locked', 'The vault is locked — unlock it to carry on.')
  return ctx.session
}

export const lockedMeanwhile = (): AppError =>
  new AppError('vault-locked', 'The vault was locked before this could be done, so nothing was changed — unlock it and try again.')

/** Throws "the vault is locked" if a lock has come since `epoch` was read from `ctx.lockEpoch`. */
export function assertNoLockSince(ctx: Context, epoch: number): void {
  if (ctx.lockEpoch !== epoch) throw lockedMeanwhile()
}

/** Throws "the vault is locked" unless `session` is still the current, unlocked session. */
export function assertStillCurrent(ctx: Context, session: Session): void {
  if (ctx.session !== session || session.vault.locked) throw lockedMeanwhile()
}

/**
 * Asks the person something (a save or open dialog) for `session`. A dialog can stay open for as long as
 * the person leaves it; the vault may lock meanwhile (idle, suspend), and may even have been unlocked
 * again by then. An answer that comes back to a session that is no longer current is refused, so a
 * dialog answered after a lock writes nothing.
 */
export async function askWhileUnlocked<T>(ctx: Context, session: Session, ask: () => Promise<T>): Promise<T> {
  assertStillCurrent(ctx, session)
  const answer = await ask()
  assertStillCurrent(ctx, session)
  return answer
}
