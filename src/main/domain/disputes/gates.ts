/**
 * The gates every step of a dispute passes: the dispute is open, it is being moved under the policy it
 * was opened under, the time given is sensible, and no contact record of it awaits approval.
 */
import type { z } from 'zod'
import type { Dispute } from '../../../shared/dispute'
import type { AppError } from '../../../shared/errors'
import { formatDateTime } from '../../../shared/dates'
import { type DisputeContext, type RecordGateView, parseInput, refuse } from './results'

type Refusal = { ok: false; error: AppError }

/**
 * How every change to a dispute begins: its input parsed with its shared schema, the dispute moved under the
 * policy it was opened under, and the dispute still open (`closedToo` for the few records a closed dispute takes).
 */
export function beginChange<S extends z.ZodType>(
  schema: S,
  rawInput: unknown,
  dispute: Dispute,
  ctx: DisputeContext,
  opts: { closedToo?: boolean } = {},
): { ok: true; value: z.output<S> } | Refusal {
  const parsed = parseInput(schema, rawInput)
  if (!parsed.ok) return parsed
  return requirePolicyOfDispute(dispute, ctx) ?? (opts.closedToo ? null : requireOpen(dispute)) ?? parsed
}

export function requirePolicyOfDispute(dispute: Dispute, ctx: DisputeContext): Refusal | null {
  const { id, version } = dispute.policy
  if (ctx.policy.id === id && ctx.policy.version === version) return null
  return refuse(
    'policy-mismatch',
    `This dispute follows version ${version} of the ${dispute.policy.partnership} policy, not the policy given. ` +
      'Its deadlines stay under the version it was opened under.',
  )
}

export function requireOpen(dispute: Dispute): Refusal | null {
  if (dispute.status === 'open') return null
  return refuse(
    'dispute-closed',
    `Dispute ${dispute.reference} has been ${dispute.status === 'resolved' ? 'resolved' : 'withdrawn'} and can no longer be changed.`,
  )
}

/**
 * A dispute with draft records cannot be escalated, resolved or closed: the refusal names every draft. A draft a
 * colleague set aside is not part of the record (issue 17: so that one person's open draft never stops the team).
 */
export function requireRecordsApproved(records: readonly RecordGateView[], action: string): Refusal | null {
  const drafts = records.filter((r) => r.status === 'draft')
  if (drafts.length === 0) return null
  const list = drafts.map((r) => r.label).join('; ')
  const message =
    drafts.length === 1
      ? `1 record awaits approval: ${list} — approve it first, then ${action}.`
      : `${drafts.length} records await approval: ${list} — approve them first, then ${action}.`
  return refuse('records-unapproved', message, {
    details: drafts.map((r) => ({ path: `records.${r.id}`, message: `${r.label} is a draft` })),
  })
}

/**
 * The instant something happened: `at` if given, else now. Never in the future, never before the dispute's
 * last recorded event (so the history stays in order).
 */
export function eventTime(
  dispute: Dispute | null,
  at: string | undefined,
  ctx: DisputeContext,
): { ok: true; at: string } | Refusal {
  const when = at ?? ctx.now
  if (Date.parse(when) > Date.parse(ctx.now)) {
    return refuse(
      'time-in-future',
      `${formatDateTime(when)} is in the future: record things once they have happened.`,
      { field: 'at' },
    )
  }
  if (dispute) {
    const last = dispute.stageHistory[dispute.stageHistory.length - 1]
    if (Date.parse(when) < Date.parse(last.enteredAt)) {
      return refuse(
        'time-before-stage',
        `${formatDateTime(when)} is before the current stage began (${formatDateTime(last.enteredAt)}).`,
        { field: 'at' },
      )
    }
  }
  return { ok: true, at: when }
}
