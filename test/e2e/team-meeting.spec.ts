/**
 * Issue 17, "Everything travels": the stage-4 meeting on two devices of one team (two harness pages over two device
 * vaults and one shared folder). The DSL arranges the meeting; she and the deputy each change where it is held at
 * once; after a sync the deputy's meeting screen says who changed it last and shows both versions of the place, and
 * lists the conflict first among what stops sign-off; her dispute page says so too, and she keeps the DSL's version
 * there by keyboard, which reaches the DSL's device. Axe clean; screenshots for the docs.
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { closeTeams, noViolations, openTeamOfTwo, SHOTS, sync } from './team-harness'

test.afterEach(closeTeams)

const plan = (place: string) => ({
  chair: { name: 'Dr Helen Ashby', role: 'Head of Safeguarding', agency: 'ICB', independent: true },
  date: '2026-12-10',
  time: '14:00',
  place,
  attendees: [{ name: 'Asha Patel', role: 'DSL', agency: 'Oak Hill Primary School' }],
  apologies: [],
  agenda: ['Positions', 'Decision'],
  question: 'Should the referral be assessed again?',
  outcomeSought: 'An assessment.',
  positions: { raising: { agency: 'Oak Hill Primary School', stated: 'Amy is at risk.', fromRecords: [] }, other: { agency: 'MASH', stated: 'The threshold is not met.', fromRecords: [] } },
  stageNotes: [],
})

test('a meeting changed on two devices at once shows both versions and waits for a person', async ({ browser }) => {
  test.setTimeout(150_000)
  // The meeting is held at stage 4: the DSL escalates three times before the team is set up.
  const { deputy, dslCall, deputyCall, disputeId } = await openTeamOfTwo(browser, 'team-meeting', {
    before: async (dslCall, disputeId) => {
      for (let i = 0; i < 3; i++) await dslCall('disputes.escalate', { disputeId, input: {} })
    },
  })
  await dslCall('meetings.savePlan', { disputeId, plan: plan('Council House') })
  await dslCall('team.syncNow', {})
  await deputyCall('team.syncNow', {})
  // Both change where it is held, neither having seen the other's change.
  await deputyCall('meetings.savePlan', { disputeId, plan: plan('Oak Hill Primary School, room 2') })
  await dslCall('meetings.savePlan', { disputeId, plan: plan('Council House, committee room') })
  await dslCall('team.syncNow', {})
  await deputyCall('team.syncNow', {})

  const page = deputy.page
  await page.reload()
  await page.locator('.dispute-row').first().click()
  await page.getByRole('button', { name: 'Open the stage 4 meeting' }).click()
  await expect(page.getByRole('heading', { name: 'Stage 4 meeting', level: 1 })).toBeVisible()
  const note = page.getByRole('note', { name: 'Team vault' })
  await expect(note.getByText(/^Last changed by /)).toBeVisible()
  await expect(note.getByText(/changed the place on two devices at once: both versions are kept/)).toBeVisible()
  const versions = page.getByRole('region', { name: 'The stage 4 meeting was changed on two devices at once' })
  await expect(versions.getByText('Oak Hill Primary School, room 2')).toBeVisible()
  await expect(versions.getByText('Council House, committee room')).toBeVisible()
  await expect(page.getByText('This meeting was changed on two devices at once: check it and save it again before signing off its decision.')).toBeVisible()
  await noViolations(page, 'the meeting with two versions')
  await page.screenshot({ path: join(SHOTS, 'team-meeting-two-versions.png') })

  // The dispute page says so too, and takes the person to the versions, where one is kept by keyboard.
  await page.getByRole('button', { name: '← Back to the dispute' }).click()
  const said = page.getByRole('note', { name: 'The meeting' })
  await expect(said).toContainText('The stage 4 meeting was changed on two devices at once.')
  await said.getByRole('button', { name: 'Go to the meeting’s versions' }).click()
  const onPage = page.getByRole('region', { name: 'The stage 4 meeting was changed on two devices at once' })
  await expect(onPage).toBeFocused()
  await expect(onPage.getByText('Council House, committee room')).toBeVisible()
  await noViolations(page, 'the dispute page: the meeting with two versions')
  await onPage.screenshot({ path: join(SHOTS, 'team-meeting-versions-dispute.png') })
  const keep = onPage.getByRole('button', { name: /^Keep this version\s*: version \d, by Asha Patel, of the stage 4 meeting$/ })
  await keep.focus()
  await page.keyboard.press('Enter')
  const done = page.getByRole('status')
  await expect(done).toHaveText('Asha Patel’s version of the stage 4 meeting is kept, here and on colleagues’ devices once they sync. Its decision can be signed off once it is complete.')
  await expect(done).toBeFocused()
  await expect(onPage).toHaveCount(0)
  await expect(said).toHaveCount(0)

  // The meeting now holds the kept place, with nothing left to pick; and so does the DSL's once she syncs.
  await page.getByRole('button', { name: 'Open the stage 4 meeting' }).click()
  await expect(page.getByLabel('Place')).toHaveValue('Council House, committee room')
  await expect(page.getByText('This meeting was changed on two devices at once: check it and save it again before signing off its decision.')).toHaveCount(0)
  await sync(deputyCall, dslCall)
  const theirs = (await dslCall('meetings.get', { disputeId })) as { meeting: { place: string }; teamVersions: unknown[] }
  expect(theirs.meeting.place).toBe('Council House, committee room')
  expect(theirs.teamVersions).toEqual([])
})
