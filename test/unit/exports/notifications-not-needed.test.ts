/**
 * 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure
 * notification should also be sent to cpru@solihull.gov.uk". A notice recorded as not needed is shown so
 * in the documents, with its reason — never as "not yet sent".
 */
import { describe, expect, it } from 'vitest'
import { notificationsTable } from '../../../src/main/exports/blocks'
import { recordNotificationNotNeeded } from '../../../src/main/domain/disputes'
import { at, ctx, must, open, policyOf } from '../domain/disputes/fixtures'

describe('the notifications table of the documents', () => {
  it('says a notice was not needed, and why', () => {
    const solihull = policyOf('solihull-sscp')
    const owed = open(solihull, at('2027-03-25'), { disagreementOn: '2027-03-25', childCircumstances: ['lookedAfter'] })
    expect(JSON.stringify(notificationsTable(owed, solihull))).toContain('Not yet sent (owed since 25 Mar 2027)')
    const settled = must(
      recordNotificationNotNeeded(owed, { notificationId: 'independent-reviewing-officer', reason: 'The IRO chaired the review.', by: 'A Lead' }, ctx(solihull, at('2027-03-25', '11:00'))),
    )
    const table = JSON.stringify(notificationsTable(settled, solihull))
    expect(table).toContain('Not needed: The IRO chaired the review.')
    expect(table).not.toContain('Not yet sent')
  })
})
