/**
 * What the team's merge says about a dispute's final-stage meeting (docs/team-vault.md, "The bridge"), stored on
 * the meeting's document (format 2) so that the meeting screen can show it without the team: who made the
 * version shown, the parts of the plan changed differently on two devices at once (both versions kept; sign-off
 * waits until a person saves the meeting again), versions saved while or after the decision was signed off, and
 * two versions signed off at once. Null on a meeting the team has never touched.
 */
import { z } from 'zod'
import { Instant } from '../../shared/dates'
import { MeetingVersion } from '../domain/team/events'
import { formatDate } from '../../shared/dates'
import type { TeamMeetingVersion } from '../../shared/meetings'
import { MEETING_FIELDS, type MeetingField } from '../domain/team/merge-meeting'

const FIELDS = Object.keys(MEETING_FIELDS) as [MeetingField, ...MeetingField[]]

export const MeetingTeamNotes = z.strictObject({
  /** Who saved the version shown (or merged from), on their device, and when by its clock. */
  lastSaved: z.strictObject({ byPersonId: z.string().min(1), byName: z.string().min(1), at: Instant }),
  /** Parts changed differently on two devices at once: the first version's is shown meanwhile. */
  conflictFields: z.array(z.enum(FIELDS)),
  /** The versions concerned, each as its author saved it: the current ones of a conflict, or those saved after sign-off. */
  versions: z.array(z.strictObject({ version: z.string().min(1), byPersonId: z.string().min(1), byName: z.string().min(1), at: Instant, meeting: MeetingVersion })),
  /** Versions saved on another device while or after the decision was signed off: kept, not part of the record. */
  editedAfterSignOff: z.array(z.string().min(1)),
  /** Versions signed off on two devices at once (the first stands). */
  signedOffTwice: z.array(z.string().min(1)),
})
export type MeetingTeamNotes = z.infer<typeof MeetingTeamNotes>

/** What the meeting screen says of the notes, in sentences; empty when there is nothing to say. */
export function meetingNoteSentences(notes: MeetingTeamNotes | null, formatAt: (instant: string) => string): string[] {
  if (!notes) return []
  const out = [`Last changed by ${notes.lastSaved.byName}, ${formatAt(notes.lastSaved.at)}.`]
  if (notes.conflictFields.length > 0) {
    const parts = notes.conflictFields.map((f) => MEETING_FIELDS[f])
    const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
    const who = [...new Set(notes.versions.map((v) => v.byName))].join(' and ')
    out.push(
      `${who} changed ${list} on two devices at once: both versions are kept and the first is shown. Check the meeting and save it again before it is signed off.`,
    )
  }
  if (notes.editedAfterSignOff.length > 0)
    out.push(`A colleague changed the meeting on their device while or after its decision was signed off: their change is kept but is not part of the signed-off record.`)
  if (notes.signedOffTwice.length > 0) out.push('The decision was signed off on two devices at once: the first sign-off stands and both are kept.')
  return out
}

/** Why the meeting cannot be signed off here yet because of the team's merge; null when it can. */
export function meetingSignOffBlocked(notes: MeetingTeamNotes | null): string | null {
  if (!notes || notes.conflictFields.length === 0) return null
  return 'This meeting was changed on two devices at once: check it and save it again before signing off its decision.'
}

const people = (list: readonly { name: string }[]) => list.map((p) => p.name.trim()).filter(Boolean).join(', ') || 'no one'

/** One part of a version of the meeting, in a line a person reads (for showing two versions side by side). */
export function meetingFieldText(field: MeetingField, m: MeetingVersion): string {
  switch (field) {
    case 'chair':
      return [m.chair.name, m.chair.role, m.chair.agency].filter((x) => x.trim()).join(', ') || 'not named'
    case 'date':
      return m.date ? formatDate(m.date) : 'not set'
    case 'time':
      return m.time ?? 'not set'
    case 'place':
      return m.place || 'not set'
    case 'attendees':
      return people(m.attendees)
    case 'apologies':
      return people(m.apologies)
    case 'agenda':
      return m.agenda.filter((a) => a.trim()).join('; ') || 'empty'
    case 'question':
      return m.question || 'not written'
    case 'outcomeSought':
      return m.outcomeSought || 'not written'
    case 'positions':
      return `${m.positions.raising.agency || 'Raising agency'}: ${m.positions.raising.stated || '—'} · ${m.positions.other.agency || 'Other agency'}: ${m.positions.other.stated || '—'}`
    case 'stageNotes':
      return m.stageNotes.map((n) => `stage ${n.stage}: ${n.tried || '—'}`).join('; ') || 'none'
    case 'decision':
      return m.decision ? m.decision.decision || 'not written' : 'not entered'
  }
}

/** The versions of a meeting changed on two devices at once, each with the parts that differ, for the screen. */
export function meetingConflictVersions(notes: MeetingTeamNotes | null): TeamMeetingVersion[] {
  if (!notes || notes.conflictFields.length === 0) return []
  return notes.versions.map((v) => ({
    version: v.version,
    byName: v.byName,
    at: v.at,
    parts: notes.conflictFields.map((f) => ({ part: MEETING_FIELDS[f].replace(/^the /, ''), text: meetingFieldText(f, v.meeting) })),
  }))
}
