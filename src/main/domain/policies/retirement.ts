/**
 * Retiring a policy a partnership no longer uses. A retired policy opens no new disputes; every version of
 * it stays installed, so disputes already open (or closed) under it keep the version they were opened
 * under and their deadlines. Bringing it back into use undoes the retirement. Pure: the handler stores
 * the list and audits each change.
 */
import { AppError } from '../../../shared/errors'
import type { Policy, PolicyRetirement } from '../../../shared/policy'
import { latestPolicy } from './registry'

/** The retirement of a policy id, or null if it is in use. */
export function retirementOf(retired: readonly PolicyRetirement[] | undefined, policyId: string): PolicyRetirement | null {
  return (retired ?? []).find((r) => r.policyId === policyId) ?? null
}

/** The list with `policyId` retired, or an AppError if there is no such policy or it is retired already. */
export function retirePolicy(
  retired: readonly PolicyRetirement[] | undefined,
  policies: readonly Policy[],
  input: { policyId: string; reason: string; by: string; at: string },
): PolicyRetirement[] {
  const policy = latestPolicy(policies, input.policyId)
  if (!policy) throw new AppError('policy-not-found', 'That partnership’s policy is not installed.', { field: 'policyId' })
  const already = retirementOf(retired, input.policyId)
  if (already) throw new AppError('policy-already-retired', `${policy.partnership}’s policy is already retired.`, { field: 'policyId' })
  return [...(retired ?? []), { policyId: input.policyId, at: input.at, by: input.by, reason: input.reason.trim() }]
}

/** The list with `policyId` back in use, or an AppError if it was not retired. */
export function unretirePolicy(
  retired: readonly PolicyRetirement[] | undefined,
  policies: readonly Policy[],
  policyId: string,
): PolicyRetirement[] {
  const policy = latestPolicy(policies, policyId)
  const name = policy?.partnership ?? 'That partnership'
  if (!retirementOf(retired, policyId))
    throw new AppError('policy-not-retired', `${name}’s policy is not retired: it is already in use.`, { field: 'policyId' })
  return (retired ?? []).filter((r) => r.policyId !== policyId)
}

/** Refuses a new dispute under a retired policy, saying how to bring it back. */
export function checkPolicyInUse(retired: readonly PolicyRetirement[] | undefined, policy: Policy): void {
  if (!retirementOf(retired, policy.id)) return
  throw new AppError(
    'policy-retired',
    `${policy.partnership}’s policy is retired, so no new dispute can be opened under it. ` +
      'Choose another partnership, or bring the policy back into use on the Policies screen.',
    { field: 'policyId' },
  )
}
