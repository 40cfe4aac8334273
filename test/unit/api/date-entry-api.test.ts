/**
 * The date and time rules through the real handler table over a real vault: the main process receives
 * what the person typed (a civil date, a local time and, in the autumn hour, the clock chosen) and
 * refuses what the screens refuse, with the same sentence, before anything is written. Every refusal
 * leaves the vault's files exactly as they were. The app's clock is 15 Nov 2027, after every date used.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'
import { aDispute as openADispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2027-11-15T12:00:00Z')
})
afterEach(async () => t.cleanup())

const NO_31_FEB = 'There is no 31 February'
const NO_29_FEB_2027 = '2027 is not a leap year, so there is no 29 February 2027'
const GAP = '01:30 on 28 Mar 2027 does not exist in the UK: the clocks went forward from 01:00 to 02:00'

async function aDispute(triage: Record<string, unknown> = { level: 'standard' }) {
  return openADispute(t.call, { child: { childProtectionPlan: true }, disagreementOn: '2027-11-15', triage })
}

const contact = (occurredAt: unknown, over: Record<string, unknown> = {}) => ({
  kind: 'phone-call',
  stage: 1,
  occurredAt,
  contact: { name: 'Jo Bloggs' },
  weSaid: 'Discussed the referral decision.',
  ...over,
})

/** The refusal, checked to have changed nothing on disk, as [field, message] pairs. */
async function refused(channel: Parameters<T['refusal']>[0], input: unknown) {
  const before = t.snapshot()
  const error = await t.refusal(channel, input)
  expect(t.snapshot()).toEqual(before)
  const details = (error.details ?? []) as { path: string; message: string }[]
  return { code: error.code, message: error.message, field: error.field, details: details.map((d) => [d.path, d.message]) }
}

describe('dates that do not exist are refused by the main process in every field', () => {
  it('a contact dated 31/02/2026 or 29/02/2027 is refused, never stored as 3 Mar or 1 Mar', async () => {
    const { dispute } = await aDispute()
    for (const [date, message] of [['2026-02-31', NO_31_FEB], ['2027-02-29', NO_29_FEB_2027]] as const) {
      const r = await refused('records.createDraft', { disputeId: dispute.id, draft: contact({ date, time: '10:00' }) })
      expect(r).toMatchObject({ code: 'invalid-input', field: 'draft.occurredAt.date' })
      expect(r.details).toEqual([['draft.occurredAt.date', message]])
    }
    const draft = await t.call('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-11-15', time: '10:00' }) })
    const changed = await refused('records.updateDraft', { disputeId: dispute.id, recordId: draft.id, changes: { occurredAt: { date: '2026-02-31', time: '10:00' } } })
    expect(changed.details).toEqual([['changes.occurredAt.date', NO_31_FEB]])
  })

  it('the next step by date is refused the same way', async () => {
    const { dispute } = await aDispute()
    const r = await refused('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-11-15', time: '10:00' }, { nextStepBy: '2026-02-31' }) })
    expect(r.details).toEqual([['draft.nextStepBy', NO_31_FEB]])
  })

  it('the disagreement date, the date of birth, written confirmation, sent on, done on, closure and review dates are refused the same way', async () => {
    const { dispute } = await aDispute()
    const id = dispute.id
    const child = await t.call('children.list', {})
    const cases: [Parameters<T['refusal']>[0], (d: string) => unknown, string][] = [
      ['disputes.open', (d) => ({ policyId: 'solihull-sscp', dispute: { childIds: [child[0]!.id], otherAgency: { agency: 'A', practitioner: 'B' }, disputed: { kind: 'decision', description: 'C' }, reasons: { ids: [], text: 'D' }, disagreementOn: d, triage: { level: 'standard' } } }), 'dispute.disagreementOn'],
      ['children.create', (d) => ({ child: { name: 'Ben Example', dateOfBirth: d } }), 'child.dateOfBirth'],
      ['children.update', (d) => ({ id: child[0]!.id, changes: { dateOfBirth: d } }), 'changes.dateOfBirth'],
      ['disputes.resolve', (d) => ({ disputeId: id, input: { summary: 'Agreed', writtenConfirmation: { receivedOn: d, from: 'Jo Bloggs' } } }), 'input.writtenConfirmation.receivedOn'],
      ['disputes.recordNotification', (d) => ({ disputeId: id, input: { notificationId: 'independent-reviewing-officer', sentOn: d } }), 'input.sentOn'],
      ['disputes.recordStepDone', (d) => ({ disputeId: id, input: { key: 'stage-1', doneOn: d } }), 'input.doneOn'],
      ['calendar.addClosure', (d) => ({ date: d, label: 'Staff training day' }), 'date'],
      ['retention.decide', (d) => ({ disputeId: id, decision: 'retain', reason: 'Still needed', retainUntil: d }), 'retainUntil'],
    ]
    for (const [channel, input, field] of cases) {
      for (const [date, message] of [['2026-02-31', NO_31_FEB], ['2027-02-29', NO_29_FEB_2027]] as const) {
        const r = await refused(channel, input(date))
        expect(r.code, `${channel} ${date}`).toBe('invalid-input')
        expect(r.details, `${channel} ${date}`).toEqual([[field, message]])
      }
    }
  })
})

describe('times in England', () => {
  it('01:30 on 28 Mar 2027 is refused as not existing, for a contact and for a 999 call', async () => {
    const { dispute } = await aDispute()
    const r = await refused('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-03-28', time: '01:30' }) })
    expect(r.details).toEqual([['draft.occurredAt.time', GAP]])
    const call = await refused('disputes.open', {
      policyId: 'solihull-sscp',
      dispute: { childIds: dispute.childIds, otherAgency: { agency: 'A', practitioner: 'B' }, disputed: { kind: 'decision', description: 'C' }, reasons: { ids: [], text: 'D' }, disagreementOn: '2027-03-28', triage: { level: 'immediateDanger', emergencyCall: { calledAt: { date: '2027-03-28', time: '01:30' }, by: 'Harriet Okonkwo' } } },
    })
    expect(call.details).toEqual([['dispute.triage.emergencyCall.calledAt.time', GAP]])
  })

  it('01:30 on 31 Oct 2027 needs BST or GMT, and stores the instant chosen', async () => {
    const { dispute } = await aDispute()
    const asked = await refused('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-10-31', time: '01:30' }) })
    expect(asked.details[0]?.[0]).toBe('draft.occurredAt.offset')
    expect(asked.details[0]?.[1]).toContain('BST or GMT')
    const bst = await t.call('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-10-31', time: '01:30', offset: 'BST' }) })
    expect(bst.occurredAt).toBe('2027-10-31T00:30:00.000Z')
    const gmt = await t.call('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-10-31', time: '01:30', offset: 'GMT' }) })
    expect(gmt.occurredAt).toBe('2027-10-31T01:30:00.000Z')
    const wrongClock = await refused('records.updateDraft', { disputeId: dispute.id, recordId: gmt.id, changes: { occurredAt: { date: '2027-07-01', time: '12:00', offset: 'GMT' } } })
    expect(wrongClock.details).toEqual([['changes.occurredAt.offset', '12:00 on 1 Jul 2027 was BST in the UK, not GMT']])
  })

  it('a mistyped 999 call time is refused with its own reason, never replaced by now', async () => {
    const child = await t.call('children.create', { child: { name: 'Amy Example' } })
    const open = (time: string) => ({
      policyId: 'solihull-sscp',
      dispute: { childIds: [child.id], otherAgency: { agency: 'A', practitioner: 'B' }, disputed: { kind: 'decision', description: 'C' }, reasons: { ids: [], text: 'D' }, disagreementOn: '2027-11-15', triage: { level: 'immediateDanger', emergencyCall: { calledAt: { date: '2027-11-15', time }, by: 'Harriet Okonkwo' } } },
    })
    const messages = new Set<string>()
    for (const time of ['24:00', '25:61', '9.5', '']) {
      const r = await refused('disputes.open', open(time))
      expect(r.details).toHaveLength(1)
      expect(r.details[0]?.[0]).toBe('dispute.triage.emergencyCall.calledAt.time')
      messages.add(r.details[0]![1]!)
    }
    expect(messages.size).toBe(4)
    expect([...messages]).toContain('Enter the time as hours and minutes, like 14:05')
    // An instant built elsewhere is not what a person typed: the contract refuses it.
    const built = open('10:00') as { dispute: { triage: { emergencyCall: { calledAt: unknown } } } }
    built.dispute.triage.emergencyCall.calledAt = '2027-11-15T10:00:00.000Z'
    expect((await refused('disputes.open', built)).code).toBe('invalid-input')
    const view = await t.call('disputes.open', open('10:00'))
    expect(view.dispute.triage.emergencyCall?.calledAt).toBe('2027-11-15T10:00:00.000Z')
  })
})

describe('what happened cannot be in the future; what is planned can', () => {
  it('refuses a contact, a 999 call, a disagreement and a date of birth after the app’s clock', async () => {
    const { dispute } = await aDispute()
    expect((await refused('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-11-15', time: '12:02' }) })).code).toBe('record-in-future')
    expect((await refused('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-11-16', time: '09:00' }) })).code).toBe('record-in-future')
    const base = { policyId: 'solihull-sscp', dispute: { childIds: dispute.childIds, otherAgency: { agency: 'A', practitioner: 'B' }, disputed: { kind: 'decision', description: 'C' }, reasons: { ids: [], text: 'D' } } }
    expect((await refused('disputes.open', { ...base, dispute: { ...base.dispute, disagreementOn: '2027-11-16', triage: { level: 'standard' } } })).code).toBe('date-in-future')
    expect((await refused('disputes.open', { ...base, dispute: { ...base.dispute, disagreementOn: '2027-11-15', triage: { level: 'immediateDanger', emergencyCall: { calledAt: { date: '2027-11-15', time: '13:00' }, by: 'H' } } } })).code).toBe('time-in-future')
    expect((await refused('children.create', { child: { name: 'Not yet born', dateOfBirth: '2027-12-01' } })).code).toBe('child-date-of-birth-future')
    const step = dispute.stageHistory[0]!.steps[0]!.key
    expect((await refused('disputes.recordStepDone', { disputeId: dispute.id, input: { key: step, doneOn: '2027-11-16' } })).code).toBe('date-in-future')
    expect((await refused('disputes.recordNotification', { disputeId: dispute.id, input: { notificationId: 'independent-reviewing-officer', sentOn: '2027-11-16' } })).code).toBe('date-in-future')
  })

  it('accepts a next step by date and a closure day in the future', async () => {
    const { dispute } = await aDispute()
    const draft = await t.call('records.createDraft', { disputeId: dispute.id, draft: contact({ date: '2027-11-15', time: '11:00' }, { nextStepBy: '2028-02-29' }) })
    expect(draft.nextStepBy).toBe('2028-02-29')
    const calendar = await t.call('calendar.addClosure', { date: '2028-01-04', label: 'Staff training day' })
    expect(calendar.extraClosures).toContainEqual({ date: '2028-01-04', label: 'Staff training day' })
  })
})
