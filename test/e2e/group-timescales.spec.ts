/**
 * A policy with a group timescale over its first five stages, imported through the Policies screen
 * (test/fixtures/policies/eastfold-six-steps.json, invented: see that folder's README), gives the right
 * date at each of those stages when the disagreement arose the day before a bank holiday. Its words:
 * "Steps 1 to 5 together must not take more than 5 working days from the start of step 1."
 * The dispute opens on Thursday 24 Dec 2026, the day the disagreement arose; 25 Dec, the substitute
 * Boxing Day (28 Dec) and 1 Jan are bank holidays, so the five working days end on 5 Jan 2027.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { RunningApp } from './harness'
import { firstRunAt } from './fixtures'

const PASSPHRASE = 'copper lantern orchard quietly'
const NOW = new Date('2026-12-24T10:00:00Z')
const FILE = readFileSync(join(__dirname, '../fixtures/policies/eastfold-six-steps.json'))

let app: RunningApp
test.afterEach(async () => app?.close())

test('a group timescale over steps 1 to 5 gives 5 Jan 2027 at each step after a Christmas Eve disagreement', async ({ browser }) => {
  app = (await firstRunAt(browser, NOW, { folderPrefix: 'escalation-log-groups-', passphrase: PASSPHRASE })).app
  const { page } = app
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('button', { name: 'Policies', exact: true }).click()
  await page.getByLabel('Policy file').setInputFiles({ name: 'eastfold.json', mimeType: 'application/json', buffer: FILE })
  await page.getByRole('button', { name: 'Import policy' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported version 1 of Resolving Professional Differences' })).toBeVisible()

  await nav.getByRole('button', { name: 'Dashboard', exact: true }).click()
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()
  await page.getByLabel('Partnership', { exact: true }).selectOption({ label: 'Eastfold Safeguarding Children Partnership (version 1)' })
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Amy Example')
  await page.getByRole('button', { name: 'Add this child' }).click()
  await expect(page.getByRole('checkbox', { name: /Amy Example/ })).toBeChecked()
  await page.getByLabel('Agency', { exact: true }).fill('Eastfold Children’s Services')
  await page.getByLabel('Practitioner').fill('Jo Bloggs')
  await page.getByLabel('A decision').check()
  await page.getByLabel('Describe it').fill('The referral was assessed as not meeting the threshold for assessment.')
  const arose = page.getByRole('group', { name: 'Date the disagreement arose' })
  await arose.getByLabel('Day').fill('24')
  await arose.getByLabel('Month').fill('12')
  await arose.getByLabel('Year').fill('2026')
  await page.getByLabel('Reasons for escalation').fill('We believe the threshold is met.')
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()

  const row = (label: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: label, exact: true }) })
  const group = row('Steps 1 to 5 together')
  await expect(page.getByText('Step 1 — Talk it through')).toBeVisible()
  await expect(group).toContainText('5 Jan 2027')
  await expect(group).toContainText('5 working days from the start of step 1 on 24 Dec 2026')
  // "Step 1: the practitioners talk it through within 1 working day of the disagreement."
  await expect(row('Step 1')).toContainText('29 Dec 2026')

  for (const step of [2, 3, 4, 5]) {
    await page.getByRole('button', { name: `Escalate to step ${step}` }).click()
    await page.getByRole('button', { name: 'Escalate', exact: true }).click()
    await expect(page.getByRole('status').filter({ hasText: `Escalated to Step ${step}` })).toBeVisible()
    // "Each of steps 2 to 5 begins when the step before it ends and lasts no more than 1 working day."
    await expect(row(`Step ${step}`)).toContainText('29 Dec 2026')
    await expect(group).toContainText('5 Jan 2027')
  }

  // Step 6 is outside the group: only its own 10 working days from 24 Dec 2026 remain.
  await page.getByRole('button', { name: 'Escalate to step 6' }).click()
  await page.getByRole('button', { name: 'Escalate', exact: true }).click()
  await expect(row('Step 6')).toContainText('12 Jan 2027')
  await expect(group).toHaveCount(0)
})
