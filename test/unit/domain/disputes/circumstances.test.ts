/**
 * What a dispute's children imply for it, and "due today". The circumstances matter because the policies'
 * notification rules test them:
 * 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure
 * notification should also be sent to cpru@solihull.gov.uk"
 */
import { describe, expect, it } from 'vitest'
import { childFlagsChanged, circumstancesFollowingChildren, deadlineFallsOn, openingCircumstances } from '../../../../src/main/domain/disputes'

const none = { childProtectionPlan: false, lookedAfter: false }
const onPlan = { childProtectionPlan: true, lookedAfter: false }
const lookedAfter = { childProtectionPlan: false, lookedAfter: true }

describe('circumstances from the children', () => {
  it('at opening, keeps what the DSL chose and adds what any child implies', () => {
    expect(openingCircumstances([], [none, onPlan])).toEqual(['childProtectionPlan'])
    expect(openingCircumstances(['disabledChild'], [lookedAfter])).toEqual(['disabledChild', 'lookedAfter'])
    // A DSL's own choice is never taken away at opening, even if no child is flagged.
    expect(openingCircumstances(['childProtectionPlan'], [none])).toEqual(['childProtectionPlan'])
    expect(openingCircumstances(['lookedAfter'], [lookedAfter])).toEqual(['lookedAfter'])
  })

  it('after a child changes, the plan and looked-after flags follow the children as they now are; others stay', () => {
    expect(circumstancesFollowingChildren(['childProtectionPlan', 'disabledChild'], [none])).toEqual(['disabledChild'])
    expect(circumstancesFollowingChildren(['disabledChild'], [onPlan, lookedAfter])).toEqual(['disabledChild', 'childProtectionPlan', 'lookedAfter'])
  })

  it('says whether a change to a child changes what its disputes imply', () => {
    expect(childFlagsChanged(none, none)).toBe(false)
    expect(childFlagsChanged(none, onPlan)).toBe(true)
    expect(childFlagsChanged(lookedAfter, none)).toBe(true)
  })
})

describe('due today', () => {
  it('a date deadline is due on its day; an hours deadline on its day in England, not in UTC', () => {
    expect(deadlineFallsOn({ kind: 'date', date: '2026-12-02' }, '2026-12-02')).toBe(true)
    expect(deadlineFallsOn({ kind: 'date', date: '2026-12-02' }, '2026-12-01')).toBe(false)
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(deadlineFallsOn({ kind: 'instant', at: '2026-06-30T23:30:00.000Z' }, '2026-07-01')).toBe(true)
    expect(deadlineFallsOn({ kind: 'instant', at: '2026-06-30T23:30:00.000Z' }, '2026-06-30')).toBe(false)
  })
})
