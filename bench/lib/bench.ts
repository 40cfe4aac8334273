/**
 * The whole bench: for each scale, build the vault, measure ours, and (for the first, largest scale) the
 * naive baseline; then judge the targets, print the table and write the results.
 */
import { cpus, loadavg, totalmem } from 'node:os'
import { rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { backupRows, measureBackups, type BackupBenchResult } from './backup-bench'
import { ATTACHMENT_ROUNDS, measureAttachments, type AttachmentBenchResult } from './attachments-bench'
import type { BuildInfo } from './build'
import type { SaveComparison } from './compare'
import type { NaiveResult } from './naive'
import type { OursResult } from './ours'
import { figureRows, formatTable, type FigureRow } from './figures-table'
import { formatTargets, judge, type Figures, type ProcessPeak, type Row } from './report'
import { mb } from './stats'
import { SCALES, type Scale } from './scales'
import { runTask, runTaskInChild, type Task, type TaskResult } from './tasks'
import type { TeamBench } from './team-bench'

export interface BenchOptions {
  /** The first is judged against the targets; the second is what its saves are compared with. */
  scales: Scale['name'][]
  seed: number
  /** Vaults are built under here, one folder per scale, removed afterwards unless `keep`. */
  workRoot: string
  /** Run each task in this process (the smoke test) instead of a fresh child process. */
  inProcess: boolean
  /** Naive saves of each kind (each ~1 s at ten years). */
  naiveSaves: number
  naiveOpens: number
  keep: boolean
  /** Where to write results.json; null for nowhere. */
  resultsFile: string | null
}

export interface BenchResults {
  generatedAt: string
  command: string
  machine: {
    cpus: number
    cpuModel: string
    memoryMB: number
    node: string
    platform: string
    loadAverageAtStart: number[]
    loadAverageAtEnd: number[]
  }
  seed: number
  totalSeconds: number
  builds: Record<
    string,
    Omit<BuildInfo, 'passphrase' | 'naive'> & { naive: { jsonBytes: number; fileBytes: number } | null }
  >
  ours: Record<string, OursResult>
  naive: NaiveResult | null
  interleavedSaves: SaveComparison | null
  /** Peak resident memory of each task's process. */
  peaks: ProcessPeak[]
  targets: Row[]
  table: FigureRow[]
  /** Rolling and full backups on the first scale's vault (bench/lib/backup-bench.ts). */
  backups: BackupBenchResult
  /** Unlock with attachments present (bench/lib/attachments-bench.ts). */
  attachments: AttachmentBenchResult
  /** The team vault over loopback WebDAV (bench/lib/team-bench.ts), in its own process. */
  team: TeamBench
}

/** A clock that starts where the built history ends and ticks a second a reading. */
const benchClock = (from: string): (() => Date) => {
  let t = Date.parse(from)
  return () => new Date((t += 1000))
}

export async function runBench(
  o: BenchOptions,
  log: (line: string) => void = console.log,
): Promise<BenchResults> {
  const began = performance.now()
  const loadAverageAtStart = loadavg()
  const peaks: ProcessPeak[] = []
  const run = <T extends Task>(t: T): Promise<TaskResult<T>> =>
    o.inProcess
      ? runTask(t).then((r) => {
          // One process for everything: its peak stands for each task's.
          peaks.push({ task: `${t.task}-${t.scale}`, rssMB: mb(process.resourceUsage().maxRSS * 1024) })
          return r
        })
      : runTaskInChild(t, join(o.workRoot, 'tasks'), peaks)
  const builds: Record<string, BuildInfo> = {}
  const ours: Record<string, OursResult> = {}
  let naive: NaiveResult | null = null

  for (const [i, name] of o.scales.entries()) {
    const scale = SCALES[name]
    const workDir = join(o.workRoot, name)
    log(
      `\n${name}: building ${scale.disputes} disputes, ${scale.records} records, ${scale.children} children, ${scale.auditEvents} audit events…`,
    )
    const info = await run({
      task: 'build',
      scale: name,
      seed: o.seed,
      workDir,
      naive: i === 0,
      sampleStoreCost: i === 0 && !o.inProcess,
    })
    builds[name] = info
    log(
      `  [${name}] built in ${(info.timings.totalMs / 1000).toFixed(1)} s: ${info.sizes.journalEvents} journal events, ${info.sizes.documentFiles} documents, ` +
        `${(info.sizes.vaultBytes / 1048576).toFixed(0)} MiB on disk${info.naive ? `; naive file ${(info.naive.fileBytes / 1048576).toFixed(0)} MiB` : ''}`,
    )
    if (info.storeCommitCost) {
      const c = info.storeCommitCost
      log(
        `  [${name}] for comparison, appending the history through vault.commit would cost ${c.unsyncedMsPerEvent.toFixed(2)} ms an event unsynced ` +
          `(${((c.unsyncedMsPerEvent * scale.auditEvents) / 1000).toFixed(0)} s) or ${c.durableMsPerEvent.toFixed(2)} ms durably (${((c.durableMsPerEvent * scale.auditEvents) / 1000).toFixed(0)} s); the bulk path took ${(info.timings.journalMs / 1000).toFixed(1)} s`,
      )
    }
    log(`${name}: measuring our design…`)
    ours[name] = await run({ task: 'ours', scale: name, info })
    if (i === 0) {
      log(`${name}: measuring the naive baseline…`)
      naive = await run({ task: 'naive', scale: name, info, saves: o.naiveSaves, opens: o.naiveOpens })
    }
  }
  let interleaved: SaveComparison | null = null
  if (o.scales.length > 1) {
    log(`\nsaves at ${o.scales.join(' and ')}, interleaved in one process…`)
    interleaved = await run({
      task: 'compare',
      scale: o.scales[0],
      vaults: o.scales.map((scale) => ({ scale, info: builds[scale] })),
      saves: SCALES[o.scales[0]].saves,
    })
  }
  // Backups last: their saves add to the vault the other tasks measured.
  log(`\n${o.scales[0]}: measuring backups…`)
  const backups = await measureBackups(
    builds[o.scales[0]],
    join(o.workRoot, 'backup-bench'),
    { rollingRounds: o.inProcess ? 5 : 20, fullRounds: o.inProcess ? 1 : 3, now: benchClock(SCALES[o.scales[0]].now) },
    (m) => log(`  [${o.scales[0]}] ${m}`),
  )
  log(`\n${o.scales[0]}: measuring unlock with attachments present…`)
  const attachments = await measureAttachments(
    builds[o.scales[0]],
    SCALES[o.scales[0]],
    join(o.workRoot, 'attachments-bench'),
    { rounds: o.inProcess ? 2 : ATTACHMENT_ROUNDS, now: benchClock(SCALES[o.scales[0]].now) },
    (m) => log(`  [${o.scales[0]}] ${m}`),
  )
  log(`\n${o.scales[0]}: measuring the team vault over loopback WebDAV…`)
  const team = await run({ task: 'team', scale: o.scales[0], workDir: join(o.workRoot, 'team-bench') })
  if (!o.keep) for (const name of o.scales) rmSync(join(o.workRoot, name), { recursive: true, force: true })
  if (!o.keep) rmSync(join(o.workRoot, 'tasks'), { recursive: true, force: true })

  const totalSeconds = (performance.now() - began) / 1000
  const [first, second] = o.scales
  const figures: Figures = {
    primary: { name: first, build: builds[first], ours: ours[first] },
    comparison: second ? { name: second, build: builds[second], ours: ours[second] } : null,
    naive,
    interleaved,
    peaks,
    totalSeconds,
    attachments,
    team,
  }
  const targets = [...judge(figures), ...backups.checks]
  const table = [...figureRows(figures), ...backupRows(backups)]
  const cpuList = cpus()
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    command: 'npm run bench',
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryMB: Math.round(totalmem() / 1048576),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
    },
    seed: o.seed,
    totalSeconds,
    builds: Object.fromEntries(
      // No absolute path of the machine it ran on: the vault's folder relative to the bench's own.
      Object.entries(builds).map(([k, { passphrase: _p, naive: n, vaultDir, ...rest }]) => [
        k,
        { ...rest, vaultDir: relative(join(__dirname, '..'), vaultDir), naive: n ? { jsonBytes: n.jsonBytes, fileBytes: n.fileBytes } : null },
      ]),
    ),
    ours,
    naive,
    interleavedSaves: interleaved,
    peaks,
    targets,
    table,
    backups,
    attachments,
    team,
  }
  log(`\n${formatTable(table)}\n`)
  log(`Targets: each a ratio against a floor measured in this run, the figures beside it\n\n${formatTargets(targets)}\n`)
  const failed = targets.filter((t) => t.pass === false)
  log(
    failed.length === 0
      ? 'All targets judged in this run pass.'
      : `Targets missed: ${failed.map((t) => t.id).join(', ')}.`,
  )
  if (o.resultsFile) {
    writeFileSync(o.resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    log(`Results written to ${o.resultsFile}`)
  }
  return results
}
