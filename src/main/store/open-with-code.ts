/**
 * Opening a vault with something other than one's own passphrase: an invitation's one-time code (a new
 * person sets their own passphrase) or the recovery key (a person already in the vault sets a new one).
 * Both then sign the person in, as open.ts does.
 */
import { AppError } from '../../shared/errors'
import { nextRevision, type RecoverySlot } from './header'
import { assertKdf } from './kdf'
import { oneAtATime, takeOver } from './registry'
import { makePersonSlot, openInvitationSlot, openRecoverySlot } from './slots'
import type { KdfParams, Vault } from './types'
import { whenText } from './vault'
import { checkedKeyring, options, readHeaderFile, session, type VaultAdvancedOptions } from './open'

export interface AcceptInvitationOptions extends VaultAdvancedOptions {
  inviteId: string
  code: string
  passphrase: string
  kdf: KdfParams
  now: () => Date
}

export interface RecoverOptions extends VaultAdvancedOptions {
  code: string
  personId: string
  passphrase: string
  kdf: KdfParams
  now: () => Date
}

/** Opens with an invitation's code and makes the invited person's own slot with their passphrase. */
export function acceptInvitation(dir: string, opts: AcceptInvitationOptions): Promise<Vault> {
  return oneAtATime(dir, async () => {
    const o = options(opts)
    assertKdf(opts.kdf)
    if (typeof opts.passphrase !== 'string' || opts.passphrase.length === 0)
      throw new AppError('invalid-passphrase', 'Enter a passphrase.', { field: 'passphrase' })
    await takeOver(dir)
    const { parsed } = await readHeaderFile(o.io, dir)
    const invite = parsed.version === 2 ? parsed.header.invitations.find((i) => i.inviteId === opts.inviteId) : undefined
    if (parsed.version !== 2 || !invite)
      throw new AppError('invitation-not-found', 'That invitation is not pending: it was accepted or cancelled, or the vault has changed. Ask for a new one.', { field: 'inviteId' })
    const header = parsed.header
    if (o.now().getTime() >= Date.parse(invite.expiresAt))
      throw new AppError('invitation-expired', `That invitation expired on ${whenText(invite.expiresAt)}. Ask ${invite.createdByName} for a new one.`, { field: 'code' })
    const key = await openInvitationSlot(header, invite, typeof opts.code === 'string' ? opts.code : '')
    if (!key) throw new AppError('wrong-code', 'That code does not match the invitation. Check it with the person who gave it to you.', { field: 'code' })
    const keyring = checkedKeyring(header, key)
    const person = { personId: invite.personId, name: invite.name }
    return session(dir, o, opts, header, keyring, person, null, async (vault) => {
      const { slot, keys } = await makePersonSlot(header, person, opts.passphrase, opts.kdf, keyring.current.dataKey)
      const now = vault.currentHeader
      await vault.changeHeaderAtOpen(
        nextRevision(now, { slots: [...now.slots, slot], invitations: now.invitations.filter((i) => i.inviteId !== invite.inviteId) }),
        { action: 'person-added', subject: person.personId, summary: `${person.name} accepted the invitation from ${invite.createdByName} and can now unlock the vault` },
        { ownKeys: keys },
      )
    }, { mustWrite: 'The invitation cannot be accepted' })
  })
}

/** Opens with the recovery key and sets a new passphase (and new keys) for a person already in the vault. */
export function recoverWithKey(dir: string, opts: RecoverOptions): Promise<Vault> {
  return oneAtATime(dir, async () => {
    const o = options(opts)
    assertKdf(opts.kdf)
    if (typeof opts.passphrase !== 'string' || opts.passphrase.length === 0)
      throw new AppError('invalid-passphrase', 'Enter a passphrase.', { field: 'passphrase' })
    await takeOver(dir)
    const { parsed } = await readHeaderFile(o.io, dir)
    if (parsed.version !== 2 || parsed.header.recovery === null)
      throw new AppError('no-recovery-key', 'This vault has no recovery key, so it can only be opened with a passphrase.')
    const header = parsed.header
    const slot = header.slots.find((s) => s.personId === opts.personId)
    if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
    const key = await openRecoverySlot(header, header.recovery as RecoverySlot, typeof opts.code === 'string' ? opts.code : '')
    if (!key) throw new AppError('wrong-recovery-key', 'That is not this vault’s recovery key. Check each group of characters.', { field: 'code' })
    const keyring = checkedKeyring(header, key)
    const person = { personId: slot.personId, name: slot.name }
    return session(dir, o, opts, header, keyring, person, null, async (vault) => {
      const { slot: fresh, keys } = await makePersonSlot(header, person, opts.passphrase, opts.kdf, keyring.current.dataKey, undefined, slot.slotId)
      const now = vault.currentHeader
      await vault.changeHeaderAtOpen(
        nextRevision(now, { slots: now.slots.map((s) => (s.personId === person.personId ? fresh : s)) }),
        { action: 'recovery-key-used', subject: person.personId, summary: `The recovery key was used to set a new passphrase for ${person.name}` },
        { ownKeys: keys },
      )
    }, { mustWrite: 'The recovery key cannot be used' })
  })
}

