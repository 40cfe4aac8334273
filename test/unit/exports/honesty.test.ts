/**
 * Issue 15: what the documents say must be true and complete — no record's words presented as the
 * other agency's position, no decision asked for once taken, deadlines in words that cannot mislead,
 * no log for a route never used, the notice naming the child it is about, names and file names as a
 * person writes them, and no control character anywhere.
 */
import { describe, expect, it } from 'vitest'
import { rapidResolutionLog, meetingPack, notificationDocument, notificationEmail } from '../../../src/main/exports'
import { clean, cleanLine } from '../../../src/main/exports/house-style'
import { addressee, childrenConcerned, notificationFileWhat, salutation, suggestedFileName } from '../../../src/main/exports/wording'
import { exportOptions, solihullStage2, stHelensAtStage4, stHelensResolved } from './fixtures'
import { HARSH_CHILDREN, harshStHelens } from './harsh-fixture'
import { readDocx, squash } from './read-docx'

/** The text of one section of the pack: from its heading to the next section's. */
function section(text: string, from: string, to: string): string {
  const t = squash(text)
  const a = t.indexOf(from, t.indexOf('Appendix A holds'))
  const b = t.indexOf(to, a + from.length)
  expect(a).toBeGreaterThan(-1)
  return t.slice(a, b)
}

describe('the stage 4 meeting pack', () => {
  it('presents no record’s text as the other agency’s position, and leaves a box for it in their own words', async () => {
    const s = stHelensAtStage4(12)
    const doc = await readDocx(await meetingPack(s, exportOptions(s.now)))
    const positions = section(doc.text, '4. Each agency’s position', '5. Children')
    for (const r of s.records) if (r.weSaid.trim() !== '') expect(positions).not.toContain(squash(r.weSaid).slice(0, 40))
    expect(positions).toContain('none of their text is given here as St Helens Children’s Social Care’s position')
    expect(positions).toContain('in its own words')
  })

  it('once resolved, says so with the date and the recorded outcome, and asks the meeting to decide nothing', async () => {
    const s = harshStHelens({ resolved: true })
    const doc = await readDocx(await meetingPack(s, exportOptions(s.now)))
    const t = squash(doc.text)
    expect(t).not.toContain('The meeting is asked to decide')
    expect(t).not.toContain('The decision sought')
    const outcome = section(doc.text, '7. The outcome', '8. Chronology')
    expect(outcome).toContain('The dispute was resolved on 20 Nov 2026, by Priya Shah.')
    expect(outcome).toContain('There is no decision for the meeting to take.')
    expect(outcome).toContain('The child in need plans stay open for all six children')
    expect(outcome).toContain('Received 20 Nov 2026 from Owen Pryce, Service manager')
  })

  it('while open, still asks the meeting to decide on the disputed matter', async () => {
    const s = harshStHelens()
    const t = squash((await readDocx(await meetingPack(s, exportOptions(s.now)))).text)
    expect(t).toContain('The meeting is asked to decide on the disputed decision')
  })
})

describe('the rapid-resolution log', () => {
  it('is refused, with a reason, for a dispute that never used the emergency route', async () => {
    const s = stHelensResolved()
    await expect(rapidResolutionLog(s, exportOptions(s.now))).rejects.toMatchObject({
      code: 'no-emergency-route',
      message: expect.stringContaining('never used'),
    })
  })
})

describe('a notice owed because of one child’s circumstances', () => {
  it('names that child and lists only that child’s identifiers (St Helens IRO, one of six looked after)', async () => {
    // St Helens: "Issues relating to Looked After Children should be taken up with the Independent Reviewing Officer (IRO)"
    const s = harshStHelens()
    const doc = await readDocx(await notificationDocument({ ...s, notificationId: 'iro-looked-after' }, exportOptions(s.now)))
    const t = squash(doc.text)
    expect(t).toContain('This notification is owed because Seán Ó Súilleabháin is looked after.')
    // By default the notice gives the name and date of birth only (it has no form asking for more).
    expect(t).toContain('Of the child’s identifiers, it gives the name and date of birth only.')
    expect(t).not.toContain('LAC-3003')
    // With the ICS number chosen, that child's, and still no other child's.
    const chosen = squash((await readDocx(await notificationDocument({ ...s, notificationId: 'iro-looked-after', identifiers: ['dateOfBirth', 'icsNumber'] }, exportOptions(s.now)))).text)
    expect(chosen).toContain('LAC-3003')
    for (const c of HARSH_CHILDREN.filter((x) => !x.lookedAfter)) {
      expect(t).not.toContain(c.name)
      expect(chosen).not.toContain(c.name)
      expect(chosen).not.toContain(c.icsNumber!)
    }
  })

  it('the escalation record of several children is for each child’s file', async () => {
    const s = harshStHelens()
    const { escalationRecord } = await import('../../../src/main/exports')
    expect(squash((await readDocx(await escalationRecord(s, exportOptions(s.now)))).text)).toContain('For each child’s file.')
  })

  it('a notice owed for the dispute as a whole is about every child', () => {
    const s = harshStHelens()
    expect(childrenConcerned(s.policy, 'stage-1-form', s.children).children).toHaveLength(6)
  })
})

describe('names and text', () => {
  it('suggests a different file name for every recipient and stage', () => {
    const so = solihullStage2()
    const bm = suggestedFileName('ESC-2026-0002', notificationFileWhat(so.policy, 'business-manager-evidence', 2), 'docx')
    const bm3 = suggestedFileName('ESC-2026-0002', notificationFileWhat(so.policy, 'business-manager-evidence', 3), 'docx')
    const iro = suggestedFileName('ESC-2026-0002', notificationFileWhat(so.policy, 'independent-reviewing-officer', null), 'docx')
    expect(bm).toBe('ESC-2026-0002 notification to SSCP Business Manager stage 2.docx')
    expect(new Set([bm, bm3, iro]).size).toBe(3)
    expect(iro).toBe('ESC-2026-0002 notification to Independent Reviewing Officer.docx')
    const sh = stHelensResolved()
    expect(suggestedFileName('ESC-2026-0001', notificationFileWhat(sh.policy, 'stage-1-form', 1), 'docx')).toBe(
      'ESC-2026-0001 Orange notification stage 1.docx',
    )
    expect(notificationFileWhat(sh.policy, 'outcome-form', null)).toBe('Purple resolution outcome form')
  })

  it('strips control characters from file names, keeping them on one line', () => {
    expect(suggestedFileName('ESC-2026-0001', 'Notification Stage 1\r\nBcc: x@example.org', 'docx')).toBe(
      'ESC-2026-0001 Notification Stage 1 Bcc- x@example.org.docx',
    )
  })

  it('writes salutations as a person does', () => {
    expect(salutation("The child's Independent Reviewing Officer (via CPRU)")).toBe('Dear Independent Reviewing Officer,')
    expect(salutation('SSCP Business Manager')).toBe('Dear SSCP Business Manager,')
    expect(salutation('SCP escalations inbox')).toBe('Dear colleagues,')
    expect(salutation('HSCB stage 4 contact (Alice Peatling)')).toBe('Dear Alice Peatling,')
    expect(salutation('Head of Service')).toBe('Dear Head of Service,')
    expect(addressee('Delegated Safeguarding Partner(s)')).toBe('Delegated Safeguarding Partners')
  })

  it('the email says "children" when the attachment is about several, and greets the IRO as a person would', () => {
    const sh = harshStHelens()
    const eml = notificationEmail({ ...sh, notificationId: 'stage-1-form', document: Buffer.from('x'), filename: 'a.docx', senderName: 'Priya Shah', now: sh.now })
    const body = Buffer.from(/\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(eml.toString('utf8').split('Content-Type: text/plain')[1])![1].replace(/\r\n/g, ''), 'base64').toString('utf8')
    expect(body).toContain('Dear colleagues,')
    expect(body).toContain('personal information about children.')
    const so = solihullStage2()
    const iro = notificationEmail({ ...so, notificationId: 'independent-reviewing-officer', document: Buffer.from('x'), filename: 'a.docx', senderName: 'Priya Shah', now: so.now })
    const iroBody = Buffer.from(/\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(iro.toString('utf8').split('Content-Type: text/plain')[1])![1].replace(/\r\n/g, ''), 'base64').toString('utf8')
    expect(iroBody).toContain('Dear Independent Reviewing Officer,')
    expect(iroBody).toContain('personal information about a child.')
  })

  it('no control character reaches an email header, even from an imported policy’s names', () => {
    const so = solihullStage2()
    const policy = {
      ...so.policy,
      contacts: so.policy.contacts.map((c) => (c.id === 'cpru-iro' ? { ...c, name: 'IRO\r\nBcc: someone@example.org' } : c)),
      title: 'Procedure\u0000\u001b[31m',
    }
    const eml = notificationEmail({ ...so, policy, notificationId: 'independent-reviewing-officer', document: Buffer.from('x'), filename: 'File\r\nX-Evil: 1.docx', senderName: 'Priya Shah', now: so.now }).toString('utf8')
    const headers = eml.split('\r\n\r\n')[0]
    expect(headers).not.toMatch(/^Bcc:/im)
    expect(eml).not.toMatch(/^X-Evil:/im)
    // eslint-disable-next-line no-control-regex -- checking that none is present
    expect(headers.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001F\u007F]/)
  })

  it('long text keeps its line breaks and tabs; one-line text keeps none', () => {
    expect(clean('a\r\nb\tc\u0007d\u0085e')).toBe('a\nb\tcde')
    expect(cleanLine(' a\r\nb\tc\u0007 ')).toBe('a b c')
  })
})
