/**
 * Our design, measured through the real handler table (`createApi`) over a vault built by build.ts:
 * unlock to dashboard, the dashboard, durable saves of a contact record and of an approval, the stage-4
 * pack, the quarterly figures and search — each through its channel where the handler table has one,
 * otherwise straight from the module (and skipped, with the reason, where there is none yet).
 *
 * The handler table is configured as src/main/index.ts configures it (rolling backups when idle). Unlock is
 * also measured without the handler table's wrapper (openVault, the settings, CaseLog.open and the
 * dashboard handler itself), so that anything the wrapper adds shows separately.
 */
import { mkdir, readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createApi, type Api } from '../../src/main/api'
import { CaseLog, type DisputeDoc } from '../../src/main/caselog'
import { openVault } from '../../src/main/store'
import { deriveKek } from '../../src/main/store/kdf'
import { parseHeader } from '../../src/main/store/header'
import type { Child } from '../../src/shared/children'
import type { Dispute } from '../../src/shared/dispute'
import type { ContactRecord } from '../../src/shared/records'
import { APP_LIKE, openDirect } from './direct'
import { bundledBankHolidays, createWorkingCalendar } from '../../src/main/domain/calendar'
import { builtInPolicies } from '../../src/main/domain/policies'
import type { BuildInfo } from './build'
import { PROFILE } from './build'
import { unlockKeys } from './bulk-journal'
import { docxFloor, fsyncFloor, openFloor, textsOf } from './floor'
import { loadQuarterlyFigures, loadStage4Pack } from './optional'
import { countReads, kdfProbe, type KdfProbe } from './probes'
import type { Scale } from './scales'
import { checkpointTail, openCycles } from './scales'
import { buildSearchIndex, firstSearchAfterUnlock, searchQueries, type FirstSearchAfterUnlock } from './search-bench'
import { collectGarbage, dist, mb, progress, type Dist } from './stats'
import { saver, type DashboardOut } from './saves'

export type Skipped = { skipped: string }
export interface SaveFigures {
  record: Dist
  approval: Dist
  disputes: number
  /** The slowest saves of the run, slowest first. */
  slowest: number[]
}
export interface Memory {
  rssMB: number
  heapUsedMB: number
  externalMB: number
}

/** Resident memory at the end of one step of the measurement (no GC forced: what the process held then). */
export interface MemoryStep {
  step: string
  rssMB: number
  heapUsedMB: number
  /** Buffers and other memory outside V8's heap. */
  externalMB: number
  /** The most this process had held by then. */
  peakRssMB: number
}

export interface OursResult {
  scale: Scale['name']
  /** Memory after each step, in order: where the process's peak comes from. */
  memorySteps: MemoryStep[]
  kdf: Dist
  /** Through the handler table: 'vault.unlock' then 'disputes.dashboard', less the key derivation. */
  open: { afterKdf: Dist; first: number; bytesRead: number; kdfSubtracted: string }
  /** openVault + settings + CaseLog.open + the dashboard handler, without the handler table's wrapper. */
  openWithoutWrapper: { afterKdf: Dist; first: number; bytesRead: number; filesRead: number }
  journalTailEvents: [number, number]
  openFloor: { dist: Dist; bytes: number }
  memoryAfterOpen: Memory
  memoryAfterOpenWithoutWrapper: Memory
  /** The most this process ever held (the whole-vault backups read the vault into memory). */
  peakRssMB: number
  /** A backup of the whole vault ('backup.create'): what each rolling backup costs (the app writes them when idle). */
  backup: { dist: Dist; bytes: number } | Skipped
  dashboard: Dist & { rows: number }
  fsyncFloor: Dist
  /** Saves through the handler table, as the app ships (with its rolling backups). */
  saves: SaveFigures
  savesWithSearchIndex: { record: Dist; approval: Dist } | Skipped
  pack: { dist: Dist; first: number; records: number; bytes: number; via: string } | Skipped
  /** A docx of the pack's text with no layout (floor.ts): what the pack is judged against. */
  packFloor: { dist: Dist; chars: number }
  search:
    | {
        firstQueryMs: number
        warm: Dist
        firstPass: Dist
        queries: number
        via: string
        documents: number | null
        rssMB: number
        /** Over the persistent index, once built (search-bench.ts). */
        firstAfterUnlock?: FirstSearchAfterUnlock
      }
    | Skipped
  quarterly:
    | {
        first: number
        /** The first quarterly figures after each of several fresh unlocks (after the dashboard). */
        firstAfterUnlock: Dist
        dist: Dist
        disputes: number
        via: string
      }
    | Skipped
}

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } }

export function caller(api: Api) {
  const handlers = api.handlers as unknown as Record<
    string,
    ((input: unknown) => Promise<Result>) | undefined
  >
  const has = (channel: string) => typeof handlers[channel] === 'function'
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const h = handlers[channel]
    if (!h) throw new Error(`the handler table has no ${channel}`)
    const r = await h(input)
    if (!r.ok) throw new Error(`${channel} refused: ${r.error?.code} ${r.error?.message}`)
    return r.value as T
  }
  return { has, call }
}

const memory = (): Memory => {
  collectGarbage()
  const m = process.memoryUsage()
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external + m.arrayBuffers) }
}

/**
 * The bench writes the case log's documents itself (build.ts); if src/main/caselog has changed their layout
 * since, the dashboard shows unreadable disputes instead of failing. Refuse to measure that.
 */
function checkDashboard(dash: DashboardOut, info: BuildInfo): void {
  const unreadable = dash.rows.filter((r) => r.status === null && r.problem).length
  if (dash.rows.length !== info.openDisputes || unreadable > 0)
    throw new Error(
      `the dashboard shows ${dash.rows.length} open disputes (${unreadable} unreadable) where the bench vault has ${info.openDisputes}: ` +
        'bench/lib/build.ts no longer writes the documents src/main/caselog expects — update caseLogDocuments()',
    )
}

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function repeat(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(await time(fn))
  return out
}

export async function measureOurs(info: BuildInfo, scale: Scale, workDir: string): Promise<OursResult> {
  const log = (m: string) => progress(scale.name, m)
  const memorySteps: MemoryStep[] = []
  const step = (name: string) => {
    const m = process.memoryUsage()
    memorySteps.push({
      step: name,
      rssMB: mb(m.rss),
      heapUsedMB: mb(m.heapUsed),
      externalMB: mb(m.external + m.arrayBuffers),
      peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
    })
  }
  const dir = info.vaultDir
  const clock = { ms: Date.parse(scale.now) + 3_600_000 }
  const now = () => new Date(clock.ms)
  let exported = 0
  const api = createApi({
    ...APP_LIKE,
    defaultVaultDir: dir,
    now,
    chooseSaveFile: async (name: string) =>
      join(workDir, 'exports', `${exported++}-${name.replace(/[^A-Za-z0-9. -]/g, '_')}`),
  })
  const { has, call } = caller(api)
  const unlockInput = { dir, personId: info.personId, passphrase: info.passphrase }
  await mkdir(join(workDir, 'exports'), { recursive: true })

  // Key derivation on its own, with the vault's own salt and settings.
  const header = parseHeader(await readFile(join(dir, 'vault.json'))).header
  const slot = header.slots.find((s) => s.personId === info.personId)!
  const salt = Buffer.from(slot.kdf.salt, 'hex')
  const kdfParams = {
    memoryKiB: slot.kdf.memoryKiB,
    passes: slot.kdf.passes,
    parallelism: slot.kdf.parallelism,
  }
  await deriveKek(info.passphrase, salt, kdfParams)
  const kdf = dist(await repeat(7, async () => (await deriveKek(info.passphrase, salt, kdfParams)).fill(0)))
  log(`key derivation p50 ${kdf.p50.toFixed(1)} ms`)

  const probe: KdfProbe = kdfProbe()
  const lessKdf = (total: number) => total - (probe.calls > 0 ? probe.ms : kdf.p50)
  const kdfSubtracted = () =>
    probe.calls > 0 ? 'measured inside each unlock' : 'median of the separate key derivations'

  step('key derivation')
  // 1. Unlock without the handler table's wrapper, first in this fresh process.
  const direct: number[] = []
  let directBytes = 0
  let directFiles: string[] = []
  let memoryAfterOpenWithoutWrapper: Memory = memory()
  for (let i = 0; i < scale.opens; i++) {
    const reads = i === 0 ? countReads() : null
    probe.reset()
    const started = performance.now()
    const { call: direct_, close } = await openDirect(info, now)
    await direct_('disputes.dashboard', {})
    direct.push(lessKdf(performance.now() - started))
    reads?.restore()
    if (reads) {
      directBytes = reads.bytes
      directFiles = [...reads.files]
      memoryAfterOpenWithoutWrapper = memory()
    }
    await close()
  }
  log(
    `open without the wrapper, after KDF: first ${direct[0].toFixed(1)} ms, p50 ${dist(direct).p50.toFixed(1)} ms`,
  )

  step('1. unlocks without the wrapper')
  // 2. Unlock → dashboard through the handler table, as the app does it.
  const opens: number[] = []
  let bytesRead = 0
  let memoryAfterOpen: Memory = memory()
  let dashboardRows = 0
  for (let i = 0; i < scale.opens; i++) {
    const reads = i === 0 ? countReads() : null
    probe.reset()
    const started = performance.now()
    await call('vault.unlock', unlockInput)
    const dash = await call<DashboardOut>('disputes.dashboard', {})
    opens.push(lessKdf(performance.now() - started))
    reads?.restore()
    dashboardRows = dash.rows.length
    if (i === 0) checkDashboard(dash, info)
    if (reads) {
      bytesRead = reads.bytes
      memoryAfterOpen = memory()
    }
    await call('vault.lock', {})
  }
  const subtracted = kdfSubtracted()
  probe.restore()
  log(
    `open through the handler table, after KDF: first ${opens[0].toFixed(1)} ms, p50 ${dist(opens).p50.toFixed(1)} ms (${subtracted})`,
  )

  step('2. unlocks through the handler table')
  // 3. The floor: the same bytes as (1), read, decrypted and parsed, nothing else.
  const ring = await unlockKeys(dir, info.personId, info.passphrase)
  const floor = await openFloor(dir, ring, scale.opens, directFiles)
  ring.wipe()

  step('3. open floor')
  // 4. The dashboard, warm; a whole-vault backup; the stage-4 pack.
  await call('vault.unlock', unlockInput)
  await call('disputes.dashboard', {})
  const dashboard = dist(await repeat(100, () => call('disputes.dashboard', {})))
  log(`dashboard p95 ${dashboard.p95.toFixed(2)} ms over ${dashboardRows} open disputes`)

  step('4. dashboard')
  let backup: OursResult['backup'] = { skipped: 'the handler table has no backup.create' }
  if (has('backup.create')) {
    const samples: number[] = []
    let bytes = 0
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      const out = await call<{ bytes?: number }>('backup.create', {})
      samples.push(performance.now() - started)
      bytes = out.bytes ?? 0
    }
    backup = { dist: dist(samples), bytes }
    log(`whole-vault backup p50 ${backup.dist.p50.toFixed(0)} ms (${mb(bytes)} MiB)`)
  }

  step('4. whole-vault backups')
  let pack: OursResult['pack']
  const packRecords = (await call<{ records: unknown[] }>('disputes.get', { disputeId: info.packDisputeId }))
    .records.length
  if (has('exports.document')) {
    const build = async () => {
      const out = await call<{ savedTo: string | null }>('exports.document', {
        disputeId: info.packDisputeId,
        document: 'meeting-pack',
      })
      return out.savedTo ? (await stat(out.savedTo)).size : 0
    }
    const t0 = performance.now()
    const bytes = await build()
    const first = performance.now() - t0
    const samples = await repeat(5, build)
    pack = {
      dist: dist(samples),
      first,
      records: packRecords,
      bytes,
      via: "handler table: 'exports.document' meeting-pack (built, written, audited)",
    }
  } else {
    const builder = await loadStage4Pack()
    if (!builder.ok) pack = { skipped: builder.reason }
    else {
      const policies = builtInPolicies()
      const build = async () => {
        const view = await call<{
          dispute: Dispute
          status: unknown
          records: ContactRecord[]
          children: Child[]
        }>('disputes.get', { disputeId: info.packDisputeId })
        const policy = policies.find(
          (p) => p.id === view.dispute.policy.id && p.version === view.dispute.policy.version,
        )!
        return (await builder.fn({ ...view, policy }, { now: now().toISOString(), exportedBy: PROFILE }))
          .length
      }
      const t0 = performance.now()
      const bytes = await build()
      const first = performance.now() - t0
      pack = { dist: dist(await repeat(5, build)), first, records: packRecords, bytes, via: builder.from }
    }
  }
  step('4. stage-4 pack')
  const packView = await call<{ dispute: unknown; records: unknown[] }>('disputes.get', {
    disputeId: info.packDisputeId,
  })
  const packFloor = await docxFloor(textsOf([packView.dispute, packView.records]), 5)
  log(`pack floor (a docx of the same text, no layout) p50 ${packFloor.dist.p50.toFixed(0)} ms`)
  if (!('skipped' in pack))
    log(
      `stage-4 pack p95 ${pack.dist.p95.toFixed(0)} ms (${pack.records} records, ${Math.round(pack.bytes / 1024)} KiB)`,
    )

  step('4. pack floor')
  // 5. Durable saves: a contact record, then its approval, across the open disputes.
  const floorFsync = await fsyncFloor(dirname(dir), scale.saves)
  const rows = (await call<DashboardOut>('disputes.dashboard', {})).rows
  const savePair = saver(call, rows, info.seed, clock)
  let offset = 0
  const saveRun = async (n: number): Promise<SaveFigures> => {
    const record: number[] = []
    const approval: number[] = []
    for (let i = 0; i < n; i++) {
      const t = await savePair(offset++)
      record.push(t.record)
      approval.push(t.approval)
    }
    return {
      record: dist(record),
      approval: dist(approval),
      disputes: rows.length,
      slowest: [...record, ...approval].sort((x, y) => y - x).slice(0, 8),
    }
  }
  const saves = await saveRun(scale.saves)
  log(
    `saves p95: record ${saves.record.p95.toFixed(2)} ms, approval ${saves.approval.p95.toFixed(2)} ms, slowest ${saves.slowest[0].toFixed(0)} ms; fsync floor p95 ${floorFsync.p95.toFixed(2)} ms`,
  )

  step('5. saves')
  // 6. The quarterly figures.
  let quarterly: OursResult['quarterly']
  const quarters: { year: number; quarter: number }[] = []
  for (
    let i = 0, y = Number(scale.now.slice(0, 4)), q = Math.floor((Number(scale.now.slice(5, 7)) - 1) / 3) + 1;
    i < 21;
    i++
  ) {
    quarters.push({ year: y, quarter: q })
    if (--q === 0) {
      q = 4
      y--
    }
  }
  if (has('reports.quarterly')) {
    const first = await time(() => call('reports.quarterly', quarters[0]))
    const samples: number[] = []
    for (const q of quarters.slice(1)) samples.push(await time(() => call('reports.quarterly', q)))
    // The first figures after a fresh unlock (and its dashboard), a few times over.
    const afterUnlock: number[] = []
    for (let i = 0; i < Math.min(5, scale.opens); i++) {
      await call('vault.lock', {})
      await call('vault.unlock', unlockInput)
      await call('disputes.dashboard', {})
      afterUnlock.push(await time(() => call('reports.quarterly', quarters[i % quarters.length])))
    }
    quarterly = {
      first,
      firstAfterUnlock: dist(afterUnlock),
      dist: dist(samples),
      disputes: scale.disputes,
      via: "handler table: 'reports.quarterly'",
    }
  } else {
    const figures = await loadQuarterlyFigures()
    if (!figures.ok) quarterly = { skipped: figures.reason }
    else {
      const vault = await openVault(dir, {
        personId: info.personId,
        passphrase: info.passphrase,
        now,
        auditUnlock: false,
      })
      const caselog = await CaseLog.open(vault)
      const calendar = createWorkingCalendar({ bankHolidays: bundledBankHolidays() })
      const policies = builtInPolicies()
      let all: Dispute[] = []
      const first = await time(async () => {
        all = (await caselog.allDisputes()).map((d) => d.dispute)
        figures.fn(all, undefined, {
          ...quarters[0],
          quarter: quarters[0].quarter as 1,
          calendar,
          now: now().toISOString(),
          policies,
        })
      })
      const samples: number[] = []
      for (const q of quarters.slice(1))
        samples.push(
          await time(async () =>
            figures.fn(all, undefined, {
              year: q.year,
              quarter: q.quarter as 1,
              calendar,
              now: now().toISOString(),
              policies,
            }),
          ),
        )
      quarterly = {
        first,
        firstAfterUnlock: dist([first]),
        dist: dist(samples),
        disputes: all.length,
        via: figures.from,
      }
      await vault.lock()
    }
  }
  if (!('skipped' in quarterly))
    log(
      `quarterly figures: first ${quarterly.first.toFixed(0)} ms, then p95 ${quarterly.dist.p95.toFixed(1)} ms`,
    )

  step('6. quarterly figures')
  // 7. Search: the first query builds the index from the whole vault; then ~100 varied queries, twice.
  const queries = searchQueries(info.seed)
  let search: OursResult['search']
  let savesWithSearchIndex: OursResult['savesWithSearchIndex'] = {
    skipped: 'the handler table has no search.query',
  }
  if (has('search.query')) {
    const firstAfterUnlock = has('search.status') ? await firstSearchAfterUnlock(call, unlockInput, queries, scale.opens, () => step('7. search index built')) : undefined
    step('7. first search after each unlock')
    const firstQueryMs = firstAfterUnlock?.ms ?? (await time(() => call('search.query', { query: queries[0] })))
    const rssMB = memory().rssMB
    const firstPass: number[] = []
    for (const q of queries) firstPass.push(await time(() => call('search.query', { query: q })))
    const warm: number[] = []
    for (const q of queries) warm.push(await time(() => call('search.query', { query: q })))
    search = {
      firstQueryMs,
      warm: dist(warm),
      firstPass: dist(firstPass),
      queries: queries.length,
      via: "handler table: 'search.query'",
      documents: null,
      rssMB,
      ...(firstAfterUnlock ? { firstAfterUnlock } : {}),
    }
    step('7. search queries')
    // Saves once the index is built: each one also re-indexes the dispute it changed.
    const r: number[] = []
    const a: number[] = []
    for (let i = 0; i < Math.ceil(scale.saves / 4); i++) {
      const t = await savePair(offset++)
      r.push(t.record)
      a.push(t.approval)
    }
    step('7. saves with the search index')
    savesWithSearchIndex = { record: dist(r), approval: dist(a) }
  } else {
    const vault = await openVault(dir, {
      personId: info.personId,
      passphrase: info.passphrase,
      now,
      auditUnlock: false,
    })
    const caselog = await CaseLog.open(vault)
    let index: ReturnType<typeof buildSearchIndex> | null = null
    const firstQueryMs = await time(async () => {
      const disputes = await caselog.allDisputes()
      const docs = await vault.loadMany<DisputeDoc>(
        vault.documentIds().filter((id) => id.startsWith('dispute.')),
      )
      const records: ContactRecord[] = []
      for (const d of docs.values()) records.push(...d.records)
      index = buildSearchIndex(disputes, records, Object.values(await caselog.children()))
      index.search(queries[0])
    })
    const built = index as unknown as ReturnType<typeof buildSearchIndex>
    const rssMB = memory().rssMB
    const firstPass = queries.map((q) => {
      const t = performance.now()
      built.search(q)
      return performance.now() - t
    })
    const warm = queries.map((q) => {
      const t = performance.now()
      built.search(q)
      return performance.now() - t
    })
    search = {
      firstQueryMs,
      warm: dist(warm),
      firstPass: dist(firstPass),
      queries: queries.length,
      via: 'createSearchIndex() over everything loaded from the vault',
      documents: built.size,
      rssMB,
    }
    await vault.lock()
  }
  log(
    `search: first query after unlock ${search.firstQueryMs.toFixed(1)} ms${'firstAfterUnlock' in search && search.firstAfterUnlock ? ` p50 of ${search.firstAfterUnlock.runs.map((r) => r.toFixed(1)).join(', ')}` : ''}${'firstAfterUnlock' in search && search.firstAfterUnlock ? ` (floor ${search.firstAfterUnlock.floor.p50.toFixed(2)} ms for ${search.firstAfterUnlock.files} index files; the background build took ${(search.firstAfterUnlock.buildMs / 1000).toFixed(1)} s)` : ' (builds the index)'}, warm p95 ${search.warm.p95.toFixed(2)} ms`,
  )

  await call('vault.lock', {})
  await api.dispose()
  const peakRssMB = mb(process.resourceUsage().maxRSS * 1024)
  const tail = checkpointTail(scale)
  return {
    scale: scale.name,
    memorySteps,
    kdf,
    open: { afterKdf: dist(opens), first: opens[0], bytesRead, kdfSubtracted: subtracted },
    openWithoutWrapper: {
      afterKdf: dist(direct),
      first: direct[0],
      bytesRead: directBytes,
      filesRead: directFiles.length,
    },
    journalTailEvents: [tail, tail + 2 * (openCycles(scale) - 1)],
    openFloor: floor,
    memoryAfterOpen,
    memoryAfterOpenWithoutWrapper,
    peakRssMB,
    backup,
    dashboard: { ...dashboard, rows: dashboardRows },
    fsyncFloor: floorFsync,
    saves,
    savesWithSearchIndex,
    pack,
    packFloor,
    search,
    quarterly,
  }
}
