/** Policies and the working-day calendar (imported bank holidays, extra closure days) through the handler table. */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import { bundledBankHolidays, mergeBankHolidays, parseBankHolidayFile } from '../domain/calendar'
import { builtInPolicies, currentPolicies, summarisePolicy } from '../domain/policies'
import type { CaseLog } from '../caselog'
import { caseLogOf, parseJson } from './case-session'
import type { Context } from './context'
import { importPolicy, setPolicyRetired, summaryOf } from './policy-handlers'

function calendarView(log: CaseLog): ChannelOutput<'calendar.get'> {
  const cal = log.calendar()
  const days = log.calendarDays()
  return {
    source: days.bankHolidays ? 'imported' : 'bundled',
    bankHolidays: (days.bankHolidays ?? bundledBankHolidays()).map((h) => ({ title: h.title, date: h.date })),
    extraClosures: days.extraClosures.map((c) => ({ date: c.date, label: c.label })),
    coverage: cal.coverage(),
  }
}

export const policyHandlers = {
  'policies.builtIn': async () => currentPolicies([...builtInPolicies()]).map(summarisePolicy),

  'policies.list': async (ctx: Context) => {
    const { log } = caseLogOf(ctx)
    return { policies: log.policies(), current: currentPolicies(log.policies()).map((p) => summaryOf(log, p)) }
  },

  'policies.import': importPolicy,
  'policies.setRetired': setPolicyRetired,

  'calendar.get': async (ctx: Context) => calendarView(caseLogOf(ctx).log),

  'calendar.importBankHolidays': async (ctx: Context, input: ChannelInput<'calendar.importBankHolidays'>) => {
    const { log } = caseLogOf(ctx)
    const imported = parseBankHolidayFile(parseJson(input.json, 'bank-holidays file'))
    const merged = mergeBankHolidays(log.calendarDays().bankHolidays ?? bundledBankHolidays(), imported)
    await log.setBankHolidays(merged, { action: 'bank-holidays-imported', summary: `Imported ${imported.length} England and Wales bank holidays` })
    return calendarView(log)
  },

  'calendar.addClosure': async (ctx: Context, input: ChannelInput<'calendar.addClosure'>) => {
    const { log } = caseLogOf(ctx)
    const others = log.calendarDays().extraClosures.filter((c) => c.date !== input.date)
    const extraClosures = [...others, { date: input.date, label: input.label }].sort((a, b) => a.date.localeCompare(b.date))
    await log.setClosureDays(extraClosures, { action: 'closure-added', summary: `Closure day added: ${input.date} (${input.label})` })
    return calendarView(log)
  },

  'calendar.removeClosure': async (ctx: Context, input: ChannelInput<'calendar.removeClosure'>) => {
    const { log } = caseLogOf(ctx)
    const before = log.calendarDays().extraClosures
    const extraClosures = before.filter((c) => c.date !== input.date)
    if (extraClosures.length === before.length)
      throw new AppError('closure-not-found', 'That date is not one of the extra closure days.', { field: 'date' })
    await log.setClosureDays(extraClosures, { action: 'closure-removed', summary: `Closure day removed: ${input.date}` })
    return calendarView(log)
  },
}
