/**
 * A dispute's final-stage meeting as the team holds it (docs/team-vault.md, "Merging by meaning"), from every
 * `meeting-saved`, `meeting-signed-off` and `meeting-addendum-added` about the dispute. Pure; depends on the set
 * of events alone.
 *
 * - **Versions.** Each save of the meeting (arranged, its plan or decision record changed) is a version made from
 *   the versions its author had (`after`); the versions nobody names are the current ones.
 * - **Two current versions** (saved on two devices at once) are merged field by field against the latest version
 *   both were made from: a field only one of them changed takes that change (Ben's attendees and Asha's agenda
 *   both stand); a field both changed differently is a **conflict**: both versions are kept and shown as a team
 *   note naming the fields, the version with the smaller id gives the field meanwhile, and sign-off waits until a
 *   person saves the meeting again (a version made from both: the pick). Never a silent last-writer-wins.
 * - **A signed-off decision only adds.** Once a version is signed off it is the meeting's record: nothing received
 *   changes it. A version saved elsewhere while (or after) it was signed off is kept and shown
 *   (`editedAfterSignOff`), not part of the record; two versions signed off at once are both kept
 *   (`signedOffTwice`) and the one signed first (by its writer's clock, then id) stands. Addenda only add.
 */
import type { Meeting } from '../../../shared/meetings'
import type { Addendum, Signature } from '../../../shared/records'
import type { MeetingVersion, TeamAction, TeamEvent } from './events'
import { leavesOf } from './merge-content'

type Of<K extends TeamAction['kind']> = Extract<TeamAction, { kind: K }>

/** The parts of a meeting merged one by one, in the words a person reads them. */
export const MEETING_FIELDS = {
  chair: 'the Chair',
  date: 'the day',
  time: 'the time',
  place: 'the place',
  attendees: 'who attends',
  apologies: 'the apologies',
  agenda: 'the agenda',
  question: 'the question for decision',
  outcomeSought: 'the outcome sought',
  positions: 'the agencies’ positions',
  stageNotes: 'what was tried at each stage',
  decision: 'the decision record',
} as const
export type MeetingField = keyof typeof MEETING_FIELDS
const FIELDS = Object.keys(MEETING_FIELDS) as MeetingField[]

export interface MeetingVersionView {
  version: string
  /** Who saved it (person id), on which device, and when by that device's clock. */
  by: string
  deviceId: string
  at: string
  meeting: MeetingVersion
}

export interface MeetingTeamView {
  /** The meeting as the team holds it: the signed-off version, or the current versions merged. */
  meeting: Meeting
  /** The current versions: what the next version saved on any device is made from. */
  versions: string[]
  /** The same, each as saved. */
  current: MeetingVersionView[]
  /** The version whose sign-off stands; null while the decision is not signed off. */
  signedVersion: string | null
  /** The version shown, or merged from (the newest of the current versions): who made it, and when. */
  lastSaved: MeetingVersionView
  /** Fields two current versions changed differently; their versions are in `conflictVersions`. */
  conflictFields: MeetingField[]
  conflictVersions: MeetingVersionView[]
  /** Versions saved while or after the decision was signed off: kept, not part of the record. */
  editedAfterSignOff: MeetingVersionView[]
  /** More than one version signed off at once: every one of them (the first stands). */
  signedOffTwice: string[]
}

const text = (v: unknown) => JSON.stringify(v)
const byAtThenId = <T extends { at: string; id: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

function ancestors(versions: Map<string, { after: readonly string[] }>, from: string): Set<string> {
  const out = new Set<string>()
  const todo = [...(versions.get(from)?.after ?? [])]
  while (todo.length > 0) {
    const id = todo.pop() as string
    if (out.has(id)) continue
    out.add(id)
    todo.push(...(versions.get(id)?.after ?? []))
  }
  return out
}

/** The latest version every one of `leaves` was made from (the deepest; of two as deep, the smaller id), or null. */
function commonBase(versions: Map<string, { after: readonly string[] }>, leaves: readonly string[]): string | null {
  const sets = leaves.map((l) => ancestors(versions, l))
  const common = [...(sets[0] ?? [])].filter((id) => versions.has(id) && sets.every((s) => s.has(id)))
  const depth = new Map(common.map((id) => [id, ancestors(versions, id).size]))
  return common.sort((a, b) => (depth.get(b) as number) - (depth.get(a) as number) || (a < b ? -1 : 1))[0] ?? null
}

/** The meeting of one dispute from its events (distinct, any order); null when no version has arrived. */
export function mergeMeeting(events: readonly TeamEvent[]): MeetingTeamView | null {
  const versions = new Map<string, { v: MeetingVersionView; after: readonly string[] }>()
  const signOffs: { id: string; at: string; version: string; signOff: Signature }[] = []
  const addenda = new Map<string, { id: string; at: string; addendum: Addendum }>()
  for (const e of events) {
    const a = e.action
    if (a.kind === 'meeting-saved') {
      if (!versions.has(a.version)) versions.set(a.version, { v: { version: a.version, by: e.personId, deviceId: e.deviceId, at: e.at, meeting: a.meeting }, after: a.after })
    } else if (a.kind === 'meeting-signed-off') signOffs.push({ id: e.id, at: e.at, version: (a as Of<'meeting-signed-off'>).version, signOff: a.signOff })
    else if (a.kind === 'meeting-addendum-added' && !addenda.has(a.addendum.id)) addenda.set(a.addendum.id, { id: a.addendum.id, at: a.addendum.at, addendum: a.addendum })
  }
  if (versions.size === 0) return null
  const view = (id: string) => (versions.get(id) as { v: MeetingVersionView }).v
  const leaves = leavesOf(versions, (x) => x.after)
  const added = [...addenda.values()].sort(byAtThenId).map((a) => a.addendum)
  // A sign-off whose version has not arrived yet waits for it (the version comes earlier in its author's chain).
  const signed = signOffs.filter((s) => versions.has(s.version)).sort(byAtThenId)
  const stands = signed[0]
  if (stands) {
    const signedVersions = new Set(signed.map((s) => s.version))
    return {
      meeting: { ...view(stands.version).meeting, signOff: stands.signOff, addenda: added },
      versions: leaves,
      current: leaves.map(view),
      signedVersion: stands.version,
      lastSaved: view(stands.version),
      conflictFields: [],
      conflictVersions: [],
      editedAfterSignOff: leaves.filter((l) => !signedVersions.has(l)).map(view),
      signedOffTwice: signedVersions.size > 1 ? [...signedVersions].sort() : [],
    }
  }
  const current = leaves.map(view)
  const newest = [...current].sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : a.version < b.version ? -1 : 1))[0] as MeetingVersionView
  const chosen = current[0] as MeetingVersionView
  let merged: MeetingVersion = chosen.meeting
  const conflictFields: MeetingField[] = []
  if (current.length > 1) {
    const baseId = commonBase(versions, leaves)
    const base = baseId ? view(baseId).meeting : null
    const fields: Partial<MeetingVersion> = {}
    for (const field of FIELDS) {
      const changed = [...new Map(current.filter((c) => !base || text(c.meeting[field]) !== text(base[field])).map((c) => [text(c.meeting[field]), c.meeting[field]])).values()]
      if (changed.length > 1) conflictFields.push(field)
      // One change: it stands. None: the base's (which every version holds). Two: the chosen version's, meanwhile.
      Object.assign(fields, { [field]: changed.length === 1 ? changed[0] : chosen.meeting[field] })
    }
    const updatedAt = current.map((c) => c.meeting.updatedAt).sort().at(-1) as string
    merged = { ...chosen.meeting, ...fields, updatedAt }
  }
  return {
    meeting: { ...merged, signOff: null, addenda: added },
    versions: leaves,
    current,
    signedVersion: null,
    lastSaved: newest,
    conflictFields,
    conflictVersions: conflictFields.length > 0 ? current : [],
    editedAfterSignOff: [],
    signedOffTwice: [],
  }
}

/**
 * A person keeps one of a meeting's versions saved on two devices at once: the meeting as shown, with every part
 * the versions changed differently taken from the version kept. Parts only one version changed stay as merged,
 * so keeping Ben's place does not undo Asha's new agenda. Saved here, it is a version made from both: the pick.
 */
export function pickedMeeting<M extends MeetingVersion>(shown: M, kept: MeetingVersion, conflictFields: readonly MeetingField[]): M {
  const out = { ...shown }
  for (const field of conflictFields) (out as Record<MeetingField, unknown>)[field] = kept[field]
  return out
}
