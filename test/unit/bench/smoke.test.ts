/**
 * The bench (`npm run bench`) at a tiny scale, in this process: it builds a 20-dispute vault the way it
 * builds the ten-year one, measures it through the real handler table, measures the naive baseline, and
 * produces every figure and the table. No timing is asserted — figures on a test machine mean nothing;
 * the real run is `npm run bench` (see docs/performance.md).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBench, type BenchResults } from '../../../bench/lib/bench'
import { PASSPHRASE } from '../../../bench/lib/build'
import { compareSaves } from '../../../bench/lib/compare'
import { SCALES } from '../../../bench/lib/scales'
import { openVault } from '../../../src/main/store'

const root = mkdtempSync(join(tmpdir(), 'escalation-log-bench-'))
let results: BenchResults

beforeAll(async () => {
  process.env.BENCH_QUIET = '1'
  results = await runBench(
    {
      scales: ['smoke'],
      seed: 1,
      workRoot: root,
      inProcess: true,
      naiveSaves: 2,
      naiveOpens: 2,
      keep: true,
      resultsFile: null,
    },
    () => undefined,
  )
}, 180_000)

afterAll(() => {
  delete process.env.BENCH_QUIET
  rmSync(root, { recursive: true, force: true })
})

const finite = (x: number) => expect(Number.isFinite(x) && x >= 0, String(x)).toBe(true)

describe('the bench at smoke scale', () => {
  it('builds the vault it was asked for, and the store accepts every event of it', async () => {
    const build = results.builds.smoke
    expect(build.openDisputes).toBeGreaterThan(0)
    expect(build.sizes.documentFiles).toBeGreaterThan(20) // one per dispute, archives, index, children, settings
    const vault = await openVault(join(root, 'smoke', 'vault'), {
      personId: build.personId,
      passphrase: PASSPHRASE,
      now: () => new Date(),
      auditUnlock: false,
    })
    try {
      const chain = await vault.verifyAuditChain()
      expect(chain).toMatchObject({ ok: true })
      expect(vault.has('index') && vault.has('children') && vault.has(`dispute.${build.packDisputeId}`)).toBe(
        true,
      )
      // The bench's vault is written without year summaries, as a vault from before them: its first
      // quarterly figures built them from the archives, once, and stored them.
      expect(vault.documentIds().some((id) => id.startsWith('summary.'))).toBe(true)
      const actions = (await vault.readAudit({ limit: 500 })).map((e) => e.action)
      expect(actions.filter((a) => a === 'summaries-built')).toHaveLength(1)
    } finally {
      await vault.lock()
    }
  })

  it('measures every figure the issue asks for', () => {
    const o = results.ours.smoke
    for (const d of [
      o.kdf,
      o.open.afterKdf,
      o.openWithoutWrapper.afterKdf,
      o.openFloor.dist,
      o.dashboard,
      o.fsyncFloor,
      o.saves.record,
      o.saves.approval,
    ]) {
      expect(d.n).toBeGreaterThan(0)
      finite(d.p50)
      finite(d.p95)
    }
    expect(o.open.bytesRead).toBeGreaterThan(0)
    expect(o.openFloor.bytes).toBeGreaterThan(0)
    expect(o.memoryAfterOpen.rssMB).toBeGreaterThan(0)
    // Each may be skipped (with its reason) while the code it measures is still being written.
    if (!('skipped' in o.search)) finite(o.search.warm.p95)
    // Issue 20: the first search after unlock over the persistent index, with the index files it read.
    expect('skipped' in o.search).toBe(false)
    if (!('skipped' in o.search)) {
      const first = o.search.firstAfterUnlock!
      finite(first.ms)
      finite(first.floor.p50)
      // Measured after each of several unlocks, each with its own query and its own floor.
      expect(first.runs).toHaveLength(SCALES.smoke.opens)
      expect(first.floor.n).toBe(SCALES.smoke.opens)
      expect(first.files).toBeGreaterThan(0)
      expect(first.bytes).toBeGreaterThan(0)
      // Its snippets come from the texts the segments hold: it reads no dispute document.
      expect(first.otherDocuments).toBe(0)
    }
    expect('skipped' in o.quarterly).toBe(false)
    if (!('skipped' in o.quarterly)) {
      finite(o.quarterly.dist.p95)
      expect(o.quarterly.firstAfterUnlock.n).toBe(SCALES.smoke.opens)
      finite(o.quarterly.firstAfterUnlock.p50)
    }
    expect('skipped' in o.pack).toBe(false)
    if (!('skipped' in o.pack)) {
      finite(o.pack.dist.p95)
      expect(o.pack.records).toBe(30)
    }
    expect(o.packFloor.dist.n).toBe(5)
    expect(o.packFloor.chars).toBeGreaterThan(30 * 100)
    finite(o.packFloor.dist.p50)
    // Each task's process peak (here, one process: the test's).
    expect(results.peaks.map((p) => p.task)).toEqual(expect.arrayContaining(['build-smoke', 'ours-smoke', 'naive-smoke']))
    for (const p of results.peaks) expect(p.rssMB).toBeGreaterThan(0)

    const naive = results.naive!
    finite(naive.open.p50)
    finite(naive.saves.record.p95)
    expect(naive.jsonBytes).toBeGreaterThan(0)
  })

  it('times saves interleaved, with the handlers called directly and through the handler table', async () => {
    const info = {
      ...results.builds.smoke,
      passphrase: PASSPHRASE,
      vaultDir: join(root, 'smoke', 'vault'),
      naive: null,
    }
    const compared = await compareSaves([{ info, scale: SCALES.smoke }], 3)
    for (const run of [compared.storeOnly.smoke, compared.handlerTable.smoke]) {
      expect(run.record.n).toBe(3)
      finite(run.approval.p95)
    }
    finite(compared.floor.p50)
  })

  it('judges each target as a ratio against a floor of the same run, with the figures beside it', () => {
    const byId = new Map(results.targets.map((t) => [t.id, t]))
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining([
        'memory',
        'quarterly',
        'open',
        'save-growth-record',
        'save-growth-approval',
        'pack',
        'save-vs-naive-record',
        'save-vs-naive-approval',
        'open-vs-naive',
        'search-first-vs-floor',
        'search-first-vs-warm',
        'rolling-backup-time',
        'rolling-backup-bytes',
        'full-backup',
        'team-join',
        'team-quiet-sync',
        'team-new-record',
        'team-save-offline',
      ]),
    )
    for (const t of results.targets) {
      expect([true, false, null]).toContain(t.pass)
      expect(t.name.length).toBeGreaterThan(0)
      expect(t.target).toMatch(/^[≤≥] /)
    }
    // Judged in this run: a ratio and both figures it is made of.
    for (const id of ['quarterly', 'open', 'pack', 'save-vs-naive-record', 'open-vs-naive']) {
      const t = byId.get(id)!
      finite(t.ratio!)
      expect(t.pass).not.toBeNull()
      expect(t.absolute).toMatch(/\d.* ÷ .*\d/)
    }
    expect(byId.get('memory')!.absolute).toMatch(/^\d+(\.\d)? MB$/)
    expect(byId.get('memory')!.pass).not.toBeNull()
    // One scale only: no ten-year ÷ one-year comparison, so those rows say n/a rather than guess.
    expect(byId.get('save-growth-record')!.pass).toBeNull()
    expect(results.table.length).toBeGreaterThan(20)
    expect(results.table.every((r) => r.metric.length > 0)).toBe(true)
  })

  it('measures rolling backups after one save and a full backup against the copy floor, with a row each', () => {
    const b = results.backups
    expect(b.rolling.rounds).toBeGreaterThan(0)
    for (const d of [b.rolling.save, b.rolling.backup, b.full.backup, b.full.floor]) {
      expect(d.n).toBeGreaterThan(0)
      finite(d.p50)
    }
    // Each rolling backup after one save is an increment: a few times the bytes the save wrote, not the vault.
    expect(b.rolling.backupBytes).toBeGreaterThan(0)
    expect(b.rolling.backupBytes).toBeLessThan(b.full.bytes / 4)
    expect(b.checks.map((c) => c.id)).toEqual(['rolling-backup-time', 'rolling-backup-bytes', 'full-backup'])
    for (const id of ['rolling-backup-time', 'rolling-backup-bytes', 'full-backup'])
      expect(results.targets.some((t) => t.id === id)).toBe(true)
    for (const c of b.checks) expect(c.ratio, c.id).not.toBeNull()
    expect(results.table.filter((r) => /backup/i.test(r.metric)).length).toBeGreaterThanOrEqual(3)
  })

  it('measures unlock with attachments present against the same vault without them, judged in a row of its own', () => {
    const a = results.attachments
    expect(a.attachments).toBe(50)
    expect(a.withAttachments.n).toBe(a.rounds)
    finite(a.withAttachments.p50)
    finite(a.without.p50)
    const row = results.targets.find((t) => t.id === 'open-with-attachments')!
    expect(row.target).toBe('≤ 1.1×')
    finite(row.ratio!)
    expect(row.pass).not.toBeNull()
  })
})
