/**
 * Routes that move (issue 14), through the real handler table over a real vault.
 *
 * Solihull's emergency resolution procedure (seed 000) is the rapid path through stage one: "If the
 * professional considers that a child is likely to suffer significant harm within the next 24 hours … they
 * should immediately telephone their line manager and talk through stage one of the process in this
 * protocol", and "The entire process should be completed within one working day." When it has not resolved
 * the matter, the dispute continues where the 4-stage procedure (seed 001) goes after stage one: "Where it is
 * not possible to resolve the matter at stage one, the professionals involved are expected to seek
 * solutions at the next managerial level … within 2 working days of Stage 1." — so `handsOverTo` is stage 2.
 *
 * An invented policy imported as data (Eastfold, test/fixtures/policies) with levels and a route called
 * "Urgent escalation" shows the rules come from the file, not from Solihull's words.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SEED, seedSays } from '../domain/policies/seeds'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z') // Tuesday 1 Dec 2026, 09:00 (GMT: London time is UTC)
})
afterEach(async () => t.cleanup())

const ROUTE = 'Rapid resolution (emergency resolution procedure)'

async function open(policyId: string, disagreementOn = '2026-12-01') {
  const child = await t.call('children.create', { child: { name: 'Amy Example' } })
  return t.call('disputes.open', {
    policyId,
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn,
      triage: { level: 'standard' },
    },
  })
}

describe('Solihull: the rapid resolution route entered from stage 2 when risk rises', () => {
  it('the policy’s own words', () => {
    seedSays(SEED.solihullRapid, 'talk through stage one of the process in this protocol')
    seedSays(SEED.solihullRapid, 'likely to suffer significant harm within the next 24 hours')
    seedSays(SEED.solihullRapid, 'The entire process should be completed within one working day.')
    seedSays(SEED.solihull, 'Where it is not possible to resolve the matter at stage one, the professionals involved are expected to seek solutions at the next managerial level')
  })

  it('is offered at an ordinary stage, needs a reason, and is audited naming only the route', async () => {
    const opened = await open('solihull-sscp')
    expect(opened.status?.routeMoves.enter).toEqual({ title: ROUTE, trigger: expect.stringContaining('within the next 24 hours') })
    const id = opened.dispute.id
    t.at('2026-12-01T15:00:00Z')
    await t.call('disputes.escalate', { disputeId: id, input: {} })

    t.at('2026-12-02T16:00:00Z')
    const noReason = await t.refusal('disputes.takeEmergencyRoute', { disputeId: id, input: { reason: '  ' } })
    expect(noReason).toMatchObject({ code: 'route-reason-missing', field: 'reason' })
    expect(noReason.message).toBe(`Say why the risk to the child has risen before using the ${ROUTE}.`)

    const reason = 'The child disclosed that the partner is returning home tonight.'
    const taken = await t.call('disputes.takeEmergencyRoute', { disputeId: id, input: { reason } })
    expect(taken.dispute.route).toBe('emergency')
    expect(taken.dispute.currentStage).toBeNull()
    const visit = taken.dispute.stageHistory.at(-1)!
    expect(visit).toMatchObject({ route: 'emergency', how: 'riskRose', reason, enteredAt: '2026-12-02T16:00:00.000Z' })
    expect(taken.dispute.stageHistory.at(-2)).toMatchObject({ stage: 2, leftAt: '2026-12-02T16:00:00.000Z' })
    expect(taken.status?.position).toBe(ROUTE)
    // "within one working day" of invoking it: Thursday 3 Dec; the harm is expected within 24 hours: 3 Dec, 16:00.
    expect(taken.status?.dueDates.find((d) => d.key === 'emergency')?.display).toBe('3 Dec 2026')
    expect(taken.status?.countdown).toMatchObject({
      key: 'emergency/harm-clock',
      deadline: { kind: 'instant', at: '2026-12-03T16:00:00.000Z' },
      display: '3 Dec 2026, 16:00',
      state: 'dueSoon',
      basis: `${ROUTE}: harm expected within 24 hours: 24 hours from taking the route at 2 Dec 2026, 16:00`,
    })
    expect(taken.status?.routeMoves).toMatchObject({ enter: null, handOver: { number: 2, name: 'Stage 2' }, canHandOver: true })

    const audit = await t.call('audit.list', { limit: 50 })
    const event = audit.find((e) => e.action === 'emergency-route-taken')
    expect(event?.summary).toBe(`Risk rose: took the ${ROUTE}`)
    expect(JSON.stringify(audit)).not.toContain('partner is returning home')

    // On the route it is not taken again, and it is not escalated: it is handed over.
    expect((await t.refusal('disputes.takeEmergencyRoute', { disputeId: id, input: { reason } })).code).toBe('route-not-available')
    const escalate = await t.refusal('disputes.escalate', { disputeId: id, input: {} })
    expect(escalate.code).toBe('final-stage')
    expect(escalate.message).toContain('hand it over to stage 2')
  })

  it('shows overdue in words once the 24 hours have passed', async () => {
    const id = (await open('solihull-sscp')).dispute.id
    t.at('2026-12-02T16:00:00Z')
    await t.call('disputes.takeEmergencyRoute', { disputeId: id, input: { reason: 'Risk rose.' } })
    t.at('2026-12-03T16:01:00Z')
    const later = await t.call('disputes.get', { disputeId: id })
    expect(later.status?.countdown?.state).toBe('overdue')
    expect(later.status?.overdue).toBe(true)
    const dash = await t.call('disputes.dashboard', {})
    expect(dash.rows[0]?.status?.countdown?.display).toBe('3 Dec 2026, 16:00')
    expect(dash.counts.overdue).toBe(1)
  })

  it('hands over to stage 2 when unresolved, with its deadline counted from the hand-over; drafts block it', async () => {
    const id = (await open('solihull-sscp')).dispute.id
    t.at('2026-12-01T15:00:00Z')
    await t.call('disputes.escalate', { disputeId: id, input: {} })
    t.at('2026-12-02T16:00:00Z')
    await t.call('disputes.takeEmergencyRoute', { disputeId: id, input: { reason: 'Risk rose.' } })

    t.at('2026-12-03T10:00:00Z')
    const draft = await t.call('records.createDraft', {
      disputeId: id,
      draft: { kind: 'phone-call', stage: 'emergency', occurredAt: { date: '2026-12-03', time: '09:30' }, contact: { name: 'Head of Service' }, weSaid: 'Rang the Head of Service.' },
    })
    const blocked = await t.refusal('disputes.handOverFromRoute', { disputeId: id, input: {} })
    expect(blocked.code).toBe('records-unapproved')
    expect((await t.call('disputes.get', { disputeId: id })).status?.routeMoves.canHandOver).toBe(false)
    await t.call('records.approve', { disputeId: id, recordId: draft.id })

    const handed = await t.call('disputes.handOverFromRoute', { disputeId: id, input: { note: 'Managers could not agree.' } })
    expect(handed.dispute.route).toBe('stages')
    expect(handed.dispute.currentStage).toBe(2)
    expect(handed.dispute.stageHistory.at(-1)).toMatchObject({ route: 'stages', stage: 2, how: 'handedOver', reason: 'Managers could not agree.' })
    const stage2 = handed.status?.dueDates.find((d) => d.key === 'stage-2')
    // "within 2 working days of Stage 1", counted from the end of the route on Thursday 3 Dec: Monday 7 Dec.
    expect(stage2?.display).toBe('7 Dec 2026')
    expect(stage2?.basis).toBe(`Stage 2: 2 working days from the end of the ${ROUTE} on 3 Dec 2026`)
    expect(handed.status?.countdown).toBeNull()
    expect(handed.status?.routeMoves).toMatchObject({ enter: { title: ROUTE }, handOver: null })
    const audit = await t.call('audit.list', { limit: 50 })
    expect(audit.find((e) => e.action === 'emergency-route-handed-over')?.summary).toBe(`Handed over from the ${ROUTE} to stage 2`)
  })

  it('never hands a dispute back below the stage it had reached: taken from stage 3, it returns to stage 3', async () => {
    const id = (await open('solihull-sscp')).dispute.id
    await t.call('disputes.escalate', { disputeId: id, input: {} })
    await t.call('disputes.escalate', { disputeId: id, input: {} })
    await t.call('disputes.takeEmergencyRoute', { disputeId: id, input: { reason: 'Risk rose.' } })
    const view = await t.call('disputes.get', { disputeId: id })
    expect(view.status?.routeMoves.handOver?.number).toBe(3)
    expect((await t.call('disputes.handOverFromRoute', { disputeId: id, input: {} })).dispute.currentStage).toBe(3)
  })

  it('a dispute opened on the route (significant harm at triage) counts down from its opening and hands over to stage 2', async () => {
    const child = await t.call('children.create', { child: { name: 'Ben Example' } })
    t.at('2026-12-24T16:00:00Z') // Christmas Eve, 16:00
    const opened = await t.call('disputes.open', {
      policyId: 'solihull-sscp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency: 'MASH', practitioner: 'Jo Bloggs' },
        disputed: { kind: 'decision', description: 'No strategy discussion.' },
        reasons: { ids: [], text: 'Harm expected tonight.' },
        disagreementOn: '2026-12-24',
        triage: { level: 'significantHarm' },
      },
    })
    expect(opened.status?.countdown?.display).toBe('25 Dec 2026, 16:00')
    expect(opened.status?.routeMoves.handOver?.number).toBe(2)
  })
})

describe('a policy with no emergency route', () => {
  it('Havering: nothing to take, and nothing to hand over', async () => {
    const opened = await open('havering-hscb')
    expect(opened.status?.routeMoves).toEqual({ enter: null, handOver: null, canHandOver: false })
    const r = await t.refusal('disputes.takeEmergencyRoute', { disputeId: opened.dispute.id, input: { reason: 'Risk rose.' } })
    expect(r.code).toBe('route-not-available')
    expect(r.message).toContain('has no emergency route')
  })
})

describe('a policy imported as data, with its own words: levels and an "Urgent escalation"', () => {
  const FILE = readFileSync(join(__dirname, '../../fixtures/policies/eastfold-six-steps.json'))
  const urgent = () => {
    const p = JSON.parse(FILE.toString('utf8')) as Record<string, unknown>
    return {
      ...p,
      id: 'eastfold-levels',
      version: 1,
      stageWord: 'Level',
      emergencyRoute: {
        title: 'Urgent escalation',
        trigger: 'Harm to the child is likely within 6 hours.',
        harmWithinHours: 6,
        timescale: { amount: 4, unit: 'hours', from: { event: 'stageStart' } },
        handsOverTo: { stage: 4 },
      },
    }
  }
  const asFile = (policy: unknown) => ({ fileBase64: Buffer.from(JSON.stringify(policy), 'utf8').toString('base64') })

  it('refuses a hand-over to a level the policy does not have', async () => {
    const bad = { ...urgent(), emergencyRoute: { ...urgent().emergencyRoute, handsOverTo: { stage: 9 } } }
    const r = await t.refusal('policies.import', asFile(bad))
    expect(r.code).toBe('policy-invalid')
    expect(r.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'emergencyRoute.handsOverTo.stage', message: 'must be a stage of this policy (it has 6)' })]))
  })

  it('takes the route from level 2 under its own title, counts down its 4 hours, and hands over to level 4', async () => {
    await t.call('policies.import', asFile(urgent()))
    const opened = await open('eastfold-levels')
    const id = opened.dispute.id
    expect(opened.status?.routeMoves.enter?.title).toBe('Urgent escalation')
    await t.call('disputes.escalate', { disputeId: id, input: {} })
    t.at('2026-12-01T10:00:00Z')
    const taken = await t.call('disputes.takeEmergencyRoute', { disputeId: id, input: { reason: 'Risk rose.' } })
    expect(taken.status?.position).toBe('Urgent escalation')
    // The route's own 4 hours close before the 6 hours of harm: that is the countdown.
    expect(taken.status?.countdown).toMatchObject({ key: 'emergency', display: '1 Dec 2026, 14:00' })
    expect(taken.status?.dueDates.find((d) => d.key === 'emergency/harm-clock')?.display).toBe('1 Dec 2026, 16:00')
    expect(taken.status?.routeMoves.handOver).toMatchObject({ number: 4, name: 'Level 4' })
    const audit = await t.call('audit.list', { limit: 50 })
    expect(audit.find((e) => e.action === 'emergency-route-taken')?.summary).toBe('Risk rose: took the Urgent escalation')
    const handed = await t.call('disputes.handOverFromRoute', { disputeId: id, input: {} })
    expect(handed.status?.position).toBe('Level 4 — Service managers')
    expect(handed.status?.dueDates.find((d) => d.key === 'stage-4')?.basis).toContain('from the end of the Urgent escalation')
  })
})
