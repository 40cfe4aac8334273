/**
 * Children: creating and changing them, the NHS number check, and how long their records are kept.
 * Pure: ids and today's date are passed in.
 */
import { AppError } from '../../shared/errors'
import { isCivilDate, daysInMonth, formatDate } from '../../shared/dates'
import { STANDARD_CHILD_CIRCUMSTANCES } from '../../shared/policy'
import {
  type Child,
  type ChildCircumstancePeriod,
  type ChildInput,
  type RetentionRule,
  DEFAULT_RETENTION_RULE,
  SETTING_TYPES,
  checkNhsNumber,
  nhsNumberProblem,
} from '../../shared/children'
import { nameProblem, normaliseName } from '../../shared/names'

export { DEFAULT_RETENTION_RULE }

/**
 * An NHS number as typed ('943 476 5919', '943-476-5919') → its 10 digits. Refuses a wrong check digit
 * with the reason ("The NHS number 943 476 5910 is not valid: a digit is wrong or two digits are the wrong way round. …"),
 * never the digit that would pass.
 */
export function validateNhsNumber(input: string): string {
  const check = checkNhsNumber(input)
  if (check.result === 'valid') return check.digits
  throw new AppError('nhs-number-invalid', nhsNumberProblem(input) ?? 'The NHS number is not valid.', {
    field: 'nhsNumber',
  })
}

/** A blank answer ('' or spaces) is "not known". */
function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

function buildChild(id: string, input: ChildInput, today: string, storedName?: string): Child {
  // Every answer is checked before any is refused, so the form lists all its problems at once.
  const problems: AppError[] = []
  const name = normaliseName(input.name)
  if (name === '')
    problems.push(new AppError('child-name-missing', 'Enter the child’s name (or the family name).', { field: 'name' }))
  else {
    // A name kept from before this rule is not refused when some other answer changes.
    const problem = name === storedName?.normalize('NFC') ? null : nameProblem(name, 'The child’s name')
    if (problem) problems.push(new AppError(problem.code, problem.message, { field: 'name' }))
  }

  const dateOfBirth = blankToNull(input.dateOfBirth)
  if (dateOfBirth !== null) {
    if (!isCivilDate(dateOfBirth))
      problems.push(new AppError('child-date-of-birth-invalid', 'The date of birth must be a real date, for example 2015-03-27.', { field: 'dateOfBirth' }))
    else if (dateOfBirth > today)
      problems.push(
        new AppError('child-date-of-birth-future', 'The date of birth must be today or in the past. Leave it blank if the baby is not yet born.', { field: 'dateOfBirth' }),
      )
  }

  const typedNhs = blankToNull(input.nhsNumber)
  let nhsNumber: string | null = null
  if (typedNhs !== null) {
    try {
      nhsNumber = validateNhsNumber(typedNhs)
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      problems.push(e)
    }
  }

  const settingType = input.settingType ?? null
  if (settingType !== null && !SETTING_TYPES.includes(settingType))
    problems.push(new AppError('child-setting-invalid', 'Choose the kind of setting from the list.', { field: 'settingType' }))

  const [first] = problems
  if (first && problems.length === 1) throw first
  if (first)
    throw new AppError(first.code, `${problems.length} answers need attention. The first: ${first.message}`, {
      field: first.field ?? 'name',
      details: problems.map((p) => ({ path: p.field ?? 'name', message: p.message })),
    })

  return {
    id,
    name,
    dateOfBirth,
    nhsNumber,
    icsNumber: blankToNull(input.icsNumber),
    levelOfNeed: blankToNull(input.levelOfNeed),
    childProtectionPlan: input.childProtectionPlan ?? false,
    lookedAfter: input.lookedAfter ?? false,
    circumstanceHistory: [],
    settingType,
    settingName: blankToNull(input.settingName),
  }
}

const FLAGS = ['childProtectionPlan', 'lookedAfter'] as const

/**
 * The child's periods after its flags change on `from`: a flag turned on opens a period that day, one
 * turned off closes its open period that day.
 */
function historyAfter(before: Child | null, after: Pick<Child, 'childProtectionPlan' | 'lookedAfter'>, from: string): ChildCircumstancePeriod[] {
  let history = before?.circumstanceHistory ?? []
  for (const flag of FLAGS) {
    const was = before?.[flag] ?? false
    if (was === after[flag]) continue
    if (after[flag]) {
      history = [...history, { circumstance: flag, from, to: null }]
      continue
    }
    const open = history.find((p) => p.circumstance === flag && p.to === null)
    if (open && open.from !== null && from < open.from) {
      throw new AppError(
        'date-before-start',
        `${formatDate(from)} is before the day recorded for “${STANDARD_CHILD_CIRCUMSTANCES[flag]}” (from ${formatDate(open.from)}).`,
        { field: 'circumstancesFrom' },
      )
    }
    history = history.map((p) => (p === open ? { ...p, to: from } : p))
  }
  return history
}

/** A new child from the form. `today` (a civil date) is for refusing a date of birth in the future. */
export function createChild(input: ChildInput, context: { id: string; today: string }): Child {
  if (context.id.trim() === '') throw new TypeError('createChild needs an id')
  const child = buildChild(context.id, input, context.today)
  // A plan or looked-after status entered with a new child is taken as holding from the day it was recorded.
  return { ...child, circumstanceHistory: historyAfter(null, child, context.today) }
}

/**
 * The child with some answers changed; the id never changes. Fields left out of `changes` keep their
 * value; a field given as '' or null is cleared.
 */
export function updateChild(
  child: Child,
  changes: Partial<ChildInput>,
  context: { today: string; /** The day a plan or looked-after status began or ended; today if not given. */ circumstancesFrom?: string },
): Child {
  const current: ChildInput = {
    name: child.name,
    dateOfBirth: child.dateOfBirth,
    nhsNumber: child.nhsNumber,
    icsNumber: child.icsNumber,
    levelOfNeed: child.levelOfNeed,
    childProtectionPlan: child.childProtectionPlan,
    lookedAfter: child.lookedAfter,
    settingType: child.settingType,
    settingName: child.settingName,
  }
  const merged: ChildInput = { ...current }
  for (const key of Object.keys(changes) as (keyof ChildInput)[]) {
    if (changes[key] !== undefined) (merged as Record<string, unknown>)[key] = changes[key]
  }
  const updated = buildChild(child.id, merged, context.today, child.name)
  const from = context.circumstancesFrom ?? context.today
  if (from > context.today)
    throw new AppError('date-in-future', `${formatDate(from)} is in the future.`, { field: 'circumstancesFrom' })
  return { ...updated, circumstanceHistory: historyAfter(child, updated, from) }
}

/**
 * Checks a level of need against the partnership's list (the policy's `levelsOfNeed` labels or ids),
 * ignoring case and surrounding spaces. Returns the list's own spelling.
 */
export function checkLevelOfNeed(level: string, levels: readonly string[]): string {
  const wanted = level.trim().toLowerCase()
  const found = levels.find((l) => l.trim().toLowerCase() === wanted)
  if (found === undefined) {
    const list = levels.length > 0 ? ` Choose one of: ${levels.join(', ')}.` : ''
    throw new AppError(
      'child-level-of-need-unknown',
      `“${level.trim()}” is not a level of need this partnership uses.${list}`,
      {
        field: 'levelOfNeed',
      },
    )
  }
  return found
}

/** A civil date plus whole years; 29 February becomes 28 February in a year that has none. */
function addYearsToCivilDate(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years
  const month = Number(date.slice(5, 7))
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month))
  return `${String(year).padStart(4, '0')}-${date.slice(5, 7)}-${String(day).padStart(2, '0')}`
}

/**
 * When the records about these children should be reviewed for disposal: by default the youngest
 * child's date of birth + 25 years. null if no child's date of birth is known (the caller then keeps
 * the records and asks the DSL).
 */
export function retentionReviewDate(
  children: readonly Pick<Child, 'dateOfBirth'>[],
  rule: RetentionRule = DEFAULT_RETENTION_RULE,
): string | null {
  let youngest: string | null = null
  for (const child of children) {
    if (child.dateOfBirth !== null && (youngest === null || child.dateOfBirth > youngest))
      youngest = child.dateOfBirth
  }
  return youngest === null ? null : addYearsToCivilDate(youngest, rule.yearsAfterYoungestBirth)
}
