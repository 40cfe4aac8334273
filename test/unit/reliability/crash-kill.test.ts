/**
 * Crash safety with real processes: a child process (crash-worker.ts) saves contact records through the
 * real handler table over a real vault, and is killed with SIGKILL. The kills are spread evenly over the
 * phases of a commit: for each kill a phase is chosen first — after the documents are written, after the
 * journal is appended (the commit point), after the head is written, after old generations are deleted —
 * and the child stops there on a randomly chosen commit and is killed; every fifth kill instead lands at a
 * random moment (before, during or between saves, during unlock). After every kill the vault is unlocked
 * again here (again through the handler table) and must hold every save the child had acknowledged, show
 * no problems, and have an audit chain that verifies from its first event to its last.
 *
 *   npm test            CRASH_KILLS unset: 50 kills
 *   npm run test:crash  CRASH_KILLS=1000
 *
 * The seed of the random kill delays is printed; CRASH_SEED=<n> repeats a run's delays.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createApi, type Api } from '../../../src/main/api'
import { KDF_FLOOR } from '../../../src/main/store'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'

const KILLS = Number(process.env['CRASH_KILLS'] ?? 50)
/** Where each kill lands, in turn: a phase of the commit, or (`random`) anywhere. */
const PHASES = ['random', 'documents-written', 'journal-appended', 'head-written', 'old-generations-deleted'] as const
type Phase = (typeof PHASES)[number]
const KILLS_PER_VAULT = 25
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31))
const REPO = resolve(__dirname, '../../..')
const WORKER = join(__dirname, 'crash-worker.ts')
const PASS = 'copper lantern orchard quietly'
const PROFILE = {
  name: 'Harriet Okonkwo',
  role: 'Designated Safeguarding Lead',
  agency: 'Oak Hill Primary School',
}

/** mulberry32: a small seeded generator so a failing run's kill delays can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function call<C extends Channel>(api: Api, channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (
    api.handlers[channel] as (
      i: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  )(input)
  if (!r.ok) throw new Error(`${channel} refused: ${r.error?.code}: ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

/** What the child acknowledged, across every run over one vault. */
interface Acknowledged {
  disputes: Set<string>
  drafts: Map<string, Set<string>>
  approved: Set<string>
  saves: number
}

interface Run {
  lines: number
  readyBeforeKill: boolean
  /** The commit phase the child stopped at before it was killed, if it was sent to one. */
  stoppedAt: string | null
  exit: { code: number | null; signal: NodeJS.Signals | null }
  stderr: string
}

/**
 * Starts the worker and kills it with SIGKILL — at the chosen commit phase, or after a random delay — and
 * records what it acknowledged.
 */
function runAndKill(env: Record<string, string>, phase: Phase, rand: () => number, ack: Acknowledged): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const atPhase = phase === 'random' ? {} : { CRASH_PHASE: phase, CRASH_AFTER: String(1 + Math.floor(rand() * 12)) }
    let stoppedAt: string | null = null
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: REPO,
      env: { ...process.env, ...env, ...atPhase },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let buffered = ''
    let stderr = ''
    let lines = 0
    let ready = false
    let killTimer: NodeJS.Timeout | null = null
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    // One kill in six lands at a random moment from the start (often during unlock, whose 'unlock' event
    // is itself a commit); the rest land 0–250 ms after the child is saving.
    const early = phase === 'random' && rand() < 1 / 6
    const delay = early ? rand() * 1500 : rand() * 250
    if (early) killTimer = setTimeout(kill, delay)
    const safety = setTimeout(kill, 30_000) // never let a wedged child hang the test
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        lines++
        const [tag, kind, a, b] = line.split(' ')
        if (tag === 'ready') {
          ready = true
          if (phase === 'random' && !early) killTimer = setTimeout(kill, delay)
        } else if (tag === 'P') {
          stoppedAt = kind ?? null
          kill()
        } else if (tag === 'A' && kind === 'dispute') {
          ack.disputes.add(a)
          ack.drafts.set(a, new Set())
          ack.saves++
        } else if (tag === 'A' && kind === 'draft') {
          ack.drafts.get(a)!.add(b)
          ack.saves++
        } else if (tag === 'A' && kind === 'approved') {
          ack.approved.add(b)
          ack.saves++
        } else reject(new Error(`unexpected line from the worker: ${line}`))
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer)
      clearTimeout(safety)
      resolveRun({ lines, readyBeforeKill: ready, stoppedAt, exit: { code, signal }, stderr })
    })
  })
}

/** Unlocks through the handler table and checks every acknowledged save is there and the chain verifies. */
async function verify(dir: string, personId: string, ack: Acknowledged): Promise<void> {
  const api = createApi({ appVersion: 'crash-check', defaultVaultDir: dir, kdf: KDF_FLOOR })
  try {
    const session = await call(api, 'vault.unlock', { dir, personId, passphrase: PASS })
    expect(session.problems).toEqual([])
    for (const disputeId of ack.disputes) {
      const view = await call(api, 'disputes.get', { disputeId })
      const byId = new Map(view.records.map((r) => [r.id, r]))
      for (const recordId of ack.drafts.get(disputeId) ?? []) {
        const record = byId.get(recordId)
        expect(record, `acknowledged record ${recordId} of ${disputeId}`).toBeDefined()
        if (ack.approved.has(recordId)) expect(record!.status, `approval of ${recordId}`).toBe('approved')
      }
    }
    expect(await call(api, 'audit.verify', {})).toMatchObject({ ok: true })
  } finally {
    await api.dispose()
  }
}

async function newVault(
  root: string,
  n: number,
): Promise<{ dir: string; personId: string; childId: string }> {
  const dir = join(root, `vault-${n}`)
  const api = createApi({ appVersion: 'crash-setup', defaultVaultDir: dir, kdf: KDF_FLOOR })
  try {
    const session = await call(api, 'vault.create', {
      dir,
      passphrase: PASS,
      passphraseConfirm: PASS,
      profile: PROFILE,
    })
    const child = await call(api, 'children.create', {
      child: { name: 'Amy Example', dateOfBirth: '2016-05-04' },
    })
    return { dir, personId: session.person.personId, childId: child.id }
  } finally {
    await api.dispose()
  }
}

const roots: string[] = []
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true })
})

describe('crash safety: SIGKILL at random moments', () => {
  it(
    `${KILLS} kills of a process saving records: every acknowledged save survives and the chain verifies`,
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'escalation-log-crash-'))
      roots.push(root)
      const rand = random(SEED)
      const totals = { kills: 0, acknowledged: 0, killedBeforeReady: 0, vaults: 0, failures: 0 }
      const phasesHit = new Map<string, number>(PHASES.map((p) => [p, 0]))
      let vault = await newVault(root, 0)
      let ack: Acknowledged = { disputes: new Set(), drafts: new Map(), approved: new Set(), saves: 0 }
      try {
        for (let k = 0; k < KILLS; k++) {
          if (k > 0 && k % KILLS_PER_VAULT === 0) {
            // A fresh vault now and then keeps each run's documents small, so the test's cost stays flat.
            totals.acknowledged += ack.saves
            rmSync(vault.dir, { recursive: true, force: true })
            vault = await newVault(root, ++totals.vaults)
            ack = { disputes: new Set(), drafts: new Map(), approved: new Set(), saves: 0 }
          }
          const phase = PHASES[k % PHASES.length]!
          const run = await runAndKill(
            { VAULT_DIR: vault.dir, PERSON_ID: vault.personId, PASSPHRASE: PASS, CHILD_ID: vault.childId },
            phase,
            rand,
            ack,
          )
          // A child sent to a phase must have stopped there, not been killed on the way by the safety timer.
          if (phase !== 'random') expect(run.stoppedAt, `kill ${k + 1} (seed ${SEED}) at ${phase}`).toBe(phase)
          phasesHit.set(run.stoppedAt ?? 'random', (phasesHit.get(run.stoppedAt ?? 'random') ?? 0) + 1)
          // Killed by us, never exited by itself (which would mean it hit an error, not a kill).
          expect(run.exit, `kill ${k + 1} (seed ${SEED}): ${run.stderr}`).toEqual({
            code: null,
            signal: 'SIGKILL',
          })
          totals.kills++
          if (!run.readyBeforeKill) totals.killedBeforeReady++
          try {
            await verify(vault.dir, vault.personId, ack)
          } catch (e) {
            totals.failures++
            throw new Error(
              `after kill ${k + 1} (seed ${SEED}): ${e instanceof Error ? e.message : String(e)}`,
            )
          }
        }
      } finally {
        totals.acknowledged += ack.saves
        // Ids and counts only: nothing of a case.
        console.log(
          `crash-kill: seed ${SEED}, ${totals.kills} kills (${totals.killedBeforeReady} during start-up/unlock), ` +
            `${totals.acknowledged} acknowledged saves across ${totals.vaults + 1} vaults, ${totals.failures} losses; ` +
            `phases hit: ${[...phasesHit].map(([p, n]) => `${p} ${n}`).join(', ')}`,
        )
      }
      expect(totals.kills).toBe(KILLS)
      if (KILLS >= PHASES.length) for (const p of PHASES) expect(phasesHit.get(p), `kills at ${p}`).toBeGreaterThan(0)
      expect(totals.acknowledged).toBeGreaterThan(0)
    },
    KILLS * 10_000 + 60_000,
  )
})
