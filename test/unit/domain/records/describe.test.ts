import { describe, expect, it } from 'vitest'
import { createDraft, isRetrospective, recordLabel, retrospection } from '../../../../src/main/domain/records'
import type { ContactKind, Direction } from '../../../../src/shared/records'

const dsl = { personId: 'p-dsl', name: 'Alex Morgan' }

function record(
  kind: ContactKind,
  contact: { name?: string; role?: string; agency?: string },
  direction?: Direction,
) {
  return createDraft(
    { kind, stage: 2, occurredAt: '2026-12-03T10:15:00Z', contact, ...(direction ? { direction } : {}) },
    { id: 'r', disputeId: 'd', author: dsl, now: '2026-12-03T11:00:00Z' },
  )
}

describe('record labels', () => {
  it('names a record by what, with whom and when (in England’s time)', () => {
    expect(recordLabel(record('phone-call', { name: 'Jo Bloggs' }))).toBe(
      'Phone call with Jo Bloggs on 3 Dec 2026, 10:15',
    )
    expect(
      recordLabel({ ...record('meeting', { name: 'Jo Bloggs' }), occurredAt: '2026-07-03T09:15:00.000Z' }),
    ).toBe('Meeting with Jo Bloggs on 3 Jul 2026, 10:15')
  })

  it('uses the right words for each kind of contact', () => {
    const jo = { name: 'Jo Bloggs' }
    expect(recordLabel(record('voicemail-left', jo))).toMatch(/^Voicemail left for Jo Bloggs on/)
    expect(recordLabel(record('email-sent', jo))).toMatch(/^Email sent to Jo Bloggs on/)
    expect(recordLabel(record('email-received', jo))).toMatch(/^Email received from Jo Bloggs on/)
    expect(recordLabel(record('letter', jo, 'incoming'))).toMatch(/^Letter received from Jo Bloggs on/)
    expect(recordLabel(record('letter', jo))).toMatch(/^Letter sent to Jo Bloggs on/)
    expect(recordLabel(record('text-message', jo, 'incoming'))).toMatch(/^Text message from Jo Bloggs on/)
    expect(recordLabel(record('failed-attempt', jo))).toMatch(/^Failed attempt to contact Jo Bloggs on/)
  })

  it('falls back to the role and agency, or to the kind alone', () => {
    expect(
      recordLabel(record('phone-call', { role: 'Head of Service', agency: 'Solihull Children’s Services' })),
    ).toBe('Phone call with Head of Service, Solihull Children’s Services on 3 Dec 2026, 10:15')
    expect(recordLabel(record('failed-attempt', {}))).toBe(
      'Failed attempt to make contact on 3 Dec 2026, 10:15',
    )
    expect(recordLabel(record('phone-call', {}))).toBe('Phone call on 3 Dec 2026, 10:15')
  })
})

describe('retrospective records', () => {
  it('flags a record written more than 24 hours after the contact, with the gap', () => {
    const r = { occurredAt: '2026-12-01T08:00:00.000Z', recordedAt: '2026-12-03T11:00:00.000Z' }
    expect(isRetrospective(r)).toBe(true)
    expect(retrospection(r)).toEqual({
      retrospective: true,
      gapMs: (2 * 24 + 3) * 3_600_000,
      note: 'Recorded retrospectively — 2 days 3 hours after the event',
    })
  })

  it('does not flag a record made from an email, whose words were written when it was sent, but says when it was added', () => {
    const email = { occurredAt: '2026-12-01T08:00:00.000Z', recordedAt: '2026-12-03T11:00:00.000Z', files: [{ source: 'email' as const }] }
    const r = email as unknown as Parameters<typeof retrospection>[0]
    expect(isRetrospective(r)).toBe(false)
    expect(retrospection(r)).toEqual({
      retrospective: false,
      gapMs: (2 * 24 + 3) * 3_600_000,
      note: 'Added to the log 2 days 3 hours after the email was sent. The date and time are the email’s, and its words are the email’s own, not written from memory.',
    })
    // A file attached to a typed record is not the record's words: that record is retrospective as before.
    expect(isRetrospective({ ...email, files: [{ source: 'file' }] } as unknown as Parameters<typeof retrospection>[0])).toBe(true)
  })

  it('does not flag a record written within 24 hours', () => {
    const r = { occurredAt: '2026-12-01T08:00:00.000Z', recordedAt: '2026-12-02T08:00:00.000Z' }
    expect(isRetrospective(r)).toBe(false)
    expect(retrospection(r).note).toBeNull()
    expect(isRetrospective({ ...r, recordedAt: '2026-12-02T08:00:00.001Z' })).toBe(true)
  })
})
