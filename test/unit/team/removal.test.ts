/**
 * Removing a member (issue #17, "Membership and roles": "removing a member publishes a new member list with a
 * new key epoch for the rest and rejects anything the removed member writes afterwards"). What is built: the
 * new epoch's key for those who stay, and the cut-off that refuses and names what the removed member's device
 * writes after the removal. Publishing the signed member list itself is not built: the test hands each device
 * its directory.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { TeamDevice, type DeviceDirectory, type DeviceDirectoryEntry } from '../../../src/main/team/device'
import type { TeamKey } from '../../../src/main/team/sealed'
import { makeMembers, newTeamKey, Server, type Member } from '../../support/team-devices'
import { approved, drafted, opened } from '../../support/team-actions'

const now = new Date('2026-12-02T12:00:00.000Z')

function mutableDirectory(members: Member[]): { directory: DeviceDirectory; entries: Map<string, DeviceDirectoryEntry> } {
  const entries = new Map(members.map((m) => [m.deviceId, { personId: m.personId, name: m.name, signingPublicKey: m.publicKey } as DeviceDirectoryEntry]))
  return { directory: (id) => entries.get(id) ?? null, entries }
}

describe('removing a member', () => {
  it('refuses and names what the removed member writes afterwards; the rest move to a new key the removed member lacks', async () => {
    const server = new Server()
    const [dslM, benM, caraM] = makeMembers(3)
    const epoch1 = newTeamKey(1)
    const epoch2: TeamKey = { teamId: epoch1.teamId, epoch: 2, epochKey: randomBytes(32) }
    const dslDir = mutableDirectory([dslM!, benM!, caraM!])
    const caraDir = mutableDirectory([dslM!, benM!, caraM!])
    const benDir = mutableDirectory([dslM!, benM!, caraM!])
    const device = (m: Member, keys: TeamKey[], directory: DeviceDirectory) =>
      new TeamDevice({ transport: server.window(m.deviceId), keys, deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory })
    const ben = device(benM!, [epoch1], benDir.directory)

    ben.append([opened('d1')], now)
    ben.append([drafted('d1', 'r1', 'r1.v1', [], benM!.personId, 'Before removal')], now)
    await ben.sync()

    // The DSL removes Ben after merging his first two changes; she and Cara move to epoch 2.
    for (const dir of [dslDir, caraDir]) dir.entries.set(benM!.deviceId, { ...dir.entries.get(benM!.deviceId)!, removedAfter: 2 })
    const dsl = device(dslM!, [epoch2, epoch1], dslDir.directory)
    const cara = device(caraM!, [epoch2, epoch1], caraDir.directory)

    // Ben, not yet knowing, writes again under the old key.
    ben.append([approved('d1', 'r1', 'r1.v1', benM!.personId)], now)
    await ben.sync()
    dsl.append([opened('d2')], now)
    await dsl.sync()
    await cara.sync()

    const r1 = cara.state().disputes.find((d) => d.disputeId === 'd1')!.records[0]!
    expect(r1.status).toBe('draft')
    expect(r1.current.map((v) => v.content.weSaid)).toEqual(['Before removal'])
    expect(cara.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    expect(cara.problemSentences()).toEqual([
      'Ben Okafor was removed from the team after their change 2; the change their device wrote after that was not merged.',
    ])

    // What the rest write now is under epoch 2, which Ben does not hold.
    await ben.sync()
    expect(ben.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    expect(ben.problems()).toEqual([expect.objectContaining({ kind: 'damaged', deviceId: dslM!.deviceId, why: 'no-key' })])
    expect(ben.problemSentences()[0]).toMatch(/locked with a team key this device does not have: this device may have been removed/)
  })

  it('a removal learnt after the removed member’s later changes were merged takes them out again', async () => {
    const server = new Server()
    const [dslM, benM] = makeMembers(2)
    const key = newTeamKey(1)
    const dir = mutableDirectory([dslM!, benM!])
    const ben = new TeamDevice({ transport: server.window('b'), keys: [key], deviceId: benM!.deviceId, personId: benM!.personId, signer: benM!.signer, directory: dir.directory })
    const dsl = new TeamDevice({ transport: server.window('a'), keys: [key], deviceId: dslM!.deviceId, personId: dslM!.personId, signer: dslM!.signer, directory: dir.directory })
    ben.append([opened('d1')], now)
    ben.append([opened('d2')], now)
    await ben.sync()
    await dsl.sync()
    expect(dsl.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    dir.entries.set(benM!.deviceId, { ...dir.entries.get(benM!.deviceId)!, removedAfter: 1 })
    dsl.membersChanged()
    expect(dsl.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    expect(dsl.problems()).toEqual([expect.objectContaining({ kind: 'after-removal', after: 1 })])
  })
})
