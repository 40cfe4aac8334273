/**
 * What a policy's overall timescale means (docs/policy-format.md, "The overall timescale"): a limit for the
 * whole process, or a target for the stages up to `untilStage`. Checked on an invented policy, unlike any
 * seed, so that the rule is the format's and not one partnership's.
 */
import { describe, expect, it } from 'vitest'
import { disputeStatus, escalate } from '../../../../src/main/domain/disputes'
import { policyProblemLines, validatePolicy } from '../../../../src/main/domain/policies'
import { AppError } from '../../../../src/shared/errors'
import type { PolicyInput } from '../../../../src/shared/policy'
import { at, ctx, must, open } from '../disputes/fixtures'
import { northmoorPolicy } from './custom-policy'

function withOverall(overall: Record<string, unknown>): PolicyInput {
  const p = JSON.parse(JSON.stringify(northmoorPolicy())) as PolicyInput & Record<string, unknown>
  p.overallTimescale = { amount: 3, unit: 'workingDays', from: { event: 'disagreement' }, ...overall } as PolicyInput['overallTimescale']
  return p
}
function problemsOf(json: unknown): string[] {
  try {
    validatePolicy(json)
  } catch (e) {
    if (e instanceof AppError) return policyProblemLines(e)
    throw e
  }
  return []
}

describe('the overall timescale', () => {
  it('is a limit unless the file says otherwise, and a limit stays overdue at every stage', () => {
    const policy = validatePolicy(withOverall({}))
    expect(policy.overallTimescale?.meaning).toBe('limit')
    // Monday 2 Nov 2026: 3 working days end on Thursday 5 Nov.
    const d = open(policy, at('2026-11-02'), { disagreementOn: '2026-11-02' })
    expect(d.overall?.label).toBe('Whole process')
    const later = must(escalate(d, { by: 'A Lead (DSL)' }, ctx(policy, at('2026-11-03'))))
    const s = disputeStatus(later, ctx(policy, at('2026-11-06')))
    expect(s.dueDates.find((x) => x.key === 'overall')?.state).toBe('overdue')
  })

  it('as a target, applies only up to its stage and is never overdue after it', () => {
    const policy = validatePolicy(withOverall({ meaning: 'target', untilStage: 1, title: 'Settle between practitioners' }))
    const d = open(policy, at('2026-11-02'), { disagreementOn: '2026-11-02' })
    expect(d.overall?.basis).toBe('Settle between practitioners: 3 working days from the disagreement on 2 Nov 2026')
    expect(disputeStatus(d, ctx(policy, at('2026-11-06'))).dueDates.find((x) => x.key === 'overall')?.state).toBe('overdue')
    const stage2 = must(escalate(d, { by: 'A Lead (DSL)' }, ctx(policy, at('2026-11-03'))))
    const s = disputeStatus(stage2, ctx(policy, at('2026-11-06')))
    expect(s.dueDates.some((x) => x.key === 'overall')).toBe(false)
  })

  it('refuses a target without its stage, a limit with one, and a stage the policy does not have', () => {
    expect(problemsOf(withOverall({ meaning: 'target' }))).toEqual([
      expect.stringMatching(/^overallTimescale\.untilStage: must say up to which stage a target applies/),
    ])
    expect(problemsOf(withOverall({ untilStage: 1 }))).toEqual([expect.stringMatching(/untilStage: is only for a target/)])
    expect(problemsOf(withOverall({ meaning: 'target', untilStage: 40 }))).toEqual([
      expect.stringMatching(/untilStage: must be a stage of this policy \(it has \d+\)/),
    ])
    expect(problemsOf(withOverall({ meaning: 'soon' }))).toEqual([expect.stringMatching(/meaning: must be "limit" or "target"/)])
  })
})
