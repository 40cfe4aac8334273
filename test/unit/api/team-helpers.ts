/**
 * Two devices of one team for the handler-table tests (issue 17): two real vaults through two handler tables, a
 * shared folder as the transport, the DSL's team set up on it and the deputy joined with the invitation file and
 * its code, then the key hand-over (the deputy's device asks for the disputes' keys at its join; the DSL's next
 * sync seals them to her device's receive key and her next sync reads the disputes: docs/team-vault.md,
 * "Deleting"). Every answer is parsed with its channel's output schema (test/support/checked-api.ts).
 *
 *   const { dsl, deputy, disputeId, sync } = await teamOfTwo(opened)
 *   const { dsl, deputy, old } = await teamOfTwo(opened, { before: async (dsl) => ({ old: await aDispute(dsl.call) }) })
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { amyExampleDisputeId } from '../../support/disputes'
import { openTestApi, PASS, PROFILE } from './helpers'

export type TestApi = Awaited<ReturnType<typeof openTestApi>>

export interface TeamOptions<D> {
  /** The deputy's own profile (the DSL's is PROFILE); PROFILE unless said. */
  deputy?: typeof PROFILE
  /** What the DSL's vault holds before the team is set up; Amy Example's dispute unless said. */
  before?: (dsl: TestApi) => Promise<D>
}

/** Syncs each device in turn, in the order given. */
export async function sync(...who: TestApi[]): Promise<void> {
  for (const t of who) await t.call('team.syncNow', {})
}

/** Locks the vault and signs the same person back in (a device restarted from its saved position). */
export async function relock(t: TestApi): Promise<void> {
  const person = (await t.call('vault.session', {}))!.person
  await t.call('vault.lock', {})
  await t.call('vault.unlock', { dir: t.vaultDir, personId: person.personId, passphrase: PASS })
}

/** Two vaults, in `opened` for the test's clean-up, sharing one folder: the DSL's team, the deputy joined. */
export async function teamOfTwo<D = { disputeId: string }>(opened: TestApi[], options: TeamOptions<D> = {}) {
  const dsl = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
  const deputy = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 }, options.deputy ?? PROFILE)
  opened.push(dsl, deputy)
  const shared = join(dsl.root, 'shared')
  mkdirSync(shared)
  const made = options.before ? await options.before(dsl) : ({ disputeId: await amyExampleDisputeId(dsl.call) } as D)
  await dsl.call('team.setUp', { transport: { kind: 'folder', path: shared } })
  const inv = await dsl.call('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })
  await deputy.call('team.join', { file: inv.savedTo, code: inv.code, folder: shared })
  await sync(dsl, deputy)
  return { ...made, dsl, deputy, shared, sync }
}
