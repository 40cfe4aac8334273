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
import { SUBJECT, type TeamAction, type TeamSettings } from '../domain/team/events'
import type { DisputeView, RecordView } from '../domain/team/merge'
import type { EntityView } from '../domain/team/merge-content'
import type { DisputeDoc } from '../caselog/documents'
import { isMove, same } from '../caselog/team-apply'

/** A new id for a version or transition: this device's id first, so that it is unique across the team. */
export const newVersionId = (deviceId: string): string => `${deviceId.slice(0, 12)}.${randomBytes(6).toString('hex')}`

const contentOf = (r: ContactRecord): ContactRecordContent =>
  Object.fromEntries(CONTENT_FIELDS.map((k) => [k, r[k]])) as ContactRecordContent

function transitionOf(dispute: Dispute, view: DisputeView, id: string): TeamAction {
  const to = dispute.status === 'open' ? 'escalated' : dispute.status
  const effectiveOn = dispute.status === 'open' ? (dispute.stageHistory.at(-1)?.enteredOn ?? dispute.disagreementOn) : civilDateInLondon(dispute.closedAt ?? dispute.openedAt)
  const after = view.needsReview.length > 0 ? view.needsReview.map((t) => t.transitionId) : view.standing ? [view.standing.transitionId] : []
  return { kind: 'transition', disputeId: dispute.id, transitionId: id, to, stage: dispute.currentStage ?? 0, effectiveOn, after, base: view.versions, dispute }
}

function recordActions(record: ContactRecord, view: RecordView | undefined, id: () => string): TeamAction[] {
  const out: TeamAction[] = []
  const { disputeId } = record
  const recordId = record.id
  const content = contentOf(record)
  const known = [...(view?.current ?? []), ...(view?.approved ?? [])]
  let version = known.find((v) => same(v.content, content))?.version
  const teamApproved = view?.status === 'approved'
  if (!version && (record.status === 'draft' || !teamApproved)) {
    version = id()
    out.push({ kind: 'draft-saved', disputeId, recordId, version, after: (view?.current ?? []).map((v) => v.version), recordedAt: record.recordedAt, author: record.author, content })
  }
  if (record.status === 'approved' && record.approval && version && !view?.approved.some((a) => a.version === version))
    out.push({ kind: 'record-approved', disputeId, recordId, version, approval: record.approval })
  const signed = record.countersignature
  if (signed && !view?.countersignatures.some((c) => same(c.countersignature, signed))) out.push({ kind: 'countersigned', disputeId, recordId, countersignature: signed })
  for (const addendum of record.addenda) if (!view?.addenda.some((a) => a.id === addendum.id)) out.push({ kind: 'addendum-added', disputeId, recordId, addendum })
  const ask = record.countersignatureAsk
  if (ask && !(view?.ask && same(view.ask, ask))) out.push({ kind: 'countersignature-asked', disputeId, recordId, ask })
  return out
}

/** What saving this dispute's document here tells the team, given what the team holds of it (if anything). */
export function disputeActions(doc: DisputeDoc, view: DisputeView | undefined, deviceId: string): TeamAction[] {
  const id = () => newVersionId(deviceId)
  const out: TeamAction[] = []
  const dispute = doc.dispute
  if (!view?.content) out.push({ kind: 'dispute-opened', disputeId: dispute.id, version: id(), dispute })
  else if (!same(view.content, dispute)) {
    out.push(isMove(view.content, dispute) ? transitionOf(dispute, view, id()) : { kind: 'dispute-noted', disputeId: dispute.id, version: id(), base: view.versions, dispute })
  }
  for (const record of doc.records) out.push(...recordActions(record, view?.records.find((r) => r.recordId === record.id), id))
  return out
}

/** A new version of one of the whole team's things when the value here is none of the team's current ones. */
function entityAction(entity: EntityView | undefined, matches: (v: EntityView['chosen']['value']) => boolean, make: (after: string[]) => TeamAction): TeamAction[] {
  if (entity?.current.some((v) => matches(v.value))) return []
  return [make(entity?.current.map((v) => v.version) ?? [])]
}

export interface TeamWide {
  children?: Record<string, Child>
  directory?: Record<string, DirectoryEntry>
  imported?: Policy[]
  retired?: PolicyRetirement[]
  settings?: TeamSettings
}

/** What the whole team's things here tell the team: of each kind, only those given. */
export function teamWideActions(here: TeamWide, entities: (subject: string) => EntityView | undefined, deviceId: string): TeamAction[] {
  const id = () => newVersionId(deviceId)
  const out: TeamAction[] = []
  for (const child of Object.values(here.children ?? {})) {
    const subject = SUBJECT.child(child.id)
    out.push(...entityAction(entities(subject), (v) => v.kind === 'child' && same(v.child, child), (after) => ({ kind: 'child-saved', disputeId: subject, version: id(), after, child })))
  }
  for (const entry of Object.values(here.directory ?? {})) {
    const subject = SUBJECT.directory(entry.id)
    out.push(...entityAction(entities(subject), (v) => v.kind === 'directory' && same(v.entry, entry), (after) => ({ kind: 'directory-entry-saved', disputeId: subject, version: id(), after, entry })))
  }
  for (const policy of here.imported ?? []) {
    const subject = SUBJECT.policy(policy.id, policy.version)
    if (!entities(subject)) out.push({ kind: 'policy-imported', disputeId: subject, policy })
  }
  const retired = here.retired
  const held = entities(SUBJECT.retired)
  if (retired && (held || retired.length > 0))
    out.push(...entityAction(held, (v) => v.kind === 'retired' && same(v.retired, retired), (after) => ({ kind: 'policies-retired', disputeId: SUBJECT.retired, version: id(), after, retired })))
  const settings = here.settings
  if (settings)
    out.push(...entityAction(entities(SUBJECT.settings), (v) => v.kind === 'settings' && same(v.settings, settings), (after) => ({ kind: 'team-settings-saved', disputeId: SUBJECT.settings, version: id(), after, settings })))
  return out
}
