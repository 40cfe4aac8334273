import { describe, expect, it } from 'vitest'
import { builtInPolicies, policyProblemLines, validatePolicy } from '../../../../src/main/domain/policies'
import { AppError } from '../../../../src/shared/errors'
import { northmoorPolicy } from './custom-policy'

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/** A policy file being broken on purpose: any field, any depth. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests write deliberately ill-typed JSON
type LooseJson = any

/** The problem lines of a refused policy ("path: message"). */
function problems(json: unknown): string[] {
  try {
    validatePolicy(json)
  } catch (e) {
    if (e instanceof AppError) {
      expect(e.code).toBe('policy-invalid')
      return policyProblemLines(e)
    }
    throw e
  }
  throw new Error('expected the policy to be refused')
}

/** A valid policy (the invented one), changed by `edit`. */
function edited(edit: (p: LooseJson) => void): unknown {
  const p: LooseJson = clone(northmoorPolicy())
  edit(p)
  return p
}

describe('a partnership policy imported from JSON (invented, unlike any seed)', () => {
  it('round-trips: validate → JSON → validate gives the same policy', () => {
    const once = validatePolicy(northmoorPolicy())
    const twice = validatePolicy(JSON.parse(JSON.stringify(once)))
    expect(twice).toEqual(once)
    expect(once.stages[1].steps.map((s) => s.id)).toEqual(['email-summary', 'meet'])
    expect(once.notifications[0].repeat).toBe('eachStage')
    expect(once.notifications[1].repeat).toBe('once') // the default is filled in
    expect(once.guidance).toEqual([])
  })
})

describe('a bad policy file is refused whole, naming each field and its problem', () => {
  it('a timescale amount that is not a whole number of at least 1', () => {
    expect(problems(edited((p) => (p.stages[2].timescale.amount = 0)))).toEqual([
      'stages[2].timescale.amount: must be a whole number of at least 1',
    ])
    expect(problems(edited((p) => (p.stages[2].timescale.amount = 1.5)))).toEqual([
      'stages[2].timescale.amount: must be a whole number of at least 1',
    ])
    // A quoted number is told about its quotes, not its value (the policy-engine issue: "a number, without quotes").
    expect(problems(edited((p) => (p.stages[2].timescale.amount = '2')))).toEqual([
      'stages[2].timescale.amount: must be a number, without quotes: write 2, not "2"',
    ])
  })

  it('a missing field, a misspelt field and an unknown unit', () => {
    expect(problems(edited((p) => delete p.partnership))).toEqual(['partnership: is required'])
    expect(
      problems(
        edited((p) => {
          p.stages[0].timescale.ammount = p.stages[0].timescale.amount
          delete p.stages[0].timescale.amount
        }),
      ),
    ).toEqual([
      'stages[0].timescale.amount: is required',
      'stages[0].timescale.ammount: is not a field this format knows: check its spelling, or remove it',
    ])
    expect(problems(edited((p) => (p.stages[1].timescale.unit = 'days')))).toEqual([
      'stages[1].timescale.unit: must be "workingDays", "workingWeeks" or "hours"',
    ])
    expect(problems(edited((p) => (p.stages[1].timescale.from = { event: 'yesterday' })))).toEqual([
      'stages[1].timescale.from.event: must have "event" set to "disagreement", "stageStart" or "step"',
    ])
  })

  it('not a policy at all', () => {
    expect(problems(null)).toEqual(['(the policy): must be an object ({ … })'])
    expect(problems('Solihull')).toEqual(['(the policy): must be an object ({ … })'])
    expect(problems({}).slice(0, 3)).toEqual([
      'id: is required',
      'version: is required',
      'partnership: is required',
    ])
    expect(problems({ ...northmoorPolicy(), format: 2 })).toEqual(['format: must be 1'])
    const { format: _format, ...withoutFormat } = northmoorPolicy()
    expect(validatePolicy(withoutFormat).format).toBe(1)
  })

  it('stage numbers not consecutive from 1', () => {
    expect(problems(edited((p) => (p.stages[1].number = 3)))).toEqual([
      'stages[1].number: must be 2: stages are numbered 1, 2, 3… in the order they are listed',
    ])
    expect(problems(edited((p) => p.stages.reverse()))).toEqual([
      'stages[0].number: must be 1: stages are numbered 1, 2, 3… in the order they are listed',
      'stages[2].number: must be 3: stages are numbered 1, 2, 3… in the order they are listed',
    ])
  })

  it('references to contacts, forms, steps, stages and circumstances that do not exist', () => {
    expect(problems(edited((p) => (p.notifications[0].recipient = 'iro')))).toEqual([
      `notifications[0].recipient: names the contact "iro", which is not in the policy's contacts`,
    ])
    expect(problems(edited((p) => (p.notifications[2].form = 'purple')))).toEqual([
      `notifications[2].form: names the form "purple", which is not in the policy's forms`,
    ])
    expect(problems(edited((p) => (p.outcomeForm = 'purple')))).toEqual([
      `outcomeForm: names the form "purple", which is not in the policy's forms`,
    ])
    expect(problems(edited((p) => (p.stages[1].steps[1].timescale.from.step = 'meet')))).toEqual([
      'stages[1].steps[1].timescale.from.step: must name an earlier step of the same stage or route that has a timescale ("meet" is not one)',
    ])
    expect(problems(edited((p) => (p.notifications[0].when = { fromStage: 7 })))).toEqual([
      'notifications[0].when.fromStage: must be a stage of this policy (1 to 3)',
    ])
    expect(problems(edited((p) => (p.notifications[0].when.all[1].anyOf[0] = 'youngCarer')))).toEqual([
      'notifications[0].when.all[1].anyOf[0]: "youngCarer" is not a circumstance this policy knows: use one of childProtectionPlan, lookedAfter, childInNeed, earlyHelp, young-carer, or declare it in childCircumstances',
    ])
    expect(problems(edited((p) => (p.sourceDocuments[0].id = 'other')))).toEqual([
      'stages[0].timescale.source.document: names the document "protocol", which is not in sourceDocuments',
    ])
  })

  it('conditions in the small condition language, checked inside compound conditions', () => {
    expect(problems(edited((p) => (p.notifications[0].when = { all: [{ fromStage: 0 }] })))).toEqual([
      'notifications[0].when.all[0].fromStage: must be a whole number of at least 1',
    ])
    expect(problems(edited((p) => (p.notifications[1].when = { fromStag: 2 })))).toEqual([
      'notifications[1].when: must be one condition such as { "fromStage": 2 } or { "anyOf": ["childProtectionPlan", "lookedAfter"] } (the forms are: always, fromStage, atStage, anyOf, allOf, route, triage, resolved, lessonsToForward, all, any, not)',
    ])
    expect(problems(edited((p) => (p.notifications[1].when = { triage: ['urgent'] })))).toEqual([
      'notifications[1].when.triage[0]: must be one of "immediateDanger", "significantHarm" or "standard"',
    ])
  })

  it('duplicate ids, form fields without options, and a contradictory running total', () => {
    expect(problems(edited((p) => (p.contacts[1].id = 'carers-lead')))).toEqual([
      'contacts[1].id: "carers-lead" is used by another contact: each contact needs its own id',
      `notifications[1].recipient: names the contact "scrutiny", which is not in the policy's contacts`,
      `notifications[2].recipient: names the contact "scrutiny", which is not in the policy's contacts`,
    ])
    expect(problems(edited((p) => delete p.forms[0].fields[3].options))).toEqual([
      'forms[0].fields[3]: a choice field needs either "options" or "optionsFrom" (exactly one of them)',
    ])
    expect(problems(edited((p) => (p.forms[0].fields[1].options = [{ id: 'y', label: 'Yes' }])))).toEqual([
      'forms[0].fields[1]: a yesNo field has no options: remove "options" / "optionsFrom" or make it a choice or tickList',
    ])
    // Stage 1 is in hours, so no running total in working days can be checked: accepted.
    expect(
      validatePolicy(edited((p) => (p.stages[1].cumulativeWorkingDays = 4))).stages[1].cumulativeWorkingDays,
    ).toBe(4)
    const wolverhampton = clone(builtInPolicies().find((x) => x.id === 'wolverhampton-wscb')!) as LooseJson
    wolverhampton.stages[2].cumulativeWorkingDays = 11
    expect(problems(wolverhampton)).toEqual([
      'stages[2].cumulativeWorkingDays: must be 10, the total of the stage timescales up to this stage (it is 11)',
    ])
  })

  it('an hours timescale counted from the disagreement, which has no time of day', () => {
    expect(
      problems(
        edited((p) => (p.overallTimescale = { amount: 24, unit: 'hours', from: { event: 'disagreement' } })),
      ),
    ).toEqual([
      'overallTimescale.from.event: a timescale in hours cannot count from the disagreement, which is recorded as a date without a time: count from "stageStart" or a step',
    ])
  })

  it('contact details that are not an email address or a telephone number', () => {
    expect(problems(edited((p) => (p.contacts[0].email = 'carers at northmoor')))).toEqual([
      'contacts[0].email: must be an email address such as name@example.gov.uk',
    ])
    expect(problems(edited((p) => (p.contacts[1].phone = 'ring reception')))).toEqual([
      'contacts[1].phone: must be a telephone number of digits and spaces, such as 0121 704 8709',
    ])
  })

  it('lists every problem at once, says nothing was imported, and keeps path and message apart in details', () => {
    const bad = edited((p) => {
      p.stages[2].timescale.amount = 0
      delete p.title
      p.notifications[0].recipient = 'nobody'
    })
    try {
      validatePolicy(bad)
      throw new Error('expected a refusal')
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      const err = e as AppError
      expect(err.message).toMatch(
        /^This policy file cannot be used: it has 2 problems, listed below\. Nothing has been imported\./,
      )
      // Shape problems are reported first; the sense checks run once the shape is right.
      expect(err.details).toEqual([
        { path: 'title', message: 'is required' },
        { path: 'stages[2].timescale.amount', message: 'must be a whole number of at least 1' },
      ])
    }
  })
})
