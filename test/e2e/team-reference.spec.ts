/**
 * Issue 17, one reference given twice: two harness pages over two device vaults and one shared folder. While
 * their devices are apart the DSL and the deputy each open a dispute, and both take the next reference of the
 * year. After a sync each dispute's page says another dispute has its reference; the DSL, by keyboard, gives the
 * deputy's dispute a new reference (asked first). Her page shows the new reference and the old one as its previous
 * reference; after the deputy's sync his page shows the same and neither dispute's note is left. Axe clean at each
 * step; a screenshot for the docs.
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { closeTeams, noViolations, openTeamOfTwo, SHOTS, sync } from './team-harness'

test.afterEach(closeTeams)

type Call = (channel: string, input: unknown) => Promise<unknown>

async function openFor(call: Call, name: string): Promise<{ id: string; reference: string }> {
  const child = (await call('children.create', { child: { name } })) as { id: string }
  const view = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was closed without a visit.' },
      reasons: { ids: [], text: 'The school has seen new bruising.' },
      disagreementOn: '2026-12-02',
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string; reference: string } }
  return view.dispute
}

test('two disputes given one reference apart: one is given a new reference through the screen, and both devices show it', async ({ browser }) => {
  test.setTimeout(180_000)
  const { dsl, deputy, dslCall, deputyCall } = await openTeamOfTwo(browser, 'team-reference')

  // Apart: each opens a dispute; both take the next reference of the year.
  const mine = await openFor(dslCall as Call, 'Priya Shah')
  const theirs = await openFor(deputyCall as Call, 'Kai Brennan')
  expect(theirs.reference).toBe(mine.reference)
  const given = mine.reference
  await sync(deputyCall, dslCall)

  const page = dsl.page
  await page.reload()
  await page.getByRole('button', { name: /Kai Brennan/ }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: `${given}: Kai Brennan` })).toBeVisible()
  await expect(page.getByText(`Another dispute has the reference ${given}.`)).toBeVisible()
  const give = page.getByRole('button', { name: 'Give this dispute a new reference' })
  await give.focus()
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('button', { name: 'Give it a new reference' })
  await expect(confirm).toBeFocused()
  await expect(page.getByText(`the other dispute keeps ${given}`)).toBeVisible()
  await noViolations(page, 'the dispute page: a new reference asked')
  await page.screenshot({ path: join(SHOTS, 'team-same-reference.png') })
  await page.keyboard.press('Enter')

  const status = page.locator('#dispute-message')
  await expect(status).toContainText('This dispute’s reference is now ESC-2026-')
  const reference = /now (ESC-\d{4}-\d{4})/.exec((await status.textContent()) ?? '')![1]!
  expect(reference).not.toBe(given)
  await expect(page.getByRole('heading', { level: 1, name: `${reference}: Kai Brennan` })).toBeVisible()
  await expect(page.getByText(`Another dispute has the reference`)).toHaveCount(0)
  await expect(page.getByText(new RegExp(`^${given}, until \\d{1,2} \\w{3} \\d{4}, \\d{2}:\\d{2}, changed by Asha Patel: Another dispute was given the same reference`))).toBeVisible()
  await noViolations(page, 'the dispute page: given a new reference')
  await page.screenshot({ path: join(SHOTS, 'team-new-reference.png') })

  // The deputy's device, after the syncs: the same reference, the old one kept, no note on either dispute.
  await sync(dslCall, deputyCall)
  const his = deputy.page
  await his.reload()
  await expect(his.getByRole('heading', { name: 'Needs a decision from the team' })).toHaveCount(0)
  await his.getByRole('button', { name: /Kai Brennan/ }).first().click()
  await expect(his.getByRole('heading', { level: 1, name: `${reference}: Kai Brennan` })).toBeVisible()
  await expect(his.getByText(new RegExp(`^${given}, until .*, changed by Asha Patel`))).toBeVisible()
  await expect(his.getByText(`Another dispute has the reference`)).toHaveCount(0)
  await noViolations(his, 'the deputy’s dispute page after the change')
})
