/**
 * Issue 17, stored files between devices: two harness pages over two device vaults and one shared folder. The
 * deputy attaches the minutes and a photo to her call; the shared folder has delivered the photo's part but not
 * yet the minutes'. After "Sync now" the DSL's dispute shows the call with the photo and says the minutes are
 * still to come; once the folder delivers it, the next sync stores it. Axe clean at each step; screenshots for
 * the docs.
 */
import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { closeTeams, noViolations, openTeamOfTwo, SHOTS } from './team-harness'

test.afterEach(closeTeams)


/** Every document version file (a stored file's part) under `dir`, by name. */
function partsIn(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) partsIn(p, out)
    else if (/\/docs\/b\d{6}\/d-\d{12}-[0-9a-f]{8}\.elt$/.test(p)) out.push(p)
  }
  return out.sort((a, b) => (a.split('/').pop()! < b.split('/').pop()! ? -1 : 1))
}

test('a colleague’s call arrives with its files; one the shared folder has not delivered yet is shown as still to come, then stored', async ({ browser }) => {
  test.setTimeout(150_000)
  const { root, shared, dsl, dslCall, deputyCall, disputeId } = await openTeamOfTwo(browser, 'team-files')

  const draft = (await deputyCall('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '14:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Sent Jo the minutes of the strategy discussion.' },
  })) as { id: string }
  const minutes = join(root, 'Strategy discussion minutes.pdf')
  writeFileSync(minutes, `%PDF-1.4\n${'Minutes of the strategy discussion. '.repeat(2000)}`)
  const photo = join(root, 'Whiteboard photo.png')
  writeFileSync(photo, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(30_000, 7)]))
  await deputyCall('attachments.add', { disputeId, recordId: draft.id, files: [minutes] })
  await deputyCall('attachments.add', { disputeId, recordId: draft.id, files: [photo] })
  await deputyCall('team.syncNow', {})
  // The shared folder's own sync has not yet delivered the minutes' part to the DSL's machine.
  const [minutesPart] = partsIn(shared)
  renameSync(minutesPart!, `${minutesPart}.syncing`)

  const page = dsl.page
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByText(/Ben Okafor’s changes last received/)).toBeVisible()
  await page.locator('.dispute-row').first().click()
  const awaiting = page.getByTestId(`awaiting-files-${draft.id}`)
  await expect(awaiting).toContainText('1 file of this record is still to come from the team vault:')
  await expect(awaiting).toContainText('Strategy discussion minutes.pdf — not arrived yet; it is fetched again at each sync.')
  const files = page.getByTestId(`record-files-${draft.id}`)
  await expect(files.getByRole('cell', { name: 'Whiteboard photo.png', exact: true })).toBeVisible()
  await files.scrollIntoViewIfNeeded()
  await noViolations(page, 'the DSL’s dispute with a file still to come')
  await page.screenshot({ path: join(SHOTS, 'team-files-awaiting.png') })

  renameSync(`${minutesPart}.syncing`, minutesPart!)
  await dslCall('team.syncNow', {})
  await page.reload()
  await page.locator('.dispute-row').first().click()
  await expect(page.getByTestId(`record-files-${draft.id}`).getByRole('cell', { name: 'Strategy discussion minutes.pdf', exact: true })).toBeVisible()
  await expect(page.getByTestId(`awaiting-files-${draft.id}`)).toHaveCount(0)
  // In the order the deputy attached them, the late one in its place.
  await expect(page.getByTestId(`record-files-${draft.id}`).locator('tbody tr td:first-child')).toHaveText(['Strategy discussion minutes.pdf', 'Whiteboard photo.png'])
  await page.getByTestId(`record-files-${draft.id}`).scrollIntoViewIfNeeded()
  await noViolations(page, 'the DSL’s dispute with both files')
  await page.screenshot({ path: join(SHOTS, 'team-files-arrived.png') })
})
