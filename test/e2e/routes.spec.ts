/**
 * Routes that move (issue 14), in the browser: a Solihull dispute at stage 2 takes the rapid resolution
 * route when risk rises ("If the professional considers that a child is likely to suffer significant harm
 * within the next 24 hours …", seed 000), counts down its 24 hours on the dispute page and the dashboard,
 * says so in words once they have passed, and hands over to stage 2 when the route has not resolved it
 * ("Where it is not possible to resolve the matter at stage one …", seed 001).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const NOW = Date.parse('2026-12-02T10:00:00Z') // Wednesday 2 Dec 2026, 10:00 in London
const ROUTE = 'Rapid resolution (emergency resolution procedure)'
const SHOTS = process.env['ROUTES_SHOTS']

let app: RunningApp
test.afterEach(async () => app?.close())

test('enter the route from stage 2, see the countdown, hand over', async ({ browser }) => {
  const clock = { now: new Date(NOW) }
  app = await openApp({ vaultDir: join(mkdtempSync(join(tmpdir(), 'escalation-log-routes-')), 'vault'), browser, deps: { now: () => clock.now } })
  const { page } = app
  await page.clock.install({ time: NOW - 60_000 })
  await page.clock.pauseAt(NOW)
  await page.reload()
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Your safeguarding children partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()

  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Amy Example')
  await page.getByRole('button', { name: 'Add this child' }).click()
  await page.getByLabel('Agency', { exact: true }).fill('Solihull Children’s Services')
  await page.getByLabel('Practitioner').fill('Jo Bloggs')
  await page.getByLabel('A decision').check()
  await page.getByLabel('Describe it').fill('The referral was assessed as not meeting the threshold for assessment.')
  const arose = page.getByRole('group', { name: 'Date the disagreement arose' })
  await arose.getByLabel('Day').fill('2')
  await arose.getByLabel('Month').fill('12')
  await arose.getByLabel('Year').fill('2026')
  await page.getByLabel('Reasons for escalation').fill('We believe the threshold is met.')
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()

  await page.getByRole('button', { name: 'Escalate to stage 2' }).click()
  await page.getByRole('button', { name: 'Escalate', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Escalated to Stage 2' })).toBeFocused()

  // Risk rises: the route is offered by its own title; the reason is asked for.
  await page.getByRole('button', { name: `Risk has risen: use ${ROUTE}` }).click()
  await page.getByRole('button', { name: `Use ${ROUTE}`, exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Say why the risk to the child has risen' })).toBeVisible()
  await page.getByLabel('Why has the risk risen?').fill('The child said the partner is coming home tonight.')
  if (SHOTS) await page.locator('section[aria-labelledby="take-route-title"]').screenshot({ path: join(SHOTS, 'routes-take-route.png') })
  await page.getByRole('button', { name: `Use ${ROUTE}`, exact: true }).click()
  const confirmation = page.getByRole('status').filter({ hasText: `The dispute is now on the ${ROUTE}` })
  await expect(confirmation).toBeFocused()
  await expect(confirmation).toContainText(`${ROUTE}: harm expected within 24 hours: by 3 Dec 2026, 10:00.`)

  const countdown = page.locator('#countdown')
  await expect(countdown.getByTestId('countdown-text')).toHaveText('24 hours left — due 3 Dec 2026, 10:00')
  await expect(countdown.getByTestId('countdown-text')).toHaveAttribute('aria-live', 'off')
  // Time passes: the text follows, minute by minute.
  await page.clock.pauseAt(NOW + (5 * 60 + 40) * 60_000)
  await expect(countdown.getByTestId('countdown-text')).toHaveText('18 hours 20 minutes left — due 3 Dec 2026, 10:00')
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'routes-dispute-countdown.png'), fullPage: true })

  // On the dashboard too, and in words once the 24 hours have gone.
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('button', { name: 'Dashboard', exact: true }).click()
  const row = page.getByRole('listitem').filter({ hasText: 'ESC-2026-0001' })
  await expect(row.getByTestId('countdown-text')).toHaveText('18 hours 20 minutes left — due 3 Dec 2026, 10:00')
  clock.now = new Date(NOW + (24 * 60 + 5) * 60_000)
  await page.clock.pauseAt(clock.now.getTime())
  await expect(row.getByTestId('countdown-text')).toHaveText('Overdue by 5 minutes — was due 3 Dec 2026, 10:00')
  // The dashboard reads itself again as the countdown runs out: its badge and count say overdue too.
  await expect(row.getByText('Overdue', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: /^1\s*overdue\s*: show only these disputes$/ })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'ESC-2026-0001: ' + ROUTE + ': harm expected within 24 hours: Overdue by 5 minutes' })).toBeAttached()
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'routes-dashboard-overdue.png'), fullPage: true })

  // Not resolved: hand over to stage 2, whose deadline counts from the hand-over.
  await row.getByRole('button').click()
  await page.getByRole('button', { name: 'Not resolved: hand over to Stage 2' }).click()
  await page.getByRole('button', { name: 'Hand over to Stage 2', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Handed over: the dispute is now at Stage 2 — Management finding solutions.' })).toBeFocused()
  const stage2 = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Stage 2', exact: true }) })
  await expect(stage2).toContainText('7 Dec 2026')
  await expect(stage2).toContainText(`2 working days from the end of the ${ROUTE} on 3 Dec 2026`)
  await expect(page.locator('#countdown')).toHaveCount(0)
  await expect(page.getByRole('button', { name: `Risk has risen: use ${ROUTE}` })).toBeVisible()
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'routes-handed-over.png'), fullPage: true })
})
