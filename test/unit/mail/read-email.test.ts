/**
 * Issue 18: "Tests parse a set of realistic .eml fixtures (multipart/alternative, quoted-printable, base64,
 * non-ASCII names and subjects, inline images, attachments, a forwarded chain) and .msg fixtures taken from
 * open-source projects' test suites … a malformed or oversized file is refused with a plain message".
 * The fixtures and where each came from: test/fixtures/mail/README.md.
 */
import { mkdtempSync, openSync, closeSync, ftruncateSync, copyFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EMAIL_FILE_LIMIT_BYTES, htmlToText, readEmailFile } from '../../../src/main/mail/read-email'

const fixture = (name: string): string => join(__dirname, '../../fixtures/mail', name)

describe('reading .eml files (mailparser)', () => {
  it('reads multipart/alternative with quoted-printable parts and encoded-word names and subject', async () => {
    const email = await readEmailFile(fixture('alternative-quoted-printable.eml'))
    expect(email.from).toEqual({ name: 'Zoë Ó Briain', address: 'zoe.obriain@wolverhampton.example.gov.uk' })
    expect(email.to).toEqual([{ name: 'Adaeze Okafor (DSL)', address: 'a.okafor@elmfield-primary.example.sch.uk' }])
    expect(email.cc.map((c) => c.name)).toEqual(['Gareth Lewis', 'Sióbhan Ni Cheallaigh'])
    expect(email.subject).toBe('Re: Referral – threshold decision (MASH ref 2611-0042)')
    expect(email.sentAt).toBe('2026-11-24T10:41:55.000Z')
    // The plain part is used, soft line breaks joined and =E2=80=99 decoded.
    expect(email.body).toContain('the younger child’s attendance and the state of the home will be picked up by Early Help')
    expect(email.body).not.toContain('=\n')
    expect(email.body).not.toContain('tracking.example.com')
  })

  it('reads an HTML-only base64 body as text, leaves out the inline image and lists the attachment', async () => {
    const email = await readEmailFile(fixture('related-base64-attachment.eml'))
    expect(email.subject).toBe('Strategy discussion minutes – stage 2 (Łukasz)')
    expect(email.sentAt).toBe('2026-06-03T15:05:00.000Z') // 16:05 BST
    expect(email.body).toContain('Our position is that a child protection enquiry is not needed at this time.')
    expect(email.body).not.toMatch(/<p>|cid:|NHS logo/)
    expect(email.attachments).toEqual(['Strategy discussion minutes – 2 June.pdf'])
  })

  it('keeps a forwarded chain in the body, as it was written', async () => {
    const email = await readEmailFile(fixture('forwarded-chain-sent.eml'))
    expect(email.from?.address).toBe('A.Okafor@Elmfield-Primary.example.sch.uk')
    expect(email.subject).toBe('Fwd: Re: Referral – threshold decision (MASH ref 2611-0042)')
    expect(email.body).toContain('-------- Forwarded Message --------')
    expect(email.body).toContain('> I am writing to ask you to look again at the decision.')
  })

  it('turns HTML into text without any image or link address in it', () => {
    const text = htmlToText('<p>See <a href="https://evil.example/track?x=1">the plan</a></p><img src="https://evil.example/p.gif"><p>Thanks</p>')
    expect(text).toBe('See the plan\n\nThanks')
  })
})

describe('reading Outlook .msg files (@kenjiuno/msgreader, its own test files)', () => {
  it('reads sender, recipient, date, subject, body and attachment names', async () => {
    const email = await readEmailFile(fixture('msgreader-attachmentFiles.msg'))
    expect(email.from).toEqual({ name: 'hmailuser', address: 'hmailuser@hmailserver.test' })
    expect(email.to).toEqual([{ name: '', address: 'hmailuser@hmailserver.test' }])
    expect(email.sentAt).toBe('2023-11-01T00:48:31.000Z')
    expect(email.subject).toBe('attachmentFiles')
    expect(email.body).toBe('attachmentFiles')
    expect(email.attachments).toEqual(['jpg.jpg', 'png.png', 'tif.tif'])
  })

  it('separates To from Cc and leaves Bcc out', async () => {
    const email = await readEmailFile(fixture('msgreader-Subject.msg'))
    expect(email.to).toEqual([{ name: 'ToUser', address: 'to@example.com' }])
    expect(email.cc).toEqual([{ name: 'ToCc', address: 'cc@example.com' }])
  })

  it('reads an HTML-only message with a non-ASCII subject as text', async () => {
    const email = await readEmailFile(fixture('msgreader-newOutlook-test.msg'))
    expect(email.subject).toBe('Microsoft Outlook テスト メッセージ')
    expect(email.from).toEqual({ name: 'Microsoft Outlook', address: 'ku@digitaldolphins.jp' })
    expect(email.body).toBe('この電子メール メッセージは、アカウントの設定のテスト中に、Microsoft Outlook から自動送信されたものです。')
  })

  it('reads a Unicode body and an unsent message with no sender', async () => {
    const email = await readEmailFile(fixture('msgreader-Hello-CJK.msg'))
    expect(email.from).toBeNull()
    expect(email.body).toBe('Hello\nC 你好\nJ こんにちは\nK 안녕하세요')
  })
})

describe('refusals', () => {
  it('refuses a file that is not an email, plainly', async () => {
    await expect(readEmailFile(fixture('not-an-email.eml'))).rejects.toMatchObject({
      code: 'email-file-unreadable',
      message: '“not-an-email.eml” could not be read as an email. Save the email from your mail program as an .eml or .msg file and drop that file.',
    })
  })

  it('refuses a damaged .msg', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'))
    const path = join(dir, 'damaged.msg')
    copyFileSync(fixture('msgreader-sent.msg'), path)
    writeFileSync(path, Buffer.alloc(2048, 0x41))
    await expect(readEmailFile(path)).rejects.toMatchObject({ code: 'email-file-unreadable' })
  })

  it('refuses another kind of file by its name', async () => {
    await expect(readEmailFile(fixture('README.md'))).rejects.toMatchObject({
      code: 'email-file-unreadable',
      message: '“README.md” is not an email file. Drop an email saved as an .eml or .msg file.',
    })
  })

  it('refuses a file over 25 MB before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'))
    const path = join(dir, 'huge.eml')
    const fd = openSync(path, 'w')
    ftruncateSync(fd, EMAIL_FILE_LIMIT_BYTES + 1)
    closeSync(fd)
    await expect(readEmailFile(path)).rejects.toMatchObject({
      code: 'email-file-too-large',
      message: '“huge.eml” is 25.0 MB: the app reads emails of up to 25 MB. Nothing was saved. Log the email by hand with “Log a contact”.',
    })
  })
})
