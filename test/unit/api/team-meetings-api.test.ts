/**
 * The stage-4 meeting travels between a team's devices (issue 17: "Everything travels"): two real vaults, two
 * handler tables, one shared folder. A meeting arranged on the DSL's device reaches the deputy's with who did it;
 * parts changed on both at once merge when they are different parts, and are kept as two versions (shown, sign-off
 * refused) when both changed the same part, until a person saves it again; the decision signed off on one device
 * is the record on both, and an addendum added on the other comes back.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { MeetingPlanInput } from '../../../src/shared/meetings'
import { teamOfTwo, type TestApi } from './team-helpers'

type T = TestApi
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

const team = () => teamOfTwo(opened)

const plan = (overrides: Partial<MeetingPlanInput> = {}): MeetingPlanInput => ({
  chair: { name: 'Dr Helen Ashby', role: 'Head of Safeguarding', agency: 'ICB', independent: true },
  date: '2026-12-10',
  time: '14:00',
  place: 'Council House',
  attendees: [{ name: 'Harriet Okonkwo', role: 'DSL', agency: 'Oak Hill Primary School' }],
  apologies: [],
  agenda: ['Positions', 'Decision'],
  question: 'Should the referral be assessed again?',
  outcomeSought: 'An assessment.',
  positions: { raising: { agency: 'Oak Hill Primary School', stated: 'Amy is at risk.', fromRecords: [] }, other: { agency: 'MASH', stated: 'The threshold is not met.', fromRecords: [] } },
  stageNotes: [],
  ...overrides,
})

const both = async (a: T, b: T) => {
  await a.call('team.syncNow', {})
  await b.call('team.syncNow', {})
  await a.call('team.syncNow', {})
}

describe('the stage-4 meeting on a team’s devices', () => {
  it('is arranged, merged, kept as two versions, signed off and added to across two devices', async () => {
    const { dsl, deputy, disputeId } = await team()
    for (const day of ['03', '04', '07']) {
      dsl.at(`2026-12-${day}T10:00:00Z`)
      await dsl.call('disputes.escalate', { disputeId, input: {} })
    }
    await dsl.call('meetings.savePlan', { disputeId, plan: plan() })
    await both(dsl, deputy)
    const arrived = await deputy.call('meetings.get', { disputeId })
    expect(arrived.meeting).toMatchObject({ stage: 4, place: 'Council House', arrangedBy: 'Harriet Okonkwo' })
    expect(arrived.team[0]).toMatch(/^Last changed by Harriet Okonkwo, 7 Dec 2026, 10:00\.$/)
    expect(JSON.stringify(await deputy.call('audit.list', { limit: 5 }))).toMatch(/Changes merged from Harriet Okonkwo’s device: [^"]*1 meeting/)

    // Different parts changed at once: both changes stand, on both devices, with nothing to pick.
    deputy.at('2026-12-07T11:00:00Z')
    dsl.at('2026-12-07T11:00:00Z')
    await deputy.call('meetings.savePlan', { disputeId, plan: plan({ attendees: [...plan().attendees, { name: 'Ben Okafor', role: 'Deputy DSL', agency: 'Oak Hill Primary School' }] }) })
    await dsl.call('meetings.savePlan', { disputeId, plan: plan({ agenda: ['Positions', 'Options', 'Decision'] }) })
    await both(dsl, deputy)
    for (const t of [dsl, deputy]) {
      const v = await t.call('meetings.get', { disputeId })
      expect(v.meeting!.attendees.map((a) => a.name)).toEqual(['Harriet Okonkwo', 'Ben Okafor'])
      expect(v.meeting!.agenda).toEqual(['Positions', 'Options', 'Decision'])
      expect(v.teamVersions).toEqual([])
    }

    // The same part changed differently at once: both versions kept and shown, sign-off refused, until saved again.
    const base = (await dsl.call('meetings.get', { disputeId })).meeting!
    const { disputeId: _d, stage: _s, arrangedAt: _a, arrangedBy: _b, updatedAt: _u, decision: _c, signOff: _o, addenda: _e, ...current } = base
    await deputy.call('meetings.savePlan', { disputeId, plan: { ...current, place: 'Oak Hill Primary School, room 2' } })
    await dsl.call('meetings.savePlan', { disputeId, plan: { ...current, place: 'Council House, committee room' } })
    await both(dsl, deputy)
    for (const t of [dsl, deputy]) {
      const v = await t.call('meetings.get', { disputeId })
      expect(v.team.join(' ')).toContain('changed the place on two devices at once: both versions are kept')
      expect(v.teamVersions.map((x) => x.parts)).toEqual(
        expect.arrayContaining([[{ part: 'place', text: 'Oak Hill Primary School, room 2' }], [{ part: 'place', text: 'Council House, committee room' }]]),
      )
      expect(v.signOffProblems[0]?.field).toBe('team')
    }
    // The dispute page says so, with the same versions to keep.
    const page = await deputy.call('disputes.get', { disputeId })
    expect(page.meetingVersions.map((x) => x.version).sort()).toEqual((await deputy.call('meetings.get', { disputeId })).teamVersions.map((x) => x.version).sort())
    expect((await deputy.refusal('team.pickMeetingVersion', { disputeId, versionId: 'not-one-of-them' })).message).toBe('Choose one of the versions shown.')
    expect((await deputy.refusal('team.pickMeetingVersion', { disputeId })).code).toBe('invalid-input')
    // The deputy keeps the version shown meanwhile (the smaller id): a pick all the same, though it changes nothing
    // here. The attendees and agenda merged before stay.
    const theirs = [...page.meetingVersions].sort((a, b) => (a.version < b.version ? -1 : 1))[0]!
    const place = theirs.parts[0]!.text
    expect((await deputy.call('meetings.get', { disputeId })).meeting!.place).toBe(place)
    expect(await deputy.call('team.pickMeetingVersion', { disputeId, versionId: theirs.version })).toBeNull()
    expect(JSON.stringify(await deputy.call('audit.list', { limit: 3 }))).toContain('meeting-version-picked')
    await both(deputy, dsl)
    for (const t of [dsl, deputy]) {
      const v = await t.call('meetings.get', { disputeId })
      expect(v.meeting).toMatchObject({ place, agenda: ['Positions', 'Options', 'Decision'] })
      expect(v.meeting!.attendees.map((a) => a.name)).toEqual(['Harriet Okonkwo', 'Ben Okafor'])
      expect(v.teamVersions).toEqual([])
      expect(v.signOffProblems.map((p) => p.field)).not.toContain('team')
      expect((await t.call('disputes.get', { disputeId })).meetingVersions).toEqual([])
    }
    expect((await dsl.refusal('team.pickMeetingVersion', { disputeId, versionId: theirs.version })).code).toBe('meeting-one-version')

    // Changed at once again: recording the decision from what is shown settles it as well.
    const again = (await dsl.call('meetings.get', { disputeId })).meeting!
    const { disputeId: _d2, stage: _s2, arrangedAt: _a2, arrangedBy: _b2, updatedAt: _u2, decision: _c2, signOff: _o2, addenda: _e2, ...now } = again
    await deputy.call('meetings.savePlan', { disputeId, plan: { ...now, time: '15:00' } })
    await dsl.call('meetings.savePlan', { disputeId, plan: { ...now, time: '13:30' } })
    await both(dsl, deputy)
    expect((await dsl.call('meetings.get', { disputeId })).teamVersions).toHaveLength(2)
    dsl.at('2026-12-10T16:00:00Z')
    const decision = { decision: 'Assess again by 14 Dec.', rationale: 'New bruising.', actions: [], feedbackBy: 'The Chair', reports: [{ to: 'Learning and Development Group', by: 'Dr Helen Ashby' }, { to: 'Assurance and Review Group', by: 'Dr Helen Ashby' }] }
    await dsl.call('meetings.recordDecision', { disputeId, decision })
    // Recording the decision saved the meeting from what was shown: that is the pick.
    expect((await dsl.call('meetings.get', { disputeId })).teamVersions).toEqual([])
    const signed = await dsl.call('meetings.signOff', { disputeId })
    expect(signed.meeting!.signOff).toMatchObject({ byName: 'Harriet Okonkwo' })
    await both(dsl, deputy)

    // Signed off on the DSL's device: the record on the deputy's, which can no longer change it, only add to it.
    deputy.at('2026-12-11T09:00:00Z')
    const there = await deputy.call('meetings.get', { disputeId })
    expect(there.meeting!.signOff).toMatchObject({ byName: 'Harriet Okonkwo', at: '2026-12-10T16:00:00.000Z' })
    expect(there.meeting!.decision).toEqual(decision)
    expect(there.meeting!.place).toBe((await dsl.call('meetings.get', { disputeId })).meeting!.place)
    expect(there.teamVersions).toEqual([])
    expect((await deputy.refusal('meetings.savePlan', { disputeId, plan: plan() })).code).toBe('meeting-signed-off')
    await deputy.call('meetings.addAddendum', { disputeId, addendum: { reason: 'A correction', text: 'The Chair fed back on 11 Dec.' } })
    await both(deputy, dsl)
    const back = await dsl.call('meetings.get', { disputeId })
    expect(back.meeting!.addenda.map((a) => a.text)).toEqual(['The Chair fed back on 11 Dec.'])
    expect(back.team[0]).toMatch(/^Last changed by Harriet Okonkwo/)
    expect(back.meeting!.signOff).toEqual(signed.meeting!.signOff)
  })

  it('a disposal on the DSL’s device is carried out on the deputy’s too (its tombstone, docs/team-vault.md “Deleting”)', async () => {
    const { dsl, deputy, disputeId } = await team()
    dsl.at('2026-12-03T10:00:00Z')
    await dsl.call('disputes.resolve', { disputeId, input: { summary: 'Agreed', writtenConfirmation: { receivedOn: '2026-12-03', from: 'Jo Bloggs' } } })
    await both(dsl, deputy)
    // No child's date of birth is recorded, so the review is due now.
    await dsl.call('retention.decide', { disputeId, decision: 'dispose', reason: 'Logged in error: the wrong child.' })
    expect((await dsl.call('retention.list', {})).disposed).toHaveLength(1)
    await both(dsl, deputy)
    const there = await deputy.call('retention.list', {})
    expect(there.items.find((i) => i.disputeId === disputeId)).toBeUndefined()
    expect(there.disposed).toHaveLength(1)
    expect((await deputy.refusal('disputes.get', { disputeId })).code).toBeTruthy()
    // Still disposed of on the DSL's device after syncing again.
    await both(dsl, deputy)
    expect((await dsl.refusal('disputes.get', { disputeId })).code).toBeTruthy()
  })
})
