/**
 * Every main screen, with realistic data, has no axe-core violations (WCAG 2.2 AA rules).
 * States added by issue 16: "contact saved and approved" (the confirmation, focused on the new record),
 * "add a child refused" (the inline form's errors) and "approvals with a record shown" (a draft read in
 * full before it can be ticked), "log a contact: the Who list open" (the combobox's list of people).
 * test/e2e/focus.spec.ts checks the rest of its confirmations with axe.
 * Issue 12 adds the recovery-key step of first run, an invitation code in Settings, replacing the recovery
 * key, and the unlock screen's "I have an invitation" and "Use the recovery key".
 * Issue 16 also adds "stacked tables at 320 px": every screen with a table, at 320 CSS px wide; and, with
 * two people signed in each on their own, "the countersignature ask form", "a countersignature asked" and
 * "approvals with a countersignature asked" (checked with axe in test/e2e/countersign.spec.ts).
 * Issue 16's smaller findings add, checked with axe in test/e2e/desk-findings.spec.ts: "dashboard: a count
 * chosen" (at 1366 and 320 px), "mark done: a future date refused", "mark done: a date before the
 * disagreement refused", "audit trail filtered by kind", "audit trail: the filter refused", "audit trail
 * with its filter at 320 px", "approvals at 320 px", "add a child: every problem at once" and "settings:
 * every problem at once".
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { caller, firstRunAt, seedCaseLog } from './fixtures'
import { disputeAtStage4 } from './meeting-fixtures'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
let app: RunningApp
test.afterEach(async () => app?.close())

async function noViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(summary, `axe violations on ${screen}`).toEqual([])
}

test('every main screen has no accessibility violations', async ({ browser }) => {
  test.setTimeout(360_000) // many states, on a machine shared with other test runs
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-a11y-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await expect(page.getByRole('heading', { name: 'Set up Escalation Log' })).toBeVisible()
  await page.getByLabel('Passphrase', { exact: true }).fill('weak')
  await noViolations(page, 'first run')
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('heading', { name: /make a recovery key/ })).toBeFocused()
  await noViolations(page, 'first run: the recovery-key offer')
  await page.getByRole('button', { name: 'Make a recovery key' }).click()
  await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeFocused()
  await noViolations(page, 'first run: the recovery key shown')
  await page.getByRole('button', { name: /I have kept the recovery key/ }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await seedCaseLog(app.api)
  const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click()
  await nav('Search')
  await nav('Dashboard')
  await expect(page.getByText('ESC-2026-0001').or(page.getByText(/ESC-\d{4}-0001/)).first()).toBeVisible()
  await noViolations(page, 'dashboard')

  await page.getByRole('button', { name: /ESC-\d{4}-0001/ }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001/ })).toBeVisible()
  await noViolations(page, 'dispute page')
  await page.keyboard.press('Control+l')
  await expect(page.getByLabel('What you said')).toBeVisible()
  await noViolations(page, 'log a contact')
  // The Who box's list open (Down opens it without changing what is typed), then closed by Escape.
  const who = page.getByRole('combobox', { name: 'Who' })
  await expect(who).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(who).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByRole('listbox').getByRole('option').first()).toHaveAttribute('aria-selected', 'true')
  await noViolations(page, 'log a contact: the Who list open')
  await page.keyboard.press('Escape')
  await expect(who).toHaveAttribute('aria-expanded', 'false')
  await expect(page.getByLabel('What you said')).toBeVisible()
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: /Escalate to stage/ }).click()
  await page.getByRole('button', { name: 'Escalate', exact: true }).click()
  await expect(page.locator('.error-summary')).toBeVisible()
  await noViolations(page, 'escalation refused')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await page.getByRole('button', { name: 'Resolve', exact: true }).click()
  await noViolations(page, 'resolve form')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await page.keyboard.press('Control+l')
  await page.getByLabel('What you said').fill('Left a message asking for a call back.')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByRole('status').filter({ hasText: 'The contact record is saved and approved.' })).toBeVisible()
  await noViolations(page, 'contact saved and approved')

  await page.getByRole('button', { name: 'Back to the dashboard' }).click()
  await page.getByRole('button', { name: /ESC-\d{4}-0004/ }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0004/ })).toBeVisible()
  await noViolations(page, 'rapid resolution')

  await nav('Dashboard')
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('Yes').check()
  await noViolations(page, 'new dispute triage (999)')
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.locator('.error-summary')).toBeVisible()
  await noViolations(page, 'new dispute details with errors')
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('Name', { exact: true }).press('Enter')
  await expect(page.getByText('Enter the child’s name').first()).toBeVisible()
  await noViolations(page, 'add a child refused')

  await nav('Search')
  await page.getByLabel('Search the whole vault').fill('bruising')
  await expect(page.getByText(/found/)).toBeVisible()
  await noViolations(page, 'search')
  for (const name of ['Approvals', 'Retention', 'Audit trail', 'Settings']) {
    await nav(name)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    // The audit trail as it is once its chain is checked (on a loaded machine the check takes a while,
    // and while it runs its one button is disabled).
    if (name === 'Audit trail') await expect(page.getByRole('button', { name: 'Verify again' })).toBeEnabled()
    await noViolations(page, name)
    if (name === 'Settings') {
      await page.getByLabel('Their name').fill('Sam Patel')
      await page.getByRole('button', { name: 'Create invitation' }).click()
      await expect(page.getByRole('heading', { name: 'Invitation code for Sam Patel' })).toBeFocused()
      await expect(page.getByRole('heading', { name: 'Invitations waiting' })).toBeVisible()
      await noViolations(page, 'settings: an invitation code shown, one waiting')
      await page.getByRole('button', { name: 'Make a new recovery key' }).click()
      await expect(page.getByRole('heading', { name: 'Make a new recovery key?' })).toBeFocused()
      await noViolations(page, 'settings: replacing the recovery key')
      await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    }
    if (name === 'Approvals') {
      await page.getByRole('button', { name: /^Show the record/ }).first().click()
      await expect(page.getByRole('button', { name: /^Hide the record/ })).toBeVisible()
      await noViolations(page, 'approvals with a record shown')
    }
  }
  await page.keyboard.press('F1')
  await expect(page.getByRole('dialog')).toBeVisible()
  await noViolations(page, 'keyboard shortcuts')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await noViolations(page, 'unlock')
  await page.getByRole('button', { name: 'I have an invitation' }).click()
  await expect(page.getByRole('heading', { name: 'Join with an invitation' })).toBeFocused()
  await page.getByRole('button', { name: 'Join and unlock' }).click()
  await expect(page.locator('.error-summary')).toBeVisible()
  await noViolations(page, 'join with an invitation, refused')
  await page.getByRole('button', { name: 'Back to unlocking' }).click()
  await page.getByRole('button', { name: 'Use the recovery key' }).click()
  await expect(page.getByRole('heading', { name: 'Use the recovery key' })).toBeFocused()
  await noViolations(page, 'use the recovery key')
  await page.getByRole('button', { name: 'Back to unlocking' }).click()
  await page.getByRole('button', { name: 'Use a different vault folder' }).click()
  await expect(page.getByRole('heading', { name: 'Open a vault' })).toBeVisible()
  await noViolations(page, 'open a vault')
  await page.getByRole('button', { name: 'Restore from a backup' }).click()
  await expect(page.getByRole('heading', { name: 'Restore from a backup' })).toBeVisible()
  await noViolations(page, 'restore from a backup')
})

test('the “Confirm it’s you” dialog, and it refusing a wrong passphrase, have no accessibility violations', async ({ browser }) => {
  test.setTimeout(90_000)
  const mono = { ms: 0 }
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-a11y-confirm-')), 'vault')
  app = await openApp({ vaultDir, browser, deps: { monotonicNow: () => mono.ms } })
  const { page } = app
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  mono.ms += 5 * 60_000
  await page.getByRole('button', { name: 'Save backup settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' })
  await expect(dialog).toBeVisible()
  await noViolations(page, 'confirm it’s you')
  await dialog.getByLabel('Passphrase of Harriet Okonkwo').fill('not my passphrase at all')
  await dialog.getByRole('button', { name: 'Confirm' }).click()
  await expect(dialog).toContainText('That is not the passphrase')
  await noViolations(page, 'confirm it’s you, wrong passphrase')
})

// Issue 16's unlock and auto-lock states: the failed-unlocks notice after an unlock, and the auto-lock warning.
test('the failed-unlocks notice and the auto-lock warning have no accessibility violations', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-a11y-unlock-')), 'vault')
  const { AutoLock, realTimers, WARN_BEFORE_MS } = await import('../../src/main/api/autolock')
  const quick = { ...realTimers, setTimeout: (fn: () => void, ms: number) => realTimers.setTimeout(fn, ms === WARN_BEFORE_MS ? ms : 2000) }
  app = await openApp({ vaultDir, browser, deps: { autoLockFactory: (onIdle, minutes) => new AutoLock(onIdle, minutes, quick) } })
  const { page } = app
  const profile = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
  const created = await app.api.handlers['vault.create']({ dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile })
  if (!created.ok) throw new Error(created.error.message)
  await app.api.handlers['vault.lock']({})
  await page.reload()
  await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByText('That passphrase does not open this vault').first()).toBeVisible()
  await noViolations(page, 'unlock refused')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByTestId('failed-unlocks')).toBeVisible()
  await noViolations(page, 'failed unlocks since the last unlock')
  await expect(page.getByTestId('lock-warning')).toBeVisible({ timeout: 10_000 })
  await noViolations(page, 'auto-lock warning')
})

test('the stage 4 meeting screen has no accessibility violations: empty, refused sign-off, signed off', async ({ browser }) => {
  test.setTimeout(90_000)
  const now = new Date('2027-11-20T12:00:00Z')
  const started = await firstRunAt(browser, now, { folderPrefix: 'escalation-log-a11y-meeting-', passphrase: PASSPHRASE })
  app = started.app
  const { page } = app
  const call = caller(app.api)
  const dispute = await disputeAtStage4(call)
  await page.reload()
  await page.getByRole('button', { name: new RegExp(dispute.reference) }).first().click()
  await noViolations(page, 'dispute page at stage 4')
  await page.getByRole('button', { name: 'Open the stage 4 meeting' }).click()
  await expect(page.getByRole('heading', { name: 'Stage 4 meeting', level: 1 })).toBeVisible()
  await noViolations(page, 'meeting, not yet arranged')
  await page.getByLabel('Chair’s name').fill('Dr Helen Ashby')
  await page.getByRole('button', { name: 'Add a person to attending' }).click()
  await page.getByLabel('Person 1: name').fill('Rachel Moore')
  await page.getByRole('button', { name: 'Add an agenda item' }).click()
  await page.getByLabel('The question the meeting is asked to decide').fill('Should a strategy discussion be held?')
  await page.getByRole('button', { name: 'Arrange the meeting' }).click()
  await expect(page.getByText('The meeting is arranged.')).toBeVisible()
  await page.getByRole('button', { name: 'Add an action' }).click()
  await page.getByRole('button', { name: 'Sign off the decision' }).click()
  await expect(page.locator('.error-summary')).toBeVisible()
  await noViolations(page, 'meeting sign-off refused')
  await call('meetings.savePlan', {
    disputeId: dispute.id,
    plan: {
      chair: { name: 'Dr Helen Ashby', role: 'Head of Safeguarding', agency: 'ICB', independent: true },
      date: '2027-11-20', time: '10:00', place: 'Council House',
      attendees: [{ name: 'Rachel Moore', role: 'MASH team manager', agency: 'Solihull Children’s Services' }],
      apologies: [], agenda: ['Positions'], question: 'Should a strategy discussion be held?', outcomeSought: '',
      positions: { raising: { agency: 'Oak Hill Primary School', stated: '', fromRecords: [] }, other: { agency: 'MASH', stated: 'Not met.', fromRecords: [] } },
      stageNotes: [],
    },
  })
  await call('meetings.recordDecision', {
    disputeId: dispute.id,
    decision: {
      decision: 'Hold a strategy discussion.', rationale: 'The threshold is met.', actions: [{ action: 'Convene it', owner: 'Rachel Moore', dueOn: '2027-11-23' }], feedbackBy: 'The Chair',
      reports: [{ to: 'Learning and Development Group', by: 'The Chair' }, { to: 'Assurance and Review Group', by: 'The Chair' }],
    },
  })
  await call('meetings.signOff', { disputeId: dispute.id })
  await page.getByRole('button', { name: '← Back to the dispute' }).click()
  await page.getByRole('button', { name: 'Open the stage 4 meeting' }).click()
  await expect(page.getByText('Signed off by Harriet Okonkwo')).toBeVisible()
  await noViolations(page, 'meeting signed off')
})

test('tables stack at 320 px wide: each row a labelled block, nothing scrolls sideways, no violations', async ({ browser }) => {
  test.setTimeout(120_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-a11y-')), 'vault')
  app = await openApp({ vaultDir, browser, viewport: { width: 320, height: 800 } })
  const { page } = app
  const created = await app.api.handlers['vault.create']({ dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' } })
  expect(created.ok).toBe(true)
  await seedCaseLog(app.api)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  for (const name of ['Approvals', 'Children', 'Directory', 'Audit trail', 'Settings']) {
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByRole('navigation').getByRole('button', { name, exact: true }).click()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page.locator('.main table').first()).toBeVisible()
    // Each body cell carries its column's heading, shown above it.
    await expect.poll(() => page.locator('.main table tbody td[data-label]').count(), { message: name }).toBeGreaterThan(0)
    const wide = await page.locator('html').evaluate((el) => el.scrollWidth)
    expect(wide, `${name} scrolls sideways`).toBeLessThanOrEqual(320)
    await noViolations(page, `${name} at 320 px, tables stacked`)
  }
})