/**
 * Crash safety with real processes: a child process (crash-worker.ts) runs a mix of operations through the
 * real handler table over a real vault — contact records saved and approved, people added and removed, its
 * own passphrase changed, retention decisions (kept, disposed of) and backups saved — and is killed with
 * SIGKILL. The kills are spread evenly over operations and the phases of a commit: for each kill an
 * operation and a phase are chosen first (in turn, every pair alike) — after the documents are written,
 * after the journal is appended (the commit point), after the head is written, after old generations are
 * deleted — and the child stops at that phase of a randomly chosen commit of that operation and is killed;
 * every fifth kill instead lands at a random moment (before, during or between operations, during
 * unlock). After every kill the vault is unlocked again here (through the handler table) and must hold
 * every change the child had acknowledged, show no problems, and have an audit chain that verifies from its
 * first event to its last.
 *
 * Issue 12, "The crash test, wider": "kills spread evenly over the commit phases (choose the phase, then
 * kill), covering people changes, passphrase changes, re-key, retention decisions and backups as well as
 * saves; 1,000 kills in `npm run test:crash`, 50 in `npm test`". (Re-key comes with vault format 2.)
 *
 *   npm test            CRASH_KILLS unset: 50 kills
 *   npm run test:crash  CRASH_KILLS=1000
 *
 * The seed of the random kill delays is printed; CRASH_SEED=<n> repeats a run's delays.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { createApi, type Api } from '../../../src/main/api'
import { KDF_FLOOR } from '../../../src/main/store'
import { FORMAT_VERSION } from '../../../src/main/store/header'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'

const KILLS = Number(process.env['CRASH_KILLS'] ?? 50)
/** Where each kill lands: a phase of a commit of one kind of operation, or (every fifth kill) anywhere. */
const COMMIT_PHASES = ['documents-written', 'journal-appended', 'head-written', 'old-generations-deleted'] as const
const OPERATIONS = ['save', 'add', 'remove', 'passphrase', 'retention', 'backup'] as const
type Phase = (typeof COMMIT_PHASES)[number] | 'random'
type Operation = (typeof OPERATIONS)[number]
/** Every (operation, phase) pair in turn, so each is hit as often as the others. */
const TARGETS: { op: Operation; phase: Phase }[] = OPERATIONS.flatMap((op) => COMMIT_PHASES.map((phase) => ({ op, phase })))
const targetFor = (k: number): { op: Operation | null; phase: Phase } =>
  k % 5 === 0 ? { op: null, phase: 'random' } : TARGETS[(k - 1 - Math.floor(k / 5)) % TARGETS.length]!
const KILLS_PER_VAULT = 25
/** How long a child may take to reach its phase before the test kills it anyway (and fails). */
const SAFETY_MS = Number(process.env['CRASH_SAFETY_MS'] ?? 180_000)
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31))
const REPO = resolve(__dirname, '../../..')
const WORKER = join(__dirname, 'crash-worker.ts')
const PASS = 'copper lantern orchard quietly'
/** The worker changes its passphrase back and forth between these two. */
const OTHER_PASS = 'harbour velvet quantum lichen'
const RETAIN_UNTIL = '2030-01-01'
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
  retained: Set<string>
  disposed: Set<string>
  /** People acknowledged as added and not since acknowledged as removed; and those acknowledged as removed. */
  added: Set<string>
  removed: Set<string>
  backups: string[]
  /** The passphrase acknowledged as in force, and the other one (a change to it may have been under way). */
  passphrase: string
  otherPassphrase: string
  passphraseStarted: boolean
  /** A person whose removal was started but not acknowledged (it may or may not have happened). */
  removalStarted: string | null
  /** A dispute whose disposal was started but not acknowledged. */
  disposalStarted: string | null
  /** How many times the passphrase has been seen to change, acknowledged or not. */
  passphraseChanges: number
  saves: number
  /** Header changes found in force without their audit event at the latest check. */
  unaudited: number
  /** Header changes interrupted before their audit event, undone at unlock. */
  undone: number
  /** Acknowledged operations of each kind, for the report. */
  byOperation: Map<string, number>
}

const freshAck = (): Acknowledged => ({
  disputes: new Set(),
  drafts: new Map(),
  approved: new Set(),
  retained: new Set(),
  disposed: new Set(),
  added: new Set(),
  removed: new Set(),
  backups: [],
  passphrase: PASS,
  otherPassphrase: OTHER_PASS,
  passphraseStarted: false,
  removalStarted: null,
  disposalStarted: null,
  passphraseChanges: 0,
  saves: 0,
  unaudited: 0,
  undone: 0,
  byOperation: new Map(),
})

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
function runAndKill(env: Record<string, string>, target: { op: Operation | null; phase: Phase }, rand: () => number, ack: Acknowledged): Promise<Run> {
  const { phase } = target
  return new Promise((resolveRun, reject) => {
    // Saves are many, other operations few: a save is stopped at one of its first 12 commits, the others at one of their first 3.
    const atPhase =
      phase === 'random' || !target.op
        ? {}
        : { CRASH_OP: target.op, CRASH_PHASE: phase, CRASH_AFTER: String(1 + Math.floor(rand() * (target.op === 'save' ? 12 : 3))) }
    const counted = (op: string) => {
      ack.saves++
      ack.byOperation.set(op, (ack.byOperation.get(op) ?? 0) + 1)
    }
    let stoppedAt: string | null = null
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      cwd: REPO,
      env: { ...process.env, ...env, ...atPhase, MIX_SEED: String(Math.floor(rand() * 2 ** 31)) },
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
    // Never let a wedged child hang the test. Generous, because a child sent to a late phase of a people
    // change unlocks (Argon2id) and makes several commits first: on a 2-core machine under a load of 20 a
    // 30 s timer fired before the child reached its phase (kill 345 of a 1,000-kill run, no change lost).
    const safety = setTimeout(kill, SAFETY_MS)
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
        } else if (tag === 'S') {
          if (kind === 'passphrase') ack.passphraseStarted = true
          if (kind === 'remove') ack.removalStarted = a ?? null
          if (kind === 'dispose') ack.disposalStarted = a ?? null
        } else if (tag === 'A' && kind === 'dispute') {
          ack.disputes.add(a)
          ack.drafts.set(a, new Set())
          counted('save')
        } else if (tag === 'A' && kind === 'draft') {
          ack.drafts.get(a)!.add(b)
          counted('save')
        } else if (tag === 'A' && kind === 'approved') {
          ack.approved.add(b)
          counted('save')
        } else if (tag === 'A' && kind === 'withdrawn') {
          counted('save')
        } else if (tag === 'A' && kind === 'retained') {
          ack.retained.add(a)
          counted('retention')
        } else if (tag === 'A' && kind === 'disposed') {
          ack.disposed.add(a)
          ack.disposalStarted = null
          counted('retention')
        } else if (tag === 'A' && kind === 'person') {
          ack.added.add(a)
          counted('add')
        } else if (tag === 'A' && kind === 'removed') {
          ack.added.delete(a)
          ack.removed.add(a)
          ack.removalStarted = null
          counted('remove')
        } else if (tag === 'A' && kind === 'passphrase') {
          ;[ack.passphrase, ack.otherPassphrase] = [ack.otherPassphrase, ack.passphrase]
          ack.passphraseStarted = false
          ack.passphraseChanges++
          counted('passphrase')
        } else if (tag === 'A' && kind === 'backup') {
          ack.backups.push(a)
          counted('backup')
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

/** Every audit event's action and subject, oldest first. */
async function allAudit(api: Api): Promise<{ action: string; subject?: string }[]> {
  const events: { seq: number; action: string; subject?: string }[] = []
  for (let beforeSeq: number | undefined; ; ) {
    const page = await call(api, 'audit.list', { limit: 500, ...(beforeSeq ? { beforeSeq } : {}) })
    events.push(...page)
    if (page.length < 500) break
    beforeSeq = page[page.length - 1]!.seq
  }
  return events.reverse()
}

/**
 * Unlocks through the handler table and checks every acknowledged change is there and the chain verifies.
 * Returns the people (other than the signed-in person) who can unlock it now, for the next run, and how
 * many header changes are in force without their audit event (see the test).
 */
async function verify(dir: string, personId: string, ack: Acknowledged): Promise<{ people: string[]; unaudited: number }> {
  // No rolling backup from the check itself: it only reads (and its unlock and lock events).
  const api = createApi({ appVersion: 'crash-check', defaultVaultDir: dir, kdf: KDF_FLOOR, rollingBackups: 'idle' })
  try {
    // A passphrase change that was started but not acknowledged may or may not have happened.
    const unlock = (passphrase: string) => api.handlers['vault.unlock']({ dir, personId, passphrase })
    let opened = await unlock(ack.passphrase)
    let swapped = false
    if (!opened.ok && ack.passphraseStarted && opened.error.code === 'wrong-passphrase') {
      opened = await unlock(ack.otherPassphrase)
      if (opened.ok) {
        ;[ack.passphrase, ack.otherPassphrase] = [ack.otherPassphrase, ack.passphrase]
        ack.passphraseChanges++
        swapped = true
      }
    }
    ack.passphraseStarted = false
    if (!opened.ok) throw new Error(`the vault did not open with the acknowledged passphrase: ${opened.error.code}: ${opened.error.message}`)
    // A header change killed after vault.json was written but before its audit event is undone at unlock
    // (vault format 2: nobody saw it succeed) and said so; nothing else may be reported.
    const undone = opened.value.problems.filter((p) => p.docId === 'vault.json')
    expect(opened.value.problems.filter((p) => p.docId !== 'vault.json')).toEqual([])
    for (const p of undone) expect(p.message).toMatch(/was interrupted before it was recorded in the audit trail, so it has been undone/)
    if (undone.length > 0) {
      ack.undone++
      // The passphrase change that opened it was the undone one: the previous passphrase applies again.
      if (swapped) {
        ;[ack.passphrase, ack.otherPassphrase] = [ack.otherPassphrase, ack.passphrase]
        ack.passphraseChanges--
      }
    }
    if (ack.disposalStarted) {
      const still = await api.handlers['disputes.get']({ disputeId: ack.disposalStarted })
      if (!still.ok && still.error.code === 'dispute-not-found') ack.disposed.add(ack.disposalStarted)
      ack.disposalStarted = null
    }
    for (const disputeId of ack.disputes) {
      if (ack.disposed.has(disputeId)) {
        const gone = await api.handlers['disputes.get']({ disputeId })
        expect(gone.ok, `disposed dispute ${disputeId} is gone`).toBe(false)
        continue
      }
      const view = await call(api, 'disputes.get', { disputeId })
      const byId = new Map(view.records.map((r) => [r.id, r]))
      for (const recordId of ack.drafts.get(disputeId) ?? []) {
        const record = byId.get(recordId)
        expect(record, `acknowledged record ${recordId} of ${disputeId}`).toBeDefined()
        if (ack.approved.has(recordId)) expect(record!.status, `approval of ${recordId}`).toBe('approved')
      }
    }
    const retention = await call(api, 'retention.list', {})
    for (const disputeId of ack.retained)
      expect(retention.items.find((i) => i.disputeId === disputeId)?.reviewOn, `kept at review: ${disputeId}`).toBe(RETAIN_UNTIL)
    expect(retention.disposed.length).toBeGreaterThanOrEqual(ack.disposed.size)
    const people = (await call(api, 'people.list', {})).map((p) => p.personId)
    if (ack.removalStarted && !people.includes(ack.removalStarted)) ack.added.delete(ack.removalStarted)
    ack.removalStarted = null
    for (const id of ack.added) expect(people, `acknowledged person ${id}`).toContain(id)
    for (const id of ack.removed) expect(people, `acknowledged removal of ${id}`).not.toContain(id)
    for (const file of ack.backups) {
      expect(existsSync(file), `acknowledged backup ${file}`).toBe(true)
      expect(await call(api, 'backup.inspect', { file })).toMatchObject({ sameVault: true })
    }
    expect(await call(api, 'audit.verify', {})).toMatchObject({ ok: true })
    // Header changes in force without their audit event: a person who can unlock with no "added" event, or
    // a passphrase changed more often than the trail says.
    const audit = await allAudit(api)
    const addedInTrail = new Set(audit.filter((e) => e.action === 'person-added').map((e) => e.subject))
    const removedInTrail = new Set(audit.filter((e) => e.action === 'person-removed').map((e) => e.subject))
    const unauditedPeople =
      people.filter((id) => id !== personId && !addedInTrail.has(id)).length +
      [...addedInTrail].filter((id) => id !== undefined && !people.includes(id) && !removedInTrail.has(id)).length
    const changesInTrail = audit.filter((e) => e.action === 'passphrase-changed').length
    const unaudited = unauditedPeople + Math.max(0, ack.passphraseChanges - changesInTrail)
    return { people: people.filter((id) => id !== personId), unaudited }
  } finally {
    await api.dispose()
  }
}

async function newVault(
  root: string,
  n: number,
): Promise<{ dir: string; personId: string; childId: string; oldChildId: string; backupDir: string }> {
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
    // Born in 2000: a closed dispute about them is due for retention review (25 years after birth).
    const old = await call(api, 'children.create', { child: { name: 'Old Example', dateOfBirth: '2000-03-01' } })
    const backupDir = join(root, `backups-${n}`)
    mkdirSync(backupDir)
    return { dir, personId: session.person.personId, childId: child.id, oldChildId: old.id, backupDir }
  } finally {
    await api.dispose()
  }
}

const roots: string[] = []
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true })
})

describe('crash safety: SIGKILL at every commit phase of every kind of change', () => {
  it(
    `${KILLS} kills of a process saving records, changing people and its passphrase, deciding retention and saving backups: every acknowledged change survives and the chain verifies`,
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'escalation-log-crash-'))
      roots.push(root)
      const rand = random(SEED)
      const totals = { kills: 0, acknowledged: 0, killedBeforeReady: 0, vaults: 0, failures: 0, unaudited: 0, undone: 0 }
      const byOperation = new Map<string, number>()
      /** "op at phase" → kills that stopped there; "random" for the others. */
      const phasesHit = new Map<string, number>([['random', 0], ...TARGETS.map((t) => [`${t.op} at ${t.phase}`, 0] as [string, number])])
      let vault = await newVault(root, 0)
      let ack = freshAck()
      let people: string[] = []
      // Ids and counts only: nothing of a case. Also printed every 100 kills, so a long run shows where it is.
      const report = (progress = '') => {
        const ops = new Map(byOperation)
        for (const [op, n] of ack.byOperation) ops.set(op, (ops.get(op) ?? 0) + n)
        console.log(
          `crash-kill${progress}: seed ${SEED}, ${totals.kills} kills (${totals.killedBeforeReady} during start-up/unlock), ` +
            `${totals.acknowledged + ack.saves} acknowledged changes across ${totals.vaults + 1} vaults ` +
            `(${[...ops].map(([op, n]) => `${op} ${n}`).join(', ')}), ${totals.failures} losses, ` +
            `${totals.unaudited + ack.unaudited} header changes found in force without their audit event, ` +
            `${totals.undone + ack.undone} interrupted header changes undone at unlock; ` +
            `phases hit: ${[...phasesHit].map(([p, n]) => `${p} ${n}`).join(', ')}`,
        )
      }
      const retire = () => {
        totals.acknowledged += ack.saves
        totals.unaudited += ack.unaudited
        totals.undone += ack.undone
        for (const [op, n] of ack.byOperation) byOperation.set(op, (byOperation.get(op) ?? 0) + n)
      }
      try {
        for (let k = 0; k < KILLS; k++) {
          if (k > 0 && k % KILLS_PER_VAULT === 0) {
            // A fresh vault now and then keeps each run's documents small, so the test's cost stays flat.
            retire()
            rmSync(vault.dir, { recursive: true, force: true })
            vault = await newVault(root, ++totals.vaults)
            ack = freshAck()
            people = []
          }
          const target = targetFor(k)
          const run = await runAndKill(
            {
              VAULT_DIR: vault.dir,
              PERSON_ID: vault.personId,
              PASSPHRASE: ack.passphrase,
              NEXT_PASSPHRASE: ack.otherPassphrase,
              CHILD_ID: vault.childId,
              OLD_CHILD_ID: vault.oldChildId,
              BACKUP_DIR: vault.backupDir,
              PEOPLE: people.join(','),
            },
            target,
            rand,
            ack,
          )
          const where = target.op ? `${target.op} at ${target.phase}` : 'random'
          // A child sent to a phase must have stopped there, not been killed on the way by the safety timer.
          if (target.op) expect(run.stoppedAt, `kill ${k + 1} (seed ${SEED}) at ${where}: ${run.stderr}`).toBe(target.phase)
          phasesHit.set(where, (phasesHit.get(where) ?? 0) + 1)
          // Killed by us, never exited by itself (which would mean it hit an error, not a kill).
          expect(run.exit, `kill ${k + 1} (seed ${SEED}): ${run.stderr}`).toEqual({
            code: null,
            signal: 'SIGKILL',
          })
          totals.kills++
          if (!run.readyBeforeKill) totals.killedBeforeReady++
          if (totals.kills % 100 === 0 && totals.kills < KILLS) report(` (so far, ${totals.kills} of ${KILLS})`)
          try {
            const found = await verify(vault.dir, vault.personId, ack)
            people = found.people
            // The latest count for this vault (a later check finds the same change again).
            ack.unaudited = found.unaudited
          } catch (e) {
            totals.failures++
            throw new Error(
              `after kill ${k + 1} at ${where} (seed ${SEED}): ${e instanceof Error ? e.message : String(e)}`,
            )
          }
        }
      } finally {
        retire()
        ack = freshAck() // counted into the totals now
        report()
      }
      expect(totals.kills).toBe(KILLS)
      if (KILLS >= TARGETS.length + Math.ceil(TARGETS.length / 4))
        for (const [where, n] of phasesHit) expect(n, `kills at ${where}`).toBeGreaterThan(0)
      expect(totals.acknowledged).toBeGreaterThan(0)
      // Vault format 1 writes vault.json before the header change's audit event, so a kill between the two
      // leaves the change in force unaudited (issue 12, finding 9); format 2 binds the header to the journal.
      if (FORMAT_VERSION >= 2) expect(totals.unaudited, 'header changes in force without their audit event').toBe(0)
    },
    KILLS * 10_000 + 60_000,
  )
})
