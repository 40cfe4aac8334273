import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import mammoth from 'mammoth'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
let app: RunningApp
test.afterEach(async () => app?.close())

async function firstRun(page: Page, partnership = 'Solihull Safeguarding Children Partnership (SSCP)') {
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Your safeguarding children partnership').selectOption({ label: partnership })
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
}

async function newDispute(page: Page, opts: { harm?: boolean } = {}) {
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel(opts.harm ? 'Yes' : 'No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'About the disagreement' })).toBeVisible()
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Amy Example')
  await page.getByLabel('NHS number (optional)').fill('943 476 5870')
  await page.getByLabel('Has a child protection plan').check()
  await page.getByRole('button', { name: 'Add this child' }).click()
  await expect(page.getByRole('checkbox', { name: /Amy Example/ })).toBeChecked()
  await page.getByLabel('Agency', { exact: true }).fill('Solihull Children’s Services')
  await page.getByLabel('Practitioner').fill('Jo Bloggs')
  await page.getByLabel('A decision').check()
  await page.getByLabel('Describe it').fill('The referral was assessed as not meeting the threshold for assessment.')
  await page.getByLabel('Reasons for escalation').fill('We believe the threshold is met: repeated bruising.')
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()
}

test('first run → new dispute → log a call → escalate refused with a draft, then allowed → resolve', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await firstRun(page)
  await newDispute(page)
  await expect(page.getByText(/must be notified/).first()).toBeVisible()

  // Log a call and save it as a draft.
  await page.keyboard.press('Control+l')
  await expect(page.getByRole('heading', { name: /Log a contact/ })).toBeVisible()
  // Two boxes, each labelled with who spoke, the other party's first.
  const said = page.locator('textarea')
  await expect(said.nth(0)).toHaveAccessibleName('What Jo Bloggs said')
  await expect(said.nth(1)).toHaveAccessibleName('What you said')
  await page.getByLabel('What Jo Bloggs said').fill('I will speak to my manager.')
  await page.getByLabel('What you said').fill('Asked Jo to reconsider.')
  await page.getByRole('button', { name: 'Save as draft' }).click()
  await expect(page.getByText('Draft — awaiting approval')).toBeVisible()

  // Escalation is refused while the draft exists, and the refusal names it.
  await page.getByRole('button', { name: /Escalate to stage 2/ }).click()
  await page.getByRole('button', { name: 'Escalate', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Phone call with Jo Bloggs' })).toBeVisible()
  await page.getByRole('button', { name: 'Cancel' }).click()

  await page.getByRole('button', { name: /^Approve Phone call/ }).click()
  await expect(page.getByText(/Approved by Harriet Okonkwo/).or(page.getByText('Approved', { exact: true })).first()).toBeVisible()

  await expect(page.getByRole('definition').filter({ hasText: 'I will speak to my manager.' })).toBeVisible()
  await expect(page.getByRole('term').filter({ hasText: 'What Jo Bloggs said' })).toBeVisible()

  // Escalating records who takes it up on each side at stage 2.
  await page.getByRole('button', { name: /Escalate to stage 2/ }).click()
  const ours = page.getByRole('group', { name: /^Our side/ })
  await ours.getByLabel('Name', { exact: true }).fill('Sam Patel')
  await ours.getByLabel('Role', { exact: true }).fill('Deputy head (line manager)')
  const theirs = page.getByRole('group', { name: /^Their side/ })
  await theirs.getByLabel('Name', { exact: true }).fill('Kim Lee')
  await theirs.getByLabel('Role', { exact: true }).fill('Team manager')
  await page.getByRole('button', { name: 'Escalate', exact: true }).click()
  await expect(page.getByText(/Escalated to Stage 2/i)).toBeVisible()
  const involved = page.getByRole('region', { name: 'Who is involved' })
  await expect(involved.getByText('Sam Patel — Deputy head (line manager)')).toBeVisible()
  await expect(involved.getByText('Kim Lee — Team manager')).toBeVisible()
  // Changed later: its own audited change.
  await involved.getByRole('button', { name: 'Change who is involved at stage 2' }).click()
  await involved.getByRole('group', { name: /^Their side/ }).getByLabel('Name', { exact: true }).fill('Kim Lee-Smith')
  await involved.getByRole('button', { name: 'Save who is involved' }).click()
  await expect(page.getByText('Who is involved is recorded.')).toBeVisible()
  await expect(involved.getByText('Kim Lee-Smith — Team manager')).toBeVisible()

  await page.getByRole('button', { name: 'Resolve' }).click()
  await page.getByLabel('Outcome agreed').fill('Children’s Services agreed to complete a single assessment.')
  await page.getByLabel('From').fill('Jo Bloggs')
  // Agreement was reached the day the confirmation came (the form starts the confirmation at today).
  const received = page.getByRole('group', { name: 'Written confirmation received on' })
  const agreed = page.getByRole('group', { name: 'Agreement reached on' })
  for (const box of ['Day', 'Month', 'Year']) await agreed.getByLabel(box).fill(await received.getByLabel(box).inputValue())
  await page.getByLabel('Agreed by').fill('Jo Bloggs (Children’s Services) and Harriet Okonkwo (DSL)')
  await page.getByRole('button', { name: 'Resolve', exact: true }).last().click()
  await expect(page.getByText('The dispute is resolved and its outcome recorded.')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Outcome' })).toBeVisible()

  // Export the record for the child's file: warned once that the file is not encrypted.
  await page.getByRole('button', { name: 'Escalation record for the child’s file' }).click()
  await expect(page.getByText('An exported file is not encrypted')).toBeVisible()
  await page.getByRole('button', { name: 'I understand — export' }).click()
  await expect(page.getByText(/Saved: .*escalation record\.docx/)).toBeVisible()
  expect(readdirSync(app.exportsDir)).toContain('ESC-2026-0001 escalation record.docx')
  // The record prints what each side said, attributed: theirs first, then ours.
  const record = (await mammoth.extractRawText({ buffer: readFileSync(join(app.exportsDir, 'ESC-2026-0001 escalation record.docx')) })).value
  expect(record).toMatch(/Jo Bloggs \(Solihull Children’s Services\) said\s+I will speak to my manager\.\s+We said\s+Asked Jo to reconsider\./)
  // The second export does not ask again.
  await page.getByRole('button', { name: 'Outcome (written confirmation)' }).click()
  await expect(page.getByText(/Saved: .*outcome\.docx/)).toBeVisible()
})

test('a call logged by keyboard alone', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await firstRun(page)
  await newDispute(page)
  await page.getByRole('button', { name: 'Back to the dashboard' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  // From anywhere: Ctrl+L, Enter to pick the dispute, then type and Ctrl+Enter to save and approve.
  await page.keyboard.press('Control+l')
  await expect(page.getByLabel('Which dispute is it about?')).toBeFocused()
  await page.keyboard.press('Enter')
  // The cursor starts at Who (the kind, date and time above it are filled in and a Shift+Tab away).
  await expect(page.getByRole('combobox', { name: 'Who' })).toBeFocused()
  for (let i = 0; i < 20; i++) {
    if (await page.getByLabel('What Jo Bloggs said').evaluate((el) => el === el.ownerDocument.activeElement)) break
    await page.keyboard.press('Tab')
  }
  await page.keyboard.type('I will review the decision with my manager today.')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('.record-card .badge.ok')).toHaveText('Approved')
  await expect(page.getByRole('definition').filter({ hasText: /^by Harriet Okonkwo \(Designated Safeguarding Lead\) on/ })).toBeVisible()
})

test('auto-lock returns to unlock and keeps a half-typed contact', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await firstRun(page)
  await newDispute(page)
  await page.keyboard.press('Control+l')
  await page.getByLabel('What you said').fill('Half-typed note that must not be lost')
  await app.api.lock('idle')
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await expect(page.getByText(/locked itself/)).toBeVisible()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByLabel('What you said')).toHaveValue('Half-typed note that must not be lost')
})

test('a child in immediate danger: each partnership’s own first instruction, and a 999 call only where the policy says so', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await firstRun(page, 'Havering Safeguarding Children Board (HSCB)')
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('Yes').check()
  // 004 Havering: "If a child is thought to be at immediate harm, the designated safeguarding lead in your agency should be informed immediately."
  const notice = page.locator('.notice.danger')
  await expect(notice.getByRole('heading', { name: 'Do this now' })).toBeVisible()
  await expect(notice).toContainText('Inform the designated safeguarding lead in your agency immediately.')
  await expect(notice).not.toContainText('999')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.locator('.error-summary')).toContainText('Do what the policy says first, then tick that it is done')
  await page.getByLabel('I have done this').check()
  await expect(page.getByRole('group', { name: 'Date it was done' })).toBeVisible()

  // Solihull's own instruction is to dial 999: choosing it asks for the call.
  await page.getByLabel('Partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
  await expect(notice.getByRole('heading', { name: 'Call 999 now' })).toBeVisible()
  await expect(notice).toContainText('Dial 999 for the police.')
  await expect(page.getByLabel('I have called 999')).toBeVisible()
})

test('rapid resolution: the phone ladder with each attempt recorded', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-e2e-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await firstRun(page)
  await newDispute(page, { harm: true })
  await expect(page.getByRole('heading', { name: /rapid resolution/i }).first()).toBeVisible()
  await expect(page.getByText('0121 704 8709')).toBeVisible()
  await page.getByRole('button', { name: /No answer — message left/ }).first().click()
  await expect(page.getByText(/not answered — message left/)).toBeVisible()
})

test('save a backup, then restore it into a new folder and open it', async ({ browser }) => {
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-e2e-'))
  app = await openApp({ vaultDir: join(root, 'vault'), browser })
  const { page } = app
  await firstRun(page)
  await newDispute(page)
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  await page.getByRole('button', { name: 'Save a backup now…' }).click()
  await expect(page.getByText(/Backup saved to/)).toBeVisible()
  const backup = readdirSync(app.exportsDir).find((f) => f.startsWith('Escalation Log backup'))!
  await page.getByRole('button', { name: 'Lock' }).click()
  await page.getByRole('button', { name: 'Use a different vault folder' }).click()
  await page.getByRole('button', { name: 'Restore from a backup' }).click()
  await page.getByLabel('Backup file').fill(join(app.exportsDir, backup))
  await page.getByRole('button', { name: 'Check this file' }).click()
  await page.getByLabel('Restore into this new, empty folder').fill(join(root, 'restored'))
  await page.getByLabel('Your passphrase in that backup').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Restore', exact: true }).click()
  await expect(page.getByText('The backup is restored and every audit entry verified.')).toBeVisible()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByText(/ESC-\d{4}-0001/)).toBeVisible()
})
