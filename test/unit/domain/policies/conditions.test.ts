import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type ConditionContext,
  describeCondition,
  evaluateCondition,
} from '../../../../src/main/domain/policies'
import type { Condition } from '../../../../src/shared/policy'

const policy = { childCircumstances: [{ id: 'young-carer', label: 'the child is a young carer' }] }
const facts = (over: Partial<ConditionContext> = {}): ConditionContext => ({
  stage: 2,
  route: 'stages',
  triage: 'standard',
  childCircumstances: [],
  resolved: false,
  lessonsToForward: false,
  ...over,
})
const holds = (c: Condition, over: Partial<ConditionContext> = {}) =>
  evaluateCondition(c, facts(over), policy).holds

describe('the condition language', () => {
  it('stage conditions', () => {
    expect(holds({ fromStage: 2 })).toBe(true)
    expect(holds({ fromStage: 3 })).toBe(false)
    expect(holds({ fromStage: 1 }, { stage: null, route: 'emergency' })).toBe(false)
    expect(holds({ atStage: 2 })).toBe(true)
    expect(holds({ atStage: 1 })).toBe(false)
  })

  it('circumstances of the child, standard and the policy’s own, with the reason in words', () => {
    const c: Condition = { anyOf: ['childProtectionPlan', 'lookedAfter'] }
    expect(holds(c)).toBe(false)
    expect(evaluateCondition(c, facts({ childCircumstances: ['lookedAfter'] }), policy)).toEqual({
      holds: true,
      because: ['the child is looked after'],
    })
    expect(holds({ allOf: ['lookedAfter', 'young-carer'] }, { childCircumstances: ['lookedAfter'] })).toBe(
      false,
    )
    expect(
      evaluateCondition(
        { allOf: ['lookedAfter', 'young-carer'] },
        facts({ childCircumstances: ['young-carer', 'lookedAfter'] }),
        policy,
      ).because,
    ).toEqual(['the child is looked after', 'the child is a young carer'])
    expect(describeCondition(c, policy)).toBe(
      'if the child has a child protection plan or the child is looked after',
    )
  })

  it('route, triage, resolution and lessons', () => {
    expect(holds({ route: 'emergency' }, { route: 'emergency', stage: null })).toBe(true)
    expect(holds({ triage: ['immediateDanger', 'significantHarm'] }, { triage: 'significantHarm' })).toBe(
      true,
    )
    expect(holds({ triage: ['immediateDanger'] })).toBe(false)
    expect(holds({ resolved: true }, { resolved: true })).toBe(true)
    expect(holds({ lessonsToForward: true })).toBe(false)
  })

  it('all, any and not combine', () => {
    const c: Condition = { all: [{ fromStage: 2 }, { not: { anyOf: ['young-carer'] } }] }
    expect(holds(c)).toBe(true)
    expect(holds(c, { childCircumstances: ['young-carer'] })).toBe(false)
    expect(describeCondition(c, policy)).toBe('from stage 2 onwards and unless the child is a young carer')
    expect(holds({ any: [{ atStage: 4 }, { resolved: true }] }, { resolved: true })).toBe(true)
  })

  it('not inverts, all is conjunction and any is disjunction, for any facts', () => {
    const leaf: fc.Arbitrary<Condition> = fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((n): Condition => ({ fromStage: n })),
      fc.integer({ min: 1, max: 4 }).map((n): Condition => ({ atStage: n })),
      fc
        .subarray(['childProtectionPlan', 'lookedAfter', 'young-carer'], { minLength: 1 })
        .map((ids): Condition => ({ anyOf: ids })),
      fc.constant<Condition>({ resolved: true }),
    )
    const ctx = fc.record({
      stage: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      route: fc.constantFrom('stages' as const, 'emergency' as const),
      triage: fc.constantFrom('standard' as const, 'significantHarm' as const, 'immediateDanger' as const),
      childCircumstances: fc.subarray(['childProtectionPlan', 'lookedAfter', 'young-carer']),
      resolved: fc.boolean(),
      lessonsToForward: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 4 }), ctx, (leaves, f) => {
        const each = leaves.map((l) => evaluateCondition(l, f, policy).holds)
        return (
          evaluateCondition({ all: leaves }, f, policy).holds === each.every(Boolean) &&
          evaluateCondition({ any: leaves }, f, policy).holds === each.some(Boolean) &&
          evaluateCondition({ not: leaves[0] }, f, policy).holds === !each[0]
        )
      }),
    )
  })
})
