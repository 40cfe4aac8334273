/** Issue 16: "results paged beyond the first 50" — the Search screen shows the next page on request. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller } from './fixtures'

const PASS = 'copper lantern orchard quietly'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
let app: RunningApp
test.afterEach(async () => app?.close())

test('search shows the best 50, then the next ones, with focus on the first new result', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-search-paging-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE })
  for (let i = 0; i < 60; i++) await call('children.create', { child: { name: `Brennan Child${String(i).padStart(3, '0')}` } })
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.keyboard.press('Control+k')
  await page.getByLabel('Search the whole vault').fill('Brennan')
  await expect(page.getByText('Showing the best 50; there are more.')).toBeVisible()
  await expect(page.locator('.search-results li')).toHaveCount(50)
  await page.getByRole('button', { name: 'Show the next 50 results' }).click()
  await expect(page.locator('.search-results li')).toHaveCount(60)
  await expect(page.getByText('60 found.')).toBeVisible()
  await expect(page.locator('.search-results li').nth(50)).toBeFocused()
  await expect(page.getByRole('button', { name: 'Show the next 50 results' })).toHaveCount(0)
})
