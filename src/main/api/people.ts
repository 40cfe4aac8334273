/**
 * The people who can open a vault, through the handler table. Nobody types another person's passphrase: the
 * DSL invites a person (`people.invite`), which gives a short one-time code, shown once, that the DSL hands
 * over in person; the person then sets their own passphrase with it on the unlock screen
 * (`vault.acceptInvitation`). The code expires, and the invitation can be cancelled until it is used.
 *
 * Removing a person starts a new key epoch in the store: everything written from then on is under a key
 * their old slot cannot open, and live documents are re-encrypted in the background (`vault.reencryption`
 * says how many are left). What they already copied stays readable to them — the screen says so.
 *
 * Issue 12, "Sensitive changes ask again": "adding or removing a person … ask for the current person's
 * passphrase" — `requireRecentPassphrase` (./reauth.ts) comes first in `people.invite` and `people.remove`.
 */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput, InvitationInfo } from '../../shared/ipc'
import { acceptInvitation, inspectVault } from '../store'
import { assertNewPassphrase, passphraseUserInputs } from './passphrase'
import { assertNoLockSince, requireSession, type Context } from './context'
import { requireRecentPassphrase } from './reauth'
import { kdfFor, lockSession, openedSession } from './vault-handlers'

/** The store's invitation, as the contract gives it (the optional role left out when there is none). */
const invitationView = (i: InvitationInfo): InvitationInfo => ({
  inviteId: i.inviteId,
  name: i.name,
  ...(i.role ? { role: i.role } : {}),
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  createdByName: i.createdByName,
})

export const peopleHandlers = {
  'people.list': async (ctx: Context) => requireSession(ctx).vault.people(),

  'people.invitations': async (ctx: Context) => requireSession(ctx).vault.invitations().map(invitationView),

  'people.invite': async (ctx: Context, input: ChannelInput<'people.invite'>): Promise<ChannelOutput<'people.invite'>> => {
    const session = requireSession(ctx)
    requireRecentPassphrase(ctx, session, 'invite a person to the vault')
    const wanted = input.name.toLocaleLowerCase('en-GB')
    const person = session.vault.people().find((p) => p.name.toLocaleLowerCase('en-GB') === wanted)
    if (person) throw new AppError('person-exists', `${person.name} can already unlock this vault.`, { field: 'name' })
    const waiting = session.vault.invitations().find((i) => i.name.toLocaleLowerCase('en-GB') === wanted)
    if (waiting)
      throw new AppError(
        'person-exists',
        Date.parse(waiting.expiresAt) <= ctx.now().getTime()
          ? `${waiting.name}’s invitation has expired — cancel it, then make a new one.`
          : `${waiting.name} already has an invitation waiting — cancel it first to make a new one.`,
        { field: 'name' },
      )
    // The store audits the invitation (who, for whom, until when); the code is in this answer only.
    const { invitation, code } = await session.vault.createInvitation({
      name: input.name,
      ...(input.role ? { role: input.role } : {}),
      validForHours: input.validForHours,
    })
    return { invitation: invitationView(invitation), code }
  },

  'people.cancelInvitation': async (ctx: Context, input: ChannelInput<'people.cancelInvitation'>) => {
    const { vault } = requireSession(ctx)
    if (!vault.invitations().some((i) => i.inviteId === input.inviteId))
      throw new AppError('invitation-not-found', 'That invitation is no longer waiting: it was used, cancelled or has expired.', { field: 'inviteId' })
    await vault.cancelInvitation(input.inviteId)
    return { cancelled: true as const }
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
    const session = requireSession(ctx)
    const { vault } = session
    requireRecentPassphrase(ctx, session, 'remove a person from the vault')
    if (input.personId === vault.person.personId)
      throw new AppError('person-self', 'You cannot remove yourself while signed in — ask another person to do it.')
    if (!vault.people().some((p) => p.personId === input.personId))
      throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
    // A new key epoch: the store re-encrypts live documents in the background (vault.reencryption).
    await vault.removePerson(input.personId)
    return { removed: true as const }
  },

  'vault.reencryption': async (ctx: Context) => requireSession(ctx).vault.reencryption(),

  /**
   * The invited person, on the unlock screen: the code the DSL gave them and their own passphrase, typed
   * twice and held to the same rules as creating a vault. They are then signed in as themselves, and the
   * role the DSL gave in the invitation is held for them (audited) as adding a person used to do.
   */
  'vault.acceptInvitation': async (ctx: Context, input: ChannelInput<'vault.acceptInvitation'>) => {
    const epoch = ctx.lockEpoch
    const found = await inspectVault(input.dir, undefined, ctx.now())
    if (found.state !== 'present')
      throw new AppError('vault-not-found', 'There is no vault in that folder — choose the folder the invitation is for.', { field: 'dir' })
    // Listed only while it is waiting; the store decides expiry on its own clock either way.
    const invitation = found.invitations.find((i) => i.inviteId === input.inviteId)
    // What can be known before the vault is open: their own name and the names of the people already in it
    // (the agency and school are inside the vault, so they cannot be counted here).
    await assertNewPassphrase(input.passphrase, input.passphraseConfirm, passphraseUserInputs(invitation?.name, ...found.people.map((p) => p.name)))
    // The strength check waits on a worker: a lock meanwhile wins, and nothing is accepted.
    assertNoLockSince(ctx, epoch)
    // As the header lists it before accepting (once accepted, the invitation leaves the header). The
    // session below opens only if the header's MAC holds, so a role edited into the file is refused with it.
    const role = invitation?.role
    if (ctx.session) await lockSession(ctx, 'manual')
    const vault = await acceptInvitation(input.dir, {
      inviteId: input.inviteId,
      code: input.code,
      passphrase: input.passphrase,
      kdf: await kdfFor(ctx),
      now: ctx.now,
      // The crash test stops these commits at chosen phases, as it does unlock's.
      ...(ctx.deps.storeFaults ? { faults: ctx.deps.storeFaults } : {}),
    })
    return openedSession(ctx, epoch, vault, async (caselog) => {
      if (!role) return
      const settings = caselog.settings()
      await caselog.saveSettings(
        { ...settings, people: { ...settings.people, [vault.person.personId]: { role } } },
        { action: 'person-role', subject: vault.person.personId, summary: `${vault.person.name}’s role in the vault: ${role}` },
      )
    })
  },
}
