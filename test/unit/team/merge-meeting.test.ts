/**
 * The merge of a dispute's meeting (docs/team-vault.md, "Merging by meaning"): part by part against the version
 * both were made from, a part changed differently at once kept as two versions, a signed-off decision only adding;
 * the result depends on the set of events alone, whatever order they arrive in.
 */
import { describe, expect, it } from 'vitest'
import type { MeetingVersion, TeamEvent } from '../../../src/main/domain/team/events'
import { mergeMeeting, pickedMeeting } from '../../../src/main/domain/team/merge-meeting'

const base: MeetingVersion = {
  chair: { name: 'Dr Helen Ashby', role: '', agency: 'ICB', independent: true },
  date: '2026-12-10',
  time: '14:00',
  place: 'Council House',
  attendees: [],
  apologies: [],
  agenda: ['Positions'],
  question: 'Assess again?',
  outcomeSought: '',
  positions: { raising: { agency: 'School', stated: '', fromRecords: [] }, other: { agency: 'MASH', stated: '', fromRecords: [] } },
  stageNotes: [],
  disputeId: '2026-aaaaaaaaaaaa',
  stage: 4,
  arrangedAt: '2026-12-07T10:00:00.000Z',
  arrangedBy: 'Asha Patel',
  updatedAt: '2026-12-07T10:00:00.000Z',
  decision: null,
}
let n = 0
const saved = (device: string, version: string, after: string[], meeting: Partial<MeetingVersion>, at = '2026-12-07T11:00:00.000Z'): TeamEvent => ({
  id: `${device}:${++n}:0`,
  deviceId: device,
  personId: `person-${device}`,
  at,
  action: { kind: 'meeting-saved', disputeId: base.disputeId, version, after, meeting: { ...base, ...meeting, updatedAt: at } },
})
const A = 'a'.repeat(32)
const B = 'b'.repeat(32)

describe('a meeting merged from its versions', () => {
  it('takes a part only one version changed, and keeps two versions of a part both changed', () => {
    const events = [
      saved(A, 'v0', [], {}, '2026-12-07T10:00:00.000Z'),
      saved(A, 'va', ['v0'], { agenda: ['Positions', 'Options'], place: 'Room 1' }),
      saved(B, 'vb', ['v0'], { attendees: [{ name: 'Ben Okafor', role: '', agency: '' }], place: 'Room 2' }),
    ]
    const one = mergeMeeting(events)!
    expect(one.meeting.agenda).toEqual(['Positions', 'Options'])
    expect(one.meeting.attendees.map((a) => a.name)).toEqual(['Ben Okafor'])
    expect(one.conflictFields).toEqual(['place'])
    expect(one.meeting.place).toBe('Room 1')
    expect(one.conflictVersions.map((v) => v.version)).toEqual(['va', 'vb'])
    expect(JSON.stringify(mergeMeeting([...events].reverse()))).toBe(JSON.stringify(one))
    // A version made from both settles it.
    expect(mergeMeeting([...events, saved(B, 'vc', ['va', 'vb'], { place: 'Room 2' })])!.conflictFields).toEqual([])
  })

  it('a signed-off version is the record: a later version elsewhere is kept apart, addenda add', () => {
    const signOff = { byPersonId: 'person-a', byName: 'Asha Patel', at: '2026-12-10T16:00:00.000Z' }
    const events: TeamEvent[] = [
      saved(A, 'v0', [], { decision: { decision: 'Assess again.', rationale: 'Bruising.', actions: [], feedbackBy: 'Chair', reports: [] } }),
      { id: `${A}:90:0`, deviceId: A, personId: 'person-a', at: signOff.at, action: { kind: 'meeting-signed-off', disputeId: base.disputeId, version: 'v0', signOff } },
      saved(B, 'vb', ['v0'], { place: 'Elsewhere' }),
      { id: `${B}:91:0`, deviceId: B, personId: 'person-b', at: '2026-12-11T09:00:00.000Z', action: { kind: 'meeting-addendum-added', disputeId: base.disputeId, addendum: { id: 'ad1', at: '2026-12-11T09:00:00.000Z', byPersonId: 'person-b', byName: 'Ben Okafor', reason: 'A correction', text: 'Fed back.' } } },
    ]
    const m = mergeMeeting(events)!
    expect(m.signedVersion).toBe('v0')
    expect(m.meeting.place).toBe('Council House')
    expect(m.meeting.signOff).toEqual(signOff)
    expect(m.meeting.addenda.map((a) => a.text)).toEqual(['Fed back.'])
    expect(m.editedAfterSignOff.map((v) => v.version)).toEqual(['vb'])
    expect(JSON.stringify(mergeMeeting([...events].reverse()))).toBe(JSON.stringify(m))
  })
})

describe('keeping one of two versions', () => {
  it('takes the parts the versions changed differently from the one kept, and keeps every part only one changed', () => {
    const events = [
      saved(A, 'v0', [], {}),
      saved(A, 'va', ['v0'], { place: 'Committee room', agenda: ['Positions', 'Options'] }),
      saved(B, 'vb', ['v0'], { place: 'Room 2', time: '15:00', attendees: [{ name: 'Ben Okafor', role: 'Deputy DSL', agency: 'School' }] }),
    ]
    const merged = mergeMeeting(events)!
    expect(merged.conflictFields).toEqual(['place'])
    const kept = merged.conflictVersions.find((v) => v.version === 'vb')!
    const picked = pickedMeeting(merged.meeting, kept.meeting, merged.conflictFields)
    expect(picked).toMatchObject({ place: 'Room 2', time: '15:00', agenda: ['Positions', 'Options'], signOff: null, addenda: [] })
    expect(picked.attendees.map((a) => a.name)).toEqual(['Ben Okafor'])
    // Saved as a version made from both, it is the meeting: nothing is left to pick.
    const after = mergeMeeting([...events, saved(B, 'vc', ['va', 'vb'], picked)])!
    expect(after.conflictFields).toEqual([])
    expect(after.meeting.place).toBe('Room 2')
  })
})
