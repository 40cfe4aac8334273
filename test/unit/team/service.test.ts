/**
 * The team service over a shared local folder (issue 17): each colleague's last received time by the
 * writer's clock, a sync that brings news tells the bridge (`onMerged`), what was sent is kept in the team
 * document so a restarted service never numbers a change twice, and a stopped service syncs no more.
 */
import { opened } from '../../support/team-actions'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TeamDoc, TeamKeysDoc } from '../../../src/main/caselog/documents'
import { TeamDoc as TeamDocSchema, TeamKeysDoc as TeamKeysDocSchema } from '../../../src/main/caselog/documents'
import type { TeamKeySource } from '../../../src/main/caselog/caselog'
import { KDF_FLOOR } from '../../../src/main/store/kdf'
import { newBoxKeyPair, newSigningKeyPair, Signer } from '../../../src/main/store/keys'
import type { Me } from '../../../src/main/team/membership'
import { TeamService } from '../../../src/main/team/service'
import { LocalFolderTransport, type Transport } from '../../../src/main/team/transport'
import { haveRclone, serve, stop } from '../../support/rclone'

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true })
})

/** A shared folder for the team's files, removed after the test. */
function sharedFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-team-service-'))
  roots.push(root)
  return root
}

function person(personId: string, name: string): Me {
  const s = newSigningKeyPair()
  return { personId, name, signer: new Signer(s.privateKey, s.publicKey), box: newBoxKeyPair() }
}

/** A local vault's team document and dispute keys as the case log keeps them: parsed with their schemas at each save. */
function memoryStore() {
  const saved: { doc: TeamDoc | undefined; actions: string[] } = { doc: undefined, actions: [] }
  const shards = new Map<string, TeamKeysDoc>()
  let source: TeamKeySource | null = null
  return {
    saved,
    shards,
    store: {
      team: async () => saved.doc,
      saveTeam: async (doc: TeamDoc, event: { action: string }) => {
        saved.doc = TeamDocSchema.parse(JSON.parse(JSON.stringify(doc)))
        const written = source?.peek() ?? new Map<string, TeamKeysDoc>()
        for (const [s, d] of written) shards.set(s, TeamKeysDocSchema.parse(JSON.parse(JSON.stringify(d))))
        source?.stored(written)
        saved.actions.push(event.action)
      },
      teamKeyShards: async () => [...shards.values()].map((d) => d.keys),
      teamKeysWith: (s: TeamKeySource | null) => {
        source = s
      },
    },
  }
}

describe('the team service', () => {
  it('shows when each colleague’s changes were last received, tells listeners, and resumes where it left off', async () => {
    const root = sharedFolder()
    const clock = { now: new Date('2026-12-02T14:05:00.000Z') }
    const asha = person('pasha', 'Asha Patel')
    const ben = person('pben', 'Ben Okafor')
    const a = memoryStore()
    const b = memoryStore()
    const options = (me: Me, store: ReturnType<typeof memoryStore>['store']) => ({ store, me: () => me, now: () => clock.now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    const dsl = await TeamService.start(options(asha, a.store))
    await dsl.setUp({ kind: 'folder', path: root })
    const inv = await dsl.invite({ name: 'Ben Okafor', role: 'member', days: 7 })
    const deputy = await TeamService.start(options(ben, b.store))
    await deputy.join({ file: inv.file, code: inv.code, folder: root, chooseFolder: null })

    deputy.device!.append([opened('d1')], clock.now)
    // What a save's commit stores with it (the bridge's `Changes.team`): the change sealed and waiting.
    expect(TeamDocSchema.parse(deputy.currentDocument())).toMatchObject({ position: { seq: 1 }, outbox: [expect.objectContaining({ path: expect.stringMatching(/s-000000000001-/) })] })
    await deputy.syncNow()
    expect(deputy.currentDocument()).toMatchObject({ position: { seq: 1 }, outbox: [] })
    clock.now = new Date('2026-12-02T15:30:00.000Z')
    let merged = 0
    dsl.onMerged(() => merged++)
    await dsl.syncNow()
    expect(merged).toBe(1)
    expect(dsl.device!.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    expect(dsl.status().members).toEqual([
      { personId: 'pasha', name: 'Asha Patel', role: 'owner', me: true, lastReceivedAt: null },
      { personId: 'pben', name: 'Ben Okafor', role: 'member', me: false, lastReceivedAt: '2026-12-02T14:05:00.000Z' },
    ])
    expect(a.saved.actions).toEqual(['team-set-up', 'team-invitation-made', 'team-synced'])
    expect(b.saved.actions).toEqual(['team-joined', 'team-synced', 'team-synced'])

    // The deputy's service restarts (the vault locked and was unlocked): it carries on from change 2.
    deputy.stop()
    const again = await TeamService.start(options(ben, b.store))
    // Its dispute keys came back from the local vault; its first sync learns where colleagues' receive keys
    // stand (the case log's bridge holds saves back until then), so the next change is sealed for them too.
    expect(again.device!.saved().seq).toBe(1)
    await again.syncNow()
    const path = again.device!.append([opened('d2')], clock.now)
    expect(path).toMatch(/\/s-000000000002-[0-9a-f]{8}\.elt$/)
    await again.syncNow()
    await dsl.syncNow()
    expect(dsl.device!.state().disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
    expect(dsl.status().problems).toEqual([])
    again.stop()
    expect(await again.syncNow()).toBeNull()
    dsl.stop()
  })

  it('a team document from before per-dispute keys (receive key null) gets one at the next start, stored at once; the device then shares as before', async () => {
    const root = sharedFolder()
    const now = () => new Date('2026-12-02T14:05:00.000Z')
    const asha = person('pasha', 'Asha Patel')
    const ben = person('pben', 'Ben Okafor')
    const a = memoryStore()
    const b = memoryStore()
    const options = (me: Me, store: ReturnType<typeof memoryStore>['store']) => ({ store, me: () => me, now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    const dsl = await TeamService.start(options(asha, a.store))
    await dsl.setUp({ kind: 'folder', path: root })
    const inv = await dsl.invite({ name: 'Ben Okafor', role: 'member', days: 7 })
    const deputy = await TeamService.start(options(ben, b.store))
    await deputy.join({ file: inv.file, code: inv.code, folder: root, chooseFolder: null })
    deputy.stop()
    // As the migration from format 1 leaves it: no receive key.
    b.saved.doc = TeamDocSchema.parse({ ...b.saved.doc!, receive: null })
    const again = await TeamService.start(options(ben, b.store))
    expect(b.saved.actions.at(-1)).toBe('team-synced')
    expect(b.saved.doc?.receive).toMatchObject({ n: 1 })
    again.device!.append([opened('d1')], now())
    await again.syncNow()
    await dsl.syncNow()
    await again.syncNow()
    await dsl.syncNow()
    expect(dsl.device!.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
    dsl.stop()
    again.stop()
  })
})

const everyByte = (dir: string): string => {
  const out: Buffer[] = []
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      if (statSync(join(d, n)).isDirectory()) walk(join(d, n))
      else out.push(readFileSync(join(d, n)))
    }
  }
  walk(dir)
  return Buffer.concat(out).toString('latin1')
}

if (!haveRclone()) console.log('team service WebDAV test skipped: rclone is not installed (apt-get install rclone)')

describe('the team service’s keys', () => {
  it('a member offline while one colleague was removed and another invited gets the new key at its next sync, with nothing refused', async () => {
    const root = sharedFolder()
    const now = () => new Date('2026-12-02T14:05:00.000Z')
    const stores = { asha: memoryStore(), ben: memoryStore(), cara: memoryStore() }
    const people = { asha: person('pasha', 'Asha Patel'), ben: person('pben', 'Ben Okafor'), cara: person('pcara', 'Cara Singh') }
    const options = (who: keyof typeof people) => ({ store: stores[who].store, me: () => people[who], now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    const dsl = await TeamService.start(options('asha'))
    await dsl.setUp({ kind: 'folder', path: root })
    const joinAs = async (who: 'ben' | 'cara') => {
      const inv = await dsl.invite({ name: people[who].name, role: 'member', days: 7 })
      const service = await TeamService.start(options(who))
      await service.join({ file: inv.file, code: inv.code, folder: root, chooseFolder: null })
      return service
    }
    const ben = await joinAs('ben')
    const cara = await joinAs('cara')
    for (const s of [dsl, ben, cara, dsl]) await s.syncNow()
    // Cara's computer is off while Asha removes Ben and then invites Dan.
    cara.stop()
    dsl.device!.append([opened('before-removal')], now())
    await dsl.syncNow()
    const device = dsl.device
    const reads = (t: { counts: { read: number } }) => t.counts.read
    await dsl.remove('pben')
    // The same device, holding the team's history: a save right after is told against it, not as new, and the
    // next sync fetches nothing again.
    expect(dsl.device).toBe(device)
    expect(dsl.device!.state().disputes.map((d) => d.disputeId)).toContain('before-removal')
    const transport = (dsl as unknown as { transport: { counts: { read: number } } }).transport
    const before = reads(transport)
    await dsl.syncNow()
    expect(reads(transport) - before).toBeLessThanOrEqual(2)
    await dsl.invite({ name: 'Dan Hughes', role: 'member', days: 7 })
    dsl.device!.append([opened('after-removal')], now())
    await dsl.syncNow()
    const again = await TeamService.start(options('cara'))
    await again.syncNow()
    expect(again.currentDocument()!.keys.map(([epoch]) => epoch)).toEqual([2, 1])
    expect(again.currentDocument()!.list.number).toBe(dsl.currentDocument()!.list.number)
    expect(again.status().problems).toEqual([])
    expect(again.status().pending.map((p) => p.name)).toEqual(['Dan Hughes'])
    await again.syncNow()
    // The dispute's own key reaches her as every key does (asked for, then granted by the DSL's next sync).
    await dsl.syncNow()
    await again.syncNow()
    expect(again.device!.state().disputes.map((d) => d.disputeId)).toContain('after-removal')
    expect(again.status().problems).toEqual([])
    for (const s of [dsl, ben, again]) s.stop()
  })
})

describe('two owners changing the team at the same moment', () => {
  async function twoOwners() {
    const root = sharedFolder()
    const now = () => new Date('2026-12-02T14:05:00.000Z')
    const people = { asha: person('pasha', 'Asha Patel'), ben: person('pben', 'Ben Okafor'), cara: person('pcara', 'Cara Singh') }
    const stores = { asha: memoryStore(), ben: memoryStore(), cara: memoryStore() }
    const options = (who: keyof typeof people) => ({ store: stores[who].store, me: () => people[who], now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    const asha = await TeamService.start(options('asha'))
    await asha.setUp({ kind: 'folder', path: root })
    const join2 = async (who: 'ben' | 'cara', role: 'owner' | 'member') => {
      const inv = await asha.invite({ name: people[who].name, role, days: 7 })
      const s = await TeamService.start(options(who))
      await s.join({ file: inv.file, code: inv.code, folder: root, chooseFolder: null })
      return s
    }
    // Ben joins as the second owner and may change the team at once, before any list records him.
    const ben = await join2('ben', 'owner')
    const cara = await join2('cara', 'member')
    for (const s of [asha, ben, cara, asha, ben]) await s.syncNow()
    return { root, asha, ben, cara, stores, now }
  }
  /** Two lists of one number in the shared folder: the owners really did change the team at once. */
  const forked = (root: string): boolean => {
    const numbers = readdirSync(join(root, 'members')).map((n) => n.split('-')[1])
    return new Set(numbers).size < numbers.length
  }
  const settle = async (...services: TeamService[]) => {
    for (let i = 0; i < 3; i++) for (const s of services) await s.syncNow()
  }

  it('an owner invited may change the team as soon as they have joined, before any list records them', async () => {
    const root = sharedFolder()
    const now = () => new Date('2026-12-02T14:05:00.000Z')
    const a = memoryStore()
    const people = { asha: person('pasha', 'Asha Patel'), ben: person('pben', 'Ben Okafor') }
    const asha = await TeamService.start({ store: a.store, me: () => people.asha, now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    await asha.setUp({ kind: 'folder', path: root })
    const inv = await asha.invite({ name: 'Ben Okafor', role: 'owner', days: 7 })
    const ben = await TeamService.start({ store: memoryStore().store, me: () => people.ben, now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    await ben.join({ file: inv.file, code: inv.code, folder: root, chooseFolder: null })
    await ben.invite({ name: 'Dan Hughes', role: 'member', days: 7 })
    await asha.syncNow()
    expect(asha.status().problems).toEqual([])
    expect(asha.status().pending.map((p) => p.name)).toEqual(['Dan Hughes'])
    expect(asha.status().members.map((m) => [m.name, m.role])).toEqual([['Asha Patel', 'owner'], ['Ben Okafor', 'owner']])
    asha.stop()
    ben.stop()
  })

  it('two invitations at once: every device keeps the same list, the owner whose list gave way is told and audited, and that invitation is refused in words', async () => {
    const { root, asha, ben, cara, stores } = await twoOwners()
    const [forCara2, forDan] = await Promise.all([
      asha.invite({ name: 'Eve Adams', role: 'member', days: 7 }),
      ben.invite({ name: 'Dan Hughes', role: 'member', days: 7 }),
    ])
    expect(forked(root)).toBe(true)
    await settle(asha, ben, cara)
    const hashes = [asha, ben, cara].map((s) => s.currentDocument()!.listHash)
    expect(new Set(hashes).size).toBe(1)
    const standing = asha.status().pending.map((p) => p.name)
    expect(standing).toHaveLength(1)
    const ashaLost = standing[0] === 'Dan Hughes'
    const [loser, loserStore, lostName, lostInvite, keptInvite] = ashaLost
      ? [asha, stores.asha, 'Eve Adams', forCara2, forDan]
      : [ben, stores.ben, 'Dan Hughes', forDan, forCara2]
    const winnerName = ashaLost ? 'Ben Okafor' : 'Asha Patel'
    const sentence = `Your change to who is in the team (the invitation for ${lostName}) was not kept, because ${winnerName} changed the team at the same moment: make it again.`
    expect(loser.status().problems).toEqual([sentence])
    expect(loserStore.saved.actions).toContain('team-change-not-kept')
    for (const s of [asha, ben, cara]) if (s !== loser) expect(s.status().problems).toEqual([])
    for (const s of [asha, ben, cara]) expect(s.status().pending.map((p) => p.name)).toEqual([ashaLost ? 'Dan Hughes' : 'Eve Adams'])

    const lateMe = person('plate', lostName)
    const okMe = person('pok', 'Joiner')
    const late = await TeamService.start({ store: memoryStore().store, me: () => lateMe, now: () => new Date('2026-12-02T14:05:00.000Z'), kdf: async () => KDF_FLOOR, intervalMs: 0 })
    await expect(late.join({ file: lostInvite.file, code: lostInvite.code, folder: root, chooseFolder: null })).rejects.toThrow(/no longer waiting to be used/)
    const ok = await TeamService.start({ store: memoryStore().store, me: () => okMe, now: () => new Date('2026-12-02T14:05:00.000Z'), kdf: async () => KDF_FLOOR, intervalMs: 0 })
    await ok.join({ file: keptInvite.file, code: keptInvite.code, folder: root, chooseFolder: null })
    // The list after the fork follows the one that stands, on every device.
    await settle(asha, ben, cara, ok)
    await asha.invite({ name: 'Fay Kaur', role: 'viewer', days: 7 })
    await settle(asha, ben, cara, ok)
    expect(new Set([asha, ben, cara, ok].map((s) => s.currentDocument()!.listHash)).size).toBe(1)
    for (const s of [asha, ben, cara, ok]) expect(s.status().problems.filter((p) => p !== sentence)).toEqual([])
    for (const s of [asha, ben, cara, ok, late]) s.stop()
  })

  it('a removal and an invitation at once: the team ends on one list and one key, and what each writes afterwards reaches the others', async () => {
    const { root, asha, ben, cara } = await twoOwners()
    await Promise.all([asha.remove('pcara'), ben.invite({ name: 'Dan Hughes', role: 'member', days: 7 })])
    expect(forked(root)).toBe(true)
    await settle(asha, ben, cara)
    expect(asha.currentDocument()!.listHash).toBe(ben.currentDocument()!.listHash)
    const list = asha.currentDocument()!.list
    const removalStood = list.removed.some((r) => r.personId === 'pcara')
    const loser = removalStood ? ben : asha
    expect(loser.status().problems).toEqual([
      removalStood
        ? 'Your change to who is in the team (the invitation for Dan Hughes) was not kept, because Asha Patel changed the team at the same moment: make it again.'
        : 'Your change to who is in the team (the removal of Cara Singh) was not kept, because Ben Okafor changed the team at the same moment: make it again.',
    ])
    // One key for the team: the epoch the standing list says, the same on both owners' devices.
    const epochs = (s: TeamService) => s.currentDocument()!.keys.map(([e, k]) => `${e}:${k}`)
    expect(epochs(asha)[0]).toBe(epochs(ben)[0])
    expect(asha.currentDocument()!.keys[0]![0]).toBe(list.epoch)
    asha.device!.append([opened('from-asha')], new Date('2026-12-02T14:05:00.000Z'))
    ben.device!.append([opened('from-ben')], new Date('2026-12-02T14:05:00.000Z'))
    await settle(asha, ben, cara)
    await settle(asha, ben, cara)
    expect(asha.device!.state().disputes.map((d) => d.disputeId)).toEqual(expect.arrayContaining(['from-asha', 'from-ben']))
    expect(ben.device!.state().disputes.map((d) => d.disputeId)).toEqual(expect.arrayContaining(['from-asha', 'from-ben']))
    if (!removalStood) expect(cara.device!.state().disputes.map((d) => d.disputeId)).toEqual(expect.arrayContaining(['from-asha', 'from-ben']))
    for (const s of [asha, ben, cara]) s.stop()
  })
})

describe('an invitation withdrawn as it is used', () => {
  it('the deputy who joined just as the DSL withdrew her invitation is told she is not in the team, not that she was removed', async () => {
    const root = sharedFolder()
    const now = () => new Date('2026-12-02T14:05:00.000Z')
    const asha = person('pasha', 'Asha Patel')
    const ben = person('pben', 'Ben Okafor')
    const a = memoryStore()
    const b = memoryStore()
    // The DSL's copy of the folder has not yet received the deputy's device folder (a sync engine's delay).
    const lagging = { on: false }
    const connect = async (): Promise<Transport> => {
      const inner = new LocalFolderTransport(root)
      return {
        counts: inner.counts,
        list: async (folder) => (lagging.on && folder.startsWith('devices/') && folder !== 'devices' && !folder.startsWith(`devices/${a.saved.doc?.deviceId}`) ? [] : inner.list(folder)),
        read: (path) => inner.read(path),
        write: (path, bytes) => inner.write(path, bytes),
      }
    }
    const dsl = await TeamService.start({ store: a.store, me: () => asha, now, kdf: async () => KDF_FLOOR, intervalMs: 0, connect })
    await dsl.setUp({ kind: 'folder', path: root })
    const inv = await dsl.invite({ name: 'Ben Okafor', role: 'member', days: 7 })
    const deputy = await TeamService.start({ store: b.store, me: () => ben, now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
    lagging.on = true
    await deputy.join({ file: inv.file, code: inv.code, folder: root, chooseFolder: null })
    expect(deputy.status()).toMatchObject({ myRole: 'member', left: null })
    await dsl.withdraw(dsl.status().pending[0]!.inviteId)
    await deputy.syncNow()
    expect(deputy.status()).toMatchObject({ member: true, myRole: null, left: 'withdrawn', removed: [] })
    lagging.on = false
    await dsl.syncNow()
    expect(dsl.status().members.map((m) => m.name)).toEqual(['Asha Patel'])
    dsl.stop()
    deputy.stop()
  })
})

describe('the team service’s packs', () => {
  it('a run of its own changes closed but not yet packed when the app stopped is packed after it starts again', async () => {
    const root = sharedFolder()
    const now = () => new Date('2026-12-02T14:05:00.000Z')
    const asha = person('pasha', 'Asha Patel')
    const a = memoryStore()
    const options = { store: a.store, me: () => asha, now, kdf: async () => KDF_FLOOR, intervalMs: 0, packSegments: 4 }
    const dsl = await TeamService.start(options)
    await dsl.setUp({ kind: 'folder', path: root })
    await dsl.syncNow()
    let n = 0
    while (dsl.device!.saved().seq % 4 !== 3) {
      dsl.device!.append([opened(`d${++n}`)], now())
      await dsl.syncNow()
    }
    // The run's last change is saved (the bridge stores the team document in the save's commit) and the app stops.
    dsl.device!.append([opened(`d${++n}`)], now())
    a.saved.doc = TeamDocSchema.parse(JSON.parse(JSON.stringify(dsl.currentDocument())))
    expect(a.saved.doc.position).toMatchObject({ seq: dsl.device!.saved().seq, packedUpTo: dsl.device!.saved().seq - 4 })
    dsl.stop()
    const packs = () => {
      const folder = join(root, 'devices', a.saved.doc!.deviceId, 'packs')
      try {
        return readdirSync(folder, { recursive: true }).map(String).filter((f) => f.endsWith('.elt'))
      } catch {
        return []
      }
    }
    expect(packs()).toEqual([])
    const again = await TeamService.start(options)
    await again.syncNow()
    await again.syncNow()
    const last = again.device!.saved().seq - (again.device!.saved().seq % 4)
    expect(packs()).toEqual([expect.stringMatching(new RegExp(`p-${String(last - 3).padStart(12, '0')}-${String(last).padStart(12, '0')}-`))])
    expect(again.currentDocument()!.position.packedUpTo).toBe(last)
    expect(again.status().problems).toEqual([])
    again.stop()
  })
})

describe.skipIf(!haveRclone())('the team service on a WebDAV server (rclone serve webdav)', () => {
  it('the invitation carries the address and credentials; the deputy joins and her change reaches the DSL; the server sees no name or password', async () => {
    const root = mkdtempSync(join(tmpdir(), 'escalation-log-team-dav-'))
    roots.push(root)
    mkdirSync(join(root, 'served', 'school-a'), { recursive: true })
    const served = await serve(join(root, 'served'), ['--user', 'asha', '--pass', 'correct horse battery'])
    try {
      const now = () => new Date('2026-12-02T14:05:00.000Z')
      const asha = person('pasha', 'Asha Patel')
      const ben = person('pben', 'Ben Okafor')
      const a = memoryStore()
      const b = memoryStore()
      const options = (me: Me, store: ReturnType<typeof memoryStore>['store']) => ({ store, me: () => me, now, kdf: async () => KDF_FLOOR, intervalMs: 0 })
      const dsl = await TeamService.start(options(asha, a.store))
      await dsl.setUp({ kind: 'webdav', url: `${served.url}/school-a`, username: 'asha', password: 'correct horse battery' })
      const inv = await dsl.invite({ name: 'Ben Okafor', role: 'member', days: 7 })
      const deputy = await TeamService.start(options(ben, b.store))
      await deputy.join({ file: inv.file, code: inv.code, folder: null, chooseFolder: null })
      expect(b.saved.doc?.transport).toEqual({ kind: 'webdav', url: `${served.url}/school-a`, username: 'asha', password: 'correct horse battery' })
      deputy.device!.append([opened('d1')], now())
      await deputy.syncNow()
      await dsl.syncNow()
      expect(dsl.device!.state().disputes.map((d) => d.disputeId)).toEqual(['d1'])
      expect(dsl.status()).toMatchObject({ where: `the WebDAV server ${new URL(served.url).host}`, problems: [], lastSyncError: null })
      expect(dsl.status().members.map((m) => [m.name, m.lastReceivedAt])).toEqual([
        ['Asha Patel', null],
        ['Ben Okafor', '2026-12-02T14:05:00.000Z'],
      ])
      const bytes = everyByte(join(root, 'served'))
      for (const word of ['Asha', 'Patel', 'Ben', 'Okafor', 'pasha', 'pben', 'correct horse']) expect(bytes).not.toContain(word)
      dsl.stop()
      deputy.stop()
    } finally {
      await stop(served)
    }
  }, 60_000)
})
