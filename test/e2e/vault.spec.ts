import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'

let app: RunningApp
test.afterEach(async () => app?.close())

test('create a vault, lock, refuse a wrong passphrase, unlock, and find everything after a restart', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app

  await expect(page.getByRole('heading', { name: 'Set up Escalation Log' })).toBeVisible()
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill('password')
  await expect(page.getByText('Strength: Very weak')).toBeVisible()
  await page.getByLabel('Type the passphrase again').fill('password')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toContainText('too weak')

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await expect(page.locator('.sidebar .who')).toContainText('Harriet Okonkwo')

  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()

  await page.getByLabel('Passphrase').fill('not my passphrase at all')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert')).toContainText('That passphrase does not open this vault')

  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  await app.restart()
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.locator('.sidebar .who')).toContainText('Oak Hill Primary School')

  await page.getByRole('button', { name: 'Audit trail' }).click()
  await expect(page.getByText('The chain verifies')).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Vault created', exact: true })).toBeVisible()
})
