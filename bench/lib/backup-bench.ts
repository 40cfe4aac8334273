/**
 * Backups (issue 20): "rolling backup after one save ≤ 5 × that save's cost, bytes written ≤ 4 × the bytes
 * the save wrote" and "full backup ≤ 1.5 × the floor of reading and writing the vault's bytes".
 *
 * On the built vault, opened with the store (no handler table, so neither figure includes the queue):
 * - rolling: a chain is started with a full copy; then, each round, one save (a dispute document written
 *   back, the size the app saves) and at once the rolling backup after it (an increment). The save's bytes
 *   are what it added to the folder (the generation file, the journal frame, head.enc).
 * - full: a full backup (`createBackup`) alternated with the floor: read every file of the vault folder
 *   (documents whole, the journal in 1 MiB chunks) and write them one after another into one file, fsynced
 *   once — what any copy of the vault's bytes must cost, with no hashing, MAC or reading back.
 */
import { closeSync, fsyncSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs'
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { openVault, type Vault } from '../../src/main/store'
import { createBackup, writeRollingBackup } from '../../src/main/store/backup'
import type { BuildInfo } from './build'
import type { FigureRow } from './figures-table'
import { ratioRow, type Row } from './report'
import { dist, type Dist } from './stats'

export interface BackupBenchResult {
  rolling: { save: Dist; backup: Dist; saveBytes: number; backupBytes: number; timeRatio: number; bytesRatio: number; rounds: number }
  full: { backup: Dist; floor: Dist; bytes: number; ratio: number; rounds: number }
  checks: Row[]
}

/** Reads every file of the vault and writes them into `out`, fsynced once: the floor of a full copy. */
async function copyFloor(dir: string, out: string): Promise<number> {
  const fd = openSync(out, 'w')
  let bytes = 0
  const put = (b: Buffer) => {
    for (let done = 0; done < b.length; ) done += writeSync(fd, b, done, b.length - done)
    bytes += b.length
  }
  try {
    for (const name of ['vault.json', 'head.enc', 'checkpoint.enc']) {
      const b = await readFile(join(dir, name)).catch(() => null)
      if (b) put(b)
    }
    const journal = await open(join(dir, 'journal.log'), 'r')
    try {
      const chunk = Buffer.alloc(1 << 20)
      for (let at = 0; ; ) {
        const { bytesRead } = await journal.read(chunk, 0, chunk.length, at)
        if (bytesRead === 0) break
        put(chunk.subarray(0, bytesRead))
        at += bytesRead
      }
    } finally {
      await journal.close()
    }
    for (const name of readdirSync(join(dir, 'documents')).sort()) put(await readFile(join(dir, 'documents', name)))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return bytes
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function measureBackups(
  info: BuildInfo,
  scratch: string,
  opts: { rollingRounds: number; fullRounds: number; now: () => Date },
  log: (m: string) => void,
): Promise<BackupBenchResult> {
  await mkdir(scratch, { recursive: true })
  const dir = info.vaultDir
  const vault: Vault = await openVault(dir, { personId: info.personId, passphrase: info.passphrase, now: opts.now })
  try {
    // ---- rolling: one save, then the rolling backup after it --------------------------------------------
    const folder = join(scratch, 'rolling')
    await writeRollingBackup(vault, folder, 1000, { now: opts.now, full: true })
    const disputes = vault.documentIds().filter((id) => id.startsWith('dispute'))
    const saveMs: number[] = []
    const backupMs: number[] = []
    const saveBytes: number[] = []
    const backupBytes: number[] = []
    for (let i = 0; i < opts.rollingRounds; i++) {
      const docId = disputes[(i * 7919) % disputes.length] ?? 'settings'
      const data = await vault.load(docId)
      const journalBefore = statSync(join(dir, 'journal.log')).size
      let t = performance.now()
      await vault.commit({ action: 'bench-save', summary: 'A document saved again (bench)' }, [{ docId, data }])
      saveMs.push(performance.now() - t)
      // What the save wrote: the document's new generation file, the journal frame, the new head.
      const frame = statSync(join(dir, 'journal.log')).size - journalBefore
      saveBytes.push(frame + generationSize(dir, docId) + statSync(join(dir, 'head.enc')).size)
      t = performance.now()
      const written = await writeRollingBackup(vault, folder, 1000, { now: opts.now })
      backupMs.push(performance.now() - t)
      backupBytes.push(written?.bytes ?? 0)
    }
    const save = dist(saveMs)
    const backup = dist(backupMs)
    const rolling = {
      save,
      backup,
      saveBytes: median(saveBytes),
      backupBytes: median(backupBytes),
      timeRatio: backup.p50 / save.p50,
      bytesRatio: median(backupBytes) / median(saveBytes),
      rounds: opts.rollingRounds,
    }
    log(
      `rolling backup after one save: ${backup.p50.toFixed(1)} ms p50 (save ${save.p50.toFixed(1)} ms, ${rolling.timeRatio.toFixed(2)}×); ` +
        `${rolling.backupBytes} bytes (save ${rolling.saveBytes} bytes, ${rolling.bytesRatio.toFixed(2)}×)`,
    )

    // ---- full: a whole backup against the floor of copying the vault's bytes -----------------------------
    const fullMs: number[] = []
    const floorMs: number[] = []
    let bytes = 0
    for (let i = 0; i < opts.fullRounds; i++) {
      const floorFile = join(scratch, 'floor.bin')
      let t = performance.now()
      await copyFloor(dir, floorFile)
      floorMs.push(performance.now() - t)
      rmSync(floorFile, { force: true })
      const file = join(scratch, 'full.elbackup')
      t = performance.now()
      bytes = (await createBackup(vault, file, { now: opts.now })).bytes
      fullMs.push(performance.now() - t)
      rmSync(file, { force: true })
    }
    const full = { backup: dist(fullMs), floor: dist(floorMs), bytes, ratio: median(fullMs) / median(floorMs), rounds: opts.fullRounds }
    log(
      `full backup: ${full.backup.p50.toFixed(0)} ms p50 for ${(bytes / 1048576).toFixed(0)} MiB (floor ${full.floor.p50.toFixed(0)} ms, ${full.ratio.toFixed(2)}×)`,
    )
    return { rolling, full, checks: checksOf(rolling, full) }
  } finally {
    await vault.lock()
    await rm(scratch, { recursive: true, force: true })
  }
}

/** The size of the document's current generation file (what the save wrote for it). */
function generationSize(dir: string, docId: string): number {
  const name = readdirSync(join(dir, 'documents')).find((n) => n.startsWith(`${docId}.`) && /\.\d+\.enc$/.test(n.slice(docId.length)))
  return name ? statSync(join(dir, 'documents', name)).size : 0
}

function checksOf(rolling: BackupBenchResult['rolling'], full: BackupBenchResult['full']): Row[] {
  const bytes = (v: number): string => `${v} B`
  const mib = (full.bytes / 1048576).toFixed(0)
  return [
    ratioRow('rolling-backup-time', 'rolling backup after one save ÷ that save, p50', { value: rolling.backup.p50 }, { value: rolling.save.p50, label: 'save' }, 5),
    ratioRow('rolling-backup-bytes', 'bytes the rolling backup wrote ÷ bytes the save wrote', { value: rolling.backupBytes }, { value: rolling.saveBytes, label: 'save' }, 4, { format: bytes }),
    ratioRow('full-backup', 'full backup ÷ the floor of reading and writing the vault’s bytes, p50', { value: full.backup.p50 }, { value: full.floor.p50, label: 'copy floor' }, 1.5, { note: `${mib} MiB` }),
  ]
}

/** The backup figures for the informational table (the judged rows are `checks`). */
export function backupRows(r: BackupBenchResult): FigureRow[] {
  return [
    { metric: `Rolling backup after one save (${r.rolling.rounds} rounds; the save itself p50 ${r.rolling.save.p50.toFixed(1)} ms)`, p50: `${r.rolling.backup.p50.toFixed(1)} ms`, p95: `${r.rolling.backup.p95.toFixed(1)} ms`, target: '', result: '' },
    { metric: `Rolling backup bytes written (the save wrote ${r.rolling.saveBytes} B)`, p50: `${r.rolling.backupBytes} B`, p95: '', target: '', result: '' },
    { metric: `Full backup (${(r.full.bytes / 1048576).toFixed(0)} MiB; copy floor p50 ${r.full.floor.p50.toFixed(0)} ms)`, p50: `${r.full.backup.p50.toFixed(0)} ms`, p95: `${r.full.backup.p95.toFixed(0)} ms`, target: '', result: '' },
  ]
}
