/**
 * "Prepare email": an unsent message (.eml, RFC 5322 + MIME multipart/mixed) with the document
 * attached, which Outlook and Thunderbird open as a new message ready to send (`X-Unsent: 1`). It has
 * no From: the mail program fills in the sender's account. Nothing is sent from the app.
 *
 * Non-ASCII header text is written as RFC 2047 encoded-words (UTF-8, base64), split so no encoded-word
 * is longer than 75 characters and no character is split across two; the attachment's name is given as
 * an RFC 2231 `filename*` as well, for the programs that read only that.
 */
import { randomBytes } from 'node:crypto'
import type { Dispute } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import type { Policy } from '../../shared/policy'
import type { Child } from '../../shared/children'
import { clean, cleanLine } from './house-style'
import { aChildOrChildren, childrenConcerned, salutation } from './wording'

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export interface EmailRecipient {
  name?: string
  email: string
}

export interface EmailAttachment {
  filename: string
  contentType: string
  data: Uint8Array
}

export interface EmailDraft {
  to: readonly EmailRecipient[]
  subject: string
  /** Plain text; lines are joined with CRLF. */
  body: string
  attachments: readonly EmailAttachment[]
  /** The instant for the Date header (ISO UTC). */
  now: string
  /** For tests: the MIME boundary (random otherwise). */
  boundary?: string
}

const CRLF = '\r\n'
const ASCII_PRINTABLE = /^[\x20-\x7E]*$/

/** RFC 2047 encoded-words for a header value that is not plain ASCII, folded onto continuation lines. */
export function encodeHeaderWords(raw: string): string {
  // A control character (an imported policy's "\r\nBcc:") must never reach a header: it could start one.
  const value = cleanLine(raw)
  if (ASCII_PRINTABLE.test(value)) return value
  const prefix = '=?UTF-8?B?'
  const suffix = '?='
  // 75 characters per encoded-word: 12 for =?UTF-8?B? and ?=, leaving 63 → at most 45 bytes (60 base64 characters).
  const maxBytes = 45
  const words: string[] = []
  let current: number[] = []
  for (const ch of value) {
    const bytes = [...Buffer.from(ch, 'utf8')]
    if (current.length + bytes.length > maxBytes) {
      words.push(prefix + Buffer.from(current).toString('base64') + suffix)
      current = []
    }
    current.push(...bytes)
  }
  if (current.length > 0) words.push(prefix + Buffer.from(current).toString('base64') + suffix)
  return words.join(`${CRLF} `)
}

function address(r: EmailRecipient): string {
  if (!/^[^\s@<>",]+@[^\s@<>",]+$/.test(r.email)) {
    throw new AppError('email-address-invalid', `“${r.email}” is not an email address the draft can be sent to.`)
  }
  const name = r.name === undefined ? '' : cleanLine(r.name)
  if (!name) return r.email
  const display = ASCII_PRINTABLE.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderWords(name)
  return `${display} <${r.email}>`
}

function base64Lines(data: Uint8Array): string {
  const b64 = Buffer.from(data).toString('base64')
  const lines: string[] = []
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76))
  return lines.join(CRLF)
}

/** A filename safe in a quoted header parameter: ASCII fallback, plus the exact name per RFC 2231. */
function filenameParams(raw: string): string {
  const filename = cleanLine(raw)
  const fallback = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_')
  if (ASCII_PRINTABLE.test(filename) && fallback === filename) return `filename="${filename}"`
  const extended = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `filename="${fallback}";${CRLF} filename*=UTF-8''${extended}`
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** RFC 5322 date-time, in UTC: "Tue, 10 Nov 2026 11:00:00 +0000". */
export function rfc5322Date(instant: string): string {
  const d = new Date(instant)
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not an instant: ${instant}`)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
}

/** The .eml file's bytes. */
export function emailDraft(draft: EmailDraft): Buffer {
  if (draft.to.length === 0) {
    throw new AppError('email-no-recipient', 'The policy gives no email address for this recipient: add one to send the email.')
  }
  const boundary = draft.boundary ?? `=_escalation-log_${randomBytes(12).toString('hex')}`
  const body = clean(draft.body).replace(/\n/g, CRLF)
  const parts = [
    [
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(body, 'utf8')),
    ].join(CRLF),
    ...draft.attachments.map((a) =>
      [
        `Content-Type: ${a.contentType}; name="${cleanLine(a.filename).replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_')}"`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; ${filenameParams(a.filename)}`,
        '',
        base64Lines(a.data),
      ].join(CRLF),
    ),
  ]
  const headers = [
    'X-Unsent: 1',
    `To: ${draft.to.map(address).join(`,${CRLF} `)}`,
    `Subject: ${encodeHeaderWords(draft.subject)}`,
    `Date: ${rfc5322Date(draft.now)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ]
  const message =
    headers.join(CRLF) +
    CRLF +
    CRLF +
    'This is a multi-part message in MIME format.' +
    CRLF +
    parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') +
    `--${boundary}--${CRLF}`
  return Buffer.from(message, 'utf8')
}

// ── "Prepare email" for a notification ───────────────────────────────────────────────────────────

export interface NotificationEmailInput {
  dispute: Dispute
  policy: Policy
  notificationId: string
  /** The exported document. */
  document: Uint8Array
  filename: string
  /** Who is preparing it, to sign the body. */
  senderName: string
  now: string
  /** The dispute's children: the body says "a child" or "children", as the attachment concerns. */
  children?: readonly Child[]
}

/** A draft to the notification's recipient (from the policy's contacts), with the document attached. */
export function notificationEmail(input: NotificationEmailInput): Buffer {
  const { dispute, policy } = input
  const notification = policy.notifications.find((n) => n.id === input.notificationId)
  if (!notification) {
    throw new AppError('notification-unknown', `The ${policy.partnership} policy has no notification “${input.notificationId}”.`)
  }
  const contact = policy.contacts.find((c) => c.id === notification.recipient)
  if (!contact?.email) {
    throw new AppError(
      'email-no-recipient',
      `The policy gives no email address for ${contact?.name ?? 'this recipient'}: send it another way, or add the address to the email yourself.`,
    )
  }
  const form = notification.form ? policy.forms.find((f) => f.id === notification.form) : undefined
  const what = cleanLine(form ? `${form.colour ? `${form.colour} ` : ''}${form.title}` : notification.what)
  const count = input.children ? childrenConcerned(policy, notification.id, input.children).children.length : 1
  const body = [
    salutation(contact.name),
    '',
    `Please find attached: ${what}, for escalation ${dispute.reference} under the ${cleanLine(policy.partnership)} ${cleanLine(policy.title)}.`,
    '',
    `The attachment is OFFICIAL-SENSITIVE: it contains personal information about ${aChildOrChildren(count)}. Please handle it accordingly.`,
    '',
    'Kind regards,',
    cleanLine(input.senderName),
    ...(contact.caution ? ['', `Check before sending: ${cleanLine(contact.caution)}`] : []),
  ].join('\n')
  return emailDraft({
    to: [{ name: contact.name, email: contact.email }],
    subject: `OFFICIAL-SENSITIVE: ${what} — ${dispute.reference}`,
    body,
    attachments: [{ filename: input.filename, contentType: DOCX_CONTENT_TYPE, data: input.document }],
    now: input.now,
  })
}
