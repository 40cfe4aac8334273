/**
 * Issue 16: "the audit trail has no filter". `audit.search` filters the trail by kind of event, person,
 * dispute reference and date range (London days), newest first, and pages on from where it stopped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditKindOf } from '../../../src/shared/audit-kinds'
import { openTestApi } from './helpers'

let t: Awaited<ReturnType<typeof openTestApi>>
beforeEach(async () => {
  t = await openTestApi('2026-11-30T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function openDispute(name: string): Promise<{ id: string; reference: string }> {
  const child = await t.call('children.create', { child: { name } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Smith' },
      disputed: { kind: 'decision', description: 'A referral closed without a visit.' },
      reasons: { ids: [], text: 'The school’s concerns were not considered.' },
      disagreementOn: '2026-11-30',
      triage: { level: 'standard' },
    },
  })
  return { id: view.dispute.id, reference: view.dispute.reference }
}

describe('audit kinds', () => {
  it('names every kind of action, and puts an action it does not know under upkeep', () => {
    expect(auditKindOf('record-approved')).toBe('records')
    expect(auditKindOf('addendum-added')).toBe('records')
    expect(auditKindOf('escalated')).toBe('disputes')
    expect(auditKindOf('notification-not-needed')).toBe('disputes')
    expect(auditKindOf('meeting-signed-off')).toBe('disputes')
    expect(auditKindOf('failed-unlocks')).toBe('access')
    expect(auditKindOf('unlock')).toBe('access')
    expect(auditKindOf('lock')).toBe('access')
    expect(auditKindOf('person-added')).toBe('people')
    expect(auditKindOf('recovery-key-created')).toBe('people')
    expect(auditKindOf('child-added')).toBe('children-directory')
    expect(auditKindOf('export')).toBe('exports')
    expect(auditKindOf('policy-imported')).toBe('settings')
    expect(auditKindOf('backup-created')).toBe('upkeep')
    expect(auditKindOf('something-new')).toBe('upkeep')
  })
})

describe('audit.search', () => {
  it('filters by kind, person, reference and London day, newest first', async () => {
    const first = await openDispute('Amy Example')
    t.at('2026-12-01T23:30:00Z') // 23:30 GMT on 1 Dec is still 1 Dec in London
    const second = await openDispute('Ben Example')
    const all = await t.call('audit.search', { filter: {}, limit: 500 })
    expect(all.continueBefore).toBeNull()
    expect(all.entries.map((e) => e.seq)).toEqual([...all.entries.map((e) => e.seq)].sort((a, b) => b - a))

    const opened = await t.call('audit.search', { filter: { kind: 'disputes' }, limit: 50 })
    expect(opened.entries.map((e) => e.subject)).toEqual([second.reference, first.reference])

    const onFirst = await t.call('audit.search', { filter: { reference: first.reference.slice(-4) }, limit: 50 })
    expect(onFirst.entries.length).toBeGreaterThan(0)
    expect(onFirst.entries.every((e) => e.subject === first.reference)).toBe(true)

    expect((await t.call('audit.search', { filter: { person: 'HARRIET' }, limit: 500 })).entries).toHaveLength(all.entries.length)
    expect((await t.call('audit.search', { filter: { person: 'Sam' }, limit: 50 })).entries).toHaveLength(0)

    const dec1 = await t.call('audit.search', { filter: { from: '2026-12-01', to: '2026-12-01' }, limit: 50 })
    expect(dec1.entries.length).toBeGreaterThan(0)
    expect(dec1.entries.every((e) => e.at >= '2026-12-01T00:00:00Z')).toBe(true)
    const nov30 = await t.call('audit.search', { filter: { to: '2026-11-30' }, limit: 500 })
    expect(nov30.entries.every((e) => e.at < '2026-12-01T00:00:00Z')).toBe(true)
    expect(dec1.entries.length + nov30.entries.length).toBe(all.entries.length)
  })

  it('pages on from where it stopped', async () => {
    await openDispute('Amy Example')
    await openDispute('Ben Example')
    const all = await t.call('audit.search', { filter: {}, limit: 500 })
    const page1 = await t.call('audit.search', { filter: {}, limit: 2 })
    expect(page1.entries).toHaveLength(2)
    expect(page1.continueBefore).toBe(page1.entries[1]!.seq)
    const page2 = await t.call('audit.search', { filter: {}, limit: 500, beforeSeq: page1.continueBefore! })
    expect([...page1.entries, ...page2.entries].map((e) => e.seq)).toEqual(all.entries.map((e) => e.seq))
  })

  it('refuses a "to" date before the "from" date, and a kind it does not know, in words', async () => {
    const backwards = await t.refusal('audit.search', { filter: { from: '2026-12-02', to: '2026-12-01' }, limit: 10 })
    expect(backwards.message).toContain('The “to” date must be the same as or after the “from” date')
    const kind = await t.refusal('audit.search', { filter: { kind: 'everything' }, limit: 10 })
    expect(kind.message).toContain('Choose a kind of event from the list')
  })

  it('names steps and notifications by their titles, never by the policy’s ids', async () => {
    const d = await openDispute('Amy Example')
    const view = await t.call('disputes.get', { disputeId: d.id })
    const step = view.dispute.stageHistory[0]!.steps[0]!
    await t.call('disputes.recordStepDone', { disputeId: d.id, input: { key: step.key, doneOn: '2026-11-30' } })
    const entries = (await t.call('audit.search', { filter: { kind: 'disputes' }, limit: 10 })).entries
    const done = entries.find((e) => e.action === 'step-done')!
    expect(done.summary).toBe(`Step recorded as done: ${step.label}`)
    expect(done.summary).not.toContain(step.key)
  })
})
