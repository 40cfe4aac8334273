/**
 * The signed member list, invitations, joining and removal (issue #17, "Membership and roles"), over an
 * in-memory shared folder: who may change the list, a forged list refused and named, an invitation that opens
 * only with its code and shows the folder no name, and a removal whose new key the removed person lacks.
 */
import { opened } from '../../support/team-actions'
import { describe, expect, it } from 'vitest'
import { KDF_FLOOR } from '../../../src/main/store/kdf'
import { newBoxKeyPair, newSigningKeyPair, Signer } from '../../../src/main/store/keys'
import { withRemoval } from '../../../src/main/domain/team/members'
import { openInvitationFile } from '../../../src/main/team/invitation'
import { MemberChain, sealMemberList } from '../../../src/main/team/members'
import {
  invite,
  join,
  newEpochKey,
  removeMember,
  setUpTeam,
  withdrawInvitation,
  type Me,
} from '../../../src/main/team/membership'
import { filesKey, type TeamKey } from '../../../src/main/team/sealed'
import { TeamDevice } from '../../../src/main/team/device'
import { Server } from '../../support/team-devices'

const now = new Date('2026-12-02T12:00:00.000Z')
const inAWeek = new Date('2026-12-09T12:00:00.000Z')

function person(personId: string, name: string): Me {
  const s = newSigningKeyPair()
  return { personId, name, signer: new Signer(s.privateKey, s.publicKey), box: newBoxKeyPair() }
}

const keyFor = (keys: TeamKey[]) => (epoch: number) => {
  const k = keys.find((x) => x.epoch === epoch)
  return k ? filesKey(k) : null
}

async function send(server: Server, files: { path: string; bytes: Buffer }[]) {
  for (const f of files) await server.window('w').write(f.path, f.bytes)
}

/** The DSL sets up a team and invites Ben; Ben joins on his own machine. */
async function teamOfTwo() {
  const server = new Server()
  const asha = person('pasha', 'Asha Patel')
  const ben = person('pben', 'Ben Okafor')
  const set = setUpTeam(asha, now)
  await send(server, set.files)
  let ashaKeys = [set.key]
  const ashaChain = new MemberChain(set.trusted, keyFor(ashaKeys))
  const inv = await invite(ashaChain, ashaKeys, asha, set.deviceId, {
    name: 'Ben Okafor',
    role: 'member',
    expiresAt: inAWeek,
    transport: { kind: 'folder' },
    kdf: KDF_FLOOR,
    now,
  })
  ashaChain.adopt(inv.trusted)
  await send(server, inv.files)
  const opened = await openInvitationFile(inv.invitation, inv.code.toLowerCase(), now)
  const joined = await join(server.window('b'), opened, ben, now)
  await send(server, joined.files)
  const benChain = new MemberChain(joined.trusted, keyFor(joined.keys))
  return {
    server,
    asha,
    ben,
    set,
    ashaKeys,
    ashaChain,
    inv,
    joined,
    benChain,
    setKeys: (k: TeamKey[]) => (ashaKeys = k),
  }
}

describe('the member list', () => {
  it('a deputy joins with the invitation and its code; both devices then read each other', async () => {
    const t = await teamOfTwo()
    expect(await t.ashaChain.update(t.server.window('a'))).toBe(true)
    expect(t.ashaChain.joins.map((j) => j.statement.name)).toEqual(['Ben Okafor'])
    await t.benChain.update(t.server.window('b'))
    const dsl = new TeamDevice({
      transport: t.server.window('a'),
      keys: t.ashaKeys,
      deviceId: t.set.deviceId,
      personId: 'pasha',
      signer: t.asha.signer,
      directory: t.ashaChain.directory(),
    })
    const dep = new TeamDevice({
      transport: t.server.window('b'),
      keys: t.joined.keys,
      deviceId: t.joined.deviceId,
      personId: 'pben',
      signer: t.ben.signer,
      directory: t.benChain.directory(),
    })
    dep.append([opened('d1')], now)
    await dep.sync()
    dsl.append([opened('d2')], now)
    await dsl.sync()
    await dep.sync()
    expect(dsl.state()).toEqual(dep.state())
    expect(dsl.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    expect(dsl.problemSentences()).toEqual([])
    expect(dsl.lastReceived()).toEqual([{ deviceId: t.joined.deviceId, upTo: 1, at: now.toISOString() }])
  })

  it('the wrong code is refused in words, and nothing in the folder or the invitation names anyone', async () => {
    const t = await teamOfTwo()
    await expect(openInvitationFile(t.inv.invitation, 'AAAA-BBBBBB', now)).rejects.toThrow(
      'That code does not match the invitation. Check it with the person who gave it to you.',
    )
    await expect(openInvitationFile(t.inv.invitation, t.inv.code, inAWeek)).rejects.toThrow(
      'That invitation has expired.',
    )
    await expect(openInvitationFile(Buffer.from('not one'), t.inv.code, now)).rejects.toThrow(
      'That file is not an invitation to a team vault.',
    )
    const everything = Buffer.concat([...t.server.files.values(), t.inv.invitation]).toString('latin1')
    for (const word of ['Asha', 'Patel', 'Ben', 'Okafor', 'pasha', 'pben', 'member', 'owner'])
      expect(everything).not.toContain(word)
  })

  it('a list not signed by an owner is refused and named; a member cannot remove an owner', async () => {
    const t = await teamOfTwo()
    await t.ashaChain.update(t.server.window('a'))
    await t.benChain.update(t.server.window('b'))
    // Ben, a member, writes a list that makes him the only owner, signed with his own key.
    const benAsOwner = {
      personId: 'pben',
      name: 'Ben Okafor',
      role: 'owner' as const,
      signingKey: t.ben.signer.publicKey.toString('hex'),
      boxKey: t.ben.box.publicKey.toString('hex'),
      devices: [t.joined.deviceId],
    }
    const forged = { ...t.ashaChain.list, members: [benAsOwner] }
    expect(() =>
      withRemoval(t.benChain.list, t.benChain.hash, 'pben', now.toISOString(), 'pasha', () => 0),
    ).toThrow('Only an owner of the team vault can invite, remove or re-key.')
    const file = sealMemberList(
      { ...forged, number: t.benChain.list.number + 1, prev: t.benChain.hash, issuedBy: 'pben' },
      t.joined.keys[0]!,
      t.joined.deviceId,
      t.ben.signer,
    )
    await send(t.server, [file])
    expect(await t.ashaChain.update(t.server.window('a'))).toBe(false)
    expect(t.ashaChain.list.members.map((m) => m.name)).toEqual(['Asha Patel'])
    expect(t.ashaChain.problems()).toEqual([
      `The member list file ${file.path} was not accepted: it is not signed by an owner of the team, so it may have been forged.`,
    ])
    expect(() =>
      removeMember(t.benChain, t.joined.keys, t.ben, t.joined.deviceId, 'pasha', () => 0, now),
    ).toThrow('Only an owner')
    // The only owner cannot remove herself.
    expect(() =>
      removeMember(t.ashaChain, t.ashaKeys, t.asha, t.set.deviceId, 'pasha', () => 0, now),
    ).toThrow('only owner')
  })

  it('an invitation withdrawn cannot be used to join; one already used is removed instead; only an owner withdraws', async () => {
    const t = await teamOfTwo()
    await t.ashaChain.update(t.server.window('a'))
    expect(() => withdrawInvitation(t.ashaChain, t.ashaKeys, t.asha, t.set.deviceId, t.inv.inviteId, now)).toThrow(
      'Ben Okafor has already joined with that invitation: remove them instead, if they should not be in the team.',
    )
    const cara = person('pcara', 'Cara Singh')
    const inv = await invite(t.ashaChain, t.ashaKeys, t.asha, t.set.deviceId, { name: 'Cara Singh', role: 'viewer', expiresAt: inAWeek, transport: { kind: 'folder' }, kdf: KDF_FLOOR, now })
    t.ashaChain.adopt(inv.trusted)
    await send(t.server, inv.files)
    await t.benChain.update(t.server.window('b'))
    expect(() => withdrawInvitation(t.benChain, t.joined.keys, t.ben, t.joined.deviceId, inv.inviteId, now)).toThrow('Only an owner of the team vault')
    const made = withdrawInvitation(t.ashaChain, t.ashaKeys, t.asha, t.set.deviceId, inv.inviteId, now)
    expect(made.withdrawn.name).toBe('Cara Singh')
    expect(made.trusted.list.epoch).toBe(1)
    // The list records Ben's join (folded in) and no longer names Cara's invitation.
    expect(made.trusted.list.members.map((m) => m.name)).toEqual(['Asha Patel', 'Ben Okafor'])
    expect(made.trusted.list.pending).toEqual([])
    t.ashaChain.adopt(made.trusted)
    await send(t.server, made.files)
    const opened1 = await openInvitationFile(inv.invitation, inv.code, now)
    await expect(join(t.server.window('c'), opened1, cara, now)).rejects.toThrow(/no longer waiting to be used: Asha Patel has withdrawn it/)
    // Ben's device takes the new list as it comes (no new key: the epoch is unchanged).
    expect(await t.benChain.update(t.server.window('b'))).toBe(true)
    expect(t.benChain.list.number).toBe(made.trusted.list.number)
  })

  it('a removal moves the rest to a new key the removed device cannot read, and refuses what it writes afterwards', async () => {
    const t = await teamOfTwo()
    await t.ashaChain.update(t.server.window('a'))
    await t.benChain.update(t.server.window('b'))
    const dep = new TeamDevice({
      transport: t.server.window('b'),
      keys: t.joined.keys,
      deviceId: t.joined.deviceId,
      personId: 'pben',
      signer: t.ben.signer,
      directory: t.benChain.directory(),
    })
    dep.append([opened('d1')], now)
    await dep.sync()
    const removal = removeMember(t.ashaChain, t.ashaKeys, t.asha, t.set.deviceId, 'pben', () => 1, now)
    t.ashaChain.adopt(removal.trusted)
    await send(t.server, removal.files)
    expect(removal.trusted.list.epoch).toBe(2)
    expect(removal.trusted.list.removed).toEqual([
      expect.objectContaining({
        name: 'Ben Okafor',
        devices: [{ deviceId: t.joined.deviceId, removedAfter: 1 }],
      }),
    ])
    // Ben's device learns of it and has no key to the new epoch.
    expect(await t.benChain.update(t.server.window('b'))).toBe(true)
    expect(newEpochKey(t.benChain.list, t.ben, t.joined.keys)).toBeNull()
    // An owner opens the new key from the list itself.
    expect(newEpochKey(removal.trusted.list, t.asha, [t.set.key])?.[0]?.epoch).toBe(2)
    dep.append([opened('d9')], now)
    await dep.sync()
    const dsl = new TeamDevice({
      transport: t.server.window('a'),
      keys: removal.keys,
      deviceId: t.set.deviceId,
      personId: 'pasha',
      signer: t.asha.signer,
      directory: t.ashaChain.directory(),
    })
    dsl.append([opened('d2')], now)
    await dsl.sync()
    expect(dsl.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    expect(dsl.problemSentences()).toEqual([
      'Ben Okafor was removed from the team after their change 1; the change their device wrote after that was not merged.',
    ])
    await dep.sync()
    expect(dep.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    expect(dep.problemSentences()).toContainEqual(
      expect.stringMatching(
        /locked with a team key this device does not have: this device may have been removed/,
      ),
    )
  })
})
