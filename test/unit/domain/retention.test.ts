import { describe, expect, it } from 'vitest'
import { decideRetention, reviewStatus } from '../../../src/main/domain/retention'

const rule = { yearsAfterYoungestBirth: 25 }

describe('retention review', () => {
  it('is due at the youngest child’s date of birth + 25 years by default', () => {
    const s = reviewStatus([{ dateOfBirth: '2010-03-01' }, { dateOfBirth: '2014-06-30' }], [], rule, '2026-11-24')
    expect(s).toMatchObject({ reviewOn: '2039-06-30', due: false })
    expect(reviewStatus([{ dateOfBirth: '2000-01-01' }], [], rule, '2026-11-24').due).toBe(true)
  })

  it('asks for a decision when no date of birth is known', () => {
    expect(reviewStatus([{ dateOfBirth: null }], [], rule, '2026-11-24')).toMatchObject({ reviewOn: null, due: true })
  })

  it('moves the review date when a decision keeps the record, and refuses disposal before it is due', () => {
    const status = reviewStatus([{ dateOfBirth: '2000-01-01' }], [], rule, '2026-11-24')
    const keep = decideRetention({ decision: 'retain', reason: 'Ongoing civil claim', retainUntil: '2030-01-01' }, { today: '2026-11-24', now: '2026-11-24T10:00:00Z', by: 'H O', status, disputeOpen: false })
    const after = reviewStatus([{ dateOfBirth: '2000-01-01' }], [keep], rule, '2026-11-24')
    expect(after).toMatchObject({ reviewOn: '2030-01-01', due: false })
    expect(() => decideRetention({ decision: 'dispose', reason: 'x' }, { today: '2026-11-24', now: '', by: 'H O', status: after, disputeOpen: false })).toThrowError(/not due/)
    expect(() => decideRetention({ decision: 'dispose', reason: '' }, { today: '2026-11-24', now: '', by: 'H O', status, disputeOpen: false })).toThrowError(/reason/)
    expect(() => decideRetention({ decision: 'dispose', reason: 'x' }, { today: '2026-11-24', now: '', by: 'H O', status, disputeOpen: true })).toThrowError(/open dispute/)
  })
})
