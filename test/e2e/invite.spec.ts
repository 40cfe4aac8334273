/**
 * Issue 12 in the real renderer over a real vault: "a new person sets their own passphrase through an
 * invitation the DSL creates, protected by a short one-time code the DSL gives them in person, which
 * expires — nobody types another's passphrase", and "At creation (and on demand) the vault offers a
 * recovery key … that can open the vault and set a new passphrase".
 *
 * Harriet makes the vault and keeps its recovery key (saved as a text file), invites Sam in Settings and
 * locks; Sam joins on the unlock screen with the code (a mistyped code is refused first); both are listed.
 * Then Harriet, her passphrase lost, sets a new one with the recovery key.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'

const NOW = new Date('2026-12-01T09:00:00Z')
const HARRIET_PASS = 'copper lantern orchard quietly'
const SAM_PASS = 'meadow cobalt saxophone ripple'
const HARRIET_NEW_PASS = 'violet harbour tundra pencil'

let app: RunningApp
test.afterEach(async () => app?.close())

test('the DSL invites, locks; the invitee joins with the code; both appear; the recovery key replaces a lost passphrase', async ({ browser }) => {
  test.setTimeout(90_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-invite-')), 'vault')
  app = await openApp({ vaultDir, browser, deps: { now: () => NOW } })
  const { page } = app
  await page.clock.setFixedTime(NOW)
  await page.reload()

  // First run, then the recovery key, saved as a text file.
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(HARRIET_PASS)
  await page.getByLabel('Type the passphrase again').fill(HARRIET_PASS)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('heading', { name: /make a recovery key/ })).toBeFocused()
  await page.getByRole('button', { name: 'Make a recovery key' }).click()
  await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeFocused()
  const recoveryKey = (await page.locator('.one-time-code').textContent())!.trim()
  expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){5}[0-9A-Z]{4}$/)
  await page.getByRole('button', { name: 'Save as a text file…' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The recovery key is saved to' })).toBeVisible()
  const saved = join(app.exportsDir, 'Escalation Log recovery key - vault.txt')
  expect(existsSync(saved)).toBe(true)
  expect(readFileSync(saved, 'utf8')).toContain(recoveryKey)
  await page.getByRole('button', { name: /I have kept the recovery key/ }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  // Settings → People: invite Sam as Deputy DSL; the code is shown once, large, with the expiry.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByText('This vault has a recovery key, made 1 Dec 2026, 09:00 by Harriet Okonkwo.')).toBeVisible()
  await page.getByLabel('Their name').fill('Sam Patel')
  await page.getByLabel('Their role (optional), for example Deputy DSL').fill('Deputy DSL')
  await page.getByRole('group', { name: 'How long the code works' }).getByLabel('24 hours').check()
  await page.getByRole('button', { name: 'Create invitation' }).click()
  await expect(page.getByRole('heading', { name: 'Invitation code for Sam Patel' })).toBeFocused()
  await expect(page.getByText('Give this code to Sam Patel in person; it is not stored.')).toBeVisible()
  await expect(page.getByText(/It works once, until 2 Dec 2026, 09:00/)).toBeVisible()
  const code = (await page.locator('.code-panel .one-time-code').textContent())!.trim()
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{6}$/)
  await expect(page.getByRole('row', { name: /Sam Patel Deputy DSL 2 Dec 2026, 09:00/ })).toBeVisible()
  await page.getByRole('button', { name: 'I have noted the code — hide it' }).click()
  await expect(page.locator('.one-time-code')).toHaveCount(0)
  await page.getByRole('button', { name: 'Lock' }).click()

  // Sam, at the unlock screen: the invitation, a mistyped code refused, then the right one.
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await page.getByRole('button', { name: 'I have an invitation' }).click()
  await expect(page.getByRole('heading', { name: 'Join with an invitation' })).toBeFocused()
  await expect(page.getByLabel('Your name')).toHaveValue(/.+/)
  await page.getByLabel('Code from your invitation').fill(code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`)
  await page.getByLabel('Choose your passphrase').fill(SAM_PASS)
  await page.getByLabel('Type the passphrase again').fill(SAM_PASS)
  await page.getByRole('button', { name: 'Join and unlock' }).click()
  await expect(page.locator('.error-summary')).toBeFocused()
  await expect(page.locator('.error-summary')).toContainText(/code/i)
  await page.getByLabel('Code from your invitation').fill(code.toLowerCase())
  await page.getByRole('button', { name: 'Join and unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await expect(page.locator('.sidebar .who')).toContainText('Sam Patel')

  // Both are listed; the invitation is gone.
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('row', { name: /Sam Patel \(you\) Deputy DSL/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /Harriet Okonkwo/ })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Invitations waiting' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Lock' }).click()

  // Harriet has lost her passphrase: the recovery key sets a new one.
  await page.getByRole('button', { name: 'Use the recovery key' }).click()
  await expect(page.getByRole('heading', { name: 'Use the recovery key' })).toBeFocused()
  await page.getByLabel('Whose passphrase is lost?').selectOption({ label: 'Harriet Okonkwo' })
  await page.getByLabel('Recovery key').fill(recoveryKey)
  await page.getByLabel('New passphrase').fill(HARRIET_NEW_PASS)
  await page.getByLabel('Type the passphrase again').fill(HARRIET_NEW_PASS)
  await page.getByRole('button', { name: 'Set the new passphrase and unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await expect(page.locator('.sidebar .who')).toContainText('Harriet Okonkwo')
  await page.getByRole('button', { name: 'Lock' }).click()
  await page.getByLabel('Who are you?').selectOption({ label: 'Harriet Okonkwo' })
  await page.getByLabel('Passphrase', { exact: true }).fill(HARRIET_NEW_PASS)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
})
