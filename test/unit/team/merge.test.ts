/**
 * The merge by meaning (src/main/domain/team/merge.ts). The rules quoted are issue #17's ("Conflicts by
 * meaning, not by clock").
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TeamAction, TeamEvent } from '../../../src/main/domain/team/events'
import type { Dispute } from '../../../src/shared/dispute'
import { approvalBlocked, mergeTeam, transitionBlocked } from '../../../src/main/domain/team/merge'
import { addendum, approved, countersigned, drafted, moved, opened } from '../../support/team-actions'

let n = 0
const ev = (personId: string, action: TeamAction, at = '2026-12-02T10:00:00.000Z', deviceId = `dev-${personId}`): TeamEvent => ({
  id: `${deviceId}:${++n}:0`,
  deviceId,
  personId,
  at,
  action,
})
const openedD1 = (by = 'dsl') => ev(by, opened('d1'))
const draft = (by: string, version: string, after: string[] = [], text = version) => ev(by, drafted('d1', 'r1', version, after, by, text))
const approve = (by: string, version: string) => ev(by, approved('d1', 'r1', version, by))
const transition = (by: string, transitionId: string, to: 'escalated' | 'resolved', effectiveOn: string, after: string[] = []) =>
  ev(by, moved('d1', transitionId, to, effectiveOn, after, after.length ? after : ['d1.o']))

const record = (events: TeamEvent[]) => mergeTeam(events).disputes[0]!.records[0]!
const dispute = (events: TeamEvent[]) => mergeTeam(events).disputes[0]!

describe('merging the team’s events by meaning', () => {
  it('“Different disputes edited at once merge as a union.”', () => {
    const a = ev('dsl', opened('d1'))
    const b = ev('deputy', opened('d2'))
    expect(mergeTeam([a, b]).disputes.map((d) => d.disputeId)).toEqual(['d1', 'd2'])
  })

  it('“if two versions of one draft exist, both are shown and approval waits until a person picks”', () => {
    const events = [openedD1(), draft('dsl', 'v1'), ev('deputy', { kind: 'draft-taken-over', disputeId: 'd1', recordId: 'r1', reason: 'Asha is on leave' })]
    const both = [...events, draft('dsl', 'v2a', ['v1']), draft('deputy', 'v2b', ['v1'])]
    const r = record(both)
    expect(r.current.map((v) => v.version)).toEqual(['v2a', 'v2b'])
    expect(r.conflicts).toEqual([{ kind: 'two-versions', versions: ['v2a', 'v2b'] }])
    expect(approvalBlocked(r)).toMatch(/pick one of its 2 versions/)
    // A person picks: a version made from both.
    const picked = record([...both, draft('deputy', 'v3', ['v2a', 'v2b'])])
    expect(picked.current.map((v) => v.version)).toEqual(['v3'])
    expect(picked.conflicts).toEqual([])
    expect(approvalBlocked(picked)).toBeNull()
  })

  it('“A draft belongs to its author”: a save or approval by someone else without taking it over is kept out', () => {
    const r = record([openedD1(), draft('dsl', 'v1'), draft('deputy', 'v2', ['v1']), approve('deputy', 'v1')])
    expect(r.current.map((v) => v.version)).toEqual(['v1'])
    expect(r.status).toBe('draft')
    expect(r.conflicts.map((c) => c.kind)).toEqual(['not-the-author'])
  })

  it('“a colleague can take a draft over or set it aside with a reason … a set-aside draft is kept but is not part of the record”', () => {
    const took = record([openedD1(), draft('dsl', 'v1'), ev('deputy', { kind: 'draft-taken-over', disputeId: 'd1', recordId: 'r1', reason: 'Off sick' }), approve('deputy', 'v1')])
    expect(took.owners).toEqual(['deputy', 'dsl'])
    expect(took.takenOver).toEqual([{ by: 'deputy', at: '2026-12-02T10:00:00.000Z', reason: 'Off sick' }])
    expect(took.status).toBe('approved')
    const aside = record([openedD1(), draft('dsl', 'v1'), ev('deputy', { kind: 'draft-set-aside', disputeId: 'd1', recordId: 'r1', reason: 'Duplicate of the 3 Dec call' })])
    expect(aside.status).toBe('set-aside')
    expect(aside.current.map((v) => v.content.weSaid)).toEqual(['v1'])
    expect(approvalBlocked(aside)).toMatch(/set aside/)
  })

  it('“Approved records, addenda and countersignatures are immutable, so they only ever add”', () => {
    const base = [openedD1(), draft('dsl', 'v1'), approve('dsl', 'v1')]
    const late = [...base, draft('dsl', 'v2', ['v1']), ev('deputy', { kind: 'draft-set-aside', disputeId: 'd1', recordId: 'r1', reason: 'x' })]
    const r = record([
      ...late,
      ev('deputy', addendum('d1', 'r1', 'a1', 'deputy')),
      ev('manager', countersigned('d1', 'r1', 'manager')),
    ])
    expect(r.status).toBe('approved')
    expect(r.approved.map((a) => [a.version, a.content.weSaid, a.approval.byPersonId])).toEqual([['v1', 'v1', 'dsl']])
    expect(r.addenda.map((a) => [a.id, a.by])).toEqual([['a1', 'deputy']])
    expect(r.countersignatures.map((c) => c.by)).toEqual(['manager'])
    expect(r.conflicts.map((c) => c.kind)).toEqual(['edited-after-approval', 'set-aside-after-approval'])
  })

  it('“Concurrent transitions of one dispute … are both kept and the dispute is marked needs review … deadlines follow the earlier transition”', () => {
    const esc = transition('deputy', 't-esc', 'escalated', '2026-12-04')
    const res = transition('dsl', 't-res', 'resolved', '2026-12-03')
    const d = dispute([openedD1(), esc, res])
    expect(d.transitions.map((t) => t.transitionId).sort()).toEqual(['t-esc', 't-res'])
    expect(d.needsReview.map((t) => t.transitionId)).toEqual(['t-res', 't-esc'])
    expect(d.standing?.transitionId).toBe('t-res')
    expect(transitionBlocked(d)).toMatch(/needs review/)
    // "contacts can still be logged"
    expect(approvalBlocked(record([openedD1(), esc, res, draft('dsl', 'v1')]))).toBeNull()
    // "no further transition happens until a person decides"
    const decided = dispute([openedD1(), esc, res, ev('dsl', { kind: 'review-decided', disputeId: 'd1', transitionId: 't-dec', keep: 't-esc', after: ['t-esc', 't-res'], reason: 'The deputy had the newer facts' })])
    expect(decided.needsReview).toEqual([])
    expect(transitionBlocked(decided)).toBeNull()
    expect(decided.standing).toMatchObject({ transitionId: 't-dec', to: 'escalated', stage: 2, effectiveOn: '2026-12-04' })
  })

  it('a dispute’s content: where it stands follows the move that stands, what only adds is the union, details saved at once are both shown', () => {
    const esc = transition('deputy', 't-esc', 'escalated', '2026-12-04')
    const res = transition('dsl', 't-res', 'resolved', '2026-12-03')
    const base = opened('d1') as Extract<TeamAction, { kind: 'dispute-opened' }>
    const step = (key: string) => ({ key, doneOn: '2026-12-03', by: 'A Lead', recordedAt: `2026-12-03T1${key.length % 10}:00:00.000Z` })
    const note = (by: string, version: string, baseOf: string[], change: Partial<Dispute>) =>
      ev(by, { kind: 'dispute-noted', disputeId: 'd1', version, base: baseOf, dispute: { ...base.dispute, ...change } })
    // Two steps recorded at once, one with the details restated: both steps kept, the details shown twice.
    const a = note('dsl', 'n-a', ['d1.o'], { stepsDone: [step('stage-1/step/a')] })
    const b = note('deputy', 'n-b', ['d1.o'], { stepsDone: [step('stage-1/step/bb')], disputed: { kind: 'decision', description: 'Restated.' } })
    const d = dispute([openedD1(), a, b])
    expect(d.content!.stepsDone.map((x) => x.key)).toEqual(['stage-1/step/a', 'stage-1/step/bb'])
    expect(d.versions).toEqual(['n-a', 'n-b'])
    expect(d.conflicts).toEqual([{ kind: 'two-versions', versions: ['n-a', 'n-b'] }])
    // Moves at once: the earlier stands meanwhile; a decision for the other is not undone by a note made after both.
    const after = note('dsl', 'n-c', ['t-esc', 't-res'], { status: 'resolved', currentStage: null })
    expect(dispute([openedD1(), esc, res]).content!.status).toBe('resolved')
    const decided = dispute([openedD1(), esc, res, after, ev('dsl', { kind: 'review-decided', disputeId: 'd1', transitionId: 't-dec', keep: 't-esc', after: ['t-esc', 't-res'], reason: 'The deputy had the newer facts' })])
    expect(decided.content).toMatchObject({ status: 'open', currentStage: 2 })
  })

  it('“Events merged from another device are never refused for being in the future”', () => {
    const d = dispute([openedD1(), draft('dsl', 'v1', [], 'x'), approve('dsl', 'v1'), transition('dsl', 't1', 'escalated', '2031-01-01')].map((e) => ({ ...e, at: '2031-01-01T00:00:00.000Z' })))
    expect(d.records[0]!.status).toBe('approved')
    expect(d.standing?.effectiveOn).toBe('2031-01-01')
  })

  it('depends only on which events there are: any order, any duplicates, the same state', () => {
    const events = [
      openedD1(),
      draft('dsl', 'v1'),
      ev('deputy', { kind: 'draft-taken-over', disputeId: 'd1', recordId: 'r1', reason: 'cover' }),
      draft('dsl', 'v2', ['v1']),
      draft('deputy', 'v3', ['v1']),
      approve('dsl', 'v2'),
      transition('dsl', 't1', 'escalated', '2026-12-05'),
      transition('deputy', 't2', 'resolved', '2026-12-05'),
      ev('deputy', addendum('d1', 'r1', 'a1', 'deputy')),
    ]
    const expected = JSON.stringify(mergeTeam(events))
    fc.assert(
      fc.property(fc.shuffledSubarray([...events, ...events], { minLength: events.length * 2 }), fc.array(fc.nat(events.length - 1), { maxLength: 5 }), (order, dupes) => {
        expect(JSON.stringify(mergeTeam([...order, ...dupes.map((i) => events[i]!)]))).toBe(expected)
      }),
    )
  })
})
