/**
 * What the desktop reminders need from the unlocked vault, read from memory (the open disputes are loaded
 * at unlock and kept current by each save): the reminder to show now, the days deadlines fall on (kept
 * outside the vault for the one reminder that can come while it is locked), and when the next working
 * day starts on the vault's calendar. The scheduling is src/main/reminders.ts; the words are the domain's.
 */
import { dashboard } from '../domain/disputes'
import { nextWorkingDayStart, reminderDates, reminderFor, type Reminder } from '../domain/reminders'
import type { Context } from './context'

export interface ReminderSnapshot {
  /** The vault's setting: false when the person has turned reminders off. */
  enabled: boolean
  reminder: Reminder | null
  /** Civil dates only (see docs/security.md). */
  dates: string[]
  /** The start of the next working day after now, as an ISO instant. */
  nextAt: string
}

/** Null while the vault is locked. */
export function reminderSnapshot(ctx: Context): ReminderSnapshot | null {
  const session = ctx.session
  if (!session || session.vault.locked) return null
  const log = session.caselog
  const now = ctx.now().toISOString()
  const calendar = log.calendar()
  const entries = log.openEntries()
  const drafts = new Map(entries.map((e) => [e.dispute.id, e.drafts]))
  const rows = dashboard(
    entries.map((e) => e.dispute),
    { policies: log.policies(), now, calendar, recordsOf: (id) => drafts.get(id) ?? [] },
  )
  return {
    enabled: session.settings.reminders,
    reminder: reminderFor(rows, now, calendar),
    dates: reminderDates(rows, now),
    nextAt: nextWorkingDayStart(now, calendar),
  }
}
