/**
 * Deleting in an append-only world (issue #17: "each dispute's documents are encrypted under a key of their own
 * … a retention disposal destroys that key and leaves a tombstone, so files that can no longer be removed from
 * other devices' folders become unreadable everywhere"). Two and three devices over one shared folder on disk.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { TeamDevice, type DeviceDirectory, type DeviceDirectoryEntry } from '../../../src/main/team/device'
import { DisputeKeyring, openAction, openGrant } from '../../../src/main/team/dispute-keys'
import { decodePack, parsePackPath } from '../../../src/main/team/packs'
import { filesKey, openFile, parseFileName, type DisputeKeyRef, type TeamKey } from '../../../src/main/team/sealed'
import { TeamAction } from '../../../src/main/domain/team/events'
import { SegmentBody } from '../../../src/main/team/segments'
import { LocalFolderTransport } from '../../../src/main/team/transport'
import { makeMembers, newTeamKey, Server, type Member } from '../../support/team-devices'
import { approved, drafted, opened } from '../../support/team-actions'

const openedAction = opened

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'team-dispose-'))
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
const SECRET = 'Jo Bloggs said the referral was closed without a visit'

/** A file stored with a record on `h`'s device: its parts sealed (under the dispute's key) and the `file-added` told. */
function attach(h: Pick<Handle, 'm' | 'device'>, disputeId: string, recordId: string, name: string, bytes: Buffer): TeamAction {
  const parts = h.device.putFile(bytes, { disputeId })
  return TeamAction.parse({
    kind: 'file-added',
    disputeId,
    recordId,
    file: {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      name,
      type: 'application/pdf',
      source: 'file',
      addedAt: now.toISOString(),
      addedByPersonId: h.m.personId,
      addedByName: h.m.name,
      afterApproval: false,
      parts,
    },
  })
}

type Roles = Record<string, DeviceDirectoryEntry['role']>
function directoryOf(members: Member[], roles: Roles): { directory: DeviceDirectory; entries: Map<string, DeviceDirectoryEntry> } {
  const entries = new Map(
    members.map((m) => [m.deviceId, { personId: m.personId, name: m.name, signingPublicKey: m.publicKey, role: roles[m.deviceId] ?? 'member' } as DeviceDirectoryEntry]),
  )
  return { directory: (id) => entries.get(id) ?? null, entries }
}

interface Handle {
  m: Member
  device: TeamDevice
  keyring: DisputeKeyring
  transport: LocalFolderTransport
}

function team(n: number, root: string, packSegments?: number) {
  const members = makeMembers(n)
  const key = newTeamKey()
  const roles: Roles = { [members[0]!.deviceId]: 'owner' }
  const dirs = new Map<string, ReturnType<typeof directoryOf>>()
  const make = (m: Member, keys: TeamKey[] = [key], keyring = new DisputeKeyring(), resume?: TeamDevice): Handle => {
    const dir = dirs.get(m.deviceId) ?? directoryOf(members, roles)
    dirs.set(m.deviceId, dir)
    const transport = new LocalFolderTransport(root)
    const device = new TeamDevice({ transport, keys, deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory: dir.directory, keyring, ...(resume ? { resume: resume.saved() } : {}), ...(packSegments ? { packSegments } : {}) })
    return { m, device, keyring, transport }
  }
  return { members, key, make, dirs }
}

/** Each device publishes its receive key (as an owner's does at set-up) and all learn each other's. */
async function ready(hs: Handle[]): Promise<void> {
  for (const h of hs) h.device.publishReceiveKey(now)
  await syncAll(hs, 2)
}

async function syncAll(hs: Handle[], rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const h of hs) await h.device.sync()
}

/**
 * What anyone holding every key that survives on every device — the epoch keys, every dispute key still held,
 * every device's current receive key — can read from the folder's raw files: the actions of every event whose
 * key can be had, and the plaintext of every file.
 */
function readWithSurvivingKeys(root: string, teamKeys: TeamKey[], hs: Handle[]): Readable {
  return readFilesWithKeys(
    walk(root).map((file) => ({ path: relative(root, file).split(sep).join('/'), bytes: readFileSync(file) })),
    teamKeys,
    hs,
  )
}

/** What the keys read: the events' actions, every segment's plaintext, and every stored file's part that opens. */
interface Readable {
  actions: { disputeId: string; json: string }[]
  plaintexts: string[]
  parts: { path: string; plaintext: Buffer }[]
}

function readFilesWithKeys(files: { path: string; bytes: Buffer }[], teamKeys: TeamKey[], hs: Pick<Handle, 'm' | 'keyring'>[]): Readable {
  const fileKeys = new Map(teamKeys.map((k) => [k.epoch, filesKey(k)]))
  const teamId = teamKeys[0]!.teamId
  const bodies: SegmentBody[] = []
  const plaintexts: string[] = []
  const signer = (deviceId: string) => hs.find((h) => h.m.deviceId === deviceId)?.m.publicKey ?? null
  for (const { path, bytes } of files) {
    const deviceId = path.split('/')[1] as string
    const pack = parsePackPath(path)
    const name = parseFileName(path.split('/').pop() as string)
    if (pack) {
      const o = openFile(teamId, bytes, { deviceId, seq: pack.last, kind: 'pack' }, signer(deviceId), (e) => fileKeys.get(e) ?? null)
      expect(o.ok).toBe(true)
      if (!o.ok) continue
      for (const [i, inner] of (decodePack(o.plaintext, pack) ?? []).entries()) {
        const io = openFile(teamId, Buffer.from(inner), { deviceId, seq: pack.first + i, kind: 'segment' }, signer(deviceId), (e) => fileKeys.get(e) ?? null)
        if (io.ok) {
          plaintexts.push(io.plaintext.toString('utf8'))
          bodies.push(SegmentBody.parse(JSON.parse(io.plaintext.toString('utf8'))))
        }
      }
    } else if (name?.kind === 'segment') {
      const o = openFile(teamId, bytes, { deviceId, seq: name.seq, kind: 'segment' }, signer(deviceId), (e) => fileKeys.get(e) ?? null)
      expect(o.ok).toBe(true)
      if (!o.ok) continue
      plaintexts.push(o.plaintext.toString('utf8'))
      bodies.push(SegmentBody.parse(JSON.parse(o.plaintext.toString('utf8'))))
    }
  }
  const keys = new Map<string, Buffer>()
  for (const h of hs) for (const id of h.keyring.keyIds()) keys.set(id, h.keyring.key(id)!)
  for (const b of bodies)
    for (const g of b.grants ?? [])
      for (const h of hs) {
        const r = h.keyring.receive
        const k = openGrant(teamId, g.keyId, g.to, g.n, g.sealed, r)
        if (k) keys.set(g.keyId, k)
      }
  const actions: { disputeId: string; json: string }[] = []
  for (const b of bodies)
    for (const e of b.events) {
      if ('action' in e) {
        actions.push({ disputeId: e.action.disputeId, json: JSON.stringify(e.action) })
        continue
      }
      const k = keys.get(e.sealed.keyId)
      const json = k ? openAction(teamId, e.id, e.sealed.keyId, k, e.sealed.box) : null
      if (json) actions.push({ disputeId: JSON.parse(json).disputeId, json })
    }
  // Stored files' parts, tried every way a key could open one: as a document version under every epoch's files
  // key (what a member who kept the epoch key holds), and as a part under every dispute key left — and under
  // every epoch key and files key, taken as a dispute key with every key id the folder names.
  const keyIds = new Set<string>(keys.keys())
  for (const b of bodies) {
    for (const g of b.grants ?? []) keyIds.add(g.keyId)
    for (const e of b.events) if ('sealed' in e) keyIds.add(e.sealed.keyId)
    for (const d of b.disposals ?? []) for (const k of d.keyIds) keyIds.add(k)
  }
  const refs: DisputeKeyRef[] = [...keys].map(([keyId, key]) => ({ keyId, key }))
  for (const keyId of keyIds) for (const k of teamKeys) refs.push({ keyId, key: k.epochKey }, { keyId, key: fileKeys.get(k.epoch)! })
  const parts: { path: string; plaintext: Buffer }[] = []
  for (const { path, bytes } of files) {
    const name = /\/docs\/b\d{6}\//.test(path) ? parseFileName(path.split('/').pop() as string) : null
    if (name?.kind !== 'document') continue
    const deviceId = path.split('/')[1] as string
    const at = { deviceId, seq: name.seq }
    const asDocument = openFile(teamId, bytes, { ...at, kind: 'document' }, signer(deviceId), (e) => fileKeys.get(e) ?? null)
    const opened = asDocument.ok ? asDocument : refs.map((ref) => openFile(teamId, bytes, { ...at, kind: 'part' }, signer(deviceId), () => null, ref)).find((o) => o.ok)
    if (opened?.ok) parts.push({ path, plaintext: opened.plaintext })
  }
  return { actions, plaintexts, parts }
}

describe('per-dispute keys', () => {
  it('every event about a dispute is sealed under its own key; colleagues get the key and read it; the folder never holds it in the clear', async () => {
    const root = folder()
    const t = team(3, root)
    const [dsl, ben, cara] = t.members.map((m) => t.make(m))
    await ready([dsl!, ben!, cara!])
    ben!.device.append([opened('d1'), drafted('d1', 'r1', 'r1.v1', [], ben!.m.personId, SECRET)], now)
    ben!.device.append([approved('d1', 'r1', 'r1.v1', ben!.m.personId)], now)
    await syncAll([ben!, dsl!, cara!], 1)
    for (const h of [dsl!, cara!]) {
      const r1 = h.device.state().disputes.find((d) => d.disputeId === 'd1')!.records[0]!
      expect(r1.status).toBe('approved')
      expect(r1.current[0]!.content.weSaid).toBe(SECRET)
      expect(h.keyring.keyFor('d1')).toBe(ben!.keyring.keyFor('d1'))
    }
    // Inside the segments (opened with the epoch key) the dispute's events are sealed again: its id, the
    // call's words and the record's id appear nowhere in the clear.
    const { plaintexts } = readWithSurvivingKeys(root, [t.key], [dsl!, ben!, cara!])
    expect(plaintexts.length).toBeGreaterThan(3)
    for (const p of plaintexts) {
      expect(p).not.toContain(SECRET)
      expect(p).not.toContain('"d1"')
      expect(p).not.toContain('r1.v1')
    }
  })

  it('a device that comes later asks for the keys it meets and is given them; a removed member gets no key of a dispute opened after the removal', async () => {
    const root = folder()
    const t = team(3, root)
    const [dsl, ben] = [t.make(t.members[0]!), t.make(t.members[1]!)]
    dsl.device.append([opened('d1'), drafted('d1', 'r1', 'r1.v1', [], dsl.m.personId, SECRET)], now)
    await syncAll([dsl, ben], 1)
    // Ben's receive key was not known when d1 was opened: he asks, the DSL answers at her next sync.
    expect(ben.device.state().disputes.map((d) => d.disputeId)).toEqual([])
    await syncAll([dsl, ben], 1)
    expect(ben.device.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])

    // Cara joins late and reads everything after one exchange.
    const cara = t.make(t.members[2]!)
    await syncAll([cara, dsl, cara], 1)
    expect(cara.device.state()).toEqual(dsl.device.state())

    // Cara is removed (after her changes so far); the DSL opens d2 under epoch 2: no grant of d2's key to her device.
    const epoch2: TeamKey = { teamId: t.key.teamId, epoch: 2, epochKey: Buffer.alloc(32, 7) }
    const caraSeq = dsl.device.lastReceived().find((r) => r.deviceId === cara.m.deviceId)!.upTo
    for (const [id, dir] of t.dirs) if (id !== cara.m.deviceId) dir.entries.set(cara.m.deviceId, { ...dir.entries.get(cara.m.deviceId)!, role: 'removed', removedAfter: caraSeq })
    const dsl2 = t.make(dsl.m, [epoch2, t.key], dsl.keyring, dsl.device)
    const ben2 = t.make(ben.m, [epoch2, t.key], ben.keyring, ben.device)
    await syncAll([dsl2, ben2], 1)
    dsl2.device.append([opened('d2')], now)
    // Cara, not yet knowing, asks for every key she meets.
    await syncAll([cara, dsl2, ben2, cara, dsl2], 1)
    const d2Key = dsl2.keyring.keyFor('d2')!
    expect(ben2.keyring.keyFor('d2')).toBe(d2Key)
    const { plaintexts } = readWithSurvivingKeys(root, [epoch2, t.key], [dsl2, ben2, cara])
    const grantsOfD2 = plaintexts.flatMap((p) => (JSON.parse(p) as SegmentBody).grants ?? []).filter((g) => g.keyId === d2Key)
    expect(grantsOfD2.map((g) => g.to)).toEqual([ben.m.deviceId])
    expect(cara.keyring.holds(d2Key)).toBe(false)
  })
})

describe('disposal', () => {
  it('the DSL disposes of a dispute: every device destroys its key and drops it; the folder’s files no longer open it with any key that survives', async () => {
    const root = folder()
    const t = team(3, root, 4)
    const [dsl, ben, cara] = t.members.map((m) => t.make(m))
    await ready([dsl!, ben!, cara!])
    // Stored files too: one letter attached in both disputes (sealed twice, each under its dispute's key), and a
    // report of d1's attached on Ben's device.
    const letter = Buffer.from(`Letter to the team manager: ${SECRET}`)
    const report = Buffer.from(`Ben's report: ${SECRET}`)
    const kept = Buffer.from('A letter about d2 alone')
    dsl!.device.append([opened('d1'), drafted('d1', 'r1', 'r1.v1', [], dsl!.m.personId, SECRET)], now)
    dsl!.device.append([attach(dsl!, 'd1', 'r1', 'letter.pdf', letter)], now)
    dsl!.device.append([opened('d2'), drafted('d2', 'r2', 'r2.v1', [], dsl!.m.personId, 'Kept')], now)
    dsl!.device.append([attach(dsl!, 'd2', 'r2', 'letter.pdf', letter), attach(dsl!, 'd2', 'r2', 'kept.pdf', kept)], now)
    await syncAll([dsl!, ben!, cara!], 2)
    ben!.device.append([drafted('d1', 'r3', 'r3.v1', [], ben!.m.personId, `${SECRET} (Ben)`)], now)
    ben!.device.append([attach(ben!, 'd1', 'r3', 'report.pdf', report)], now)
    await syncAll([ben!, dsl!, cara!], 2)
    for (const h of [dsl!, ben!, cara!]) expect(h.device.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    // Every device reads every file of both disputes, each part opening only under its own dispute's key.
    const fileOf = (h: Handle, d: string, r: string, name: string) => h.device.state().disputes.find((x) => x.disputeId === d)!.records.find((x) => x.recordId === r)!.files.find((f) => f.file.name === name)!.file
    for (const h of [dsl!, ben!, cara!])
      for (const [d, r, name, bytes] of [['d1', 'r1', 'letter.pdf', letter], ['d1', 'r3', 'report.pdf', report], ['d2', 'r2', 'letter.pdf', letter], ['d2', 'r2', 'kept.pdf', kept]] as const) {
        const file = fileOf(h, d, r, name)
        expect(file.parts.map((p) => p.keyId)).toEqual([h.keyring.keyFor(d)])
        expect(await h.device.fetchFile(file, d)).toEqual({ ok: true, bytes })
        expect(await h.device.fetchFile(file, d === 'd1' ? 'd2' : 'd1')).toMatchObject({ ok: false, why: 'damaged' })
        // A part named in another bucket folder than its number falls in is not the part written: damaged.
        const elsewhere = file.parts.map((p) => ({ ...p, path: p.path.replace(/\/docs\/b\d{6}\//, '/docs/b000999/') }))
        expect(await h.device.fetchFile({ ...file, parts: elsewhere }, d)).toMatchObject({ ok: false, why: 'damaged' })
      }
    expect(fileOf(dsl!, 'd1', 'r1', 'letter.pdf').parts[0]!.path).not.toBe(fileOf(dsl!, 'd2', 'r2', 'letter.pdf').parts[0]!.path)
    // Before: the surviving keys read d1, its events and its files' parts (and nothing else opens a part).
    const before = readWithSurvivingKeys(root, [t.key], [dsl!, ben!, cara!])
    expect(before.actions.some((a) => a.disputeId === 'd1')).toBe(true)
    expect(before.parts.map((p) => p.plaintext.toString('utf8')).sort()).toEqual([letter, letter, report, kept].map(String).sort())
    const d1Parts = [fileOf(dsl!, 'd1', 'r1', 'letter.pdf'), fileOf(dsl!, 'd1', 'r3', 'report.pdf')].flatMap((f) => f.parts.map((p) => p.path))

    const disposal = dsl!.device.dispose({ disputeId: 'd1', reference: 'ESC-2026-0001', reason: 'Retention period ended', decidedBy: 'Asha Patel (DSL)', retentionYears: 25 }, now)
    expect(disposal.keyIds).toHaveLength(1)
    expect(dsl!.keyring.keysOf('d1')).toEqual([])
    await syncAll([dsl!, ben!, cara!], 2)

    for (const h of [dsl!, ben!, cara!]) {
      expect(h.device.state().disputes.map((d) => d.disputeId)).toEqual(['d2'])
      expect(h.keyring.holds(disposal.keyIds[0]!)).toBe(false)
      expect(h.device.disposals().map((d) => [d.disputeId, d.byName, d.reason, d.retentionYears])).toEqual([['d1', 'Asha Patel', 'Retention period ended', 25]])
      expect(h.device.problemSentences()).toEqual([])
    }
    // After: nothing of d1 opens with any key left on any device; d2 still does.
    const after = readWithSurvivingKeys(root, [t.key], [dsl!, ben!, cara!])
    expect(after.actions.filter((a) => a.disputeId === 'd1')).toEqual([])
    expect(after.actions.some((a) => a.disputeId === 'd2')).toBe(true)
    for (const a of after.actions) expect(a.json).not.toContain(SECRET)
    for (const p of after.plaintexts) expect(p).not.toContain(SECRET)
    // d1's files' parts are still in the folder, and open with no key left anywhere — not with the epoch's key,
    // which every member (Ben and Cara among them) keeps to read the team's history; d2's, the same letter
    // among them, still open with d2's key.
    for (const path of d1Parts) expect(walk(root).some((f) => relative(root, f).split(sep).join('/') === path)).toBe(true)
    expect(after.parts.map((p) => p.path).filter((p) => d1Parts.includes(p))).toEqual([])
    expect(after.parts.map((p) => p.plaintext.toString('utf8')).sort()).toEqual([letter, kept].map(String).sort())
    for (const h of [ben!, cara!]) expect(await h.device.fetchFile(fileOf(h, 'd2', 'r2', 'letter.pdf'), 'd2')).toEqual({ ok: true, bytes: letter })
    // The tombstone itself is inside a sealed segment: no file holds the dispute's id in its bytes.
    for (const file of walk(root)) expect(readFileSync(file).includes(Buffer.from('"d1"'))).toBe(false)

    // A device started again from nothing (its keyring kept, as the local vault keeps it) does not get d1 back.
    const again = t.make(ben!.m, [t.key], ben!.keyring)
    await again.device.sync()
    expect(again.device.state()).toEqual(dsl!.device.state())
  })

  it('an offline device that still holds the key applies the tombstone before anything else of that dispute when it returns', async () => {
    const root = folder()
    const t = team(3, root)
    const [dsl, ben, cara] = t.members.map((m) => t.make(m))
    await ready([dsl!, ben!, cara!])
    dsl!.device.append([opened('d1'), drafted('d1', 'r1', 'r1.v1', [], dsl!.m.personId, SECRET)], now)
    await syncAll([dsl!, ben!, cara!], 2)
    expect(cara!.keyring.keyFor('d1')).not.toBeNull()

    // Cara goes offline; while she is away she writes to d1, the DSL disposes of it and Ben applies that.
    cara!.device.append([drafted('d1', 'r9', 'r9.v1', [], cara!.m.personId, 'Written offline')], now)
    dsl!.device.dispose({ disputeId: 'd1', reference: 'ESC-2026-0001', reason: 'Retention period ended', decidedBy: 'Asha Patel (DSL)', retentionYears: 25 }, now)
    await syncAll([dsl!, ben!], 2)

    // She returns: her offline change goes out (under d1's key, which no one else holds now), and the
    // tombstone is applied before her own change or anything else of d1 is merged.
    await cara!.device.sync()
    expect(cara!.device.state().disputes).toEqual([])
    expect(cara!.keyring.keysOf('d1')).toEqual([])
    expect(cara!.device.disposals().map((d) => d.disputeId)).toEqual(['d1'])
    await syncAll([dsl!, ben!, cara!], 2)
    for (const h of [dsl!, ben!, cara!]) expect(h.device.state().disputes).toEqual([])
    const after = readWithSurvivingKeys(root, [t.key], [dsl!, ben!, cara!])
    expect(after.actions.filter((a) => a.disputeId === 'd1')).toEqual([])
  })

  it('only an owner may dispose: a member’s tombstone is refused and named, and the dispute stays', async () => {
    const root = folder()
    const t = team(2, root)
    const [dsl, ben] = t.members.map((m) => t.make(m))
    await ready([dsl!, ben!])
    dsl!.device.append([opened('d1')], now)
    await syncAll([dsl!, ben!], 2)
    expect(() => ben!.device.dispose({ disputeId: 'd1', reference: null, reason: 'No longer needed', decidedBy: 'Ben Okafor', retentionYears: null }, now)).toThrow(/Only an owner/)
    // Written outside the app: a tombstone in Ben's own segment.
    ben!.device.append([], now, [{ disputeId: 'd1', keyIds: [ben!.keyring.keyFor('d1')!], reference: null, reason: 'No longer needed', decidedBy: 'Ben Okafor', retentionYears: null, at: now.toISOString() }])
    await syncAll([ben!, dsl!], 1)
    expect(dsl!.device.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    expect(dsl!.keyring.keyFor('d1')).not.toBeNull()
    expect(dsl!.device.problemSentences()).toEqual([
      'Ben Okafor’s change 2 asks to dispose of a dispute’s records, but only an owner of the team vault (the DSL) may do that: it was not applied.',
    ])
  })
})

type Op = { op: 'open'; d: number } | { op: 'draft'; d: number } | { op: 'attach'; d: number } | { op: 'sync'; d: number } | { op: 'offline'; d: number; on: boolean } | { op: 'dispose'; n: number }
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('open' as const), d: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('draft' as const), d: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('attach' as const), d: fc.nat(2) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('sync' as const), d: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('offline' as const), d: fc.nat(2), on: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dispose' as const), n: fc.nat(9) }) },
)

describe('disposal, as a property', () => {
  it('whatever the order of opening, writing, syncing, going offline and disposing on three devices: all converge, and nothing disposed opens with any key left', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        const server = new Server()
        const members = makeMembers(3)
        const key = newTeamKey()
        const { directory } = directoryOf(members, { [members[0]!.deviceId]: 'owner' })
        const hs = members.map((m) => {
          const transport = server.window(m.deviceId)
          const keyring = new DisputeKeyring()
          return { m, keyring, transport, device: new TeamDevice({ transport, keys: [key], deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory, keyring }) }
        })
        const sync = async (h: (typeof hs)[number]) => void (await h.device.sync().catch(() => null))
        for (const h of hs) h.device.publishReceiveKey(now)
        for (let i = 0; i < 2; i++) for (const h of hs) await sync(h)
        let opened = 0
        const disposed = new Set<string>()
        for (const o of ops) {
          if (o.op === 'open') {
            const id = `d${++opened}`
            hs[o.d]!.device.append([openedAction(id), drafted(id, `${id}.r`, `${id}.r.v1`, [], hs[o.d]!.m.personId, `secret words of ${id}`)], now)
          } else if (o.op === 'draft') {
            const h = hs[o.d]!
            const there = h.device.state().disputes.filter((d) => !d.disputeId.includes('.'))
            const target = there[opened % Math.max(1, there.length)]
            if (target) h.device.append([drafted(target.disputeId, `${target.disputeId}.${h.m.deviceId.slice(0, 6)}`, `${target.disputeId}.${h.m.deviceId.slice(0, 6)}.v`, [], h.m.personId, `more secret words of ${target.disputeId}`)], now)
          } else if (o.op === 'attach') {
            // A stored file of the dispute's first record, its parts sealed under the dispute's key.
            const h = hs[o.d]!
            const there = h.device.state().disputes.filter((d) => !d.disputeId.includes('.'))
            const target = there[opened % Math.max(1, there.length)]
            if (target) h.device.append([attach(h, target.disputeId, `${target.disputeId}.r`, 'letter.pdf', Buffer.from(`file words of ${target.disputeId} from ${h.m.name}`))], now)
          } else if (o.op === 'sync') await sync(hs[o.d]!)
          else if (o.op === 'offline') hs[o.d]!.transport.offline = o.on
          else {
            const owner = hs[0]!
            const held = owner.device.state().disputes.map((d) => d.disputeId)
            const target = held[o.n % Math.max(1, held.length)]
            if (target) {
              owner.device.dispose({ disputeId: target, reference: null, reason: 'Retention period ended', decidedBy: 'Asha Patel', retentionYears: 25 }, now)
              disposed.add(target)
            }
          }
        }
        for (const h of hs) h.transport.offline = false
        for (let i = 0; i < 4; i++) for (const h of hs) await sync(h)
        const states = hs.map((h) => JSON.stringify(h.device.state()))
        expect(states[1]).toBe(states[0])
        expect(states[2]).toBe(states[0])
        for (const h of hs) {
          for (const d of disposed) expect(h.keyring.keysOf(d)).toEqual([])
          expect(h.device.disposals().map((d) => d.disputeId).sort()).toEqual([...disposed].sort())
          expect(h.device.problemSentences()).toEqual([])
        }
        const files = [...server.files].map(([path, bytes]) => ({ path, bytes }))
        const { actions, plaintexts, parts } = readFilesWithKeys(files, [key], hs)
        for (const a of actions) expect(disposed.has(a.disputeId)).toBe(false)
        for (const d of disposed) for (const p of plaintexts) expect(p).not.toContain(`secret words of ${d}`)
        // Nor any part of a disposed dispute's stored files, with any key left (the epoch's key among them).
        for (const d of disposed) for (const p of parts) expect(p.plaintext.toString('utf8')).not.toContain(`file words of ${d} `)
        // Everything not disposed is still readable, by everyone.
        const live = new Set(hs[0]!.device.state().disputes.map((d) => d.disputeId))
        for (let i = 1; i <= opened; i++) if (!disposed.has(`d${i}`)) expect(live.has(`d${i}`)).toBe(true)
      }),
      { numRuns: 25 },
    )
  })
})
