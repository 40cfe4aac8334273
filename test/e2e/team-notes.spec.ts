/**
 * Issue 17, the desk's team notes: two harness pages over two device vaults and one shared folder. While their
 * devices are apart the DSL escalates and the deputy withdraws the same dispute; after a sync the DSL's
 * dashboard lists it under "Needs a decision from the team" (where it stays listed even when the withdrawal
 * stands meanwhile and it has left the open disputes), and its page names both moves, who made each and when; she keeps the escalation with a
 * reason. Then the deputy's draft: the DSL takes it over with a reason, both edit it apart, and her card shows
 * both versions; approval is refused in words until she keeps one. Then a draft logged twice: she sets the copy aside
 * by keyboard, its card says by whom, when and why on both devices, and the deputy's Approvals list it apart. Axe
 * clean at each step; screenshots for the docs.
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { closeTeams, noViolations, openTeamOfTwo, SHOTS, sync } from './team-harness'

test.afterEach(closeTeams)

test('moves made apart are decided, and a draft edited apart is picked, through the screens', async ({ browser }) => {
  test.setTimeout(180_000)
  const { dsl, deputy, dslCall, deputyCall, disputeId } = await openTeamOfTwo(browser, 'team-notes')

  // Apart: she escalates, he withdraws.
  await dslCall('disputes.escalate', { disputeId, input: {} })
  await deputyCall('disputes.withdraw', { disputeId, input: { reason: 'The family has moved out of the area.' } })
  await sync(deputyCall, dslCall)

  const page = dsl.page
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Needs a decision from the team' })).toBeVisible()
  await expect(page.getByText('It was moved on two devices at once: decide which move stands.')).toBeVisible()
  // Both moves are effective today, so which stands meanwhile is the merge's tie-break: withdrawn (the
  // dispute has left the open disputes, and is listed here only) or still open.
  await expect(page.locator('.team-decisions').getByText(/^\((Open|Withdrawn meanwhile)\)$/)).toBeVisible()
  await noViolations(page, 'the dashboard lists a dispute needing a team decision')
  await page.screenshot({ path: join(SHOTS, 'team-decisions-dashboard.png') })

  await page.getByRole('button', { name: /Amy Example/ }).first().click()
  const review = page.getByRole('region', { name: 'Needs review: moved on two devices at once' })
  await expect(review).toBeVisible()
  await expect(review.getByText('Escalated to Stage 2', { exact: true })).toBeVisible()
  await expect(review.getByText('Withdrawn at Stage 1', { exact: true })).toBeVisible()
  await expect(review.getByText(/^by Ben Okafor on \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(that device’s clock\)$/)).toBeVisible()
  await expect(review.getByText(/contacts can still be logged/)).toBeVisible()
  await review.getByRole('button', { name: /^Keep this move\s*: Escalated to Stage 2/ }).click()
  await expect(review.getByLabel(/Why this move stands/)).toBeFocused()
  await noViolations(page, 'the dispute page: needs review, a reason asked')
  await page.screenshot({ path: join(SHOTS, 'team-needs-review.png') })
  // A blank reason is refused at the field; then the escalation is kept.
  await review.getByRole('button', { name: 'Keep this move', exact: true }).click()
  await expect(review.getByText('Give your reason: colleagues will see it').first()).toBeVisible()
  await review.getByLabel(/Why this move stands/).fill('Agreed with Ben: the family still lives here and the risk remains.')
  await review.getByRole('button', { name: 'Keep this move', exact: true }).click()
  await expect(page.getByText('The move you kept stands now, here and on colleagues’ devices once they sync. The dispute can move on again.')).toBeVisible()
  await expect(review).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^Escalate to stage 3/ })).toBeVisible()

  // The deputy's draft at stage 2, taken over by the DSL through the screen.
  await sync(dslCall, deputyCall)
  const draft = (await deputyCall('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 2, occurredAt: { date: '2026-12-02', time: '14:30' }, contact: { name: 'Sam Reed' }, direction: 'outgoing', weSaid: 'Asked Sam, the team manager, to review the decision.' },
  })) as { id: string }
  await sync(deputyCall, dslCall)
  await page.reload()
  await page.getByRole('button', { name: /Amy Example/ }).first().click()
  const card = page.locator(`#record-card-${draft.id}`)
  await card.getByRole('button', { name: /^Take over/ }).click()
  // By keyboard: the reason field takes focus, and Tab reaches the button that takes the draft over.
  await expect(card.getByLabel('Why you are taking this draft over')).toBeFocused()
  await page.keyboard.type('Ben is on leave from tomorrow.')
  await page.keyboard.press('Tab')
  await expect(card.getByRole('button', { name: 'Take over the draft' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(card.getByText('You have taken this draft over: you can carry on editing it and approve it.')).toBeVisible()
  await expect(card.getByRole('button', { name: /^Take over/ })).toHaveCount(0)
  await expect(card.getByRole('note', { name: 'Taken over' })).toHaveText(
    /^Taken over from Ben Okafor by Asha Patel on \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(that device’s clock\)\. Their reason: “Ben is on leave from tomorrow\.”$/,
  )

  // Apart again: both edit the draft.
  await sync(dslCall, deputyCall)
  await dslCall('records.updateDraft', { disputeId, recordId: draft.id, changes: { weSaid: 'Asked Sam to review the decision; he will reply by Friday.' } })
  await deputyCall('records.updateDraft', { disputeId, recordId: draft.id, changes: { weSaid: 'Asked Sam to review the decision and to call the school.' } })
  await sync(dslCall, deputyCall, dslCall)
  await page.reload()
  await page.getByRole('button', { name: /Amy Example/ }).first().click()
  const versions = card.getByRole('region', { name: 'This draft was edited on two devices at once' })
  await expect(versions).toBeVisible()
  await expect(versions.getByText('Asked Sam to review the decision; he will reply by Friday.')).toBeVisible()
  await expect(versions.getByText('Asked Sam to review the decision and to call the school.')).toBeVisible()
  await card.getByRole('button', { name: /^Approve/ }).click()
  await expect(card.getByRole('alert')).toContainText('pick one of its 2 versions')
  await versions.scrollIntoViewIfNeeded()
  await noViolations(page, 'a draft with two versions')
  await page.screenshot({ path: join(SHOTS, 'team-two-versions.png') })

  await versions.getByRole('button', { name: /^Keep this version\s*: version \d, by Ben Okafor/ }).click()
  await expect(card.getByText('Ben Okafor’s version is kept as the draft, here and on colleagues’ devices once they sync. It can be approved now.')).toBeVisible()
  await expect(versions).toHaveCount(0)
  await card.getByRole('button', { name: /^Approve/ }).click()
  await expect(card.locator('.badge.ok')).toHaveText('Approved')
  await expect(card.getByText('Asked Sam to review the decision and to call the school.')).toBeVisible()

  // The deputy's device: the decision and the pick have arrived; nothing is left to decide.
  await sync(dslCall, deputyCall)
  const theirs = deputy.page
  await theirs.reload()
  await expect(theirs.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await expect(theirs.locator('.dispute-row')).toHaveCount(1)
  await expect(theirs.getByRole('heading', { name: 'Needs a decision from the team' })).toHaveCount(0)

  // A draft logged twice: the DSL sets the copy aside; the card says by whom, when and why, here and on his device,
  // and his Approvals list it apart instead of as awaiting approval.
  const copy = (await deputyCall('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 2, occurredAt: { date: '2026-12-02', time: '14:30' }, contact: { name: 'Sam Reed' }, direction: 'outgoing', weSaid: 'Asked Sam to review the decision (again).' },
  })) as { id: string }
  await sync(deputyCall, dslCall)
  await page.reload()
  await page.getByRole('button', { name: /Amy Example/ }).first().click()
  const copyCard = page.locator(`#record-card-${copy.id}`)
  await copyCard.getByRole('button', { name: /^Set aside/ }).click()
  await expect(copyCard.getByLabel('Why you are setting this draft aside')).toBeFocused()
  await page.keyboard.type('The same call was logged twice.')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  const aside = copyCard.getByRole('note', { name: 'Set aside' })
  await expect(aside).toContainText(/Set aside by Asha Patel on \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(that device’s clock\)\. Their reason: “The same call was logged twice\.”/)
  await expect(copyCard.getByText('Set aside — not part of the record')).toBeVisible()
  await expect(copyCard.getByRole('button', { name: /^Approve/ })).toHaveCount(0)
  await copyCard.scrollIntoViewIfNeeded()
  await noViolations(page, 'a draft set aside, with who, when and why')
  await copyCard.screenshot({ path: join(SHOTS, 'team-set-aside.png') })

  await sync(dslCall, deputyCall)
  await theirs.reload()
  await theirs.getByRole('navigation').getByRole('button', { name: /^Approvals/ }).click()
  const apart = theirs.getByRole('region', { name: 'Your drafts a colleague set aside' })
  await expect(apart).toContainText(/set aside by Asha Patel on \d{1,2} \w{3} \d{4}, \d{2}:\d{2}\. Their reason: “The same call was logged twice\.”/)
  await expect(theirs.getByRole('table', { name: 'Records awaiting approval' })).toHaveCount(0)
  await noViolations(theirs, 'the deputy’s approvals with a draft set aside')
  await theirs.screenshot({ path: join(SHOTS, 'team-set-aside-approvals.png') })
  await apart.getByRole('button', { name: /^Open the record/ }).click()
  await expect(theirs.locator(`#record-card-${copy.id}`).getByRole('note', { name: 'Set aside' })).toContainText('Their reason: “The same call was logged twice.”')
})
