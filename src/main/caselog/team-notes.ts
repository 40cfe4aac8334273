/**
 * What the team's merge says about a dispute that a person must see (docs/team-vault.md, "The bridge"), stored on the dispute's document (format 6) so that the desk can show it without the team: moves
 * made on two devices at once ("needs review"), details saved on two devices at once, one reference given to two
 * disputes on two devices apart, and for each record the
 * conflicts its merge surfaced with the versions concerned, and who took it over or set it aside, when and why. Null on a dispute the team has never touched.
 */
import { z } from 'zod'
import { CivilDate, Instant } from '../../shared/dates'
import { ContactRecordContent } from '../../shared/records'
import { TEAM_RECORD_CONFLICTS } from '../../shared/views'

export const RECORD_CONFLICTS = TEAM_RECORD_CONFLICTS

/** Who set a draft aside, when by their device's clock, and why (the reason they gave). */
const SetAside = z.strictObject({ byPersonId: z.string().min(1), at: Instant, reason: z.string() })
/** …and for a take-over, from whom: the draft's author, or whoever took it over before (null when unknown here). */
const TakenOver = SetAside.extend({ fromPersonId: z.string().min(1).nullable() })

export const TeamNotes = z.strictObject({
  /** Moves made on two devices at once: the dispute needs review, and no further move is made until a person decides. */
  needsReview: z.array(
    z.strictObject({
      transitionId: z.string().min(1),
      to: z.enum(['escalated', 'resolved', 'withdrawn']),
      stage: z.number().int().min(0),
      effectiveOn: CivilDate,
      byPersonId: z.string().min(1),
      at: Instant,
    }),
  ),
  /** The dispute's details were saved on two devices at once: its current versions (the first is shown meanwhile). */
  detailVersions: z.array(z.string().min(1)),
  /**
   * Other disputes given the same reference on another device while the two were apart (each device numbers
   * the disputes it opens): their ids, so that the desk can say so before the reference is used in a letter.
   */
  sameReference: z.array(z.string().min(1)),
  /** Records whose merge a person must look at. */
  records: z.array(
    z.strictObject({
      recordId: z.string().min(1),
      conflicts: z.array(z.enum(RECORD_CONFLICTS)),
      /** The versions concerned (both, for two versions of a draft), each as its author saved it. */
      versions: z.array(z.strictObject({ version: z.string().min(1), byPersonId: z.string().min(1), at: Instant, content: ContactRecordContent })),
      /** Every take-over of the draft, in order (notes stored before these were kept have none). */
      takenOver: z.array(TakenOver).default([]),
      /** Every setting aside of the draft, in order. */
      setAside: z.array(SetAside).default([]),
    }),
  ),
})
export type TeamNotes = z.infer<typeof TeamNotes>

/** What in a dispute's team notes a person must decide or check: what the dashboard lists (not set-aside drafts, approvals still on their way, or details saved at once, which the next save of the dispute settles). */
export type TeamAttention = 'needs-review' | 'two-versions' | 'edited-after-approval' | 'approved-twice' | 'same-reference'

export function teamAttention(notes: TeamNotes | null): TeamAttention[] {
  if (!notes) return []
  const out: TeamAttention[] = []
  if (notes.needsReview.length > 1) out.push('needs-review')
  for (const kind of ['two-versions', 'edited-after-approval', 'approved-twice'] as const)
    if (notes.records.some((r) => r.conflicts.includes(kind))) out.push(kind)
  if (notes.sameReference.length > 0) out.push('same-reference')
  return out
}
