/**
 * What the team's notes on a dispute mean at the handler table: a draft with two versions cannot be approved
 * until a person picks, and a dispute moved on two devices at once cannot be moved again until a person
 * decides — while contacts can still be logged. The notes are written as the bridge writes them
 * (`CaseLog.applyTeam`), into the vault the handler table then unlocks.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { CaseLog } from '../../../src/main/caselog'
import type { TeamNotes } from '../../../src/main/caselog/team-notes'
import { openVault } from '../../../src/main/store'
import { TEAM_APPLIED } from '../../../src/main/team/bridge'
import { aDispute, aDisputeWithARecord, aRecord } from '../../support/disputes'
import { openTestApi, PASS } from '../api/helpers'
import { aCallContent } from '../../support/team-actions'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-02T10:00:00Z')
})
afterEach(async () => t.cleanup())

/** Writes `notes` on the dispute as the bridge does, with the vault unlocked outside the handler table. */
async function noted(disputeId: string, notes: TeamNotes): Promise<void> {
  const me = (await t.call('vault.session', {}))!.person
  await t.call('vault.lock', {})
  const vault = await openVault(t.vaultDir, { personId: me.personId, passphrase: PASS, now: () => t.clock.now })
  const log = await CaseLog.open(vault)
  const doc = (await log.disputeDocOf(disputeId))!
  await log.applyTeam({ disputes: [{ ...doc, team: notes }] }, { action: TEAM_APPLIED, summary: 'Changes merged from Ben Okafor’s device: 1 dispute' })
  await vault.lock()
  await t.call('vault.unlock', { dir: t.vaultDir, personId: me.personId, passphrase: PASS })
}

it('a draft with two versions from two devices cannot be approved until a person picks; a new contact can still be logged', async () => {
  const view = await aDispute(t.call)
  const recordId = await aRecord(t.call, view, {}, false)
  const version = (v: string, weSaid: string) => ({ version: v, byPersonId: 'a1b2c3d4e5f60718', at: '2026-12-02T09:00:00.000Z', content: aCallContent(weSaid) })
  await noted(view.dispute.id, { needsReview: [], detailVersions: [], sameReference: [], records: [{ recordId, conflicts: ['two-versions'], versions: [version('v-a', 'At school.'), version('v-b', 'At home.')], takenOver: [], setAside: [] }] })
  const refused = await t.refusal('records.approve', { disputeId: view.dispute.id, recordId })
  expect(refused).toMatchObject({ code: 'record-two-versions', message: 'This draft was edited on two devices at once: pick one of its 2 versions (or write one from both) before approving it.' })
  expect(await aRecord(t.call, view)).toEqual(expect.any(String))
})

it('a dispute moved on two devices at once cannot be moved again until a person decides', async () => {
  const { disputeId } = await aDisputeWithARecord(t.call)
  const move = (transitionId: string, to: 'escalated' | 'resolved') => ({ transitionId, to, stage: to === 'escalated' ? 2 : 1, effectiveOn: '2026-12-02', byPersonId: 'a1b2c3d4e5f60718', at: '2026-12-02T09:00:00.000Z' })
  await noted(disputeId, { needsReview: [move('t-res', 'resolved'), move('t-esc', 'escalated')], detailVersions: [], sameReference: [], records: [] })
  const refused = await t.refusal('disputes.escalate', { disputeId, input: {} })
  expect(refused).toMatchObject({ code: 'dispute-needs-review', message: 'This dispute needs review: it was moved on two devices at once. Decide which change stands before moving it on.' })
  // Recording a step is not a move: it goes ahead.
  const step = await t.call('disputes.recordStepDone', { disputeId, input: { key: 'stage-1/step/practitioners-discuss', doneOn: '2026-12-02' } })
  expect(step.dispute.stepsDone.map((s) => s.key)).toEqual(['stage-1/step/practitioners-discuss'])
})
