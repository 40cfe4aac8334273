/**
 * The stage 4 meeting through the handler table: arranged only at the meeting's stage, prepared,
 * decided, signed off by the signed-in person, then only added to; each change its own audit action;
 * kept in its own document across a lock; exported as the record of the meeting.
 */
import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MeetingPlanInput } from '../../../src/shared/meetings'
import { PASS, openTestApi } from './helpers'
import { aDispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function solihullDispute() {
  const child = await t.call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30' } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services (MASH)', practitioner: 'Rachel Moore' },
      disputed: { kind: 'decision', description: 'No strategy discussion.' },
      reasons: { ids: [], text: 'A fresh injury.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  const draft = await t.call('records.createDraft', {
    disputeId: view.dispute.id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '08:30' }, contact: { name: 'Rachel Moore' }, direction: 'outgoing', weSaid: 'I said the school would like a strategy discussion.' },
  })
  await t.call('records.approve', { disputeId: view.dispute.id, recordId: draft.id })
  return { id: view.dispute.id, recordId: draft.id }
}

const plan = (overrides: Partial<MeetingPlanInput> = {}): MeetingPlanInput => ({
  chair: { name: 'Dr Helen Ashby', role: 'Head of Safeguarding', agency: 'ICB', independent: null },
  date: '2026-12-10',
  time: '14:00',
  place: 'Council House',
  attendees: [{ name: 'Harriet Okonkwo', role: 'DSL', agency: 'Oak Hill Primary School' }],
  apologies: [],
  agenda: ['Positions', 'Decision'],
  question: 'Should a strategy discussion be held?',
  outcomeSought: 'A strategy discussion today.',
  positions: { raising: { agency: 'Oak Hill Primary School', stated: 'Kai is at risk.', fromRecords: [] }, other: { agency: 'MASH', stated: 'The threshold is not met.', fromRecords: [] } },
  stageNotes: [{ stage: 1, tried: 'A call.', whyNotResolved: 'No change.' }],
  ...overrides,
})

describe('the stage 4 meeting through the handler table', () => {
  it('is arranged only once the dispute reaches stage 4, then decided, signed off and added to, each change audited', async () => {
    const { id, recordId } = await solihullDispute()
    expect((await t.call('meetings.get', { disputeId: id })).atMeetingStage).toBe(false)
    expect((await t.refusal('meetings.savePlan', { disputeId: id, plan: plan() })).code).toBe('meeting-stage-not-reached')
    for (const day of ['02', '03', '04']) {
      t.at(`2026-12-${day}T10:00:00Z`)
      await t.call('disputes.escalate', { disputeId: id, input: {} })
    }
    // A record holding only our words is not the other agency's position.
    const refused = await t.refusal('meetings.savePlan', { disputeId: id, plan: plan({ positions: { ...plan().positions, other: { agency: 'MASH', stated: '', fromRecords: [recordId] } } }) })
    expect(refused).toMatchObject({ code: 'meeting-record-not-theirs', field: 'positions.other.fromRecords.0' })

    const arranged = await t.call('meetings.savePlan', { disputeId: id, plan: plan() })
    expect(arranged.meeting).toMatchObject({ stage: 4, place: 'Council House', arrangedBy: 'Harriet Okonkwo' })
    expect(arranged.rules.chairIndependent).toBe(true)
    expect(arranged.signOffProblems.map((p) => p.field)).toContain('chair.independent')

    expect((await t.refusal('meetings.recordDecision', { disputeId: id, decision: { decision: 'x', rationale: 'y', actions: [], feedbackBy: 'z', reports: [] } })).code).toBe('meeting-not-held')
    t.at('2026-12-10T16:00:00Z')
    const decision = {
      decision: 'Hold a strategy discussion by 12 Dec.',
      rationale: 'The threshold is met.',
      actions: [{ action: 'Convene it', owner: 'Rachel Moore', dueOn: '2026-12-12' }],
      feedbackBy: 'The Chair',
      reports: [
        { to: 'Learning and Development Group', by: 'Dr Helen Ashby' },
        { to: 'Assurance and Review Group', by: 'Dr Helen Ashby' },
      ],
    }
    await t.call('meetings.recordDecision', { disputeId: id, decision })
    const notReady = await t.refusal('meetings.signOff', { disputeId: id })
    expect(notReady).toMatchObject({ code: 'meeting-not-ready', field: 'chair.independent' })
    await t.call('meetings.savePlan', { disputeId: id, plan: plan({ chair: { ...plan().chair, independent: true } }) })
    const signed = await t.call('meetings.signOff', { disputeId: id })
    expect(signed.meeting!.signOff).toMatchObject({ byName: 'Harriet Okonkwo', at: '2026-12-10T16:00:00.000Z' })
    expect(signed.signOffProblems).toEqual([])
    expect((await t.refusal('meetings.savePlan', { disputeId: id, plan: plan() })).code).toBe('meeting-signed-off')
    expect((await t.refusal('meetings.recordDecision', { disputeId: id, decision })).code).toBe('meeting-signed-off')
    await t.call('meetings.addAddendum', { disputeId: id, addendum: { reason: 'A correction', text: 'The Chair fed back on 11 Dec.' } })

    const actions = (await t.call('audit.list', { limit: 10 })).filter((e) => e.action.startsWith('meeting-')).map((e) => e.action)
    expect(actions).toEqual(['meeting-addendum-added', 'meeting-signed-off', 'meeting-updated', 'meeting-decision-recorded', 'meeting-arranged'])
    // Audit summaries carry no case content.
    for (const e of await t.call('audit.list', { limit: 10 })) expect(e.summary).not.toContain('strategy discussion')

    // Kept in its own document: still there after a lock and unlock.
    const session = await t.call('vault.session', {})
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId: session!.person.personId, passphrase: PASS })
    const reread = await t.call('meetings.get', { disputeId: id })
    expect(reread.meeting!.addenda).toHaveLength(1)
    expect(reread.meeting!.decision).toEqual(decision)

    const exported = await t.call('exports.document', { disputeId: id, document: 'meeting-pack' })
    expect(exported.savedTo).toMatch(/ESC-2026-0001 record of the stage 4 meeting\.docx$/)
    const text = (await mammoth.extractRawText({ buffer: readFileSync(exported.savedTo!) })).value
    expect(text).toContain('Hold a strategy discussion by 12 Dec.')
    expect(text).toContain('The Chair fed back on 11 Dec.')
    expect(text).not.toContain('The meeting is asked to decide')
  })

  it('goes with its dispute when the dispute is disposed of at retention review', async () => {
    const open = await aDispute(t.call, { child: { name: 'Old Case', dateOfBirth: '2000-03-01' } })
    const id = open.dispute.id
    for (let i = 0; i < 3; i++) await t.call('disputes.escalate', { disputeId: id, input: {} })
    await t.call('meetings.savePlan', { disputeId: id, plan: plan() })
    const files = () => Object.keys(t.snapshot()).filter((f) => f.includes(`meeting.${id}`))
    expect(files().length).toBeGreaterThan(0)
    await t.call('disputes.withdraw', { disputeId: id, input: { reason: 'Resolved informally' } })
    await t.call('retention.decide', { disputeId: id, decision: 'dispose', reason: 'Retention period ended; nothing outstanding' })
    expect(files()).toEqual([])
    expect((await t.refusal('meetings.get', { disputeId: id })).code).toBe('dispute-not-found')
    expect((await t.call('audit.verify', {})).ok).toBe(true)
  })
})
