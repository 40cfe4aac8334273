/**
 * The dispute lifecycle and contact records through the real handler table over a real vault:
 * opening, logging and approving contacts, the approval gate on escalation, resolution with a written
 * outcome, refusals that change nothing, and everything still there after a reopen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'
import { aDispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z') // Tuesday 1 Dec 2026
})
afterEach(async () => t.cleanup())

async function aChild(overrides: Record<string, unknown> = {}) {
  return t.call('children.create', {
    child: { name: 'Amy Example', dateOfBirth: '2016-05-04', nhsNumber: '943 476 5870', childProtectionPlan: true, ...overrides },
  })
}

async function aSolihullDispute() {
  const child = await aChild()
  return t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold for assessment.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
}

const call = (over: Record<string, unknown> = {}) => ({
  kind: 'phone-call',
  stage: 1,
  occurredAt: { date: '2026-12-01', time: '08:45' },
  contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Solihull Children’s Services' },
  direction: 'outgoing',
  weSaid: 'Discussed the referral decision; Jo will review with her manager.',
  whatWasAgreed: 'Jo to call back by noon tomorrow.',
  ...over,
})

describe('the dispute lifecycle through the handler table', () => {
  it('opens a Solihull dispute at stage 1 due one working day later, with the IRO owed for a child on a CP plan', async () => {
    // 001 Solihull: "Stage 1 within 1 working day of initiation."
    // 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure notification should also be sent to cpru@solihull.gov.uk"
    const view = await aSolihullDispute()
    expect(view.dispute.reference).toBe('ESC-2026-0001')
    expect(view.status?.stage?.number).toBe(1)
    expect(view.status?.nextDeadline?.display).toBe('2 Dec 2026')
    const owed = view.status?.notificationsOwed.map((n) => n.notificationId)
    expect(owed).toContain('independent-reviewing-officer')
    const dash = await t.call('disputes.dashboard', {})
    expect(dash.counts.open).toBe(1)
    expect(dash.rows[0]).toMatchObject({ reference: 'ESC-2026-0001', childNames: ['Amy Example'], otherAgency: 'Solihull Children’s Services' })
  })

  it('refuses escalation while a record is a draft, naming it; allows it once approved; Business Manager owed from stage 2', async () => {
    const view = await aSolihullDispute()
    const id = view.dispute.id
    const draft = await t.call('records.createDraft', { disputeId: id, draft: call() })
    expect(draft.status).toBe('draft')

    const before = t.snapshot()
    const refused = await t.refusal('disputes.escalate', { disputeId: id, input: {} })
    expect(refused.code).toBe('records-unapproved')
    expect(refused.message).toContain('Phone call with Jo Bloggs')
    expect(t.snapshot()).toEqual(before)

    const approved = await t.call('records.approve', { disputeId: id, recordId: draft.id })
    expect(approved.approval?.byName).toBe('Harriet Okonkwo')

    const edit = await t.refusal('records.updateDraft', { disputeId: id, recordId: draft.id, changes: { weSaid: 'changed' } })
    expect(edit.code).toBe('record-approved')
    expect(edit.message).toBe('This record is approved and can no longer be edited — add a dated addendum instead')

    t.at('2026-12-02T10:00:00Z')
    const escalated = await t.call('disputes.escalate', { disputeId: id, input: {} })
    expect(escalated.status?.stage?.number).toBe(2)
    // 001 Solihull: "Stage 2 within 2 working days of stage 1" — stage 1 entered 1 Dec; stage 2 entered 2 Dec.
    expect(escalated.status?.nextDeadline).not.toBeNull()
    // 001 Solihull stage 2: "The details should also be shared with the Safeguarding Children Partnership Business Manager"
    expect(escalated.status?.notificationsOwed.map((n) => n.notificationId)).toContain('business-manager-evidence')
  })

  it('refuses resolution without a written outcome, then resolves, archives and keeps everything after a reopen', async () => {
    const view = await aSolihullDispute()
    const id = view.dispute.id
    const missing = await t.refusal('disputes.resolve', { disputeId: id, input: { summary: 'Agreed' } })
    expect(missing.code).toBe('invalid-input')
    const resolved = await t.call('disputes.resolve', {
      disputeId: id,
      input: {
        summary: 'Children’s Services agreed to complete an assessment.',
        writtenConfirmation: { receivedOn: '2026-12-01', from: 'Jo Bloggs' },
        lessonsToForward: 'Threshold guidance needs a worked example.',
      },
    })
    expect(resolved.dispute.status).toBe('resolved')
    expect((await t.call('disputes.dashboard', {})).counts.open).toBe(0)

    const again = await t.refusal('disputes.escalate', { disputeId: id, input: {} })
    expect(again.code).toBe('dispute-closed')

    await t.call('vault.lock', {})
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('vault expected')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: inspected.people[0]!.personId, passphrase: 'copper lantern orchard quietly' })
    const reopened = await t.call('disputes.get', { disputeId: id })
    expect(reopened.dispute.outcome?.writtenConfirmation.from).toBe('Jo Bloggs')
    expect((await t.call('audit.verify', {})).ok).toBe(true)
  })

  it('refuses escalation past the final stage', async () => {
    const view = await aSolihullDispute()
    const id = view.dispute.id
    for (let stage = 2; stage <= 4; stage++) {
      const r = await t.call('disputes.escalate', { disputeId: id, input: { confirmations: [] } }).catch(async (e: { code?: string }) => {
        if (e.code !== 'entry-check-unconfirmed') throw e
        const status = (await t.call('disputes.get', { disputeId: id })).status!
        return t.call('disputes.escalate', { disputeId: id, input: { confirmations: status.nextStage!.entryChecks.map((c) => c.id) } })
      })
      expect(r.status?.stage?.number).toBe(stage)
    }
    const refused = await t.refusal('disputes.escalate', { disputeId: id, input: {} })
    expect(refused.code).toBe('final-stage')
  })

  it('adds a dated addendum to an approved record and keeps the original words', async () => {
    const view = await aSolihullDispute()
    const id = view.dispute.id
    const draft = await t.call('records.createDraft', { disputeId: id, draft: call() })
    await t.call('records.approve', { disputeId: id, recordId: draft.id })
    t.at('2026-12-03T15:00:00Z')
    const amended = await t.call('records.addAddendum', {
      disputeId: id,
      recordId: draft.id,
      addendum: { reason: 'Wrong callback time recorded', text: 'Jo agreed to call back by 2pm, not noon.' },
    })
    expect(amended.weSaid).toBe(call().weSaid)
    expect(amended.addenda).toHaveLength(1)
    expect(amended.addenda[0]!.at).toBe('2026-12-03T15:00:00.000Z')
  })

  it('flags a record entered more than 24 hours after the event as recorded retrospectively', async () => {
    const view = await aSolihullDispute()
    t.at('2026-12-03T11:00:00Z')
    const late = await t.call('records.createDraft', { disputeId: view.dispute.id, draft: call({ occurredAt: { date: '2026-12-01', time: '08:45' } }) })
    expect(late.retrospective).toBe(true)
    expect(late.retrospectiveNote).toMatch(/2 days/)
  })

  it('lists drafts across disputes for approval', async () => {
    const view = await aSolihullDispute()
    await t.call('records.createDraft', { disputeId: view.dispute.id, draft: call() })
    const drafts = await t.call('records.drafts', {})
    expect(drafts).toHaveLength(1)
    expect(drafts[0]).toMatchObject({ reference: 'ESC-2026-0001' })
  })
})

describe('search', () => {
  it('finds a word that appears only in an addendum, and keeps the index current after saves', async () => {
    const view = await aSolihullDispute()
    const id = view.dispute.id
    const draft = await t.call('records.createDraft', { disputeId: id, draft: call() })
    await t.call('records.approve', { disputeId: id, recordId: draft.id })
    expect(await t.call('search.query', { query: 'Amy' })).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'dispute', disputeId: id })]))
    expect(await t.call('search.query', { query: 'photographs' })).toEqual([])
    await t.call('records.addAddendum', { disputeId: id, recordId: draft.id, addendum: { reason: 'Omission', text: 'Jo also asked for the photographs.' } })
    const hits = await t.call('search.query', { query: 'photograph' })
    expect(hits).toEqual([expect.objectContaining({ kind: 'record', id: draft.id, disputeId: id })])
  })
})

describe('retention', () => {
  it('lists a closed dispute as due at the youngest child’s birth + 25 years, and disposes of it only by a recorded decision', async () => {
    const open = await aDispute(t.call, { child: { name: 'Old Case', dateOfBirth: '2000-03-01' } })
    const id = open.dispute.id
    const stillOpen = await t.refusal('retention.decide', { disputeId: id, decision: 'dispose', reason: 'Past retention' })
    expect(stillOpen.code).toBe('dispute-open')
    await t.call('disputes.withdraw', { disputeId: id, input: { reason: 'Resolved informally' } })
    const listing = await t.call('retention.list', {})
    expect(listing.items).toEqual([expect.objectContaining({ disputeId: id, reviewOn: '2025-03-01', due: true })])
    const noReason = await t.refusal('retention.decide', { disputeId: id, decision: 'dispose', reason: '' })
    expect(noReason.code).toBe('invalid-input')
    await t.call('retention.decide', { disputeId: id, decision: 'dispose', reason: 'Retention period ended; nothing outstanding' })
    const after = await t.call('retention.list', {})
    expect(after.items).toEqual([])
    expect(after.disposed).toEqual([expect.objectContaining({ reference: open.dispute.reference, reason: 'Retention period ended; nothing outstanding' })])
    expect((await t.refusal('disputes.get', { disputeId: id })).code).toBe('dispute-not-found')
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'retention-disposed' })
    expect((await t.call('audit.verify', {})).ok).toBe(true)
  })
})

describe('children', () => {
  it('refuses a wrong NHS number with the reason and saves nothing', async () => {
    const before = t.snapshot()
    const refused = await t.refusal('children.create', { child: { name: 'Ben Example', nhsNumber: '943 476 5910' } })
    expect(refused.code).toBe('nhs-number-invalid')
    expect(refused.message).toMatch(/is not valid: a digit is wrong/)
    expect(refused.message).not.toMatch(/should be|9434765919|943 476 5919/)
    expect(t.snapshot()).toEqual(before)
  })

  it('a child put on a child protection plan during a dispute makes the IRO notification owed, and a new name shows', async () => {
    // 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure notification should also be sent to cpru@solihull.gov.uk"
    const child = await aChild({ childProtectionPlan: false })
    const view = await t.call('disputes.open', {
      policyId: 'solihull-sscp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
        disputed: { kind: 'decision', description: 'Threshold.' },
        reasons: { ids: [], text: 'Threshold met.' },
        disagreementOn: '2026-12-01',
        triage: { level: 'standard' },
      },
    })
    expect(view.status!.notificationsOwed.map((n) => n.notificationId)).not.toContain('independent-reviewing-officer')
    await t.call('children.update', { id: child.id, changes: { childProtectionPlan: true, name: 'Amy Example-Jones' } })
    const after = await t.call('disputes.get', { disputeId: view.dispute.id })
    expect(after.status!.notificationsOwed.map((n) => n.notificationId)).toContain('independent-reviewing-officer')
    expect((await t.call('disputes.dashboard', {})).rows[0]!.childNames).toEqual(['Amy Example-Jones'])
    expect((await t.call('audit.list', { limit: 1 }))[0]!.summary).toMatch(/1 dispute updated to match/)
  })

  it('checks the level of need against the partnership’s levels', async () => {
    // 003 St Helens: "Current Level of Need"
    const refused = await t.refusal('children.create', { child: { name: 'Ben Example', levelOfNeed: 'Tier 9' }, policyId: 'st-helens-scp' })
    expect(refused.code).toBe('child-level-of-need-unknown')
    const ok = await t.call('children.create', { child: { name: 'Ben Example', levelOfNeed: 'child in need' }, policyId: 'st-helens-scp' })
    expect(ok.levelOfNeed).toBe('Child in Need')
  })
})

describe('policies', () => {
  const custom = {
    id: 'testshire-scp',
    version: 1,
    partnership: 'Testshire Safeguarding Children Partnership',
    title: 'Testshire resolution protocol',
    sourceDocuments: [{ id: 'protocol', title: 'Testshire resolution protocol 2026' }],
    stages: [
      { number: 1, title: 'Practitioners talk', parties: 'The practitioners', timescale: { amount: 3, unit: 'workingDays', from: { event: 'disagreement' } } },
      { number: 2, title: 'Heads of service', parties: 'Heads of service', timescale: { amount: 4, unit: 'workingDays', from: { event: 'stageStart' } } },
    ],
  }

  it('imports a valid custom policy and opens a dispute under it', async () => {
    const imported = await t.call('policies.import', { fileBase64: Buffer.from(JSON.stringify(custom)).toString('base64') })
    expect(imported.alreadyInstalled).toBe(false)
    const list = await t.call('policies.list', {})
    expect(list.current.map((p) => p.id)).toContain('testshire-scp')
    const child = await aChild({ childProtectionPlan: false })
    const view = await t.call('disputes.open', {
      policyId: 'testshire-scp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency: 'Testshire Police', practitioner: 'PC Example' },
        disputed: { kind: 'inaction', description: 'No strategy discussion held.' },
        reasons: { ids: [], text: 'Drift' },
        disagreementOn: '2026-12-01',
        triage: { level: 'standard' },
      },
    })
    expect(view.status?.nextDeadline?.display).toBe('4 Dec 2026')
  })

  it('refuses a bad policy file whole, naming the field, and changes nothing', async () => {
    const before = t.snapshot()
    const bad = { ...custom, stages: [{ ...custom.stages[0], timescale: { amount: 0, unit: 'workingDays', from: { event: 'disagreement' } } }] }
    const refused = await t.refusal('policies.import', { fileBase64: Buffer.from(JSON.stringify(bad)).toString('base64') })
    expect(refused.code).toBe('policy-invalid')
    expect(JSON.stringify(refused.details)).toContain('stages[0].timescale.amount')
    const notJson = await t.refusal('policies.import', { fileBase64: Buffer.from('{ not json').toString('base64') })
    expect(notJson.code).toBe('file-not-json')
    expect(t.snapshot()).toEqual(before)
    expect((await t.call('policies.list', {})).current.map((p) => p.id)).not.toContain('testshire-scp')
  })
})
