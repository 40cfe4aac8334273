/**
 * Issue 18, "Drop an email on a dispute": an .eml or .msg file "becomes a draft 'email received' or 'email
 * sent' record (direction from the DSL's own address in settings) with from, to, cc, date and time,
 * subject and body filled in, and the sender matched to the directory … The DSL reviews and approves it as
 * any other record." Wolverhampton (seed 002, 2.10): "a record of the intra- and inter-agency discussion
 * and any other written communication should be placed on the child's record".
 */
import { copyFileSync, mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi, PROFILE } from './helpers'

const fixture = (name: string): string => join(__dirname, '../../fixtures/mail', name)
type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
let chosen: string | null = null
beforeEach(async () => {
  t = await openTestApi('2026-11-25T12:00:00Z', { chooseOpenFile: async () => chosen })
})
afterEach(async () => t.cleanup())

async function aDispute(): Promise<string> {
  const child = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })
  const view = await t.call('disputes.open', {
    policyId: 'wolverhampton-wscb',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'City of Wolverhampton Council', practitioner: 'Zoë Ó Briain', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-11-23',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}

describe('an email dropped on a dispute', () => {
  it('imported days after it was sent keeps the email’s date and says when it was added, not “recorded retrospectively”', async () => {
    const disputeId = await aDispute()
    t.at('2026-11-27T15:00:00Z') // the email was sent on 24 Nov 2026 at 10:41
    const { record } = await t.call('records.fromEmail', { disputeId, file: fixture('alternative-quoted-printable.eml') })
    expect(record).toMatchObject({ occurredAt: '2026-11-24T10:41:55.000Z', recordedAt: '2026-11-27T15:00:00.000Z', retrospective: false })
    expect(record!.retrospectiveNote).toBe(
      'Added to the log 3 days 4 hours after the email was sent. The date and time are the email’s, and its words are the email’s own, not written from memory.',
    )
    // A contact typed in as long after is still recorded retrospectively.
    const typed = await t.call('records.createDraft', {
      disputeId,
      draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-11-24', time: '10:41' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Asked Jo to reconsider.' },
    })
    const view = await t.call('disputes.get', { disputeId })
    expect(view.records.find((r) => r.id === typed.id)).toMatchObject({ retrospective: true, retrospectiveNote: expect.stringMatching(/^Recorded retrospectively — 3 days/) })
  })

  it('becomes a draft "email received" with the headers and words of the email, the sender from the directory', async () => {
    await t.call('directory.create', {
      entry: { name: 'Zoë Ó Briain', role: 'Social worker, MASH', agency: 'City of Wolverhampton Council', email: 'Zoe.OBriain@wolverhampton.example.gov.uk', phone: '' },
    })
    const disputeId = await aDispute()
    const { record } = await t.call('records.fromEmail', { disputeId, file: fixture('alternative-quoted-printable.eml') })
    expect(record).toMatchObject({
      status: 'draft',
      kind: 'email-received',
      direction: 'incoming',
      stage: 1,
      occurredAt: '2026-11-24T10:41:55.000Z',
      contact: { name: 'Zoë Ó Briain', role: 'Social worker, MASH', agency: 'City of Wolverhampton Council' },
      weSaid: '',
    })
    expect(record!.contact.directoryId).not.toBeNull()
    expect(record!.theySaid.split('\n').slice(0, 5)).toEqual([
      'Subject: Re: Referral – threshold decision (MASH ref 2611-0042)',
      'From: Zoë Ó Briain <zoe.obriain@wolverhampton.example.gov.uk>',
      'To: Adaeze Okafor (DSL) <a.okafor@elmfield-primary.example.sch.uk>',
      'Cc: Gareth Lewis <gareth.lewis@wolverhampton.example.gov.uk>; Sióbhan Ni Cheallaigh <s.nicheallaigh@wolverhampton.example.gov.uk>',
      'Sent: 24 Nov 2026, 10:41',
    ])
    expect(record!.theySaid).toContain('our threshold decision stands')
    // The email file is stored in the vault with the record ("the original email … stored encrypted in
    // the vault"), so nothing is noted by reference.
    expect(record!.attachments).toEqual([])
    expect(record!.files!.map((f) => [f.name, f.source, f.size])).toEqual([
      ['alternative-quoted-printable.eml', 'email', statSync(fixture('alternative-quoted-printable.eml')).size],
    ])

    // Reviewed and approved as any other record.
    const approved = await t.call('records.approve', { disputeId, recordId: record!.id })
    expect(approved.status).toBe('approved')
    const audit = await t.call('audit.list', { limit: 5 })
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['record-drafted', 'record-approved']))
  })

  it('is "email sent" when it is from the DSL’s own address in settings, with the recipient as the contact', async () => {
    await t.call('settings.update', { profile: { ...PROFILE, emailAddress: 'a.okafor@elmfield-primary.example.sch.uk' } })
    const disputeId = await aDispute()
    const { record } = await t.call('records.fromEmail', { disputeId, file: fixture('forwarded-chain-sent.eml') })
    expect(record).toMatchObject({
      kind: 'email-sent',
      direction: 'outgoing',
      theySaid: '',
      contact: { name: 'Gareth Lewis', email: 'gareth.lewis@wolverhampton.example.gov.uk', directoryId: null },
    })
    expect(record!.weSaid).toContain('-------- Forwarded Message --------')
  })

  it('stores the .msg and each file it carries in the vault, and reads an Outlook .msg chosen with the open dialog', async () => {
    const disputeId = await aDispute()
    chosen = fixture('msgreader-attachmentFiles.msg')
    const { record } = await t.call('records.fromEmail', { disputeId, file: null })
    expect(record).toMatchObject({ kind: 'email-received', occurredAt: '2023-11-01T00:48:31.000Z', contact: { email: 'hmailuser@hmailserver.test' } })
    expect(record!.files!.map((f) => [f.name, f.source])).toEqual([
      ['msgreader-attachmentFiles.msg', 'email'],
      ['jpg.jpg', 'email-attachment'],
      ['png.png', 'email-attachment'],
      ['tif.tif', 'email-attachment'],
    ])
    // The stored email saves out byte for byte.
    const email = record!.files![0]!
    const { savedAs } = await t.call('attachments.save', { disputeId, recordId: record!.id, fileId: email.id, name: email.name })
    expect(savedAs).toBe(join(t.exportsDir, 'msgreader-attachmentFiles.msg'))
    expect(readFileSync(savedAs!).equals(readFileSync(fixture('msgreader-attachmentFiles.msg')))).toBe(true)
  })

  it('stores an .eml’s attachment in the vault as the bytes it carried', async () => {
    const disputeId = await aDispute()
    const { record } = await t.call('records.fromEmail', { disputeId, file: fixture('related-base64-attachment.eml') })
    const files = record!.files!
    // The inline image is part of the body's look; the PDF is what the sender attached.
    expect(files.map((f) => [f.name, f.source, f.type])).toEqual([
      ['related-base64-attachment.eml', 'email', 'message/rfc822'],
      ['Strategy discussion minutes – 2 June.pdf', 'email-attachment', 'application/pdf'],
    ])
    const pdf = files[1]!
    const { savedAs } = await t.call('attachments.save', { disputeId, recordId: record!.id, fileId: pdf.id, name: pdf.name })
    expect(readFileSync(savedAs!).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(statSync(savedAs!).size).toBe(pdf.size)
  })

  it('does nothing when the open dialog is cancelled', async () => {
    const disputeId = await aDispute()
    chosen = null
    expect(await t.call('records.fromEmail', { disputeId, file: null })).toEqual({ record: null })
  })

  it('refuses a malformed, dateless or oversized file plainly and stores nothing', async () => {
    const disputeId = await aDispute()
    const before = t.snapshot()
    const big = join(mkdtempSync(join(tmpdir(), 'mail-')), 'big.msg')
    const fd = openSync(big, 'w')
    ftruncateSync(fd, 26 * 1024 * 1024)
    closeSync(fd)
    const bad = join(mkdtempSync(join(tmpdir(), 'mail-')), 'email.eml')
    copyFileSync(fixture('not-an-email.eml'), bad)
    expect(await t.refusal('records.fromEmail', { disputeId, file: big })).toMatchObject({ code: 'email-file-too-large' })
    expect(await t.refusal('records.fromEmail', { disputeId, file: bad })).toMatchObject({ code: 'email-file-unreadable' })
    expect(await t.refusal('records.fromEmail', { disputeId, file: fixture('no-date.eml') })).toMatchObject({
      code: 'email-no-date',
      message: '“no-date.eml” does not say when it was sent, so nothing was saved. Log it with “Log a contact” and enter the date yourself.',
    })
    expect(t.snapshot()).toEqual(before)
    const view = await t.call('disputes.get', { disputeId })
    expect(view.records).toHaveLength(0)
  })
})
