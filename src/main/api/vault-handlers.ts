import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput, Profile, Settings, SessionInfo } from '../../shared/ipc'
import { calibrateKdf, createVault, inspectVault, openVault, vaultReadOnly, type KdfParams } from '../store'
import { stopKeyDerivations } from '../store/kdf'
import { assertNewPassphrase, passphraseStrength, passphraseUserInputs } from './passphrase'
import { CaseLog, defaultSettings } from '../caselog'
import { assertNoLockSince, assertStillCurrent, newSession, requireSession, type Context, type Session } from './context'
import { lastPersonOf, watchUnlock } from './unlock-memory'

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

async function kdfFor(ctx: Context): Promise<KdfParams> {
  return ctx.deps.kdf === 'calibrate' ? calibrateKdf(1000) : ctx.deps.kdf
}

function sessionInfo(session: Session): SessionInfo {
  const { vault, settings } = session
  return {
    vaultDir: vault.dir,
    vaultId: vault.vaultId,
    person: vault.person,
    profile: settings.profiles[vault.person.personId] ?? null,
    autoLockMinutes: settings.autoLockMinutes,
    problems: session.caselog.problems(),
    readOnly: vault.readOnly === null ? null : vaultReadOnly(vault.readOnly, 'You can read and search it; saving and exporting are turned off.').message,
  }
}

async function startSession(ctx: Context, session: Session): Promise<SessionInfo> {
  ctx.session = session
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
  return sessionInfo(session)
}

export async function lockSession(ctx: Context, reason: 'idle' | 'suspend' | 'manual' | 'error'): Promise<void> {
  const session = ctx.session
  ctx.session = null
  ctx.autoLock.stop()
  if (!session) return
  session.search.dispose()
  session.caselog.dispose()
  ctx.emit({ type: 'locked', reason })
  if (!session.vault.locked) {
    try {
      await session.vault.lock()
    } catch {
      // The key is dropped even when the 'lock' audit event cannot be written (a removed folder).
    }
  }
}

/** The signed-in person's name and profile (name, role, agency, school or setting), for the passphrase rules. */
function ownWords(ctx: Context): Array<Profile | string> {
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
    const found = await inspectVault(input.dir)
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
    let caselog: CaseLog
    try {
      caselog = await CaseLog.open(vault)
      // Locked while this was opening (the derivation had finished): the lock wins, the key goes now.
      assertNoLockSince(ctx, epoch)
    } catch (error) {
      // The vault opened but cannot be used (its index is damaged, or a lock came): drop the key now.
      await vault.lock()
      throw error
    }
    return startSession(ctx, newSession(vault, caselog))
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

  'session.activity': async (ctx: Context) => {
    requireSession(ctx)
    return { lockInSeconds: ctx.autoLock.secondsLeft() }
  },

  'settings.get': async (ctx: Context) => requireSession(ctx).settings,

  'settings.update': async (ctx: Context, input: ChannelInput<'settings.update'>) => {
    const session = requireSession(ctx)
    const next: Settings = {
      ...session.settings,
      ...(input.autoLockMinutes !== undefined ? { autoLockMinutes: input.autoLockMinutes } : {}),
      ...(input.retentionYears !== undefined ? { retentionYears: input.retentionYears } : {}),
      ...(input.profile
        ? { profiles: { ...session.settings.profiles, [session.vault.person.personId]: input.profile } }
        : {}),
    }
    const changed = [
      input.autoLockMinutes !== undefined ? `auto-lock after ${input.autoLockMinutes} minutes` : null,
      input.retentionYears !== undefined ? `review closed records ${input.retentionYears} years after the youngest child's birth` : null,
      input.profile ? 'profile' : null,
    ].filter(Boolean)
    await session.caselog.saveSettings(next, { action: 'settings', summary: `Settings changed: ${changed.join(', ') || 'none'}` })
    ctx.autoLock.setMinutes(next.autoLockMinutes)
    return next
  },

  'people.list': async (ctx: Context) => requireSession(ctx).vault.people(),

  'people.add': async (ctx: Context, input: ChannelInput<'people.add'>) => {
    const session = requireSession(ctx)
    // A colleague usually shares the agency and school, so the signed-in person's profile counts too.
    await assertNewPassphrase(input.passphrase, input.passphraseConfirm, passphraseUserInputs(input.name, ...ownWords(ctx)))
    assertStillCurrent(ctx, session)
    const person = await session.vault.addPerson(input.name, input.passphrase, await kdfFor(ctx))
    if (input.role) {
      // The role is held beside the key slot (the header's format is unchanged): a second, audited write.
      const people = { ...session.settings.people, [person.personId]: { role: input.role } }
      await session.caselog.saveSettings(
        { ...session.settings, people },
        { action: 'person-role', subject: person.personId, summary: `${person.name}’s role in the vault: ${input.role}` },
      )
    }
    return person
  },

  'people.setRole': async (ctx: Context, input: ChannelInput<'people.setRole'>) => {
    const session = requireSession(ctx)
    const person = session.vault.people().find((p) => p.personId === input.personId)
    if (!person) throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
    const { [person.personId]: _previous, ...others } = session.settings.people
    const people = input.role ? { ...others, [person.personId]: { role: input.role } } : others
    return session.caselog.saveSettings(
      { ...session.settings, people },
      { action: 'person-role', subject: person.personId, summary: input.role ? `${person.name}’s role in the vault: ${input.role}` : `${person.name} has no role held in the vault` },
    )
  },

  'people.renameSelf': async (ctx: Context, input: ChannelInput<'people.renameSelf'>) => {
    const session = requireSession(ctx)
    // The vault writes the audit event ("… changed their name to …"); records signed before keep their names.
    return session.vault.renameSelf(input.passphrase, input.name)
  },

  'people.remove': async (ctx: Context, input: ChannelInput<'people.remove'>) => {
    const { vault } = requireSession(ctx)
    if (input.personId === vault.person.personId)
      throw new AppError('person-self', 'You cannot remove yourself while signed in — ask another person to do it.')
    await vault.removePerson(input.personId)
    return { removed: true as const }
  },

  'audit.list': async (ctx: Context, input: ChannelInput<'audit.list'>) => {
    const { vault } = requireSession(ctx)
    const events = await vault.readAudit({ limit: input.limit, ...(input.beforeSeq ? { beforeSeq: input.beforeSeq } : {}) })
    return events.map((e) => ({
      seq: e.seq,
      at: e.at,
      personName: e.personName,
      action: e.action,
      ...(e.subject !== undefined ? { subject: e.subject } : {}),
      summary: e.summary,
    }))
  },

  'audit.verify': async (ctx: Context) => requireSession(ctx).vault.verifyAuditChain(),
}
