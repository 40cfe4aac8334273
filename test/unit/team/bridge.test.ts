/**
 * The bridge between the case log and the team (issue #17): two and three real local vaults sharing one
 * folder. What a person does in one case log reaches the others' case logs — whole, signed by whom it was —
 * and what the merge cannot settle on its own is stored on the dispute for a person to decide.
 */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { teamApprovalRefusal, teamTransitionRefusal } from '../../../src/main/caselog/team-apply'
import { SUBJECT } from '../../../src/main/domain/team/events'
import { TEAM_APPLIED } from '../../../src/main/team/bridge'
import { filesUnder } from '../store/helpers'
import { addendumOn, approveOn, countersignOn, desks, draftOn, editChildOn, editOn, escalateOn, openOn, resolveOn, syncAll, tempFolders, walk, type Desk } from './bridge-helpers'

const temp = tempFolders('team-bridge-')
afterEach(temp.clear)
const folder = temp.made
const doc = async (desk: Desk, disputeId: string) => (await desk.log.disputeDocOf(disputeId))!

describe('the bridge between the case log and the team', () => {
  it('a deputy logs and approves a call on her machine; the DSL’s case log has it, approved by her; the DSL countersigns and she sees it', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    await dsl!.sync()
    await deputy!.sync()
    expect((await deputy!.log.find(dispute.id)).entry).toMatchObject({ dispute: { reference: dispute.reference }, childNames: ['Priya Shah'] })
    expect(Object.values(await deputy!.log.children()).map((c) => c.name)).toEqual(['Priya Shah'])

    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs about Priya: agreed a strategy discussion.')
    await approveOn(deputy!, dispute.id, call.id)
    expect(deputy!.device.waiting).toBeGreaterThan(0) // saved without the network; sent at the next sync
    await deputy!.sync()
    await dsl!.sync()
    const there = (await dsl!.log.records(dispute.id)).find((r) => r.id === call.id)!
    expect(there).toMatchObject({ status: 'approved', weSaid: 'Rang Jo Bloggs about Priya: agreed a strategy discussion.', author: deputy!.actor })
    expect(there.approval).toMatchObject({ byPersonId: deputy!.actor.personId, byName: 'Ben Okafor' })
    const [applied] = await dsl!.vault.readAudit({ limit: 1 })
    expect(applied).toMatchObject({
      action: TEAM_APPLIED,
      summary: `Changes merged from Ben Okafor’s device: 1 dispute. Ben Okafor saved a draft record on ${dispute.reference} (2 Dec 2026, 09:00); approved a record on ${dispute.reference} (2 Dec 2026, 09:00) (times by their devices’ clocks).`,
    })

    await countersignOn(dsl!, dispute.id, call.id)
    await dsl!.sync()
    await deputy!.sync()
    const back = (await deputy!.log.records(dispute.id)).find((r) => r.id === call.id)!
    expect(back.countersignature).toMatchObject({ byPersonId: dsl!.actor.personId, byName: 'Asha Patel' })
    // The deputy's audit trail says what the DSL did, on which dispute and when (by the DSL's clock).
    const [told] = await deputy!.vault.readAudit({ limit: 1 })
    expect(told!.summary).toMatch(new RegExp(`^Changes merged from Asha Patel’s device: 1 dispute\\. Asha Patel countersigned a record on ${dispute.reference} \\(\\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}\\) \\(times by their devices’ clocks\\)\\.$`))
    expect(back.approval).toEqual(there.approval)

    // An addendum to the approved record only adds; the record itself stays as approved on both.
    await addendumOn(deputy!, dispute.id, call.id, 'The call was at 08:45, not 08:30.')
    await deputy!.sync()
    await dsl!.sync()
    const added = (await dsl!.log.records(dispute.id)).find((r) => r.id === call.id)!
    expect(added.addenda.map((a) => [a.byName, a.text])).toEqual([['Ben Okafor', 'The call was at 08:45, not 08:30.']])
    expect({ ...added, addenda: [] }).toEqual({ ...back, addenda: [] })

    // What the folder holds names no child, no reference, no dispute or record id and no one's words.
    for (const p of walk(root)) {
      const bytes = readFileSync(p)
      for (const word of ['Priya', 'Shah', dispute.reference, dispute.id, call.id, 'Jo Bloggs', 'Asha', 'Ben Okafor', 'approved'])
        expect(bytes.includes(Buffer.from(word)), `${word} in ${p}`).toBe(false)
    }
  })

  it('two devices apart that open disputes give them one reference: both are kept, and each says so', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const one = await openOn(dsl!, 'Priya Shah')
    const two = await openOn(deputy!, 'Kai Brennan')
    expect(two.reference).toBe(one.reference)
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      expect(d.log.openEntries().map((e) => e.dispute.id).sort()).toEqual([one.id, two.id].sort())
      expect((await doc(d, one.id)).team?.sameReference).toEqual([two.id])
      expect((await doc(d, two.id)).team?.sameReference).toEqual([one.id])
    }
    // The next dispute opened on either device takes a reference past both.
    const three = await openOn(dsl!, 'Amy Example')
    expect(three.reference).not.toBe(one.reference)
  })

  it('one of two disputes given one reference apart takes a new one: the old is kept on it, the notes go on every device', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const one = await openOn(dsl!, 'Priya Shah')
    const two = await openOn(deputy!, 'Kai Brennan')
    await syncAll([dsl!, deputy!])
    const at = dsl!.clock.now.toISOString()
    const why = 'Another dispute was given the same reference on a team device while the two were apart.'
    const audited: string[] = []
    const reference = await dsl!.log.giveNewReference(two.id, { at, by: 'Asha Patel', why }, (from, to) => {
      audited.push(`${from} → ${to}`)
      return { action: 'dispute-reference-changed', subject: to, summary: `Reference changed from ${from} to ${to}` }
    })
    expect(reference).toBe('ESC-2026-0002')
    expect(audited).toEqual([`${one.reference} → ESC-2026-0002`])
    await dsl!.bridge.apply()
    // Here at once: neither dispute's note names the other any more.
    expect((await doc(dsl!, one.id)).team).toBeNull()
    expect((await doc(dsl!, two.id)).team).toBeNull()
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      expect((await doc(d, one.id)).dispute.reference).toBe(one.reference)
      const renamed = (await doc(d, two.id)).dispute
      expect(renamed.reference).toBe('ESC-2026-0002')
      expect(renamed.previousReferences).toEqual([{ reference: one.reference, until: at, by: 'Asha Patel', why }])
      expect((await doc(d, one.id)).team).toBeNull()
      expect((await doc(d, two.id)).team).toBeNull()
      expect(d.log.openEntries().map((e) => e.dispute.reference).sort()).toEqual([one.reference, 'ESC-2026-0002'])
    }
    // The next dispute opened on the deputy's device takes a reference past both.
    expect((await openOn(deputy!, 'Amy Example')).reference).toBe('ESC-2026-0003')
  })

  it('a save made after a sync merged a colleague’s move but before it was applied does not undo the move', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    await escalateOn(deputy!, dispute.id)
    await deputy!.sync()
    await dsl!.device.sync() // merged, not yet written into Asha's case log…
    const call = await draftOn(dsl!, dispute.id, 'Rang Jo Bloggs while the escalation was on its way.') // …when she saves
    await dsl!.bridge.apply()
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const here = await doc(d, dispute.id)
      expect(here.dispute.currentStage).toBe(2)
      expect(here.team).toBeNull()
      expect(here.records.map((r) => r.id)).toEqual([call.id])
    }
    const view = dsl!.device.state().disputes.find((x) => x.disputeId === dispute.id)!
    expect(view.transitions).toHaveLength(1)
  })

  it('after a restart, a save made before the first sync is told once the device has caught up, as one change', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    const call = await draftOn(dsl!, dispute.id, 'First notes.')
    await syncAll([dsl!, deputy!])
    dsl!.restart()
    await editOn(dsl!, dispute.id, call.id, 'Notes finished after the restart.')
    expect(dsl!.device.waiting).toBe(0) // kept back: the device does not hold the team's history yet
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const view = d.device.state().disputes.find((x) => x.disputeId === dispute.id)!
      expect(view.versions).toHaveLength(1)
      expect(view.records[0]!.current.map((v) => v.content.weSaid)).toEqual(['Notes finished after the restart.'])
      expect(view.records[0]!.conflicts).toEqual([])
      expect((await doc(d, dispute.id)).records[0]!.weSaid).toBe('Notes finished after the restart.')
    }
    expect(dsl!.device.problems()).toEqual([])
  })

  it('after a restart, a move saved before the first sync and a colleague’s move made meanwhile are both kept: the dispute needs review', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    dsl!.restart()
    deputy!.clock.now = new Date('2026-12-02T11:00:00.000Z')
    await escalateOn(deputy!, dispute.id)
    await deputy!.sync()
    // Asha, started again, resolves from what she saw before the restart — she has not seen Ben's escalation.
    dsl!.clock.now = new Date('2026-12-02T10:00:00.000Z')
    await resolveOn(dsl!, dispute.id)
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const view = d.device.state().disputes.find((x) => x.disputeId === dispute.id)!
      expect(view.needsReview.map((t) => t.to).sort()).toEqual(['escalated', 'resolved'])
      expect((await doc(d, dispute.id)).team?.needsReview.map((t) => t.to).sort()).toEqual(['escalated', 'resolved'])
    }
  })

  it('after a restart, a child’s details saved before the first sync stand beside a colleague’s change made meanwhile, not over it', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    const childId = dispute.childIds[0]!
    await syncAll([dsl!, deputy!])
    dsl!.restart()
    await editChildOn(deputy!, childId, { name: 'Priya Shah-Khan' })
    await deputy!.sync()
    await editChildOn(dsl!, childId, { name: 'Priya Sharma' })
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const view = d.device.state().disputes.find((x) => x.disputeId === SUBJECT.child(childId))!
      expect(view.entity!.current.map((v) => (v.value.kind === 'child' ? v.value.child.name : '')).sort()).toEqual(['Priya Shah-Khan', 'Priya Sharma'])
    }
  })

  it('a restart with nothing known of what was applied before (a team document from before) tells a kept-back save as before', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    const call = await draftOn(dsl!, dispute.id, 'First notes.')
    await syncAll([dsl!, deputy!])
    dsl!.restart({ applied: null })
    await editOn(dsl!, dispute.id, call.id, 'Notes finished after the restart.')
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const view = d.device.state().disputes.find((x) => x.disputeId === dispute.id)!
      expect(view.records[0]!.current.map((v) => v.content.weSaid)).toEqual(['Notes finished after the restart.'])
    }
  })

  it('applying twice changes nothing: no commit, no audit event, the same bytes in the vault', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    const call = await draftOn(dsl!, dispute.id, 'Left a message for Jo Bloggs.')
    await approveOn(dsl!, dispute.id, call.id)
    await syncAll([dsl!, deputy!])
    const audit = (await deputy!.vault.readAudit({ limit: 100 })).length
    const bytes = await filesUnder(deputy!.dir)
    const waiting = deputy!.device.waiting
    const again = await deputy!.bridge.apply()
    expect(again).toMatchObject({ disputes: 0, children: 0, directory: 0, policies: 0, settings: false })
    await deputy!.sync()
    expect((await deputy!.vault.readAudit({ limit: 100 })).length).toBe(audit)
    expect(await filesUnder(deputy!.dir)).toEqual(bytes)
    // …and what was applied told the team nothing back.
    expect(deputy!.device.waiting).toBe(waiting)
    expect(JSON.stringify(deputy!.device.state())).toBe(JSON.stringify(dsl!.device.state()))
  })

  it('one deputy escalates while another resolves: both kept, the dispute needs review, deadlines follow the earlier, no move until decided', async () => {
    const root = folder()
    const all = await desks(root, ['Asha Patel', 'Ben Okafor', 'Cara Lewis'])
    const [dsl, ben, cara] = all
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll(all)
    ben!.clock.now = new Date('2026-12-03T10:00:00.000Z')
    cara!.clock.now = new Date('2026-12-02T15:00:00.000Z')
    await escalateOn(ben!, dispute.id)
    await resolveOn(cara!, dispute.id)
    await syncAll(all)

    for (const d of all) {
      const here = await doc(d, dispute.id)
      expect(here.team?.needsReview.map((t) => t.to).sort()).toEqual(['escalated', 'resolved'])
      expect(teamTransitionRefusal(here)?.message).toMatch(/needs review/)
    }
    // The earlier move (Cara's resolution, on 2 Dec) is what the dispute follows meanwhile, on every device.
    const shown = await Promise.all(all.map(async (d) => (await d.log.find(dispute.id)).entry.dispute.status))
    expect(shown).toEqual(['resolved', 'resolved', 'resolved'])

    const [escalation] = (await doc(dsl!, dispute.id)).team!.needsReview.filter((t) => t.to === 'escalated')
    await dsl!.bridge.decideReview(dispute.id, escalation!.transitionId, 'Jo Bloggs had not agreed in writing')
    await syncAll(all)
    for (const d of all) {
      const here = await doc(d, dispute.id)
      expect(here.team).toBeNull()
      expect(teamTransitionRefusal(here)).toBeNull()
      expect(here.dispute).toMatchObject({ status: 'open', currentStage: 2 })
      // Closed meanwhile, open again: back on the dashboard and out of the archive.
      expect(d.log.openEntries().map((e) => e.dispute.id)).toContain(dispute.id)
      expect((await d.log.archived('2026')).disputes.map((e) => e.dispute.id)).not.toContain(dispute.id)
    }
    expect(new Set(all.map((d) => JSON.stringify(d.device.state()))).size).toBe(1)
  })

  it('two versions of one draft: both kept on the dispute, approval refused until a person saves one made from both', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    const call = await draftOn(dsl!, dispute.id, 'First notes.')
    await syncAll([dsl!, deputy!])
    // Asha is off; Ben takes her draft over (audited, with a reason) — and then both edit it while apart.
    await deputy!.bridge.takeOver(dispute.id, call.id, 'Asha is on leave this week')
    await syncAll([dsl!, deputy!])
    await editOn(dsl!, dispute.id, call.id, 'Notes written by Asha at home.')
    await editOn(deputy!, dispute.id, call.id, 'Notes written by Ben at school.')
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const here = await doc(d, dispute.id)
      expect(here.team?.records).toEqual([expect.objectContaining({ recordId: call.id, conflicts: ['two-versions'] })])
      expect(here.team!.records[0]!.versions.map((v) => v.content.weSaid).sort()).toEqual(['Notes written by Asha at home.', 'Notes written by Ben at school.'])
      expect(teamApprovalRefusal(here, call.id)?.message).toMatch(/^This draft was edited on two devices at once: pick one of its 2 versions/)
    }
    // Ben picks: he saves the draft again, so the new version is made from both.
    await editOn(deputy!, dispute.id, call.id, 'Notes by Ben, with what Asha added at home.')
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const here = await doc(d, dispute.id)
      // Nothing left to pick: the notes keep only who took the draft over, from whom, when and why.
      expect(here.team?.records).toEqual([
        { recordId: call.id, conflicts: [], versions: [], takenOver: [expect.objectContaining({ fromPersonId: expect.any(String), reason: 'Asha is on leave this week' })], setAside: [] },
      ])
      expect(teamApprovalRefusal(here, call.id)).toBeNull()
      expect(here.records.find((r) => r.id === call.id)!.weSaid).toBe('Notes by Ben, with what Asha added at home.')
    }
    expect(new Set([dsl!, deputy!].map((d) => JSON.stringify(d.device.state()))).size).toBe(1)
  })

  it('a colleague sets a draft aside with a reason: it is kept, shown as set aside, and cannot be approved', async () => {
    const root = folder()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const dispute = await openOn(dsl!, 'Priya Shah')
    const call = await draftOn(dsl!, dispute.id, 'Duplicate notes of the 2 Dec call.')
    await syncAll([dsl!, deputy!])
    await deputy!.bridge.setAside(dispute.id, call.id, 'A duplicate of the approved record of the same call')
    await syncAll([dsl!, deputy!])
    for (const d of [dsl!, deputy!]) {
      const here = await doc(d, dispute.id)
      expect(here.records.find((r) => r.id === call.id)).toMatchObject({ status: 'draft', weSaid: 'Duplicate notes of the 2 Dec call.' })
      expect(here.team?.records).toEqual([expect.objectContaining({ recordId: call.id, conflicts: ['set-aside'] })])
      expect(teamApprovalRefusal(here, call.id)?.message).toBe('This draft was set aside by a colleague, so it is not part of the record.')
    }
    expect((await deputy!.vault.readAudit({ limit: 2 })).map((e) => e.action)).toContain('record-set-aside')
  })
})
