/**
 * The team vault (issue 17, "Performance"), over a real loopback WebDAV server (`rclone serve webdav`), in one
 * run: the scale's history written by three colleagues' devices (team-history.ts), then a fourth device joins.
 *
 *   join        the new device's first sync (list, download, verify and decrypt each pack and each segment in
 *               it, check the chains, merge) ÷ the floor: the same listings, the same downloads, and opening
 *               every file and every segment inside a pack (signature, then decryption) — ≤ 2×
 *   quiet sync  CPU of a sync with nothing new — ≤ 20 ms
 *   new record  bytes read by the sync that fetches one new record ÷ that file's size — ≤ 3×
 *   save        a save with the server frozen (SIGSTOP) ÷ a save with it answering, p50 — ≤ 2×: a save never
 *               waits for the network
 */
import { drafted } from '../../test/support/team-actions'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { decodePack, parsePackName } from '../../src/main/team/packs'
import { filesKey, openFile, parseFileName } from '../../src/main/team/sealed'
import { sealSegment } from '../../src/main/team/segments'
import { WebDavTransport } from '../../src/main/team/webdav'
import { haveRclone, serve, stop } from '../../test/support/rclone'
import { directoryOf, makeDevice, makeMembers, newTeamKey } from '../../test/support/team-devices'
import { ms, ratioRow, type Figures, type Row } from './report'
import type { Scale } from './scales'
import { dist, type Dist } from './stats'
import { TEXT, writeTeamHistory } from './team-history'

export interface TeamBenchResult {
  records: number
  files: number
  bytes: number
  packs: number
  join: { ms: number; cpuMs: number; requests: number }
  floor: { ms: number; cpuMs: number; requests: number }
  quiet: { cpu: Dist; requests: number }
  newRecord: { requests: number; bytesIn: number; fileBytes: number }
  save: { frozen: Dist; answering: Dist }
}
export type TeamBench = TeamBenchResult | { skipped: string }

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}

export async function measureTeam(scale: Scale, scratch: string, log: (m: string) => void): Promise<TeamBench> {
  if (!haveRclone()) return { skipped: 'rclone is not installed (apt-get install rclone)' }
  rmSync(scratch, { recursive: true, force: true })
  const served = join(scratch, 'dav')
  mkdirSync(served, { recursive: true })
  const members = makeMembers(4)
  const key = newTeamKey()
  const directory = directoryOf(members)
  const history = writeTeamHistory(served, scale, key, members.slice(0, 3), log)
  const server = await serve(served)
  try {
    const fk = filesKey(key)
    const raw = await WebDavTransport.connect({ url: server.url })
    const floor = async () => {
      const before = { ...raw.counts }
      const t = performance.now()
      const c = process.cpuUsage()
      await raw.list('devices')
      for (const folder of history.joinLists) await raw.list(folder)
      for (const path of history.joinReads) {
        const deviceId = path.split('/')[1] as string
        const signing = directory(deviceId)!.signingPublicKey
        const data = await raw.read(path)
        const name = path.split('/').pop() as string
        const pack = parsePackName(name)
        if (!data) throw new Error(`floor: ${path} went missing`)
        const opened = openFile(key.teamId, data, { deviceId, seq: pack ? pack.last : parseFileName(name)!.seq, kind: pack ? 'pack' : 'segment' }, signing, () => fk)
        if (!opened.ok) throw new Error(`floor: ${path} did not open`)
        if (!pack) continue
        for (const [i, inner] of decodePack(opened.plaintext, pack)!.entries())
          if (!openFile(key.teamId, inner, { deviceId, seq: pack.first + i, kind: 'segment' }, signing, () => fk).ok) throw new Error('floor: a packed segment did not open')
      }
      return { ms: performance.now() - t, cpuMs: cpuMs(c), requests: raw.counts.list - before.list + raw.counts.read - before.read }
    }
    // Measured before and after the join, the faster kept, so that a cold start favours neither.
    const floorBefore = await floor()
    log(`team: floor ${ms(floorBefore.ms)} (${floorBefore.requests} requests); joining…`)

    const transport = await WebDavTransport.connect({ url: server.url })
    const joiner = makeDevice(members[3]!, transport, key, directory)
    const t0 = performance.now()
    let c0 = process.cpuUsage()
    await joiner.sync()
    const join = { ms: performance.now() - t0, cpuMs: cpuMs(c0), requests: transport.counts.list + transport.counts.read }
    const records = joiner.state().disputes.reduce((n, d) => n + d.records.length, 0)
    if (records !== scale.records || joiner.problems().length) throw new Error(`team join: merged ${records} records, ${joiner.problems().length} problems`)
    const floorAfter = await floor()
    const floorBest = floorAfter.ms < floorBefore.ms ? floorAfter : floorBefore
    log(`team: joined in ${ms(join.ms)} (${join.requests} requests), floor ${ms(floorBest.ms)}`)

    const quiet: number[] = []
    let quietRequests = 0
    for (let i = 0; i < 9; i++) {
      const before = { ...transport.counts }
      c0 = process.cpuUsage()
      await joiner.sync()
      quiet.push(cpuMs(c0))
      quietRequests = transport.counts.list - before.list + transport.counts.read - before.read
    }

    // One new record from the first colleague, sealed where their device would have sealed it.
    const w = history.writers[0]!
    const seg = sealSegment(key, fk, members[0]!.signer, members[0]!, { seq: w.seq + 1, prev: w.prev, seen: {} }, [
      drafted('d0', 'r.new', 'r.new.v1', [], members[0]!.personId, TEXT),
    ], new Date(scale.now))
    await raw.write(seg.path, seg.bytes)
    const before = { ...transport.counts }
    await joiner.sync()
    const newRecord = { requests: transport.counts.list - before.list + transport.counts.read - before.read, bytesIn: transport.counts.bytesIn - before.bytesIn, fileBytes: seg.bytes.length }

    // Saves on the device holding the whole history, alternately with the server frozen and answering.
    const samples = { frozen: [] as number[], answering: [] as number[] }
    for (let i = 0; i < 31; i++) {
      const frozen = i % 2 === 0
      if (frozen) server.child.kill('SIGSTOP')
      const t = performance.now()
      joiner.append([drafted('d0', `r.save${i}`, `r.save${i}.v1`, [], members[0]!.personId, TEXT)], new Date(scale.now))
      const took = performance.now() - t
      if (frozen) server.child.kill('SIGCONT')
      if (i > 0) samples[frozen ? 'frozen' : 'answering'].push(took)
    }
    return {
      records,
      files: history.files,
      bytes: history.bytes,
      packs: history.packs,
      join,
      floor: floorBest,
      quiet: { cpu: dist(quiet), requests: quietRequests },
      newRecord,
      save: { frozen: dist(samples.frozen), answering: dist(samples.answering) },
    }
  } finally {
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
  return [
    ratioRow(
      'team-join',
      `Team vault: joining (${t.records} records, ${t.files} files of which ${t.packs} packs, ${(t.bytes / 1048576).toFixed(0)} MiB; ${t.join.requests} requests) ÷ downloading, decrypting and verifying the same bytes`,
      { value: t.join.ms },
      { value: t.floor.ms, label: 'floor' },
      2,
      { note: `CPU ${ms(t.join.cpuMs)} ÷ ${ms(t.floor.cpuMs)}` },
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
