/**
 * `npx tsx bench/attachments-only.ts [--scale=ten-year]`: builds one scale's vault and measures only the
 * attachments target (attachments-bench.ts), for checking that row without the whole bench. The full
 * `npm run bench` judges it with every other target.
 */
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { ATTACHMENT_ROUNDS, attachmentTargets, measureAttachments } from './lib/attachments-bench'
import { DEFAULT_SEED, SCALES, type Scale } from './lib/scales'
import { runTaskInChild } from './lib/tasks'
import type { Figures } from './lib/report'

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith('--scale='))
  const name = (arg ? arg.slice('--scale='.length) : 'ten-year') as Scale['name']
  const scale = SCALES[name]
  const workRoot = join(__dirname, '.work', 'attachments-only')
  const info = await runTaskInChild({ task: 'build', scale: name, seed: DEFAULT_SEED, workDir: join(workRoot, name), naive: false, sampleStoreCost: false }, join(workRoot, 'tasks'))
  let t = Date.parse(scale.now)
  const result = await measureAttachments(info, scale, join(workRoot, 'scratch'), { rounds: ATTACHMENT_ROUNDS, now: () => new Date((t += 1000)) }, console.log)
  const [row] = attachmentTargets({ attachments: result } as Figures)
  console.log(JSON.stringify({ result, row }, null, 2))
  if (!process.env.BENCH_KEEP_ATTACHMENTS) rmSync(workRoot, { recursive: true, force: true })
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
