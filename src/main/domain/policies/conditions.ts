/**
 * The interpreter of the policy condition language (see Condition in src/shared/policy.ts). Every
 * partnership's "notify X when Y" is data; this one function decides Y for any of them, and says why in
 * words a DSL recognises ("the child has a child protection plan").
 */
import type { Condition, Policy, TriageLevel } from '../../../shared/policy'
import {
  circumstanceLabel,
  describeCondition,
  knownCircumstances,
  stageNameInSentence,
  TRIAGE_WORDS,
} from '../../../shared/policy-words'

export { circumstanceLabel, describeCondition, knownCircumstances }

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


export function evaluateCondition(
  c: Condition,
  ctx: ConditionContext,
  policy: Pick<Policy, 'childCircumstances' | 'stageWord'>,
): ConditionResult {
  const yes = (...because: string[]): ConditionResult => ({ holds: true, because })
  const no = (...because: string[]): ConditionResult => ({ holds: false, because })

  if ('always' in c) return yes()
  if ('fromStage' in c) {
    const at = ctx.stage !== null && ctx.stage >= c.fromStage
    return at
      ? yes(`the dispute reached ${stageNameInSentence(policy, ctx.stage!)}`)
      : no(`from ${stageNameInSentence(policy, c.fromStage)}`)
  }
  if ('atStage' in c) {
    return ctx.stage === c.atStage
      ? yes(`the dispute reached ${stageNameInSentence(policy, c.atStage)}`)
      : no(`at ${stageNameInSentence(policy, c.atStage)}`)
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
