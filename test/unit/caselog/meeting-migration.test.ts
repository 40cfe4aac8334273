/**
 * The meeting document's format 2 (docs/team-vault.md, "The bridge"): a meeting written before its team notes
 * existed (format 1) still opens, with none; format 2 keeps them; a field this version does not know is refused.
 */
import { describe, expect, it } from 'vitest'
import { readDocument } from '../../../src/main/caselog/migrations'
import { solihullMeeting } from '../exports/meeting-fixture'

describe('the meeting document', () => {
  it('a format-1 meeting opens at format 2 with no team notes', () => {
    const { meeting } = solihullMeeting({ signedOff: true })
    const read = readDocument('meeting', `meeting.${meeting.disputeId}`, { format: 1, meeting })
    expect(read).toEqual({ format: 2, meeting, team: null })
  })

  it('format 2 keeps its team notes; an unknown field is refused', () => {
    const { meeting } = solihullMeeting()
    const team = { lastSaved: { byPersonId: 'p1', byName: 'Ben Okafor', at: '2026-12-07T11:00:00.000Z' }, conflictFields: [], versions: [], editedAfterSignOff: [], signedOffTwice: [] }
    expect(readDocument('meeting', `meeting.${meeting.disputeId}`, { format: 2, meeting, team }).team).toEqual(team)
    expect(() => readDocument('meeting', `meeting.${meeting.disputeId}`, { format: 2, meeting, team, extra: 1 })).toThrow()
  })
})
