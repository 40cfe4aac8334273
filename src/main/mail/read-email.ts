/**
 * Reads an email file a DSL dropped on a dispute: a MIME `.eml` (mailparser) or an Outlook `.msg`
 * (@kenjiuno/msgreader). Only the parts a contact record needs come out: who sent it, to whom, when, the
 * subject, the body as plain text and the names of its attachments. Nothing is fetched: an HTML body is
 * turned into text, and its images and links stay as text (or are dropped), never loaded.
 *
 * The file is read whole, after its size has been checked, so an oversized file is refused before any of
 * it is read. Nothing here stores anything; the caller decides what becomes of the result.
 */
import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { simpleParser, type AddressObject } from 'mailparser'
import MsgReaderModule from '@kenjiuno/msgreader'
import { convert } from 'html-to-text'
import { AppError } from '../../shared/errors'
import type { ReadEmail, EmailAddress } from '../domain/records/from-email'

/** The largest email file the app reads (Outlook's own default limit for a message is 20 MB). */
export const EMAIL_FILE_LIMIT_BYTES = 25 * 1024 * 1024

// The package is CommonJS with an `exports.default`: bundlers unwrap it, Node's own import does not.
const MsgReader = ((MsgReaderModule as unknown as { default?: typeof MsgReaderModule }).default ?? MsgReaderModule) as typeof MsgReaderModule

const unreadable = (fileName: string): AppError =>
  new AppError(
    'email-file-unreadable',
    `“${fileName}” could not be read as an email. Save the email from your mail program as an .eml or .msg file and drop that file.`,
  )

/** Text from an HTML body, with images dropped and links kept as their words only. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'style', format: 'skip' },
      { selector: 'script', format: 'skip' },
    ],
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field]
  const out: EmailAddress[] = []
  const walk = (list: { name: string; address?: string; group?: { name: string; address?: string }[] }[]): void => {
    for (const a of list) {
      if (a.group) walk(a.group)
      else if (a.address || a.name) out.push({ name: a.name.trim(), address: (a.address ?? '').trim() })
    }
  }
  for (const o of objects) walk(o.value)
  return out
}

async function readEml(bytes: Buffer, fileName: string): Promise<EmailWithParts> {
  // A MIME message starts with a header line; a file that does not is not an email, whatever mailparser makes of it.
  const head = bytes.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart()
  if (!/^[A-Za-z0-9-]+:[^\r\n]*\r?\n/.test(head)) throw unreadable(fileName)
  // skipImageLinks: cid: images are left as references, never turned into data (they are not kept anyway).
  const parsed = await simpleParser(bytes, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true })
  const from = addressesOf(parsed.from)
  const to = addressesOf(parsed.to)
  if (from.length === 0 && to.length === 0 && !parsed.subject && !parsed.date) throw unreadable(fileName)
  const body = parsed.text?.trim() ? parsed.text.trim() : typeof parsed.html === 'string' ? htmlToText(parsed.html) : ''
  // An inline image is part of the body's look, not something the sender attached.
  const attached = parsed.attachments.filter((a) => !(a.related || (a.contentDisposition === 'inline' && a.contentType.startsWith('image/'))))
  return {
    fileName,
    from: from[0] ?? null,
    to,
    cc: addressesOf(parsed.cc),
    sentAt: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    subject: (parsed.subject ?? '').trim(),
    body,
    attachments: attached.map((a) => a.filename ?? 'Unnamed attachment'),
    parts: attached.map((a) => ({ name: a.filename ?? 'Unnamed attachment', type: a.contentType ?? '', content: a.content })),
  }
}

function readMsg(bytes: Buffer, fileName: string): EmailWithParts {
  let data: ReturnType<InstanceType<typeof MsgReader>['getFileData']>
  let reader: InstanceType<typeof MsgReader>
  try {
    reader = new MsgReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    data = reader.getFileData()
  } catch {
    throw unreadable(fileName)
  }
  if (data.error || (data.messageClass !== undefined && !/^IPM\.Note/i.test(data.messageClass))) throw unreadable(fileName)
  const smtp = (value: string | undefined): string => (value && value.includes('@') && !value.startsWith('/') ? value.trim() : '')
  const senderAddress = smtp(data.senderSmtpAddress) || smtp(data.senderEmail) || smtp(data.sentRepresentingSmtpAddress)
  const senderName = (data.senderName ?? '').trim()
  const recipients = (kind: 'to' | 'cc'): EmailAddress[] =>
    (data.recipients ?? [])
      .filter((r) => r.recipType === kind)
      .map((r) => {
        const address = smtp(r.smtpAddress) || smtp(r.email)
        const name = (r.name ?? '').replace(/^'(.*)'$/, '$1').trim()
        return { name: name === address ? '' : name, address }
      })
  const shown = (data.attachments ?? []).filter((a) => !a.attachmentHidden)
  const when = data.clientSubmitTime ?? data.messageDeliveryTime
  const sentAt = when && !Number.isNaN(Date.parse(when)) ? new Date(when).toISOString() : null
  const plain = (data.body ?? '').replace(/\r\n/g, '\n').trim()
  const html = data.bodyHtml ?? (data.html ? Buffer.from(data.html).toString('utf8') : '')
  return {
    fileName,
    from: senderAddress || senderName ? { name: senderName === senderAddress ? '' : senderName, address: senderAddress } : null,
    to: recipients('to'),
    cc: recipients('cc'),
    sentAt,
    subject: (data.subject ?? '').trim(),
    body: plain !== '' ? plain : html ? htmlToText(html) : '',
    attachments: shown.map((a) => a.fileName ?? a.fileNameShort ?? 'Unnamed attachment'),
    parts: shown.flatMap((a) => {
      try {
        const got = reader.getAttachment(a)
        return [{ name: got.fileName || (a.fileName ?? a.fileNameShort ?? 'Unnamed attachment'), type: a.attachMimeTag ?? '', content: Buffer.from(got.content) }]
      } catch {
        return [] // an embedded message or an unreadable part: its name is still listed in the body
      }
    }),
  }
}

/** A file an email carried, whole (the email file itself is within the size limit, so each part is too). */
export interface EmailPart {
  name: string
  type: string
  content: Buffer
}

export type EmailWithParts = ReadEmail & { parts: EmailPart[] }

/** Reads and parses one email file, refusing plainly what is too large, not an email or not readable. */
export async function readEmailFile(path: string, limitBytes = EMAIL_FILE_LIMIT_BYTES): Promise<ReadEmail> {
  const { parts: _parts, ...email } = await readEmailWithParts(path, limitBytes)
  return email
}

/** As readEmailFile, with the file's own bytes and the files it carries, for storing in the vault. */
export async function readEmailWithParts(path: string, limitBytes = EMAIL_FILE_LIMIT_BYTES): Promise<EmailWithParts & { bytes: Buffer }> {
  const fileName = basename(path)
  const extension = extname(path).toLowerCase()
  if (extension !== '.eml' && extension !== '.msg')
    throw new AppError('email-file-unreadable', `“${fileName}” is not an email file. Drop an email saved as an .eml or .msg file.`)
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw unreadable(fileName)
    size = info.size
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError('email-file-unreadable', `“${fileName}” could not be opened. Check that the file is still there and try again.`)
  }
  if (size > limitBytes)
    throw new AppError(
      'email-file-too-large',
      `“${fileName}” is ${(size / (1024 * 1024)).toFixed(1)} MB: the app reads emails of up to ${Math.round(limitBytes / (1024 * 1024))} MB. Nothing was saved. Log the email by hand with “Log a contact”.`,
    )
  if (size === 0) throw unreadable(fileName)
  const bytes = await readFile(path)
  try {
    return { ...(extension === '.msg' ? readMsg(bytes, fileName) : await readEml(bytes, fileName)), bytes }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw unreadable(fileName)
  }
}
