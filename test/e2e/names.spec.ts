/**
 * Issue 12 (finding 9) and issue 16 on the first-run screen: the meter is told the name and school being
 * typed, and a name with a look-alike letter is refused with the same sentence the main process gives.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'

let app: RunningApp
test.afterEach(async () => app?.close())

test('first run: the meter counts the name and school, and a look-alike letter in the name is refused', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app

  await expect(page.getByRole('heading', { name: 'Set up Escalation Log' })).toBeVisible()
  await page.getByLabel('Your name').fill('Sam Patel')
  await page.getByLabel('Your agency or setting').fill('Oak Hill')
  // Issue 16: "the passphrase meter rates "Sam Patel Oak Hill" very strong".
  await page.getByLabel('Passphrase', { exact: true }).fill('Sam Patel Oak Hill')
  await expect(page.getByText(/Strength: (Very weak|Weak)/)).toBeVisible()
  await expect(page.getByText(/not strong enough yet\. Do not build it from your own name/)).toBeVisible()

  // "Hаrriet" with a Cyrillic а.
  await page.getByLabel('Your name').fill('H\u0430rriet Okonkwo')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toContainText('Your name mixes Latin and Cyrillic letters in “H\u0430rriet”')

  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
})
