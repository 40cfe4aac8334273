import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addAddendum,
  approveRecord,
  countersign,
  createDraft,
  recordContent,
  updateDraft,
} from '../../../../src/main/domain/records'
import { CONTACT_KINDS, type ContactRecord, type ContactRecordChanges } from '../../../../src/shared/records'
import { AppError } from '../../../../src/shared/errors'

const people = [
  { personId: 'p-author', name: 'Alex Morgan' },
  { personId: 'p-deputy', name: 'Priya Shah' },
  { personId: 'p-head', name: 'Sam Patel' },
]

type Operation =
  | { op: 'update'; changes: ContactRecordChanges }
  | { op: 'approve'; by: number }
  | { op: 'countersign'; by: number }
  | { op: 'addendum'; by: number; reason: string; text: string }

const textArb = fc.oneof(fc.constant(''), fc.constant('  '), fc.string({ maxLength: 30 }))
// Mostly acceptable, sometimes blank: so that addenda are both added and refused.
const addendumTextArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('', '   ') },
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '') },
)
const changesArb: fc.Arbitrary<ContactRecordChanges> = fc.record(
  {
    kind: fc.constantFrom(...CONTACT_KINDS),
    stage: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant('emergency' as const)),
    theySaid: textArb,
    weSaid: textArb,
    whatWasAgreed: textArb,
    nextStep: textArb,
    nextStepBy: fc.constantFrom(null, '2026-12-07', '2026-02-30'),
    answered: fc.constantFrom(null, true, false),
    messageLeft: textArb,
    contact: fc.record({ name: textArb, role: textArb }, { requiredKeys: [] }),
    occurredAt: fc.constantFrom('2026-12-03T09:00:00Z', '2027-01-01T00:00:00Z', 'not a time'),
  },
  { requiredKeys: [] },
)
const personArb = fc.integer({ min: 0, max: 2 })
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: changesArb.map((changes) => ({ op: 'update' as const, changes })) },
  // Mostly the author, so that approval is often reached; sometimes someone else, who must be refused.
  {
    weight: 2,
    arbitrary: fc
      .oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: personArb })
      .map((by) => ({ op: 'approve' as const, by })),
  },
  { weight: 1, arbitrary: personArb.map((by) => ({ op: 'countersign' as const, by })) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('addendum' as const),
      by: personArb,
      reason: addendumTextArb,
      text: addendumTextArb,
    }),
  },
)

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

function apply(record: ContactRecord, operation: Operation, step: number): ContactRecord {
  const now = new Date(Date.parse('2026-12-03T10:00:00Z') + step * 60_000)
  switch (operation.op) {
    case 'update':
      return updateDraft(record, operation.changes, { now })
    case 'approve':
      return approveRecord(record, people[operation.by], { now })
    case 'countersign':
      return countersign(record, people[operation.by], { now })
    case 'addendum':
      return addAddendum(record, { reason: operation.reason, text: operation.text }, people[operation.by], {
        id: `a${step}`,
        now,
      })
  }
}

describe('the record lifecycle, under any sequence of operations', () => {
  it('never changes an approved record’s content, approval or countersignature, and addenda only grow', () => {
    const reached = { approved: 0, countersigned: 0, addenda: 0 }
    fc.assert(
      fc.property(fc.array(operationArb, { maxLength: 25 }), (operations) => {
        let record = deepFreeze(
          createDraft(
            {
              kind: 'phone-call',
              stage: 1,
              occurredAt: '2026-12-03T09:00:00Z',
              contact: { name: 'Jo Bloggs' },
              weSaid: 'Discussed the threshold.',
            },
            { id: 'r', disputeId: 'd', author: people[0], now: '2026-12-03T10:00:00Z' },
          ),
        )
        operations.forEach((operation, step) => {
          const before = record
          let after: ContactRecord
          try {
            after = deepFreeze(apply(before, operation, step + 1)) // frozen: any mutation of an input would throw
          } catch (e) {
            if (!(e instanceof AppError)) throw e
            return
          }
          if (before.status === 'approved') {
            expect(after.status).toBe('approved')
            expect(recordContent(after)).toEqual(recordContent(before))
            expect(after.approval).toEqual(before.approval)
            expect(after.recordedAt).toBe(before.recordedAt)
            expect(after.author).toEqual(before.author)
            if (before.countersignature !== null)
              expect(after.countersignature).toEqual(before.countersignature)
          }
          expect(after.addenda.length).toBeGreaterThanOrEqual(before.addenda.length)
          expect(after.addenda.slice(0, before.addenda.length)).toEqual(before.addenda)
          if (after.status === 'approved') {
            expect(after.approval?.byPersonId).toBe(after.author.personId)
          }
          if (after.countersignature !== null)
            expect(after.countersignature.byPersonId).not.toBe(after.author.personId)
          if (after.addenda.length > 0) expect(after.status).toBe('approved')
          record = after
        })
        if (record.status === 'approved') reached.approved++
        if (record.countersignature !== null) reached.countersigned++
        if (record.addenda.length > 1) reached.addenda++
      }),
      { numRuns: 300 },
    )
    // The sequences did reach the states the property is about.
    expect(reached.approved).toBeGreaterThan(30)
    expect(reached.countersigned).toBeGreaterThan(5)
    expect(reached.addenda).toBeGreaterThan(5)
  })
})
