/**
 * Issue 16, "Every person in their own session": "a record can ask for a countersignature by a named
 * person; that person sees it in Approvals when they unlock and countersigns in their own session …
 * Nobody types another's passphrase." Two people, each signed in on their own: Harriet makes the vault
 * and invites Sam (as invite.spec.ts does); Harriet asks Sam to countersign her record and locks; Sam
 * unlocks as himself, finds it in Approvals and countersigns. The ask form and Sam's Approvals are
 * checked with axe (states listed in a11y.spec.ts's header).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller } from './fixtures'

const NOW = new Date('2026-12-02T10:00:00Z')
const HARRIET_PASS = 'copper lantern orchard quietly'
const SAM_PASS = 'meadow cobalt saxophone ripple'
let app: RunningApp
test.afterEach(async () => app?.close())

async function noViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe violations: ${state}`).toEqual([])
}

async function unlockAs(page: Page, name: string, passphrase: string) {
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()
  await page.getByLabel('Who are you?').selectOption({ label: name })
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
  await page.getByRole('button', { name: 'Unlock' }).click()
  // Each person goes back to where they last were in their own session.
  await expect(page.locator('.sidebar .who')).toContainText(name)
}

test('a countersignature asked of Sam is given by Sam, signed in as himself', async ({ browser }) => {
  test.setTimeout(150_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-countersign-')), 'vault')
  app = await openApp({ vaultDir, browser, deps: { now: () => NOW } })
  const { page } = app
  await page.clock.setFixedTime(NOW)
  await page.reload()
  const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click()

  // Harriet makes the vault and invites Sam; Sam joins with the code and his own passphrase.
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(HARRIET_PASS)
  await page.getByLabel('Type the passphrase again').fill(HARRIET_PASS)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await nav('Settings')
  await page.getByLabel('Their name').fill('Sam Patel')
  await page.getByLabel('Their role (optional), for example Deputy DSL').fill('Deputy DSL')
  await page.getByRole('button', { name: 'Create invitation' }).click()
  const code = (await page.locator('.code-panel .one-time-code').textContent())!.trim()
  await page.getByRole('button', { name: 'I have noted the code — hide it' }).click()
  await page.getByRole('button', { name: 'Lock' }).click()
  await page.getByRole('button', { name: 'I have an invitation' }).click()
  await page.getByLabel('Code from your invitation').fill(code)
  await page.getByLabel('Choose your passphrase').fill(SAM_PASS)
  await page.getByLabel('Type the passphrase again').fill(SAM_PASS)
  await page.getByRole('button', { name: 'Join and unlock' }).click()
  await expect(page.locator('.sidebar .who')).toContainText('Sam Patel')
  await page.getByRole('button', { name: 'Lock' }).click()

  // Harriet, in her session: a dispute with her approved call on it.
  await unlockAs(page, 'Harriet Okonkwo', HARRIET_PASS)
  const call = caller(app.api)
  const child = (await call('children.create', { child: { name: 'Amy Example' } })) as { id: string }
  const opened = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold for assessment.' },
      reasons: { ids: [], text: 'We believe the threshold is met: repeated bruising.' },
      disagreementOn: '2026-12-02',
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string } }
  const draft = (await call('records.createDraft', { disputeId: opened.dispute.id, draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '09:30' }, direction: 'outgoing', contact: { name: 'Jo Bloggs' }, theySaid: 'I will speak to my manager.', weSaid: 'Asked Jo to reconsider.' } })) as { id: string }
  await call('records.approve', { disputeId: opened.dispute.id, recordId: draft.id })
  await nav('Search')
  await nav('Dashboard')
  await page.getByRole('button', { name: /ESC-\d{4}-0001/ }).click()
  const card = page.locator(`#record-card-${draft.id}`)
  // Her own record: she cannot countersign it, only ask.
  await expect(card.getByRole('button', { name: /^Countersign/ })).toHaveCount(0)
  await card.getByRole('button', { name: /^Ask for a countersignature/ }).click()
  await expect(card.getByRole('heading', { name: 'Ask for a countersignature' })).toBeFocused()
  await expect(card.getByLabel('Who is to countersign').locator('option')).toHaveText(['Sam Patel'])
  await noViolations(page, 'the countersignature ask form')
  await card.getByRole('button', { name: 'Ask them to countersign' }).click()
  await expect(card.getByRole('status').filter({ hasText: 'Sam Patel is asked to countersign.' })).toBeFocused()
  await expect(card.getByRole('definition').filter({ hasText: 'Countersignature asked of Sam Patel on 2 Dec 2026' })).toBeVisible()
  await noViolations(page, 'a countersignature asked')
  await page.getByRole('button', { name: 'Lock' }).click()

  // Sam, in his own session: it is in his Approvals, and he countersigns it there.
  await unlockAs(page, 'Sam Patel', SAM_PASS)
  await nav('Approvals')
  const asked = page.getByRole('region', { name: 'Countersignatures asked of you' })
  await expect(asked.getByText('asked by Harriet Okonkwo on 2 Dec 2026, 10:00')).toBeVisible()
  await noViolations(page, 'approvals with a countersignature asked')
  await asked.getByRole('button', { name: /Phone call with Jo Bloggs/ }).click()
  await expect(card).toBeFocused()
  await card.getByRole('button', { name: /^Countersign/ }).click()
  await expect(card.getByRole('status').filter({ hasText: 'You have countersigned this record.' })).toBeFocused()
  await expect(card.getByRole('definition').filter({ hasText: /^by Sam Patel \(Deputy DSL\) on 2 Dec 2026, 10:00/ })).toBeVisible()
  await expect(card.getByText(/Countersignature asked of/)).toHaveCount(0)
  await nav('Approvals')
  await expect(page.getByRole('region', { name: 'Countersignatures asked of you' })).toHaveCount(0)
  const audit = (await call('audit.list', { limit: 5 })) as { action: string; personName: string }[]
  expect(audit.find((e) => e.action === 'record-countersigned')?.personName).toBe('Sam Patel')
  expect(audit.find((e) => e.action === 'countersignature-asked')?.personName).toBe('Harriet Okonkwo')
})
