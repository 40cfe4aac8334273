/**
 * The stage 4 meeting's lifecycle and what each policy asks of it (test/fixtures/seeds).
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../src/shared/errors'
import {
  addMeetingAddendum,
  arrangeMeeting,
  meetingRules,
  meetingView,
  recordDecision,
  signOffMeeting,
  signOffProblems,
  updateMeetingPlan,
} from '../../../../src/main/domain/meetings'
import type { Meeting } from '../../../../src/shared/meetings'
import { DSL, at, policyOf } from '../../exports/fixtures'
import { solihullMeeting } from '../../exports/meeting-fixture'

const refusal = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('a refusal was expected')
}

const decision = (m: Meeting, reports: { to: string; by: string }[]) =>
  recordDecision(
    m,
    { decision: 'Hold a strategy discussion.', rationale: 'The threshold is met.', actions: [{ action: 'Convene it', owner: 'Rachel Moore', dueOn: '2026-12-12' }], feedbackBy: 'The Chair', reports },
    { now: at('2026-12-10', '16:00') },
  )

describe('what each policy says of its final-stage meeting', () => {
  it('Solihull: an independent Chair who reports to two groups', () => {
    // Seed 001: "allocate a Chair of sufficient seniority, who is independent of the case."
    // "The Chair of this meeting will then report on issues arising from this process to the Learning and
    // Development Group and the Assurance and Review Group."
    const rules = meetingRules(policyOf('solihull-sscp'))
    expect(rules).toMatchObject({ stage: 4, chairIndependent: true, reportsTo: ['Learning and Development Group', 'Assurance and Review Group'] })
    expect(rules.quote).toContain('Learning and Development Group')
  })

  it('St Helens, Havering and Wolverhampton: their own chairs and panels, no independence required, no report owed', () => {
    // St Helens (seed 003): "the Chair of the Safeguarding Children Partnership (SCP) Board or one of the key partners will make the final decision"
    expect(meetingRules(policyOf('st-helens-scp'))).toMatchObject({ chairIndependent: false, reportsTo: [], chair: 'The Chair of the Safeguarding Children Partnership (SCP) Board or one of the key partners' })
    // Havering (seed 004): "… to the Chair of the HSCB, who may either seek to resolve the issue direct with the relevant senior managers, or convene a Resolution Panel."
    expect(meetingRules(policyOf('havering-hscb'))).toMatchObject({ title: 'Resolution Panel', chair: 'The Chair of the HSCB', chairIndependent: false })
    // Wolverhampton (seed 002): "Their WSCB representative … will then write to their equivalent … and meet within a further 2 working days"
    expect(meetingRules(policyOf('wolverhampton-wscb')).title).toContain('WSCB representatives')
  })
})

describe('arranging and preparing the meeting', () => {
  it('is refused before the dispute reaches the meeting’s stage', () => {
    const s = solihullMeeting()
    const early = { ...s.dispute, stageHistory: s.dispute.stageHistory.slice(0, 3), currentStage: 3 }
    const e = refusal(() => arrangeMeeting(early, meetingRules(s.policy), s.meeting, s.records, { by: DSL.name, now: s.now }))
    expect(e.code).toBe('meeting-stage-not-reached')
  })

  it('refuses a record as the other agency’s position when its speaker was not recorded', () => {
    const s = solihullMeeting()
    const unattributed = s.records[0]!.id
    const plan = { ...s.meeting, positions: { ...s.meeting.positions, other: { ...s.meeting.positions.other, fromRecords: [unattributed] } } }
    const e = refusal(() => updateMeetingPlan(s.meeting, s.dispute, plan, s.records, { now: s.now }))
    expect(e.code).toBe('meeting-record-not-theirs')
    expect(e.field).toBe('positions.other.fromRecords.0')
  })

  it('allows a planned date in the future, but not before the disagreement', () => {
    const s = solihullMeeting()
    expect(updateMeetingPlan(s.meeting, s.dispute, { ...s.meeting, date: '2027-01-20' }, s.records, { now: s.now }).date).toBe('2027-01-20')
    expect(refusal(() => updateMeetingPlan(s.meeting, s.dispute, { ...s.meeting, date: '2026-11-01' }, s.records, { now: s.now })).code).toBe('date-before-dispute')
  })

  it('records no decision for a meeting not yet held', () => {
    const s = solihullMeeting()
    const later = { ...s.meeting, date: '2026-12-20' }
    expect(refusal(() => decision(later, [])).code).toBe('meeting-not-held')
  })
})

describe('signing off the decision', () => {
  it('Solihull: is refused until the Chair is confirmed independent and each report has someone to make it', () => {
    const s = solihullMeeting()
    const rules = meetingRules(s.policy)
    const notIndependent = decision({ ...s.meeting, chair: { ...s.meeting.chair, independent: null } }, [])
    const fields = signOffProblems(notIndependent, rules, at('2026-12-10', '16:30')).map((p) => p.field)
    expect(fields).toEqual(['chair.independent', 'decision.reports', 'decision.reports'])
    const e = refusal(() => signOffMeeting(notIndependent, rules, DSL, { now: at('2026-12-10', '16:30') }))
    expect(e.code).toBe('meeting-not-ready')
    expect(e.message).toContain('independent of the case')
    expect(e.details).toHaveLength(3)
  })

  it('St Helens asks for no independence or report; every policy asks for the decision, rationale and feedback', () => {
    const rules = meetingRules(policyOf('st-helens-scp'))
    const s = solihullMeeting()
    const bare = { ...s.meeting, chair: { ...s.meeting.chair, independent: false } }
    expect(signOffProblems(bare, rules, at('2026-12-10', '16:30')).map((p) => p.field)).toEqual(['decision.decision', 'decision.rationale', 'decision.feedbackBy'])
    expect(signOffProblems(decision(bare, []), rules, at('2026-12-10', '16:30'))).toEqual([])
  })

  it('signs with the signed-in person as the vault holds them, and then nothing changes but dated addenda', () => {
    const s = solihullMeeting({ signedOff: true })
    expect(s.meeting.signOff).toEqual({ byPersonId: DSL.personId, byName: DSL.name, byRole: 'DSL', at: at('2026-12-10', '16:30') })
    const rules = meetingRules(s.policy)
    for (const change of [
      () => updateMeetingPlan(s.meeting, s.dispute, { ...s.meeting, place: 'Elsewhere' }, s.records, { now: s.now }),
      () => decision(s.meeting, []),
      () => signOffMeeting(s.meeting, rules, DSL, { now: s.now }),
    ]) {
      const e = refusal(change)
      expect(e.code).toBe('meeting-signed-off')
      expect(e.message).toContain('add a dated addendum instead')
    }
    const added = addMeetingAddendum(s.meeting, { reason: 'Correcting the due date', text: 'The strategy discussion is due by 11 Dec.' }, DSL, { id: 'a1', now: s.now })
    expect(added.addenda).toHaveLength(1)
    expect(added.decision).toEqual(s.meeting.decision)
    expect(refusal(() => addMeetingAddendum(s.meeting, { reason: ' ', text: 'x' }, DSL, { id: 'a2', now: s.now })).code).toBe('addendum-reason-missing')
  })
})

describe('the meeting screen’s view', () => {
  it('numbers the records as the pack does and says whose words each holds; summarises each stage', () => {
    const s = solihullMeeting()
    const view = meetingView({ dispute: s.dispute, policy: s.policy, records: s.records, meeting: s.meeting, raisingAgency: 'Northfield Primary School', now: s.now })
    expect(view.atMeetingStage).toBe(true)
    expect(view.records.map((r) => [r.ref, r.theirWords !== null])).toEqual([['A1', false], ['A2', true]])
    expect(view.stages.map((st) => st.stage)).toEqual([1, 2, 3, 4])
    expect(view.stages[0]!.recordRefs).toEqual(['A1'])
    expect(view.stages[0]!.note?.tried).toBe('A call to the MASH team manager.')
  })
})
