/**
 * The child circumstances a dispute's children imply. A child protection plan or looked-after status is
 * recorded on the child; the policies' notification rules test it on the dispute ("notify the IRO if the
 * child has a child protection plan or is looked after"), so a dispute carries what its children imply.
 */
import type { Child } from '../../../shared/children'
import type { CircumstancePeriod } from '../../../shared/dispute'

export const CHILD_FLAG_CIRCUMSTANCES = ['childProtectionPlan', 'lookedAfter'] as const

type Flags = Pick<Child, 'childProtectionPlan' | 'lookedAfter'>

/** The circumstances any of these children imply. */
export function circumstancesOfChildren(children: readonly Flags[]): string[] {
  return [
    ...(children.some((c) => c.childProtectionPlan) ? ['childProtectionPlan'] : []),
    ...(children.some((c) => c.lookedAfter) ? ['lookedAfter'] : []),
  ]
}

/** At opening: what the DSL chose, plus whatever the children imply. */
export function openingCircumstances(chosen: readonly string[], children: readonly Flags[]): string[] {
  return [...new Set([...chosen, ...circumstancesOfChildren(children)])]
}

/** After a child changes: the dispute's other circumstances kept, the flags taken from the children as they now are. */
export function circumstancesFollowingChildren(current: readonly string[], children: readonly Flags[]): string[] {
  const flags: readonly string[] = CHILD_FLAG_CIRCUMSTANCES
  return [...new Set([...current.filter((c) => !flags.includes(c)), ...circumstancesOfChildren(children)])]
}

/** Whether a change to a child changes what its disputes imply. */
export const childFlagsChanged = (before: Flags, after: Flags): boolean =>
  before.childProtectionPlan !== after.childProtectionPlan || before.lookedAfter !== after.lookedAfter

// ── circumstances over time ──────────────────────────────────────────────────────────────────────

/** The circumstances that held on a civil day: every period begun by then and not yet ended. */
export function circumstancesOn(periods: readonly CircumstancePeriod[], day: string): string[] {
  return [...new Set(periods.filter((p) => p.from <= day && (p.to === null || day < p.to)).map((p) => p.circumstance))]
}

/** The circumstances that hold now: the periods that have not ended. */
export const currentCircumstances = (periods: readonly CircumstancePeriod[]): string[] => [
  ...new Set(periods.filter((p) => p.to === null).map((p) => p.circumstance)),
]

/**
 * The periods after a change to what holds, effective `from`: a circumstance newly present starts a
 * period that day, one no longer present ends its open period that day; the others are untouched.
 */
export function periodsAfterChange(
  periods: readonly CircumstancePeriod[],
  now: readonly string[],
  change: { from: string; recordedAt: string; by: string },
): CircumstancePeriod[] {
  const held = currentCircumstances(periods)
  const ended = periods.map((p) =>
    p.to === null && !now.includes(p.circumstance) ? { ...p, to: change.from } : p,
  )
  const begun = [...new Set(now)]
    .filter((c) => !held.includes(c))
    .map((circumstance) => ({ circumstance, from: change.from, to: null, recordedAt: change.recordedAt, by: change.by, corrections: [] }))
  return [...ended, ...begun]
}

/** A plain list of circumstances as periods that began on one day and still hold. */
export const periodsFrom = (
  circumstances: readonly string[],
  from: string,
  recorded: { recordedAt: string; by: string },
): CircumstancePeriod[] =>
  [...new Set(circumstances)].map((circumstance) => ({ circumstance, from, to: null, ...recorded, corrections: [] }))
