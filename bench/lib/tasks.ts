/**
 * The bench's three tasks — build a vault, measure ours, measure the naive baseline — runnable in this
 * process (the smoke test) or each in a fresh child process (`npm run bench`), so that one task's memory
 * and JIT state never colour another's figures.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { buildVault, type BuildInfo } from './build'
import { compareSaves, type SaveComparison } from './compare'
import { measureNaive, type NaiveResult } from './naive'
import { measureOurs, type OursResult } from './ours'
import { SCALES, type Scale } from './scales'
import { progress } from './stats'
import { measureTeam, type TeamBench } from './team-bench'

export type Task =
  | {
      task: 'build'
      scale: Scale['name']
      seed: number
      workDir: string
      naive: boolean
      sampleStoreCost: boolean
    }
  | { task: 'ours'; scale: Scale['name']; info: BuildInfo }
  | { task: 'naive'; scale: Scale['name']; info: BuildInfo; saves: number; opens: number }
  | {
      task: 'compare'
      scale: Scale['name']
      vaults: { scale: Scale['name']; info: BuildInfo }[]
      saves: number
    }
  | { task: 'team'; scale: Scale['name']; workDir: string }

export type TaskResult<T extends Task> = T extends { task: 'build' }
  ? BuildInfo
  : T extends { task: 'ours' }
    ? OursResult
    : T extends { task: 'naive' }
      ? NaiveResult
      : T extends { task: 'team' }
        ? TeamBench
        : SaveComparison

export async function runTask<T extends Task>(t: T): Promise<TaskResult<T>> {
  const scale = SCALES[t.scale]
  const log = (m: string) => progress(scale.name, m)
  switch (t.task) {
    case 'build':
      return (await buildVault(scale, t.seed, t.workDir, {
        naive: t.naive,
        sampleStoreCost: t.sampleStoreCost,
      })) as TaskResult<T>
    case 'ours':
      return (await measureOurs(t.info, scale, dirname(t.info.vaultDir))) as TaskResult<T>
    case 'naive': {
      const naive = t.info.naive
      if (!naive) throw new Error('the build made no naive file')
      return (await measureNaive(naive.file, Buffer.from(naive.keyHex, 'hex'), {
        now: scale.now,
        opens: t.opens,
        saves: t.saves,
        log,
      })) as TaskResult<T>
    }
    case 'compare':
      return (await compareSaves(
        t.vaults.map((v) => ({ info: v.info, scale: SCALES[v.scale] })),
        t.saves,
      )) as TaskResult<T>
    case 'team':
      return (await measureTeam(scale, t.workDir, log)) as TaskResult<T>
  }
}

/** Node flags per task: the builder and the naive baseline hold hundreds of MB of JSON at once. */
const FLAGS: Record<Task['task'], string[]> = {
  build: ['--max-old-space-size=8192', '--max-semi-space-size=64'],
  ours: [],
  naive: ['--max-old-space-size=8192'],
  compare: [],
  // The joining device holds the whole history's events.
  team: ['--max-old-space-size=4096'],
}

/**
 * Runs the task in a fresh `node --expose-gc --import tsx bench/child.ts` and returns its result; the
 * process's peak resident memory is added to `peaks` as `<task>-<scale>`.
 */
export async function runTaskInChild<T extends Task>(
  t: T,
  scratch: string,
  peaks?: { task: string; rssMB: number }[],
): Promise<TaskResult<T>> {
  mkdirSync(scratch, { recursive: true })
  const id = `${t.task}-${t.scale}`
  const input = join(scratch, `${id}.in.json`)
  const output = join(scratch, `${id}.out.json`)
  writeFileSync(input, JSON.stringify(t))
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...FLAGS[t.task], '--import', 'tsx', join(__dirname, '..', 'child.ts'), input, output],
    { stdio: 'inherit', cwd: join(__dirname, '..', '..') },
  )
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', resolve)
  })
  if (code !== 0) throw new Error(`bench task ${id} failed (exit code ${code})`)
  const out = JSON.parse(readFileSync(output, 'utf8')) as { result: TaskResult<T>; peakRssMB: number }
  peaks?.push({ task: id, rssMB: out.peakRssMB })
  return out.result
}
