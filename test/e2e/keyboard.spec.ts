/**
 * The keyboard script (issue 16, "Keyboard speed"): a DSL logs a call with the keyboard alone, typing a
 * fixed text — the names and sentences of the journey test in journeys.spec.ts — and every key that is
 * not part of that text (Tab, Enter, Space, arrows, shortcuts) is counted. The targets:
 * "a call on an existing dispute from the dashboard in ≤ 8 keys", "a new dispute for a new child plus
 * the call in ≤ 25". Each step also checks where the cursor is, so a count cannot pass by luck.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller } from './fixtures'

const PASSPHRASE = 'copper lantern orchard quietly'
let app: RunningApp
test.afterEach(async () => app?.close())

/** The journey test's words. */
const TEXT = {
  child: 'Amy Example',
  nhs: '943 476 5870',
  agency: 'Solihull Children’s Services',
  practitioner: 'Jo Bloggs',
  description: 'The referral was assessed as not meeting the threshold for assessment.',
  reasons: 'We believe the threshold is met: repeated bruising.',
  theySaid: 'I will speak to my manager.',
  weSaid: 'Asked Jo to reconsider.',
}

/** Presses counted keys; typed text is not counted. */
function keyboard(page: Page) {
  let count = 0
  return {
    press: async (key: string) => {
      count++
      await page.keyboard.press(key)
    },
    type: (text: string) => page.keyboard.type(text),
    get count() {
      return count
    },
  }
}

async function firstRun(page: Page) {
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Your safeguarding children partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
}

/** The call itself, from the moment the log form is open: who, what they said, what we said, approve. */
async function logTheCall(page: Page, keys: ReturnType<typeof keyboard>) {
  const who = page.getByRole('combobox', { name: 'Who' })
  await expect(who).toBeFocused()
  await keys.type(TEXT.practitioner)
  await expect(who).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByRole('option', { name: /^Jo Bloggs — Solihull Children’s Services/ })).toHaveAttribute('aria-selected', 'true')
  await keys.press('Enter')
  await expect(who).toHaveAttribute('aria-expanded', 'false')
  await keys.press('Tab')
  await expect(page.getByLabel('What Jo Bloggs said')).toBeFocused()
  await keys.type(TEXT.theySaid)
  await keys.press('Tab')
  await expect(page.getByLabel('What you said')).toBeFocused()
  await keys.type(TEXT.weSaid)
  await keys.press('Control+Enter')
  await expect(page.locator('.record-card .badge.ok')).toHaveText('Approved')
  await expect(page.getByRole('definition').filter({ hasText: TEXT.theySaid })).toBeVisible()
  await expect(page.getByRole('definition').filter({ hasText: TEXT.weSaid })).toBeVisible()
}

test('keyboard: a new dispute for a new child plus the call', async ({ browser }) => {
  app = await openApp({ vaultDir: join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault'), browser })
  const { page } = app
  await firstRun(page)
  const keys = keyboard(page)

  await keys.press('Control+n')
  await expect(page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('Yes')).toBeFocused()
  await keys.press('ArrowRight') // No
  await keys.press('Tab')
  await keys.press('ArrowRight') // No: not significant harm within 24 hours
  await expect(page.getByRole('group', { name: /significant harm/ }).getByLabel('No')).toBeChecked()
  await keys.press('Enter') // Continue
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()

  await expect(page.getByRole('button', { name: 'Add a child' })).toBeFocused()
  await keys.press('Enter')
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused()
  await keys.type(TEXT.child)
  await keys.press('Tab')
  await expect(page.getByLabel('NHS number (optional)')).toBeFocused()
  await keys.type(TEXT.nhs)
  await keys.press('Tab')
  await expect(page.getByLabel('Has a child protection plan')).toBeFocused()
  await keys.press('Space')
  await keys.press('Enter') // adds the child, not the dispute
  await expect(page.getByRole('checkbox', { name: /Amy Example/ })).toBeChecked()

  await expect(page.getByLabel('Agency', { exact: true })).toBeFocused()
  await keys.type(TEXT.agency)
  await keys.press('Tab')
  await keys.type(TEXT.practitioner)
  await keys.press('Tab') // their role (optional)
  await keys.press('Tab') // their phone or email (optional)
  await keys.press('Tab')
  await expect(page.getByLabel('A decision')).toBeFocused()
  await keys.press('Space')
  await keys.press('Tab')
  await expect(page.getByLabel('Describe it')).toBeFocused()
  await keys.type(TEXT.description)
  await keys.press('Tab')
  await expect(page.getByRole('textbox', { name: 'Reasons for escalation' })).toBeFocused()
  await keys.type(TEXT.reasons)
  await keys.press('Control+Enter')
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()

  await keys.press('Control+l')
  await logTheCall(page, keys)

  console.log(`keyboard: new dispute for a new child plus the call ${keys.count} keys`)
  expect(keys.count).toBeLessThanOrEqual(25)
})

test('keyboard: a call on an existing dispute from the dashboard', async ({ browser }) => {
  app = await openApp({ vaultDir: join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault'), browser })
  const { page } = app
  await firstRun(page)
  // The dispute of the journey test, opened through the handler table.
  const call = caller(app.api)
  const child = (await call('children.create', { child: { name: TEXT.child, nhsNumber: TEXT.nhs, childProtectionPlan: true } })) as { id: string }
  await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: TEXT.agency, practitioner: TEXT.practitioner },
      disputed: { kind: 'decision', description: TEXT.description },
      reasons: { ids: [], text: TEXT.reasons },
      disagreementOn: new Date().toISOString().slice(0, 10),
      triage: { level: 'standard' },
    },
  })
  await page.getByRole('button', { name: 'Approvals' }).click()
  await page.getByRole('button', { name: 'Dashboard' }).click()
  await expect(page.getByRole('link', { name: /ESC-\d{4}-0001/ }).or(page.getByText(/ESC-\d{4}-0001/)).first()).toBeVisible()
  const keys = keyboard(page)

  await keys.press('Control+l')
  await expect(page.getByLabel('Which dispute is it about?')).toBeFocused()
  await keys.press('Enter')
  await logTheCall(page, keys)

  console.log(`keyboard: call on existing dispute ${keys.count} keys`)
  expect(keys.count).toBeLessThanOrEqual(8)
})
