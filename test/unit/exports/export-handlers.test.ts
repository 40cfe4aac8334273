/** The export handlers pass builders what they need and suggest file names that say what each file is. */
import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from '../api/helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function solihullAtStage2WithCpChild() {
  const child = await t.call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30', childProtectionPlan: true } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      childCircumstances: ['childProtectionPlan'],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Rachel Moore' },
      disputed: { kind: 'decision', description: 'No strategy discussion.' },
      reasons: { ids: [], text: 'A fresh mark.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  const draft = await t.call('records.createDraft', {
    disputeId: view.dispute.id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '08:30' }, contact: { name: 'Rachel Moore' }, direction: 'outgoing', weSaid: 'Asked for a strategy discussion.' },
  })
  await t.call('records.approve', { disputeId: view.dispute.id, recordId: draft.id })
  t.at('2026-12-02T15:00:00Z')
  await t.call('disputes.escalate', { disputeId: view.dispute.id, input: {} })
  return view.dispute.id
}

describe('export handlers', () => {
  it('the Business Manager and IRO notices of one dispute get different file names', async () => {
    const disputeId = await solihullAtStage2WithCpChild()
    const bm = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'business-manager-evidence', stage: 2 })
    const iro = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'independent-reviewing-officer' })
    expect(bm.savedTo).toMatch(/ESC-2026-0001 notification to SSCP Business Manager stage 2\.docx$/)
    expect(iro.savedTo).toMatch(/ESC-2026-0001 notification to Independent Reviewing Officer\.docx$/)
    const bmEmail = await t.call('exports.email', { disputeId, notificationId: 'business-manager-evidence', stage: 2 })
    const iroEmail = await t.call('exports.email', { disputeId, notificationId: 'independent-reviewing-officer' })
    expect(bmEmail.savedTo).not.toBe(iroEmail.savedTo)
    expect(iroEmail.savedTo).toMatch(/notification to Independent Reviewing Officer email\.eml$/)
  })

  it('the rapid-resolution log is refused for a dispute that never used the emergency route', async () => {
    const disputeId = await solihullAtStage2WithCpChild()
    const refusal = await t.refusal('exports.document', { disputeId, document: 'rapid-resolution-log' })
    expect(refusal.code).toBe('no-emergency-route')
  })

  it('the trends report counts the approved records of the quarter, computed from the records', async () => {
    await solihullAtStage2WithCpChild()
    const r = await t.call('exports.trends', { year: 2026, quarter: 4 })
    const text = (await mammoth.extractRawText({ buffer: readFileSync(r.savedTo!) })).value.replace(/\s+/g, ' ')
    expect(text).toContain('Approved contact records of contacts in the quarter 1')
    expect(text).toContain('… of which recorded retrospectively (over 24 hours later) 0')
  })

  it('the quarterly return is exported as Word and as CSV for Excel, names no child or dispute, and each export is audited', async () => {
    await solihullAtStage2WithCpChild()
    // December 2026 is in Q3 of the financial year 2026/27.
    const word = await t.call('exports.quarterlyReturn', { startYear: 2026, quarter: 3, format: 'docx' })
    expect(word.savedTo).toMatch(/Quarterly return Q3 2026-27\.docx$/)
    const [wordEvent] = await t.call('audit.list', { limit: 1 })
    expect(wordEvent).toMatchObject({ action: 'export', summary: expect.stringContaining('quarterly return for Q3 2026/27 (All partnerships) as a Word document') })
    const text = (await mammoth.extractRawText({ buffer: readFileSync(word.savedTo!) })).value.replace(/\s+/g, ' ')
    expect(text).toContain('Quarterly return — Q3 2026/27')
    expect(text).toContain('October to December 2026')
    expect(text).toContain('fewer than 5')
    for (const identifier of ['Kai Brennan', 'ESC-2026-0001', 'Rachel Moore', '2013']) expect(text).not.toContain(identifier)

    const csv = await t.call('exports.quarterlyReturn', { startYear: 2026, quarter: 3, format: 'csv', policyId: 'solihull-sscp' })
    expect(csv.savedTo).toMatch(/\.csv$/)
    const bytes = readFileSync(csv.savedTo!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toBe('Partnership,Quarter,From,To,Table,Row,Column,Count')
    expect(lines).toContain('Solihull Safeguarding Children Partnership (SSCP),Q3 2026/27,2026-10-01,2026-12-31,Agency receiving by stage reached,Solihull Children’s Services,Stage 2,fewer than 5')
    expect(bytes.toString('utf8')).not.toContain('Kai Brennan')
    const [csvEvent] = await t.call('audit.list', { limit: 1 })
    expect(csvEvent).toMatchObject({ action: 'export', summary: expect.stringContaining('as a CSV file') })
  })
})
