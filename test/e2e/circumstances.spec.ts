/**
 * Circumstances over time in the real renderer over the real handler table (clock fixed at 15 Nov 2027):
 * a child's change of circumstance is asked "From" (default today) and the dispute shows that day, and an
 * owed notice can be recorded as "Not needed" with a reason.
 *
 * 001 Solihull: "if the child(ren) is subject to a child protection plan or is looked after, secure
 * notification should also be sent to cpru@solihull.gov.uk"
 */
import { expect, test, type Page } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller, firstRunAt } from './fixtures'

const PASSPHRASE = 'copper lantern orchard quietly'
const NOW = new Date('2027-11-15T12:00:00Z')

let app: RunningApp
test.afterEach(async () => app?.close())

async function start(browser: Parameters<typeof openApp>[0]['browser']) {
  const started = await firstRunAt(browser, NOW, { folderPrefix: 'escalation-log-circumstances-', passphrase: PASSPHRASE })
  app = started.app
  const { page } = app
  return { page, call: caller(app.api) }
}

async function openDispute(call: ReturnType<typeof caller>, child: Record<string, unknown>) {
  const created = (await call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04', ...child } })) as { id: string }
  const view = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [created.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2027-11-10',
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string; reference: string } }
  return view.dispute
}

async function showDispute(page: Page, reference: string) {
  await page.reload()
  await page.getByRole('link', { name: new RegExp(reference) }).or(page.getByRole('button', { name: new RegExp(reference) })).first().click()
  await expect(page.getByRole('heading', { name: new RegExp(reference) })).toBeVisible()
}

test('a child’s change of circumstance is asked “From”; the dispute shows the day, and the IRO notice owed from when it arose', async ({ browser }) => {
  const { page, call } = await start(browser)
  const dispute = await openDispute(call, {})
  await page.reload()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Children' }).click()
  await page.getByRole('button', { name: /^Change Amy Example/ }).click()
  await page.getByLabel('The child is looked after').check()
  const from = page.getByRole('group', { name: 'From' })
  await expect(from.getByLabel('Day')).toHaveValue('15')
  await from.getByLabel('Day').fill('12')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByText('Amy Example’s details are saved.')).toBeVisible()

  await showDispute(page, dispute.reference)
  // Looked after from 12 Nov; the dispute (and its stage 1) began on 15 Nov, so the notice arose then.
  await expect(page.getByText('the child is looked after, from 12 Nov 2027')).toBeVisible()
  await expect(page.getByText('Owed since 15 Nov 2027')).toBeVisible()
})

test('an owed notice recorded as not needed, with a reason, is no longer owed', async ({ browser }) => {
  const { page, call } = await start(browser)
  const dispute = await openDispute(call, { childProtectionPlan: true })
  await showDispute(page, dispute.reference)
  await page.getByRole('button', { name: /^Not needed/ }).first().click()
  await page.getByRole('button', { name: 'Record as not needed' }).click()
  await expect(page.locator('.error-summary')).toContainText('Say why this notification is not needed')
  await page.getByLabel('Why it is not needed').fill('The IRO chaired the meeting at which this was raised.')
  await page.getByRole('button', { name: 'Record as not needed' }).click()
  await expect(page.getByText('Notification recorded as not needed.')).toBeVisible()
  const view = (await call('disputes.get', { disputeId: dispute.id })) as { dispute: { notificationsNotNeeded: { reason: string }[] } }
  expect(view.dispute.notificationsNotNeeded.map((n) => n.reason)).toEqual(['The IRO chaired the meeting at which this was raised.'])
  await expect(page.getByRole('button', { name: /^Not needed.*Independent Reviewing Officer/ })).toHaveCount(0)
})
