/**
 * What goes out to the child's file, one record or one stage at a time (issue 21). Solihull, stage 1:
 * "Any action agreed should be recorded … and saved on the child's file held by each involved agency";
 * Wolverhampton 2.10: "a record of the intra- and inter-agency discussion … should be placed on the
 * child's record". Only what has been signed off goes: a draft is refused by name, and a stage's drafts
 * are counted so the document can say how many were left out.
 */
import { AppError } from '../../shared/errors'
import type { Dispute, StageVisit } from '../../shared/dispute'
import type { ContactRecord } from '../../shared/records'
import { recordLabel } from './records'

/** The stage a record or visit belongs to: a stage number, or 'emergency' for the policy's emergency route. */
export type StageOfRecord = ContactRecord['stage']

/** The approved record `recordId`, or why it cannot go out: not found, or a draft (named). */
export function signedOffRecord(records: readonly ContactRecord[], recordId: string): ContactRecord {
  const record = records.find((r) => r.id === recordId)
  if (!record) throw new AppError('record-not-found', 'There is no such record in this dispute.')
  if (record.status !== 'approved' || record.approval === null)
    throw new AppError(
      'record-not-approved',
      `The record of the ${recordLabel(record).replace(/^./, (c) => c.toLowerCase())} is a draft: it must be approved before it can go on the child’s file.`,
    )
  return record
}

const visitStage = (v: StageVisit): StageOfRecord => (v.route === 'emergency' || v.stage === null ? 'emergency' : v.stage)

export interface StageSelection {
  /** The dispute's visits to the stage (more than one if it came back to it), with their place in its history. */
  visits: { visit: StageVisit; index: number }[]
  /** The stage's approved records, in the order the contacts happened. */
  approved: ContactRecord[]
  /** The stage's records awaiting approval, left out. */
  drafts: number
}

/** Every approved record of `stage` and the dispute's time at it; refused for a stage the dispute never reached. */
export function stageSelection(dispute: Dispute, records: readonly ContactRecord[], stage: StageOfRecord): StageSelection {
  const visits = dispute.stageHistory.flatMap((visit, index) => (visitStage(visit) === stage ? [{ visit, index }] : []))
  if (visits.length === 0) throw new AppError('stage-not-reached', 'This dispute has not been at that stage, so there is nothing of it to export.')
  const ofStage = records.filter((r) => r.stage === stage)
  const approved = ofStage
    .filter((r) => r.status === 'approved' && r.approval !== null)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt))
  return { visits, approved, drafts: ofStage.length - approved.length }
}

/** "2 drafts were left out" — what a stage export says of the records not yet approved. */
export function draftsLeftOut(drafts: number): string | null {
  if (drafts === 0) return null
  return drafts === 1
    ? '1 draft was left out: it is awaiting approval, and only approved records go on the child’s file.'
    : `${drafts} drafts were left out: they are awaiting approval, and only approved records go on the child’s file.`
}
