/**
 * Issue 16. "Failed unlocks seen: a count of failed attempts since the last unlock is kept beside the
 * vault ..., shown to the next person who unlocks ... and then added to the audit trail; the app says it
 * is advisory." "Unlock offers the people of the vault with the last one used on this machine chosen."
 * "No lost typing at auto-lock: a visible warning a minute before auto-lock, cancelled by any key."
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { AutoLock, realTimers, WARN_BEFORE_MS } from '../../src/main/api/autolock'
import { openApp, type RunningApp } from './harness'
import { caller } from './fixtures'

const HARRIET_PASS = 'copper lantern orchard quietly'
const SAM_PASS = 'meadow cobalt saxophone ripple'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }

let app: RunningApp
test.afterEach(async () => app?.close())

test('refused passphrases are shown to the next person who unlocks, who is the last person chosen', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-unlock-memory-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: HARRIET_PASS, passphraseConfirm: HARRIET_PASS, profile: PROFILE })
  // Sam joins by invitation and sets their own passphrase (issue 12: nobody types another's).
  const { invitation, code } = (await call('people.invite', { name: 'Sam Patel', role: 'Deputy DSL', validForHours: 24 })) as { invitation: { inviteId: string }; code: string }
  await call('vault.lock', {})
  await call('vault.acceptInvitation', { dir: vaultDir, inviteId: invitation.inviteId, code, passphrase: SAM_PASS, passphraseConfirm: SAM_PASS })
  await call('vault.lock', {})
  await page.reload()

  // Sam signs in once on this machine; from then on the unlock screen chooses Sam.
  await page.getByLabel('Who are you?').selectOption({ label: 'Sam Patel' })
  await page.getByLabel('Passphrase', { exact: true }).fill(SAM_PASS)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.getByRole('button', { name: 'Lock', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await page.reload()
  await expect(page.getByLabel('Who are you?').locator('option:checked')).toHaveText('Sam Patel')

  // Two wrong passphrases, then the right one: Sam is told, and told it is advisory.
  for (const guess of ['summer2026', 'password1']) {
    await page.getByLabel('Passphrase', { exact: true }).fill(guess)
    await page.getByRole('button', { name: 'Unlock' }).click()
    await expect(page.getByText('That passphrase does not open this vault').first()).toBeVisible()
  }
  await page.getByLabel('Passphrase', { exact: true }).fill(SAM_PASS)
  await page.getByRole('button', { name: 'Unlock' }).click()
  const notice = page.getByTestId('failed-unlocks')
  await expect(notice).toContainText(/2 failed attempts to unlock since \d+ \w+ \d{4}, \d\d:\d\d\./)
  await expect(notice).toContainText('This is advisory')
  const audit = (await call('audit.list', { limit: 5 })) as { action: string; personName: string; summary: string }[]
  expect(audit.find((e) => e.action === 'failed-unlocks')).toMatchObject({ personName: 'Sam Patel', summary: expect.stringMatching(/^2 failed attempts to unlock since /) })
  await notice.getByRole('button', { name: 'Dismiss' }).click()
  await expect(notice).toHaveCount(0)
})

test('a minute before auto-lock a warning shows, and a key press puts the lock off', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-lock-warning-')), 'vault')
  // The minutes before the warning pass in two seconds; the last minute stays a minute.
  const quick = { ...realTimers, setTimeout: (fn: () => void, ms: number) => realTimers.setTimeout(fn, ms === WARN_BEFORE_MS ? ms : 2000) }
  app = await openApp({ vaultDir, browser, deps: { autoLockFactory: (onIdle, minutes) => new AutoLock(onIdle, minutes, quick) } })
  const { page } = app
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: HARRIET_PASS, passphraseConfirm: HARRIET_PASS, profile: PROFILE })
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  const warning = page.getByTestId('lock-warning')
  await expect(warning).toBeVisible({ timeout: 10_000 })
  await expect(warning).toHaveAttribute('role', 'alert')
  await expect(warning).toContainText(/The vault will lock in \d+ seconds/)
  await page.keyboard.press('Shift')
  await expect(warning).toBeHidden()
  expect(app.events).toContainEqual({ type: 'lock-warning', lockInSeconds: null })
  expect(app.events.some((e) => e.type === 'locked')).toBe(false)
})
