/**
 * The policy's own word for a stage in every document, report and audit summary (the policy-engine issue:
 * "a policy whose stages are called "steps" or "levels"" — "stage word ("Step 3") … come from the policy
 * file"). Through the real handler table, with the invented Eastfold policy imported from its file
 * (test/fixtures/policies/eastfold-six-steps.json: "stageWord": "Step"), plus a notice owed at each step
 * from step 2 so that notices and their file names are covered too.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PolicyInput } from '../../../src/shared/policy'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T

const FILE = readFileSync(join(__dirname, '../../fixtures/policies/eastfold-six-steps.json'))
function eastfoldWithANotice(): PolicyInput {
  const p = JSON.parse(FILE.toString('utf8')) as PolicyInput & { contacts: { id: string; email?: string }[] }
  p.contacts = p.contacts.map((c) => (c.id === 'scrutineer' ? { ...c, email: 'scrutineer@eastfold.example' } : c))
  ;(p as { notifications?: unknown }).notifications = [
    {
      id: 'scrutineer-each-step',
      recipient: 'scrutineer',
      when: { fromStage: 2 },
      repeat: 'eachStage',
      what: 'The details of the escalation at this step',
      how: 'Email',
      source: { document: 'procedure', quote: 'The Independent Scrutineer is told of every step from step 2.' },
    },
  ]
  return p
}

/** "Stage 2", "stage 2", "Stages": words the Eastfold documents must never use. */
const STAGE_WORDS = /\bstages?\b/i

async function text(path: string): Promise<string> {
  return (await mammoth.extractRawText({ buffer: readFileSync(path) })).value.replace(/\s+/g, ' ')
}

beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
  await t.call('policies.import', { fileBase64: Buffer.from(JSON.stringify(eastfoldWithANotice()), 'utf8').toString('base64') })
})
afterEach(async () => t.cleanup())

async function atStep2(): Promise<string> {
  const child = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2015-05-04' } })
  const view = await t.call('disputes.open', {
    policyId: 'eastfold-escp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Eastfold Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  const draft = await t.call('records.createDraft', {
    disputeId: view.dispute.id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '08:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Asked for the referral to be looked at again.' },
  })
  await t.call('records.approve', { disputeId: view.dispute.id, recordId: draft.id })
  t.at('2026-12-02T10:00:00Z')
  await t.call('disputes.escalate', { disputeId: view.dispute.id, input: {} })
  return view.dispute.id
}

describe('an imported policy whose stages are “Steps”', () => {
  it('the audit trail says “Escalated to step 2”', async () => {
    await atStep2()
    const events = await t.call('audit.list', { limit: 5 })
    expect(events.map((e) => e.summary)).toContain('Escalated to step 2')
    expect(events.map((e) => e.summary).join('\n')).not.toMatch(STAGE_WORDS)
  })

  it('every Word document of the dispute says “Step”, never “Stage”, and so do their file names', async () => {
    const disputeId = await atStep2()
    const record = await t.call('exports.document', { disputeId, document: 'escalation-record' })
    const pack = await t.call('exports.document', { disputeId, document: 'meeting-pack' })
    const notice = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'scrutineer-each-step', stage: 2 })
    const email = await t.call('exports.email', { disputeId, notificationId: 'scrutineer-each-step', stage: 2 })
    expect(pack.savedTo).toMatch(/ESC-2026-0001 step 6 meeting pack\.docx$/)
    expect(notice.savedTo).toMatch(/ESC-2026-0001 notification to Independent Scrutineer step 2\.docx$/)
    expect(email.savedTo).toMatch(/notification to Independent Scrutineer step 2 email\.eml$/)
    for (const path of [record.savedTo!, pack.savedTo!, notice.savedTo!]) {
      const words = await text(path)
      expect(words).toContain('Step 2')
      expect(words.match(/.{0,40}\bstages?\b.{0,40}/gi) ?? []).toEqual([])
    }
    expect(await text(record.savedTo!)).toContain('Steps and deadlines')
    expect(await text(pack.savedTo!)).toContain('Step 6 meeting pack')
    const summaries = (await t.call('audit.list', { limit: 10 })).map((e) => e.summary).join('\n')
    expect(summaries).toContain('Exported the step 6 meeting pack as a Word document')
    expect(summaries).not.toMatch(STAGE_WORDS)
  })

  it('the trends report and the quarterly return say “Step reached” and “Step 2”', async () => {
    await atStep2()
    const trends = await t.call('exports.trends', { year: 2026, quarter: 4, policyId: 'eastfold-escp' })
    const words = await text(trends.savedTo!)
    expect(words).toContain('Quarterly trends report — Oct–Dec 2026')
    expect(words).toContain('Step reached')
    expect(words).toContain('Step 2')
    expect(words.match(/.{0,40}\bstages?\b.{0,40}/gi) ?? []).toEqual([])
    const ret = await t.call('exports.quarterlyReturn', { startYear: 2026, quarter: 3, format: 'docx', policyId: 'eastfold-escp' })
    const returned = await text(ret.savedTo!)
    expect(returned).toContain('Agency receiving and step reached')
    expect(returned.match(/.{0,40}\bstages?\b.{0,40}/gi) ?? []).toEqual([])
  })
})
