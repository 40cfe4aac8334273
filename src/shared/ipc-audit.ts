/** The audit trail, filtered: by kind of event, person, dispute reference and date range. */
import { z } from 'zod'
import { AUDIT_KIND_IDS } from './audit-kinds'
import { CivilDate } from './dates'
import { AuditEntry } from './ipc-vault'
import { channel, text } from './ipc-common'

export const AuditFilter = z
  .object({
    kind: z.enum(AUDIT_KIND_IDS, { error: 'Choose a kind of event from the list' }).optional(),
    /** Part of the name of the person who did it, any case. */
    person: text(120).optional(),
    /** Part of a dispute's reference ("ESC-2026-0007", "0007"), any case. */
    reference: text(40).optional(),
    from: CivilDate.optional(),
    to: CivilDate.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The “to” date must be the same as or after the “from” date', path: ['to'] })
export type AuditFilter = z.infer<typeof AuditFilter>

export const AuditSearchResult = z.object({
  entries: z.array(AuditEntry),
  /** Where to go on looking (older than this entry), or null when the whole trail has been looked through. */
  continueBefore: z.number().nullable(),
})
export type AuditSearchResult = z.infer<typeof AuditSearchResult>

export const auditChannels = {
  'audit.search': channel(
    z
      .object({ filter: AuditFilter, beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500) })
      .strict(),
    AuditSearchResult,
  ),
} as const
