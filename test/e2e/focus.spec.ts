/**
 * Issue 16: after every action focus lands on its result, announced to screen readers; no internal id is
 * shown; deadline bases say which end of a stage they count from; the new-dispute form lists every problem
 * at once. Driven through the screens as a DSL would, over the real handler table and a real vault, with
 * axe run in each new state (a confirmation, a refusal).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import type { Channel, ChannelOutput } from '../../src/shared/ipc'
import { londonTyped } from '../../src/shared/date-entry'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'

let app: RunningApp
test.afterEach(async () => app?.close())

async function must<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (app.api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>)(input)
  if (!r.ok) throw new Error(`${channel} refused: ${r.error!.message}`)
  return r.value as ChannelOutput<C>
}

async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe violations in "${state}"`).toEqual([])
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true })

test('focus follows each action to its result; the timeline names steps and recipients, never ids', async ({ browser }) => {
  test.setTimeout(120_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-focus-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Your safeguarding children partnership').selectOption('solihull-sscp')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  // Ctrl+K: Search with the cursor in its box, and back in the box when pressed on Search itself.
  await page.keyboard.press('Control+k')
  await expect(page.getByLabel('Search the whole vault')).toBeFocused()
  await page.getByRole('heading', { name: 'Search' }).click()
  await page.keyboard.press('Control+k')
  await expect(page.getByLabel('Search the whole vault')).toBeFocused()

  // New dispute: Continue puts the cursor in the first field of the next step.
  await nav(page, 'Dashboard').click()
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()
  // The partnership is chosen already (a Shift+Tab away): the first thing to fill in is the children.
  await expect(page.getByRole('button', { name: 'Add a child' })).toBeFocused()

  // Add a child: Enter in its fields adds the child (every problem at once), never submits the dispute.
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('NHS number (optional)').fill('943 476 5910')
  await page.getByLabel('NHS number (optional)').press('Enter')
  const childErrors = page.locator('.card .error-summary')
  await expect(childErrors).toContainText('Enter the child’s name')
  await expect(childErrors).toContainText('The NHS number 943 476 5910 is not valid')
  await expect(childErrors).not.toContainText('5919')
  await expectNoAxeViolations(page, 'add a child refused')
  await page.getByLabel('Name', { exact: true }).fill('Amy Example')
  await page.getByLabel('NHS number (optional)').fill('943 476 5919')
  await page.getByLabel('Name', { exact: true }).press('Enter')
  await expect(page.getByRole('status').filter({ hasText: 'Amy Example is added and chosen.' })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /Amy Example/ })).toBeChecked()
  await expect(page.getByLabel('Agency', { exact: true })).toBeFocused()
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()

  // Every problem of the dispute's form at once, including the reason the main process would refuse.
  await page.getByRole('button', { name: 'Open dispute' }).click()
  const summary = page.locator('.error-summary')
  await expect(summary).toContainText('Enter the other agency')
  await expect(summary).toContainText('Describe what is disputed')
  await expect(summary).toContainText('Describe the reason for escalation.')
  await page.getByLabel('Agency', { exact: true }).fill('Solihull Children’s Services')
  await page.getByLabel('Practitioner', { exact: true }).fill('Jo Bloggs')
  await page.getByLabel('A decision').check()
  await page.getByLabel('Describe it').fill('Referral assessed as not meeting the threshold for assessment.')
  await page.getByLabel('Reasons for escalation').fill('We believe the threshold is met.')
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()
  const disputeId = (await must('disputes.dashboard', {})).rows[0]!.id

  // Save and approve: the confirmation is said and the new record card has focus.
  await page.keyboard.press('Control+l')
  await page.getByLabel('What you said').fill('Discussed the referral decision with Jo.')
  await page.getByRole('button', { name: 'Save and approve' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The contact record is saved and approved.' })).toBeVisible()
  const card = page.locator('article.record-card').filter({ hasText: 'Discussed the referral decision with Jo.' })
  await expect(card).toBeFocused()
  await expectNoAxeViolations(page, 'contact saved and approved')
  // The confirmation does not linger once another form is opened.
  await page.getByRole('button', { name: /Escalate to stage 2/ }).click()
  await expect(page.getByText('The contact record is saved and approved.')).toBeHidden()
  await page.getByRole('button', { name: 'Cancel' }).click()

  // Add addendum: its confirmation has focus.
  await card.getByRole('button', { name: /Add an addendum/ }).click()
  await card.getByLabel('Reason for the addendum').fill('Time corrected')
  await card.getByLabel('Addendum', { exact: true }).fill('The call was at 10:15, not 10:05.')
  await card.getByRole('button', { name: 'Add addendum' }).click()
  await expect(card.getByRole('status')).toContainText('Addendum added.')
  await expect(card.getByRole('status')).toBeFocused()
  await expectNoAxeViolations(page, 'addendum added')

  // "Approve it" from the blocker: focus on that record's Approve button, and Enter approves it.
  await must('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 1, occurredAt: londonTyped(new Date(Date.now() - 30 * 60 * 1000)), contact: { name: 'Kim Lee', role: 'Team manager', agency: 'Solihull Children’s Services' }, direction: 'outgoing', weSaid: 'Asked Kim to review the decision.' },
  })
  await page.getByRole('button', { name: 'Back to the dashboard' }).click()
  await page.getByRole('button', { name: /ESC-\d{4}-0001/ }).click()
  await page.getByRole('button', { name: '1 record awaits approval — approve it' }).click()
  const approveKim = page.getByRole('button', { name: /^Approve Phone call with Kim Lee/ })
  await expect(approveKim).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(approveKim).toBeHidden()

  // A step recorded as done is named by its title.
  await must('disputes.recordStepDone', { disputeId, input: { key: 'stage-1/step/practitioners-discuss', doneOn: new Date().toISOString().slice(0, 10) } })
  await page.getByRole('button', { name: 'Back to the dashboard' }).click()
  await page.getByRole('button', { name: /ESC-\d{4}-0001/ }).click()
  const timeline = page.locator('ol.timeline')
  await expect(timeline).toContainText('Step done on')
  await expect(timeline).toContainText('Stage 1: Practitioners try to resolve the difference through discussion')

  // Escalate: the confirmation has focus, and the new stage's basis says it counts from the end of stage 1.
  await page.getByRole('button', { name: /Escalate to stage 2/ }).click()
  await page.getByRole('button', { name: 'Escalate', exact: true }).click()
  const message = page.locator('#dispute-message')
  await expect(message).toContainText('Escalated to')
  await expect(message).toBeFocused()
  await expectNoAxeViolations(page, 'escalated')
  await expect(page.locator('table')).toContainText(/Stage 2: 2 working days from the end of stage 1 on \d{1,2} [A-Z][a-z]{2} \d{4}/)

  // Record as sent (the Business Manager is owed from stage 2): the confirmation has focus; the timeline
  // names the recipient, not the id.
  await page.getByRole('button', { name: /Mark as sent.*Business Manager/ }).click({ timeout: 10_000 })
  await page.getByRole('button', { name: 'Record as sent' }).click()
  await expect(message).toHaveText('Notification recorded as sent.')
  await expect(message).toBeFocused()
  await expectNoAxeViolations(page, 'notification recorded as sent')
  await expect(timeline).toContainText(/Notification sent on .*: SSCP Business Manager, Solihull Safeguarding Children Partnership \(stage 2\)/)

  // No internal id anywhere on the page: step keys, notification ids, the person's id.
  const text = await page.locator('main').innerText()
  expect(text).not.toMatch(/stage-\d\/step\//)
  expect(text).not.toContain('independent-reviewing-officer')
  expect(text).not.toContain('business-manager-evidence')
  const session = await must('vault.session', {})
  expect(text).not.toContain(session!.person.personId)
})
