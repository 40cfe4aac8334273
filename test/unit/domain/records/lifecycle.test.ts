import { describe, expect, it } from 'vitest'
import {
  addAddendum,
  approveRecord,
  countersign,
  createDraft,
  updateDraft,
} from '../../../../src/main/domain/records'
import { ContactRecord } from '../../../../src/shared/records'
import { AppError } from '../../../../src/shared/errors'

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

const dsl = { personId: 'p-dsl', name: 'Alex Morgan' }
const deputy = { personId: 'p-deputy', name: 'Priya Shah' }
const now = '2026-12-03T10:40:00.000Z'
const later = '2026-12-03T11:00:00.000Z'

function phoneCall() {
  return createDraft(
    {
      kind: 'phone-call',
      stage: 1,
      occurredAt: '2026-12-03T10:15:00Z',
      contact: { name: 'Jo Bloggs', role: 'Social Worker', agency: 'Children’s Services' },
      weSaid: 'I explained why we think the threshold is met.',
    },
    { id: 'r1', disputeId: 'd1', author: dsl, now },
  )
}

describe('drafts', () => {
  it('creates a draft with everything a record holds, filling the blanks', () => {
    const record = phoneCall()
    expect(ContactRecord.parse(record)).toEqual(record)
    expect(record).toMatchObject({
      id: 'r1',
      disputeId: 'd1',
      stage: 1,
      status: 'draft',
      occurredAt: '2026-12-03T10:15:00.000Z',
      recordedAt: now,
      direction: 'outgoing',
      contact: { name: 'Jo Bloggs', phone: '', email: '', directoryId: null },
      author: dsl,
      approval: null,
      countersignature: null,
      addenda: [],
      answered: null,
      nextStepBy: null,
    })
  })

  it('records a rung of Solihull’s phone ladder (seed 000: "A record of each effort to contact and each conversation should be kept")', () => {
    const record = createDraft(
      {
        kind: 'voicemail-left',
        stage: 'emergency',
        occurredAt: '2026-12-03T10:20:00Z',
        contact: {
          role: 'Assistant Director',
          agency: 'Solihull Children’s Services',
          phone: '0121 704 8325',
        },
        numberDialled: '0121 704 8325',
        answered: false,
        messageLeft: 'Rapid resolution invoked — please respond urgently.',
      },
      { id: 'r2', disputeId: 'd1', author: dsl, now },
    )
    const approved = approveRecord(record, dsl, { now })
    expect(approved).toMatchObject({
      stage: 'emergency',
      numberDialled: '0121 704 8325',
      answered: false,
      status: 'approved',
    })
  })

  it('notes attachments by reference only', () => {
    const record = updateDraft(
      phoneCall(),
      { attachments: [{ fileName: 'referral.pdf', heldAt: 'CPOMS' }] },
      { now },
    )
    expect(record.attachments).toEqual([{ fileName: 'referral.pdf', heldAt: 'CPOMS' }])
  })

  it('edits a draft, returning a new record and leaving the old one as it was', () => {
    const draft = phoneCall()
    const edited = updateDraft(
      draft,
      { whatWasAgreed: 'Jo will discuss with her manager today.', contact: { phone: '0121 000 0000' } },
      { now },
    )
    expect(edited).not.toBe(draft)
    expect(draft.whatWasAgreed).toBe('')
    expect(edited.whatWasAgreed).toBe('Jo will discuss with her manager today.')
    expect(edited.contact).toMatchObject({ name: 'Jo Bloggs', phone: '0121 000 0000' })
    expect(edited.recordedAt).toBe(draft.recordedAt)
  })

  it('refuses a contact in the future, or an impossible date for the next step', () => {
    expect(
      appErrorOf(() => updateDraft(phoneCall(), { occurredAt: '2026-12-03T12:00:00Z' }, { now })).code,
    ).toBe('record-in-future')
    const error = appErrorOf(() => updateDraft(phoneCall(), { nextStepBy: '2026-02-30' }, { now }))
    expect(error.code).toBe('record-invalid')
    expect(error.field).toBe('nextStepBy')
    expect(error.message).toMatch(/^This record cannot be saved: the date of the next step — /)
  })
})

describe('approval', () => {
  it('records who approved and when (Wolverhampton, seed 002, 2.9: "approve and date the record")', () => {
    const approved = approveRecord(phoneCall(), dsl, { now: later })
    expect(approved.status).toBe('approved')
    expect(approved.approval).toEqual({ byPersonId: 'p-dsl', byName: 'Alex Morgan', at: later })
  })

  it('refuses to edit an approved record', () => {
    const approved = approveRecord(phoneCall(), dsl, { now: later })
    const error = appErrorOf(() => updateDraft(approved, { weSaid: 'Something else' }, { now: later }))
    expect(error.code).toBe('record-approved')
    expect(error.message).toBe(
      'This record is approved and can no longer be edited — add a dated addendum instead',
    )
  })

  it('refuses to approve a conversation with nothing written about what was said', () => {
    const empty = updateDraft(phoneCall(), { weSaid: '   ', theySaid: '' }, { now })
    const error = appErrorOf(() => approveRecord(empty, dsl, { now }))
    expect(error.code).toBe('record-incomplete')
    // A call has both boxes: the message points at the first, the other party's.
    expect(error.field).toBe('theySaid')
    expect(error.message).toMatch(/what was said/)
    // An unanswered call has nothing to say.
    expect(approveRecord(updateDraft(empty, { answered: false }, { now }), dsl, { now }).status).toBe(
      'approved',
    )
  })

  it('refuses a record that does not say who the contact was with, or a next-step date with no next step', () => {
    const nobody = updateDraft(phoneCall(), { contact: { name: '', role: '', agency: '' } }, { now })
    expect(appErrorOf(() => approveRecord(nobody, dsl, { now })).field).toBe('contact.name')
    const dateOnly = updateDraft(phoneCall(), { nextStepBy: '2026-12-07' }, { now })
    expect(appErrorOf(() => approveRecord(dateOnly, dsl, { now })).field).toBe('nextStep')
  })

  it('lets a failed attempt be approved without any conversation', () => {
    const attempt = createDraft(
      {
        kind: 'failed-attempt',
        stage: 'emergency',
        occurredAt: '2026-12-03T10:16:00Z',
        contact: { role: 'Head of Service' },
        numberDialled: '0121 704 8709',
        answered: false,
      },
      { id: 'r3', disputeId: 'd1', author: dsl, now },
    )
    expect(approveRecord(attempt, dsl, { now }).status).toBe('approved')
  })

  it('only the author approves, and only once', () => {
    expect(appErrorOf(() => approveRecord(phoneCall(), deputy, { now })).code).toBe(
      'record-approver-not-author',
    )
    const approved = approveRecord(phoneCall(), dsl, { now })
    const error = appErrorOf(() => approveRecord(approved, dsl, { now: later }))
    expect(error.code).toBe('record-already-approved')
    expect(error.message).toBe('This record was already approved by Alex Morgan.')
  })
})

describe('countersignature', () => {
  it('is given by a second, different person, once, after approval', () => {
    expect(appErrorOf(() => countersign(phoneCall(), deputy, { now })).code).toBe('record-not-approved')
    const approved = approveRecord(phoneCall(), dsl, { now })
    expect(appErrorOf(() => countersign(approved, dsl, { now })).code).toBe('countersignature-same-person')
    const signed = countersign(approved, deputy, { now: later })
    expect(signed.countersignature).toEqual({ byPersonId: 'p-deputy', byName: 'Priya Shah', at: later })
    expect(
      appErrorOf(() => countersign(signed, { personId: 'p-3', name: 'Third' }, { now: later })).code,
    ).toBe('record-already-countersigned')
  })
})

describe('addenda', () => {
  it('are added, dated, to approved records only, with a reason and a text', () => {
    const draft = phoneCall()
    expect(
      appErrorOf(() => addAddendum(draft, { reason: 'r', text: 't' }, dsl, { id: 'a1', now })).code,
    ).toBe('record-not-approved')
    const approved = approveRecord(draft, dsl, { now })
    expect(
      appErrorOf(() => addAddendum(approved, { reason: ' ', text: 't' }, dsl, { id: 'a1', now })).code,
    ).toBe('addendum-reason-missing')
    expect(
      appErrorOf(() => addAddendum(approved, { reason: 'r', text: '' }, dsl, { id: 'a1', now })).code,
    ).toBe('addendum-text-missing')
    const withAddendum = addAddendum(
      approved,
      { reason: 'Correcting the time', text: 'The call was at 10:05, not 10:15.' },
      deputy,
      { id: 'a1', now: later },
    )
    expect(withAddendum.addenda).toEqual([
      {
        id: 'a1',
        at: later,
        byPersonId: 'p-deputy',
        byName: 'Priya Shah',
        reason: 'Correcting the time',
        text: 'The call was at 10:05, not 10:15.',
      },
    ])
    expect(withAddendum.occurredAt).toBe(approved.occurredAt)
    expect(approved.addenda).toEqual([])
  })
})
