/**
 * From the case log to the team (docs/team-vault.md, "From the case log to the team"): what a save here tells
 * the others, found by comparing what the case log now holds with what the team holds — never by the save's
 * name. So a save the team already knows of (one written here from the team's merge) tells nothing, and a save
 * tells only what it changed: a new record its draft (and approval, countersignature, addenda), an edited draft
 * a version made from the team's current ones, a dispute moved on a transition, anything else on the dispute
 * a note, a child or directory entry its new version.
 */
import { randomBytes } from 'node:crypto'
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { Policy, PolicyRetirement } from '../../shared/policy'
import { CONTENT_FIELDS, type ContactRecord, type ContactRecordContent } from '../../shared/records'
import { civilDateInLondon } from '../domain/calendar'
import { SUBJECT, type TeamAction, type TeamCalendar, type TeamSettings } from '../domain/team/events'
import type { DisputeView, RecordView } from '../domain/team/merge'
import type { EntityView } from '../domain/team/merge-content'
import type { DisputeDoc } from '../caselog/documents'
import { isMove, same } from '../caselog/team-apply'

/** A new id for a version or transition: this device's id first, so that it is unique across the team. */
export const newVersionId = (deviceId: string): string => `${deviceId.slice(0, 12)}.${randomBytes(6).toString('hex')}`

const contentOf = (r: ContactRecord): ContactRecordContent =>
  Object.fromEntries(CONTENT_FIELDS.map((k) => [k, r[k]])) as ContactRecordContent

/**
 * What a save is compared with: `now`, what the team holds (so that nothing it has already is told again), and
 * `seen`, the team's view as last applied here — what the person saw — from which a new version is made. A
 * version this device wrote since (its id begins with this device's) was seen too. The two differ only while
 * a sync has merged others' changes that are not yet applied here; then a change here is made from what the
 * person saw, concurrent with those, and never written back over them.
 */
interface Against<V> {
  now: V | undefined
  seen: V | undefined
  mine: (id: string) => boolean
}

const uniq = (ids: string[]): string[] => [...new Set(ids)]
const madeFrom = (seen: readonly string[], now: readonly string[], mine: (id: string) => boolean): string[] => uniq([...seen, ...now.filter(mine)])
const minePrefix = (deviceId: string) => (id: string) => id.startsWith(`${deviceId.slice(0, 12)}.`)

function transitionOf(dispute: Dispute, v: Against<DisputeView>, id: string): TeamAction {
  const to = dispute.status === 'open' ? 'escalated' : dispute.status
  const effectiveOn = dispute.status === 'open' ? (dispute.stageHistory.at(-1)?.enteredOn ?? dispute.disagreementOn) : civilDateInLondon(dispute.closedAt ?? dispute.openedAt)
  const latest = (view: DisputeView | undefined) => (!view ? [] : view.needsReview.length > 0 ? view.needsReview.map((t) => t.transitionId) : view.standing ? [view.standing.transitionId] : [])
  const after = madeFrom(latest(v.seen), latest(v.now), v.mine)
  const base = madeFrom(v.seen?.versions ?? [], v.now?.versions ?? [], v.mine)
  return { kind: 'transition', disputeId: dispute.id, transitionId: id, to, stage: dispute.currentStage ?? 0, effectiveOn, after, base, dispute }
}

function recordActions(record: ContactRecord, v: Against<RecordView>, id: () => string): TeamAction[] {
  const out: TeamAction[] = []
  const { disputeId } = record
  const recordId = record.id
  const content = contentOf(record)
  const now = v.now
  const held = [...(now?.current ?? []), ...(now?.approved ?? [])]
  let version = held.find((x) => same(x.content, content))?.version
  if (!version && (record.status === 'draft' || now?.status !== 'approved')) {
    version = id()
    const after = madeFrom((v.seen?.current ?? []).map((x) => x.version), (now?.current ?? []).map((x) => x.version), v.mine)
    out.push({ kind: 'draft-saved', disputeId, recordId, version, after, recordedAt: record.recordedAt, author: record.author, content })
  }
  if (record.status === 'approved' && record.approval && version && !now?.approved.some((a) => a.version === version))
    out.push({ kind: 'record-approved', disputeId, recordId, version, approval: record.approval })
  const signed = record.countersignature
  if (signed && !now?.countersignatures.some((c) => same(c.countersignature, signed))) out.push({ kind: 'countersigned', disputeId, recordId, countersignature: signed })
  for (const addendum of record.addenda) if (!now?.addenda.some((a) => a.id === addendum.id)) out.push({ kind: 'addendum-added', disputeId, recordId, addendum })
  const ask = record.countersignatureAsk
  if (ask && !(now?.ask && same(now.ask, ask)) && !(v.seen?.ask && same(v.seen.ask, ask))) out.push({ kind: 'countersignature-asked', disputeId, recordId, ask })
  return out
}

/**
 * What saving this dispute's document here tells the team, given what the team holds of it now and what was
 * last applied here (`seen`; the same as `now` when nothing was). A change is told only where the dispute here
 * differs from both: a dispute the person did not change is not told again because the team moved on meanwhile.
 */
export function disputeActions(doc: DisputeDoc, now: DisputeView | undefined, seen: DisputeView | undefined, deviceId: string): TeamAction[] {
  const id = () => newVersionId(deviceId)
  const mine = minePrefix(deviceId)
  const out: TeamAction[] = []
  const dispute = doc.dispute
  const saw = seen ?? now
  if (!now?.content) out.push({ kind: 'dispute-opened', disputeId: dispute.id, version: id(), dispute })
  else if (!same(now.content, dispute) && !(saw?.content && same(saw.content, dispute))) {
    const base = madeFrom(saw?.versions ?? [], now.versions, mine)
    out.push(isMove(saw?.content ?? now.content, dispute) ? transitionOf(dispute, { now, seen: saw, mine }, id()) : { kind: 'dispute-noted', disputeId: dispute.id, version: id(), base, dispute })
  }
  for (const record of doc.records) {
    const of = (view: DisputeView | undefined) => view?.records.find((r) => r.recordId === record.id)
    out.push(...recordActions(record, { now: of(now), seen: of(saw), mine }, id))
  }
  return out
}

/**
 * A new version of one of the whole team's things when the value here is none of the team's current ones and
 * not what was last applied here either.
 */
function entityAction(
  now: EntityView | undefined,
  seen: EntityView | undefined,
  matches: (v: EntityView['chosen']['value']) => boolean,
  make: (after: string[]) => TeamAction,
  mine: (id: string) => boolean,
): TeamAction[] {
  if (now?.current.some((v) => matches(v.value)) || (seen && matches(seen.chosen.value))) return []
  return [make(madeFrom((seen ?? now)?.current.map((v) => v.version) ?? [], now?.current.map((v) => v.version) ?? [], mine))]
}

export interface TeamWide {
  children?: Record<string, Child>
  directory?: Record<string, DirectoryEntry>
  imported?: Policy[]
  retired?: PolicyRetirement[]
  settings?: TeamSettings
  calendar?: TeamCalendar
}

/**
 * What the whole team's things here tell the team: of each kind, only those given. `now` and `seen` give a
 * subject's view as the team holds it and as last applied here (see `Against`).
 */
export function teamWideActions(here: TeamWide, now: (subject: string) => EntityView | undefined, seen: (subject: string) => EntityView | undefined, deviceId: string): TeamAction[] {
  const id = () => newVersionId(deviceId)
  const mine = minePrefix(deviceId)
  const out: TeamAction[] = []
  const told = (subject: string, matches: (v: EntityView['chosen']['value']) => boolean, make: (after: string[]) => TeamAction) =>
    out.push(...entityAction(now(subject), seen(subject), matches, make, mine))
  for (const child of Object.values(here.children ?? {})) {
    const subject = SUBJECT.child(child.id)
    told(subject, (v) => v.kind === 'child' && same(v.child, child), (after) => ({ kind: 'child-saved', disputeId: subject, version: id(), after, child }))
  }
  for (const entry of Object.values(here.directory ?? {})) {
    const subject = SUBJECT.directory(entry.id)
    told(subject, (v) => v.kind === 'directory' && same(v.entry, entry), (after) => ({ kind: 'directory-entry-saved', disputeId: subject, version: id(), after, entry }))
  }
  for (const policy of here.imported ?? []) {
    const subject = SUBJECT.policy(policy.id, policy.version)
    if (!now(subject)) out.push({ kind: 'policy-imported', disputeId: subject, policy })
  }
  const retired = here.retired
  if (retired && (now(SUBJECT.retired) || retired.length > 0))
    told(SUBJECT.retired, (v) => v.kind === 'retired' && same(v.retired, retired), (after) => ({ kind: 'policies-retired', disputeId: SUBJECT.retired, version: id(), after, retired }))
  const settings = here.settings
  if (settings) told(SUBJECT.settings, (v) => v.kind === 'settings' && same(v.settings, settings), (after) => ({ kind: 'team-settings-saved', disputeId: SUBJECT.settings, version: id(), after, settings }))
  const calendar = here.calendar
  if (calendar) told(SUBJECT.calendar, (v) => v.kind === 'calendar' && same(v.calendar, calendar), (after) => ({ kind: 'calendar-saved', disputeId: SUBJECT.calendar, version: id(), after, calendar }))
  return out
}
