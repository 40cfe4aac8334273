/**
 * Desktop reminders in the browser (issue 18): a click on a reminder — the shell sends the page
 * `{ type: 'reminder', disputeId }` — opens that dispute, or the dashboard when it was about several;
 * clicked while the vault is locked, it opens the dispute once the person has unlocked. Settings has the
 * one switch that turns reminders off. The notification itself and its timing are unit-tested
 * (test/unit/shell/reminders*.test.ts).
 */
import { expect, test, type Page } from '@playwright/test'
import { aDispute, type Caller } from '../support/disputes'
import { caller, firstRunAt } from './fixtures'
import type { RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const NOW = new Date('2026-12-02T10:00:00Z') // Wednesday 2 Dec 2026
const SHOTS = process.env['REMINDERS_SHOTS']

let app: RunningApp
test.afterEach(async () => app?.close())

const clickReminder = (page: Page, disputeId: string | null) =>
  page.evaluate((id) => (globalThis as unknown as { __escalationLogEmit(e: unknown): void }).__escalationLogEmit({ type: 'reminder', disputeId: id }), disputeId)

test('a clicked reminder opens its dispute or the dashboard, after unlock if locked; Settings turns reminders off', async ({ browser }) => {
  ;({ app } = await firstRunAt(browser, NOW, { folderPrefix: 'escalation-log-reminders-', passphrase: PASSPHRASE }))
  const { page } = app
  const call = caller(app.api) as unknown as Caller
  const opened = await aDispute(call, { disagreementOn: '2026-12-02' })
  const { id, reference } = opened.dispute
  expect(app.api.reminders()?.reminder?.body).toBe('3 deadlines due tomorrow — open Escalation Log to see them.')

  await clickReminder(page, id)
  await expect(page.getByRole('heading', { name: `${reference}: Amy Example` })).toBeVisible()
  await clickReminder(page, null)
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  // Locked: the click waits for the unlock, then opens the dispute.
  await page.keyboard.press('Control+Shift+L')
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await clickReminder(page, id)
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: `${reference}: Amy Example` })).toBeVisible()

  // The one switch.
  await page.getByRole('link', { name: 'Settings' }).or(page.getByRole('button', { name: 'Settings' })).first().click()
  const box = page.getByLabel('Remind me of deadlines with desktop notifications')
  await expect(box).toBeChecked()
  await box.uncheck()
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Your settings are saved.')).toBeVisible()
  expect(app.api.reminders()?.enabled).toBe(false)
  if (SHOTS) await box.screenshot({ path: `${SHOTS}/settings-reminders.png` })
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true })
  await page.reload()
  await page.getByRole('link', { name: 'Settings' }).or(page.getByRole('button', { name: 'Settings' })).first().click()
  await expect(page.getByLabel('Remind me of deadlines with desktop notifications')).not.toBeChecked()
})
