/**
 * The memory row alone, step by step: builds one scale's vault and measures our design on it, each in a
 * fresh process as `npm run bench` does, then prints each process's peak resident memory and, for the
 * measurement, the memory after each of its steps (`memorySteps`: where the peak comes from).
 *
 *   node --expose-gc --import tsx bench/memory.ts                      ten years (~1 min to build, ~4 to measure)
 *   node --expose-gc --import tsx bench/memory.ts --scale=one-year
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_SEED, SCALES, type Scale } from './lib/scales'
import { runTaskInChild } from './lib/tasks'

async function main(): Promise<void> {
  const hit = process.argv.find((a) => a.startsWith('--scale='))
  const scale = (hit?.slice('--scale='.length) ?? 'ten-year') as Scale['name']
  if (!(scale in SCALES)) throw new Error(`unknown scale ${scale}: use ${Object.keys(SCALES).join(', ')}`)
  const root = join(__dirname, '.work', `memory-${scale}`)
  const peaks: { task: string; rssMB: number }[] = []
  try {
    const info = await runTaskInChild(
      { task: 'build', scale, seed: DEFAULT_SEED, workDir: join(root, 'vault-build'), naive: false, sampleStoreCost: false },
      join(root, 'tasks'),
      peaks,
    )
    const ours = await runTaskInChild({ task: 'ours', scale, info }, join(root, 'tasks'), peaks)
    console.log('\nMemory after each step of the measurement (MB; no collection forced)\n')
    console.log(`${'step'.padEnd(56)}${'resident'.padStart(10)}${'heap used'.padStart(11)}${'external'.padStart(10)}${'peak so far'.padStart(13)}`)
    for (const s of ours.memorySteps)
      console.log(`${s.step.padEnd(56)}${s.rssMB.toFixed(1).padStart(10)}${s.heapUsedMB.toFixed(1).padStart(11)}${s.externalMB.toFixed(1).padStart(10)}${s.peakRssMB.toFixed(1).padStart(13)}`)
    console.log('\nPeak resident memory of each process')
    for (const p of peaks) console.log(`  ${p.task.padEnd(20)}${p.rssMB.toFixed(1).padStart(8)} MB`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
