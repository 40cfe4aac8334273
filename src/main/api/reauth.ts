/**
 * Sensitive changes ask again. Adding or removing a person, changing rolling backups, saving a backup,
 * every unencrypted export, a retention disposal, lengthening auto-lock and accepting an older copy of the
 * vault each need the signed-in person's passphrase to have been typed in the last five minutes — at
 * unlock, or through `vault.confirmPassphrase` when the screen is told `passphrase-needed`. A colleague who
 * sits down at an unlocked desk can read what is on screen, but cannot let themselves in, send the records
 * elsewhere or lengthen the time before the vault locks without knowing the passphrase.
 *
 * The window is measured on a monotonic clock (never the wall clock, which the person can change), kept
 * per session (a new unlock starts a new one), and opened only by the main process.
 */
import { performance } from 'node:perf_hooks'
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import { assertStillCurrent, requireSession, type Context, type Session } from './context'

/** Five minutes: long enough for one task (add a deputy, then set their role), short enough for a desk left unlocked. */
export const CONFIRM_WINDOW_MS = 5 * 60_000

const confirmedAt = new WeakMap<Session, number>()

const monotonicNow = (ctx: Context): number => (ctx.deps.monotonicNow ?? (() => performance.now()))()

/** The person has just typed their passphrase for this session (an unlock, a new vault, a confirmation). */
export function noteConfirmed(ctx: Context, session: Session): void {
  confirmedAt.set(session, monotonicNow(ctx))
}

/** Whether the passphrase was typed for this session in the last five minutes. */
export function recentlyConfirmed(ctx: Context, session: Session): boolean {
  const at = confirmedAt.get(session)
  if (at === undefined) return false
  const since = monotonicNow(ctx) - at
  return since >= 0 && since < CONFIRM_WINDOW_MS
}

/**
 * Refuses with `passphrase-needed` unless the passphrase was typed in the last five minutes. `what` says,
 * in the person's words, what is being asked for ("add a person"), so the dialog can say why it asks.
 */
export function requireRecentPassphrase(ctx: Context, session: Session, what: string): void {
  if (recentlyConfirmed(ctx, session)) return
  throw new AppError(
    'passphrase-needed',
    `To ${what}, enter your passphrase again. It is asked for changes like this at most once every 5 minutes, so that nobody else at this computer can make them.`,
  )
}

export const reauthHandlers = {
  'vault.confirmPassphrase': async (
    ctx: Context,
    input: ChannelInput<'vault.confirmPassphrase'>,
  ): Promise<ChannelOutput<'vault.confirmPassphrase'>> => {
    const session = requireSession(ctx)
    const ok = await session.vault.verifyPassphrase(session.vault.person.personId, input.passphrase)
    // The check derives a key (about a second); a lock meanwhile wins and opens nothing.
    assertStillCurrent(ctx, session)
    if (!ok)
      throw new AppError('wrong-passphrase', `That is not the passphrase of ${session.vault.person.name}, who is signed in. Nothing was changed.`, {
        field: 'passphrase',
      })
    noteConfirmed(ctx, session)
    return { confirmed: true, forSeconds: CONFIRM_WINDOW_MS / 1000 }
  },
}
