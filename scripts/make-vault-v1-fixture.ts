/**
 * Writes test/fixtures/vault-v1/: a small but complete vault, and a backup of it, built through the real
 * handler table by the code of the day the case-log documents were first given format versions. The
 * fixture is committed so that every later change to a stored document must still open it (through a
 * migration); running this script again with later code would write a later format, so it is kept only
 * as the record of how the fixture was made.
 *
 *   node --import tsx scripts/make-vault-v1-fixture.ts
 *
 * Everything in it is invented. The passphrases are in test/fixtures/vault-v1/README.md.
 *
 * It ran once, against the handler table as it was at commit 23c5256 (the fixture is committed in 52ce9cb). The channels' inputs have
 * changed since (dates and times as { date, time }, policy files as bytes, `people.add` replaced by
 * invitations, so its call below is typed loosely), so it no longer runs as it stands: it is the record of what the fixture holds and how it was made, not a tool to run again.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApi } from '../src/main/api'
import { KDF_FLOOR } from '../src/main/store'
import type { Channel, ChannelOutput } from '../src/shared/ipc'

const V1_DSL_PASSPHRASE = 'copper lantern orchard quietly'
const V1_DEPUTY_PASSPHRASE = 'marble heron tugboat violet'

const target = resolve(process.argv[2] ?? 'test/fixtures/vault-v1')
const work = mkdtempSync(join(tmpdir(), 'vault-v1-'))
const vaultDir = join(work, 'vault')
const backupFile = join(work, 'backup.elbackup')
const clock = { now: new Date('2026-11-02T09:00:00Z') }
const at = (iso: string): void => {
  clock.now = new Date(iso)
}

const api = createApi({
  appVersion: 'fixture',
  defaultVaultDir: vaultDir,
  kdf: KDF_FLOOR,
  now: () => clock.now,
  chooseSaveFile: async () => backupFile,
})

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const handler = api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  const r = await handler(input)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

const testshire = {
  id: 'testshire-scp',
  version: 1,
  partnership: 'Testshire Safeguarding Children Partnership',
  title: 'Testshire resolution protocol',
  sourceDocuments: [{ id: 'protocol', title: 'Testshire resolution protocol 2026' }],
  stages: [
    { number: 1, title: 'Practitioners talk', parties: 'The practitioners', timescale: { amount: 3, unit: 'workingDays', from: { event: 'disagreement' } } },
    { number: 2, title: 'Heads of service', parties: 'Heads of service', timescale: { amount: 4, unit: 'workingDays', from: { event: 'stageStart' } } },
  ],
}

async function main(): Promise<void> {
  const dsl = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
  await call('vault.create', { dir: vaultDir, passphrase: V1_DSL_PASSPHRASE, passphraseConfirm: V1_DSL_PASSPHRASE, profile: dsl })
  const deputy = (await call('people.add' as Channel, { name: 'Sam Adeyemi', passphrase: V1_DEPUTY_PASSPHRASE, passphraseConfirm: V1_DEPUTY_PASSPHRASE })) as { personId: string }

  // Settings, policies and the calendar.
  await call('settings.update', { autoLockMinutes: 15, retentionYears: 30 })
  await call('backup.settings', { keep: 5, everyEvents: 200 })
  await call('exports.acknowledgeWarning', {})
  await call('policies.import', { json: JSON.stringify(testshire) })
  await call('calendar.addClosure', { date: '2026-11-20', label: 'Staff training day' })
  await call('calendar.addClosure', { date: '2026-12-18', label: 'School closed for the end of term' })

  // The directory: one entry added and then changed, on top of the seeded entries.
  const contact = await call('directory.create', {
    entry: { name: 'Tom Okafor', role: 'Social worker', agency: 'St Helens Children’s Social Care', phone: '01744 000000', email: 'tom.okafor@example.org', notes: '' },
  })
  await call('directory.update', {
    id: contact.id,
    changes: { name: 'Tom Okafor', role: 'Senior social worker', agency: 'St Helens Children’s Social Care', phone: '01744 000001', email: 'tom.okafor@example.org', notes: 'Prefers email' },
  })

  // Children.
  const amy = await call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04', nhsNumber: '943 476 5870', childProtectionPlan: true } })
  const kai = await call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30', lookedAfter: true, levelOfNeed: 'child in need' }, policyId: 'st-helens-scp' })
  const lena = await call('children.create', { child: { name: 'Lena Mirza', dateOfBirth: '2018-01-12' } })

  // A Solihull dispute: a record approved, escalated to stage 2, an addendum, a countersignature.
  const solihull = await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [amy.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs', role: 'Social worker' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold for assessment.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-11-02',
      triage: { level: 'standard' },
    },
  })
  at('2026-11-02T10:00:00Z')
  const s1 = await call('records.createDraft', {
    disputeId: solihull.dispute.id,
    draft: {
      kind: 'phone-call', stage: 1, occurredAt: '2026-11-02T09:45:00Z', direction: 'outgoing',
      contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Solihull Children’s Services' },
      whatWasSaid: 'Discussed the referral decision; Jo will review with her manager.',
      whatWasAgreed: 'Jo to call back by noon tomorrow.',
    },
  })
  await call('records.updateDraft', { disputeId: solihull.dispute.id, recordId: s1.id, changes: { nextStep: 'Wait for the call back.' } })
  await call('records.approve', { disputeId: solihull.dispute.id, recordId: s1.id })
  at('2026-11-03T14:00:00Z')
  await call('records.addAddendum', {
    disputeId: solihull.dispute.id,
    recordId: s1.id,
    addendum: { reason: 'Wrong callback time recorded', text: 'Jo agreed to call back by 2pm, not noon.' },
  })
  await call('records.countersign', { disputeId: solihull.dispute.id, recordId: s1.id, personId: deputy.personId, passphrase: V1_DEPUTY_PASSPHRASE })
  await call('disputes.escalate', { disputeId: solihull.dispute.id, input: {} })
  const owed = (await call('disputes.get', { disputeId: solihull.dispute.id })).status?.notificationsOwed[0]
  if (owed) await call('disputes.recordNotification', { disputeId: solihull.dispute.id, input: { notificationId: owed.notificationId, sentOn: '2026-11-03' } })

  // A St Helens dispute: one approved record and one draft left open.
  at('2026-11-04T09:00:00Z')
  const stHelens = await call('disputes.open', {
    policyId: 'st-helens-scp',
    dispute: {
      childIds: [kai.id],
      otherAgency: { agency: 'St Helens Children’s Social Care', practitioner: 'Tom Okafor' },
      disputed: { kind: 'inaction', description: 'No review of the placement plan.' },
      reasons: { ids: ['drift-and-delay'], text: 'Three weeks without a review.' },
      disagreementOn: '2026-11-04',
      triage: { level: 'standard' },
    },
  })
  const h1 = await call('records.createDraft', {
    disputeId: stHelens.dispute.id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: '2026-11-04T08:30:00Z', contact: { name: 'Tom Okafor' }, direction: 'outgoing', whatWasSaid: 'Asked for a review date for the placement plan.' },
  })
  await call('records.approve', { disputeId: stHelens.dispute.id, recordId: h1.id })
  await call('records.createDraft', {
    disputeId: stHelens.dispute.id,
    draft: { kind: 'email-sent', stage: 1, occurredAt: '2026-11-04T08:50:00Z', contact: { name: 'Tom Okafor' }, direction: 'outgoing', whatWasSaid: 'Confirmed the call in writing.' },
  })

  // A dispute under the imported policy, resolved (so it is archived).
  at('2026-11-05T09:00:00Z')
  const resolved = await call('disputes.open', {
    policyId: 'testshire-scp',
    dispute: {
      childIds: [lena.id, amy.id],
      otherAgency: { agency: 'Testshire Police', practitioner: 'PC Example' },
      disputed: { kind: 'inaction', description: 'No strategy discussion held.' },
      reasons: { ids: [], text: 'Drift' },
      disagreementOn: '2026-11-05',
      triage: { level: 'standard' },
    },
  })
  const r1 = await call('records.createDraft', {
    disputeId: resolved.dispute.id,
    draft: { kind: 'meeting', stage: 1, occurredAt: '2026-11-05T08:00:00Z', contact: { name: 'PC Example', agency: 'Testshire Police' }, whatWasSaid: 'Agreed a strategy discussion for Friday.' },
  })
  await call('records.approve', { disputeId: resolved.dispute.id, recordId: r1.id })
  at('2026-11-06T16:00:00Z')
  await call('disputes.resolve', {
    disputeId: resolved.dispute.id,
    input: {
      summary: 'The strategy discussion was held and a section 47 enquiry begun.',
      writtenConfirmation: { receivedOn: '2026-11-06', from: 'PC Example' },
      lessonsToForward: 'Strategy discussions need a named owner.',
    },
  })

  // A change to a child follows into their disputes (a rename on an open and a closed one).
  at('2026-11-09T09:00:00Z')
  await call('children.update', { id: amy.id, changes: { name: 'Amy Example-Smith' } })

  // The backup, last, so it holds everything above.
  await call('backup.create', {})
  await api.dispose()

  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  cpSync(vaultDir, join(target, 'vault'), { recursive: true })
  cpSync(backupFile, join(target, 'backup.elbackup'))
  writeFileSync(
    join(target, 'ids.json'),
    `${JSON.stringify({ dsl: 'Harriet Okonkwo', deputyPersonId: deputy.personId, solihull: solihull.dispute.id, stHelens: stHelens.dispute.id, resolved: resolved.dispute.id, children: { amy: amy.id, kai: kai.id, lena: lena.id }, directoryEntry: contact.id }, null, 2)}\n`,
  )
  rmSync(work, { recursive: true, force: true })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : 'The fixture could not be written.')
  process.exitCode = 1
})
