/**
 * Issue 16, "Search that finds what people type": "snippets with the words matched, results that open at
 * the record". Each result shows the passage that matched with the words marked (as text: a record's
 * own angle brackets stay text), and a record's result opens its dispute scrolled and focused at it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller, seedCaseLog } from './fixtures'
import { londonTyped } from '../../src/shared/date-entry'

const PASS = 'copper lantern orchard quietly'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
let app: RunningApp
test.afterEach(async () => app?.close())

test('a result shows its snippet with the matched words marked, and Enter opens the dispute at the record', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-search-snippets-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE })
  const { disputeIds } = await seedCaseLog(app.api)
  // Several records, so the one found is not at the top of the dispute.
  for (let i = 0; i < 6; i++)
    await call('records.createDraft', { disputeId: disputeIds[0], draft: { kind: 'phone-call', stage: 1, occurredAt: londonTyped(new Date(Date.now() - (10 - i) * 3_600_000)), direction: 'outgoing', contact: { name: 'Priya Sandhu' }, weSaid: `Call ${i} about the visit plan.` } })
  const found = (await call('records.createDraft', {
    disputeId: disputeIds[0],
    draft: { kind: 'phone-call', stage: 1, occurredAt: londonTyped(new Date(Date.now() - 20 * 3_600_000)), direction: 'outgoing', contact: { name: 'Priya Sandhu' }, theySaid: 'The <img src=x onerror=alert(1)> strategy discussion is booked for Friday.' },
  })) as { id: string }
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  await page.keyboard.press('Control+k')
  await page.getByLabel('Search the whole vault').fill('strategy discus')
  const result = page.locator('.search-results li').filter({ hasText: 'booked for Friday' })
  await expect(result).toHaveCount(1)
  await expect(result.locator('mark')).toHaveText(['strategy', 'discussion'])
  // The record's own text is shown as text, never as markup.
  await expect(result.locator('.snippet')).toContainText('<img src=x onerror=alert(1)>')
  await expect(result.locator('img')).toHaveCount(0)

  await result.getByRole('button').focus()
  await page.keyboard.press('Enter')
  const card = page.locator(`#record-card-${found.id}`)
  await expect(card).toBeFocused()
  await expect(card).toBeInViewport()
})
