/**
 * `npm run bench`: builds a synthetic ten-year vault and a one-year vault from a seed, measures our design
 * and the naive single-document baseline in the same run, prints the table and writes bench/results.json.
 *
 *   npm run bench                     the full run (about 3–4 minutes on a 2-core machine)
 *   npm run bench -- --seed=7         another synthetic vault
 *   npm run bench -- --keep           leave the vaults in bench/.work/ afterwards
 *   npm run bench:smoke               the same code on a 20-dispute vault, in seconds
 */
import { join } from 'node:path'
import { runBench } from './lib/bench'
import { DEFAULT_SEED, SCALES, type Scale } from './lib/scales'

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  return hit === undefined ? undefined : hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : 'true'
}

async function main(): Promise<void> {
  const smoke = arg('smoke') !== undefined
  const scales = (arg('scales')?.split(',') ??
    (smoke ? ['smoke'] : ['ten-year', 'one-year'])) as Scale['name'][]
  for (const s of scales)
    if (!(s in SCALES)) throw new Error(`unknown scale ${s}: use ${Object.keys(SCALES).join(', ')}`)
  const workRoot = join(__dirname, '.work')
  await runBench({
    scales,
    seed: Number(arg('seed') ?? DEFAULT_SEED),
    workRoot,
    inProcess: false,
    naiveSaves: Number(arg('naive-saves') ?? (smoke ? 3 : 8)),
    naiveOpens: Number(arg('naive-opens') ?? 3),
    keep: arg('keep') !== undefined,
    resultsFile: smoke ? join(workRoot, 'results.smoke.json') : join(__dirname, 'results.json'),
  })
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
