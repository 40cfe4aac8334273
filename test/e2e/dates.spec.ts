/**
 * Dates and times in the real renderer over the real handler table, with the app's clock and the page's
 * clock both fixed at 15 Nov 2027 (after every date used). Every date field refuses 31/02/2026 and
 * 29/02/2027 with its reason; a time in the spring gap is refused; the autumn hour asks BST or GMT and
 * stores the instant chosen; a mistyped 999 time is refused; planned dates may be in the future and
 * past events may not. After each refusal the vault's files on disk are exactly as they were.
 */
import { createHash } from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller, firstRunAt } from './fixtures'

const PASSPHRASE = 'copper lantern orchard quietly'
const NOW = new Date('2027-11-15T12:00:00Z')
const NO_31_FEB = 'There is no 31 February'
const NO_29_FEB_2027 = '2027 is not a leap year, so there is no 29 February 2027'
const IMPOSSIBLE: [day: string, month: string, year: string, message: string][] = [
  ['31', '2', '2026', NO_31_FEB],
  ['29', '2', '2027', NO_29_FEB_2027],
]

let app: RunningApp
test.afterEach(async () => app?.close())

/** Every file of the vault with its size and hash: equal before and after means nothing was written. */
function vaultOnDisk(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[p.slice(dir.length)] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  }
  walk(dir)
  return out
}

async function start(browser: Parameters<typeof openApp>[0]['browser']) {
  const started = await firstRunAt(browser, NOW, { folderPrefix: 'escalation-log-dates-', passphrase: PASSPHRASE })
  app = started.app
  const { page } = app
  const vaultDir = started.vaultDir
  return { page, vaultDir, call: caller(app.api) }
}

/** Types a date into the day, month and year boxes of the date field whose legend is `legend`. */
async function typeDate(group: Locator, day: string, month: string, year: string) {
  await group.getByLabel('Day').fill(day)
  await group.getByLabel('Month').fill(month)
  await group.getByLabel('Year').fill(year)
}

/** The refusal is shown at the field and in the error summary, and nothing reached the vault. */
async function expectRefused(page: Page, group: Locator, message: string, vaultDir: string, before: Record<string, string>) {
  await expect(group.locator('.error-message')).toContainText(message)
  // The summary's link leads to this field (its first box).
  const id = await group.getByLabel('Day').getAttribute('id')
  await expect(page.locator(`.error-summary a[href="#${id}"]`)).toContainText(message)
  expect(vaultOnDisk(vaultDir)).toEqual(before)
}

async function openDispute(call: ReturnType<typeof caller>, triage: Record<string, unknown> = { level: 'standard' }) {
  const child = (await call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04', childProtectionPlan: true } })) as { id: string }
  const view = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2027-11-15',
      triage,
    },
  })) as { dispute: { id: string; reference: string } }
  return view.dispute
}

async function showDispute(page: Page, reference: string) {
  await page.reload()
  await page.getByRole('link', { name: new RegExp(reference) }).or(page.getByRole('button', { name: new RegExp(reference) })).first().click()
  await expect(page.getByRole('heading', { name: new RegExp(reference) })).toBeVisible()
}

test('new dispute: the 999 call, the disagreement date and a new child’s date of birth refuse dates and times that never existed', async ({ browser }) => {
  const { page, vaultDir } = await start(browser)
  const before = vaultOnDisk(vaultDir)
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('Yes').check()
  await page.getByLabel('I have called 999').check()

  const callDate = page.getByRole('group', { name: 'Date of the call' })
  for (const [d, m, y, message] of IMPOSSIBLE) {
    await typeDate(callDate, d, m, y)
    await page.getByRole('button', { name: 'Continue' }).click()
    await expectRefused(page, callDate, message, vaultDir, before)
  }
  await typeDate(callDate, '15', '11', '2027')

  // A mistyped time is refused with its own reason; it is never replaced by the time now.
  const callTime = page.getByLabel('Time of the call')
  const messages = new Set<string>()
  for (const typed of ['9.5', '24:00', '25:61']) {
    await callTime.fill(typed)
    await page.getByRole('button', { name: 'Continue' }).click()
    const shown = page.locator('.field.has-error').filter({ has: callTime }).locator('.error-message')
    await expect(shown).toBeVisible()
    messages.add((await shown.innerText()).replace(/^Error:\s*/, ''))
    await expect(page.getByRole('heading', { name: 'How urgent is it?' })).toBeVisible()
    expect(vaultOnDisk(vaultDir)).toEqual(before)
  }
  expect(messages.size).toBe(3)
  expect([...messages].join(' | ')).toContain('Enter the time as hours and minutes, like 14:05')

  // A 999 call cannot be in the future.
  await callTime.fill('12:30')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.locator('.error-summary')).toContainText('cannot be in the future')

  // The spring gap does not exist.
  await typeDate(callDate, '28', '3', '2027')
  await callTime.fill('01:30')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.locator('.error-summary')).toContainText('01:30 on 28 Mar 2027 does not exist in the UK: the clocks went forward from 01:00 to 02:00')
  expect(vaultOnDisk(vaultDir)).toEqual(before)

  await typeDate(callDate, '15', '11', '2027')
  await callTime.fill('11:40')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()

  // A new child's date of birth, added from the dispute form.
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Amy Example')
  const dob = page.getByRole('group', { name: 'Date of birth (optional)' })
  for (const [d, m, y, message] of IMPOSSIBLE) {
    await typeDate(dob, d, m, y)
    await page.getByRole('button', { name: 'Add this child' }).click()
    await expectRefused(page, dob, message, vaultDir, before)
  }
  await typeDate(dob, '4', '5', '2016')
  await page.getByRole('button', { name: 'Add this child' }).click()
  await expect(page.getByRole('checkbox', { name: /Amy Example/ })).toBeChecked()

  await page.getByLabel('Agency', { exact: true }).fill('Solihull Children’s Services')
  await page.getByLabel('Practitioner').fill('Jo Bloggs')
  await page.getByLabel('A decision').check()
  await page.getByLabel('Describe it').fill('The referral was assessed as not meeting the threshold for assessment.')
  await page.getByLabel('Reasons for escalation').fill('We believe the threshold is met.')
  const disagreement = page.getByRole('group', { name: 'Date the disagreement arose' })
  const withChild = vaultOnDisk(vaultDir)
  for (const [d, m, y, message] of [...IMPOSSIBLE, ['16', '11', '2027', 'cannot be in the future'] as const]) {
    await typeDate(disagreement, d, m, y)
    await page.getByRole('button', { name: 'Open dispute' }).click()
    await expectRefused(page, disagreement, message, vaultDir, withChild)
  }
  await typeDate(disagreement, '14', '11', '2027')
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()
  const dashboard = (await caller(app.api)('disputes.dashboard', {})) as { rows: { id: string }[] }
  const view = (await caller(app.api)('disputes.get', { disputeId: dashboard.rows[0]!.id })) as { dispute: { triage: { emergencyCall?: { calledAt: string } }; disagreementOn: string } }
  expect(view.dispute.triage.emergencyCall?.calledAt).toBe('2027-11-15T11:40:00.000Z')
  expect(view.dispute.disagreementOn).toBe('2027-11-14')
})

test('a contact: impossible dates, the spring gap and the future are refused; BST or GMT is asked and the instant chosen is stored; a next step may be planned ahead', async ({ browser }) => {
  const { page, vaultDir, call } = await start(browser)
  const dispute = await openDispute(call)
  await showDispute(page, dispute.reference)
  const before = vaultOnDisk(vaultDir)

  await page.keyboard.press('Control+l')
  await expect(page.getByRole('heading', { name: /Log a contact/ })).toBeVisible()
  const date = page.getByRole('group', { name: 'Date', exact: true })
  const time = page.getByLabel('Time', { exact: true })
  const save = page.getByRole('button', { name: 'Save as draft' })
  for (const [d, m, y, message] of [...IMPOSSIBLE, ['16', '11', '2027', 'cannot be in the future'] as const]) {
    await typeDate(date, d, m, y)
    await save.click()
    await expectRefused(page, date, message, vaultDir, before)
  }

  await typeDate(date, '28', '3', '2027')
  await time.fill('01:30')
  await save.click()
  const gap = '01:30 on 28 Mar 2027 does not exist in the UK: the clocks went forward from 01:00 to 02:00'
  await expect(page.locator('.field.has-error').filter({ has: time })).toContainText(gap)
  await expect(page.locator('.error-summary').getByRole('link', { name: gap })).toBeVisible()
  expect(vaultOnDisk(vaultDir)).toEqual(before)

  // The next step by date: refused when it does not exist, accepted in the future (it plans).
  await typeDate(date, '31', '10', '2027')
  await expect(page.getByRole('group', { name: 'BST or GMT?' })).toBeVisible()
  await save.click()
  await expect(page.locator('.error-summary')).toContainText('BST or GMT')
  expect(vaultOnDisk(vaultDir)).toEqual(before)
  // The question and the refusals are as usable as the rest of the screen (WCAG 2.2 AA rules).
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  const nextStepBy = page.getByRole('group', { name: 'By', exact: true })
  for (const [d, m, y, message] of IMPOSSIBLE) {
    await typeDate(nextStepBy, d, m, y)
    await save.click()
    await expectRefused(page, nextStepBy, message, vaultDir, before)
  }
  await typeDate(nextStepBy, '29', '2', '2028')
  await page.getByRole('group', { name: 'BST or GMT?' }).getByLabel(/^GMT/).check()
  await page.getByLabel('What you said').fill('Asked Jo to reconsider.')
  await save.click()
  await expect(page.getByText('Draft — awaiting approval').first()).toBeVisible()
  const view = (await call('disputes.get', { disputeId: dispute.id })) as { records: { occurredAt: string; nextStepBy: string | null }[] }
  expect(view.records).toHaveLength(1)
  expect(view.records[0]).toMatchObject({ occurredAt: '2027-10-31T01:30:00.000Z', nextStepBy: '2028-02-29' })
})

test('resolving, a notification sent, a step done, a child’s date of birth, a closure day and a review date refuse impossible dates; nothing reaches the vault', async ({ browser }) => {
  const { page, vaultDir, call } = await start(browser)
  const dispute = await openDispute(call)
  await showDispute(page, dispute.reference)

  // Mark as sent (the IRO is owed: the child has a child protection plan).
  let before = vaultOnDisk(vaultDir)
  await page.getByRole('button', { name: /^Mark as sent/ }).first().click()
  const sentOn = page.getByRole('group', { name: 'Sent on' })
  for (const [d, m, y, message] of [...IMPOSSIBLE, ['16', '11', '2027', 'cannot be in the future'] as const]) {
    await typeDate(sentOn, d, m, y)
    await page.getByRole('button', { name: 'Record as sent' }).click()
    await expectRefused(page, sentOn, message, vaultDir, before)
  }
  await page.getByRole('button', { name: 'Cancel' }).click()

  // Mark done.
  await page.getByRole('button', { name: /^Mark done/ }).first().click()
  const doneOn = page.getByRole('group', { name: /^Done on/ })
  for (const [d, m, y, message] of IMPOSSIBLE) {
    await typeDate(doneOn, d, m, y)
    await doneOn.locator('xpath=..').getByRole('button', { name: 'Save' }).click()
    await expectRefused(page, doneOn, message, vaultDir, before)
  }
  await doneOn.locator('xpath=..').getByRole('button', { name: 'Cancel' }).click()

  // Resolve: the written confirmation.
  await page.getByRole('button', { name: 'Resolve', exact: true }).first().click()
  await page.getByLabel('Outcome agreed').fill('Children’s Services agreed to complete a single assessment.')
  await page.getByLabel('From').fill('Jo Bloggs')
  await page.getByLabel('Agreed by').fill('Jo Bloggs')
  const agreedOn = page.getByRole('group', { name: 'Agreement reached on' })
  for (const [d, m, y, message] of [...IMPOSSIBLE, ['16', '11', '2027', 'cannot be in the future'] as const]) {
    await typeDate(agreedOn, d, m, y)
    await page.getByRole('button', { name: 'Resolve', exact: true }).last().click()
    await expectRefused(page, agreedOn, message, vaultDir, before)
  }
  await typeDate(agreedOn, '12', '11', '2027')
  const receivedOn = page.getByRole('group', { name: 'Written confirmation received on' })
  for (const [d, m, y, message] of [...IMPOSSIBLE, ['16', '11', '2027', 'cannot be in the future'] as const]) {
    await typeDate(receivedOn, d, m, y)
    await page.getByRole('button', { name: 'Resolve', exact: true }).last().click()
    await expectRefused(page, receivedOn, message, vaultDir, before)
  }

  // A child's date of birth on the Children screen.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Children' }).click()
  await page.getByRole('button', { name: /^Add a child/ }).click()
  await page.getByLabel('Child’s name').fill('Ben Example')
  const dob = page.getByRole('group', { name: 'Date of birth (if known)' })
  for (const [d, m, y, message] of [...IMPOSSIBLE, ['1', '12', '2027', 'cannot be in the future'] as const]) {
    await typeDate(dob, d, m, y)
    await page.getByRole('button', { name: 'Add child' }).click()
    await expectRefused(page, dob, message, vaultDir, before)
  }
  await page.getByRole('button', { name: 'Cancel' }).click()

  // A closure day: refused when it does not exist, accepted in the future (it plans).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Policies' }).click()
  const closure = page.getByRole('group', { name: 'Date', exact: true })
  await page.getByLabel('What the closure is').fill('Staff training day')
  for (const [d, m, y, message] of IMPOSSIBLE) {
    await typeDate(closure, d, m, y)
    await page.getByRole('button', { name: 'Add closure day' }).click()
    await expectRefused(page, closure, message, vaultDir, before)
  }
  await typeDate(closure, '4', '1', '2028')
  await page.getByRole('button', { name: 'Add closure day' }).click()
  await expect(page.getByText('4 Jan 2028 (Staff training day) is now a closure day.')).toBeVisible()

  // The retention review date of a closed dispute.
  await call('disputes.withdraw', { disputeId: dispute.id, input: { reason: 'Resolved informally.' } })
  before = vaultOnDisk(vaultDir)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Retention' }).click()
  await page.getByRole('button', { name: /^Show all 1 closed dispute/ }).click()
  await page.getByRole('button', { name: new RegExp(`^Review ${dispute.reference}`) }).click()
  await page.getByLabel('Keep it, and review it again later').check()
  await page.getByLabel('Reason for the decision').fill('Still relevant to the family.')
  const reviewOn = page.getByRole('group', { name: 'Review again on' })
  for (const [d, m, y, message] of IMPOSSIBLE) {
    await typeDate(reviewOn, d, m, y)
    await page.getByRole('button', { name: 'Record the decision' }).click()
    await expectRefused(page, reviewOn, message, vaultDir, before)
  }
})
