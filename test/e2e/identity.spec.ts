/**
 * Issue 13, "Identity from the vault, not the profile" — done when: "A second person signs in, approves
 * a record, and the screen and every export name them; renaming a person leaves every earlier record's
 * names as they were." In the real renderer: the second person signs in on the unlock screen and
 * approves their draft; the record card names them as the vault holds them (name and role), although
 * their profile says "Harriet Okonkwo" — the reproduction in the issue.
 */
import { readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller } from './fixtures'

const NOW = new Date('2026-12-01T09:00:00Z')
const HARRIET_PASS = 'copper lantern orchard quietly'
const SAM_PASS = 'meadow cobalt saxophone ripple'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }

let app: RunningApp
test.afterEach(async () => app?.close())

test('a second person signs in and approves: the screen and the export name them, not the profile', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-identity-')), 'vault')
  app = await openApp({ vaultDir, browser, deps: { now: () => NOW } })
  const { page } = app
  await page.clock.setFixedTime(NOW)
  const call = caller(app.api)

  // Harriet makes the vault and invites Sam, as Deputy DSL; Sam accepts with the code and their own passphrase.
  await call('vault.create', { dir: vaultDir, passphrase: HARRIET_PASS, passphraseConfirm: HARRIET_PASS, profile: PROFILE })
  const { invitation, code } = (await call('people.invite', { name: 'Sam Patel', role: 'Deputy DSL', validForHours: 24 })) as { invitation: { inviteId: string }; code: string }
  await call('vault.lock', {})
  const sam = ((await call('vault.acceptInvitation', { dir: vaultDir, inviteId: invitation.inviteId, code, passphrase: SAM_PASS, passphraseConfirm: SAM_PASS })) as { person: { personId: string } }).person
  await call('vault.lock', {})
  const harriet = (await call('vault.inspect', { dir: vaultDir })) as { people: { personId: string; name: string }[] }
  await call('vault.unlock', { dir: vaultDir, personId: harriet.people.find((p) => p.name === 'Harriet Okonkwo')!.personId, passphrase: HARRIET_PASS })
  const child = (await call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30' } })) as { id: string }
  const opened = (await call('disputes.open', {
    policyId: 'st-helens-scp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'St Helens Children’s Social Care', practitioner: 'Tom Okafor' },
      disputed: { kind: 'inaction', description: 'No review of the placement plan.' },
      reasons: { ids: ['drift-and-delay'], text: 'Three weeks without a review.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string; reference: string } }
  await call('vault.lock', {})

  // Sam, signed in, gives their profile Harriet's name, and writes a draft.
  await call('vault.unlock', { dir: vaultDir, personId: sam.personId, passphrase: SAM_PASS })
  await call('settings.update', { profile: { ...PROFILE, name: 'Harriet Okonkwo' } })
  await call('records.createDraft', {
    disputeId: opened.dispute.id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '08:30' }, contact: { name: 'Tom Okafor' }, direction: 'outgoing', weSaid: 'Chased the review date.' },
  })
  await call('vault.lock', {})

  // In the renderer: Sam signs in on the unlock screen and approves the draft.
  await page.reload()
  await page.getByLabel('Who are you?').selectOption({ label: 'Sam Patel' })
  await page.getByLabel('Passphrase', { exact: true }).fill(SAM_PASS)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.getByRole('link', { name: new RegExp(opened.dispute.reference) }).or(page.getByRole('button', { name: new RegExp(opened.dispute.reference) })).first().click()
  await expect(page.getByRole('heading', { name: new RegExp(opened.dispute.reference) })).toBeVisible()
  await page.getByRole('button', { name: /^Approve/ }).first().click()

  const card = page.locator('dd', { hasText: /^by Sam Patel \(Deputy DSL\) on / })
  await expect(card).toBeVisible()
  await expect(page.getByText(/recorded .* by Sam Patel \(Deputy DSL\)/)).toBeVisible()
  await expect(page.locator('dd', { hasText: /by Harriet Okonkwo/ })).toHaveCount(0)

  // Sam renames themselves in the vault on the Settings screen: the record keeps the name it was signed with.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('row', { name: /Sam Patel \(you\) Deputy DSL/ })).toBeVisible()
  await page.getByLabel('Your name in the vault').fill('Samuel Patel')
  await page.getByLabel('Your passphrase', { exact: true }).fill(SAM_PASS)
  await page.getByRole('button', { name: 'Change my name' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Your name in the vault is now Samuel Patel.' })).toBeVisible()
  const audit = (await call('audit.list', { limit: 1 })) as { action: string; summary: string }[]
  expect(audit[0]).toMatchObject({ action: 'person-renamed', summary: 'Sam Patel changed their name to Samuel Patel' })
  await page.getByRole('navigation').getByRole('button', { name: 'Dashboard', exact: true }).click()
  await page.getByRole('link', { name: new RegExp(opened.dispute.reference) }).or(page.getByRole('button', { name: new RegExp(opened.dispute.reference) })).first().click()
  await expect(page.locator('dd', { hasText: /^by Sam Patel \(Deputy DSL\) on / })).toBeVisible()
  await expect(page.getByText(/Samuel/)).toHaveCount(0)

  // The export written now names Sam, as they signed.
  const exported = (await call('exports.document', { disputeId: opened.dispute.id, document: 'escalation-record' })) as { savedTo: string }
  const text = (await mammoth.extractRawText({ buffer: readFileSync(exported.savedTo) })).value.replace(/\n+/g, '\n')
  expect(text).toContain('Written by\nSam Patel (Deputy DSL)')
  expect(text).toMatch(/Approved\nSam Patel \(Deputy DSL\), 1 Dec 2026, 09:00/)
})
