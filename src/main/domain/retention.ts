/**
 * Retention: when the record of a closed dispute is due for review, and the decisions taken at review.
 * The default rule is the schools' records-management toolkit figure — the youngest child's date of
 * birth + 25 years (children.ts). Nothing is ever disposed of without a recorded decision, and a
 * disposal leaves a tombstone (reference, when, who, why) with no case content.
 */
import { AppError } from '../../shared/errors'
import type { Child, RetentionRule } from '../../shared/children'
import { retentionReviewDate } from './children'

export interface RetentionDecision {
  decision: 'retain' | 'dispose'
  reason: string
  /** For "retain": the next review date. */
  retainUntil: string | null
  decidedAt: string
  decidedBy: string
}

export interface ReviewStatus {
  /** null when no child's date of birth is known: the DSL must set a date by decision. */
  reviewOn: string | null
  basis: string
  due: boolean
}

export function reviewStatus(
  children: readonly Pick<Child, 'dateOfBirth'>[],
  decisions: readonly RetentionDecision[],
  rule: RetentionRule,
  today: string,
): ReviewStatus {
  const last = [...decisions].reverse().find((d) => d.decision === 'retain')
  if (last?.retainUntil) return { reviewOn: last.retainUntil, basis: `Kept at review on ${last.decidedAt.slice(0, 10)}: ${last.reason}`, due: last.retainUntil <= today }
  const byRule = retentionReviewDate(children, rule)
  if (byRule === null) return { reviewOn: null, basis: 'No child’s date of birth is recorded, so the retention rule cannot give a date: review it and set one.', due: true }
  return { reviewOn: byRule, basis: `The youngest child’s date of birth + ${rule.yearsAfterYoungestBirth} years`, due: byRule <= today }
}

export function decideRetention(
  input: { decision: 'retain' | 'dispose'; reason: string; retainUntil?: string | undefined },
  context: { today: string; now: string; by: string; status: ReviewStatus; disputeOpen: boolean },
): RetentionDecision {
  if (context.disputeOpen)
    throw new AppError('dispute-open', 'An open dispute cannot be reviewed for disposal: resolve or withdraw it first.')
  if (!input.reason.trim()) throw new AppError('retention-reason-missing', 'Record the reason for the decision.', { field: 'reason' })
  if (input.decision === 'retain') {
    if (!input.retainUntil || input.retainUntil <= context.today)
      throw new AppError('retention-date-missing', 'Give the date when the record should next be reviewed; it must be in the future.', { field: 'retainUntil' })
  } else if (!context.status.due) {
    throw new AppError(
      'retention-not-due',
      `This record is not due for review until ${context.status.reviewOn}: it cannot be disposed of before then.`,
    )
  }
  return {
    decision: input.decision,
    reason: input.reason.trim(),
    retainUntil: input.decision === 'retain' ? input.retainUntil! : null,
    decidedAt: context.now,
    decidedBy: context.by,
  }
}
