/**
 * The team's merged case log, computed from the set of every event received (docs/team-vault.md, "Merging by
 * meaning"). The result depends only on which events are in the set — never on the order they arrived in or
 * on any device's clock — so every device that has received the same events shows the same state.
 *
 * - Disputes and records from different devices merge as a union.
 * - Approved records, addenda and countersignatures only add: nothing a device receives removes them.
 * - A draft belongs to its author (and to whoever took it over). Versions that do not descend from one
 *   another are both kept and approval waits until a person saves one version made from both ("picks").
 * - A set-aside draft is kept but is not part of the record.
 * - Transitions of one dispute that do not descend from one another are all kept and the dispute "needs
 *   review"; its deadlines follow the transition with the earlier effective date.
 */
import type { Dispute } from '../../../shared/dispute'
import type { Addendum, ContactRecordContent, CountersignatureAsk, RecordAuthor, Signature } from '../../../shared/records'
import { isDisputeSubject, type RetentionDecided, type TeamAction, type TeamEvent, type TeamStoredFile } from './events'
import { disputeContent, leavesOf, mergeEntity, type DisputeSnapshot, type EntityView } from './merge-content'
import { mergeMeeting, type MeetingTeamView } from './merge-meeting'

type Of<K extends TeamAction['kind']> = Extract<TeamAction, { kind: K }>

export interface Version {
  version: string
  by: string
  at: string
  recordedAt: string
  author: RecordAuthor
  content: ContactRecordContent
}

export interface ApprovedVersion extends Version {
  approval: Signature
}

export type RecordConflict =
  /** Two versions of the draft were saved at once: approval waits until one is picked. */
  | { kind: 'two-versions'; versions: string[] }
  /** A version was saved on another device while (or after) the record was approved: kept, not part of it. */
  | { kind: 'edited-after-approval'; versions: string[] }
  /** Two different versions were approved at once: both are kept as approved. */
  | { kind: 'approved-twice'; versions: string[] }
  /** Someone set the draft aside while someone else approved it: it stays approved. */
  | { kind: 'set-aside-after-approval'; by: string[] }
  /** A save or approval by someone who neither wrote the draft nor took it over: kept out of the record. */
  | { kind: 'not-the-author'; events: string[] }
  /** An addendum or countersignature arrived before the approval it follows. */
  | { kind: 'approval-not-received'; events: string[] }

/** A file the record holds, as the team holds it: the event that added it (its id names it) and who did. */
export interface RecordFileView {
  eventId: string
  by: string
  file: TeamStoredFile
}

export interface RecordView {
  recordId: string
  author: string | null
  /** The author and everyone who took the draft over, sorted. */
  owners: string[]
  status: 'draft' | 'approved' | 'set-aside'
  /** The versions nobody has superseded (one, unless two were saved at once). */
  current: Version[]
  approved: ApprovedVersion[]
  addenda: (Addendum & { by: string })[]
  countersignatures: { by: string; at: string; countersignature: Signature }[]
  /** The latest countersignature asked (by when it was asked), or null. */
  ask: CountersignatureAsk | null
  takenOver: { by: string; at: string; reason: string }[]
  setAside: { by: string; at: string; reason: string }[]
  /**
   * Its stored files, in the order added: every `file-added` no `file-removed` names (a file added after
   * approval is a dated addition and is never removed).
   */
  files: RecordFileView[]
  /** Files removed from the draft (so a device that holds one removes it too). */
  filesRemoved: RecordFileView[]
  conflicts: RecordConflict[]
}

export interface TransitionView {
  transitionId: string
  by: string
  at: string
  to: 'escalated' | 'resolved' | 'withdrawn'
  stage: number
  effectiveOn: string
  /** Set on a review decision: the transition it kept. */
  decides?: { keep: string; reason: string }
}

/** Two versions of a dispute's details were saved at once: both are kept and shown. */
export type DisputeConflict = { kind: 'two-versions'; versions: string[] }

export interface DisputeView {
  disputeId: string
  opened: { by: string; at: string; stage: number; openedOn: string } | null
  /** The dispute as the team holds it (see merge-content.ts); null until its opening arrives. */
  content: Dispute | null
  /** Its current versions: what the next version saved on any device is made from (`base`). */
  versions: string[]
  conflicts: DisputeConflict[]
  transitions: TransitionView[]
  /** What the dispute's deadlines follow: the latest transition, or while it needs review the earlier one. */
  standing: TransitionView | null
  /** The concurrent transitions a person must decide between (empty when none). */
  needsReview: TransitionView[]
  records: RecordView[]
  /** Its final-stage meeting (merge-meeting.ts), once a version of it has arrived. */
  meeting?: MeetingTeamView
  /** Its retention decisions, every one kept (they only add), by when they were taken. */
  retention?: RetentionDecided[]
  /** Set for the whole team's things (a child, a directory entry …), whose `disputeId` names them. */
  entity?: EntityView
}

export interface TeamState {
  disputes: DisputeView[]
}

const byId = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
const byAtThenId = <T extends { at: string }>(id: (t: T) => string) => (a: T, b: T) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : byId(id)(a, b)

/** One event per id: a repeated id (a duplicated file) counts once; should two differ, the smaller text wins. */
function distinct(events: readonly TeamEvent[]): TeamEvent[] {
  // Two events with one id are rare (a forged or replayed file): only then are their texts made and compared.
  const out = new Map<string, { e: TeamEvent; text: string | null }>()
  for (const e of events) {
    const have = out.get(e.id)
    if (!have) {
      out.set(e.id, { e, text: null })
      continue
    }
    have.text ??= JSON.stringify(have.e)
    const text = JSON.stringify(e)
    if (text < have.text) out.set(e.id, { e, text })
  }
  return [...out.values()].map((v) => v.e).sort(byId((e) => e.id))
}

export function mergeTeam(all: readonly TeamEvent[]): TeamState {
  const perDispute = new Map<string, TeamEvent[]>()
  for (const e of all) {
    const list = perDispute.get(e.action.disputeId) ?? []
    list.push(e)
    perDispute.set(e.action.disputeId, list)
  }
  const disputes = [...perDispute.entries()].map(([id, events]) => mergeDispute(id, events))
  return { disputes: disputes.sort(byId((d) => d.disputeId)) }
}

/**
 * One dispute from every event about it (any order, repeats allowed): what `mergeTeam` gives for it, so a device
 * can merge again only the disputes that new events touch.
 */
export function mergeDispute(disputeId: string, all: readonly TeamEvent[]): DisputeView {
  const events = distinct(all)
  if (!isDisputeSubject(disputeId)) {
    const entity = mergeEntity(events)
    return { disputeId, opened: null, content: null, versions: [], conflicts: [], transitions: [], standing: null, needsReview: [], records: [], ...(entity ? { entity } : {}) }
  }
  let opened: DisputeView['opened'] = null
  const snapshots = new Map<string, DisputeSnapshot>()
  const transitions = new Map<string, { view: TransitionView; after: readonly string[] }>()
  const perRecord = new Map<string, TeamEvent[]>()
  const aboutMeeting: TeamEvent[] = []
  const retention = new Map<string, RetentionDecided>()
  for (const e of events) {
    const a = e.action
    if (a.kind === 'meeting-saved' || a.kind === 'meeting-signed-off' || a.kind === 'meeting-addendum-added') aboutMeeting.push(e)
    else if (a.kind === 'retention-decided') retention.set(JSON.stringify(a.decision), a.decision)
    else if (a.kind === 'dispute-opened') {
      if (!opened) opened = { by: e.personId, at: e.at, stage: a.dispute.currentStage ?? 0, openedOn: a.dispute.stageHistory[0]?.enteredOn ?? a.dispute.disagreementOn }
      if (!snapshots.has(a.version)) snapshots.set(a.version, { version: a.version, base: [], dispute: a.dispute })
    } else if (a.kind === 'dispute-noted') {
      if (!snapshots.has(a.version)) snapshots.set(a.version, { version: a.version, base: a.base, dispute: a.dispute })
    } else if (a.kind === 'transition') {
      if (!snapshots.has(a.transitionId)) snapshots.set(a.transitionId, { version: a.transitionId, base: a.base, dispute: a.dispute })
      transitions.set(a.transitionId, {
        view: { transitionId: a.transitionId, by: e.personId, at: e.at, to: a.to, stage: a.stage, effectiveOn: a.effectiveOn },
        after: a.after,
      })
    } else if (a.kind === 'review-decided') {
      transitions.set(a.transitionId, {
        view: { transitionId: a.transitionId, by: e.personId, at: e.at, to: 'escalated', stage: 0, effectiveOn: '', decides: { keep: a.keep, reason: a.reason } },
        after: a.after,
      })
    } else if ('recordId' in a) {
      const list = perRecord.get(a.recordId) ?? []
      list.push(e)
      perRecord.set(a.recordId, list)
    }
  }
  // A decision stands for the transition it kept.
  const effective = (id: string, depth = 0): TransitionView | null => {
    const t = transitions.get(id)?.view
    if (!t) return null
    if (!t.decides) return t
    return depth > 64 ? null : effective(t.decides.keep, depth + 1)
  }
  for (const t of transitions.values()) {
    const kept = t.view.decides ? effective(t.view.decides.keep) : null
    if (kept) Object.assign(t.view, { to: kept.to, stage: kept.stage, effectiveOn: kept.effectiveOn })
  }
  const leaves = leavesOf(transitions, (t) => t.after).map((id) => (transitions.get(id) as { view: TransitionView }).view)
  const earliest = [...leaves].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : byId<TransitionView>((t) => t.transitionId)(a, b)))
  const standing = earliest[0] ?? null
  // Where the dispute stands follows the move that stands: a decision's kept transition, else the standing one.
  const moved = (t: TransitionView | null, depth = 0): string | null =>
    !t ? null : !t.decides ? t.transitionId : depth > 64 ? null : moved(transitions.get(t.decides.keep)?.view ?? null, depth + 1)
  const moves = new Set([...transitions.values()].flatMap((t) => (t.view.decides ? [] : [t.view.transitionId])))
  const content = disputeContent(snapshots, moved(standing), moves)
  const meeting = aboutMeeting.length > 0 ? mergeMeeting(aboutMeeting) : null
  const decisions = [...retention.entries()].sort(([ka, a], [kb, b]) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : ka < kb ? -1 : 1)).map(([, d]) => d)
  return {
    ...(meeting ? { meeting } : {}),
    ...(decisions.length > 0 ? { retention: decisions } : {}),
    disputeId,
    opened,
    content: content?.dispute ?? null,
    versions: content?.versions ?? [],
    conflicts: content && content.detailVersions.length > 0 ? [{ kind: 'two-versions', versions: content.detailVersions }] : [],
    transitions: [...transitions.values()].map((t) => t.view).sort(byAtThenId((t) => t.transitionId)),
    standing,
    needsReview: leaves.length > 1 ? earliest : [],
    records: [...perRecord.entries()].map(([id, list]) => mergeRecord(id, list)).sort(byId((r) => r.recordId)),
  }
}

function mergeRecord(recordId: string, events: TeamEvent[]): RecordView {
  const saves = events.filter((e): e is TeamEvent & { action: Of<'draft-saved'> } => e.action.kind === 'draft-saved')
  const firsts = saves.filter((e) => e.action.after.length === 0)
  const author = firsts[0]?.personId ?? null
  const takenOver = events
    .filter((e): e is TeamEvent & { action: Of<'draft-taken-over'> } => e.action.kind === 'draft-taken-over')
    .map((e) => ({ by: e.personId, at: e.at, reason: e.action.reason }))
    .sort(byAtThenId((t) => t.by))
  const owners = [...new Set([...(author ? [author] : []), ...takenOver.map((t) => t.by)])].sort()
  const isOwner = (person: string) => owners.includes(person)
  const conflicts: RecordConflict[] = []
  const strangers: string[] = []

  const versions = new Map<string, { v: Version; after: readonly string[] }>()
  for (const e of saves) {
    if (!isOwner(e.personId)) strangers.push(e.id)
    else if (!versions.has(e.action.version)) {
      const { version, recordedAt, author, content, after } = e.action
      versions.set(version, { v: { version, by: e.personId, at: e.at, recordedAt, author, content }, after })
    }
  }
  const current = leavesOf(versions, (x) => x.after).map((id) => (versions.get(id) as { v: Version }).v)

  const approvedIds = new Set<string>()
  const approvedBy = new Map<string, { by: string; at: string; approval: Signature }>()
  for (const e of events) {
    if (e.action.kind !== 'record-approved') continue
    if (!isOwner(e.personId)) {
      strangers.push(e.id)
      continue
    }
    approvedIds.add(e.action.version)
    const had = approvedBy.get(e.action.version)
    if (!had || e.at < had.at) approvedBy.set(e.action.version, { by: e.personId, at: e.at, approval: e.action.approval })
  }
  // An approval whose version has not arrived yet waits for it (the version's file comes before it on its
  // author's chain, so this lasts only while that chain is broken).
  const approved = [...approvedIds].sort().flatMap((version): ApprovedVersion[] => {
    const v = versions.get(version)?.v
    const who = approvedBy.get(version) as { by: string; at: string; approval: Signature }
    return v ? [{ ...v, by: who.by, at: who.at, approval: who.approval }] : []
  })

  const addenda = events
    .filter((e): e is TeamEvent & { action: Of<'addendum-added'> } => e.action.kind === 'addendum-added')
    .map((e) => ({ ...e.action.addendum, by: e.personId, eventId: e.id }))
    .filter((a, i, list) => list.findIndex((o) => o.id === a.id) === i)
    .sort(byAtThenId((a) => a.id))
  const countersigned = events.filter((e): e is TeamEvent & { action: Of<'countersigned'> } => e.action.kind === 'countersigned')
  const asks = events
    .flatMap((e) => (e.action.kind === 'countersignature-asked' ? [e.action.ask] : []))
    .sort((a, b) => (a.askedAt < b.askedAt ? -1 : a.askedAt > b.askedAt ? 1 : JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  const setAside = events
    .filter((e): e is TeamEvent & { action: Of<'draft-set-aside'> } => e.action.kind === 'draft-set-aside')
    .map((e) => ({ by: e.personId, at: e.at, reason: e.action.reason }))
    .sort(byAtThenId((s) => s.by))

  const removed = new Set(events.flatMap((e) => (e.action.kind === 'file-removed' ? e.action.added : [])))
  const added = events
    .filter((e): e is TeamEvent & { action: Of<'file-added'> } => e.action.kind === 'file-added')
    .map((e) => ({ eventId: e.id, by: e.personId, file: e.action.file }))
    .sort((a, b) => (a.file.addedAt < b.file.addedAt ? -1 : a.file.addedAt > b.file.addedAt ? 1 : a.eventId < b.eventId ? -1 : 1))
  const stays = (f: RecordFileView) => f.file.afterApproval || !removed.has(f.eventId)

  if (approved.length > 0) {
    if (approved.length > 1) conflicts.push({ kind: 'approved-twice', versions: approved.map((a) => a.version) })
    const later = current.filter((v) => !approvedIds.has(v.version)).map((v) => v.version)
    if (later.length > 0) conflicts.push({ kind: 'edited-after-approval', versions: later })
    if (setAside.length > 0) conflicts.push({ kind: 'set-aside-after-approval', by: [...new Set(setAside.map((s) => s.by))].sort() })
  } else {
    if (current.length > 1) conflicts.push({ kind: 'two-versions', versions: current.map((v) => v.version) })
    const early = [...addenda.map((a) => a.eventId), ...countersigned.map((e) => e.id)].sort()
    if (early.length > 0) conflicts.push({ kind: 'approval-not-received', events: early })
  }
  if (strangers.length > 0) conflicts.push({ kind: 'not-the-author', events: strangers.sort() })

  return {
    recordId,
    author,
    owners,
    status: approved.length > 0 ? 'approved' : setAside.length > 0 ? 'set-aside' : 'draft',
    current,
    approved,
    addenda: addenda.map(({ eventId: _eventId, ...a }) => a),
    countersignatures: countersigned.map((e) => ({ by: e.personId, at: e.at, countersignature: e.action.countersignature })).sort(byAtThenId((c) => c.by)),
    ask: asks.at(-1) ?? null,
    takenOver,
    setAside,
    files: added.filter(stays),
    filesRemoved: added.filter((f) => !stays(f)),
    conflicts,
  }
}

/** Disputes in the order `mergeTeam` gives them. */
export const sortDisputes = (disputes: DisputeView[]): DisputeView[] => disputes.sort(byId((d) => d.disputeId))

/** Why a draft cannot be approved yet, in words; null when it can. */
export function approvalBlocked(record: RecordView): string | null {
  if (record.status === 'approved') return 'This record is approved already.'
  if (record.status === 'set-aside') return 'This draft was set aside, so it is not part of the record.'
  if (record.current.length > 1)
    return `This draft was edited on two devices at once: pick one of its ${record.current.length} versions before approving it.`
  return null
}

/** Why a dispute cannot move on yet, in words; null when it can. */
export function transitionBlocked(dispute: DisputeView): string | null {
  if (dispute.needsReview.length > 1)
    return 'This dispute needs review: it was moved on two devices at once. Decide which change stands before moving it on.'
  return null
}
