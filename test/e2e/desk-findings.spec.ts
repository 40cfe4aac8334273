/**
 * Issue 16's smaller findings, each as a DSL would meet it, over the real handler table and a real vault:
 * - "the dashboard's count tiles do not filter": each count is a button that shows only what it counts,
 *   says so to screen readers (aria-pressed, the "Showing …" line) and works from the keyboard;
 * - "'Mark done' accepts only the last 7 days": any real past date since the disagreement arose, refusing
 *   a future date and a date before it in plain words;
 * - "the audit trail has no filter and shows no failed unlocks": a filter by kind of event, person,
 *   dispute reference and date range, with failed unlocks in the trail;
 * - Approvals at 320 px: the stacked rows are not labelled with the heading that holds "Select all shown";
 * - "all validation errors shown at once" on the forms this file's owner keeps (children, settings);
 * - "no internal ids on screen": the audit trail names steps and notifications by their titles;
 * - "the passphrase meter rates 'Sam Patel Oak Hill' very strong": it is told the name and the setting.
 * axe runs in each new state (a filtered trail, a refused filter, refused dates, the forms' summaries).
 * Screenshots go to test-results/desk/ for a person to look at.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { caller, seedCaseLog } from './fixtures'
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

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true })

/** A civil date `days` from today (negative: in the past), London. */
function civilDaysFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d)
}

async function typeDate(page: Page, id: string, civil: string) {
  const [y, m, d] = civil.split('-')
  await page.locator(`[id="${id}"]`).fill(String(Number(d)))
  await page.locator(`[id="${id}-month"]`).fill(String(Number(m)))
  await page.locator(`[id="${id}-year"]`).fill(y!)
}

async function vaultWithCases(browser: Parameters<typeof openApp>[0]['browser'], viewport = { width: 1366, height: 768 }) {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-desk-')), 'vault')
  app = await openApp({ vaultDir, browser, viewport })
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: PROFILE })
  const seeded = await seedCaseLog(app.api)
  await app.page.reload()
  await expect(app.page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  return { call, vaultDir, ...seeded }
}

test('the count tiles filter the list they count, from the keyboard, and say so', async ({ browser }) => {
  test.setTimeout(120_000)
  await vaultWithCases(browser)
  const { page } = app
  const shown = page.locator('p[aria-live="polite"]').filter({ hasText: /^Showing/ })
  await expect(shown).toHaveText('Showing 4 of 4 open disputes.')
  const drafts = page.getByRole('button', { name: /^1 record awaiting approval\s*: show only these disputes$/ })
  await expect(drafts).toHaveAttribute('aria-pressed', 'false')
  await drafts.focus()
  await page.keyboard.press('Enter')
  await expect(drafts).toHaveAttribute('aria-pressed', 'true')
  await expect(shown).toHaveText('Showing 1 of 4 open disputes: with records awaiting approval.')
  await expect(page.getByRole('list', { name: 'Open disputes' }).getByRole('listitem')).toHaveCount(1)
  await expect(page.getByLabel('Show', { exact: true })).toHaveValue('drafts')
  await page.screenshot({ path: join(SHOTS, 'dashboard-tiles-1366.png') })
  await noViolations(page, 'dashboard: a count chosen')

  // The seeded disputes have notifications owed (a child on a child protection plan): that tile filters too.
  const owed = page.getByRole('button', { name: /notifications? owed\s*: show only these disputes$/ })
  await owed.click()
  await expect(owed).toHaveAttribute('aria-pressed', 'true')
  await expect(drafts).toHaveAttribute('aria-pressed', 'false')
  await expect(shown).toHaveText(/^Showing \d of 4 open disputes: with notifications owed\.$/)

  // "Open" shows them all again, with Space as with any button.
  const all = page.getByRole('button', { name: /^4 open\s*: show all open disputes$/ })
  await all.focus()
  await page.keyboard.press('Space')
  await expect(shown).toHaveText('Showing 4 of 4 open disputes.')
  await expect(all).toHaveAttribute('aria-pressed', 'true')

  // Choosing in the "Show" list moves the marked tile as well.
  await page.getByLabel('Show', { exact: true }).selectOption('overdue')
  await expect(page.getByRole('button', { name: /overdue\s*: show only these disputes$/ })).toHaveAttribute('aria-pressed', 'true')
  await expect(shown).toHaveText('Showing 0 of 4 open disputes: overdue.')

  await page.setViewportSize({ width: 320, height: 800 })
  await page.getByLabel('Show', { exact: true }).selectOption('drafts')
  await page.screenshot({ path: join(SHOTS, 'dashboard-tiles-320.png'), fullPage: true })
  expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(320)
  await noViolations(page, 'dashboard at 320 px: a count chosen')
})

test('“Mark done” takes any past date since the disagreement arose and refuses others in plain words', async ({ browser }) => {
  test.setTimeout(120_000)
  const { call } = await vaultWithCases(browser)
  const { page } = app
  const child = (await call('children.create', { child: { name: 'Ruby Example' } })) as { id: string }
  const arose = civilDaysFromToday(-40)
  await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Smith' },
      disputed: { kind: 'decision', description: 'A referral closed without a visit.' },
      reasons: { ids: [], text: 'The school’s concerns were not considered.' },
      disagreementOn: arose,
      triage: { level: 'standard' },
    },
  })
  await page.reload()
  await page.getByRole('button', { name: /Ruby Example/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /ESC-/ })).toBeVisible()

  const markDone = page.getByRole('button', { name: /^Mark done/ }).first()
  const label = ((await markDone.textContent()) ?? '').replace(/^Mark done\s*/, '')
  await markDone.click()
  const dateId = await page.locator('.card fieldset.date-input input').first().getAttribute('id')

  // Tomorrow: refused, saying why.
  await typeDate(page, dateId!, civilDaysFromToday(1))
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.locator('.error-summary')).toContainText(/in the future/)
  await noViolations(page, 'mark done: a future date refused')

  // Before the disagreement arose: refused by the main process, in words.
  await typeDate(page, dateId!, civilDaysFromToday(-41))
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.locator('.error-summary')).toContainText(/is before the disagreement arose/)
  await noViolations(page, 'mark done: a date before the disagreement refused')

  // Thirty days ago (long past the old 7-day limit) is accepted, and the timeline says so by the step's title.
  await typeDate(page, dateId!, civilDaysFromToday(-30))
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.locator('.error-summary')).toHaveCount(0)
  const shownDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.now() - 30 * 86_400_000))
  await expect(page.locator('ol.timeline')).toContainText(`Step done on ${shownDate}`)
  if (label.trim()) await expect(page.locator('ol.timeline')).toContainText(label.trim().slice(0, 30))
})

test('the audit trail filters by kind, person, dispute and dates, and shows failed unlocks', async ({ browser }) => {
  test.setTimeout(150_000)
  const { call, disputeIds } = await vaultWithCases(browser)
  const { page } = app
  const first = (await call('disputes.get', { disputeId: disputeIds[0] })) as { dispute: { reference: string }; status: { dueDates: { key: string }[]; notificationsOwed: { notificationId: string }[] } }
  const reference = first.dispute.reference
  const step = (await call('disputes.get', { disputeId: disputeIds[0] })) as { dispute: { stageHistory: { steps: { key: string; label: string }[] }[] } }
  const someStep = step.dispute.stageHistory[0]!.steps[0]!
  await call('disputes.recordStepDone', { disputeId: disputeIds[0], input: { key: someStep.key, doneOn: civilDaysFromToday(0) } })
  const owed = first.status.notificationsOwed[0]
  if (owed) await call('disputes.notificationNotNeeded', { disputeId: disputeIds[0], input: { notificationId: owed.notificationId, reason: 'Told in person at the core group.' } })

  // Two wrong passphrases, then the right one: the notice at unlock, and the entry in the trail.
  await page.getByRole('button', { name: 'Lock', exact: true }).click()
  for (const guess of ['summer2026', 'password1']) {
    await page.getByLabel('Passphrase', { exact: true }).fill(guess)
    await page.getByRole('button', { name: 'Unlock' }).click()
    await expect(page.getByText('That passphrase does not open this vault').first()).toBeVisible()
  }
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByTestId('failed-unlocks')).toContainText(/2 failed attempts to unlock since /)

  await nav(page, 'Audit trail').click()
  await expect(page.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible()
  const rows = page.locator('.main table tbody tr')
  const shown = page.locator('#audit-shown')
  await expect(rows.first()).toBeVisible()

  // No internal ids: the step and the notification are named by their titles.
  const whole = await page.locator('main').innerText()
  expect(whole).not.toMatch(/stage-\d\/step\//)
  expect(whole).toContain(`Step recorded as done: ${someStep.label}`)
  if (owed) expect(whole).not.toContain(owed.notificationId)

  // The filter is a disclosure, closed until wanted, opened from the keyboard.
  await page.getByText('Filter the trail', { exact: true }).focus()
  await page.keyboard.press('Enter')
  // Kind: unlocking and locking, with the failed unlocks among them.
  await page.getByLabel('Kind of event').selectOption({ label: 'Unlocking and locking, and failed unlocks' })
  await page.getByRole('button', { name: 'Show entries' }).click()
  await expect(shown).toContainText('matching: of the kind “Unlocking and locking, and failed unlocks”')
  await expect(rows.filter({ hasText: /2 failed attempts to unlock since .* \(advisory/ })).toHaveCount(1)
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/unlock|lock|Locked|Unlocked/i)
  await noViolations(page, 'audit trail filtered by kind')

  // Dispute reference and person together: only that dispute's entries, by Harriet.
  await page.getByLabel('Kind of event').selectOption('')
  await page.getByLabel('Dispute reference').fill(reference.slice(-4))
  await page.getByLabel('Person').fill('harriet')
  await page.getByRole('button', { name: 'Show entries' }).click()
  await expect(shown).toContainText(`on disputes whose reference has “${reference.slice(-4)}”`)
  const texts = await rows.allInnerTexts()
  expect(texts.length).toBeGreaterThan(2)
  for (const text of texts) {
    expect(text).toContain(reference)
    expect(text).toContain('Harriet Okonkwo')
  }
  await page.screenshot({ path: join(SHOTS, 'audit-filter-1366.png'), fullPage: true })

  // Someone who did nothing: none, said in words.
  await page.getByLabel('Person').fill('Nobody Here')
  await page.getByRole('button', { name: 'Show entries' }).click()
  await expect(shown).toHaveText(/^No entries matching: /)
  await expect(rows).toHaveCount(0)

  // A date range: today only has them all; the "to" date before the "from" date is refused, both at once with a bad day.
  await page.getByLabel('Person').fill('')
  await page.getByLabel('Dispute reference').fill('')
  await typeDate(page, 'audit-from', civilDaysFromToday(0))
  await typeDate(page, 'audit-to', civilDaysFromToday(0))
  await page.getByRole('button', { name: 'Show entries' }).click()
  await expect(shown).toContainText('from ')
  await expect(rows.first()).toBeVisible()
  await typeDate(page, 'audit-from', civilDaysFromToday(-1))
  await typeDate(page, 'audit-to', civilDaysFromToday(-3))
  await page.getByRole('button', { name: 'Show entries' }).click()
  await expect(page.locator('.error-summary')).toContainText('The “to” date must be the same as or after the “from” date')
  await noViolations(page, 'audit trail: the filter refused')
  await page.locator('#audit-from').fill('31')
  await page.locator('#audit-from-month').fill('2')
  await page.getByRole('button', { name: 'Show entries' }).click()
  await expect(page.locator('.error-summary')).toContainText('February')

  // Clear: the whole trail again.
  await typeDate(page, 'audit-from', civilDaysFromToday(0))
  await typeDate(page, 'audit-to', civilDaysFromToday(0))
  await page.getByRole('button', { name: 'Show entries' }).click()
  await page.getByRole('button', { name: 'Clear the filter' }).click()
  await expect(shown).toHaveText(/^The newest \d+ entries\.$/)

  await page.setViewportSize({ width: 320, height: 800 })
  await page.locator('details.audit-filter').scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(SHOTS, 'audit-filter-320.png') })
  expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(320)
  await noViolations(page, 'audit trail with its filter at 320 px')
})

test('no internal id on any main screen: no person id, no step key, no notification id', async ({ browser }) => {
  test.setTimeout(120_000)
  const { call, disputeIds } = await vaultWithCases(browser)
  const { page } = app
  const session = (await call('vault.session', {})) as { person: { personId: string } }
  const view = (await call('disputes.get', { disputeId: disputeIds[0] })) as { status: { notificationsOwed: { notificationId: string }[] } }
  const ids = [session.person.personId, ...view.status.notificationsOwed.map((n) => n.notificationId)]
  const screens = ['Dashboard', 'Search', 'Approvals', 'Children', 'Directory', 'Policies', 'Reports', 'Retention', 'Audit trail', 'Settings']
  const check = async (where: string) => {
    const text = await page.locator('main').innerText()
    expect(text, where).not.toMatch(/stage-\d\/step\/|request-\d\/step\//)
    for (const id of ids) expect(text, `${where} shows ${id}`).not.toContain(id)
  }
  for (const name of screens) {
    await nav(page, name).click()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await page.waitForTimeout(300)
    await check(name)
  }
  await nav(page, 'Dashboard').click()
  await page.getByRole('button', { name: /ESC-\d{4}-0001/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /ESC-\d{4}-0001/ })).toBeVisible()
  await check('the dispute')
})

test('Approvals at 320 px: the rows are not labelled with the heading that holds “Select all shown”', async ({ browser }) => {
  test.setTimeout(120_000)
  await vaultWithCases(browser, { width: 320, height: 800 })
  const { page } = app
  await page.getByRole('button', { name: 'Menu' }).click()
  await nav(page, 'Approvals').click()
  await expect(page.getByRole('heading', { name: 'Approvals', level: 1 })).toBeVisible()
  const table = page.locator('.main table.approvals-table')
  await expect(table.locator('tbody td[data-label]').first()).toBeAttached()
  const labels = await table.locator('tbody td').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label') ?? ''))
  expect(labels).not.toContain('Select all shown')
  expect(labels).toContain('Dispute')
  // Of the heading row, only the control is on screen: "Dispute" and "Record" show above each row's cells.
  await expect(page.getByLabel('Select all shown')).toBeVisible()
  const headingBoxes = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width))
  expect(headingBoxes.filter((w) => w > 2)).toHaveLength(1)
  await page.screenshot({ path: join(SHOTS, 'approvals-320.png'), fullPage: true })
  await noViolations(page, 'approvals at 320 px')
})

test('children and settings list every problem at once', async ({ browser }) => {
  test.setTimeout(120_000)
  await vaultWithCases(browser)
  const { page } = app
  await nav(page, 'Children').click()
  await page.getByRole('button', { name: 'Add a child' }).first().click()
  const form = page.locator('form.form-card')
  await form.locator('#child-dateOfBirth').fill('31')
  await form.locator('#child-dateOfBirth-month').fill('2')
  await form.locator('#child-dateOfBirth-year').fill('2019')
  await form.getByLabel('NHS number (if known)').fill('943 476 5910')
  await form.getByRole('button', { name: 'Add child', exact: true }).click()
  const summary = page.locator('.error-summary')
  await expect(summary).toContainText('February')
  await expect(summary.getByRole('listitem')).toHaveCount(3)
  await expect(summary).toContainText(/name/i)
  await expect(summary).toContainText('is not valid')
  await expect(summary).not.toContainText('5919')
  await noViolations(page, 'add a child: every problem at once')

  await nav(page, 'Settings').click()
  await expect(page.getByLabel('Your name', { exact: true })).toHaveValue('Harriet Okonkwo')
  await page.getByLabel('Your name', { exact: true }).fill('')
  await page.getByLabel(/Lock automatically after/).fill('0')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(summary.getByRole('listitem')).toHaveCount(2)
  await expect(summary).toContainText('Enter a whole number of minutes from 1 to 240')
  await noViolations(page, 'settings: every problem at once')
})

test('the passphrase meter is told the name and the setting being typed', async ({ browser }) => {
  test.setTimeout(60_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-desk-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await page.getByLabel('Your name').fill('Sam Patel')
  await page.getByLabel('Your agency or setting').fill('Oak Hill')
  await page.getByLabel('Passphrase', { exact: true }).fill('Sam Patel Oak Hill')
  const rating = page.locator('.field').filter({ has: page.getByLabel('Passphrase', { exact: true }) }).locator('p.small strong')
  await expect(rating).toBeVisible()
  await expect(rating).not.toHaveText(/very strong/i)
  await expect(page.getByText('not strong enough yet')).toBeVisible()
})
