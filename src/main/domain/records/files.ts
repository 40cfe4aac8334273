/**
 * Files stored with a record. A draft's files may be added and removed as its author writes it. An approved
 * record never changes, so none of its files is ever removed; a file added to it afterwards is a dated
 * addition, marked "added after approval" with when and by whom, as an addendum is — the record as approved
 * stays exactly as it was, and what came later is shown as later.
 */
import { AppError } from '../../../shared/errors'
import { MAX_FILES_PER_RECORD, type RecordFile, type RecordFileSource } from '../../../shared/record-files'
import type { ContactRecord } from '../../../shared/records'
import type { Actor } from './lifecycle'

export interface NewFile {
  id: string
  name: string
  type: string
  size: number
  source: RecordFileSource
}

/** The record with `files` added (a file it already holds under the same name is not added twice). */
export function addFiles(record: ContactRecord, files: NewFile[], context: { actor: Actor; now: Date | string }): ContactRecord {
  const held = record.files ?? []
  const fresh = files.filter((f) => !held.some((h) => h.id === f.id && h.name === f.name))
  if (held.length + fresh.length > MAX_FILES_PER_RECORD)
    throw new AppError('attachment-limit', `A record can hold up to ${MAX_FILES_PER_RECORD} files, and this one has ${held.length}. Nothing was attached.`)
  const at = typeof context.now === 'string' ? context.now : context.now.toISOString()
  const added: RecordFile[] = fresh.map((f) => ({
    ...f,
    addedAt: at,
    addedByPersonId: context.actor.personId,
    addedByName: context.actor.name,
    afterApproval: record.status === 'approved',
  }))
  return { ...record, files: [...held, ...added] }
}

/** The draft without one of its files. Refused once the record is approved. */
export function removeFile(record: ContactRecord, fileId: string, fileName: string): ContactRecord {
  if (record.status === 'approved')
    throw new AppError('record-approved', 'This record is approved, so its files can no longer be removed. Add a dated addendum to say why a file should be disregarded.')
  const held = record.files ?? []
  if (!held.some((f) => f.id === fileId && f.name === fileName))
    throw new AppError('attachment-not-found', 'That file is not attached to this record. It may have been removed already.')
  return { ...record, files: held.filter((f) => !(f.id === fileId && f.name === fileName)) }
}

/** Whether any record of the dispute still lists the stored file `fileId` (so its chunks must stay). */
export const fileInUse = (records: readonly ContactRecord[], fileId: string): boolean =>
  records.some((r) => (r.files ?? []).some((f) => f.id === fileId))
