/**
 * Issue 18, "Attachments in the vault", through the handler table: "A record shows its attachments; an
 * attachment can be saved out through the save dialog with the unencrypted-file warning, and exports list
 * them. Limits (e.g. 25 MB a file, configurable) with plain refusals; nothing on the save path reads
 * existing attachments." Done when: "a flipped byte in an attachment is refused by name".
 */
import { randomBytes } from 'node:crypto'
import mammoth from 'mammoth'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { attachmentChunkId } from '../../../src/main/store/attachments'
import { openTestApi, PASS } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
let chosen: string | null = null
beforeEach(async () => {
  t = await openTestApi('2026-12-02T10:00:00Z', { chooseOpenFile: async () => chosen })
})
afterEach(async () => t.cleanup())

async function aDraft(): Promise<{ disputeId: string; recordId: string }> {
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
  const record = await t.call('records.createDraft', {
    disputeId: view.dispute.id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '09:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Asked Jo to reconsider.' },
  })
  return { disputeId: view.dispute.id, recordId: record.id }
}

function aFile(name: string, bytes: Buffer): string {
  const path = join(t.root, name)
  writeFileSync(path, bytes)
  return path
}

describe('attachments on a record', () => {
  it('are attached (dropped or chosen), listed with name, size and type, and saved out byte for byte, audited', async () => {
    const { disputeId, recordId } = await aDraft()
    const pdf = randomBytes(1536 * 1024)
    const { record } = await t.call('attachments.add', { disputeId, recordId, files: [aFile('report.pdf', pdf)] })
    chosen = aFile('photo.jpg', randomBytes(2000))
    const second = await t.call('attachments.add', { disputeId, recordId, files: null })
    expect(record!.files!.map((f) => [f.name, f.size, f.type, f.source, f.afterApproval])).toEqual([['report.pdf', pdf.length, 'application/pdf', 'file', false]])
    expect(second.record!.files!.map((f) => f.name)).toEqual(['report.pdf', 'photo.jpg'])
    const view = await t.call('disputes.get', { disputeId })
    expect(view.records[0]!.files!.map((f) => f.name)).toEqual(['report.pdf', 'photo.jpg'])

    const file = record!.files![0]!
    const { savedAs } = await t.call('attachments.save', { disputeId, recordId, fileId: file.id, name: file.name })
    expect(savedAs).toBe(join(t.exportsDir, 'report.pdf'))
    expect(readFileSync(savedAs!).equals(pdf)).toBe(true)
    const audit = await t.call('audit.list', { limit: 5 })
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['attachment-added', 'export']))
    expect(audit.find((a) => a.action === 'export')!.summary).toContain('Saved a copy, not encrypted')
  })

  it('refuses a file over the limit plainly with nothing stored, and the limit is a setting', async () => {
    const { disputeId, recordId } = await aDraft()
    const big = aFile('scan.pdf', Buffer.alloc(26 * 1024 * 1024, 1))
    const before = t.snapshot()
    expect(await t.refusal('attachments.add', { disputeId, recordId, files: [big] })).toMatchObject({
      code: 'attachment-too-large',
      message: '“scan.pdf” is 26 MB, more than the 25 MB a file may be. Nothing was attached. Attach a smaller copy, or raise the limit in Settings.',
    })
    expect(t.snapshot()).toEqual(before)
    await t.call('attachments.setLimit', { limitMB: 30 })
    const { record } = await t.call('attachments.add', { disputeId, recordId, files: [big] })
    expect(record!.files![0]!.size).toBe(26 * 1024 * 1024)
    expect((await t.refusal('attachments.setLimit', { limitMB: 101 })).code).toBe('invalid-input')
  })

  it('a draft may remove a file (its chunks go with the last use); an approved record keeps every file, and one added later is marked so', async () => {
    const { disputeId, recordId } = await aDraft()
    const bytes = randomBytes(5000)
    const { record } = await t.call('attachments.add', { disputeId, recordId, files: [aFile('minutes.docx', bytes)] })
    const file = record!.files![0]!
    const chunks = () => readdirSync(join(t.vaultDir, 'chunks')).filter((n) => n.startsWith(`${attachmentChunkId(file.id, 0)}.`))
    expect(chunks()).toHaveLength(1)
    const removed = await t.call('attachments.remove', { disputeId, recordId, fileId: file.id, name: file.name })
    expect(removed.files).toEqual([])
    expect(chunks()).toHaveLength(0)

    await t.call('attachments.add', { disputeId, recordId, files: [aFile('minutes.docx', bytes)] })
    await t.call('records.approve', { disputeId, recordId })
    const later = await t.call('attachments.add', { disputeId, recordId, files: [aFile('letter.pdf', randomBytes(100))] })
    expect(later.record!.files!.map((f) => [f.name, f.afterApproval])).toEqual([
      ['minutes.docx', false],
      ['letter.pdf', true],
    ])
    const kept = later.record!.files![0]!
    expect(await t.refusal('attachments.remove', { disputeId, recordId, fileId: kept.id, name: kept.name })).toMatchObject({ code: 'record-approved' })
  })

  it('a flipped byte is refused by name when saving, and named by the vault’s check', async () => {
    const { disputeId, recordId } = await aDraft()
    const { record } = await t.call('attachments.add', { disputeId, recordId, files: [aFile('report.pdf', randomBytes(4000))] })
    const file = record!.files![0]!
    const chunk = readdirSync(join(t.vaultDir, 'chunks')).find((n) => n.startsWith(`${attachmentChunkId(file.id, 0)}.`))!
    const path = join(t.vaultDir, 'chunks', chunk)
    const bytes = readFileSync(path)
    bytes[bytes.length - 100] ^= 0x20
    writeFileSync(path, bytes)
    const refused = await t.refusal('attachments.save', { disputeId, recordId, fileId: file.id, name: file.name })
    expect(refused.code).toBe('attachment-damaged')
    expect(refused.message).toMatch(/^The attachment “report\.pdf” of the record “Phone call with Jo Bloggs on 2 Dec 2026, 09:30” \([A-Z0-9-]+\) is damaged/)
    // Nothing unencrypted is left behind.
    expect(readdirSync(t.exportsDir)).toEqual([])
    // The problems list names it the same way, not by the id of the chunk that failed.
    const session = await t.call('vault.session', {})
    expect(session!.problems.map((p) => p.message)).toEqual([refused.message])
    const check = await t.call('attachments.check', {})
    expect(check.checked).toBe(1)
    expect(check.damaged.map((d) => d.name)).toEqual(['report.pdf'])
    expect(check.damaged[0]!.message).toBe(refused.message)
    void PASS
  })

  it('the escalation record and its chronology list them by name (the files themselves stay in the vault)', async () => {
    const { disputeId, recordId } = await aDraft()
    await t.call('attachments.add', { disputeId, recordId, files: [aFile('strategy minutes.pdf', randomBytes(300 * 1024))] })
    await t.call('records.approve', { disputeId, recordId })
    const r = await t.call('exports.document', { disputeId, document: 'escalation-record' })
    const text = (await mammoth.extractRawText({ buffer: readFileSync(r.savedTo!) })).value
    expect(text).toContain('Files stored in the vault')
    expect(text).toContain('strategy minutes.pdf (PDF, 300 KB)')
    expect(text).toContain('Phone call with Jo Bloggs on 2 Dec 2026, 09:30 — files: strategy minutes.pdf')
  })
})
