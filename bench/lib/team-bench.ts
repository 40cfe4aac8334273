/**
 * The team vault (issue 17, "Performance"), over a real loopback WebDAV server (`rclone serve webdav`), in one
 * run: the scale's history written by three colleagues' devices with per-dispute keys (team-history.ts); the
 * DSL's device started on it (its position and keyring as its local vault keeps them; its first sync since it
 * started reads the history, as after any unlock — not measured); then a fourth device joins.
 *
 *   join        a real join with its key round trip, each step timed: the new device's first sync (list,
 *               download, verify and decrypt each pack and each segment in it, check the chains; every event
 *               is sealed under a dispute key it lacks, so it asks for them all in a segment of its own), the
 *               DSL's device's next sync (it reads that segment and grants every key, sealed to the new
 *               device's receive key) and the new device's second sync (it reads the grants, opens every event
 *               with its dispute's key and merges) ÷ the floor: the same listings and downloads the new device
 *               made, and opening every file and every segment inside a pack (signature, then decryption),
 *               every grant to it and every event with its dispute's key — ≤ 2×
 *   quiet sync  CPU of a sync with nothing new — ≤ 20 ms
 *   new record  bytes read by the sync that fetches one new record ÷ that file's size — ≤ 3×
 *   save        a save with the server frozen (SIGSTOP) ÷ a save with it answering, p50 — ≤ 2×: a save never
 *               waits for the network
 *
 * The round trip's waiting (in the app each device syncs every minute) is not counted: the row is the work.
 */
import { drafted } from '../../test/support/team-actions'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DisputeKeyring, openAction, openGrant } from '../../src/main/team/dispute-keys'
import { randomBytes } from 'node:crypto'
import { newSigningKeyPair, Signer } from '../../src/main/store/keys'
import { TeamDevice, type DeviceDirectory, type DeviceDirectoryEntry, type SavedPosition } from '../../src/main/team/device'
import { decodePack, parsePackName } from '../../src/main/team/packs'
import { filesKey, openFile, parseFileName, type TeamKey } from '../../src/main/team/sealed'
import type { Transport } from '../../src/main/team/transport'
import { WebDavTransport } from '../../src/main/team/webdav'
import { haveRclone, serve, stop } from '../../test/support/rclone'
import { makeMembers, newTeamKey, type Member } from '../../test/support/team-devices'
import { ms, ratioRow, type Figures, type Row } from './report'
import type { Scale } from './scales'
import { dist, type Dist } from './stats'
import { TEXT, teamDirectory, writeTeamHistory } from './team-history'
import { startOwner, type Owner } from './team-owner'

export interface Step {
  ms: number
  cpuMs: number
  requests: number
}

export interface TeamBenchResult {
  records: number
  files: number
  bytes: number
  packs: number
  /** Dispute keys in the history, and the grants the DSL's device wrote to the joining one. */
  disputeKeys: number
  granted: number
  join: Step
  /** The join's three steps: its first sync, the DSL's device's sync that grants, its second sync. */
  steps: { first: Step; grant: Step; second: Step }
  floor: Step
  quiet: { cpu: Dist; requests: number }
  newRecord: { requests: number; bytesIn: number; fileBytes: number }
  save: { frozen: Dist; answering: Dist }
}
export type TeamBench = TeamBenchResult | { skipped: string }

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}

/** A transport that notes every listing and read, so that the floor makes exactly the join's requests. */
class Recorded implements Transport {
  readonly lists: string[] = []
  readonly reads: string[] = []
  constructor(private readonly inner: Transport) {}
  get counts(): Transport['counts'] {
    return this.inner.counts
  }
  list(folder: string): Promise<string[]> {
    this.lists.push(folder)
    return this.inner.list(folder)
  }
  read(path: string): Promise<Buffer | null> {
    this.reads.push(path)
    return this.inner.read(path)
  }
  write(path: string, bytes: Buffer): Promise<void> {
    return this.inner.write(path, bytes)
  }
  /** Where the notes stand, to tell one sync's requests from the next's. */
  mark(): { lists: number; reads: number } {
    return { lists: this.lists.length, reads: this.reads.length }
  }
}

const device = (m: Member, transport: Transport, key: TeamKey, directory: DeviceDirectory, keyring: DisputeKeyring, resume?: SavedPosition) =>
  new TeamDevice({ transport, keys: [key], deviceId: m.deviceId, personId: m.personId, signer: m.signer, directory, keyring, ...(resume ? { resume } : {}) })

const recordsOf = (d: TeamDevice) => d.state().disputes.reduce((n, x) => n + x.records.length, 0)

export async function measureTeam(scale: Scale, scratch: string, log: (m: string) => void): Promise<TeamBench> {
  if (!haveRclone()) return { skipped: 'rclone is not installed (apt-get install rclone)' }
  rmSync(scratch, { recursive: true, force: true })
  const served = join(scratch, 'dav')
  mkdirSync(served, { recursive: true })
  // The DSL's own member, made here so that her device's process can be handed her signing key.
  const pair = newSigningKeyPair()
  const dslSigning = { privateKey: Buffer.from(pair.privateKey).toString('hex'), publicKey: Buffer.from(pair.publicKey).toString('hex') }
  const dsl: Member = { deviceId: randomBytes(16).toString('hex'), personId: `p0${randomBytes(3).toString('hex')}`, name: 'Asha Patel', signer: new Signer(pair.privateKey, Buffer.from(pair.publicKey)), publicKey: Buffer.from(pair.publicKey) }
  const members = [dsl, ...makeMembers(4).slice(1)]
  const newcomer = members[3] as Member
  const key = newTeamKey()
  const directory = teamDirectory(members, [dsl])
  const history = writeTeamHistory(served, scale, key, members.slice(0, 3), directory, log)
  const server = await serve(served)
  let owner: Owner | null = null
  try {
    const fk = filesKey(key)
    const connect = () => WebDavTransport.connect({ url: server.url })

    // The DSL's device as it starts on her machine, in a process of its own (team-owner.ts).
    const own = history.writers[0] as (typeof history.writers)[number]
    owner = startOwner()
    const started = await owner.ask<'started'>({
      kind: 'start',
      setup: {
        url: server.url,
        team: { teamId: key.teamId, epoch: key.epoch, epochKey: key.epochKey.toString('hex') },
        me: { deviceId: dsl.deviceId, personId: dsl.personId, signingPrivate: dslSigning.privateKey, signingPublic: dslSigning.publicKey },
        directory: members.map((m) => {
          const { signingPublicKey, ...entry } = directory(m.deviceId) as DeviceDirectoryEntry
          return { ...entry, deviceId: m.deviceId, signingPublicKey: signingPublicKey.toString('hex') }
        }),
        position: own,
        keyring: history.ownerKeyring,
      },
    })
    if (started.records !== scale.records || started.problems) throw new Error(`team: the DSL's device merged ${started.records} records, ${started.problems} problems`)
    log(`team: the DSL's device started and read the history in ${ms(started.ms)}; joining…`)

    const transport = new Recorded(await connect())
    const joinerKeyring = new DisputeKeyring()
    const joiner = device(newcomer, transport, key, directory, joinerKeyring)
    const step = async (run: () => Promise<unknown>, counts: Transport['counts']): Promise<Step> => {
      const before = { ...counts }
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      await run()
      return { ms: performance.now() - t0, cpuMs: cpuMs(c0), requests: counts.list - before.list + counts.read - before.read }
    }
    const first = await step(() => joiner.sync(), transport.counts)
    const between = transport.mark()
    if (transport.counts.write !== 1) throw new Error(`team join: the first sync wrote ${transport.counts.write} files, not one asking for the keys`)
    const answered = await owner.ask<'synced'>({ kind: 'sync' })
    if (answered.wrote !== 1) throw new Error('team join: the DSL’s device wrote no grants')
    const grant: Step = { ms: answered.ms, cpuMs: answered.cpuMs, requests: answered.requests }
    const second = await step(() => joiner.sync(), transport.counts)
    const join = { ms: first.ms + grant.ms + second.ms, cpuMs: first.cpuMs + grant.cpuMs + second.cpuMs, requests: first.requests + second.requests }
    const records = recordsOf(joiner)
    if (records !== scale.records || joiner.problems().length) throw new Error(`team join: merged ${records} records, ${joiner.problems().length} problems`)
    const granted = joinerKeyring.size
    log(`team: joined in ${ms(join.ms)} (first sync ${ms(first.ms)}, the DSL's device's grant of ${granted} keys ${ms(grant.ms)}, second sync ${ms(second.ms)}; ${join.requests} requests)`)

    // The floor: the joining device's listings and downloads, every file opened, every grant to it and every
    // event opened with its dispute's key. The second sync's files first: the grants in them open the rest.
    const raw = await connect()
    const reads = [...transport.reads.slice(between.reads), ...transport.reads.slice(0, between.reads)]
    const floor = async (): Promise<Step> => {
      const before = { ...raw.counts }
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      const keys = new Map<string, Buffer>()
      const openSegment = (plaintext: Buffer) => {
        const body = JSON.parse(plaintext.toString('utf8')) as {
          events: { id: string; sealed?: { keyId: string; box: string } }[]
          grants?: { keyId: string; to: string; n: number; sealed: string }[]
        }
        for (const g of body.grants ?? []) {
          if (g.to !== newcomer.deviceId) continue
          const k = openGrant(key.teamId, g.keyId, g.to, g.n, g.sealed, joinerKeyring.receiveReady)
          if (!k) throw new Error('floor: a grant did not open')
          keys.set(g.keyId, k)
        }
        for (const e of body.events) {
          if (!e.sealed) continue
          const k = keys.get(e.sealed.keyId)
          if (!k || openAction(key.teamId, e.id, e.sealed.keyId, k, e.sealed.box) === null) throw new Error('floor: an event did not open')
        }
      }
      for (const folder of transport.lists) await raw.list(folder)
      for (const path of reads) {
        const deviceId = path.split('/')[1] as string
        const signing = directory(deviceId)?.signingPublicKey ?? null
        const data = await raw.read(path)
        const name = path.split('/').pop() as string
        const pack = parsePackName(name)
        if (!data) throw new Error(`floor: ${path} went missing`)
        const opened = openFile(key.teamId, data, { deviceId, seq: pack ? pack.last : (parseFileName(name)?.seq ?? 0), kind: pack ? 'pack' : 'segment' }, signing, () => fk)
        if (!opened.ok) throw new Error(`floor: ${path} did not open`)
        if (!pack) {
          openSegment(opened.plaintext)
          continue
        }
        for (const [i, inner] of (decodePack(opened.plaintext, pack) ?? []).entries()) {
          const segment = openFile(key.teamId, inner, { deviceId, seq: pack.first + i, kind: 'segment' }, signing, () => fk)
          if (!segment.ok) throw new Error('floor: a packed segment did not open')
          openSegment(segment.plaintext)
        }
      }
      return { ms: performance.now() - t0, cpuMs: cpuMs(c0), requests: raw.counts.list - before.list + raw.counts.read - before.read }
    }
    // Twice, the faster kept (the DSL's device's first sync has already warmed the server; this process's first
    // floor is as cold as the join was), which can only favour the floor.
    const floors = [await floor(), await floor()]
    const floorBest = floors.reduce((a, b) => (b.ms < a.ms ? b : a))
    log(`team: floor ${ms(floorBest.ms)} (${floorBest.requests} requests)`)

    const quiet: number[] = []
    let quietRequests = 0
    for (let i = 0; i < 9; i++) {
      const before = { ...transport.counts }
      const c0 = process.cpuUsage()
      await joiner.sync()
      quiet.push(cpuMs(c0))
      quietRequests = transport.counts.list - before.list + transport.counts.read - before.read
    }

    // One new record on the DSL's device, sealed under its dispute's key and sent by its sync.
    const { fileBytes } = await owner.ask<'recorded'>({ kind: 'record', text: TEXT, now: scale.now })
    const before = { ...transport.counts }
    await joiner.sync()
    const newRecord = { requests: transport.counts.list - before.list + transport.counts.read - before.read, bytesIn: transport.counts.bytesIn - before.bytesIn, fileBytes }
    if (recordsOf(joiner) !== records + 1) throw new Error('team: the new record did not reach the joining device')

    // Saves on the device holding the whole history, alternately with the server frozen and answering.
    const samples = { frozen: [] as number[], answering: [] as number[] }
    for (let i = 0; i < 31; i++) {
      const frozen = i % 2 === 0
      if (frozen) server.child.kill('SIGSTOP')
      const t1 = performance.now()
      joiner.append([drafted('d0', `r.save${i}`, `r.save${i}.v1`, [], newcomer.personId, TEXT)], new Date(scale.now))
      const took = performance.now() - t1
      if (frozen) server.child.kill('SIGCONT')
      if (i > 0) samples[frozen ? 'frozen' : 'answering'].push(took)
    }
    return {
      records,
      files: history.files,
      bytes: history.bytes,
      packs: history.packs,
      disputeKeys: history.disputeKeys,
      granted,
      join,
      steps: { first, grant, second },
      floor: floorBest,
      quiet: { cpu: dist(quiet), requests: quietRequests },
      newRecord,
      save: { frozen: dist(samples.frozen), answering: dist(samples.answering) },
    }
  } finally {
    owner?.stop()
    server.child.kill('SIGCONT')
    await stop(server)
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The target rows, registered in TARGET_SOURCES (report.ts). */
export function teamTargets(f: Pick<Figures, 'team'>): Row[] {
  const t = f.team
  if (!t) return []
  const none = (id: string, name: string, target: string, why: string): Row => ({ id, name, absolute: '—', ratio: null, target, pass: null, note: why })
  if ('skipped' in t)
    return [
      none('team-join', 'Team vault: joining', '≤ 2×', t.skipped),
      none('team-quiet-sync', 'Team vault: a sync with nothing new, CPU', '≤ 20 ms', t.skipped),
      none('team-new-record', 'Team vault: one new record, bytes read', '≤ 3×', t.skipped),
      none('team-save-offline', 'Team vault: a save with the server frozen', '≤ 2×', t.skipped),
    ]
  const s = t.steps
  return [
    ratioRow(
      'team-join',
      `Team vault: joining with the key round trip (${t.records} records, ${t.files} files of which ${t.packs} packs, ${(t.bytes / 1048576).toFixed(0)} MiB; ${t.granted} dispute keys granted; ${t.join.requests} requests) ÷ downloading, decrypting and verifying the same bytes`,
      { value: t.join.ms },
      { value: t.floor.ms, label: 'floor' },
      2,
      { note: `CPU ${ms(t.join.cpuMs)} ÷ ${ms(t.floor.cpuMs)}; first sync ${ms(s.first.ms)} (CPU ${ms(s.first.cpuMs)}), the grant ${ms(s.grant.ms)} (${ms(s.grant.cpuMs)}), second sync ${ms(s.second.ms)} (${ms(s.second.cpuMs)})` },
    ),
    {
      id: 'team-quiet-sync',
      name: `Team vault: a sync with nothing new, CPU (p50 of ${t.quiet.cpu.n}; ${t.quiet.requests} requests for 3 other devices)`,
      absolute: ms(t.quiet.cpu.p50),
      ratio: null,
      target: '≤ 20 ms',
      pass: t.quiet.cpu.p50 <= 20,
    },
    ratioRow(
      'team-new-record',
      `Team vault: one new record, bytes read (${t.newRecord.requests} requests) ÷ the new file's size`,
      { value: t.newRecord.bytesIn, label: `${t.newRecord.bytesIn} B` },
      { value: t.newRecord.fileBytes, label: 'the file' },
      3,
      { format: (v) => `${v} B` },
    ),
    ratioRow(
      'team-save-offline',
      `Team vault: a save on the device holding the whole history with the server frozen ÷ with it answering (p50 of ${t.save.frozen.n})`,
      { value: t.save.frozen.p50 },
      { value: t.save.answering.p50, label: 'answering' },
      2,
    ),
  ]
}
