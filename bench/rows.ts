/**
 * The two rows of issue #20 on their own, without the rest of the bench: `open` (unlock → dashboard after
 * KDF ÷ reading, decrypting and parsing the same bytes) and `search-first-vs-floor` (the first search after
 * unlock ÷ reading and decrypting the index files it touched). Measured as `npm run bench` measures them
 * (bench/lib/ours.ts steps 1–3, bench/lib/search-bench.ts), on a copy of a vault built once and kept.
 *
 *   node --expose-gc --import tsx bench/rows.ts                      one-year vault, both rows
 *   node --expose-gc --import tsx bench/rows.ts --scale=ten-year --rows=open
 *   --rows=open-parse    the open disputes' documents read whole and read for the dashboard, CPU time each
 *   --rows=team          the team vault's four rows (bench/lib/team-bench.ts: its own history, over loopback
 *                        WebDAV; no case-log vault is built), as `npm run bench:team` measures them
 *   --per-query          the search row's files, bytes and CPU time for each query, and the collections during it
 *   --rows=search-read   the index files of one first search ("father") read through the vault 24 times each
 *                        way in turn, CPU time: parsed whole (loadMany, readSegmentDoc) and as text with the hits
 *                        and texts of every dispute segment read (loadManyBytes, readSegmentBytes)
 *   --profile            the inspector's sampler over the first queries (a rough guide: its own dispatch shows)
 *
 * Each row is printed as the bench prints it and again in CPU time (this process's, every thread): on a
 * machine shared with other work the wall clock stretches with the load far more than the CPU time does.
 *
 * The built vault is kept in bench/.work/rows-<scale>/built (rebuilt with --rebuild); each run measures a
 * fresh copy of it, so the journal's tail and the search index (built by the app at the first search, as in
 * the full bench) are the same every run.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'
import { createDecipheriv } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { createApi } from '../src/main/api'
import { CaseLog } from '../src/main/caselog'
import { readOpenDispute } from '../src/main/caselog/dispute-form'
import { disputeDocId } from '../src/main/caselog/documents'
import { readDocument } from '../src/main/caselog/migrations'
import { readSegmentBytes, readSegmentDoc, readTermsDoc } from '../src/main/caselog/derived-form'
import { SegmentReader, TermsReader } from '../src/main/domain/search-segments'
import { openVault } from '../src/main/store'
import { buildVault, type BuildInfo } from './lib/build'
import { unlockKeys } from './lib/bulk-journal'
import { APP_LIKE, openDirect } from './lib/direct'
import { openFloor, openFloorOnce } from './lib/floor'
import { deriveKek } from '../src/main/store/kdf'
import { parseHeader } from '../src/main/store/header'
import { countReads, kdfProbe } from './lib/probes'
import { caller } from './lib/ours'
import { SCALES, DEFAULT_SEED, type Scale } from './lib/scales'
import { firstSearchAfterUnlock, searchQueries } from './lib/search-bench'
import { dist } from './lib/stats'
import { formatTargets } from './lib/report'
import { measureTeam, teamTargets } from './lib/team-bench'
import { limitHeapGrowth } from '../src/main/heap'

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  return hit === undefined ? undefined : hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : 'true'
}

async function main(): Promise<void> {
  // The app's heap settings (src/main/heap.ts), as bench/child.ts applies them for the full run.
  limitHeapGrowth()
  const scale = SCALES[(arg('scale') ?? 'one-year') as Scale['name']]
  if (!scale) throw new Error('unknown scale')
  const rows = (arg('rows') ?? 'open,search').split(',')
  const root = join(__dirname, '.work', `rows-${scale.name}`)
  if (rows.includes('team')) {
    const team = await measureTeam(scale, join(root, 'team'), (m) => console.log(`  [${scale.name}] ${m}`))
    console.log(formatTargets(teamTargets({ team })))
    if (rows.every((r) => r === 'team')) return
  }
  const built = join(root, 'built')
  const infoFile = join(root, 'info.json')
  if (arg('rebuild') || !existsSync(infoFile)) {
    const info = await buildVault(scale, DEFAULT_SEED, built, { naive: false, sampleStoreCost: false })
    writeFileSync(infoFile, JSON.stringify(info))
  }
  const builtInfo = JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo
  const run = join(root, 'run')
  rmSync(run, { recursive: true, force: true })
  cpSync(built, run, { recursive: true })
  const info: BuildInfo = { ...builtInfo, vaultDir: builtInfo.vaultDir.replace(built, run) }
  const now = () => new Date(Date.parse(scale.now) + 3_600_000)
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')
  console.log(`${scale.name}: load average at the start ${load()}`)

  if (rows.includes('open')) {
    // CPU time too (this process's user + system, every thread): on a machine shared with other work the wall
    // clock of each step stretches with the load, its CPU time much less. The KDF's CPU time is measured apart.
    const cpu = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    }
    const slot = parseHeader(readFileSync(join(info.vaultDir, 'vault.json'))).header.slots.find((x) => x.personId === info.personId)!
    const kdfParams = { memoryKiB: slot.kdf.memoryKiB, passes: slot.kdf.passes, parallelism: slot.kdf.parallelism }
    const kdfCpu: number[] = []
    for (let i = 0; i < 5; i++) {
      const c = cpu()
      ;(await deriveKek(info.passphrase, Buffer.from(slot.kdf.salt, 'hex'), kdfParams)).fill(0)
      kdfCpu.push(cpu() - c)
    }
    const kdfCpuP50 = dist(kdfCpu).p50
    const probe = kdfProbe()
    // As ours.ts: first without the handler table's wrapper (its files are the floor's), then through it.
    let files: string[] = []
    const direct: number[] = []
    for (let i = 0; i < scale.opens; i++) {
      const reads = i === 0 ? countReads() : null
      probe.reset()
      const started = performance.now()
      const { call, close } = await openDirect(info, now)
      await call('disputes.dashboard', {})
      direct.push(performance.now() - started - probe.ms)
      reads?.restore()
      if (reads) files = [...reads.files]
      await close()
    }
    const api = createApi({ ...APP_LIKE, defaultVaultDir: info.vaultDir, now, chooseSaveFile: async () => null })
    const { call } = caller(api)
    const unlock = { dir: info.vaultDir, personId: info.personId, passphrase: info.passphrase }
    const opens: number[] = []
    const opensCpu: number[] = []
    for (let i = 0; i < scale.opens; i++) {
      probe.reset()
      const started = performance.now()
      const c = cpu()
      await call('vault.unlock', unlock)
      await call('disputes.dashboard', {})
      opensCpu.push(cpu() - c - kdfCpuP50)
      opens.push(performance.now() - started - probe.ms)
      await call('vault.lock', {})
    }
    probe.restore()
    const ring = await unlockKeys(info.vaultDir, info.personId, info.passphrase)
    const floor = await openFloor(info.vaultDir, ring, scale.opens, files)
    const floorCpu: number[] = []
    for (let i = 0; i < scale.opens; i++) {
      const c = cpu()
      await openFloorOnce(info.vaultDir, ring, files)
      floorCpu.push(cpu() - c)
    }
    ring.wipe()
    const oc = dist(opensCpu).p50
    const fc = dist(floorCpu).p50
    console.log(`open, CPU time: unlock → dashboard after KDF (KDF ${kdfCpuP50.toFixed(1)} ms CPU) p50 ${oc.toFixed(1)} ms ÷ floor p50 ${fc.toFixed(1)} ms = ${(oc / fc).toFixed(2)}×`)
    const o = dist(opens)
    console.log(`open without the handler table's wrapper, after KDF: p50 ${dist(direct).p50.toFixed(1)} ms; runs ${direct.map((x) => x.toFixed(0)).join(' ')}`)
    console.log(
      `open: unlock → dashboard after KDF p50 ${o.p50.toFixed(1)} ms ÷ floor p50 ${floor.dist.p50.toFixed(1)} ms (${Math.round(floor.bytes / 1024)} KiB) = ${(o.p50 / floor.dist.p50).toFixed(2)}× (≤ 3×); runs ${opens.map((x) => x.toFixed(0)).join(' ')}`,
    )
  }

  if (rows.includes('open-parse')) {
    // The step this change is about, alone: the open disputes' documents as loaded, read whole (the schema
    // parse of every record) against read for the dashboard (caselog/dispute-form.ts), CPU time of each round.
    const vault = await openVault(info.vaultDir, { personId: info.personId, passphrase: info.passphrase, now })
    const log = await CaseLog.open(vault)
    const ids = log.openEntries().map((e) => disputeDocId(e.dispute.id))
    const loaded = await vault.loadMany<unknown>(ids, { cache: false })
    const raw = [...loaded].map(([id, v]) => [id, JSON.stringify(v)] as const)
    const cpuNow = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    }
    const round = (read: (id: string, v: unknown) => unknown) => {
      const docs = raw.map(([id, json]) => [id, JSON.parse(json)] as const)
      const c = cpuNow()
      for (const [id, v] of docs) read(id, v)
      return cpuNow() - c
    }
    const whole: number[] = []
    const lazy: number[] = []
    for (let i = 0; i < 30; i++) {
      whole.push(round((id, v) => readDocument('dispute', id, v)))
      lazy.push(round((id, v) => readOpenDispute(id, v, () => {})))
    }
    console.log(`open-parse: ${ids.length} open disputes (${Math.round(raw.reduce((n, [, j]) => n + j.length, 0) / 1024)} KiB of JSON): read whole p50 ${dist(whole).p50.toFixed(1)} ms CPU, read for the dashboard p50 ${dist(lazy).p50.toFixed(1)} ms CPU`)
    log.dispose()
    await vault.lock()
  }

  if (rows.includes('search-read')) await searchRead(info, now)

  if (rows.includes('search')) {
    const api = createApi({ ...APP_LIKE, defaultVaultDir: info.vaultDir, now, chooseSaveFile: async () => null })
    const { call } = caller(api)
    const unlock = { dir: info.vaultDir, personId: info.personId, passphrase: info.passphrase }
    await call('vault.unlock', unlock)
    const first = await firstSearchAfterUnlock(call, unlock, searchQueries(DEFAULT_SEED), scale.opens)
    console.log(
      `search-first-vs-floor: p50 ${first.ms.toFixed(1)} ms ÷ floor p50 ${first.floor.p50.toFixed(1)} ms = ${(first.ms / first.floor.p50).toFixed(2)}× (≤ 2×); ${first.files} index files, ${Math.round(first.bytes / 1024)} KiB; index built in ${first.buildMs.toFixed(0)} ms; runs ${first.runs.map((x) => x.toFixed(0)).join(' ')}; other documents read ${first.otherDocuments}`,
    )
    // The same again in CPU time (see the open row): each unlock's first query, and its files read and decrypted.
    const ring = await unlockKeys(info.vaultDir, info.personId, info.passphrase)
    const key = ring.keyring.current.sub('documents')
    const queries = searchQueries(DEFAULT_SEED)
    const cpuNow = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    }
    const q: number[] = []
    const f: number[] = []
    const per: string[] = []
    const profiler = arg('profile') ? await startProfile() : null
    // Collections during each query (perf_hooks' kinds: 1 scavenge, 4 mark-compact, 8 incremental marking, 16 weak callbacks).
    const gcTime: PerformanceEntry[] = []
    const gcObserver = new PerformanceObserver((list) => gcTime.push(...list.getEntries()))
    gcObserver.observe({ entryTypes: ['gc'] })
    for (let i = 0; i < scale.opens; i++) {
      await call('vault.lock', {})
      await call('vault.unlock', unlock)
      await call('disputes.dashboard', {})
      const reads = countReads()
      const heapBefore = process.memoryUsage().heapUsed
      gcTime.length = 0
      const c = cpuNow()
      await profiler?.resume()
      await call('search.query', { query: queries[i % queries.length] })
      await profiler?.pause()
      q.push(cpuNow() - c)
      await new Promise((r) => setImmediate(r))
      const gcMs = gcTime.reduce((n, e) => n + e.duration, 0)
      const gcKinds = gcTime.map((e) => `${(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? '?'}:${e.duration.toFixed(0)}`).join(',')
      reads.restore()
      const files = [...reads.files].filter((x) => basename(dirname(x)) === 'documents' && basename(x).startsWith('search'))
      const floors: number[] = []
      for (let k = 0; k < 5; k++) {
        const c2 = cpuNow()
        for (const file of files) {
          const sealed = readFileSync(file)
          const aadLength = 33 + sealed[32]
          const body = sealed.subarray(aadLength)
          const d = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12))
          d.setAAD(sealed.subarray(0, aadLength))
          d.setAuthTag(body.subarray(body.length - 16))
          Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()])
        }
        floors.push(cpuNow() - c2)
      }
      f.push(dist(floors).p50)
      const bytes = files.reduce((n, x) => n + readFileSync(x).length, 0)
      per.push(`“${queries[i % queries.length]}” ${q.at(-1)!.toFixed(1)} ms CPU, ${files.length} files, ${Math.round(bytes / 1024)} KiB, floor ${f.at(-1)!.toFixed(1)} ms CPU; heap before ${(heapBefore / 1048576).toFixed(0)} MB, GC ${gcMs.toFixed(1)} ms (${gcKinds})`)
    }
    gcObserver.disconnect()
    if (arg('per-query')) for (const line of per) console.log(`  ${line}`)
    ring.wipe()
    if (profiler) writeFileSync(join(root, 'first-search.cpuprofile'), JSON.stringify(await profiler.stop()))
    const qc = dist(q).p50
    const fc = dist(f).p50
    console.log(`search-first-vs-floor, CPU time: p50 ${qc.toFixed(1)} ms ÷ floor p50 ${fc.toFixed(1)} ms = ${(qc / fc).toFixed(2)}×; runs ${q.map((x) => x.toFixed(0)).join(' ')}`)
    await call('vault.lock', {})
  }
  console.log(`${scale.name}: load average at the end ${load()}`)
  rmSync(run, { recursive: true, force: true })
}

/** See --rows=search-read above: the read of a first search's index files, whole and as text, in turn. */
async function searchRead(info: BuildInfo, now: () => Date): Promise<void> {
  const api = createApi({ ...APP_LIKE, defaultVaultDir: info.vaultDir, now, chooseSaveFile: async () => null })
  const { call } = caller(api)
  const unlock = { dir: info.vaultDir, personId: info.personId, passphrase: info.passphrase }
  await call('vault.unlock', unlock)
  await call('search.query', { query: 'father' })
  while ((await call<{ building: boolean }>('search.status', {})).building) await new Promise((r) => setTimeout(r, 50))
  await call('vault.lock', {})
  await call('vault.unlock', unlock)
  const reads = countReads()
  await call('search.query', { query: 'father' })
  reads.restore()
  await call('vault.lock', {})
  const ids = [...reads.files].filter((f) => basename(f).startsWith('search')).map((f) => basename(f).replace(/\.\d+\.enc$/, ''))
  const terms = ids.filter((id) => id.startsWith('search-terms.'))
  const segments = ids.filter((id) => !id.startsWith('search-terms.'))
  const vault = await openVault(info.vaultDir, { personId: info.personId, passphrase: info.passphrase, now })
  const options = { skipDamaged: true, cache: false, checksum: false } as const
  const cpuNow = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  let held: unknown[] = []
  const readTerms = async () => {
    for (const [id, v] of await vault.loadMany<unknown>(terms, options)) held.push(new TermsReader(readTermsDoc(id, v)))
  }
  const ways = {
    whole: async () => {
      await readTerms()
      for (const [id, v] of await vault.loadMany<unknown>(segments, options)) held.push(new SegmentReader(readSegmentDoc(id, v)))
    },
    text: async () => {
      await readTerms()
      for (const [id, v] of await vault.loadManyBytes(segments, options)) {
        const reader = new SegmentReader(readSegmentBytes(id, v))
        held.push(reader)
        if (id !== 'search.children' && id !== 'search.directory' && reader.size > 0) held.push(reader.hit(0))
      }
    },
  }
  const cpu: Record<keyof typeof ways, number[]> = { whole: [], text: [] }
  for (let round = 0; round < 24; round++)
    for (const name of ['whole', 'text'] as const) {
      held = []
      const c = cpuNow()
      await ways[name]()
      cpu[name].push(cpuNow() - c)
    }
  await vault.lock()
  console.log(`search-read: ${ids.length} index files of “father”, CPU p50: parsed whole ${dist(cpu.whole).p50.toFixed(1)} ms, as text ${dist(cpu.text).p50.toFixed(1)} ms`)
}

/** The inspector's sampling profiler over the first queries only (`--profile`: bench/.work/rows-<scale>/first-search.cpuprofile). */
async function startProfile() {
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  let started = false
  const parts: unknown[] = []
  return {
    resume: async () => {
      await session.post('Profiler.start')
      started = true
    },
    pause: async () => {
      if (started) parts.push((await session.post('Profiler.stop')).profile)
      started = false
    },
    stop: async () => {
      session.disconnect()
      return parts
    },
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
