/**
 * An email dropped on a dispute (or chosen with the open dialog) becomes a draft contact record. The main
 * process reads the file itself, within the size limit; the domain decides what the record says; one
 * save writes it, audited as any draft. A refused file leaves nothing behind.
 */
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelParsed } from '../../shared/ipc'
import { draftFromEmail } from '../domain/records/from-email'
import { createDraft, recordLabel } from '../domain/records'
import { readEmailFile } from '../mail/read-email'
import { newId } from '../caselog'
import { caseLogOf } from './case-session'
import { askWhileUnlocked, requireSession, type Context } from './context'
import { allEntries } from './policy-handlers'
import { recordView } from './records'

const EMAIL_FILTERS = [{ name: 'Emails (.eml, .msg)', extensions: ['eml', 'msg'] }]

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Every address the vault's people have given as their own: their profile's email, or contact details that are one. */
export function ownAddresses(profiles: Record<string, { emailAddress?: string | undefined; contactDetails?: string | undefined }>): string[] {
  return Object.values(profiles)
    .flatMap((p) => [p.emailAddress ?? '', p.contactDetails ?? ''])
    .map((a) => a.trim())
    .filter((a) => EMAIL_SHAPE.test(a))
}

export const emailRecordHandlers = {
  'records.fromEmail': async (ctx: Context, input: ChannelParsed<'records.fromEmail'>) => {
    const session = requireSession(ctx)
    const { log, actor } = caseLogOf(ctx)
    const { entry, open } = await log.find(input.disputeId)
    if (!open) throw new AppError('dispute-closed', `${entry.dispute.reference} is closed: new contacts cannot be logged on it.`)
    let file = input.file
    if (file === null) {
      if (!ctx.deps.chooseOpenFile) return { record: null }
      file = await askWhileUnlocked(ctx, session, () => ctx.deps.chooseOpenFile!(EMAIL_FILTERS))
      if (file === null) return { record: null }
    }
    const email = await readEmailFile(file)
    const dispute = entry.dispute
    const draft = draftFromEmail(email, {
      ownAddresses: ownAddresses(session.settings.profiles),
      directory: await allEntries(log),
      stage: dispute.route === 'emergency' ? 'emergency' : (dispute.currentStage ?? 1),
      heldAt: dirname(file),
    })
    const record = createDraft(draft, { id: newId(), disputeId: dispute.id, author: actor, now: ctx.now() })
    await log.saveRecord(record, { action: 'record-drafted', subject: dispute.reference, summary: `Draft started from an email: ${recordLabel(record)}` })
    return { record: recordView(record) }
  },
}
