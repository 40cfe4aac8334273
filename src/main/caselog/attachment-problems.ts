/**
 * A damaged attachment in the problems list, named as the DSL knows it — the file's name and the record it is
 * stored with — never by the id of the chunk document that failed. The vault notes the chunk (it knows no
 * more); the case log names it from the open disputes it holds, or from what a read of the attachment found
 * (saving it out, or the check in Settings). One problem per attachment, however many of its chunks failed.
 */
import { AppError } from '../../shared/errors'
import type { RecordFile } from '../../shared/record-files'
import type { ContactRecord } from '../../shared/records'
import { recordLabel } from '../domain/records'
import type { VaultProblem } from '../store'
import { attachmentOfDocId } from '../store/attachments'

/** "The attachment “report.pdf” of the record “Phone call with … on 3 Mar 2027, 14:05” (SOL-2026-0001) is damaged …" */
export function attachmentDamaged(file: Pick<RecordFile, 'name'>, record: ContactRecord, reference: string): AppError {
  return new AppError(
    'attachment-damaged',
    `The attachment “${file.name}” of the record “${recordLabel(record)}” (${reference}) is damaged: its stored copy in the vault is missing or does not match what was saved, so it was not opened. Restore the vault from a backup made before the damage to get it back.`,
  )
}

const UNNAMED =
  'A file attached to a record of a closed dispute is damaged: its stored copy in the vault is missing or does not match what was saved. Settings → Files stored with records → Check every stored file names it and its record.'

interface DisputeRecords {
  dispute: { reference: string }
  records: ContactRecord[]
}

/** The problems with each damaged attachment's chunks replaced by one problem naming the file and its record. */
export function nameAttachmentProblems(problems: VaultProblem[], named: ReadonlyMap<string, string>, open: Iterable<DisputeRecords>): VaultProblem[] {
  if (!problems.some((p) => attachmentOfDocId(p.docId) !== null)) return problems
  let fromOpen: Map<string, string> | null = null
  const messageFor = (name: string): string => {
    const known = named.get(name)
    if (known) return known
    if (!fromOpen) {
      fromOpen = new Map()
      for (const doc of open)
        for (const record of doc.records)
          for (const file of record.files ?? []) if (!fromOpen.has(file.id)) fromOpen.set(file.id, attachmentDamaged(file, record, doc.dispute.reference).message)
    }
    return fromOpen.get(name) ?? UNNAMED
  }
  const seen = new Set<string>()
  const out: VaultProblem[] = []
  for (const p of problems) {
    const name = attachmentOfDocId(p.docId)
    if (name === null) out.push(p)
    else if (!seen.has(name)) {
      seen.add(name)
      out.push({ docId: p.docId, message: messageFor(name) })
    }
  }
  return out
}
