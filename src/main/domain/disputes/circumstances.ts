/**
 * The child circumstances a dispute's children imply. A child protection plan or looked-after status is
 * recorded on the child; the policies' notification rules test it on the dispute ("notify the IRO if the
 * child has a child protection plan or is looked after"), so a dispute carries what its children imply.
 */
import type { Child } from '../../../shared/children'

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
