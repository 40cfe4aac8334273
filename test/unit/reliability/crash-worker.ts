/**
 * The child process of the crash test (crash-kill.test.ts): unlocks a real vault through the real handler
 * table and runs a mix of operations in a loop until it is killed with SIGKILL — contact records saved and
 * approved, people added and removed, its own passphrase changed, retention decisions (a closed dispute
 * kept or disposed of) and backups saved. Before each operation it writes `S <op>`, and after each call
 * returns ok it writes one line naming what was acknowledged; on Linux a write to a pipe completes before
 * write() returns, so a line the parent has read is a change the person was told had happened.
 *
 *   VAULT_DIR=… PERSON_ID=… PASSPHRASE=… NEXT_PASSPHRASE=… CHILD_ID=… OLD_CHILD_ID=… BACKUP_DIR=…
 *   PEOPLE=<ids, comma-separated> MIX_SEED=<n> node --import tsx test/unit/reliability/crash-worker.ts
 *
 * Lines (ids only, no case content):
 *   ready                                  unlocked
 *   S <op> [<id>]                          about to start an operation (save, add, remove <person id>, passphrase,
 *                                          retention, then retain|dispose <dispute id>, backup)
 *   P <commit point>                       stopped there (see CRASH_OP / CRASH_PHASE)
 *   A dispute <id> | A draft <disputeId> <recordId> | A approved <disputeId> <recordId>
 *   A withdrawn <id> | A retained <id> <until> | A disposed <id>
 *   A person <id> | A removed <id> | A passphrase | A backup <file>
 */
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { createApi } from '../../../src/main/api'
import { KDF_FLOOR, type CommitPoint, type FaultHooks } from '../../../src/main/store'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'
import { londonTyped } from '../../../src/shared/date-entry'

const OPERATIONS = ['save', 'add', 'remove', 'passphrase', 'retention', 'backup'] as const
type Operation = (typeof OPERATIONS)[number]
/** Every deputy's passphrase (the test never signs in as them). */
const DEPUTY_PASSPHRASE = 'meadow cobalt saxophone ripple'
/** crash-kill.test.ts checks a kept dispute's next review is this date. */
const RETAIN_UNTIL = '2030-01-01'

const env = process.env
const dir = env['VAULT_DIR']
const personId = env['PERSON_ID']
let passphrase = env['PASSPHRASE']
let nextPassphrase = env['NEXT_PASSPHRASE']
const childId = env['CHILD_ID']
const oldChildId = env['OLD_CHILD_ID']
const backupDir = env['BACKUP_DIR']
if ((!dir || !personId || !passphrase || !nextPassphrase || !childId || !oldChildId || !backupDir)) {
  process.stderr.write('crash-worker: VAULT_DIR, PERSON_ID, PASSPHRASE, NEXT_PASSPHRASE, CHILD_ID, OLD_CHILD_ID and BACKUP_DIR are required\n')
  process.exit(2)
}
const people = (env['PEOPLE'] ?? '').split(',').filter(Boolean)

const say = (line: string): void => {
  writeSync(1, `${line}\n`)
}

/** mulberry32, seeded by the parent, so a failing run's operation mix can be repeated. */
let mix = Number(env['MIX_SEED'] ?? 1) >>> 0
const rand = (): number => {
  mix = (mix + 0x6d2b79f5) >>> 0
  let t = mix
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/**
 * CRASH_OP=<operation>, CRASH_PHASE=<commit point> and CRASH_AFTER=<n>: the nth commit made by that kind
 * of operation to reach that point prints `P <point>` and never finishes, so the parent kills the
 * process exactly there. Commits of other operations (and unlock's own) are not counted.
 */
const target = env['CRASH_OP'] as Operation | undefined
const phase = env['CRASH_PHASE'] as CommitPoint | undefined
const after = Number(env['CRASH_AFTER'] ?? 1)
let current: Operation | 'unlock' = 'unlock'
let reached = 0
const storeFaults: FaultHooks | undefined = phase
  ? {
      at(point) {
        if (point !== phase || current !== target || ++reached !== after) return
        say(`P ${point}`)
        return new Promise<void>(() => undefined)
      },
    }
  : undefined

let backups = 0
const api = createApi({
  appVersion: 'crash-worker',
  defaultVaultDir: dir!,
  kdf: KDF_FLOOR,
  chooseSaveFile: async () => join(backupDir!, `backup-${process.pid}-${++backups}.elbackup`),
  ...(storeFaults ? { storeFaults } : {}),
})

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (
    api.handlers[channel] as (
      i: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  )(input)
  if (!r.ok) throw new Error(`${channel} refused: ${r.error?.code}: ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

const today = (): string => new Date().toISOString().slice(0, 10)

async function openDispute(forChild: string): Promise<string> {
  const dispute = await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [forChild],
      otherAgency: { agency: 'Example Children’s Services', practitioner: 'Jo Bloggs', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold for assessment.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: today(),
      triage: { level: 'standard' },
    },
  })
  say(`A dispute ${dispute.dispute.id}`)
  return dispute.dispute.id
}

/** The next operation: the one being aimed at half the time (so it comes soon), else any of the mix. */
function pick(): Operation {
  if (target && rand() < 0.5) return target
  const r = rand()
  if (r < 0.5) return 'save'
  return OPERATIONS[1 + Math.floor(rand() * (OPERATIONS.length - 1))]!
}

async function main(): Promise<void> {
  await call('vault.unlock', { dir, personId, passphrase })
  say('ready')
  current = 'save'
  const disputeId = await openDispute(childId!)
  for (let n = 0; ; n++) {
    let op = pick()
    if (op === 'remove' && people.length === 0) op = 'add'
    // Who is being removed is said first: if the kill comes before the answer, the removal may have happened.
    const who = op === 'remove' ? people.splice(Math.floor(rand() * people.length), 1)[0]! : null
    say(who ? `S remove ${who}` : `S ${op}`)
    current = op
    switch (op) {
      case 'save': {
        const draft = await call('records.createDraft', {
          disputeId,
          draft: {
            kind: 'phone-call',
            stage: 1,
            occurredAt: londonTyped(new Date(Date.now() - 60_000)),
            contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Example Children’s Services' },
            direction: 'outgoing',
            weSaid: `Call ${n}: discussed the referral decision.`,
            whatWasAgreed: 'Jo to call back.',
          },
        })
        say(`A draft ${disputeId} ${draft.id}`)
        if (n % 2 === 0) {
          await call('records.approve', { disputeId, recordId: draft.id })
          say(`A approved ${disputeId} ${draft.id}`)
        }
        break
      }
      case 'add': {
        const letters = 'abcdefghijklmnopqrstuvwxyz'
        const name = `Deputy ${Array.from({ length: 8 }, () => letters[Math.floor(rand() * 26)]).join('')}`
        // A person joins by invitation: invited, the vault locked, the code accepted with their own
        // passphrase (the commit that adds them), then the DSL signs back in to carry on.
        const { invitation, code } = await call('people.invite', { name, validForHours: 24 })
        await call('vault.lock', {})
        const joined = await call('vault.acceptInvitation', { dir, inviteId: invitation.inviteId, code, passphrase: DEPUTY_PASSPHRASE, passphraseConfirm: DEPUTY_PASSPHRASE })
        people.push(joined.person.personId)
        say(`A person ${joined.person.personId}`)
        await call('vault.lock', {})
        await call('vault.unlock', { dir, personId, passphrase })
        break
      }
      case 'remove': {
        await call('people.remove', { personId: who })
        say(`A removed ${who}`)
        break
      }
      case 'passphrase': {
        await call('vault.changePassphrase', { current: passphrase, next: nextPassphrase, nextConfirm: nextPassphrase })
        ;[passphrase, nextPassphrase] = [nextPassphrase, passphrase]
        say('A passphrase')
        break
      }
      case 'retention': {
        // A closed dispute about a child born in 2000 is due for review (25 years after birth).
        current = 'save'
        const closed = await openDispute(oldChildId!)
        await call('disputes.withdraw', { disputeId: closed, input: { reason: 'Resolved informally' } })
        say(`A withdrawn ${closed}`)
        current = 'retention'
        const keep = rand() < 0.5
        // Said first: if the kill comes before the answer, the dispute may or may not have been disposed of.
        say(`S ${keep ? 'retain' : 'dispose'} ${closed}`)
        if (keep) {
          await call('retention.decide', { disputeId: closed, decision: 'retain', reason: 'A complaint is still open', retainUntil: RETAIN_UNTIL })
          say(`A retained ${closed} ${RETAIN_UNTIL}`)
        } else {
          await call('retention.decide', { disputeId: closed, decision: 'dispose', reason: 'Retention period ended; nothing outstanding' })
          say(`A disposed ${closed}`)
        }
        break
      }
      case 'backup': {
        const made = await call('backup.create', {})
        say(`A backup ${made.file}`)
        break
      }
    }
  }
}

main().catch((e: unknown) => {
    process.stderr.write(`crash-worker failed: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  })
