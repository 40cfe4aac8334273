/**
 * A policy's rules in words a DSL recognises: conditions ("if the child has a child protection plan")
 * and amounts of time ("5 working days"). Shared, so the screens, the exports and the domain all say
 * the same thing the same way.
 */
import { type Condition, type Policy, STANDARD_CHILD_CIRCUMSTANCES, type Timescale, type TriageLevel } from './policy'

export const TRIAGE_WORDS: Record<TriageLevel, string> = {
  immediateDanger: 'the child is in immediate danger',
  significantHarm: 'the child is likely to suffer significant harm soon',
  standard: 'the child is not in immediate danger',
}

/** The words for a circumstance: the policy's own label, else the standard one, else its id. */
export function circumstanceLabel(id: string, policy: Pick<Policy, 'childCircumstances'>): string {
  const declared = policy.childCircumstances.find((c) => c.id === id)
  if (declared) return declared.label
  return (STANDARD_CHILD_CIRCUMSTANCES as Record<string, string>)[id] ?? id
}

/** Every circumstance a dispute under this policy can record: the standard ones and the policy's own. */
export function knownCircumstances(
  policy: Pick<Policy, 'childCircumstances'>,
): { id: string; label: string }[] {
  const standard = Object.entries(STANDARD_CHILD_CIRCUMSTANCES).map(([id, label]) => ({ id, label }))
  return [...standard, ...policy.childCircumstances.filter((c) => !(c.id in STANDARD_CHILD_CIRCUMSTANCES))]
}

type StageWording = Pick<Policy, 'stageWord'>

/** What the policy calls a stage, to begin a sentence: "Stage" unless the policy says "Step" or "Level". */
export function stageWordOf(policy: StageWording): string {
  return policy.stageWord ?? 'Stage'
}

/** "Stage 3", "Step 3", "Level 3": a stage of this policy as a label or at the start of a sentence. */
export function stageName(policy: StageWording, stage: number): string {
  return `${stageWordOf(policy)} ${stage}`
}

/** "stage 3", "step 3": a stage of this policy inside a sentence. */
export function stageNameInSentence(policy: StageWording, stage: number): string {
  const word = stageWordOf(policy)
  return `${word.charAt(0).toLowerCase()}${word.slice(1)} ${stage}`
}

/** The policy's emergency route by its own title; "Emergency route" only for a policy that has none. */
export function emergencyRouteTitle(policy: Pick<Policy, 'emergencyRoute'>): string {
  return policy.emergencyRoute?.title ?? 'Emergency route'
}

/** The words a screen needs to name the places of a dispute under this policy (absent: the generic words). */
export interface PositionWords {
  /** "Stage", "Step", "Level". */
  stageWord: string
  /** The emergency route's own title, where the policy has one. */
  routeTitle: string | null
}

export function positionWordsOf(policy: Partial<Pick<Policy, 'stageWord' | 'emergencyRoute'>> | undefined): PositionWords {
  return { stageWord: policy?.stageWord ?? 'Stage', routeTitle: policy?.emergencyRoute?.title ?? null }
}

/** "Step 3", or the emergency route's title, for a record's or a visit's place in the dispute. */
export function positionName(words: PositionWords | null | undefined, stage: number | 'emergency' | null): string {
  const w = words ?? positionWordsOf(undefined)
  if (stage === 'emergency' || stage === null) return w.routeTitle ?? 'Emergency route'
  return `${w.stageWord} ${stage}`
}

/** "step 3" inside a sentence. */
export function positionNameInSentence(words: PositionWords | null | undefined, stage: number): string {
  return stageNameInSentence({ stageWord: words?.stageWord ?? 'Stage' }, stage)
}

const orList = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
const andList = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

/** The condition in words, for "available from stage 4" and the docs. */
export function describeCondition(c: Condition, policy: Pick<Policy, 'childCircumstances' | 'stageWord'>): string {
  if ('always' in c) return 'at any time'
  if ('fromStage' in c) return `from ${stageNameInSentence(policy, c.fromStage)} onwards`
  if ('atStage' in c) return `at ${stageNameInSentence(policy, c.atStage)}`
  if ('anyOf' in c) return `if ${orList(c.anyOf.map((id) => circumstanceLabel(id, policy)))}`
  if ('allOf' in c) return `if ${andList(c.allOf.map((id) => circumstanceLabel(id, policy)))}`
  if ('route' in c) return c.route === 'emergency' ? 'on the emergency route' : 'on the usual stages'
  if ('triage' in c) return `if ${orList(c.triage.map((t) => TRIAGE_WORDS[t]))}`
  if ('resolved' in c) return 'once the dispute is resolved'
  if ('lessonsToForward' in c) return 'if there are lessons to forward'
  if ('all' in c) return andList(c.all.map((inner) => describeCondition(inner, policy)))
  if ('any' in c) return orList(c.any.map((inner) => describeCondition(inner, policy)))
  return `unless ${describeCondition(c.not, policy).replace(/^if /, '')}`
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

export function amountInWords(t: Pick<Timescale, 'amount' | 'unit'>): string {
  if (t.unit === 'workingDays') return plural(t.amount, 'working day', 'working days')
  if (t.unit === 'workingWeeks')
    return `${plural(t.amount, 'working week', 'working weeks')} (${plural(t.amount * 5, 'working day', 'working days')})`
  return plural(t.amount, 'hour', 'hours')
}
