/**
 * Files stored in the vault with a record (issue 18): attach one (a dropped file's path, or the open dialog
 * in main), remove one from a draft, save one out through the save dialog (not encrypted: warned and
 * audited, as exports are), check every stored file, and the size limit.
 */
import { z } from 'zod'
import { Empty, FilePath, Id, channel, disputeId } from './ipc-common'
import { MAX_ATTACHMENT_LIMIT_MB } from './record-files'
import { RecordView } from './views'

const AttachFile = FilePath('Choose a file to attach')
/** A stored file: its keyed-hash id and its name on the record (the same bytes may be attached under two names). */
const FileRef = {
  ...disputeId,
  recordId: Id,
  fileId: z.string().regex(/^[0-9a-f]{32}$/, 'That is not a stored file').max(32),
  name: z.string().min(1, 'A file name is required').max(260, 'That file name is too long'),
}

export const DamagedFile = z.object({
  disputeId: z.string(),
  reference: z.string(),
  recordId: z.string(),
  name: z.string(),
  message: z.string(),
})
export type DamagedFile = z.infer<typeof DamagedFile>

export const attachmentChannels = {
  /** Attach files to a record: the paths given (dropped files), or those chosen in the open dialog when null. */
  'attachments.add': channel(
    z.object({ ...disputeId, recordId: Id, files: z.array(AttachFile).min(1).max(20).nullable() }).strict(),
    z.object({ record: RecordView.nullable() }),
  ),
  'attachments.remove': channel(z.object(FileRef).strict(), RecordView),
  'attachments.save': channel(z.object(FileRef).strict(), z.object({ savedAs: z.string().nullable() })),
  /** Reads every stored file of every dispute and names each that is missing or damaged. */
  'attachments.check': channel(Empty, z.object({ checked: z.number(), damaged: z.array(DamagedFile) })),
  'attachments.setLimit': channel(
    z.object({ limitMB: z.number().int().min(1).max(MAX_ATTACHMENT_LIMIT_MB) }).strict(),
    z.object({ limitMB: z.number() }),
  ),
} as const
