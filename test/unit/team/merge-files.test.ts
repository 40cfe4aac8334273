/**
 * A record's stored files in the merge (docs/team-vault.md, "Stored files"): the `file-added` events no
 * `file-removed` names, a file added after approval never removed, and the result a function of the set of
 * events alone (any order, any repeats).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TeamEvent, TeamStoredFile } from '../../../src/main/domain/team/events'
import { TeamAction } from '../../../src/main/domain/team/events'
import { mergeTeam } from '../../../src/main/domain/team/merge'
import { approved, drafted, opened } from '../../support/team-actions'

let n = 0
const ev = (personId: string, action: TeamAction, deviceId = `dev-${personId}`): TeamEvent => ({ id: `${deviceId}:${++n}:0`, deviceId, personId, at: '2026-12-02T10:00:00.000Z', action })
const file = (name: string, addedAt: string, afterApproval = false): TeamStoredFile => ({
  sha256: 'ab'.repeat(32),
  size: 10,
  name,
  type: 'application/pdf',
  source: 'file',
  addedAt,
  addedByPersonId: 'deputy',
  addedByName: 'Ben Okafor',
  afterApproval,
  parts: [{ path: `devices/${'c'.repeat(32)}/docs/b000000/d-000000000001-0a0b0c0d.elt`, hash: 'cd'.repeat(32), size: 10 }],
})
const added = (f: TeamStoredFile) => ev('deputy', TeamAction.parse({ kind: 'file-added', disputeId: 'd1', recordId: 'r1', file: f }))
const removed = (...ids: string[]) => ev('deputy', TeamAction.parse({ kind: 'file-removed', disputeId: 'd1', recordId: 'r1', added: ids }))
const filesOf = (events: TeamEvent[]) => mergeTeam(events).disputes[0]!.records[0]!.files.map((f) => f.file.name)

describe('stored files in the merge', () => {
  it('a draft’s files are those added and not removed, in the order added', () => {
    const base = [ev('dsl', opened('d1')), ev('deputy', drafted('d1', 'r1', 'v1', [], 'deputy', 'Rang Jo'))]
    const b = added(file('b.pdf', '2026-12-02T10:02:00.000Z'))
    const a = added(file('a.pdf', '2026-12-02T10:01:00.000Z'))
    expect(filesOf([...base, b, a])).toEqual(['a.pdf', 'b.pdf'])
    const gone = removed(a.id)
    expect(filesOf([...base, b, a, gone])).toEqual(['b.pdf'])
    expect(mergeTeam([...base, b, a, gone]).disputes[0]!.records[0]!.filesRemoved.map((f) => f.eventId)).toEqual([a.id])
    // The same file attached again is a new addition, which the earlier removal does not name.
    expect(filesOf([...base, b, a, gone, added(file('a.pdf', '2026-12-02T10:05:00.000Z'))])).toEqual(['b.pdf', 'a.pdf'])
  })

  it('a file added after approval is a dated addition and is never removed', () => {
    const base = [ev('dsl', opened('d1')), ev('deputy', drafted('d1', 'r1', 'v1', [], 'deputy', 'Rang Jo')), ev('deputy', approved('d1', 'r1', 'v1', 'deputy'))]
    const later = added(file('minutes.pdf', '2026-12-02T11:00:00.000Z', true))
    expect(filesOf([...base, later, removed(later.id)])).toEqual(['minutes.pdf'])
  })

  it('depends on the set of events alone: any order, any repeats', () => {
    const base = [ev('dsl', opened('d1')), ev('deputy', drafted('d1', 'r1', 'v1', [], 'deputy', 'Rang Jo'))]
    const files = ['a', 'b', 'c', 'd'].map((x, i) => added(file(`${x}.pdf`, `2026-12-02T10:0${i}:00.000Z`)))
    const all = [...base, ...files, removed(files[1]!.id), removed(files[3]!.id, files[0]!.id)]
    const expected = JSON.stringify(mergeTeam(all))
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), fc.array(fc.constantFrom(...all), { maxLength: 4 }), (order, repeats) =>
        JSON.stringify(mergeTeam([...order, ...repeats])) === expected,
      ),
    )
    expect(filesOf(all)).toEqual(['c.pdf'])
  })
})
