/**
 * Attachments (issue 18): "re-opening a 10-year vault is not slowed by attachments (the benchmark's unlock
 * with 5,000 attachments present is ≤ 1.1 × the same vault without them)".
 *
 * The built vault is copied twice. Into one copy go `count` attachments (random bytes, 2–32 KiB each, one
 * chunk document apiece, named for a dispute as the app names them), in commits of 50; the other copy gets
 * the same number of commits, each writing one small document. Attachments accumulate over ten years, so
 * they belong to the history before the last checkpoint, not to the journal's tail: the last fill commit on
 * each side writes a checkpoint, and then both copies get the same tail as the core bench's vault (the
 * longest there can be, `checkpointTail` small saves). Then unlocks of the two copies alternate —
 * openVault (no audit event) and CaseLog.open, the dashboard's data — and the time spent in Argon2id is
 * subtracted from each (the kdf probe) where the probe can see it, as for the core 'open' target.
 */
import { randomBytes } from 'node:crypto'
import { cpSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { CaseLog } from '../../src/main/caselog'
import { openVault, type DocumentChange } from '../../src/main/store'
import { stageAttachmentBytes } from '../../src/main/store/attachments'
import { parseHeader } from '../../src/main/store/header'
import { deriveKek } from '../../src/main/store/kdf'
import type { BuildInfo } from './build'
import { kdfProbe } from './probes'
import { ratioRow, type Figures, type Row } from './report'
import { checkpointTail, type Scale } from './scales'
import { setupIo } from './setup-io'
import { collectGarbage, dist, type Dist } from './stats'

export interface AttachmentBenchResult {
  attachments: number
  attachmentBytes: number
  rounds: number
  withAttachments: Dist
  without: Dist
  ratio: number
  /** How the time spent in Argon2id was taken off each unlock. */
  kdfSubtracted: 'measured inside each unlock' | 'median of the separate key derivations'
  kdf: Dist
  /**
   * The process's CPU time over each unlock (KDF included: its worker thread counts too), with ÷ without. Not
   * judged; printed because on a shared, loaded machine it moves far less than the wall-clock figures do.
   */
  cpu: { withAttachments: Dist; without: Dist; ratio: number }
}

/** How many attachments each scale's vault gets: the 5,000 at ten years. */
export const ATTACHMENTS_AT: Record<Scale['name'], number> = { 'ten-year': 5000, 'one-year': 500, smoke: 50 }

const PER_COMMIT = 50

/**
 * Alternating unlocks of each copy. 15, not the core rows' 7: the two sides differ by a few milliseconds in
 * ~250, and on a shared machine the p50 of 7 samples moved by ±15% between runs of the same code.
 */
export const ATTACHMENT_ROUNDS = 15

export async function measureAttachments(
  info: BuildInfo,
  scale: Scale,
  scratch: string,
  opts: { rounds: number; now: () => Date },
  log: (m: string) => void,
): Promise<AttachmentBenchResult> {
  const count = ATTACHMENTS_AT[scale.name]
  const withDir = join(scratch, 'with-attachments')
  const withoutDir = join(scratch, 'without-attachments')
  rmSync(scratch, { recursive: true, force: true })
  cpSync(info.vaultDir, withDir, { recursive: true })
  cpSync(info.vaultDir, withoutDir, { recursive: true })
  const unlock = (dir: string, build?: { checkpointEvery: number }) =>
    openVault(dir, { personId: info.personId, passphrase: info.passphrase, now: opts.now, auditUnlock: false, ...(build ? { io: setupIo(), ...build } : {}) })
  // Every fill commit writes a checkpoint, so the last one leaves the attachments in the checkpoint.
  const FILL = { checkpointEvery: 1 }
  // The tail: as many small saves as the core bench's vault has after its checkpoint, none checkpointed.
  const TAIL = { checkpointEvery: 1_000_000_000 }
  const tail = async (dir: string) => {
    const v = await unlock(dir, TAIL)
    // The smoke run only checks the code path: a short tail keeps it quick.
    const saves = scale.name === 'smoke' ? 20 : checkpointTail(scale)
    for (let i = 0; i < saves; i++) await v.commit({ action: 'settings', summary: 'a small save' }, [{ docId: 'bench-tail', data: { i } }])
    await v.lock()
  }

  // ---- fill: the same number of commits on both sides ------------------------------------------------
  let attachmentBytes = 0
  const filled = await unlock(withDir, FILL)
  const disputes = filled.documentIds().filter((id) => id.startsWith('dispute.'))
  for (let done = 0; done < count; done += PER_COMMIT) {
    const changes: DocumentChange[] = []
    for (let i = done; i < Math.min(count, done + PER_COMMIT); i++) {
      const bytes = randomBytes(2048 + ((i * 7919) % 30720))
      attachmentBytes += bytes.length
      const scope = disputes[i % disputes.length]!.slice('dispute.'.length)
      changes.push(...stageAttachmentBytes(filled, scope, `file-${i}.pdf`, bytes, 25 * 1024 * 1024).changes)
    }
    await filled.commit({ action: 'attachment-added', summary: `${changes.length} files attached` }, changes)
  }
  await filled.lock()
  const padded = await unlock(withoutDir, FILL)
  for (let done = 0; done < count; done += PER_COMMIT)
    await padded.commit({ action: 'settings', summary: 'a small save' }, [{ docId: 'bench-pad', data: { done } }])
  await padded.lock()
  await tail(withDir)
  await tail(withoutDir)
  log(`attachments: ${count} attachments (${(attachmentBytes / 1048576).toFixed(0)} MiB) in one copy, as many small saves in the other`)

  // ---- measure: alternate unlocks ---------------------------------------------------------------------
  // Key derivation on its own, with the vault's own salt and settings: the derivation runs on a worker thread,
  // where the probe cannot see it, so its median is what is taken off each unlock then (as for the core 'open').
  const slot = parseHeader(readFileSync(join(withDir, 'vault.json'))).header.slots.find((s) => s.personId === info.personId)!
  const kdfParams = { memoryKiB: slot.kdf.memoryKiB, passes: slot.kdf.passes, parallelism: slot.kdf.parallelism }
  const salt = Buffer.from(slot.kdf.salt, 'hex')
  const derivations: number[] = []
  for (let i = 0; i < 8; i++) {
    const started = performance.now()
    ;(await deriveKek(info.passphrase, salt, kdfParams)).fill(0)
    if (i > 0) derivations.push(performance.now() - started)
  }
  const kdf = dist(derivations)
  const probe = kdfProbe()
  const samples = { with: [] as number[], without: [] as number[] }
  const cpu = { with: [] as number[], without: [] as number[] }
  let seen = true
  try {
    for (let round = 0; round < opts.rounds + 1; round++) {
      for (const side of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        collectGarbage() // where the process allows it: a collection owed by the last sample is not charged to this one
        probe.reset()
        const cpuBefore = process.cpuUsage()
        const started = performance.now()
        const vault = await unlock(side === 'with' ? withDir : withoutDir)
        await CaseLog.open(vault)
        const ms = performance.now() - started
        const cpuUsed = process.cpuUsage(cpuBefore)
        const inside = probe.calls > 0
        if (!inside) seen = false
        await vault.lock()
        if (round > 0) {
          samples[side].push(ms - (inside ? probe.ms : kdf.p50)) // the first round warms the file cache
          cpu[side].push((cpuUsed.user + cpuUsed.system) / 1000)
        }
      }
    }
  } finally {
    probe.restore()
  }
  if (!process.env.BENCH_KEEP_ATTACHMENTS) rmSync(scratch, { recursive: true, force: true })
  const withAttachments = dist(samples.with)
  const without = dist(samples.without)
  const ratio = withAttachments.p50 / without.p50
  const cpuFigures = { withAttachments: dist(cpu.with), without: dist(cpu.without), ratio: 0 }
  cpuFigures.ratio = cpuFigures.withAttachments.p50 / cpuFigures.without.p50
  const kdfSubtracted = seen ? 'measured inside each unlock' : 'median of the separate key derivations'
  log(`attachments: unlock after KDF (${kdfSubtracted}, ${kdf.p50.toFixed(1)} ms) p50 ${withAttachments.p50.toFixed(1)} ms with, ${without.p50.toFixed(1)} ms without (${ratio.toFixed(2)}×); CPU time p50 ${cpuFigures.withAttachments.p50.toFixed(1)} ms with, ${cpuFigures.without.p50.toFixed(1)} ms without (${cpuFigures.ratio.toFixed(2)}×)`)
  return { attachments: count, attachmentBytes, rounds: opts.rounds, withAttachments, without, ratio, kdfSubtracted, kdf, cpu: cpuFigures }
}

/** The target row, registered in TARGET_SOURCES (report.ts). */
export function attachmentTargets(f: Figures): Row[] {
  const a = f.attachments
  if (!a) return []
  return [
    ratioRow(
      'open-with-attachments',
      `Unlock → dashboard data with ${a.attachments} attachments present ÷ the same vault without them (p50 of ${a.rounds}, after KDF: ${a.kdfSubtracted})`,
      { value: a.withAttachments.p50 },
      { value: a.without.p50, label: 'without' },
      1.1,
    ),
  ]
}
