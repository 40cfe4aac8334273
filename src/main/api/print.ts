/**
 * Printing a record, a dispute's timeline or its escalation record through the system print dialog. A
 * printout is a copy that is not encrypted, so it is treated as an export: refused where the audit trail
 * cannot be written, asks for the passphrase again as exports do, and is recorded in the audit trail once
 * the person has printed (a cancelled dialog records nothing).
 */
import { AppError } from '../../shared/errors'
import type { ChannelParsed } from '../../shared/ipc'
import { recordLabel } from '../domain/records'
import { vaultReadOnly } from '../store'
import { caseLogOf } from './case-session'
import { askWhileUnlocked, assertStillCurrent, requireSession, type Context } from './context'
import { requireRecentPassphrase } from './reauth'
import { assertNotHeld } from './seen-positions'

const WHAT = { record: 'a contact record', timeline: 'the timeline', 'escalation-record': 'the escalation record' } as const

export const printHandlers = {
  'print.dispute': async (ctx: Context, input: ChannelParsed<'print.dispute'>) => {
    const session = requireSession(ctx)
    const { log } = caseLogOf(ctx)
    const { entry } = await log.find(input.disputeId)
    let what: string = WHAT[input.what]
    if (input.what === 'record') {
      const record = (await log.records(input.disputeId)).find((r) => r.id === input.recordId)
      if (!record) throw new AppError('record-not-found', 'That contact record is not part of this dispute.')
      what = `the record “${recordLabel(record)}”`
    }
    if (session.vault.readOnly !== null)
      throw vaultReadOnly(session.vault.readOnly, 'Printing is refused too, because every printout must be recorded in the audit trail, which cannot be written.')
    assertNotHeld(session, 'Printing is')
    requireRecentPassphrase(ctx, session, 'print a copy that is not encrypted')
    const print = ctx.deps.print
    if (!print) throw new AppError('print-unavailable', 'Printing is not available here.')
    const printed = await askWhileUnlocked(ctx, session, print)
    if (!printed) return { printed: false }
    assertStillCurrent(ctx, session)
    await session.caselog.recordExport({ action: 'export', subject: entry.dispute.reference, summary: `Printed ${what}` })
    return { printed: true }
  },
}
