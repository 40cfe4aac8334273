/** The audit trail filtered by kind of event, person, dispute reference and date range (issue 16). */
import { auditKindOf } from '../../shared/audit-kinds'
import type { AuditEntry, AuditFilter, ChannelOutput, ChannelParsed } from '../../shared/ipc'
import { civilDateInLondon } from '../domain/calendar'
import type { AuditEvent } from '../store/types'
import { requireSession, type Context } from './context'

/** Entries looked through per call at most, so one call stays short however long the trail is. */
const SCAN_PER_CALL = 20_000
const PAGE = 500

export function auditEntryOf(e: AuditEvent): AuditEntry {
  return {
    seq: e.seq,
    at: e.at,
    personName: e.personName,
    action: e.action,
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
    signed: e.sig !== undefined,
    summary: e.summary,
  }
}

/** Whether an entry passes the filter; 'older' when it and every older entry are before the range. */
export function auditMatch(e: AuditEvent, f: AuditFilter): boolean | 'older' {
  const day = civilDateInLondon(e.at)
  if (f.from && day < f.from) return 'older'
  if (f.to && day > f.to) return false
  if (f.kind && auditKindOf(e.action) !== f.kind) return false
  const person = f.person?.trim().toLowerCase()
  if (person && !e.personName.toLowerCase().includes(person)) return false
  const reference = f.reference?.trim().toLowerCase()
  if (reference && !(e.subject ?? '').toLowerCase().includes(reference)) return false
  return true
}

export const auditHandlers = {
  'audit.search': async (ctx: Context, input: ChannelParsed<'audit.search'>): Promise<ChannelOutput<'audit.search'>> => {
    const { vault } = requireSession(ctx)
    const entries: AuditEntry[] = []
    let before = input.beforeSeq
    let scanned = 0
    for (;;) {
      const page = await vault.readAudit({ limit: PAGE, ...(before ? { beforeSeq: before } : {}) })
      for (const e of page) {
        scanned++
        const match = auditMatch(e, input.filter)
        // The trail is in time order, so once entries are older than the range none further back match.
        if (match === 'older') return { entries, continueBefore: null }
        if (match) entries.push(auditEntryOf(e))
        if (entries.length === input.limit) return { entries, continueBefore: e.seq > 1 ? e.seq : null }
        before = e.seq
      }
      if (page.length < PAGE || before === 1) return { entries, continueBefore: null }
      if (scanned >= SCAN_PER_CALL) return { entries, continueBefore: before ?? null }
    }
  },
}
