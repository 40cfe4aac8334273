/**
 * The bridge for a dispute's final-stage meeting and its retention decisions (docs/team-vault.md, "The bridge"):
 * what a save here tells the team, and what the team's merge becomes here. Compared by content, as the rest of
 * the bridge (bridge-actions.ts, caselog/team-apply.ts), never by the save's name.
 *
 * - A meeting whose plan or decision record here is neither the team's meeting nor the one last applied here is
 *   told as a new version, made from the team's current versions (saving a meeting shown with two versions is the
 *   pick). A sign-off here the team lacks is told naming the version signed (after a new version, when what was
 *   signed is not exactly one the team holds), and each addendum the team lacks as its own event.
 * - A retention decision here (or the tombstone of a disposal here) that the team lacks is told once.
 * - Applied here: the team's meeting, unless it was signed off here (then only addenda it lacks are added); the
 *   retention decisions of a closed dispute, every one kept.
 */
import { randomBytes } from 'node:crypto'
import type { Meeting } from '../../shared/meetings'
import type { MeetingVersion, RetentionDecided, TeamAction } from '../domain/team/events'
import type { MeetingTeamView, MeetingVersionView } from '../domain/team/merge-meeting'
import type { RetentionDecision } from '../domain/retention'
import type { DisposalTombstone, MeetingDoc } from '../caselog/documents'
import type { MeetingTeamNotes } from '../caselog/meeting-notes'
import { same } from '../caselog/team-apply'

const versionId = (deviceId: string): string => `${deviceId.slice(0, 12)}.${randomBytes(6).toString('hex')}`
const versionOf = ({ signOff: _signOff, addenda: _addenda, ...plan }: Meeting): MeetingVersion => plan

/** What saving the dispute's meeting here tells the team; `seen` is the team's meeting as last applied here. */
export function meetingActions(disputeId: string, local: Meeting, now: MeetingTeamView | undefined, seen: MeetingTeamView | undefined, deviceId: string): TeamAction[] {
  const out: TeamAction[] = []
  const mine = (id: string) => id.startsWith(`${deviceId.slice(0, 12)}.`)
  const content = versionOf(local)
  const known = [...(now?.current ?? []), ...(now ? [now.lastSaved] : [])]
  // While two versions differ in a part, a meeting here equal to one of them (not to the merged meeting) is a pick:
  // told as a new version made from both, or the merge would keep showing both.
  const conflicted = (now?.conflictFields.length ?? 0) > 0
  let version = conflicted ? undefined : known.find((v) => same(v.meeting, content))?.version
  if (!version && now?.signedVersion && same(versionOf(now.meeting), content)) version = now.signedVersion
  const told = (view: MeetingTeamView | undefined) => view !== undefined && same(versionOf(view.meeting), content)
  if (!version && (local.signOff !== null || (!told(now) && !told(seen)))) {
    version = versionId(deviceId)
    const after = [...new Set([...(seen ?? now)?.versions ?? [], ...(now?.versions ?? []).filter(mine)])]
    out.push({ kind: 'meeting-saved', disputeId, version, after, meeting: content })
  }
  const signOff = local.signOff
  if (signOff && version && !(now?.meeting.signOff && same(now.meeting.signOff, signOff))) out.push({ kind: 'meeting-signed-off', disputeId, version, signOff })
  for (const addendum of local.addenda) if (!now?.meeting.addenda.some((a) => a.id === addendum.id)) out.push({ kind: 'meeting-addendum-added', disputeId, addendum })
  return out
}

const decided = (d: RetentionDecision): RetentionDecided => ({ decision: d.decision, reason: d.reason, retainUntil: d.retainUntil, decidedAt: d.decidedAt, decidedBy: d.decidedBy })

/** The retention decisions of one dispute here (and its disposal's tombstone) that the team lacks. */
export function retentionActions(disputeId: string, decisions: readonly RetentionDecision[], tombstone: DisposalTombstone | undefined, now: readonly RetentionDecided[] | undefined): TeamAction[] {
  const here = [...decisions, ...(tombstone ? [{ decision: 'dispose' as const, reason: tombstone.reason, retainUntil: null, decidedAt: tombstone.at, decidedBy: tombstone.by }] : [])]
  return here
    .map(decided)
    .filter((d) => d.reason.trim() !== '' && d.decidedBy !== '' && !(now ?? []).some((n) => same(n, d)))
    .map((decision) => ({ kind: 'retention-decided', disputeId, decision }))
}

/** The retention decisions a closed dispute here holds once the team's are added; null when none is new. */
export function appliedRetention(local: readonly RetentionDecision[], team: readonly RetentionDecided[]): RetentionDecision[] | null {
  const lacking = team.filter((t) => !local.some((l) => same(decided(l), t)))
  if (lacking.length === 0) return null
  return [...local, ...lacking].sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0))
}

/**
 * The meeting's document as the team holds it, given the one here (or none); null when nothing changes. A meeting
 * signed off here is never overwritten: only addenda it lacks are added.
 */
export function appliedMeeting(local: MeetingDoc | null, view: MeetingTeamView, nameOf: (deviceId: string) => string | null): MeetingDoc | null {
  const here = local?.meeting
  const meeting: Meeting = here?.signOff
    ? { ...here, addenda: [...here.addenda, ...view.meeting.addenda.filter((a) => !here.addenda.some((b) => b.id === a.id))] }
    : view.meeting
  const named = (v: MeetingVersionView) => nameOf(v.deviceId) ?? 'A colleague'
  const concerned = view.conflictFields.length > 0 ? view.conflictVersions : view.editedAfterSignOff
  const team: MeetingTeamNotes = {
    lastSaved: { byPersonId: view.lastSaved.by, byName: named(view.lastSaved), at: view.lastSaved.at },
    conflictFields: view.conflictFields,
    versions: concerned.map((v) => ({ version: v.version, byPersonId: v.by, byName: named(v), at: v.at, meeting: v.meeting })),
    editedAfterSignOff: view.editedAfterSignOff.map((v) => v.version),
    signedOffTwice: view.signedOffTwice,
  }
  const next: MeetingDoc = { format: 2, meeting, team }
  return local && same(local, next) ? null : next
}
