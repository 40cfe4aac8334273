/**
 * Who is in a team vault (docs/team-vault.md, "Membership"): the rules of the signed member list, pure.
 *
 * A list is numbered 1, 2, 3 …; each names the hash of the one before (`prev`, computed by the caller over the
 * sealed file) and the key epoch the team writes under from then on. Only an owner issues a list, so a member
 * or a viewer can remove no one, an owner least of all; a list always keeps at least one owner. A removed
 * person's devices keep, in `removed`, the last of their segments the removal lets stand (`removedAfter`), so
 * every device refuses what they write afterwards; anyone removed moves the team to a new epoch. An invited
 * person is `pending` until their device's signed statement of whose it is (`JoinStatement`) arrives: the
 * invitation pre-authorises exactly one device and one join key, so joining needs no second step by the owner.
 */
import { z } from 'zod'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const DeviceId = z.string().regex(/^[0-9a-f]{32}$/)
const PersonId = z.string().min(1).max(64)
const Name = z.string().min(1).max(200)

export const TEAM_ROLES = ['owner', 'member', 'viewer'] as const
export const TeamRole = z.enum(TEAM_ROLES)
export type TeamRole = z.infer<typeof TeamRole>

export const TeamMember = z.strictObject({
  personId: PersonId,
  name: Name,
  role: TeamRole,
  signingKey: Hex64,
  boxKey: Hex64,
  devices: z.array(DeviceId).min(1).max(8),
})
export type TeamMember = z.infer<typeof TeamMember>

export const PendingMember = z.strictObject({
  inviteId: z.string().regex(/^[0-9a-f]{16}$/),
  name: Name,
  role: TeamRole,
  /** The one device the invitation lets join, and the public half of the key only the code's holder can use. */
  deviceId: DeviceId,
  joinKey: Hex64,
  expiresAt: z.string().datetime(),
})
export type PendingMember = z.infer<typeof PendingMember>

export const RemovedMember = z.strictObject({
  personId: PersonId,
  name: Name,
  signingKey: Hex64,
  devices: z.array(z.strictObject({ deviceId: DeviceId, removedAfter: z.number().int().min(0) })).max(8),
})
export type RemovedMember = z.infer<typeof RemovedMember>

export const MemberList = z.strictObject({
  teamId: z.string().regex(/^[0-9a-f]{32}$/),
  number: z.number().int().min(1),
  prev: Hex64,
  epoch: z.number().int().min(1),
  issuedBy: PersonId,
  issuedAt: z.string().datetime(),
  members: z.array(TeamMember).min(1).max(64),
  pending: z.array(PendingMember).max(16),
  removed: z.array(RemovedMember).max(256),
  /** For a list that begins an epoch: that epoch's key sealed to each member's box key (personId → hex). */
  epochKeys: z.record(PersonId, z.string().regex(/^[0-9a-f]+$/)),
})
export type MemberList = z.infer<typeof MemberList>

/** What a joining device states, signed with the invitation's join key: whose it is and their keys. */
export const JoinStatement = z.strictObject({
  inviteId: z.string().regex(/^[0-9a-f]{16}$/),
  personId: PersonId,
  name: Name,
  signingKey: Hex64,
  boxKey: Hex64,
  at: z.string().datetime(),
})
export type JoinStatement = z.infer<typeof JoinStatement>

export const ZERO_HASH = '0'.repeat(64)

/** A rule broken, in words a DSL can act on. */
export class MembershipRefused extends Error {}

const isOwner = (list: MemberList, personId: string): boolean =>
  list.members.some((m) => m.personId === personId && m.role === 'owner')

/**
 * Why `next` may not follow `prev` (null when it may): issued by an owner of `prev`, numbered one on, naming
 * `prevHash`, the same team, every removal kept, at least one owner left, a new epoch exactly when someone
 * leaves, and its keys sealed to everyone who stays.
 */
export function whyNotNext(prev: MemberList, prevHash: string, next: MemberList, joined: MemberList = prev): string | null {
  if (next.teamId !== prev.teamId) return 'it belongs to another team'
  if (next.number !== prev.number + 1 || next.prev !== prevHash)
    return `it does not follow on from member list ${prev.number}`
  // `joined`: `prev` with the people whose join statements stand folded in — an owner invited may issue a list
  // as soon as they have joined; a list that leaves out someone who joined just as it was made (their invitation
  // withdrawn) drops no member of `prev`.
  if (!isOwner(joined, next.issuedBy)) return 'it was not issued by an owner of the team'
  if (!next.members.some((m) => m.role === 'owner')) return 'it leaves the team without an owner'
  const stays = new Set(next.members.map((m) => m.personId))
  const removedIds = new Set(next.removed.map((r) => r.personId))
  if (prev.removed.some((r) => !removedIds.has(r.personId) || stays.has(r.personId)))
    return 'it takes back a removal'
  const leaving = prev.members.filter((m) => !stays.has(m.personId))
  if (leaving.some((m) => !removedIds.has(m.personId)))
    return 'it drops a member without recording the removal'
  const epochStep = next.epoch - prev.epoch
  if (epochStep !== 0 && epochStep !== 1) return 'its key epoch does not follow on'
  if (leaving.length > 0 && epochStep !== 1) return 'it removes someone without moving the team to a new key'
  if (epochStep === 1 && next.members.some((m) => !next.epochKeys[m.personId]))
    return 'it does not give the new key to everyone who stays'
  return null
}

/** Why `list` cannot begin a team (null when it can): list 1, epoch 1, issued by its only member, an owner. */
export function whyNotFirst(list: MemberList): string | null {
  if (list.number !== 1 || list.prev !== ZERO_HASH || list.epoch !== 1)
    return 'it is not the first list of a team'
  if (list.members.length !== 1 || !isOwner(list, list.issuedBy))
    return 'it was not made by the owner who set the team up'
  return null
}

/** The next list's fields carried over from `list`, issued by `by` at `at` (still to be changed and sealed). */
function carried(list: MemberList, prevHash: string, by: string, at: string): MemberList {
  if (!isOwner(list, by))
    throw new MembershipRefused('Only an owner of the team vault can invite, remove or re-key.')
  return {
    ...list,
    number: list.number + 1,
    prev: prevHash,
    issuedBy: by,
    issuedAt: at,
    epochKeys: {},
    pending: list.pending.filter((p) => p.expiresAt > at),
  }
}

export function withInvitation(
  list: MemberList,
  prevHash: string,
  by: string,
  at: string,
  pending: PendingMember,
): MemberList {
  const next = carried(list, prevHash, by, at)
  if (next.members.length + next.pending.length >= 64)
    throw new MembershipRefused('A team vault holds at most 64 people.')
  return { ...next, pending: [...next.pending, pending] }
}

/**
 * The list without the invitation `inviteId`, which can then no longer be used (its join statement, if one is
 * written afterwards or was not yet seen, no longer stands). The key epoch is unchanged: an invitation not used
 * gave no one anything.
 */
export function withWithdrawal(list: MemberList, prevHash: string, by: string, at: string, inviteId: string): MemberList {
  const next = carried(list, prevHash, by, at)
  if (!next.pending.some((p) => p.inviteId === inviteId))
    throw new MembershipRefused('That invitation is not waiting to be used: it has been used, has run out or was withdrawn already.')
  return { ...next, pending: next.pending.filter((p) => p.inviteId !== inviteId) }
}

/**
 * The list without `personId`: `lastMerged` gives, per device of theirs, the last segment the owner had merged
 * (what the removal lets stand). Moves the team to epoch + 1; the caller seals the new key to everyone who stays.
 * Every invitation not yet used is withdrawn: its file holds only the keys up to this removal, so whoever used
 * it afterwards could read nothing written under the new key (the owner is told, and invites them again).
 */
export function withRemoval(
  list: MemberList,
  prevHash: string,
  by: string,
  at: string,
  personId: string,
  lastMerged: (deviceId: string) => number,
): MemberList {
  const next = carried(list, prevHash, by, at)
  const who = list.members.find((m) => m.personId === personId)
  if (!who) throw new MembershipRefused('That person is not a member of the team vault.')
  const members = next.members.filter((m) => m.personId !== personId)
  if (!members.some((m) => m.role === 'owner'))
    throw new MembershipRefused(
      `${who.name} is the team vault's only owner: make someone else an owner before removing them.`,
    )
  const removed: RemovedMember = {
    personId,
    name: who.name,
    signingKey: who.signingKey,
    devices: who.devices.map((deviceId) => ({ deviceId, removedAfter: lastMerged(deviceId) })),
  }
  return { ...next, members, pending: [], removed: [...next.removed, removed], epoch: list.epoch + 1 }
}

/** The list with the joined person folded in from pending (an owner's next list records what every device inferred). */
export function withJoined(
  list: MemberList,
  joined: { pending: PendingMember; statement: JoinStatement }[],
): MemberList {
  const done = new Set(joined.map((j) => j.pending.inviteId))
  const members = [
    ...list.members,
    ...joined.map(({ pending, statement }) => ({
      personId: statement.personId,
      name: statement.name,
      role: pending.role,
      signingKey: statement.signingKey,
      boxKey: statement.boxKey,
      devices: [pending.deviceId],
    })),
  ]
  return { ...list, members, pending: list.pending.filter((p) => !done.has(p.inviteId)) }
}

/** Why a join statement cannot stand for `pending` (null when it can): it came in time and names a new person. */
export function whyNotJoined(list: MemberList, pending: PendingMember, s: JoinStatement): string | null {
  if (s.inviteId !== pending.inviteId) return 'it answers another invitation'
  if (s.at > pending.expiresAt) return 'it came after the invitation expired'
  if (
    list.members.some((m) => m.personId === s.personId) ||
    list.removed.some((r) => r.personId === s.personId)
  )
    return 'it names someone already in or removed from the team'
  return null
}

export interface DirectoryEntryData {
  personId: string
  name: string
  role: TeamRole | 'removed'
  signingKey: string
  removedAfter?: number
}

/** Whose each device is, from the verified list and the join statements that stand. */
export function directoryEntries(
  list: MemberList,
  joined: { pending: PendingMember; statement: JoinStatement }[],
): Map<string, DirectoryEntryData> {
  const map = new Map<string, DirectoryEntryData>()
  for (const m of withJoined(list, joined).members)
    for (const d of m.devices)
      map.set(d, { personId: m.personId, name: m.name, role: m.role, signingKey: m.signingKey })
  for (const r of list.removed)
    for (const d of r.devices)
      map.set(d.deviceId, {
        personId: r.personId,
        name: r.name,
        role: 'removed',
        signingKey: r.signingKey,
        removedAfter: d.removedAfter,
      })
  return map
}
