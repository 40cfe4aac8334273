/**
 * Stored files travel with their records (issue #17: "a record from another device arrives with its files").
 * Real local vaults sharing one folder: a file attached on one device is sealed as document versions of at most
 * 8 MiB, sent with the record's events, fetched by the others when they apply the record, checked and stored
 * as their own vault's chunks in the same commit as the record. A part withheld or damaged by the storage is
 * named in the team's problems and fetched again at the next sync; the record arrives meanwhile.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { addFiles, removeFile } from '../../../src/main/domain/records'
import { attachmentChunkId, attachmentPresent, deleteAttachmentChanges, readAttachment, stageAttachmentBytes } from '../../../src/main/store/attachments'
import { FILE_PART_BYTES } from '../../../src/main/domain/team/events'
import { TEAM_APPLIED } from '../../../src/main/team/bridge'
import { filesKey, openFile, parseFileName } from '../../../src/main/team/sealed'
import type { TeamStoredFile } from '../../../src/main/domain/team/events'
import { typeFromName } from '../../../src/shared/record-files'
import { approveOn, desks, draftOn, openOn, syncAll, tempFolders, walk, type Desk } from './bridge-helpers'

const temp = tempFolders('team-files-')
afterEach(temp.clear)

const recordOf = async (desk: Desk, disputeId: string, recordId: string) => (await desk.log.records(disputeId)).find((r) => r.id === recordId)

/** Attaches `bytes` as `name` to a record on `desk`, as the attachments.add handler does (record and chunks in one commit). */
async function attachOn(desk: Desk, disputeId: string, recordId: string, name: string, bytes: Buffer): Promise<void> {
  const record = (await recordOf(desk, disputeId, recordId))!
  const staged = stageAttachmentBytes(desk.vault, disputeId, name, bytes, 200 * 1024 * 1024)
  const next = addFiles(record, [{ id: staged.name, name, type: typeFromName(name), size: staged.size, source: 'file' }], { actor: desk.actor, now: desk.clock.now })
  await desk.log.saveRecord(next, { action: 'attachment-added', summary: '1 file attached' }, () => (attachmentPresent(desk.vault, staged.name, staged.size) ? [] : staged.changes))
}

async function removeOn(desk: Desk, disputeId: string, recordId: string, name: string): Promise<void> {
  const record = (await recordOf(desk, disputeId, recordId))!
  const file = record.files!.find((f) => f.name === name)!
  await desk.log.saveRecord(removeFile(record, file.id, file.name), { action: 'attachment-removed', summary: 'A file was removed from the draft' }, (records) =>
    records.some((r) => (r.files ?? []).some((f) => f.id === file.id)) ? [] : deleteAttachmentChanges(desk.vault, file.id, file.size),
  )
}

/** The bytes of the record's file `name` in `desk`'s vault, or null when the record does not hold it. */
async function bytesOn(desk: Desk, disputeId: string, recordId: string, name: string): Promise<Buffer | null> {
  const file = (await recordOf(desk, disputeId, recordId))?.files?.find((f) => f.name === name)
  if (!file) return null
  const out: Buffer[] = []
  await readAttachment(desk.vault, file.id, file.size, async (c) => void out.push(Buffer.from(c)))
  return Buffer.concat(out)
}

const docsIn = (root: string) => walk(root).filter((p) => /\/docs\/b\d{6}\/d-\d{12}-[0-9a-f]{8}\.elt$/.test(p))
const problemsOf = (desk: Desk) => desk.device.problemSentences()

describe.each([
  ['under each dispute’s own key', true],
  ['as before dispute keys (under the epoch’s key)', false],
])('stored files between devices, sealed %s', (_how, keyed) => {
  it('a deputy attaches a report and a photo to her call and approves it: the DSL’s record has both, byte for byte, in the same commit', async () => {
    const root = temp.made()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, keyed)
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs about Priya.')
    const report = Buffer.concat([Buffer.from('%PDF-1.7 Strategy discussion about Priya Shah\n'), randomBytes(3 * 1024 * 1024)])
    const photo = randomBytes(40_000)
    await attachOn(deputy!, dispute.id, call.id, 'report.pdf', report)
    await attachOn(deputy!, dispute.id, call.id, 'photo.jpg', photo)
    await approveOn(deputy!, dispute.id, call.id)
    await deputy!.sync()
    expect(docsIn(root)).toHaveLength(2)

    const commits = await dsl!.vault.readAudit({ limit: 1 })
    await dsl!.sync()
    const there = (await recordOf(dsl!, dispute.id, call.id))!
    expect(there.status).toBe('approved')
    expect(there.files!.map((f) => [f.name, f.size, f.type, f.addedByName, f.afterApproval])).toEqual([
      ['report.pdf', report.length, 'application/pdf', 'Ben Okafor', false],
      ['photo.jpg', photo.length, 'image/jpeg', 'Ben Okafor', false],
    ])
    expect((await bytesOn(dsl!, dispute.id, call.id, 'report.pdf'))!.equals(report)).toBe(true)
    expect((await bytesOn(dsl!, dispute.id, call.id, 'photo.jpg'))!.equals(photo)).toBe(true)
    // One commit brought the record and its files: one audit event after the one before.
    const after = await dsl!.vault.readAudit({ limit: 2 })
    expect(after[0]).toMatchObject({ action: TEAM_APPLIED, summary: `Changes merged from Ben Okafor’s device: 1 dispute, 2 stored files. Ben Okafor saved a draft record on ${dispute.reference} (2 Dec 2026, 09:00); attached a file to a record on ${dispute.reference} (2 Dec 2026, 09:00); attached a file to a record on ${dispute.reference} (2 Dec 2026, 09:00); approved a record on ${dispute.reference} (2 Dec 2026, 09:00) (times by their devices’ clocks).` })
    expect(after[1]!.seq).toBe(commits[0]!.seq)
    expect(problemsOf(dsl!)).toEqual([])

    // Applying again fetches nothing and writes nothing.
    const reads = (dsl!.device as unknown as { o: { transport: { counts: { read: number } } } }).o.transport.counts.read
    await dsl!.bridge.apply()
    expect((dsl!.device as unknown as { o: { transport: { counts: { read: number } } } }).o.transport.counts.read).toBe(reads)
    expect((await dsl!.vault.readAudit({ limit: 1 }))[0]!.seq).toBe(after[0]!.seq)

    // A file added after approval travels too, marked so; nothing the storage holds names a file or a child.
    await attachOn(dsl!, dispute.id, call.id, 'minutes.docx', Buffer.from('Minutes: Priya Shah strategy meeting'))
    await dsl!.sync()
    await deputy!.sync()
    const back = (await recordOf(deputy!, dispute.id, call.id))!
    expect(back.files!.map((f) => [f.name, f.afterApproval, f.addedByName])).toEqual([
      ['report.pdf', false, 'Ben Okafor'],
      ['photo.jpg', false, 'Ben Okafor'],
      ['minutes.docx', true, 'Asha Patel'],
    ])
    for (const p of walk(root)) {
      const bytes = readFileSync(p)
      for (const word of ['report.pdf', 'photo.jpg', 'minutes', 'Priya', 'PDF-1.7', createHash('sha256').update(report).digest('hex')])
        expect(bytes.includes(Buffer.from(word)), `${word} in ${p}`).toBe(false)
    }
  })

  it('three devices: a file over 8 MiB goes in parts, reaches both others, and the same bytes attached again are not sent again', async () => {
    const root = temp.made()
    const [dsl, deputy, manager] = await desks(root, ['Asha Patel', 'Ben Okafor', 'Chloe Adeyemi'], undefined, undefined, keyed)
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!, manager!])
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
    const big = randomBytes(2 * FILE_PART_BYTES + 12_345)
    await attachOn(deputy!, dispute.id, call.id, 'scan.tif', big)
    await deputy!.sync()
    const parts = docsIn(root)
    expect(parts).toHaveLength(3)
    expect(parts.map((p) => readFileSync(p).length).sort((a, b) => a - b)).toEqual([12_345 + 141, FILE_PART_BYTES + 141, FILE_PART_BYTES + 141])
    // The header's kind: a part under the dispute's key (6), or a document version under the epoch's key (2).
    for (const p of parts) expect(readFileSync(p)[48]).toBe(keyed ? 6 : 2)
    await dsl!.sync()
    await manager!.sync()
    for (const d of [dsl!, manager!]) expect((await bytesOn(d, dispute.id, call.id, 'scan.tif'))!.equals(big)).toBe(true)

    // The manager attaches the same scan to a record of her own: no new part is written.
    const note = await draftOn(manager!, dispute.id, 'Noted the scan.')
    await attachOn(manager!, dispute.id, note.id, 'scan.tif', big)
    await manager!.sync()
    expect(docsIn(root)).toHaveLength(3)
    await syncAll([dsl!, deputy!, manager!])
    for (const d of [dsl!, deputy!]) expect((await bytesOn(d, dispute.id, note.id, 'scan.tif'))!.equals(big)).toBe(true)
    for (const d of [dsl!, deputy!, manager!]) expect(problemsOf(d)).toEqual([])
  }, 60_000)

  it('a file removed from a draft is removed on the other devices too, and its chunks go', async () => {
    const root = temp.made()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, keyed)
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
    await attachOn(deputy!, dispute.id, call.id, 'wrong.pdf', randomBytes(5000))
    await attachOn(deputy!, dispute.id, call.id, 'right.pdf', randomBytes(6000))
    await syncAll([deputy!, dsl!])
    const wrong = (await recordOf(dsl!, dispute.id, call.id))!.files!.find((f) => f.name === 'wrong.pdf')!
    expect(dsl!.vault.has(attachmentChunkId(wrong.id, 0))).toBe(true)

    await removeOn(deputy!, dispute.id, call.id, 'wrong.pdf')
    await syncAll([deputy!, dsl!])
    expect((await recordOf(dsl!, dispute.id, call.id))!.files!.map((f) => f.name)).toEqual(['right.pdf'])
    expect(dsl!.vault.has(attachmentChunkId(wrong.id, 0))).toBe(false)
    // Removed, it stays removed: the deputy's next save does not bring it back, nor does the DSL's.
    await approveOn(deputy!, dispute.id, call.id)
    await syncAll([deputy!, dsl!])
    for (const d of [dsl!, deputy!]) expect((await recordOf(d, dispute.id, call.id))!.files!.map((f) => f.name)).toEqual(['right.pdf'])
  })

  it('a part the storage withholds, then one it damages: the record arrives, the file is named as awaited, and it is stored once a good copy arrives', async () => {
    const root = temp.made()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, keyed)
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
    const report = randomBytes(70_000)
    await attachOn(deputy!, dispute.id, call.id, 'report.pdf', report)
    await deputy!.sync()
    const [part] = docsIn(root)
    const good = readFileSync(part!)

    // Withheld: the sync engine has not delivered it yet.
    renameSync(part!, `${part}.away`)
    await dsl!.sync()
    const arrived = (await recordOf(dsl!, dispute.id, call.id))!
    expect(arrived.weSaid).toBe('Rang Jo Bloggs.')
    expect(arrived.files).toEqual([])
    expect(problemsOf(dsl!)).toEqual([
      `The file “report.pdf” of the record “Phone call with Jo Bloggs on 2 Dec 2026, 08:30” in ${dispute.reference}, from Ben Okafor’s device, has not arrived yet. It will be fetched again at the next sync.`,
    ])
    expect(dsl!.bridge.awaitedFiles().map((a) => [a.recordId, a.name, a.why])).toEqual([[call.id, 'report.pdf', 'missing']])
    // The DSL's own save on the dispute meanwhile does not tell the team the file was removed.
    await draftOn(dsl!, dispute.id, 'Emailed the team manager.')
    expect(dsl!.device.state().disputes.find((d) => d.disputeId === dispute.id)!.records.find((r) => r.recordId === call.id)!.files.map((f) => f.file.name)).toEqual(['report.pdf'])

    // Damaged: one byte flipped on the way.
    const bad = Buffer.from(good)
    bad[bad.length - 100]! ^= 1
    writeFileSync(part!, bad)
    await dsl!.sync()
    expect(problemsOf(dsl!)).toEqual([
      `The file “report.pdf” of the record “Phone call with Jo Bloggs on 2 Dec 2026, 08:30” in ${dispute.reference}, from Ben Okafor’s device, is damaged or was changed on the way. It will be fetched again at the next sync.`,
    ])
    expect((await recordOf(dsl!, dispute.id, call.id))!.files).toEqual([])

    // A good copy arrives: the next sync stores it and the problem goes.
    writeFileSync(part!, good)
    await dsl!.sync()
    expect((await bytesOn(dsl!, dispute.id, call.id, 'report.pdf'))!.equals(report)).toBe(true)
    expect(problemsOf(dsl!)).toEqual([])
    expect(dsl!.bridge.awaitedFiles()).toEqual([])
    await deputy!.sync()
    expect((await recordOf(deputy!, dispute.id, call.id))!.files!.map((f) => f.name)).toEqual(['report.pdf'])
  })

  it('a file attached before a restart, not yet sent, is kept as where it lies in the vault and sealed again to the same bytes', async () => {
    const root = temp.made()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, keyed)
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
    const report = randomBytes(FILE_PART_BYTES + 20_000)
    await attachOn(deputy!, dispute.id, call.id, 'report.pdf', report)
    const queued = deputy!.device.saved().outbox.filter((f) => f.part)
    expect(queued.map((f) => [f.part!.offset, f.part!.length])).toEqual([[0, FILE_PART_BYTES], [FILE_PART_BYTES, 20_000]])
    deputy!.restart()
    await deputy!.sync()
    // Sealed again from the vault: the very files whose hashes the event names.
    for (const f of queued) expect(createHash('sha256').update(readFileSync(`${root}/${f.path}`)).digest('hex')).toBe(f.part!.hash)
    await dsl!.sync()
    expect((await bytesOn(dsl!, dispute.id, call.id, 'report.pdf'))!.equals(report)).toBe(true)
    expect(problemsOf(dsl!)).toEqual([])
  }, 30_000)

  it('a device started again while a colleague’s file is still to come does not tell it as removed when it saves before its first sync', async () => {
    const root = temp.made()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, keyed)
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll([dsl!, deputy!])
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
    const report = randomBytes(30_000)
    await attachOn(deputy!, dispute.id, call.id, 'report.pdf', report)
    await deputy!.sync()
    const [part] = docsIn(root)
    renameSync(part!, `${part}.away`)
    await dsl!.sync()
    expect((await recordOf(dsl!, dispute.id, call.id))!.files).toEqual([])

    dsl!.restart()
    await draftOn(dsl!, dispute.id, 'Emailed the team manager.')
    renameSync(`${part}.away`, part!)
    await dsl!.sync()
    await deputy!.sync()
    for (const d of [dsl!, deputy!]) expect((await bytesOn(d, dispute.id, call.id, 'report.pdf'))!.equals(report)).toBe(true)
    expect(problemsOf(dsl!)).toEqual([])
  })
})

/** The team's `file-added` parts of a record's file, as `desk`'s device has merged them. */
const teamParts = (desk: Desk, disputeId: string, recordId: string, name: string): TeamStoredFile['parts'] =>
  desk.device
    .state()
    .disputes.find((d) => d.disputeId === disputeId)!
    .records.find((r) => r.recordId === recordId)!
    .files.find((f) => f.file.name === name)!.file.parts

/** The signing key the member list gives `desk`'s device for `deviceId`. */
const signingKeyOf = (desk: Desk, deviceId: string): Buffer =>
  (desk.device as unknown as { o: { directory: (d: string) => { signingPublicKey: Buffer } } }).o.directory(deviceId).signingPublicKey

describe('stored files under dispute keys', () => {
  it('the same bytes attached in two disputes are sealed twice, each under its own dispute’s key, which opens only its own parts', async () => {
    const root = temp.made()
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, true)
    const first = await openOn(dsl!, 'Priya Shah')
    const second = await openOn(dsl!, 'Sam Shah')
    await syncAll([dsl!, deputy!])
    const letter = randomBytes(50_000)
    const a = await draftOn(deputy!, first.id, 'Sent the strategy letter.')
    await attachOn(deputy!, first.id, a.id, 'letter.pdf', letter)
    const b = await draftOn(deputy!, second.id, 'Sent the same letter about Sam.')
    await attachOn(deputy!, second.id, b.id, 'letter.pdf', letter)
    await syncAll([deputy!, dsl!])
    expect(docsIn(root)).toHaveLength(2)
    for (const [d, r] of [[first.id, a.id], [second.id, b.id]] as const) expect((await bytesOn(dsl!, d, r, 'letter.pdf'))!.equals(letter)).toBe(true)

    const [pa] = teamParts(dsl!, first.id, a.id, 'letter.pdf')
    const [pb] = teamParts(dsl!, second.id, b.id, 'letter.pdf')
    expect(pa!.path).not.toBe(pb!.path)
    const keyA = dsl!.keyring!.keyFor(first.id)!
    const keyB = dsl!.keyring!.keyFor(second.id)!
    expect([pa!.keyId, pb!.keyId]).toEqual([keyA, keyB])
    const teamId = readFileSync(`${root}/${pa!.path}`).subarray(4, 20).toString('hex')
    const signer = deputy!.device.deviceId
    const signingKey = signingKeyOf(dsl!, signer)
    const openWith = (part: TeamStoredFile['parts'][number], keyId: string) =>
      openFile(teamId, readFileSync(`${root}/${part.path}`), { deviceId: signer, seq: parseFileName(part.path.split('/').pop()!)!.seq, kind: 'part' }, signingKey, () => null, {
        keyId,
        key: dsl!.keyring!.key(keyId)!,
      })
    expect(openWith(pa!, keyA)).toMatchObject({ ok: true, plaintext: letter })
    expect(openWith(pb!, keyB)).toMatchObject({ ok: true, plaintext: letter })
    expect(openWith(pa!, keyB)).toEqual({ ok: false, why: 'damaged' })
    expect(openWith(pb!, keyA)).toEqual({ ok: false, why: 'damaged' })

    // An event of one dispute naming the other's parts (written outside the app) is refused as damaged, unread.
    const forged = await deputy!.device.fetchFile({ sha256: createHash('sha256').update(letter).digest('hex'), size: letter.length, parts: [pb!] }, first.id)
    expect(forged).toMatchObject({ ok: false, why: 'damaged' })
    expect(problemsOf(dsl!)).toEqual([])
  }, 30_000)

  it('a part written before dispute keys (kind 2, under the epoch’s key) still arrives and is stored', async () => {
    const root = temp.made()
    // The deputy's device runs the version before dispute keys; the DSL's this one.
    const [dsl, deputy] = await desks(root, ['Asha Patel', 'Ben Okafor'], undefined, undefined, [true, false])
    const dispute = await openOn(deputy!, 'Priya Shah')
    const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
    const report = randomBytes(60_000)
    await attachOn(deputy!, dispute.id, call.id, 'report.pdf', report)
    await deputy!.sync()
    const [part] = docsIn(root)
    expect(readFileSync(part!)[48]).toBe(2)
    const key = (deputy!.device as unknown as { o: { keys: Parameters<typeof filesKey>[0][] } }).o.keys[0]!
    const seq = parseFileName(part!.split('/').pop()!)!.seq
    const at = { deviceId: deputy!.device.deviceId, seq }
    const signingKey = signingKeyOf(dsl!, at.deviceId)
    expect(openFile(key.teamId, readFileSync(part!), { ...at, kind: 'document' }, signingKey, () => filesKey(key))).toMatchObject({ ok: true, plaintext: report })
    expect(openFile(key.teamId, readFileSync(part!), { ...at, kind: 'part' }, signingKey, () => filesKey(key))).toEqual({ ok: false, why: 'misnamed' })

    await dsl!.sync()
    expect(teamParts(dsl!, dispute.id, call.id, 'report.pdf').map((p) => p.keyId)).toEqual([undefined])
    expect((await bytesOn(dsl!, dispute.id, call.id, 'report.pdf'))!.equals(report)).toBe(true)
    expect(problemsOf(dsl!)).toEqual([])
  })
})
