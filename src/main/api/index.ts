/**
 * The handler table: `createApi(deps)` → `{ handlers: { channel: (input) => Promise<Result> } }`.
 * Every input is parsed with the shared zod schema before any domain code sees it; every failure comes
 * back as a typed error object, never a thrown exception and never a partial change. The Electron shell
 * registers these with ipcMain.handle; the e2e harness binds the very same table to a browser page.
 */
import { z } from 'zod'
import { AppError, type AppErrorShape, type Result } from '../../shared/errors'
import { contract, type Channel, type ChannelOutput, type ChannelParsed } from '../../shared/ipc'
import { summariseIssues } from '../../shared/zod-issues'
import { AutoLock } from './autolock'
import { lockedMeanwhile, type ApiDeps, type Context } from './context'
import { lockNow, vaultHandlers } from './vault-handlers'
import { peopleHandlers } from './people'
import { recoveryKeyHandlers } from './recovery-key'
import { caseHandlers } from './case-handlers'
import { exportHandlers } from './export-handlers'
import { signoffHandlers } from './signoff'
import { teamHandlers, teamService } from './team'
import { clearCopyOnLock } from './signoff-clipboard'
import { afterCall, backupHandlers } from './backup-handlers'
import { stopKeyDerivations } from '../store/kdf'
import { reauthHandlers } from './reauth'
import { noteSeenPosition } from './seen-positions'
import { reminderSnapshot, type ReminderSnapshot } from './reminders'
import { auditHandlers } from './audit-handlers'
import { heavyWork } from '../heap'

export type { ApiDeps } from './context'

type Implementation<C extends Channel> = (ctx: Context, input: ChannelParsed<C>) => Promise<ChannelOutput<C>>
type Implementations = { [C in Channel]: Implementation<C> }

export type Handlers = { [C in Channel]: (input: unknown) => Promise<Result<ChannelOutput<C>>> }

export interface Api {
  handlers: Handlers
  /** Lock now (system suspend, window closed); also what the idle timer calls. */
  lock(reason: 'idle' | 'suspend' | 'manual'): Promise<void>
  /** What the desktop reminders need now, from memory; null while locked (src/main/api/reminders.ts). */
  reminders(): ReminderSnapshot | null
  dispose(): Promise<void>
}

const IDLE_BACKUP_MS = 20_000

/**
 * Calls that run outside the one-at-a-time queue: a backup to a chosen file keeps its save dialog open for as
 * long as the person leaves it, then copies the whole vault. It reads a consistent snapshot (generation files
 * never change; the journal up to a recorded position), so saves go on meanwhile; only its audit commit is
 * queued (ctx.inQueue).
 */
const OUTSIDE_QUEUE: ReadonlySet<Channel> = new Set<Channel>(['backup.create'])
/**
 * Calls that build whole documents or read the whole vault: run with the heap's heavy-work setting (heap.ts),
 * as the index build and the quarterly figures' first build do.
 */
const HEAVY: ReadonlySet<Channel> = new Set<Channel>([
  'backup.create',
  'backup.restore',
  'exports.document',
  'exports.trends',
  'exports.quarterlyReturn',
  'print.dispute',
  'signoff.exportRecord',
  'signoff.exportStage',
  'team.join',
  'vault.recover',
])
const STARTS_SESSION: ReadonlySet<Channel> = new Set<Channel>(['vault.create', 'vault.unlock', 'vault.acceptInvitation', 'vault.recover'])

/** Channels that make sense with no unlocked vault; calling them must not count as activity. */
const NO_SESSION: ReadonlySet<Channel> = new Set<Channel>([
  'app.info',
  'vault.inspect',
  'vault.chooseFolder',
  'vault.passphraseStrength',
  'vault.create',
  'vault.unlock',
  'vault.acceptInvitation',
  'vault.recover',
  'vault.lock',
  'vault.session',
  'policies.builtIn',
  'backup.chooseFile',
  'backup.inspect',
  'backup.restore',
  'signoff.verify',
])

/**
 * Calls that read nothing of a case and change nothing: if one was still waiting when the vault locked it
 * is answered as usual. Every other waiting call fails with "the vault is locked".
 */
const HARMLESS_AFTER_LOCK: ReadonlySet<Channel> = new Set<Channel>([
  'app.info',
  'vault.inspect',
  'vault.session',
  'vault.passphraseStrength',
  'policies.builtIn',
])

const implementations: Implementations = {
  ...vaultHandlers,
  ...reauthHandlers,
  ...peopleHandlers,
  ...recoveryKeyHandlers,
  ...caseHandlers,
  ...exportHandlers,
  ...backupHandlers,
  ...signoffHandlers,
  ...teamHandlers,
  ...auditHandlers,
}

/** Asked by a screen on its own, over and over (the re-encryption count): not a sign that anyone is there. */
const NOT_ACTIVITY: ReadonlySet<Channel> = new Set<Channel>(['vault.reencryption'])

/** A channel's input that does not match its schema, in the shared plain-English wording (shared/zod-issues.ts). */
export function zodToAppError(error: z.ZodError, input?: unknown): AppError {
  const { details, message, field } = summariseIssues(error, input)
  return new AppError('invalid-input', message, { ...(field !== undefined ? { field } : {}), details })
}

function toErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toJSON()
  if (error instanceof z.ZodError) return zodToAppError(error).toJSON()
  // Never echo an unknown error's message: it may carry case content or paths.
  return { code: 'internal', message: 'Something went wrong and nothing was changed. Try again; if it keeps happening, lock and unlock the vault.' }
}

export function createApi(deps: ApiDeps): Api {
  const emit = deps.emit ?? (() => undefined)
  // One call at a time: a save never interleaves with another save. Locking is not queued (see lockNow).
  let queue: Promise<unknown> = Promise.resolve()
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task)
    queue = result.catch(() => undefined)
    return result
  }

  const ctx: Context = {
    deps,
    now: deps.now ?? (() => new Date()),
    session: null,
    emit,
    autoLock: undefined as unknown as AutoLock,
    lockEpoch: 0,
    inQueue: enqueue,
  }
  const onIdle = (): void => {
    void lockNow(ctx, 'idle')
  }
  ctx.autoLock = deps.autoLockFactory ? deps.autoLockFactory(onIdle, 10) : new AutoLock(onIdle, 10)
  ctx.autoLock.onWarning((lockInSeconds) => emit({ type: 'lock-warning', lockInSeconds }))


  // Rolling backups in the app: once no call has come for a while, outside the one-at-a-time queue.
  let backupTimer: ReturnType<typeof setTimeout> | null = null
  let backupChannel: Channel | null = null
  let backgroundBackup: Promise<void> | null = null
  const scheduleBackup = (name: Channel): void => {
    if (backupChannel !== 'vault.unlock' && backupChannel !== 'vault.create') backupChannel = name
    if (backupTimer) clearTimeout(backupTimer)
    backupTimer = setTimeout(() => {
      backupTimer = null
      const channel = backupChannel
      backupChannel = null
      // Outside the queue: a backup reads a snapshot, so saves go on meanwhile. One at a time; a trigger
      // that comes while one runs is caught up by the next (afterCall compares audit positions).
      if (channel && !backgroundBackup)
        backgroundBackup = afterCall(ctx, channel).finally(() => {
          backgroundBackup = null
        })
    }, deps.idleBackupMs ?? IDLE_BACKUP_MS)
    backupTimer.unref?.()
  }

  // Calls running outside the queue, so that dispose waits for them too.
  const outside = new Set<Promise<unknown>>()
  const handlers = {} as Record<Channel, (input: unknown) => Promise<Result<unknown>>>
  for (const name of Object.keys(contract) as Channel[]) {
    const schema = contract[name].input
    const implementation = implementations[name] as Implementation<Channel>
    const queued = !OUTSIDE_QUEUE.has(name)
    handlers[name] = (raw: unknown) => {
      const epoch = ctx.lockEpoch
      const run = async (): Promise<Result<unknown>> => {
        if (ctx.lockEpoch !== epoch && !HARMLESS_AFTER_LOCK.has(name))
          return { ok: false, error: lockedMeanwhile().toJSON() }
        try {
          const parsed = schema.safeParse(raw === undefined ? {} : raw)
          if (!parsed.success) return { ok: false, error: zodToAppError(parsed.error, raw === undefined ? {} : raw).toJSON() }
          if (!NO_SESSION.has(name) && !NOT_ACTIVITY.has(name) && ctx.session) ctx.autoLock.touch()
          const call = () => implementation(ctx, parsed.data as ChannelParsed<Channel>)
          const value = await (HEAVY.has(name) ? heavyWork(call) : call())
          // A team vault syncs while unlocked, from the unlock on; starting it never delays the answer.
          if (STARTS_SESSION.has(name) && ctx.session) void teamService(ctx).catch(() => undefined)
          // Rollback detection: this computer's record of the vault; never throws. Written one call at a time.
          await (queued ? noteSeenPosition(ctx) : enqueue(() => noteSeenPosition(ctx)))
          if (deps.rollingBackups === 'idle') scheduleBackup(name)
          else await afterCall(ctx, name) // rolling backups; never throws
          return { ok: true, value }
        } catch (error) {
          return { ok: false, error: toErrorShape(error) }
        }
      }
      // The lock button must not wait behind an open dialog either.
      if (name === 'vault.lock') return run()
      if (queued) return enqueue(run)
      const running = run()
      outside.add(running)
      void running.finally(() => outside.delete(running))
      return running
    }
  }

  return {
    handlers: handlers as unknown as Handlers,
    lock: (reason) => lockNow(ctx, reason),
    reminders: () => reminderSnapshot(ctx),
    dispose: async () => {
      ctx.autoLock.stop()
      if (backupTimer) clearTimeout(backupTimer)
      // Lock first, as lockNow does (without telling a window that is going away), then let whatever was
      // running finish — it now fails fast — so the caller may remove the folder.
      ctx.lockEpoch++
      stopKeyDerivations()
      clearCopyOnLock(ctx)
      const session = ctx.session
      ctx.session = null
      if (session && !session.vault.locked) await session.vault.lock().catch(() => undefined)
      await queue
      await Promise.all([...outside])
      await backgroundBackup
    },
  }
}
