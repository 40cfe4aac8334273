/**
 * Writes test/fixtures/vault-attachments-v1/: a small vault holding files attached to records, as the store laid
 * them out before attachment chunks had a folder of their own (chunk files in documents/, their manifest
 * entries one by one in the checkpoint's `docs`). The fixture is committed so that every later layout must
 * still open it (the migration at unlock, docs/vault-format.md); running this script with later code would
 * write the later layout, so it is kept as the record of how the fixture was made.
 *
 *   node --import tsx scripts/make-vault-attachments-fixture.ts
 *
 * Everything in it is invented. The passphrase is in test/fixtures/vault-attachments-v1/README.md.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApi } from '../src/main/api'
import { KDF_FLOOR, openVault } from '../src/main/store'
import type { Channel, ChannelOutput } from '../src/shared/ipc'

const PASSPHRASE = 'copper lantern orchard quietly'
const target = resolve(process.argv[2] ?? 'test/fixtures/vault-attachments-v1')
const work = mkdtempSync(join(tmpdir(), 'vault-attachments-'))
const vaultDir = join(work, 'vault')
const filesDir = join(work, 'files')
const clock = { now: new Date('2026-11-30T09:00:00Z') }
const at = (iso: string): void => {
  clock.now = new Date(iso)
}

const api = createApi({ appVersion: 'fixture', defaultVaultDir: vaultDir, kdf: KDF_FLOOR, now: () => clock.now, chooseSaveFile: async () => null })

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const handler = api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  const r = await handler(input)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

/** Bytes that look like no real file but are the same at every run (the test compares them byte for byte). */
function bytesOf(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length)
  let x = seed >>> 0
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = x >>> 24
  }
  return out
}

function aFile(name: string, bytes: Buffer): string {
  const path = join(filesDir, name)
  writeFileSync(path, bytes)
  return path
}

async function main(): Promise<void> {
  mkdirSync(filesDir)
  const dsl = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
  const session = await call('vault.create', { dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: dsl })
  const child = await call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })
  const view = await call('disputes.open', {
    policyId: 'wolverhampton-wscb',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'City of Wolverhampton Council', practitioner: 'Zoë Ó Briain', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-11-27',
      triage: { level: 'standard' },
    },
  })
  const disputeId = view.dispute.id
  at('2026-11-30T09:30:00Z')
  const call1 = await call('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-11-30', time: '09:15' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Asked Jo to reconsider.' },
  })
  at('2026-11-30T09:40:00Z')
  await call('attachments.add', { disputeId, recordId: call1.id, files: [aFile('report.pdf', bytesOf(1, 3000)), aFile('photo.jpg', bytesOf(2, 1200))] })
  // A file attached and then removed: its chunk is a deleted entry of the manifest.
  const withNote = await call('attachments.add', { disputeId, recordId: call1.id, files: [aFile('note.txt', bytesOf(3, 400))] })
  const note = withNote.record!.files!.find((f) => f.name === 'note.txt')!
  await call('attachments.remove', { disputeId, recordId: call1.id, fileId: note.id, name: note.name })
  await call('vault.lock', {})

  // A checkpoint that holds those chunks' entries (the app writes one every 1,000 events; this vault is small).
  const v = await openVault(vaultDir, { personId: session.person.personId, passphrase: PASSPHRASE, now: () => clock.now, checkpointEvery: 1 })
  await v.lock()

  // And one attached after the checkpoint, in the journal's tail.
  at('2026-11-30T10:05:00Z')
  await call('vault.unlock', { dir: vaultDir, personId: session.person.personId, passphrase: PASSPHRASE })
  const letter = await call('records.createDraft', {
    disputeId,
    draft: { kind: 'letter', stage: 1, occurredAt: { date: '2026-11-30', time: '10:00' }, contact: { name: 'Jo Bloggs' }, direction: 'incoming', theySaid: 'Jo wrote back: the decision stands.' },
  })
  await call('attachments.add', { disputeId, recordId: letter.id, files: [aFile('letter.docx', bytesOf(4, 2500))] })
  await call('vault.lock', {})
  await api.dispose()

  rmSync(join(filesDir, 'note.txt'))
  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  cpSync(vaultDir, join(target, 'vault'), { recursive: true })
  cpSync(filesDir, join(target, 'files'), { recursive: true })
  writeFileSync(
    join(target, 'ids.json'),
    `${JSON.stringify({ personId: session.person.personId, disputeId, records: { phoneCall: call1.id, letter: letter.id } }, null, 2)}\n`,
  )
  rmSync(work, { recursive: true, force: true })
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
