/**
 * Issue 16's findings in the two largest forms and the outcome form, as a DSL meets them in the app (the
 * component tests in test/unit/renderer check the same forms in isolation):
 * - "with 127 children the picker lists them all before 'Add a child'": with more than six children on
 *   record, "Add a child" comes first and a "Find a child" box has focus; only the children that match are
 *   listed, and a child chosen stays listed when the search moves on;
 * - "errors arrive in rounds": the outcome form (Resolve) lists every problem at once in the error summary,
 *   which takes focus, each linked to its field.
 * axe runs in each state. Screenshots go to test-results/desk/ for a person to look at.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { caller } from './fixtures'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
const SHOTS = join(__dirname, '../../test-results/desk')

let app: RunningApp
test.afterEach(async () => app?.close())

async function noViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe violations in "${state}"`).toEqual([])
}

async function newVault(browser: Parameters<typeof openApp>[0]['browser']) {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-desk-forms-')), 'vault')
  app = await openApp({ vaultDir, browser, viewport: { width: 1366, height: 768 } })
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: PROFILE })
  return call
}

test('with 127 children on record, “Add a child” comes first and the children are found by typing', async ({ browser }) => {
  test.setTimeout(180_000)
  const call = await newVault(browser)
  for (let i = 1; i <= 127; i++) await call('children.create', { child: { name: `Child ${String(i).padStart(3, '0')} Example` } })
  const { page } = app
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  await page.keyboard.press('Control+n')
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()

  const find = page.getByLabel('Find a child')
  await expect(find).toBeFocused()
  const add = page.getByRole('button', { name: 'Add a child' })
  await expect(add).toBeVisible()
  // "Add a child" comes before the box and the list.
  const [addBox, findBox] = [await add.boundingBox(), await find.boundingBox()]
  expect(addBox && findBox && addBox.y < findBox.y, '"Add a child" above "Find a child"').toBe(true)
  await expect(page.getByRole('checkbox', { name: /Example$/ })).toHaveCount(0)

  await find.fill('child 12')
  await expect(page.getByRole('checkbox', { name: /Example$/ })).toHaveCount(8)
  await page.getByRole('checkbox', { name: 'Child 120 Example' }).check()
  await find.fill('child 03')
  await expect(page.getByRole('checkbox', { name: /Example$/ })).toHaveCount(11)
  await expect(page.getByRole('checkbox', { name: 'Child 120 Example' })).toBeChecked()
  await page.screenshot({ path: join(SHOTS, 'picker-127-children-1366.png') })
  await noViolations(page, 'new dispute: 127 children, found by typing')
})

test('the outcome form lists every problem at once, with the summary focused and each linked to its field', async ({ browser }) => {
  test.setTimeout(180_000)
  const call = await newVault(browser)
  const child = (await call('children.create', { child: { name: 'Ruby Example' } })) as { id: string }
  await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Smith' },
      disputed: { kind: 'decision', description: 'A referral closed without a visit.' },
      reasons: { ids: [], text: 'The school’s concerns were not considered.' },
      disagreementOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()),
      triage: { level: 'standard' },
    },
  })
  const { page } = app
  await page.reload()
  await page.getByRole('button', { name: /Ruby Example/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /ESC-/ })).toBeVisible()

  await page.getByRole('button', { name: 'Resolve', exact: true }).click()
  const form = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Resolve the dispute' }) })
  await form.getByRole('button', { name: 'Resolve', exact: true }).click()
  const summary = form.locator('.error-summary')
  await expect(summary).toBeFocused()
  const problems = summary.getByRole('listitem')
  // The outcome, when agreement was reached and by whom, and the written confirmation: all in one round.
  expect(await problems.count()).toBeGreaterThanOrEqual(4)
  for (const link of await summary.getByRole('link').all()) {
    const target = ((await link.getAttribute('href')) ?? '').replace(/^#/, '')
    expect(target, 'each problem links to its field').not.toBe('')
    await expect(page.locator(`[id="${target}"]`)).toHaveCount(1)
  }
  // The summary reads in the order a person meets the fields (GOV.UK's pattern), not the order of the checks.
  const idsInPage = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id))
  const targets = await summary.getByRole('link').evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').slice(1)))
  const positions = targets.map((t) => idsInPage.indexOf(t))
  expect(positions.every((p) => p >= 0), 'each problem names a field on the page').toBe(true)
  expect(positions, 'the problems follow the fields down the page').toEqual([...positions].sort((a, b) => a - b))
  await page.screenshot({ path: join(SHOTS, 'resolve-all-errors-1366.png') })
  await noViolations(page, 'resolve: every problem at once')
})
