/**
 * Two and three devices sharing one folder (a file share, a OneDrive library, a Syncthing folder): the
 * deputy logs and approves a call, the DSL sees it and countersigns, the deputy sees the countersignature;
 * the folder holds nothing a person could read; a sync with nothing new lists one folder per other device.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, appendFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TeamDevice } from '../../../src/main/team/device'
import { LocalFolderTransport } from '../../../src/main/team/transport'
import { directoryOf, makeDevice, makeMembers, newTeamKey } from '../../support/team-devices'
import { aSignature, approved, countersigned, drafted, opened } from '../../support/team-actions'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'team-folder-'))
  dirs.push(d)
  return d
}
function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}
const now = new Date('2026-12-02T09:30:00.000Z')

describe('a team vault in a shared folder', () => {
  it('a deputy logs and approves a call; the DSL sees it and countersigns; the deputy sees the countersignature', async () => {
    const root = folder()
    const members = makeMembers(2)
    const [dslM, deputyM] = members
    const key = newTeamKey()
    const directory = directoryOf(members)
    const dsl = makeDevice(dslM!, new LocalFolderTransport(root), key, directory)
    const deputy = makeDevice(deputyM!, new LocalFolderTransport(root), key, directory)

    dsl.append([opened('d-2026-0042')], now)
    await dsl.sync()
    await deputy.sync()
    const secret = 'Rang Priya Shah (children’s social care) about Child J: agreed a strategy discussion'
    deputy.append(
      [
        drafted('d-2026-0042', 'r-dep-1', 'r-dep-1.v1', [], deputyM!.personId, secret),
        approved('d-2026-0042', 'r-dep-1', 'r-dep-1.v1', deputyM!.personId),
      ],
      now,
    )
    expect(deputy.waiting).toBe(1)
    await deputy.sync()
    await dsl.sync()
    const seen = dsl.state().disputes[0]!.records[0]!
    expect(seen).toMatchObject({ status: 'approved', author: deputyM!.personId })
    expect(seen.approved[0]!.content.weSaid).toBe(secret)

    dsl.append([countersigned('d-2026-0042', 'r-dep-1', dslM!.personId)], now)
    await dsl.sync()
    await deputy.sync()
    expect(deputy.state().disputes[0]!.records[0]!.countersignatures).toEqual([{ by: dslM!.personId, at: now.toISOString(), countersignature: aSignature(dslM!.personId) }])
    expect(JSON.stringify(deputy.state())).toBe(JSON.stringify(dsl.state()))
    expect(dsl.problems()).toEqual([])
    expect(deputy.lastReceived()).toEqual([{ deviceId: dslM!.deviceId, upTo: 2, at: now.toISOString() }])

    // What the folder holds: random device ids, numbered sealed files; no name, id or word of the record.
    const files = walk(root).map((p) => p.slice(root.length + 1))
    expect(files.every((f) => /^devices\/[0-9a-f]{32}\/b000000\/s-\d{12}-[0-9a-f]{8}\.elt$/.test(f))).toBe(true)
    for (const p of walk(root)) {
      const bytes = readFileSync(p)
      for (const word of ['Priya', 'Child J', 'd-2026-0042', 'r-dep-1', dslM!.personId, dslM!.name, 'approved'])
        expect(bytes.includes(Buffer.from(word))).toBe(false)
    }
  })

  it('a file damaged, or a copy added by a sync engine, in the shared folder is named or ignored', async () => {
    const root = folder()
    const members = makeMembers(2)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const a = makeDevice(members[0]!, new LocalFolderTransport(root), key, directory)
    const b = makeDevice(members[1]!, new LocalFolderTransport(root), key, directory)
    const first = a.append([opened('d1')], now)
    const second = a.append([opened('d2')], now)
    await a.sync()
    // OneDrive-style conflict copy beside it: not a name the app made, so never read.
    copyFileSync(join(root, first), join(root, first.replace('.elt', ' (1).elt')))
    appendFileSync(join(root, second), 'x')
    await b.sync()
    expect(b.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    expect(b.problemSentences()).toEqual([
      `The file ${second} in ${members[0]!.name}'s folder is damaged or not signed with their key, so it may have been forged: it was not merged.`,
    ])
  })

  it('a device that writes its history twice (restored from an old copy) is named, and only what is beyond doubt stays merged', async () => {
    const root = folder()
    const members = makeMembers(2)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const a = makeDevice(members[0]!, new LocalFolderTransport(root), key, directory)
    const b = makeDevice(members[1]!, new LocalFolderTransport(root), key, directory)
    a.append([opened('d1')], now)
    a.append([opened('d2')], now)
    await a.sync()
    await b.sync()
    expect(b.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    const again = makeDevice(members[0]!, new LocalFolderTransport(root), key, directory)
    again.append([opened('d1')], now)
    again.append([opened('d9')], now)
    await again.sync()
    await b.sync()
    expect(b.problems()).toEqual([expect.objectContaining({ kind: 'forked', deviceId: members[0]!.deviceId, seq: 1 })])
    expect(b.problemSentences()[0]).toMatch(/^Asha Patel has two different changes numbered 1 /)
    expect(b.state().disputes).toEqual([])
  })

  it('a device started again from its saved position continues its own chain: nothing numbered twice, nothing unsent lost', async () => {
    const root = folder()
    const members = makeMembers(2)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const a = makeDevice(members[0]!, new LocalFolderTransport(root), key, directory)
    const b = makeDevice(members[1]!, new LocalFolderTransport(root), key, directory)
    a.append([opened('d1')], now)
    await a.sync()
    a.append([opened('d2')], now)
    const saved = a.saved()
    expect(saved.outbox).toHaveLength(1)
    const m = members[0]!
    const again = new TeamDevice({ transport: new LocalFolderTransport(root), keys: [key], deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory, resume: saved })
    // Its own chain is merged from 1 upwards like anyone's, so the unsent change waits for the sent ones.
    expect(again.state().disputes).toEqual([])
    await again.sync()
    expect(again.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    again.append([opened('d3')], now)
    await again.sync()
    await b.sync()
    expect(b.problems()).toEqual([])
    expect(b.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2', 'd3'])
  })

  it('an attachment travels as a sealed document version that events refer to by path and hash', async () => {
    const root = folder()
    const members = makeMembers(2)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const a = makeDevice(members[0]!, new LocalFolderTransport(root), key, directory)
    const b = makeDevice(members[1]!, new LocalFolderTransport(root), key, directory)
    const letter = Buffer.from('%PDF-1.7 the outcome letter from children’s social care')
    const ref = a.putDocument(letter)
    expect(ref.path).toMatch(new RegExp(`^devices/${members[0]!.deviceId}/docs/b000000/d-000000000001-[0-9a-f]{8}\\.elt$`))
    await a.sync()
    expect(readFileSync(join(root, ref.path)).includes(Buffer.from('outcome'))).toBe(false)
    expect(await b.getDocument(ref.path, ref.hash)).toEqual(letter)
    expect(await b.getDocument(ref.path, 'f'.repeat(64))).toBeNull()
    expect(await b.getDocument(ref.path.replace(members[0]!.deviceId, members[1]!.deviceId), ref.hash)).toBeNull()
  })

  it('a sync with nothing new lists the devices folder and one folder per other device, and reads nothing', async () => {
    const root = folder()
    const members = makeMembers(4)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const transports = members.map(() => new LocalFolderTransport(root))
    const devices = members.map((m, i) => makeDevice(m, transports[i]!, key, directory))
    for (let round = 0; round < 3; round++)
      for (const d of devices) {
        d.append([opened(`d${round}-${d.deviceId.slice(0, 6)}`)], now)
        await d.sync()
      }
    for (const d of devices) await d.sync()
    const t = transports[0]!
    const before = { ...t.counts }
    await devices[0]!.sync()
    expect(t.counts.list - before.list).toBe(1 + 3)
    expect(t.counts.read - before.read).toBe(0)
    expect(new Set(devices.map((d) => JSON.stringify(d.state()))).size).toBe(1)
  })
})
