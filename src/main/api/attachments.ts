/**
 * Files stored with records (issue 18), through the handler table. The main process reads each file itself
 * (a dropped file's path, or the open dialog), within the size limit; the record and the new chunks are one
 * commit and one audit event, so a refused or failed attach leaves nothing behind. Saving one out goes
 * through the save dialog as an export does (recent passphrase, audited, the file removed again if the audit
 * event cannot be written), streamed chunk by chunk, and a damaged file is refused by name.
 */
import { open, unlink } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelParsed } from '../../shared/ipc'
import { DEFAULT_ATTACHMENT_LIMIT_MB, typeFromName, type RecordFile } from '../../shared/record-files'
import type { ContactRecord } from '../../shared/records'
import type { Settings } from '../../shared/ipc'
import { addFiles, fileInUse, recordLabel, removeFile, type NewFile } from '../domain/records'
import {
  AttachmentDamaged,
  attachmentPresent,
  deleteAttachmentChanges,
  readAttachment,
  stageAttachmentFile,
  type StagedAttachment,
} from '../store/attachments'
import type { DocumentChange, Vault } from '../store'
import { vaultReadOnly } from '../store'
import { attachmentDamaged } from '../caselog/attachment-problems'
import { caseLogOf } from './case-session'
import { askWhileUnlocked, assertStillCurrent, requireSession, type Context } from './context'
import { requireRecentPassphrase } from './reauth'
import { recordView } from './records'
import { assertNotHeld } from './seen-positions'

/** The largest file the settings allow, in bytes. */
export const attachmentLimitBytes = (settings: Settings): number =>
  (settings.attachmentLimitMB ?? DEFAULT_ATTACHMENT_LIMIT_MB) * 1024 * 1024

/** Adds the staged files to `record` and commits the record with whichever chunks the vault lacks. */
export function chunksToWrite(vault: Vault, staged: readonly StagedAttachment[]): DocumentChange[] {
  const seen = new Set<string>()
  return staged.flatMap((s) => {
    // The same bytes in this dispute already stored (a file attached twice): written once, never read.
    if (seen.has(s.name) || attachmentPresent(vault, s.name, s.size)) return []
    seen.add(s.name)
    return s.changes
  })
}

async function findRecord(ctx: Context, disputeId: string, recordId: string) {
  const { log, actor } = caseLogOf(ctx)
  const { entry, open: isOpen } = await log.find(disputeId)
  const records = await log.records(disputeId)
  const record = records.find((r) => r.id === recordId)
  if (!record) throw new AppError('record-not-found', 'That record is not in this dispute. It may have been removed, or the page is out of date.')
  return { log, actor, entry, isOpen, records, record }
}

const filesInWords = (n: number): string => (n === 1 ? '1 file' : `${n} files`)

async function streamOut(vault: Vault, file: RecordFile, path: string, damaged: () => AppError): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>>
  try {
    fh = await open(path, 'w', 0o600)
  } catch {
    throw new AppError('export-write-failed', `The file could not be saved to ${basename(path)}. Choose another folder and try again.`)
  }
  let failure: unknown = null
  try {
    await readAttachment(vault, file.id, file.size, async (chunk) => {
      for (let done = 0; done < chunk.length; ) done += (await fh.write(chunk, done, chunk.length - done)).bytesWritten
    })
    await fh.sync()
  } catch (e) {
    failure = e instanceof AttachmentDamaged ? damaged() : e instanceof AppError ? e : new AppError('export-write-failed', `The file could not be saved to ${basename(path)}. Choose another folder and try again.`)
  } finally {
    await fh.close().catch(() => undefined)
  }
  if (failure !== null) {
    await unlink(path).catch(() => undefined)
    throw failure
  }
}

export const attachmentHandlers = {
  'attachments.add': async (ctx: Context, input: ChannelParsed<'attachments.add'>) => {
    const session = requireSession(ctx)
    const { log, actor, entry, isOpen, record } = await findRecord(ctx, input.disputeId, input.recordId)
    if (!isOpen) throw new AppError('dispute-closed', `${entry.dispute.reference} is closed: files cannot be attached to its records.`)
    if (session.vault.readOnly !== null) throw vaultReadOnly(session.vault.readOnly)
    let paths = input.files
    if (paths === null) {
      if (!ctx.deps.chooseOpenFile) throw new AppError('export-unavailable', 'Choosing files is not available here.')
      const chosen = await askWhileUnlocked(ctx, session, () => ctx.deps.chooseOpenFile!())
      if (chosen === null) return { record: null }
      paths = [chosen]
    }
    const limit = attachmentLimitBytes(session.settings)
    const staged: StagedAttachment[] = []
    const files: NewFile[] = []
    for (const path of paths) {
      const name = basename(path).slice(0, 260) || 'Unnamed file'
      const s = await stageAttachmentFile(session.vault, input.disputeId, path, name, limit)
      staged.push(s)
      files.push({ id: s.name, name, type: typeFromName(name), size: s.size, source: 'file' })
    }
    assertStillCurrent(ctx, session)
    const next = addFiles(record, files, { actor, now: ctx.now() })
    const after = record.status === 'approved' ? ', after its approval' : ''
    await log.saveRecord(
      next,
      { action: 'attachment-added', subject: entry.dispute.reference, summary: `${filesInWords(files.length)} attached to ${recordLabel(record)}${after}` },
      () => chunksToWrite(session.vault, staged),
    )
    return { record: recordView(next) }
  },

  'attachments.remove': async (ctx: Context, input: ChannelParsed<'attachments.remove'>) => {
    const session = requireSession(ctx)
    const { log, entry, record } = await findRecord(ctx, input.disputeId, input.recordId)
    const file = (record.files ?? []).find((f) => f.id === input.fileId && f.name === input.name)
    const next = removeFile(record, input.fileId, input.name)
    await log.saveRecord(
      next,
      { action: 'attachment-removed', subject: entry.dispute.reference, summary: `A file was removed from the draft ${recordLabel(record)}` },
      // The chunks go only when no record of the dispute lists the same stored file any more.
      (records) => (file && !fileInUse(records, file.id) ? deleteAttachmentChanges(session.vault, file.id, file.size) : []),
    )
    return recordView(next)
  },

  'attachments.save': async (ctx: Context, input: ChannelParsed<'attachments.save'>) => {
    const session = requireSession(ctx)
    const { log, entry, record } = await findRecord(ctx, input.disputeId, input.recordId)
    const file = (record.files ?? []).find((f) => f.id === input.fileId && f.name === input.name)
    if (!file) throw new AppError('attachment-not-found', 'That file is not attached to this record. It may have been removed.')
    if (session.vault.readOnly !== null)
      throw vaultReadOnly(session.vault.readOnly, 'Saving a copy is refused too, because every copy saved must be recorded in the audit trail, which cannot be written.')
    assertNotHeld(session, 'Saving copies of files is')
    requireRecentPassphrase(ctx, session, 'save a copy that is not encrypted')
    const damaged = () => {
      const error = attachmentDamaged(file, record, entry.dispute.reference)
      log.noteDamagedAttachment(file.id, error.message)
      return error
    }
    // Refused before the dialog when the vault already knows a chunk is gone.
    if (!attachmentPresent(session.vault, file.id, file.size)) throw damaged()
    const choose = ctx.deps.chooseSaveFile
    if (!choose) throw new AppError('export-unavailable', 'Saving files is not available here.')
    const dot = file.name.lastIndexOf('.')
    const filters = dot > 0 ? [{ name: file.type || 'File', extensions: [file.name.slice(dot + 1)] }] : undefined
    const path = await askWhileUnlocked(ctx, session, () => choose(file.name, filters))
    if (!path) return { savedAs: null }
    await streamOut(session.vault, file, path, damaged)
    try {
      assertStillCurrent(ctx, session)
      await log.recordExport({
        action: 'export',
        subject: entry.dispute.reference,
        summary: `Saved a copy, not encrypted, of a file of ${recordLabel(record)} as ${basename(path)}`,
      })
    } catch (error) {
      await unlink(path).catch(() => undefined)
      throw error
    }
    return { savedAs: path }
  },

  'attachments.check': async (ctx: Context) => {
    const session = requireSession(ctx)
    const { log } = caseLogOf(ctx)
    const damaged: { disputeId: string; reference: string; recordId: string; name: string; message: string }[] = []
    let checked = 0
    const disputes: { id: string; reference: string; records: ContactRecord[] }[] = []
    await log.scanDisputes((doc) => {
      const records = doc.records.filter((r) => (r.files ?? []).length > 0)
      if (records.length > 0) disputes.push({ id: doc.dispute.id, reference: doc.dispute.reference, records })
    })
    for (const d of disputes)
      for (const record of d.records)
        for (const file of record.files ?? []) {
          checked++
          try {
            await readAttachment(session.vault, file.id, file.size, async () => undefined)
          } catch (e) {
            if (!(e instanceof AttachmentDamaged)) throw e
            const { message } = attachmentDamaged(file, record, d.reference)
            log.noteDamagedAttachment(file.id, message)
            damaged.push({ disputeId: d.id, reference: d.reference, recordId: record.id, name: file.name, message })
          }
        }
    return { checked, damaged }
  },

  'attachments.setLimit': async (ctx: Context, input: ChannelParsed<'attachments.setLimit'>) => {
    const session = requireSession(ctx)
    const next: Settings = { ...session.settings, attachmentLimitMB: input.limitMB }
    await session.caselog.saveSettings(next, { action: 'settings', summary: `Settings changed: files attached to records may be up to ${input.limitMB} MB` })
    return { limitMB: input.limitMB }
  },
}
