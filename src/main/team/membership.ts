/**
 * Setting a team up, inviting, joining and removing, as the files each writes (docs/team-vault.md,
 * "Membership"). No network here: each step returns the files for the caller to send, and the keys and the
 * list to keep; the service (service.ts) keeps them in the local vault.
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import { sha256Hex } from '../store/crypto'
import { newSigningKeyPair, Signer } from '../store/keys'
import type { KdfParams } from '../store/types'
import {
  MembershipRefused,
  ZERO_HASH,
  whyNotFirst,
  withInvitation,
  withJoined,
  withRemoval,
  withWithdrawal,
  type MemberList,
  type PendingMember,
  type TeamRole,
} from '../domain/team/members'
import { makeInvitationFile, type OpenedInvitation, type TransportSettings } from './invitation'
import {
  MEMBERS_FOLDER,
  MemberChain,
  openEpochKey,
  openMemberList,
  sealEpochKey,
  sealJoinStatement,
  sealMemberList,
  type TrustedList,
} from './members'
import { filesKey, parseFileName, type TeamKey } from './sealed'
import type { Transport } from './transport'

/** The signed-in person as the team sees them: their local vault's person and keys. */
export interface Me {
  personId: string
  name: string
  signer: Signer
  box: { publicKey: Buffer; privateKey: Buffer }
}

export interface OutFile {
  path: string
  bytes: Buffer
}

const refused = (e: unknown): never => {
  if (e instanceof MembershipRefused) throw new AppError('invalid-input', e.message)
  throw e
}

/** A new team with `me` as its only owner, on a new device: epoch 1's key and member list 1. */
export function setUpTeam(
  me: Me,
  now: Date,
): { key: TeamKey; deviceId: string; trusted: TrustedList; files: OutFile[] } {
  const key: TeamKey = { teamId: randomBytes(16).toString('hex'), epoch: 1, epochKey: randomBytes(32) }
  const deviceId = randomBytes(16).toString('hex')
  const list: MemberList = {
    teamId: key.teamId,
    number: 1,
    prev: ZERO_HASH,
    epoch: 1,
    issuedBy: me.personId,
    issuedAt: now.toISOString(),
    members: [
      {
        personId: me.personId,
        name: me.name,
        role: 'owner',
        signingKey: me.signer.publicKey.toString('hex'),
        boxKey: me.box.publicKey.toString('hex'),
        devices: [deviceId],
      },
    ],
    pending: [],
    removed: [],
    epochKeys: {
      [me.personId]: sealEpochKey(key.teamId, 1, me.personId, me.box.publicKey.toString('hex'), key.epochKey),
    },
  }
  const why = whyNotFirst(list)
  if (why) throw new Error(`The first member list is not valid: ${why}.`)
  const file = sealMemberList(list, key, deviceId, me.signer)
  return { key, deviceId, trusted: { list, hash: file.hash }, files: [file] }
}

/** Joined people folded into the list before an owner issues the next one, so the next list records them. */
const folded = (chain: MemberChain): MemberList => withJoined(chain.list, chain.joins)

export interface Invited {
  trusted: TrustedList
  files: OutFile[]
  invitation: Buffer
  code: string
  inviteId: string
}

/** An invitation for one person's one device, valid until `expiresAt`; the new list names it. */
export async function invite(
  chain: MemberChain,
  keys: TeamKey[],
  me: Me,
  deviceId: string,
  o: {
    name: string
    role: TeamRole
    expiresAt: Date
    transport: TransportSettings
    kdf: KdfParams
    now: Date
  },
): Promise<Invited> {
  const inviteId = randomBytes(8).toString('hex')
  const invitedDevice = randomBytes(16).toString('hex')
  const joinPair = newSigningKeyPair()
  const at = o.now.toISOString()
  let next: MemberList
  try {
    next = withInvitation(folded(chain), chain.hash, me.personId, at, {
      inviteId,
      name: o.name,
      role: o.role,
      deviceId: invitedDevice,
      joinKey: joinPair.publicKey.toString('hex'),
      expiresAt: o.expiresAt.toISOString(),
    })
  } catch (e) {
    return refused(e)
  }
  const current = keys[0] as TeamKey
  const file = sealMemberList(next, current, deviceId, me.signer)
  const trusted = { list: next, hash: file.hash }
  const { bytes, code } = await makeInvitationFile(
    {
      inviteId,
      teamId: next.teamId,
      createdAt: at,
      expiresAt: next.pending.at(-1)?.expiresAt as string,
      kdf: o.kdf,
    },
    {
      name: o.name,
      role: o.role,
      invitedBy: me.name,
      issuerDevice: deviceId,
      issuerSigningKey: me.signer.publicKey.toString('hex'),
      deviceId: invitedDevice,
      joinKey: {
        publicKey: joinPair.publicKey.toString('hex'),
        privateKey: joinPair.privateKey.toString('hex'),
      },
      transport: o.transport,
      epochKeys: keys.map((k) => [k.epoch, k.epochKey.toString('hex')]),
      list: { number: next.number, hash: file.hash },
    },
  )
  joinPair.privateKey.fill(0)
  return { trusted, files: [file], invitation: bytes, code, inviteId }
}

/**
 * Joins with an opened invitation: reads the member list the invitation names (it must be that very file,
 * signed by the inviting owner), and writes this device's statement of whose it is, signed with the join key.
 */
export async function join(
  transport: Transport,
  opened: OpenedInvitation,
  me: Me,
  now: Date,
): Promise<{ keys: TeamKey[]; deviceId: string; trusted: TrustedList; files: OutFile[] }> {
  const p = opened.payload
  const keys: TeamKey[] = p.epochKeys
    .map(([epoch, hex]) => ({ teamId: opened.teamId, epoch, epochKey: Buffer.from(hex, 'hex') }))
    .sort((a, b) => b.epoch - a.epoch)
  const chainKeys = new Map(keys.map((k) => [k.epoch, k]))
  let trusted: TrustedList | null = null
  for (const name of await transport.list(MEMBERS_FOLDER)) {
    const parsed = parseFileName(name)
    if (parsed?.kind !== 'members' || parsed.seq !== p.list.number) continue
    const bytes = await transport.read(`${MEMBERS_FOLDER}/${name}`)
    if (!bytes || sha256Hex(bytes) !== p.list.hash) continue
    const opened1 = openMemberList(
      opened.teamId,
      bytes,
      p.list.number,
      (d) => (d === p.issuerDevice ? Buffer.from(p.issuerSigningKey, 'hex') : null),
      (epoch) => {
        const k = chainKeys.get(epoch)
        return k ? filesKey(k) : null
      },
    )
    if (opened1.ok) trusted = { list: opened1.list, hash: opened1.hash }
  }
  if (!trusted)
    throw new AppError(
      'transport',
      'The member list this invitation names has not reached the shared folder yet, or it has been changed. Check this is the team’s folder, wait for it to sync, and try again.',
    )
  // The lists issued since: an invitation withdrawn (by hand, or by a removal, which moves the team to a key the
  // invitation does not hold) is refused now rather than leaving a device that joined a team it is not in.
  const chain = new MemberChain(trusted, (epoch) => {
    const k = chainKeys.get(epoch)
    return k ? filesKey(k) : null
  })
  await chain.update(transport)
  trusted = { list: chain.list, hash: chain.hash }
  const pending = trusted.list.pending.find((x) => x.inviteId === opened.inviteId)
  if (!pending || pending.deviceId !== p.deviceId)
    throw new AppError(
      'invitation-expired',
      `That invitation is no longer waiting to be used: ${p.invitedBy} has withdrawn it, or removed someone from the team since (which withdraws every invitation not yet used). Ask them for a new one.`,
    )
  const joinKey = new Signer(
    Buffer.from(p.joinKey.privateKey, 'hex'),
    Buffer.from(p.joinKey.publicKey, 'hex'),
  )
  const statement = {
    inviteId: opened.inviteId,
    personId: me.personId,
    name: me.name,
    signingKey: me.signer.publicKey.toString('hex'),
    boxKey: me.box.publicKey.toString('hex'),
    at: now.toISOString(),
  }
  const file = sealJoinStatement(keys[0] as TeamKey, p.deviceId, statement, joinKey)
  return { keys, deviceId: p.deviceId, trusted, files: [file] }
}

/**
 * Removes `personId`: a new list under a new epoch, whose key is sealed to everyone who stays; `lastMerged`
 * gives per device of theirs the last segment this owner had merged, which is all of theirs that stands.
 */
export function removeMember(
  chain: MemberChain,
  keys: TeamKey[],
  me: Me,
  deviceId: string,
  personId: string,
  lastMerged: (deviceId: string) => number,
  now: Date,
): { keys: TeamKey[]; trusted: TrustedList; files: OutFile[]; withdrawn: PendingMember[] } {
  let next: MemberList
  const before = folded(chain)
  try {
    next = withRemoval(before, chain.hash, me.personId, now.toISOString(), personId, lastMerged)
  } catch (e) {
    return refused(e)
  }
  const current = keys[0] as TeamKey
  const fresh: TeamKey = { teamId: current.teamId, epoch: next.epoch, epochKey: randomBytes(32) }
  next = {
    ...next,
    epochKeys: Object.fromEntries(
      next.members.map((m) => [
        m.personId,
        sealEpochKey(next.teamId, next.epoch, m.personId, m.boxKey, fresh.epochKey),
      ]),
    ),
  }
  const file = sealMemberList(next, current, deviceId, me.signer)
  const kept = new Set(next.pending.map((p) => p.inviteId))
  const withdrawn = before.pending.filter((p) => !kept.has(p.inviteId) && p.expiresAt > now.toISOString())
  return { keys: [fresh, ...keys], trusted: { list: next, hash: file.hash }, files: [file], withdrawn }
}

/**
 * Withdraws an invitation not yet used: a new list without it, sealed under the current key. Refused in words
 * for one already used (the person is then removed instead) or no longer waiting.
 */
export function withdrawInvitation(
  chain: MemberChain,
  keys: TeamKey[],
  me: Me,
  deviceId: string,
  inviteId: string,
  now: Date,
): { trusted: TrustedList; files: OutFile[]; withdrawn: PendingMember } {
  const joined = chain.joins.find((j) => j.pending.inviteId === inviteId)
  if (joined)
    throw new AppError('invalid-input', `${joined.statement.name} has already joined with that invitation: remove them instead, if they should not be in the team.`)
  const withdrawn = chain.list.pending.find((p) => p.inviteId === inviteId)
  let next: MemberList
  try {
    next = withWithdrawal(folded(chain), chain.hash, me.personId, now.toISOString(), inviteId)
  } catch (e) {
    return refused(e)
  }
  const file = sealMemberList(next, keys[0] as TeamKey, deviceId, me.signer)
  return { trusted: { list: next, hash: file.hash }, files: [file], withdrawn: withdrawn as PendingMember }
}

/** A list received that begins a new epoch: its key, opened with this person's box key (null if not sealed to them). */
export function newEpochKey(list: MemberList, me: Me, keys: TeamKey[]): TeamKey[] | null {
  if (keys.some((k) => k.epoch === list.epoch)) return keys
  const epochKey = openEpochKey(list, me.personId, me.box)
  return epochKey ? [{ teamId: list.teamId, epoch: list.epoch, epochKey }, ...keys] : null
}
