/**
 * Who was involved at a stage, as the forms print it (issue 13: "where one was never recorded the box
 * stays blank. Never fill a box with a guess."). St Helens (seed 003), stage 2: "The line manager will
 * discuss this with their equivalent in the other agency (first tier line manager to first tier line
 * manager)" — so stage 2's people are not stage 1's.
 */
import { describe, expect, it } from 'vitest'
import { escalate, openDispute, setStagePeople, stagePeople } from '../../../../src/main/domain/disputes'
import { SEED, seedSays } from '../policies/seeds'
import { at, baseStHelens, ctx, DSL, must, policyOf } from '../../exports/fixtures'

const policy = policyOf('st-helens-scp')
const opened = () => must(openDispute(baseStHelens(), { ...ctx(policy, at('2026-11-02', '09:30')), id: 'd1', reference: 'ESC-2026-0001' }))
const ANN = { name: 'Ann Lee', role: 'Team manager' }

describe('who is involved at each stage', () => {
  it('follows the policy: each stage is taken up tier to tier on both sides', () => {
    seedSays(SEED.stHelens, 'The line manager will discuss this with their equivalent in the other agency (first tier line manager to first tier line manager).')
  })

  it('at the opening stage, the person who opened it and the practitioner it was opened with, unless others are recorded', () => {
    const d = opened()
    expect(stagePeople(d, 1)).toEqual({
      ourSide: { name: DSL.name },
      theirSide: { name: 'Tom Hendry', role: 'Social worker', agency: 'St Helens Children’s Social Care', contactDetails: '01744 000 222 · tom.hendry@sthelens.example.gov.uk' },
    })
    const changed = must(setStagePeople(d, { stage: 1, theirSide: ANN, by: DSL.name }, ctx(policy, at('2026-11-02', '10:00'))))
    expect(stagePeople(changed, 1).theirSide).toEqual(ANN)
  })

  it('at a later stage, only what was recorded: nobody is carried up from stage 1', () => {
    const d = must(escalate(opened(), { by: DSL.name, at: at('2026-11-03', '16:00') }, ctx(policy, at('2026-11-03', '16:00'))))
    expect(stagePeople(d, 2)).toEqual({ ourSide: null, theirSide: null })
    // A stage never reached, or no stage at all: nobody.
    expect(stagePeople(d, 3)).toEqual({ ourSide: null, theirSide: null })
    expect(stagePeople(d, null)).toEqual({ ourSide: null, theirSide: null })
  })

  it('escalating records the new stage’s people and leaves the earlier stage’s as they were', () => {
    const d = must(escalate(opened(), { by: DSL.name, at: at('2026-11-03', '16:00'), ourSide: { name: 'Sam Patel' }, theirSide: ANN }, ctx(policy, at('2026-11-03', '16:00'))))
    expect(d.stageHistory.map((v) => [v.ourSide, v.theirSide])).toEqual([
      [null, null],
      [{ name: 'Sam Patel' }, ANN],
    ])
  })

  it('refuses a change on a closed dispute', () => {
    const d = { ...opened(), status: 'withdrawn' as const }
    const r = setStagePeople(d, { stage: 1, theirSide: ANN, by: DSL.name }, ctx(policy, at('2026-11-02', '10:00')))
    expect(r.ok).toBe(false)
  })
})
