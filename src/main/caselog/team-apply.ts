/**
 * From the team's merged state to this device's case log (docs/team-vault.md, "From the team to the case
 * log"): what a dispute's document, a child, a directory entry, the policies and the team's settings become
 * once what others wrote is merged. Pure: src/main/team/bridge.ts reads the case log, asks these functions,
 * and commits what changed through `CaseLog.applyTeam` in one audited batch.
 *
 * - Idempotent: a value already as the team holds it gives no change (compared with keys in any order).
 * - An approved record here is never overwritten: only countersignatures and addenda it lacks are added.
 * - A draft takes the team's current version; with two, the one with the smaller version id is shown and both
 *   are kept in the dispute's team notes, where approval waits for a pick (`teamApprovalRefusal`).
 * - Where the dispute stands (and so its deadlines) follows the merge: while moves made at once need review,
 *   the earlier one; the notes list them and `teamTransitionRefusal` stops any further move until decided.
 */
import { AppError } from '../../shared/errors'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import type { ContactRecord } from '../../shared/records'
import type { DisputeView, RecordView } from '../domain/team/merge'
import type { EntityView } from '../domain/team/merge-content'
import type { DisputeDoc } from './documents'
import type { TeamNotes } from './team-notes'

/** JSON text with every object's keys sorted: two values that differ only in key order give the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  )
}

export const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b)

/** The record as the team holds it, given the one here (or none); null when the team has nothing to show yet. */
function appliedRecord(disputeId: string, local: ContactRecord | undefined, view: RecordView): ContactRecord | null {
  const lacking = (r: ContactRecord): ContactRecord => {
    const addenda = [...r.addenda, ...view.addenda.filter((a) => !r.addenda.some((b) => b.id === a.id)).map(({ by: _by, ...a }) => a)]
    const countersignature = r.countersignature ?? view.countersignatures[0]?.countersignature ?? null
    return { ...r, addenda, countersignature, countersignatureAsk: r.countersignatureAsk ?? view.ask }
  }
  if (local?.status === 'approved') return lacking(local)
  const approved = view.approved[0]
  const shown = approved ?? view.current[0]
  if (!shown) return local ?? null
  const first = [...view.current, ...view.approved].find((v) => v.author.personId === view.author) ?? shown
  const record: ContactRecord = {
    ...shown.content,
    id: view.recordId,
    disputeId,
    recordedAt: local?.recordedAt ?? first.recordedAt,
    author: local?.author ?? first.author,
    status: approved ? 'approved' : 'draft',
    approval: approved ? approved.approval : null,
    countersignature: null,
    countersignatureAsk: local?.countersignatureAsk ?? null,
    files: local?.files ?? [],
    addenda: local?.addenda ?? [],
  }
  return lacking(record)
}

function notesOf(view: DisputeView, sameReference: string[]): TeamNotes | null {
  const records = view.records.flatMap((r) => {
    const kinds = [...new Set([...r.conflicts.map((c) => c.kind), ...(r.status === 'set-aside' ? (['set-aside'] as const) : [])])]
    if (kinds.length === 0 && r.takenOver.length === 0 && r.setAside.length === 0) return []
    const two = r.conflicts.find((c) => c.kind === 'two-versions' || c.kind === 'edited-after-approval' || c.kind === 'approved-twice')
    const wanted = new Set(two && 'versions' in two ? two.versions : [])
    const versions = [...r.current, ...r.approved]
      .filter((v, i, all) => wanted.has(v.version) && all.findIndex((o) => o.version === v.version) === i)
      .map((v) => ({ version: v.version, byPersonId: v.by, at: v.at, content: v.content }))
    // Each take-over is from the draft's author, or from whoever took it over before.
    const takenOver = r.takenOver.map((t, i) => ({ byPersonId: t.by, at: t.at, reason: t.reason, fromPersonId: i === 0 ? r.author : (r.takenOver[i - 1] as { by: string }).by }))
    const setAside = r.setAside.map((s) => ({ byPersonId: s.by, at: s.at, reason: s.reason }))
    return [{ recordId: r.recordId, conflicts: kinds, versions, takenOver, setAside }]
  })
  const needsReview = view.needsReview.map((t) => ({ transitionId: t.transitionId, to: t.to, stage: t.stage, effectiveOn: t.effectiveOn, byPersonId: t.by, at: t.at }))
  const detailVersions = view.conflicts.flatMap((c) => c.versions)
  const nothing = needsReview.length === 0 && detailVersions.length === 0 && records.length === 0 && sameReference.length === 0
  return nothing ? null : { needsReview, detailVersions, sameReference, records }
}

/**
 * The dispute's document as the team holds it, given the one here (or none), the children as they will be and
 * the other disputes that hold its reference; null when nothing changes (or its opening has not arrived yet).
 */
export function appliedDispute(local: DisputeDoc | null, view: DisputeView, children: Record<string, Child>, sameReference: string[] = []): DisputeDoc | null {
  if (!view.content) return null
  const dispute = view.content
  const records = [...(local?.records ?? [])]
  for (const rv of view.records) {
    const at = records.findIndex((r) => r.id === rv.recordId)
    const next = appliedRecord(dispute.id, at >= 0 ? records[at] : undefined, rv)
    if (!next) continue
    if (at >= 0) records[at] = next
    else records.push(next)
  }
  const childNames = dispute.childIds.flatMap((id) => (Object.hasOwn(children, id) ? [(children[id] as Child).name] : []))
  const next: DisputeDoc = {
    format: 6,
    dispute,
    childNames: childNames.length > 0 || !local ? childNames : local.childNames,
    records,
    team: notesOf(view, sameReference),
  }
  return local && same(local, next) ? null : next
}

/** The value of one of the whole team's things, when it differs from the one here. */
export function changedEntity<T>(entity: EntityView, local: T | undefined, pick: (e: EntityView['chosen']['value']) => T | undefined): T | null {
  const value = pick(entity.chosen.value)
  if (value === undefined) return null
  // A value here that is one of the current versions (two saved at once) stays until a person saves again.
  if (local !== undefined && entity.current.some((v) => same(pick(v.value), local))) return null
  return value
}

/** Why a record cannot be approved here yet because of the team's merge, in words; null when it can. */
export function teamApprovalRefusal(doc: DisputeDoc, recordId: string): AppError | null {
  const notes = doc.team?.records.find((r) => r.recordId === recordId)
  if (notes?.conflicts.includes('two-versions'))
    return new AppError(
      'record-two-versions',
      `This draft was edited on two devices at once: pick one of its ${notes.versions.length} versions (or write one from both) before approving it.`,
    )
  if (notes?.conflicts.includes('set-aside')) return new AppError('record-set-aside', 'This draft was set aside by a colleague, so it is not part of the record.')
  return null
}

/** Whether going from `a` to `b` moves the dispute on (its status, route, stage or stages entered change). */
export const isMove = (a: Dispute, b: Dispute): boolean =>
  a.status !== b.status || a.route !== b.route || a.currentStage !== b.currentStage || a.stageHistory.length !== b.stageHistory.length

/** Why the dispute cannot be moved on here yet because of the team's merge, in words; null when it can. */
export function teamTransitionRefusal(doc: DisputeDoc): AppError | null {
  if ((doc.team?.needsReview.length ?? 0) > 1)
    return new AppError(
      'dispute-needs-review',
      'This dispute needs review: it was moved on two devices at once. Decide which change stands before moving it on.',
    )
  return null
}
