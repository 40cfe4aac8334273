/**
 * Sensitive changes ask again, in the app: after 5 minutes, changing the rolling backups opens the one
 * "Confirm it's you" dialog; a wrong passphrase is refused in it, the right one (typed, then Enter) lets the
 * change through without asking the person to press Save again, and Escape cancels it.
 *
 * Issue 12: "Sensitive changes ask again: … changing or turning off rolling backups … ask for the current
 * person's passphrase (at most once every few minutes)".
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
let app: RunningApp
test.afterEach(async () => app?.close())

test('changing rolling backups after 5 minutes asks for the passphrase, then saves', async ({ browser }) => {
  test.setTimeout(90_000)
  const mono = { ms: 0 }
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-reauth-')), 'vault')
  app = await openApp({ vaultDir, browser, deps: { monotonicNow: () => mono.ms } })
  const { page } = app
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  await page.getByLabel('How many to keep').fill('4')
  mono.ms += 5 * 60_000 // five minutes since the passphrase was typed
  await page.getByRole('button', { name: 'Save backup settings' }).click()

  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('enter your passphrase again')
  const field = dialog.getByLabel('Passphrase of Harriet Okonkwo')
  await expect(field).toBeFocused()
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])

  await field.fill('not my passphrase at all')
  await field.press('Enter')
  await expect(dialog).toContainText('That is not the passphrase of Harriet Okonkwo')
  await expect(field).toHaveValue('')

  await field.fill(PASSPHRASE)
  await field.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByText('Backup settings saved.')).toBeVisible()
  const settings = await app.api.handlers['backup.getSettings']({})
  expect(settings.ok && settings.value.keep).toBe(4)

  // Five more minutes on: Escape cancels, nothing is saved, and the screen shows why.
  mono.ms += 5 * 60_000
  await page.getByLabel('How many to keep').fill('6')
  await page.getByRole('button', { name: 'Save backup settings' }).click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'enter your passphrase again' }).first()).toBeVisible()
  const after = await app.api.handlers['backup.getSettings']({})
  expect(after.ok && after.value.keep).toBe(4)
})
