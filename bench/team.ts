/**
 * `npm run bench:team`: only the team vault's rows of `npm run bench` (bench/lib/team-bench.ts), over a real
 * loopback WebDAV server (rclone), at one scale.
 *
 *   npm run bench:team                      the ten-year vault (5,000 disputes, 100,000 records)
 *   npm run bench:team -- --scale=one-year  a tenth of it; --scale=smoke for seconds
 */
import { join } from 'node:path'
import { formatTargets } from './lib/report'
import { SCALES, type Scale } from './lib/scales'
import { measureTeam, teamTargets } from './lib/team-bench'

async function main(): Promise<void> {
  const name = (process.argv.find((a) => a.startsWith('--scale='))?.split('=')[1] ?? 'ten-year') as Scale['name']
  const scale = SCALES[name]
  if (!scale) throw new Error(`unknown scale ${name}: use ${Object.keys(SCALES).join(', ')}`)
  const team = await measureTeam(scale, join(__dirname, '.work', 'team-bench'), (m) => console.log(`  [${name}] ${m}`))
  console.log(`\n${formatTargets(teamTargets({ team }))}`)
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
