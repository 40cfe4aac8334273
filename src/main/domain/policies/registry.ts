/**
 * The policies the app ships with, and the rules for adding more. Built-in policies are imported
 * statically (domain code does no I/O) and pass through the same validatePolicy as an imported file, so
 * a broken built-in fails loudly in tests rather than misleading a DSL.
 */
import havering from '../../../../resources/policies/havering.json'
import solihull from '../../../../resources/policies/solihull.json'
import stHelens from '../../../../resources/policies/st-helens.json'
import wolverhampton from '../../../../resources/policies/wolverhampton.json'
import { AppError } from '../../../shared/errors'
import { type Policy, type PolicySummary, policyKey } from '../../../shared/policy'
import { validatePolicy } from './validate'

export { policyKey }

const BUILT_IN_FILES: readonly unknown[] = [solihull, wolverhampton, stHelens, havering]

let builtIns: readonly Policy[] | undefined

/** The shipped partnership policies (Solihull, Wolverhampton, St Helens, Havering), validated once. */
export function builtInPolicies(): readonly Policy[] {
  builtIns ??= Object.freeze(BUILT_IN_FILES.map((json) => deepFreeze(validatePolicy(json))))
  return builtIns
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** The exact version a dispute was opened under; null if it is not among `policies`. */
export function findPolicy(policies: readonly Policy[], id: string, version: number): Policy | null {
  return policies.find((p) => p.id === id && p.version === version) ?? null
}

/** The newest version of a policy, for opening new disputes. */
export function latestPolicy(policies: readonly Policy[], id: string): Policy | null {
  let best: Policy | null = null
  for (const p of policies) if (p.id === id && (best === null || p.version > best.version)) best = p
  return best
}

/** The newest version of each policy, sorted by partnership name. */
export function currentPolicies(policies: readonly Policy[]): Policy[] {
  const ids = [...new Set(policies.map((p) => p.id))]
  return ids
    .map((id) => latestPolicy(policies, id)!)
    .sort((a, b) => a.partnership.localeCompare(b.partnership, 'en-GB'))
}

export function summarisePolicy(p: Policy): PolicySummary {
  return {
    key: policyKey(p),
    id: p.id,
    version: p.version,
    partnership: p.partnership,
    title: p.title,
    stageCount: p.stages.length,
    hasEmergencyRoute: p.emergencyRoute !== undefined,
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Whether `candidate` may join `existing`. A version, once installed, never changes (open disputes keep
 * their deadlines), so the same id@version with different content is refused; the very same content is
 * accepted as a no-op (`alreadyInstalled`).
 */
export function checkPolicyCanBeAdded(
  existing: readonly Policy[],
  candidate: Policy,
): { ok: true; alreadyInstalled: boolean } | { ok: false; error: AppError } {
  const same = findPolicy(existing, candidate.id, candidate.version)
  if (same === null) return { ok: true, alreadyInstalled: false }
  if (canonical(same) === canonical(candidate)) return { ok: true, alreadyInstalled: true }
  return {
    ok: false,
    error: new AppError(
      'policy-version-exists',
      `Version ${candidate.version} of “${candidate.partnership}” is already installed with different rules. ` +
        'Give the changed policy a higher version number so that disputes already open keep their deadlines.',
      { field: 'version' },
    ),
  }
}
