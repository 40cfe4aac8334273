/**
 * An email dropped on a dispute (or chosen with the open dialog) becomes a draft contact record. The main
 * process reads the file itself, within the size limit; the domain decides what the record says; one
 * save writes it with the email file and each file it carried stored in the vault (./attachments.ts),
 * audited as any draft. A refused file leaves nothing behind.
 */
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelParsed } from '../../shared/ipc'
import { draftFromEmail } from '../domain/records/from-email'
import { addFiles, createDraft, recordLabel } from '../domain/records'
import { readEmailWithParts } from '../mail/read-email'
import { MAX_FILES_PER_RECORD, typeFromName } from '../../shared/record-files'
import { stageAttachmentBytes } from '../store/attachments'
import { attachmentLimitBytes, chunksToWrite } from './attachments'
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
    const limit = attachmentLimitBytes(session.settings)
    const { bytes, parts, ...email } = await readEmailWithParts(file, limit)
    const dispute = entry.dispute
    const draft = draftFromEmail(email, {
      ownAddresses: ownAddresses(session.settings.profiles),
      directory: await allEntries(log),
      stage: dispute.route === 'emergency' ? 'emergency' : (dispute.currentStage ?? 1),
      heldAt: dirname(file),
    })
    // The email and what it carried are stored in the vault with the record, so nothing is noted by reference.
    const staged = [
      { s: stageAttachmentBytes(session.vault, dispute.id, email.fileName, bytes, limit), name: email.fileName, type: typeFromName(email.fileName), source: 'email' as const },
      ...parts.map((p) => ({
        s: stageAttachmentBytes(session.vault, dispute.id, p.name, p.content, limit),
        name: p.name.slice(0, 260) || 'Unnamed attachment',
        type: (p.type || typeFromName(p.name)).slice(0, 200),
        source: 'email-attachment' as const,
      })),
    ].slice(0, MAX_FILES_PER_RECORD)
    const drafted = createDraft({ ...draft, attachments: [] }, { id: newId(), disputeId: dispute.id, author: actor, now: ctx.now() })
    const record = addFiles(drafted, staged.map(({ s, name, type, source }) => ({ id: s.name, name, type, size: s.size, source })), { actor, now: ctx.now() })
    await log.saveRecord(
      record,
      { action: 'record-drafted', subject: dispute.reference, summary: `Draft started from an email: ${recordLabel(record)}` },
      () => chunksToWrite(session.vault, staged.map((x) => x.s)),
    )
    return { record: recordView(record) }
  },
}
