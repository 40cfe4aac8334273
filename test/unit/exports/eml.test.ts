import { describe, expect, it } from 'vitest'
import { DOCX_CONTENT_TYPE, emailDraft, encodeHeaderWords, notificationEmail } from '../../../src/main/exports'
import { policyOf, stHelensResolved } from './fixtures'

/** A small MIME reader: headers (unfolded), and the parts of a multipart body. */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':')
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim())
  }
  return { headers, body: raw.slice(split + 4) }
}

function parts(message: { headers: Map<string, string>; body: string }): { headers: Map<string, string>; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(message.headers.get('content-type')!)![1]
  const chunks = message.body.split(`--${boundary}`)
  expect(chunks[chunks.length - 1]).toBe('--\r\n')
  return chunks.slice(1, -1).map((c) => parseMessage(c.replace(/^\r\n/, '').replace(/\r\n$/, '')))
}

/** Decodes RFC 2047 encoded-words (B and Q) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    )
}

describe('email drafts (.eml)', () => {
  const document = Buffer.from(Array.from({ length: 5000 }, (_v, i) => (i * 31) % 256))

  it('is an unsent multipart/mixed message with the document attached byte for byte', () => {
    const raw = emailDraft({
      to: [{ name: 'SCP escalations inbox', email: 'scpescalations@sthelens.gov.uk' }],
      subject: 'OFFICIAL-SENSITIVE: Notification Stage 1 — ESC-2026-0007',
      body: 'Dear colleague,\n\nPlease find attached the form for Ellie’s escalation.\n',
      attachments: [{ filename: 'ESC-2026-0007 Orange form.docx', contentType: DOCX_CONTENT_TYPE, data: document }],
      now: '2026-11-10T11:00:00.000Z',
    }).toString('utf8')
    expect(raw).not.toMatch(/[^\r]\n/) // CRLF line endings throughout
    expect([...raw].every((c) => c.charCodeAt(0) < 128)).toBe(true) // 7-bit clean
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998)
    const message = parseMessage(raw)
    expect(message.headers.get('x-unsent')).toBe('1')
    expect(message.headers.has('from')).toBe(false)
    expect(message.headers.get('to')).toBe('"SCP escalations inbox" <scpescalations@sthelens.gov.uk>')
    expect(decodeWords(message.headers.get('subject')!)).toBe('OFFICIAL-SENSITIVE: Notification Stage 1 — ESC-2026-0007')
    expect(message.headers.get('date')).toBe('Tue, 10 Nov 2026 11:00:00 +0000')
    expect(message.headers.get('mime-version')).toBe('1.0')
    expect(message.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary="/)
    const [text, attachment] = parts(message)
    expect(text.headers.get('content-type')).toBe('text/plain; charset=UTF-8')
    expect(Buffer.from(text.body, 'base64').toString('utf8')).toBe(
      'Dear colleague,\r\n\r\nPlease find attached the form for Ellie’s escalation.\r\n',
    )
    expect(attachment.headers.get('content-type')).toBe(`${DOCX_CONTENT_TYPE}; name="ESC-2026-0007 Orange form.docx"`)
    expect(attachment.headers.get('content-disposition')).toBe('attachment; filename="ESC-2026-0007 Orange form.docx"')
    expect(attachment.headers.get('content-transfer-encoding')).toBe('base64')
    expect(Buffer.from(attachment.body.replace(/\r\n/g, ''), 'base64').equals(document)).toBe(true)
  })

  it('encodes non-ASCII headers as RFC 2047 words of at most 75 characters, never splitting a character', () => {
    const subject = 'Résolution — Siân’s “escalation” 💬 '.repeat(4).trim()
    const encoded = encodeHeaderWords(subject)
    for (const word of encoded.split('\r\n ')) {
      expect(word.length).toBeLessThanOrEqual(75)
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/)
      expect(Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).not.toContain('\uFFFD')
    }
    expect(decodeWords(encoded)).toBe(subject)
    expect(encodeHeaderWords('Plain ASCII')).toBe('Plain ASCII')
    const raw = emailDraft({
      to: [{ name: 'Siân O’Neill', email: 'sian@example.gov.uk' }],
      subject,
      body: 'x',
      attachments: [{ filename: 'Résumé “final”.docx', contentType: DOCX_CONTENT_TYPE, data: document }],
      now: '2026-11-10T11:00:00.000Z',
    }).toString('utf8')
    const message = parseMessage(raw)
    expect(decodeWords(message.headers.get('to')!)).toBe('Siân O’Neill <sian@example.gov.uk>')
    const attachment = parts(message)[1]
    const disposition = attachment.headers.get('content-disposition')!
    expect(decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(disposition)![1])).toBe('Résumé “final”.docx')
  })

  it('“Prepare email” addresses the notification’s recipient from the policy and attaches the form', () => {
    const s = stHelensResolved()
    const raw = notificationEmail({
      dispute: s.dispute,
      policy: s.policy,
      notificationId: 'stage-1-form',
      document,
      filename: 'ESC-2026-0007 Orange Notification Stage 1.docx',
      senderName: 'Priya Shah',
      now: s.now,
    }).toString('utf8')
    const message = parseMessage(raw)
    expect(message.headers.get('to')).toBe('"SCP escalations inbox" <scpescalations@sthelens.gov.uk>')
    expect(decodeWords(message.headers.get('subject')!)).toContain('ESC-2026-0007')
    const [text, attachment] = parts(message)
    expect(Buffer.from(text.body, 'base64').toString('utf8')).toContain('Orange Notification Stage 1')
    expect(Buffer.from(attachment.body.replace(/\r\n/g, ''), 'base64').equals(document)).toBe(true)
  })

  it('refuses a recipient the policy gives no email address for', () => {
    const solihull = policyOf('solihull-sscp')
    const s = stHelensResolved()
    expect(() =>
      notificationEmail({
        dispute: s.dispute,
        policy: solihull,
        notificationId: 'delegated-safeguarding-partners-stage-4',
        document,
        filename: 'x.docx',
        senderName: 'Priya Shah',
        now: s.now,
      }),
    ).toThrow(expect.objectContaining({ code: 'email-no-recipient' }))
  })
})
