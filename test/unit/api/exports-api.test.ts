/** Exports through the handler table: the file is written where the person chose, and audited. */
import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'
import { aDispute, aRecord } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function stHelensDispute() {
  const view = await aDispute(t.call, { policyId: 'st-helens-scp' })
  const approvedId = await aRecord(t.call, view, { occurredAt: { date: '2026-12-01', time: '08:30' }, weSaid: 'Asked for a review date for the placement plan.' })
  const draftId = await aRecord(t.call, view, { kind: 'email-sent', occurredAt: { date: '2026-12-01', time: '08:50' }, weSaid: 'DRAFT-ONLY-WORDS' }, false)
  return { view, approvedId, draftId }
}

describe('exports through the handler table', () => {
  it('saves the escalation record where chosen, leaving drafts out, and audits the export', async () => {
    const { view } = await stHelensDispute()
    const r = await t.call('exports.document', { disputeId: view.dispute.id, document: 'escalation-record' })
    expect(r.savedTo).toMatch(/ESC-2026-0001 escalation record\.docx$/)
    const text = (await mammoth.extractRawText({ buffer: readFileSync(r.savedTo!) })).value
    expect(text).toContain('Kai Brennan')
    expect(text).toContain('Asked for a review date for the placement plan.')
    expect(text).not.toContain('DRAFT-ONLY-WORDS')
    const audit = await t.call('audit.list', { limit: 1 })
    expect(audit[0]).toMatchObject({ action: 'export', subject: 'ESC-2026-0001' })
  })

  it('prepares the St Helens stage 1 form as an unsent email to the partnership', async () => {
    const { view } = await stHelensDispute()
    const owed = view.status!.notificationsOwed.find((n) => n.form)
    expect(owed).toBeDefined()
    const r = await t.call('exports.email', { disputeId: view.dispute.id, notificationId: owed!.notificationId, ...(owed!.stage ? { stage: owed!.stage } : {}) })
    const eml = readFileSync(r.savedTo!, 'utf8')
    expect(eml).toMatch(/^X-Unsent: 1/m)
    // The subject may be RFC 2047 encoded-words (non-ASCII titles): decode before reading it.
    const subjectLine = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(eml)![1]!
    const subject = subjectLine.replace(/\r\n[ \t]/g, '').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
    )
    expect(subject).toContain('ESC-2026-0001')
    expect(eml).toContain(owed!.recipient.email!)
  })

  it('gives the quarterly figures', async () => {
    await stHelensDispute()
    const figures = await t.call('reports.quarterly', { year: 2026, quarter: 4 })
    expect(figures.opened).toBe(1)
    expect(figures.agencies[0]).toMatchObject({ label: 'St Helens Children’s Social Care', count: 1 })
  })
})
