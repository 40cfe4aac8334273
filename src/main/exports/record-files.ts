/**
 * How an export lists the files stored with a record: by name, kind and size, one a line, with a file added
 * after approval dated as such. The files themselves never go into a document: a reader of the child's file
 * asks the DSL for them, who saves a copy out of the vault (audited).
 */
import { formatDateTime } from '../../shared/dates'
import { kindInWords, sizeInWords } from '../../shared/record-files'
import type { ContactRecord } from '../../shared/records'

export function storedFilesLines(r: Pick<ContactRecord, 'files'>): string[] {
  return (r.files ?? []).map(
    (f) =>
      `${f.name} (${kindInWords(f)}, ${sizeInWords(f.size)}${f.source === 'email' ? ', the original email' : ''})` +
      (f.afterApproval ? ` — added after approval, ${formatDateTime(f.addedAt)}, by ${f.addedByName}` : ''),
  )
}

/** The names alone, for one line of a chronology: "report.pdf, photo.jpg". */
export const storedFileNames = (r: Pick<ContactRecord, 'files'>): string => (r.files ?? []).map((f) => f.name).join(', ')
