/**
 * Group timescales and the policy's own word for a stage, through the real handler table over a real
 * vault, with a policy imported from its file (test/fixtures/policies/eastfold-six-steps.json, invented:
 * see that folder's README). Its words:
 *   "Steps 1 to 5 together must not take more than 5 working days from the start of step 1."
 *   "Each of steps 2 to 5 begins when the step before it ends and lasts no more than 1 working day."
 * The disagreement arose on Thursday 24 Dec 2026, the day before Christmas Day; Monday 28 Dec is the
 * substitute Boxing Day and Friday 1 Jan 2027 New Year's Day, so the five working days are 29, 30 and
 * 31 Dec, 4 and 5 Jan: steps 1 to 5 together are due on 5 Jan 2027.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PolicyInput } from '../../../src/shared/policy'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T

const FILE = readFileSync(join(__dirname, '../../fixtures/policies/eastfold-six-steps.json'))
const eastfold = (): PolicyInput => JSON.parse(FILE.toString('utf8')) as PolicyInput
const asFile = (policy: unknown) => ({ fileBase64: Buffer.from(JSON.stringify(policy), 'utf8').toString('base64') })

beforeEach(async () => {
  t = await openTestApi('2026-12-24T10:00:00Z') // Thursday 24 Dec 2026, 10:00
  await t.call('policies.import', { fileBase64: FILE.toString('base64') })
})
afterEach(async () => t.cleanup())

async function anEastfoldDispute() {
  const child = await t.call('children.create', { child: { name: 'Amy Example' } })
  return t.call('disputes.open', {
    policyId: 'eastfold-escp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Eastfold Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-24',
      triage: { level: 'standard' },
    },
  })
}

const group = (view: { status: { dueDates: { key: string; display: string; basis: string; state: string }[] } | null }) =>
  view.status?.dueDates.find((d) => d.key === 'group/steps-1-to-5')

describe('a group timescale over steps 1 to 5', () => {
  it('gives 5 Jan 2027 at each of steps 1 to 5 when the disagreement arose on Christmas Eve, beside each step’s own date', async () => {
    const opened = await anEastfoldDispute()
    expect(group(opened)?.display).toBe('5 Jan 2027')
    expect(group(opened)?.basis).toBe('Steps 1 to 5 together: 5 working days from the start of step 1 on 24 Dec 2026')
    expect(opened.status?.position).toBe('Step 1 — Talk it through')
    // "Step 1: the practitioners talk it through within 1 working day of the disagreement."
    expect(opened.status?.dueDates.find((d) => d.key === 'stage-1')?.display).toBe('29 Dec 2026')

    const id = opened.dispute.id
    const days: [step: number, at: string, ownDue: string][] = [
      [2, '2026-12-29T10:00:00Z', '30 Dec 2026'],
      [3, '2026-12-30T10:00:00Z', '31 Dec 2026'],
      [4, '2026-12-31T10:00:00Z', '4 Jan 2027'],
      [5, '2027-01-05T10:00:00Z', '6 Jan 2027'],
    ]
    for (const [step, at, ownDue] of days) {
      t.at(at)
      const view = await t.call('disputes.escalate', { disputeId: id, input: {} })
      expect(view.status?.position).toMatch(new RegExp(`^Step ${step} — `))
      expect(view.status?.dueDates.find((d) => d.key === `stage-${step}`)?.display).toBe(ownDue)
      expect(view.status?.dueDates.find((d) => d.key === `stage-${step}`)?.basis).toMatch(
        new RegExp(`^Step ${step}: 1 working day from the end of step ${step - 1} on `),
      )
      // Moving between the steps of the group never moves its deadline.
      expect(group(view)?.display).toBe('5 Jan 2027')
    }
    expect(opened.dispute.groupsDue).toHaveLength(1)
  })

  it('makes the dashboard show the dispute overdue once the group’s date passes, though step 5’s own date has not, and stops applying after step 5', async () => {
    const { dispute } = await anEastfoldDispute()
    for (const at of ['2026-12-29T10:00:00Z', '2026-12-30T10:00:00Z', '2026-12-31T10:00:00Z', '2027-01-05T10:00:00Z']) {
      t.at(at)
      await t.call('disputes.escalate', { disputeId: dispute.id, input: {} })
    }
    t.at('2027-01-06T09:00:00Z') // Wednesday: step 5 is due today, the group was due yesterday
    const board = await t.call('disputes.dashboard', {})
    const row = board.rows.find((r) => r.id === dispute.id)!
    expect(row.status?.overdue).toBe(true)
    expect(row.status?.nextDeadline?.key).toBe('group/steps-1-to-5')
    expect(row.status?.dueDates.find((d) => d.key === 'stage-5')?.state).toBe('dueSoon')
    expect(board.counts.overdue).toBe(1)

    // Step 6 is outside the group: its own 10 working days apply and nothing is overdue.
    const six = await t.call('disputes.escalate', { disputeId: dispute.id, input: {} })
    expect(group(six)).toBeUndefined()
    expect(six.status?.overdue).toBe(false)
    expect(six.status?.position).toBe('Step 6 — Independent Scrutineer')
    // As docs/policy-format.md's table says: step 6, entered 6 Jan, is due 10 working days later.
    expect(six.status?.dueDates.find((d) => d.key === 'stage-6')?.display).toBe('20 Jan 2027')
    const after = await t.call('disputes.dashboard', {})
    expect(after.counts.overdue).toBe(0)
  })

  it('says "step" in its refusals: the last step cannot be escalated', async () => {
    const { dispute } = await anEastfoldDispute()
    for (let i = 0; i < 5; i++) await t.call('disputes.escalate', { disputeId: dispute.id, input: {} })
    const refused = await t.refusal('disputes.escalate', { disputeId: dispute.id, input: {} })
    expect(refused.code).toBe('final-stage')
    expect(refused.message).toBe(
      'Step 6 is the last step of the Eastfold Safeguarding Children Partnership policy: it cannot be escalated further.',
    )
  })
})

describe('importing a group timescale: the checks', () => {
  it('understands the group in the running totals: 5 at step 5 (the group) and 15 at step 6', async () => {
    // The fixture itself states 5 and 15 and was imported in beforeEach. A wrong total names the right one.
    const p = eastfold()
    p.id = 'eastfold-wrong-total'
    p.stages[5]!.cumulativeWorkingDays = 16
    const refused = await t.refusal('policies.import', asFile(p))
    expect(refused.code).toBe('policy-invalid')
    expect(refused.message).toContain('stages[5].cumulativeWorkingDays: must be 15')
  })

  it('counts a group over steps that have no timescales of their own as the group’s length', async () => {
    const p = eastfold()
    p.id = 'eastfold-untimed-steps'
    for (const s of p.stages.slice(1, 5)) delete s.timescale
    const r = await t.call('policies.import', asFile(p))
    expect(r.policy.id).toBe('eastfold-untimed-steps')
  })

  it('refuses a group that covers one stage, runs past the last stage or counts from a step', async () => {
    const p = eastfold()
    p.id = 'eastfold-bad-groups'
    p.groupTimescales = [
      { id: 'one', fromStage: 2, toStage: 2, timescale: { amount: 1, unit: 'workingDays', from: { event: 'stageStart' } } },
      { id: 'past', fromStage: 5, toStage: 7, timescale: { amount: 1, unit: 'workingDays', from: { event: 'stageStart' } } },
      { id: 'from-step', fromStage: 1, toStage: 2, timescale: { amount: 1, unit: 'workingDays', from: { event: 'step', step: 'x' } } },
    ]
    const refused = await t.refusal('policies.import', asFile(p))
    const lines = (refused.details as { path: string; message: string }[]).map((d) => `${d.path}: ${d.message}`)
    expect(lines).toEqual(
      expect.arrayContaining([
        'groupTimescales[0].toStage: must be a later stage than fromStage (2): a group covers two stages or more',
        'groupTimescales[1].toStage: must be a stage of this policy (1 to 6)',
        'groupTimescales[2].timescale.from.event: cannot count from a step here: use "disagreement" or "stageStart"',
      ]),
    )
  })

  it('refuses a stage word that is not a word', async () => {
    const p = eastfold()
    p.id = 'eastfold-bad-word'
    p.stageWord = 'Step 1:'
    const refused = await t.refusal('policies.import', asFile(p))
    expect(refused.message).toContain('stageWord: must be a word such as "Step" or "Level"')
  })
})
