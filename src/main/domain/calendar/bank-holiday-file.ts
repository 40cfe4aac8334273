/**
 * Reading the gov.uk bank-holidays JSON (https://www.gov.uk/bank-holidays.json, or the England and Wales
 * part alone at https://www.gov.uk/bank-holidays/england-and-wales.json). The app ships a copy; a user
 * updates it by importing a newer download, because a proclamation can add or move a bank holiday (as
 * in 2020, 2022 and 2023).
 */
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { tryDayNumber, yearOf } from './civil-date'

export interface BankHoliday {
  title: string
  date: string
}

const eventSchema = z.object({
  title: z.string(),
  date: z.string(),
  notes: z.string().optional(),
  bunting: z.boolean().optional(),
})

const divisionSchema = z.object({
  division: z.string().optional(),
  events: z.array(z.unknown()),
})

const DIVISION = 'england-and-wales'

function invalid(problem: string, details?: { path: string; message: string }[]): AppError {
  return new AppError('bank-holidays-invalid', `This bank-holiday file cannot be used: ${problem}`, {
    field: 'bankHolidayFile',
    ...(details && details.length > 0 ? { details } : {}),
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Validates an imported gov.uk bank-holidays file and returns the England and Wales holidays, sorted by
 * date. Accepts the whole file (with "england-and-wales", "scotland", "northern-ireland") or the England
 * and Wales division on its own. Throws AppError `bank-holidays-invalid` naming every problem found.
 */
export function parseBankHolidayFile(json: unknown): BankHoliday[] {
  if (!isRecord(json)) throw invalid('it is not a gov.uk bank-holidays file (expected a JSON object).')
  let divisionValue: unknown
  let prefix: string
  if (DIVISION in json) {
    divisionValue = json[DIVISION]
    prefix = `${DIVISION}.`
  } else if (json.division === DIVISION) {
    divisionValue = json
    prefix = ''
  } else if (typeof json.division === 'string') {
    throw invalid(`it lists the bank holidays of “${json.division}”, not England and Wales.`)
  } else {
    throw invalid('it has no list of bank holidays for England and Wales (“england-and-wales”).')
  }

  const division = divisionSchema.safeParse(divisionValue)
  if (!division.success) throw invalid('the England and Wales part has no list of events.')
  if (division.data.division !== undefined && division.data.division !== DIVISION) {
    throw invalid(`the England and Wales part is labelled “${division.data.division}”.`)
  }
  if (division.data.events.length === 0) throw invalid('it lists no bank holidays for England and Wales.')

  const details: { path: string; message: string }[] = []
  const seen = new Map<string, string>()
  const holidays: BankHoliday[] = []
  division.data.events.forEach((raw, i) => {
    const path = `${prefix}events[${i}]`
    const event = eventSchema.safeParse(raw)
    if (!event.success) {
      details.push({ path, message: `Entry ${i + 1} is not a bank holiday with a title and a date.` })
      return
    }
    const title = event.data.title.trim()
    const date = event.data.date
    if (title === '')
      details.push({ path: `${path}.title`, message: `Entry ${i + 1} (${date}) has no title.` })
    if (Number.isNaN(tryDayNumber(date))) {
      details.push({
        path: `${path}.date`,
        message: `Entry ${i + 1} (“${title}”) has the date “${date}”, which is not a real date in the form YYYY-MM-DD.`,
      })
      return
    }
    const earlier = seen.get(date)
    if (earlier !== undefined) {
      details.push({
        path: `${path}.date`,
        message: `${date} is listed twice (“${earlier}” and “${title}”).`,
      })
      return
    }
    seen.set(date, title)
    holidays.push({ title, date })
  })

  if (details.length > 0) {
    const first = details[0].message
    const more =
      details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''
    throw invalid(`${first}${more}`, details)
  }
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/**
 * Combines the holidays the app already knows with a newly imported list. For every year the import
 * mentions, the import wins outright (so a moved or cancelled holiday disappears); other years are kept
 * (so the projected 2028–2030 days survive importing a gov.uk file that stops at 2027).
 */
export function mergeBankHolidays(
  existing: readonly BankHoliday[],
  imported: readonly BankHoliday[],
): BankHoliday[] {
  const importedYears = new Set(imported.map((h) => yearOf(tryDayNumber(h.date))))
  const kept = existing.filter((h) => !importedYears.has(yearOf(tryDayNumber(h.date))))
  return [...kept, ...imported.map((h) => ({ title: h.title, date: h.date }))].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  )
}
