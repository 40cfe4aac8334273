import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  checkLevelOfNeed,
  createChild,
  retentionReviewDate,
  updateChild,
  validateNhsNumber,
} from '../../../src/main/domain/children'
import { Child, checkNhsNumber, formatNhsNumber, nhsCheckDigit } from '../../../src/shared/children'
import { AppError } from '../../../src/shared/errors'

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

const today = '2026-11-22'

describe('NHS numbers (modulus 11)', () => {
  it('accepts a valid number typed with spaces or hyphens, and stores 10 digits', () => {
    expect(validateNhsNumber('943 476 5919')).toBe('9434765919')
    expect(validateNhsNumber('943-476-5919')).toBe('9434765919')
    expect(validateNhsNumber(' 9434765919 ')).toBe('9434765919')
    // 943 476 5870: the weighted sum of its first nine digits is 308 = 28 × 11, so its check digit is 0.
    expect(validateNhsNumber('943 476 5870')).toBe('9434765870')
  })

  it('refuses a wrong check digit without saying which digit would pass', () => {
    const error = appErrorOf(() => validateNhsNumber('943 476 5910'))
    expect(error.code).toBe('nhs-number-invalid')
    expect(error.field).toBe('nhsNumber')
    expect(error.message).toMatch(/^The NHS number 943 476 5910 is not valid: a digit is wrong or two digits are the wrong way round\./)
    // The message must not give away the digit that would pass (a valid number, but perhaps another child's).
    expect(error.message).not.toMatch(/should be|\b9\b/)
  })

  it('never accepts a number whose first nine digits give a check digit of 10', () => {
    // Find nine digits whose check digit would be 10, then try every tenth digit.
    let prefix = ''
    for (let n = 100000000; ; n++) {
      if (nhsCheckDigit(String(n)) === 10) {
        prefix = String(n)
        break
      }
    }
    for (let last = 0; last <= 9; last++) {
      const error = appErrorOf(() => validateNhsNumber(prefix + last))
      expect(error.message).toMatch(/no NHS number begins with/)
    }
  })

  it('explains numbers of the wrong shape', () => {
    expect(appErrorOf(() => validateNhsNumber('12345')).message).toBe(
      'An NHS number has 10 digits; this one has 5.',
    )
    expect(appErrorOf(() => validateNhsNumber('943 476 591A')).message).toMatch(/digits only/)
  })

  it('agrees with an independent statement of the rule for every 10-digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2]
        const total = weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0)
        const remainder = total % 11
        const check = remainder === 0 ? 0 : 11 - remainder
        const valid = check !== 10 && check === Number(digits[9])
        return (checkNhsNumber(digits).result === 'valid') === valid
      }),
    )
  })

  it('prints as 3-3-4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919')
  })
})

describe('children', () => {
  const input = {
    name: ' Sam Jones ',
    dateOfBirth: '2015-03-27',
    nhsNumber: '943 476 5919',
    icsNumber: ' 123456 ',
    levelOfNeed: 'Child in Need',
    childProtectionPlan: true,
    settingType: 'school' as const,
    settingName: 'Oak Primary School',
  }

  it('creates a child with the fields the St Helens forms ask for (seed 003: "ICS Number (if known)", "NHS Number (if known)")', () => {
    const child = createChild(input, { id: 'child-1', today })
    expect(child).toEqual({
      id: 'child-1',
      name: 'Sam Jones',
      dateOfBirth: '2015-03-27',
      nhsNumber: '9434765919',
      icsNumber: '123456',
      levelOfNeed: 'Child in Need',
      childProtectionPlan: true,
      lookedAfter: false,
      circumstanceHistory: [{ circumstance: 'childProtectionPlan', from: today, to: null }],
      settingType: 'school',
      settingName: 'Oak Primary School',
    })
    expect(Child.parse(child)).toEqual(child)
  })

  it('treats blank answers as not known', () => {
    const child = createChild(
      { name: 'Baby Jones', dateOfBirth: '', nhsNumber: '  ', icsNumber: '' },
      { id: 'c2', today },
    )
    expect(child.dateOfBirth).toBeNull()
    expect(child.nhsNumber).toBeNull()
    expect(child.icsNumber).toBeNull()
    expect(child.settingType).toBeNull()
  })

  it('refuses a missing name, an impossible or future date of birth, and a bad NHS number', () => {
    expect(appErrorOf(() => createChild({ name: '  ' }, { id: 'c', today })).field).toBe('name')
    expect(
      appErrorOf(() => createChild({ name: 'A', dateOfBirth: '2015-02-29' }, { id: 'c', today })).code,
    ).toBe('child-date-of-birth-invalid')
    expect(
      appErrorOf(() => createChild({ name: 'A', dateOfBirth: '2026-11-23' }, { id: 'c', today })).code,
    ).toBe('child-date-of-birth-future')
    expect(
      appErrorOf(() => createChild({ name: 'A', nhsNumber: '9434765910' }, { id: 'c', today })).code,
    ).toBe('nhs-number-invalid')
  })

  // Issue 16: "Errors arrive in rounds … all validation errors shown at once".
  it('lists every problem at once, in the order of the form, without the check digit that would pass', () => {
    const error = appErrorOf(() => createChild({ name: ' ', dateOfBirth: '2026-11-23', nhsNumber: '943 476 5910' }, { id: 'c', today }))
    expect(error.code).toBe('child-name-missing')
    expect(error.message).toMatch(/^3 answers need attention\. The first: Enter the child’s name/)
    expect(error.details?.map((d) => d.path)).toEqual(['name', 'dateOfBirth', 'nhsNumber'])
    expect(error.details?.[2]?.message).toContain('943 476 5910 is not valid')
    expect(JSON.stringify(error.details)).not.toContain('5919')
  })

  it('updates by returning a new child, keeping the id and the fields not mentioned', () => {
    const child = createChild(input, { id: 'child-1', today })
    const updated = updateChild(child, { lookedAfter: true, icsNumber: '' }, { today })
    expect(updated).not.toBe(child)
    expect(child.lookedAfter).toBe(false)
    expect(updated).toMatchObject({
      id: 'child-1',
      lookedAfter: true,
      icsNumber: null,
      nhsNumber: '9434765919',
      name: 'Sam Jones',
    })
    expect(appErrorOf(() => updateChild(child, { nhsNumber: '1234567890' }, { today })).code).toBe(
      'nhs-number-invalid',
    )
  })

  it('keeps when a child protection plan and looked-after status held: from the day given, or the day recorded', () => {
    // 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure notification should also be sent to cpru@solihull.gov.uk"
    const child = createChild(input, { id: 'child-1', today: '2027-03-25' })
    expect(child.circumstanceHistory).toEqual([{ circumstance: 'childProtectionPlan', from: '2027-03-25', to: null }])
    const lookedAfter = updateChild(child, { lookedAfter: true }, { today: '2027-03-31', circumstancesFrom: '2027-03-30' })
    const planEnded = updateChild(lookedAfter, { childProtectionPlan: false }, { today: '2027-04-01' })
    expect(planEnded.circumstanceHistory).toEqual([
      { circumstance: 'childProtectionPlan', from: '2027-03-25', to: '2027-04-01' },
      { circumstance: 'lookedAfter', from: '2027-03-30', to: null },
    ])
    // Other changes leave the history alone.
    expect(updateChild(planEnded, { icsNumber: '99' }, { today: '2027-04-02' }).circumstanceHistory).toEqual(planEnded.circumstanceHistory)
  })

  it('refuses a change of circumstance dated in the future, or ending before it began', () => {
    const child = createChild(input, { id: 'child-1', today: '2027-03-25' })
    const future = appErrorOf(() => updateChild(child, { lookedAfter: true }, { today: '2027-03-25', circumstancesFrom: '2027-03-26' }))
    expect([future.code, future.message, future.field]).toEqual(['date-in-future', '26 Mar 2027 is in the future.', 'circumstancesFrom'])
    const early = appErrorOf(() => updateChild(child, { childProtectionPlan: false }, { today: '2027-03-30', circumstancesFrom: '2027-03-20' }))
    expect([early.code, early.message]).toEqual([
      'date-before-start',
      '20 Mar 2027 is before the day recorded for “the child has a child protection plan” (from 25 Mar 2027).',
    ])
  })

  it('checks the level of need against the partnership’s list', () => {
    expect(checkLevelOfNeed(' early help ', ['Universal', 'Early Help', 'Child in Need'])).toBe('Early Help')
    const error = appErrorOf(() => checkLevelOfNeed('Level 5', ['Universal', 'Early Help']))
    expect(error.code).toBe('child-level-of-need-unknown')
    expect(error.message).toBe(
      '“Level 5” is not a level of need this partnership uses. Choose one of: Universal, Early Help.',
    )
  })
})

describe('retention', () => {
  it('keeps records until the youngest child’s date of birth + 25 years by default', () => {
    expect(
      retentionReviewDate([
        { dateOfBirth: '2012-06-01' },
        { dateOfBirth: '2019-09-14' },
        { dateOfBirth: null },
      ]),
    ).toBe('2044-09-14')
  })

  it('moves 29 February to 28 February when the later year has none', () => {
    expect(retentionReviewDate([{ dateOfBirth: '2016-02-29' }])).toBe('2041-02-28')
    expect(retentionReviewDate([{ dateOfBirth: '2016-02-29' }], { yearsAfterYoungestBirth: 24 })).toBe(
      '2040-02-29',
    )
  })

  it('cannot say when no date of birth is known', () => {
    expect(retentionReviewDate([{ dateOfBirth: null }])).toBeNull()
    expect(retentionReviewDate([])).toBeNull()
  })
})
