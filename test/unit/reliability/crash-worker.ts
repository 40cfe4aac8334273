/**
 * The child process of the crash test (crash-kill.test.ts): unlocks a real vault through the real handler
 * table and saves contact records in a loop until it is killed with SIGKILL. After each call returns ok it
 * writes one line to stdout naming what was acknowledged; on Linux a write to a pipe completes before
 * write() returns, so a line the parent has read is a save the person was told had happened.
 *
 *   VAULT_DIR=… PERSON_ID=… PASSPHRASE=… node --import tsx test/unit/reliability/crash-worker.ts
 *
 * Lines: `ready`, `P <commit point>` (stopped there, see CRASH_PHASE), `A dispute <id>`, `A draft <disputeId> <recordId>`, `A approved <disputeId> <recordId>`.
 * Ids only: no case content is printed.
 */
import { writeSync } from 'node:fs'
import { createApi } from '../../../src/main/api'
import { KDF_FLOOR, type CommitPoint, type FaultHooks } from '../../../src/main/store'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'
import { londonTyped } from '../../../src/shared/date-entry'

const dir = process.env['VAULT_DIR']
const personId = process.env['PERSON_ID']
const passphrase = process.env['PASSPHRASE']
const childId = process.env['CHILD_ID']
if (!dir || !personId || !passphrase || !childId) {
  process.stderr.write('crash-worker: VAULT_DIR, PERSON_ID, PASSPHRASE and CHILD_ID are required\n')
  process.exit(2)
}

const say = (line: string): void => {
  writeSync(1, `${line}\n`)
}

/**
 * CRASH_PHASE=<commit point> and CRASH_AFTER=<n>: the nth commit to reach that point (counted from unlock's
 * own commit) prints `P <point>` and then never finishes, so the parent kills the process exactly there.
 */
const phase = process.env['CRASH_PHASE'] as CommitPoint | undefined
const after = Number(process.env['CRASH_AFTER'] ?? 1)
let reached = 0
const storeFaults: FaultHooks | undefined = phase
  ? {
      at(point) {
        if (point !== phase || ++reached !== after) return
        say(`P ${point}`)
        return new Promise<void>(() => undefined)
      },
    }
  : undefined

const api = createApi({ appVersion: 'crash-worker', defaultVaultDir: dir, kdf: KDF_FLOOR, ...(storeFaults ? { storeFaults } : {}) })

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (
    api.handlers[channel] as (
      i: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  )(input)
  if (!r.ok) throw new Error(`${channel} refused: ${r.error?.code}: ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

async function main(): Promise<void> {
  await call('vault.unlock', { dir, personId, passphrase })
  say('ready')
  const dispute = await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [childId],
      otherAgency: {
        agency: 'Example Children’s Services',
        practitioner: 'Jo Bloggs',
        role: 'Social worker',
      },
      disputed: {
        kind: 'decision',
        description: 'Referral assessed as not meeting the threshold for assessment.',
      },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: new Date().toISOString().slice(0, 10),
      triage: { level: 'standard' },
    },
  })
  const disputeId = dispute.dispute.id
  say(`A dispute ${disputeId}`)
  for (let n = 0; ; n++) {
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
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crash-worker failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
