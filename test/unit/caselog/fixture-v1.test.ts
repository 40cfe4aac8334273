/**
 * The vault written by the first versioned format (test/fixtures/vault-v1, made by
 * scripts/make-vault-v1-fixture.ts before the case log became a module) still opens: every dispute,
 * record, child, directory entry, policy, closure day and setting reads back, the whole audit chain
 * verifies, and its backup restores into a new folder that opens the same way.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { KDF_FLOOR } from '../../../src/main/store'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'

const FIXTURE = join(__dirname, '../../fixtures/vault-v1')
// The passphrases are in test/fixtures/vault-v1/README.md.
const DSL_PASSPHRASE = 'copper lantern orchard quietly'
const DEPUTY_PASSPHRASE = 'marble heron tugboat violet'
const ids = JSON.parse(readFileSync(join(FIXTURE, 'ids.json'), 'utf8')) as {
  deputyPersonId: string
  solihull: string
  stHelens: string
  resolved: string
  children: { amy: string; kai: string; lena: string }
  directoryEntry: string
}

let root: string
let api: Api
beforeEach(() => {
  // Unlocking appends an audit event: work on a copy, never the committed fixture.
  root = mkdtempSync(join(tmpdir(), 'escalation-log-v1-'))
  cpSync(join(FIXTURE, 'vault'), join(root, 'vault'), { recursive: true })
  api = createApi({ appVersion: 'test', defaultVaultDir: join(root, 'vault'), kdf: KDF_FLOOR, now: () => new Date('2026-11-10T09:00:00Z') })
})
afterEach(async () => {
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>)(input)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

async function unlockAs(dir: string, name: string, passphrase: string): Promise<void> {
  const inspected = await call('vault.inspect', { dir })
  if (inspected.state !== 'present') throw new Error('a vault was expected')
  const person = inspected.people.find((p) => p.name === name)
  if (!person) throw new Error(`${name} was expected among the people`)
  const session = await call('vault.unlock', { dir, personId: person.personId, passphrase })
  expect(session.problems).toEqual([])
}

async function searchIndexBuilt(): Promise<void> {
  for (let i = 0; i < 200 && (await call('search.status', {})).building; i++) await new Promise((r) => setTimeout(r, 25))
  expect(await call('search.status', {})).toEqual({ building: false, disputesIndexed: 0, disputesToIndex: 0 })
}

async function expectEverything(): Promise<void> {
  const settings = await call('settings.get', {})
  expect(settings).toMatchObject({ autoLockMinutes: 15, retentionYears: 30, exportWarningAcknowledged: true, backups: { keep: 5, everyEvents: 200 } })
  expect(Object.values(settings.profiles)).toEqual([{ name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }])

  const policies = await call('policies.list', {})
  expect(policies.current.map((p) => p.id)).toEqual(expect.arrayContaining(['solihull-sscp', 'st-helens-scp', 'testshire-scp']))
  const calendar = await call('calendar.get', {})
  expect(calendar.source).toBe('bundled')
  expect(calendar.extraClosures).toEqual([
    { date: '2026-11-20', label: 'Staff training day' },
    { date: '2026-12-18', label: 'School closed for the end of term' },
  ])

  const children = await call('children.list', {})
  expect(children.map((c) => c.name)).toEqual(['Amy Example-Smith', 'Kai Brennan', 'Lena Mirza'])
  expect(children.find((c) => c.id === ids.children.amy)).toMatchObject({ childProtectionPlan: true, nhsNumber: '9434765870' })
  expect(children.find((c) => c.id === ids.children.kai)).toMatchObject({ lookedAfter: true, levelOfNeed: 'Child in Need' })

  const directory = await call('directory.list', {})
  expect(directory.length).toBeGreaterThan(1)
  expect(directory.find((e) => e.id === ids.directoryEntry)).toMatchObject({ role: 'Senior social worker', phone: '01744 000001', notes: 'Prefers email' })

  const solihull = await call('disputes.get', { disputeId: ids.solihull })
  expect(solihull.dispute).toMatchObject({ reference: 'ESC-2026-0001', status: 'open', currentStage: 2 })
  expect(solihull.children.map((c) => c.name)).toEqual(['Amy Example-Smith'])
  expect(solihull.records).toHaveLength(1)
  const [s1] = solihull.records
  expect(s1).toMatchObject({ status: 'approved', nextStep: 'Wait for the call back.', approval: { byName: 'Harriet Okonkwo' } })
  expect(s1?.addenda.map((a) => a.text)).toEqual(['Jo agreed to call back by 2pm, not noon.'])
  expect(s1?.countersignature).toMatchObject({ byPersonId: ids.deputyPersonId, byName: 'Sam Adeyemi' })
  expect(solihull.dispute.notificationsSent.length).toBeGreaterThan(0)
  // Written before circumstances carried dates: Amy's plan reads as held from the day the dispute opened.
  expect(solihull.dispute.childCircumstances).toEqual(['childProtectionPlan'])
  expect(solihull.dispute.circumstancePeriods.map((p) => [p.circumstance, p.from, p.to])).toEqual([
    ['childProtectionPlan', solihull.dispute.stageHistory[0]!.enteredOn, null],
  ])
  expect(solihull.dispute.notificationsNotNeeded).toEqual([])

  const stHelens = await call('disputes.get', { disputeId: ids.stHelens })
  expect(stHelens.dispute).toMatchObject({ reference: 'ESC-2026-0002', status: 'open', currentStage: 1 })
  expect(stHelens.dispute.policy.id).toBe('st-helens-scp')
  expect(stHelens.records.map((r) => r.status)).toEqual(['approved', 'draft'])
  expect(stHelens.status?.nextDeadline).not.toBeNull()

  const resolved = await call('disputes.get', { disputeId: ids.resolved })
  expect(resolved.dispute).toMatchObject({ reference: 'ESC-2026-0003', status: 'resolved' })
  expect(resolved.dispute.outcome?.writtenConfirmation.from).toBe('PC Example')
  expect(resolved.records.map((r) => r.status)).toEqual(['approved'])
  expect(resolved.children.map((c) => c.name)).toEqual(['Lena Mirza', 'Amy Example-Smith'])

  const dashboard = await call('disputes.dashboard', {})
  expect(dashboard.rows.map((r) => r.reference).sort()).toEqual(['ESC-2026-0001', 'ESC-2026-0002'])
  expect(dashboard.counts).toMatchObject({ open: 2, drafts: 1 })
  expect(await call('records.drafts', {})).toHaveLength(1)
  const retention = await call('retention.list', {})
  expect(retention.items.map((i) => i.reference)).toEqual(['ESC-2026-0003'])

  // A v1 vault has no search index: the first search starts building it in the background and says
  // the index is incomplete until it is done; then the record is found.
  await call('search.query', { query: 'placement' })
  expect(await call('search.status', {})).toMatchObject({ building: true })
  await searchIndexBuilt()
  expect((await call('search.query', { query: 'placement' })).map((h) => h.kind)).toContain('record')
  expect((await call('audit.list', { limit: 5 })).map((e) => e.action)).toContain('search-index-built')
  expect(await call('audit.verify', {})).toMatchObject({ ok: true })
}

describe('the v1 fixture vault', () => {
  it('opens with every record, child, directory entry, policy, closure day and setting, and its whole chain verifies', async () => {
    await unlockAs(join(root, 'vault'), 'Harriet Okonkwo', DSL_PASSPHRASE)
    await expectEverything()
  })

  it('is upgraded to vault format 2 at its first unlock: events from then on are signed, earlier ones are "before signing"', async () => {
    // Issue 12: "a v1 vault and a v1 backup are migrated on first unlock or restore … signatures start at the
    // migration event, and earlier history is shown as 'before signing'".
    const dir = join(root, 'vault')
    const before = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')) as { version: number; slots: object[] }
    expect(before.version).toBe(1)
    await unlockAs(dir, 'Harriet Okonkwo', DSL_PASSPHRASE)
    const after = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')) as { version: number; revision: number; slots: Record<string, unknown>[] }
    expect(after.version).toBe(2)
    // Harriet has her own signing key now; Sam's slot is carried over until Sam next unlocks.
    expect(after.slots.map((s) => ('signingPublicKey' in s ? 'signing' : 'legacy'))).toEqual(['signing', 'legacy'])
    const chain = await call('audit.verify', {})
    const events = await call('audit.list', { limit: 5 })
    const upgrade = events.find((e) => e.action === 'vault-upgraded')!
    expect(chain).toMatchObject({ ok: true, signedFrom: upgrade.seq })
    await call('vault.lock', {})
    await unlockAs(dir, 'Sam Adeyemi', DEPUTY_PASSPHRASE)
    const third = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')) as { slots: Record<string, unknown>[] }
    expect(third.slots.every((s) => 'signingPublicKey' in s)).toBe(true)
    expect((await call('audit.list', { limit: 3 })).map((e) => e.action)).toContain('signing-key-created')
    expect(await call('audit.verify', {})).toMatchObject({ ok: true, signedFrom: upgrade.seq })
  })

  it('takes new saves after opening, and opens again with them', async () => {
    const dir = join(root, 'vault')
    await unlockAs(dir, 'Sam Adeyemi', DEPUTY_PASSPHRASE)
    await call('calendar.addClosure', { date: '2027-01-04', label: 'Inset day' })
    await call('records.createDraft', {
      disputeId: ids.stHelens,
      draft: { kind: 'voicemail-left', stage: 1, occurredAt: { date: '2026-11-10', time: '08:30' }, contact: { name: 'Tom Okafor' }, direction: 'outgoing', messageLeft: 'Please call back about the review date.' },
    })
    await call('vault.lock', {})
    await unlockAs(dir, 'Harriet Okonkwo', DSL_PASSPHRASE)
    expect((await call('calendar.get', {})).extraClosures.map((c) => c.date)).toContain('2027-01-04')
    const draft = (await call('disputes.get', { disputeId: ids.stHelens })).records[1]!
    await call('records.approve', { disputeId: ids.stHelens, recordId: draft.id })
    const records = (await call('disputes.get', { disputeId: ids.stHelens })).records
    expect(records.map((r) => [r.kind, r.status])).toEqual([['phone-call', 'approved'], ['email-sent', 'approved'], ['voicemail-left', 'draft']])
    expect(await call('audit.verify', {})).toMatchObject({ ok: true })
  })

  it('restores its backup into a new folder that opens the same way', async () => {
    const backup = join(root, 'backup.elbackup')
    cpSync(join(FIXTURE, 'backup.elbackup'), backup)
    const info = await call('backup.inspect', { file: backup })
    const harriet = info.people.find((p) => p.name === 'Harriet Okonkwo')!
    const target = join(root, 'restored')
    const restored = await call('backup.restore', { file: backup, dir: target, personId: harriet.personId, passphrase: DSL_PASSPHRASE })
    expect(restored.problems).toEqual([])
    await unlockAs(target, 'Harriet Okonkwo', DSL_PASSPHRASE)
    await expectEverything()
  })
})
