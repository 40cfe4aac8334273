/**
 * A file stored in the vault with a record (dispute document format 5): the original email a record was
 * made from, a file the email carried, or any file a DSL attached. The bytes are in the vault's attachment
 * chunks (src/main/store/attachments.ts), named by `id`, a keyed hash; the record holds what a person
 * sees of it. A file added once the record was approved is marked so, with when and by whom: it adds to
 * the record as an addendum does and, like the record, never changes or goes afterwards.
 */
import { z } from 'zod'
import { Instant } from './dates'

/** The default largest file, in MB, when the settings give none. */
export const DEFAULT_ATTACHMENT_LIMIT_MB = 25
/** The most a setting may raise it to: one commit holds the whole file. */
export const MAX_ATTACHMENT_LIMIT_MB = 100
/** Files one record may hold. */
export const MAX_FILES_PER_RECORD = 100

export const RecordFileSource = z.enum(['email', 'email-attachment', 'file'])
export type RecordFileSource = z.infer<typeof RecordFileSource>

export const RecordFile = z.object({
  /** The keyed-hash name of its chunks in the vault (32 hex). */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  /** The file's name as it came (no folder). */
  name: z.string().min(1).max(260),
  /** Its media type, as far as it is known ("application/pdf"); '' when it is not. */
  type: z.string().max(200),
  size: z.number().int().min(0),
  source: RecordFileSource,
  addedAt: Instant,
  addedByPersonId: z.string().min(1),
  addedByName: z.string().min(1),
  /** Added to a record already approved (a dated addition, as an addendum is). */
  afterApproval: z.boolean(),
})
export type RecordFile = z.infer<typeof RecordFile>

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  heic: 'image/heic',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  zip: 'application/zip',
}

/** The media type a file's name suggests; '' when the extension says nothing known. */
export function typeFromName(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : (TYPES[name.slice(dot + 1).toLowerCase()] ?? '')
}

/** What kind of file it is, in a person's words: "PDF", "Word document", "Image (PNG)". */
export function kindInWords(file: Pick<RecordFile, 'type' | 'name'>): string {
  const t = file.type || typeFromName(file.name)
  if (t === 'application/pdf') return 'PDF'
  if (t.includes('wordprocessingml') || t === 'application/msword' || t.includes('opendocument.text') || t === 'application/rtf') return 'Word document'
  if (t.includes('spreadsheetml') || t === 'application/vnd.ms-excel' || t === 'text/csv') return 'Spreadsheet'
  if (t.startsWith('image/')) return `Image (${t.slice(6).toUpperCase()})`
  if (t === 'message/rfc822' || t === 'application/vnd.ms-outlook') return 'Email'
  if (t === 'text/plain') return 'Text'
  if (t === 'application/zip') return 'Zip archive'
  const dot = file.name.lastIndexOf('.')
  return dot < 0 ? 'File' : `${file.name.slice(dot + 1).toUpperCase()} file`
}

/** A size as a person reads it: "312 KB", "4.2 MB". */
export function sizeInWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  const mb = bytes / (1024 * 1024)
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`
}
