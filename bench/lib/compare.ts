/**
 * Saves at two scales, interleaved in one process: a contact record and an approval on vault A, then the
 * same on vault B, and so on. Other work on the machine then slows both alike, so the ratio of their p95s
 * says how a save's cost grows with the history, not what else the machine was doing at the time.
 *
 * Twice: with the handlers called directly (the store and the case log alone, no handler-table wrapper),
 * sampling the fsync floor before each pair; then through the handler table, configured as the app
 * configures it (src/main/index.ts).
 */
import { open, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createApi, type Api } from '../../src/main/api'
import type { BuildInfo } from './build'
import { APP_LIKE, openDirect } from './direct'
import { saver, type Call, type DashboardOut } from './saves'
import type { Scale } from './scales'
import { dist, type Dist } from './stats'

export interface ScaleSaves {
  record: Dist
  approval: Dist
  /** The slowest saves, slowest first. */
  slowest: number[]
}

export interface SaveComparison {
  saves: number
  /** The handlers called directly: the store and the case log alone. */
  storeOnly: Record<string, ScaleSaves>
  /** fsync of a small file, sampled before each pair of the store-only run. */
  floor: Dist
  /** Through the handler table, configured as the app configures it. */
  handlerTable: Record<string, ScaleSaves>
}

type Vault = { info: BuildInfo; scale: Scale }

async function interleave(
  vaults: { name: string; call: Call; seed: number; clock: { ms: number } }[],
  saves: number,
  beforeEach?: () => Promise<void>,
): Promise<Record<string, ScaleSaves>> {
  const runs = await Promise.all(
    vaults.map(async (v) => ({
      ...v,
      save: saver(v.call, (await v.call<DashboardOut>('disputes.dashboard', {})).rows, v.seed, v.clock),
      record: [] as number[],
      approval: [] as number[],
    })),
  )
  for (let i = 0; i < saves; i++)
    for (const r of runs) {
      await beforeEach?.()
      const t = await r.save(i)
      r.record.push(t.record)
      r.approval.push(t.approval)
    }
  return Object.fromEntries(
    runs.map((r) => [
      r.name,
      {
        record: dist(r.record),
        approval: dist(r.approval),
        slowest: [...r.record, ...r.approval].sort((a, b) => b - a).slice(0, 8),
      },
    ]),
  )
}

export async function compareSaves(vaults: Vault[], saves: number): Promise<SaveComparison> {
  const clocks = vaults.map((v) => ({ ms: Date.parse(v.scale.now) + 7_200_000 }))

  // 1. The store and case log alone, with the fsync floor sampled before each pair.
  const direct = await Promise.all(vaults.map((v, i) => openDirect(v.info, () => new Date(clocks[i].ms))))
  const floorFile = join(dirname(vaults[0].info.vaultDir), 'fsync-floor.tmp')
  const fh = await open(floorFile, 'w')
  const floor: number[] = []
  const block = Buffer.alloc(200, 0x61)
  let storeOnly: Record<string, ScaleSaves>
  try {
    storeOnly = await interleave(
      vaults.map((v, i) => ({
        name: v.scale.name,
        call: direct[i].call,
        seed: v.info.seed + 1,
        clock: clocks[i],
      })),
      saves,
      async () => {
        const started = performance.now()
        await fh.write(block, 0, block.length, 0)
        await fh.sync()
        floor.push(performance.now() - started)
      },
    )
  } finally {
    await fh.close()
    await rm(floorFile, { force: true })
    for (const d of direct) await d.close()
  }

  // 2. Through the handler table.
  const apis: Api[] = vaults.map((v, i) =>
    createApi({ ...APP_LIKE, defaultVaultDir: v.info.vaultDir, now: () => new Date(clocks[i].ms) }),
  )
  const calls: Call[] = apis.map((api) => {
    const handlers = api.handlers as unknown as Record<
      string,
      (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>
    >
    return async <T>(channel: string, input: unknown) => {
      const r = await handlers[channel](input)
      if (!r.ok) throw new Error(`${channel} refused: ${r.error?.code}`)
      return r.value as T
    }
  })
  for (const [i, v] of vaults.entries())
    await calls[i]('vault.unlock', {
      dir: v.info.vaultDir,
      personId: v.info.personId,
      passphrase: v.info.passphrase,
    })
  const handlerTable = await interleave(
    vaults.map((v, i) => ({ name: v.scale.name, call: calls[i], seed: v.info.seed + 2, clock: clocks[i] })),
    saves,
  )
  for (const [i, api] of apis.entries()) {
    await calls[i]('vault.lock', {})
    await api.dispose()
  }
  return { saves, storeOnly, floor: dist(floor), handlerTable }
}
