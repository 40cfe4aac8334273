/** One bench task in a fresh process: `node --expose-gc --import tsx bench/child.ts <task.json> <result.json>`. */
import { readFileSync, writeFileSync } from 'node:fs'
import { limitHeapGrowth } from '../src/main/heap'
import { runTask, type Task } from './lib/tasks'

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2)
  const task = JSON.parse(readFileSync(input, 'utf8')) as Task
  // Our design's processes run with the heap settings the app's main process sets (src/main/heap.ts).
  if (task.task === 'ours' || task.task === 'compare') limitHeapGrowth()
  const result = await runTask(task)
  // The most resident memory this process ever held, for the bench's memory target.
  const peakRssMB = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10
  writeFileSync(output, JSON.stringify({ result, peakRssMB }))
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
