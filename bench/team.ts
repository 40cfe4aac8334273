/**
 * `npm run bench:team`: the team vault over a real loopback WebDAV server (rclone), as ratios in one run
 * (issue #17, "Performance"). Three colleagues' devices have written `--segments` segments each (one contact
 * record drafted and approved per segment, a new dispute every 20th); then a fourth device joins.
 *
 *   join        a new device's first sync (list, download, verify, decrypt, check chains, merge), against the
 *               floor: listing the same folders, downloading the same files and opening each (verify + decrypt)
 *   quiet sync  CPU of a sync with nothing new, and its requests
 *   new record  requests and bytes read by the sync that fetches one new record, against that file's size
 *   save        CPU of one `append` on the device holding the whole history, against one on an empty device
 *
 *   npm run bench:team -- --segments=2000
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { openFile, filesKey, parseFileName } from '../src/main/team/sealed'
import { WebDavTransport } from '../src/main/team/webdav'
import { directoryOf, makeDevice, makeMembers, newTeamKey, Server } from '../test/support/team-devices'
import { haveRclone, serve, stop } from '../test/support/rclone'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const SEGMENTS = Number(arg('segments') ?? 1000)
const TEXT = 'Rang the allocated social worker about the strategy discussion; agreed to escalate if no reply by Friday. '.repeat(5)

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

async function main(): Promise<void> {
  if (!haveRclone()) {
    console.log('bench:team skipped: rclone is not installed (apt-get install rclone)')
    return
  }
  const work = mkdtempSync(join(__dirname, '.work-team-'))
  const served = join(work, 'dav')
  mkdirSync(served)
  const server = await serve(served)
  try {
    const members = makeMembers(4)
    const key = newTeamKey()
    const directory = directoryOf(members)
    const memory = new Server()
    const writers = members.slice(0, 3).map((m) => makeDevice(m, memory.window(m.deviceId), key, directory))
    const at = new Date('2026-12-02T10:00:00.000Z')
    for (const [w, device] of writers.entries()) {
      for (let i = 1; i <= SEGMENTS; i++) {
        const disputeId = `w${w}.d${Math.ceil(i / 20)}`
        const recordId = `w${w}.r${i}`
        device.append(
          [
            ...(i % 20 === 1 ? [{ kind: 'dispute-opened' as const, disputeId, stage: 1, openedOn: '2026-12-01' }] : []),
            { kind: 'draft-saved', disputeId, recordId, version: `${recordId}.v1`, after: [], text: TEXT },
            { kind: 'record-approved', disputeId, recordId, version: `${recordId}.v1` },
          ],
          at,
        )
      }
      await device.sync()
    }
    let bytes = 0
    for (const [path, data] of memory.files) {
      mkdirSync(dirname(join(served, path)), { recursive: true })
      writeFileSync(join(served, path), data)
      bytes += data.length
    }
    const files = memory.files.size

    // The floor: the same listings and downloads, and opening each file (signature, then decryption).
    const fk = filesKey(key)
    const raw = await WebDavTransport.connect({ url: server.url })
    const floor = async () => {
      const t = performance.now()
      const c = process.cpuUsage()
      for (const deviceId of (await raw.list('devices')).sort()) {
        for (const bucket of (await raw.list(`devices/${deviceId}`)).filter((b) => b.startsWith('b')).sort()) {
          for (const name of (await raw.list(`devices/${deviceId}/${bucket}`)).sort()) {
            const parsed = parseFileName(name)
            const data = await raw.read(`devices/${deviceId}/${bucket}/${name}`)
            if (!parsed || !data) throw new Error('floor: a file went missing')
            const opened = openFile(key.teamId, data, { deviceId, seq: parsed.seq, kind: 'segment' }, directory(deviceId)!.signingPublicKey, () => fk)
            if (!opened.ok) throw new Error('floor: a file did not open')
          }
        }
      }
      return { ms: performance.now() - t, cpu: cpuMs(c) }
    }
    // The floor is measured before and after the join and the faster kept, so a cold start favours neither.
    const floorBefore = await floor()

    const joinerTransport = await WebDavTransport.connect({ url: server.url })
    const joiner = makeDevice(members[3]!, joinerTransport, key, directory)
    const t0 = performance.now()
    let c0 = process.cpuUsage()
    await joiner.sync()
    const joinMs = performance.now() - t0
    const joinCpu = cpuMs(c0)
    const records = joiner.state().disputes.reduce((n, d) => n + d.records.length, 0)
    if (records !== 3 * SEGMENTS || joiner.problems().length) throw new Error('join: the merged state is not what was written')
    const floorAfter = await floor()
    const floorMs = Math.min(floorBefore.ms, floorAfter.ms)
    const floorCpu = Math.min(floorBefore.cpu, floorAfter.cpu)

    const listing: number[] = []
    const someBucket = `devices/${members[0]!.deviceId}/b000000`
    for (let i = 0; i < 9; i++) {
      c0 = process.cpuUsage()
      await raw.list(someBucket)
      listing.push(cpuMs(c0))
    }
    const quiet: number[] = []
    let quietRequests = 0
    for (let i = 0; i < 9; i++) {
      const before = { ...joinerTransport.counts }
      c0 = process.cpuUsage()
      await joiner.sync()
      quiet.push(cpuMs(c0))
      quietRequests = joinerTransport.counts.list - before.list + joinerTransport.counts.read - before.read
    }

    // One new record from a colleague: written to the server's folder, fetched over WebDAV.
    const before = { ...joinerTransport.counts }
    const newFile = writers[0]!.append([{ kind: 'draft-saved', disputeId: 'w0.d1', recordId: 'w0.new', version: 'w0.new.v1', after: [], text: TEXT }], at)
    await writers[0]!.sync()
    const fileBytes = memory.files.get(newFile)!.length
    await raw.write(newFile, memory.files.get(newFile)!)
    await joiner.sync()
    const newRequests = joinerTransport.counts.list - before.list + joinerTransport.counts.read - before.read
    const newBytesIn = joinerTransport.counts.bytesIn - before.bytesIn

    const saveCpu = (device: ReturnType<typeof makeDevice>) => {
      const xs: number[] = []
      for (let i = 0; i < 15; i++) {
        const c = process.cpuUsage()
        device.append([{ kind: 'draft-saved', disputeId: 'w0.d1', recordId: `save.${i}.${Math.random().toString(36).slice(2, 8)}`, version: `save.${i}.v1`, after: [], text: TEXT }], at)
        xs.push(cpuMs(c))
      }
      return median(xs)
    }
    const fresh = makeDevice(makeMembers(1)[0]!, new Server().window('x'), key, directory)
    const saveEmpty = saveCpu(fresh)
    const saveFull = saveCpu(joiner)

    const rows = [
      ['files / bytes written', `${files} files, ${(bytes / 1e6).toFixed(1)} MB (${3 * SEGMENTS} records)`, ''],
      ['join (wall)', `${joinMs.toFixed(0)} ms vs floor ${floorMs.toFixed(0)} ms = ${(joinMs / floorMs).toFixed(2)} ×`, joinMs / floorMs <= 2 ? 'pass (≤ 2 ×)' : 'FAIL (> 2 ×)'],
      ['join (CPU)', `${joinCpu.toFixed(0)} ms vs floor ${floorCpu.toFixed(0)} ms = ${(joinCpu / floorCpu).toFixed(2)} ×`, ''],
      ['quiet sync CPU (median of 9)', `${median(quiet).toFixed(2)} ms, ${quietRequests} requests (3 other devices)`, median(quiet) <= 20 ? 'pass (≤ 20 ms)' : 'FAIL (> 20 ms)'],
      ['one full listing CPU (a full bucket)', `${median(listing).toFixed(2)} ms`, ''],
      ['one new record', `${newRequests} requests; read ${newBytesIn} bytes for a ${fileBytes}-byte file (listings not counted)`, newBytesIn <= 3 * fileBytes ? 'pass (≤ 3 ×)' : 'FAIL'],
      ['save CPU, full vs empty', `${saveFull.toFixed(3)} ms vs ${saveEmpty.toFixed(3)} ms`, ''],
    ]
    for (const [what, figure, verdict] of rows) console.log(`${what.padEnd(30)} ${figure.padEnd(80)} ${verdict}`)
  } finally {
    await stop(server)
    rmSync(work, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
