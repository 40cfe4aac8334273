/**
 * The interpreter of the policy condition language (see Condition in src/shared/policy.ts). Every
 * partnership's "notify X when Y" is data; this one function decides Y for any of them, and says why in
 * words a DSL recognises ("the child has a child protection plan").
 */
import {
  type Condition,
  type Policy,
  STANDARD_CHILD_CIRCUMSTANCES,
  type TriageLevel,
} from '../../../shared/policy'

/** The facts a condition can test. `stage` is null on the emergency route. */
export interface ConditionContext {
  stage: number | null
  route: 'stages' | 'emergency'
  triage: TriageLevel
  childCircumstances: readonly string[]
  resolved: boolean
  lessonsToForward: boolean
}

export interface ConditionResult {
  holds: boolean
  /** Why it holds (or, if it does not, what would make it hold), as short phrases. */
  because: string[]
}

const TRIAGE_WORDS: Record<TriageLevel, string> = {
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

const orList = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
const andList = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

/** The condition in words, for "available from stage 4" and the docs. */
export function describeCondition(c: Condition, policy: Pick<Policy, 'childCircumstances'>): string {
  if ('always' in c) return 'at any time'
  if ('fromStage' in c) return `from stage ${c.fromStage} onwards`
  if ('atStage' in c) return `at stage ${c.atStage}`
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

export function evaluateCondition(
  c: Condition,
  ctx: ConditionContext,
  policy: Pick<Policy, 'childCircumstances'>,
): ConditionResult {
  const yes = (...because: string[]): ConditionResult => ({ holds: true, because })
  const no = (...because: string[]): ConditionResult => ({ holds: false, because })

  if ('always' in c) return yes()
  if ('fromStage' in c) {
    const at = ctx.stage !== null && ctx.stage >= c.fromStage
    return at ? yes(`the dispute reached stage ${ctx.stage}`) : no(`from stage ${c.fromStage}`)
  }
  if ('atStage' in c) {
    return ctx.stage === c.atStage
      ? yes(`the dispute reached stage ${c.atStage}`)
      : no(`at stage ${c.atStage}`)
  }
  if ('anyOf' in c) {
    const matched = c.anyOf.filter((id) => ctx.childCircumstances.includes(id))
    return matched.length > 0
      ? yes(...matched.map((id) => circumstanceLabel(id, policy)))
      : no(describeCondition(c, policy))
  }
  if ('allOf' in c) {
    const all = c.allOf.every((id) => ctx.childCircumstances.includes(id))
    return all ? yes(...c.allOf.map((id) => circumstanceLabel(id, policy))) : no(describeCondition(c, policy))
  }
  if ('route' in c)
    return ctx.route === c.route ? yes(describeCondition(c, policy)) : no(describeCondition(c, policy))
  if ('triage' in c)
    return c.triage.includes(ctx.triage) ? yes(TRIAGE_WORDS[ctx.triage]) : no(describeCondition(c, policy))
  if ('resolved' in c)
    return ctx.resolved ? yes('the dispute has been resolved') : no('once the dispute is resolved')
  if ('lessonsToForward' in c)
    return ctx.lessonsToForward ? yes('there are lessons to forward') : no('if there are lessons to forward')
  if ('all' in c) {
    const results = c.all.map((inner) => evaluateCondition(inner, ctx, policy))
    const failed = results.filter((r) => !r.holds)
    return failed.length === 0
      ? yes(...results.flatMap((r) => r.because))
      : no(...failed.flatMap((r) => r.because))
  }
  if ('any' in c) {
    const results = c.any.map((inner) => evaluateCondition(inner, ctx, policy))
    const first = results.find((r) => r.holds)
    return first ? yes(...first.because) : no(describeCondition(c, policy))
  }
  const inner = evaluateCondition(c.not, ctx, policy)
  return inner.holds ? no(describeCondition(c, policy)) : yes(describeCondition(c, policy))
}
