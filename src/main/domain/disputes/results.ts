/**
 * What every transition returns: the new dispute, or a refusal a person can read. Transitions never throw
 * for a refusal; they throw only for programming errors.
 */
import type { z } from 'zod'
import type { Dispute } from '../../../shared/dispute'
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { Policy } from '../../../shared/policy'
import type { WorkingCalendar } from '../calendar'
import { summariseIssues } from '../../../shared/zod-issues'

export type Transition = { ok: true; dispute: Dispute } | { ok: false; error: AppError }

/**
 * The minimal view of a contact record the gates need. The records module owns records; a dispute's
 * records are passed in as these views.
 */
export interface RecordGateView {
  id: string
  /** 'set-aside': a draft a colleague set aside (a team vault): kept, not part of the record, so it holds nothing back. */
  status: 'draft' | 'approved' | 'set-aside'
  /** How a person recognises it: "Phone call with J Smith on 3 Dec 2026". */
  label: string
}

/** What a transition needs besides the dispute: the policy it was opened under, the calendar, the time. */
export interface DisputeContext {
  policy: Policy
  calendar: WorkingCalendar
  /** The present instant, ISO UTC. */
  now: string
  /**
   * The dispute's contact records. Required (pass [] when there are none) so that no caller can skip the
   * approval gate on escalating, resolving, withdrawing or asking for an exceptional route by omission.
   */
  records: readonly RecordGateView[]
}

export const refuse = (
  code: ErrorCode,
  message: string,
  extra: { field?: string; details?: { path: string; message: string }[] } = {},
): { ok: false; error: AppError } => ({ ok: false, error: new AppError(code, message, extra) })

/** Parses a transition's input with its shared schema; a refusal `invalid-input` names each field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; error: AppError } {
  const parsed = schema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  const { details, message, field } = summariseIssues(parsed.error, input)
  return refuse('invalid-input', message, { ...(field !== undefined ? { field } : {}), details })
}
