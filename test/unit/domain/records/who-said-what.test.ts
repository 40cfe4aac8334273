/**
 * Who said what (issue 15): a record holds the other party's words and ours apart, and only theirs may
 * stand for their agency's position. Found in review: the stage-4 pack listed "Record 56: I said that the
 * school would like…" as the other agency's position, because a record held one text, whoever spoke.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { approveRecord, createDraft, updateDraft, whatEachSideSaid, wordsOfTheOtherAgency } from '../../../../src/main/domain/records'
import { CONTACT_KINDS, DIRECTIONS, type ContactRecord, saidBoxes, theySaidLabel, WE_SAID_LABEL } from '../../../../src/shared/records'
import { AppError } from '../../../../src/shared/errors'

const dsl = { personId: 'p-dsl', name: 'Alex Morgan' }
const amy = { name: 'Dr Amy Jones', role: 'Social worker', agency: 'Children’s Services' }
const now = '2026-12-03T11:00:00Z'

const call = (said: { theySaid?: string; weSaid?: string }): ContactRecord =>
  createDraft({ kind: 'phone-call', stage: 2, occurredAt: '2026-12-03T10:15:00Z', contact: amy, ...said }, { id: 'r', disputeId: 'd', author: dsl, now })

describe('the other agency’s words', () => {
  it('are what the other party said, never what we said', () => {
    const r = call({ theySaid: '  The threshold is not met.  ', weSaid: 'I said that the school would like a strategy discussion.' })
    expect(wordsOfTheOtherAgency(r)).toBe('The threshold is not met.')
    expect(wordsOfTheOtherAgency(call({ weSaid: 'I said that the school would like a strategy discussion.' }))).toBeNull()
  })

  it('are never taken from a record written before speakers were recorded', () => {
    const legacy: ContactRecord = { ...call({}), whatWasSaid: 'Jo said the decision stands.' }
    expect(wordsOfTheOtherAgency(legacy)).toBeNull()
  })

  it('for any record, are its theySaid or nothing: never its weSaid or its unattributed text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), (they, we, legacy) => {
        const r: ContactRecord = { ...call({ theySaid: they, weSaid: `WE:${we}` }), whatWasSaid: `OLD:${legacy}` }
        const words = wordsOfTheOtherAgency(r)
        if (they.trim() === '') expect(words).toBeNull()
        else expect(words).toBe(they.trim())
      }),
    )
  })
})

describe('what each side said, as exports print it', () => {
  it('attributes each passage, the other party first: “Dr Amy Jones (Social worker, Children’s Services) said”, “We said”', () => {
    const r = call({ theySaid: 'The threshold is not met.', weSaid: 'We set out the three incidents.' })
    expect(whatEachSideSaid(r)).toEqual([
      { speaker: 'Dr Amy Jones (Social worker, Children’s Services) said', text: 'The threshold is not met.', side: 'theirs' },
      { speaker: 'We said', text: 'We set out the three incidents.', side: 'ours' },
    ])
  })

  it('marks a record from before speakers were recorded “speaker not recorded”', () => {
    expect(whatEachSideSaid({ ...call({}), whatWasSaid: 'Discussed the referral.' })).toEqual([
      { speaker: 'What was said (speaker not recorded)', text: 'Discussed the referral.', side: 'not-recorded' },
    ])
  })
})

describe('the two boxes of the form', () => {
  it('are labelled with who spoke', () => {
    expect(theySaidLabel(amy)).toBe('What Dr Amy Jones said')
    expect(theySaidLabel({ name: '', role: 'Team manager', agency: 'MASH' })).toBe('What Team manager, MASH said')
    expect(WE_SAID_LABEL).toBe('What you said')
  })

  it('follow the kind of contact and its direction: a voicemail left or a letter sent has only ours, an email received only theirs', () => {
    expect(saidBoxes('phone-call', 'outgoing')).toEqual({ theySaid: true, weSaid: true })
    expect(saidBoxes('meeting', 'in-person')).toEqual({ theySaid: true, weSaid: true })
    expect(saidBoxes('voicemail-left', 'outgoing')).toEqual({ theySaid: false, weSaid: true })
    expect(saidBoxes('email-sent', 'outgoing')).toEqual({ theySaid: false, weSaid: true })
    expect(saidBoxes('email-received', 'incoming')).toEqual({ theySaid: true, weSaid: false })
    expect(saidBoxes('letter', 'outgoing')).toEqual({ theySaid: false, weSaid: true })
    expect(saidBoxes('letter', 'incoming')).toEqual({ theySaid: true, weSaid: false })
    expect(saidBoxes('text-message', 'incoming')).toEqual({ theySaid: true, weSaid: false })
    // Every kind has at least one box, in every direction.
    for (const kind of CONTACT_KINDS) for (const d of DIRECTIONS) expect(Object.values(saidBoxes(kind, d))).toContain(true)
  })
})

describe('approving a conversation', () => {
  it('needs what either side said (Wolverhampton 2.9: “accurately and contemporaneously record each … discussion”)', () => {
    const empty = call({})
    const error = (() => {
      try {
        approveRecord(empty, dsl, { now })
      } catch (e) {
        return e as AppError
      }
      throw new Error('expected a refusal')
    })()
    expect(error.code).toBe('record-incomplete')
    expect(approveRecord(updateDraft(empty, { theySaid: 'The plan stays closed.' }, { now }), dsl, { now }).status).toBe('approved')
    expect(approveRecord(updateDraft(empty, { weSaid: 'We asked for a review.' }, { now }), dsl, { now }).status).toBe('approved')
    // A draft from before speakers were recorded keeps its one text, which still counts as written.
    expect(approveRecord({ ...empty, whatWasSaid: 'Discussed the plan.' }, dsl, { now }).status).toBe('approved')
  })
})
