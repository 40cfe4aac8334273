/**
 * The people who can unlock a vault: invitations, names, passphrases and the recovery key. Each change is a
 * new signed header written with its audit event (VaultCore.replaceHeader); removing a person is a re-key
 * (rekey.ts).
 */
import { AppError } from '../../shared/errors'
import { randomHex } from './crypto'
import { vaultReadOnly } from './errors'
import { headerPeople, isLegacySlot, kdfParams, nextRevision, type InvitationSlot, type PersonKeySlot } from './header'
import { assertKdf } from './kdf'
import {
  makeInvitationSlot,
  makePersonSlot,
  makeRecoverySlot,
  newInvitationCode,
  newRecoveryCode,
  openLegacySlot,
  openPersonSlot,
  type PersonSlotKeys,
} from './slots'
import type { InvitationInfo, KdfParams, PersonSlot, RecoveryKeyInfo } from './types'
import type { VaultCore } from './vault-core'

const MAX_INVITATION_HOURS = 24 * 30

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})
export const whenText = (iso: string): string => london.format(new Date(iso)).replace(',', ' at')

export const randomId = (): string => randomHex(8)

const invitationInfo = (s: InvitationSlot): InvitationInfo => ({
  inviteId: s.inviteId,
  name: s.name,
  ...(s.role ? { role: s.role } : {}),
  createdAt: s.createdAt,
  expiresAt: s.expiresAt,
  createdByName: s.createdByName,
})

export function people(core: VaultCore): PersonSlot[] {
  core.assertUnlocked()
  return headerPeople(core.header)
}

function checkName(core: VaultCore, raw: unknown, who: 'your' | 'the person’s', except?: string): string {
  const trimmed = typeof raw === 'string' ? raw.trim() : ''
  if (trimmed.length === 0 || trimmed.length > 200)
    throw new AppError('invalid-name', `Enter ${who} name (up to 200 characters).`, { field: 'name' })
  const same = (s: { personId: string; name: string }) =>
    s.personId !== except && s.name.toLocaleLowerCase('en-GB') === trimmed.toLocaleLowerCase('en-GB')
  if (core.header.slots.some(same))
    throw new AppError('person-exists', `Someone called ${trimmed} can already unlock this vault.`, { field: 'name' })
  if (core.header.invitations.some(same))
    throw new AppError('person-exists', `${trimmed} has already been invited: cancel that invitation to make a new one.`, { field: 'name' })
  return trimmed
}

function ownSlot(core: VaultCore): PersonKeySlot {
  const slot = core.header.slots.find((s) => s.personId === core.person.personId)
  if (!slot) throw new AppError('person-not-found', 'You are no longer listed in this vault.')
  if (isLegacySlot(slot)) throw vaultReadOnly('your key slot has not been upgraded yet')
  return slot
}

function newPersonId(core: VaultCore): string {
  const taken = new Set([...core.header.slots, ...core.header.invitations].map((s) => s.personId))
  let id: string
  do id = randomId()
  while (taken.has(id))
  return id
}

export async function createInvitation(
  core: VaultCore,
  input: { name: string; role?: string; validForHours: number },
): Promise<{ invitation: InvitationInfo; code: string }> {
  core.assertUnlocked()
  const hours = input?.validForHours
  if (!Number.isSafeInteger(hours) || hours < 1 || hours > MAX_INVITATION_HOURS)
    throw new AppError('invalid-invitation', `An invitation lasts from 1 hour to ${MAX_INVITATION_HOURS / 24} days.`, { field: 'validForHours' })
  const role = typeof input.role === 'string' && input.role.trim() !== '' ? input.role.trim().slice(0, 120) : undefined
  return core.enqueue(async () => {
    core.assertUnlocked()
    const name = checkName(core, input.name, 'the person’s')
    const mine = ownSlot(core)
    const now = core.now()
    const invite = {
      inviteId: randomId(),
      personId: newPersonId(core),
      name,
      ...(role ? { role } : {}),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString(),
    }
    const code = newInvitationCode()
    const slot = await makeInvitationSlot(core.header, invite, code, kdfParams(mine.kdf), core.keyring.current.dataKey, core.person)
    core.assertUnlocked()
    await core.replaceHeader(nextRevision(core.header, { invitations: [...core.header.invitations, slot] }), {
      action: 'invitation-created',
      subject: invite.personId,
      summary: `${name} was invited to the vault, until ${whenText(invite.expiresAt)}`,
    })
    return { invitation: invitationInfo(slot), code }
  })
}

export async function cancelInvitation(core: VaultCore, inviteId: string): Promise<void> {
  core.assertUnlocked()
  return core.enqueue(async () => {
    core.assertUnlocked()
    const slot = core.header.invitations.find((i) => i.inviteId === inviteId)
    if (!slot) throw new AppError('invitation-not-found', 'That invitation is not pending: it was accepted or cancelled already.')
    await core.replaceHeader(nextRevision(core.header, { invitations: core.header.invitations.filter((i) => i !== slot) }), {
      action: 'invitation-cancelled',
      subject: slot.personId,
      summary: `The invitation for ${slot.name} was cancelled`,
    })
  })
}

export function invitations(core: VaultCore): InvitationInfo[] {
  core.assertUnlocked()
  return core.header.invitations.map(invitationInfo)
}

/**
 * The signed-in person changes their own name in the vault. The name is bound into their key slot, so the
 * slot is made again (same passphrase, same key pairs), which needs their passphrase. Audited; what was
 * signed before keeps the name it was signed with.
 */
export async function renameSelf(core: VaultCore, passphrase: string, name: string): Promise<PersonSlot> {
  core.assertUnlocked()
  return core.enqueue(async () => {
    core.assertUnlocked()
    const slot = ownSlot(core)
    const trimmed = checkName(core, name, 'your', slot.personId)
    if (trimmed === slot.name) return { ...core.person }
    const opened = await openOwn(core, slot, passphrase)
    if (!opened) throw wrongPassphraseFor('passphrase')
    const renamed: PersonSlot = { personId: slot.personId, name: trimmed }
    const { slot: replacement } = await makePersonSlot(core.header, renamed, passphrase, kdfParams(slot.kdf), core.keyring.current.dataKey, opened, slot.slotId)
    await core.replaceHeader(
      nextRevision(core.header, { slots: core.header.slots.map((s) => (s.personId === slot.personId ? replacement : s)) }),
      { action: 'person-renamed', subject: slot.personId, summary: `${slot.name} changed their name to ${trimmed}` },
      { person: renamed },
    )
    return { ...renamed }
  })
}

export async function changePassphrase(core: VaultCore, current: string, next: string, kdf?: KdfParams): Promise<void> {
  core.assertUnlocked()
  if (kdf) assertKdf(kdf)
  if (typeof next !== 'string' || next.length === 0)
    throw new AppError('invalid-passphrase', 'Enter a new passphrase.', { field: 'next' })
  return core.enqueue(async () => {
    core.assertUnlocked()
    const slot = ownSlot(core)
    const opened = await openOwn(core, slot, current)
    if (!opened) throw wrongPassphraseFor('current')
    const { slot: replacement } = await makePersonSlot(core.header, core.person, next, kdf ?? kdfParams(slot.kdf), core.keyring.current.dataKey, opened, slot.slotId)
    await core.replaceHeader(
      nextRevision(core.header, { slots: core.header.slots.map((s) => (s.personId === slot.personId ? replacement : s)) }),
      { action: 'passphrase-changed', subject: slot.personId, summary: `${slot.name} changed their passphrase` },
    )
  })
}

export async function createRecoveryKey(core: VaultCore): Promise<{ code: string; info: RecoveryKeyInfo }> {
  core.assertUnlocked()
  return core.enqueue(async () => {
    core.assertUnlocked()
    const mine = ownSlot(core)
    const code = newRecoveryCode()
    const replacing = core.header.recovery !== null
    const recovery = await makeRecoverySlot(core.header, code, kdfParams(mine.kdf), core.keyring.current.dataKey, core.person, core.now().toISOString())
    core.assertUnlocked()
    await core.replaceHeader(nextRevision(core.header, { recovery }), {
      action: replacing ? 'recovery-key-replaced' : 'recovery-key-created',
      summary: replacing ? `${core.person.name} made a new recovery key; the earlier one no longer opens the vault` : `${core.person.name} made the vault's recovery key`,
    })
    return { code, info: { createdAt: recovery.createdAt, createdByName: recovery.createdByName } }
  })
}

export function recoveryKey(core: VaultCore): RecoveryKeyInfo | null {
  core.assertUnlocked()
  const r = core.header.recovery
  return r ? { createdAt: r.createdAt, createdByName: r.createdByName } : null
}

/** The person's key pairs if `passphrase` opens their slot (and it is this vault's current key). */
async function openOwn(core: VaultCore, slot: PersonKeySlot, passphrase: string): Promise<PersonSlotKeys | null> {
  if (typeof passphrase !== 'string') return null
  const opened = await openPersonSlot(core.header, slot, passphrase)
  if (!opened) return null
  const same = !core.locked && opened.epochKey.equals(core.keyring.current.dataKey)
  opened.epochKey.fill(0)
  return same ? { box: opened.box, signing: opened.signing } : null
}

export async function verifyPassphrase(core: VaultCore, personId: string, passphrase: string): Promise<boolean> {
  core.assertUnlocked()
  const slot = core.header.slots.find((s) => s.personId === personId)
  if (!slot || typeof passphrase !== 'string') return false
  if (isLegacySlot(slot)) {
    const key = await openLegacySlot(core.vaultId, slot, passphrase)
    const same = key !== null && !core.locked && core.keyring.at(0)?.dataKey.equals(key) === true
    key?.fill(0)
    return same
  }
  const keys = await openOwn(core, slot, passphrase)
  if (keys) {
    keys.box.privateKey.fill(0)
    keys.signing.privateKey.fill(0)
  }
  return keys !== null
}

function wrongPassphraseFor(field: string): AppError {
  return new AppError('wrong-passphrase', 'That passphrase does not open this vault', { field })
}
