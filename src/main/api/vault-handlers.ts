import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { clearCopyOnLock } from './signoff-clipboard'
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput, Profile, Settings, SessionInfo } from '../../shared/ipc'
import { calibrateKdf, createVault, inspectVault, openVault, vaultReadOnly, type KdfParams, type Vault } from '../store'
import { stopKeyDerivations } from '../store/kdf'
import { assertNewPassphrase, passphraseStrength, passphraseUserInputs } from './passphrase'
import { CaseLog, defaultSettings } from '../caselog'
import { assertNoLockSince, assertStillCurrent, newSession, requireSession, type Context, type Session } from './context'
import { noteConfirmed, requireRecentPassphrase } from './reauth'
import { acceptRollback, applyHistory, checkHistory, heldMessage, historyOf, holdable, noteSeenPosition } from './seen-positions'
import { lastPersonOf, watchUnlock } from './unlock-memory'
import { auditEntryOf } from './audit-handlers'
import { stopTeam } from './team-sessions'

async function rememberVaultDir(ctx: Context, dir: string): Promise<void> {
  const file = ctx.deps.appStateFile
  if (!file) return
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, JSON.stringify({ lastVaultDir: dir }), 'utf8')
  } catch {
    // Remembering the folder is a convenience; failing to is not worth interrupting the user.
  }
}

export async function lastVaultDir(ctx: Context): Promise<string | null> {
  const file = ctx.deps.appStateFile
  if (!file) return null
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
    if (parsed && typeof parsed === 'object' && 'lastVaultDir' in parsed && typeof parsed.lastVaultDir === 'string')
      return parsed.lastVaultDir
  } catch {
    // Absent or unreadable: the first-run screen will ask.
  }
  return null
}

export async function kdfFor(ctx: Context): Promise<KdfParams> {
  return ctx.deps.kdf === 'calibrate' ? calibrateKdf(1000) : ctx.deps.kdf
}

export function sessionInfo(session: Session): SessionInfo {
  const { vault, settings } = session
  return {
    vaultDir: vault.dir,
    vaultId: vault.vaultId,
    person: vault.person,
    profile: settings.profiles[vault.person.personId] ?? null,
    autoLockMinutes: settings.autoLockMinutes,
    problems: session.caselog.problems(),
    readOnly: vault.readOnly === null ? null : vaultReadOnly(vault.readOnly, 'You can read and search it; saving and exporting are turned off.').message,
    history: historyOf(session),
  }
}

/**
 * Makes a just-opened vault the session (unlock, an accepted invitation, the recovery key). `prepare` runs
 * first with the case log (writing what the new session needs, such as a role); a lock that came since
 * `epoch`, or any failure, drops the key at once rather than leave an unlocked vault that no session holds.
 */
export async function openedSession(
  ctx: Context,
  epoch: number,
  vault: Vault,
  prepare?: (caselog: CaseLog) => Promise<void>,
): Promise<SessionInfo> {
  let session: Session
  try {
    // The case log commits only through `held`, which refuses while a rollback is held (seen-positions.ts).
    const held = holdable(vault)
    const caselog = await CaseLog.open(held)
    session = newSession(held, caselog)
    applyHistory(session, await checkHistory(ctx, vault))
    // An older copy held read-only takes nothing more until a person accepts it.
    if (prepare && heldMessage(session) === null) await prepare(caselog)
    // Locked while this was opening (the derivation had finished): the lock wins, the key goes now.
    assertNoLockSince(ctx, epoch)
  } catch (error) {
    // The vault opened but cannot be used (its index is damaged, or a lock came): drop the key now.
    await vault.lock()
    throw error
  }
  return startSession(ctx, session)
}

async function startSession(ctx: Context, session: Session): Promise<SessionInfo> {
  ctx.session = session
  // The passphrase was typed for this session just now: sensitive changes need not ask again for 5 minutes.
  noteConfirmed(ctx, session)
  await noteSeenPosition(ctx)
  const warmAfter = ctx.deps.warmSearchAfterUnlockMs
  if (warmAfter !== undefined) {
    const timer = setTimeout(() => {
      if (ctx.session === session && !session.vault.locked) session.search.warm()
    }, warmAfter)
    timer.unref?.()
  }
  ctx.autoLock.setMinutes(session.settings.autoLockMinutes)
  ctx.autoLock.touch()
  await rememberVaultDir(ctx, session.vault.dir)
  const onSession = ctx.deps.onSession
  if (onSession) {
    session.caselog.onSaved(() => {
      if (ctx.session === session) onSession('saved')
    })
    onSession('unlocked')
  }
  return sessionInfo(session)
}

export async function lockSession(ctx: Context, reason: 'idle' | 'suspend' | 'manual' | 'error'): Promise<void> {
  const session = ctx.session
  ctx.session = null
  ctx.autoLock.stop()
  if (!session) return
  stopTeam(session)
  session.search.dispose()
  session.caselog.dispose()
  ctx.emit({ type: 'locked', reason })
  ctx.deps.onSession?.('locked')
  if (!session.vault.locked) {
    try {
      await session.vault.lock()
    } catch {
      // The key is dropped even when the 'lock' audit event cannot be written (a removed folder).
    }
  }
}

/** The signed-in person's name and profile (name, role, agency, school or setting), for the passphrase rules. */
export function ownWords(ctx: Context): Array<Profile | string> {
  const session = ctx.session
  if (!session || session.vault.locked) return []
  const profile = session.settings.profiles[session.vault.person.personId]
  return [session.vault.person.name, ...(profile ? [profile] : [])]
}

/**
 * Lock always wins: called straight from the idle timer, the suspend hook and the lock button, never
 * queued behind other calls. Calls still waiting fail as locked (see the handler table), a key derivation
 * in progress fails as locked at once, a dialog's late answer is refused (`askWhileUnlocked`); the one
 * thing lock waits for is a commit already being written, inside the vault's own queue.
 */
export async function lockNow(ctx: Context, reason: 'idle' | 'suspend' | 'manual'): Promise<void> {
  ctx.lockEpoch++
  clearCopyOnLock(ctx)
  stopKeyDerivations()
  await lockSession(ctx, reason)
}

export const vaultHandlers = {
  'app.info': async (ctx: Context): Promise<ChannelOutput<'app.info'>> => ({
    version: ctx.deps.appVersion,
    defaultVaultDir: ctx.deps.defaultVaultDir,
    lastVaultDir: await lastVaultDir(ctx),
  }),

  'vault.inspect': async (ctx: Context, input: ChannelInput<'vault.inspect'>) => {
    // Invitations are listed while they are waiting by the app's clock.
    const found = await inspectVault(input.dir, undefined, ctx.now())
    const last = found.state === 'present' ? { lastPersonId: await lastPersonOf(ctx, found.vaultId) } : {}
    return { ...found, ...last, dir: input.dir } as ChannelOutput<'vault.inspect'>
  },

  'vault.chooseFolder': async (ctx: Context, input: ChannelInput<'vault.chooseFolder'>) => {
    if (!ctx.deps.chooseFolder) return { dir: null }
    return { dir: await ctx.deps.chooseFolder(input.purpose) }
  },

  // The meter is told what the screen knows (the profile being typed, the new person's name) and, when
  // signed in, the person's own profile, so it rates as the refusal below will.
  'vault.passphraseStrength': async (ctx: Context, input: ChannelInput<'vault.passphraseStrength'>) =>
    passphraseStrength(input.passphrase, passphraseUserInputs(...(input.userInputs ?? []), ...ownWords(ctx))),

  'vault.create': async (ctx: Context, input: ChannelInput<'vault.create'>) => {
    const epoch = ctx.lockEpoch
    const profile = input.profile
    await assertNewPassphrase(input.passphrase, input.passphraseConfirm, passphraseUserInputs(profile))
    const existing = await inspectVault(input.dir)
    if (existing.state !== 'absent')
      throw new AppError('vault-exists', 'That folder already holds a vault — unlock it, or choose an empty folder.', {
        field: 'dir',
      })
    if (ctx.session) await lockSession(ctx, 'manual')
    const vault = await createVault(input.dir, {
      personName: profile.name,
      passphrase: input.passphrase,
      kdf: await kdfFor(ctx),
      now: ctx.now,
    })
    let caselog: CaseLog
    try {
      caselog = await CaseLog.open(vault)
      // The role typed when the vault is made is the one the vault holds for its first person: it is what
      // their records are signed with, and only changes through the vault, not the profile.
      await caselog.saveSettings(
        { ...defaultSettings(), profiles: { [vault.person.personId]: profile }, people: { [vault.person.personId]: { role: profile.role } } },
        { action: 'settings', summary: 'Profile saved' },
      )
      if (ctx.lockEpoch !== epoch)
        throw new AppError('vault-locked', 'The new vault was made, but it locked before it opened — unlock it to carry on.')
    } catch (error) {
      // Never leave a vault unlocked that no session holds: its key would stay in memory.
      await vault.lock()
      throw error
    }
    return startSession(ctx, newSession(vault, caselog))
  },

  // Failed attempts are counted and the person remembered around the unlock itself (unlock-memory.ts).
  'vault.unlock': watchUnlock(async (ctx: Context, input: ChannelInput<'vault.unlock'>) => {
    const epoch = ctx.lockEpoch
    if (ctx.session) await lockSession(ctx, 'manual')
    const vault = await openVault(input.dir, {
      personId: input.personId,
      passphrase: input.passphrase,
      now: ctx.now,
      ...(ctx.deps.storeFaults ? { faults: ctx.deps.storeFaults } : {}),
    })
    return openedSession(ctx, epoch, vault)
  }),

  'vault.lock': async (ctx: Context) => {
    await lockNow(ctx, 'manual')
    return { locked: true as const }
  },

  'vault.session': async (ctx: Context) => (ctx.session && !ctx.session.vault.locked ? sessionInfo(ctx.session) : null),

  'vault.changePassphrase': async (ctx: Context, input: ChannelInput<'vault.changePassphrase'>) => {
    const session = requireSession(ctx)
    await assertNewPassphrase(input.next, input.nextConfirm, passphraseUserInputs(...ownWords(ctx)))
    // The strength check waits on a worker; a lock in the meantime wins and nothing is changed.
    assertStillCurrent(ctx, session)
    await session.vault.changePassphrase(input.current, input.next, await kdfFor(ctx))
    return { changed: true as const }
  },

  // ---- issue 12: keeping an older copy that unlock found rolled back ----
  'vault.acceptRollback': async (ctx: Context) => {
    const session = requireSession(ctx)
    if (heldMessage(session) === null) return sessionInfo(session)
    requireRecentPassphrase(ctx, session, 'keep this older copy of the vault')
    await acceptRollback(ctx, session)
    return sessionInfo(session)
  },

  'session.activity': async (ctx: Context) => {
    requireSession(ctx)
    return { lockInSeconds: ctx.autoLock.secondsLeft() }
  },

  'settings.get': async (ctx: Context) => requireSession(ctx).settings,

  'settings.update': async (ctx: Context, input: ChannelInput<'settings.update'>) => {
    const session = requireSession(ctx)
    if (input.autoLockMinutes !== undefined && input.autoLockMinutes > session.settings.autoLockMinutes)
      requireRecentPassphrase(ctx, session, 'let the vault stay unlocked for longer')
    const next: Settings = {
      ...session.settings,
      ...(input.autoLockMinutes !== undefined ? { autoLockMinutes: input.autoLockMinutes } : {}),
      ...(input.retentionYears !== undefined ? { retentionYears: input.retentionYears } : {}),
      ...(input.reminders !== undefined ? { reminders: input.reminders } : {}),
      ...(input.profile
        ? { profiles: { ...session.settings.profiles, [session.vault.person.personId]: input.profile } }
        : {}),
    }
    const changed = [
      input.autoLockMinutes !== undefined ? `auto-lock after ${input.autoLockMinutes} minutes` : null,
      input.retentionYears !== undefined ? `review closed records ${input.retentionYears} years after the youngest child's birth` : null,
      input.profile ? 'profile' : null,
      input.reminders !== undefined ? `desktop reminders ${input.reminders ? 'on' : 'off'}` : null,
    ].filter(Boolean)
    await session.caselog.saveSettings(next, { action: 'settings', summary: `Settings changed: ${changed.join(', ') || 'none'}` })
    ctx.autoLock.setMinutes(next.autoLockMinutes)
    return next
  },

  // people.* (invitations, roles, removal): ./people.ts; the recovery key: ./recovery-key.ts.

  'audit.list': async (ctx: Context, input: ChannelInput<'audit.list'>) => {
    const { vault } = requireSession(ctx)
    const events = await vault.readAudit({ limit: input.limit, ...(input.beforeSeq ? { beforeSeq: input.beforeSeq } : {}) })
    return events.map(auditEntryOf)
  },

  'audit.verify': async (ctx: Context) => requireSession(ctx).vault.verifyAuditChain(),
}
