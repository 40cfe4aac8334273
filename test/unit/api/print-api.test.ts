/**
 * Issue 18, "Print": "Print a record, a dispute's timeline or the escalation record through the system print
 * dialog … printing is audited like an export." The dialog is the shell's (src/main/print.ts, tested with the
 * fake electron module in test/unit/reliability/shell.test.ts); here a stand-in says whether the person printed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'
import { aDispute as openADispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
let printed = true
let dialogs = 0
afterEach(async () => t.cleanup())

async function aDispute(): Promise<string> {
  return (await openADispute(t.call)).dispute.id
}

describe('print.dispute', () => {
  it('opens the print dialog and records each printout in the audit trail, as an export', async () => {
    t = await openTestApi('2026-12-01T09:00:00Z', { print: async () => (dialogs++, printed) })
    const id = await aDispute()
    const record = await t.call('records.createDraft', { disputeId: id, draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '08:45' }, contact: { name: 'Jo Bloggs' }, weSaid: 'Asked Jo to reconsider.' } })
    expect(await t.call('print.dispute', { disputeId: id, what: 'escalation-record' })).toEqual({ printed: true })
    expect(await t.call('print.dispute', { disputeId: id, what: 'record', recordId: record.id })).toEqual({ printed: true })
    const audit = await t.call('audit.list', { limit: 2 })
    expect(audit.map((a) => [a.action, a.summary])).toEqual([
      ['export', 'Printed the record “Phone call with Jo Bloggs on 1 Dec 2026, 08:45”'],
      ['export', 'Printed the escalation record'],
    ])
    expect(dialogs).toBe(2)
  })

  it('records nothing when the person cancels the dialog, and refuses a record of another dispute', async () => {
    t = await openTestApi('2026-12-01T09:00:00Z', { print: async () => (dialogs++, printed) })
    const id = await aDispute()
    printed = false
    const before = (await t.call('audit.list', { limit: 1 }))[0]!.seq
    expect(await t.call('print.dispute', { disputeId: id, what: 'timeline' })).toEqual({ printed: false })
    expect((await t.call('audit.list', { limit: 1 }))[0]!.seq).toBe(before)
    expect(await t.refusal('print.dispute', { disputeId: id, what: 'record', recordId: 'nope' })).toMatchObject({ code: 'record-not-found' })
    printed = true
  })

  it('says plainly when printing is not available', async () => {
    t = await openTestApi('2026-12-01T09:00:00Z')
    const id = await aDispute()
    expect(await t.refusal('print.dispute', { disputeId: id, what: 'timeline' })).toMatchObject({ code: 'print-unavailable', message: 'Printing is not available here.' })
  })
})
