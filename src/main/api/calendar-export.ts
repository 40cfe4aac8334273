/**
 * Deadlines for Outlook through the handler table: an .ics of every open deadline, or of one dispute's.
 * The file is saved and audited as any export (saveAs); the events it held are then kept in the vault's
 * settings, so the next export keeps each UID and cancels what has closed since.
 */
import type { ChannelParsed } from '../../shared/ipc'
import { calendarPlan, type DisputeDeadlines } from '../domain/calendar-export'
import { dashboard } from '../domain/disputes'
import { calendarIcs } from '../exports/calendar-ics'
import { caseLogOf, nowIso } from './case-session'
import { requireSession, type Context } from './context'
import { saveAs } from './export-handlers'

const ICS_FILTER = [{ name: 'Calendar (.ics)', extensions: ['ics'] }]

export const calendarExportHandlers = {
  'calendar.export': async (ctx: Context, input: ChannelParsed<'calendar.export'>) => {
    const session = requireSession(ctx)
    const { log } = caseLogOf(ctx)
    const entries = log.openEntries()
    const byId = new Map(entries.map((e) => [e.dispute.id, e]))
    const scope = input.disputeId ? { disputeId: input.disputeId } : ('all' as const)
    const wanted = input.disputeId ? entries.filter((e) => e.dispute.id === input.disputeId) : entries
    if (input.disputeId && wanted.length === 0) await log.find(input.disputeId) // a closed dispute: its open deadlines are none
    const rows = dashboard(
      wanted.map((e) => e.dispute),
      { policies: log.policies(), now: nowIso(ctx), calendar: log.calendar(), recordsOf: (id) => byId.get(id)?.drafts ?? [] },
    )
    const disputes: DisputeDeadlines[] = rows.map((row) => ({
      disputeId: row.id,
      reference: row.reference,
      childNames: byId.get(row.id)?.childNames ?? [],
      dueDates: row.status?.dueDates ?? [],
    }))
    const previous = session.settings.calendarExport?.events ?? []
    const plan = calendarPlan(disputes, previous, { scope, withChildNames: input.withChildNames })
    const reference = input.disputeId ? (wanted[0]?.dispute.reference ?? 'dispute') : null
    const name = reference ? `Deadlines for ${reference}` : 'Escalation deadlines'
    const ics = calendarIcs(plan.events, { name, now: ctx.now() })
    const suggested = reference ? `${reference} deadlines.ics` : 'Escalation deadlines.ics'
    const cancelled = plan.events.filter((e) => e.cancelled).length
    const savedTo = await saveAs(ctx, suggested, ICS_FILTER, Buffer.from(ics, 'utf8'), (savedAs) => ({
      action: 'export',
      ...(reference ? { subject: reference } : {}),
      summary: `Exported ${plan.events.length - cancelled} deadline${plan.events.length - cancelled === 1 ? '' : 's'} for a calendar${cancelled ? `, ${cancelled} cancelled` : ''}${input.withChildNames ? ', with children’s names' : ''} (${savedAs})`,
    }))
    if (savedTo === null) return { savedTo: null, events: 0, cancelled: 0 }
    await session.caselog.saveSettings(
      { ...session.settings, calendarExport: { at: nowIso(ctx), events: plan.exported } },
      { action: 'settings', summary: 'Kept the calendar export’s events, so the next export updates them' },
    )
    return { savedTo, events: plan.events.length - cancelled, cancelled }
  },
}
