/**
 * Issue 17, "An e2e journey with two app instances": two harness pages over two device vaults and one shared
 * folder as the transport. The DSL's team is set up and the deputy joins (the invitation file and its code);
 * the deputy logs and approves a call on the DSL's dispute; after "Sync now" on the DSL's dashboard, which then
 * says when the deputy's changes were last received, the DSL's dispute shows the call with the deputy as its
 * approver; the DSL countersigns on the dispute page; the deputy sees the countersignature. Axe clean at each
 * step; screenshots for the docs.
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { closeTeams, noViolations, openTeamOfTwo, SHOTS } from './team-harness'

test.afterEach(closeTeams)

test('a deputy’s approved call reaches the DSL, who countersigns; the deputy sees the countersignature', async ({ browser }) => {
  test.setTimeout(150_000)
  const { dsl, deputy, dslCall, deputyCall, disputeId } = await openTeamOfTwo(browser, 'team-journey')

  // The deputy logs and approves a call on the DSL's dispute, on her own machine.
  const draft = (await deputyCall('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '14:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Asked Jo to reconsider the threshold decision.' },
  })) as { id: string }
  await deputyCall('records.approve', { disputeId, recordId: draft.id })
  await deputyCall('team.syncNow', {})

  const page = dsl.page
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  // The DSL's device has handed the deputy the keys she asked for, but her call has not reached it yet.
  await expect(page.getByText('Team vault: Ben Okafor’s changes not received yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByText(/Ben Okafor’s changes last received \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/)).toBeVisible()
  await noViolations(page, 'the DSL’s dashboard after a sync')
  await page.screenshot({ path: join(SHOTS, 'team-journey-dashboard.png') })

  await page.locator('.dispute-row').first().click()
  await expect(page.getByText(/^by Ben Okafor \(Deputy DSL\) on/)).toBeVisible()
  await page.getByText(/^by Ben Okafor \(Deputy DSL\) on/).scrollIntoViewIfNeeded()
  await noViolations(page, 'the DSL’s dispute with the deputy’s call')
  await page.screenshot({ path: join(SHOTS, 'team-journey-dispute.png') })
  await page.getByRole('button', { name: /^Countersign/ }).click()
  await expect(page.getByText(/Countersigned/).first()).toBeVisible()
  await dslCall('team.syncNow', {})

  const theirs = deputy.page
  await theirs.reload()
  await theirs.getByRole('button', { name: 'Sync now' }).click()
  await theirs.locator('.dispute-row').first().click()
  const countersigned = theirs.getByText(/Asha Patel/).last()
  await expect(countersigned).toBeVisible()
  await countersigned.scrollIntoViewIfNeeded()
  await noViolations(theirs, 'the deputy sees the countersignature')
  await theirs.screenshot({ path: join(SHOTS, 'team-journey-countersigned.png') })

  // The deputy's audit trail says what the DSL did there, on which dispute, and when by the DSL's clock.
  await theirs.getByRole('navigation').getByRole('button', { name: 'Audit trail', exact: true }).click()
  const told = theirs.getByText(/Changes merged from Asha Patel’s device: 1 dispute\. Asha Patel countersigned a record on ESC-\d{4}-\d{4} \(\d{1,2} \w{3} \d{4}, \d{2}:\d{2}\) \(times by their devices’ clocks\)\./)
  await expect(told.first()).toBeVisible()
  await noViolations(theirs, 'the deputy’s audit trail')
  await theirs.screenshot({ path: join(SHOTS, 'team-journey-audit.png') })
})
