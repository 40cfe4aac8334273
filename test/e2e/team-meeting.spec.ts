/**
 * Issue 17, "Everything travels": the stage-4 meeting on two devices of one team (two harness pages over two device
 * vaults and one shared folder). The DSL arranges the meeting; she and the deputy each change where it is held at
 * once; after a sync the deputy's meeting screen says who changed it last and shows both versions of the place, and
 * lists the conflict first among what stops sign-off. Axe clean; a screenshot for the docs.
 */
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { caller } from './fixtures'
import { openApp, type RunningApp } from './harness'
import { amyExampleDisputeId } from '../support/disputes'

const PASSPHRASE = 'copper lantern orchard quietly'
const SHOTS = join(__dirname, '../../docs/screenshots')

const apps: RunningApp[] = []
test.afterEach(async () => {
  for (const a of apps.splice(0)) await a.close()
})

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
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-team-meeting-'))
  const shared = join(root, 'shared')
  mkdirSync(shared)
  const open = async (dir: string) => {
    const app = await openApp({ vaultDir: join(root, dir), browser, viewport: { width: 1366, height: 900 }, deps: { teamSyncMs: 0, chooseFolder: async () => shared } })
    apps.push(app)
    return app
  }
  const dsl = await open('dsl')
  const deputy = await open('deputy')
  const dslCall = caller(dsl.api)
  const deputyCall = caller(deputy.api)
  await dslCall('vault.create', { dir: join(root, 'dsl'), passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Asha Patel', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' } })
  await deputyCall('vault.create', { dir: join(root, 'deputy'), passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Ben Okafor', role: 'Deputy DSL', agency: 'Oak Hill Primary School' } })
  const disputeId = await amyExampleDisputeId(dslCall as Parameters<typeof amyExampleDisputeId>[0])
  for (let i = 0; i < 3; i++) await dslCall('disputes.escalate', { disputeId, input: {} })
  await dslCall('team.setUp', { transport: { kind: 'folder', path: shared } })
  const inv = (await dslCall('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })) as { savedTo: string; code: string }
  await deputyCall('team.join', { file: inv.savedTo, code: inv.code, folder: shared })
  // Her device asked for the disputes' keys; the DSL's next sync hands them over, her next one reads.
  await dslCall('team.syncNow', {})
  await deputyCall('team.syncNow', {})
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
  await expect(note.getByText('Place: Oak Hill Primary School, room 2')).toBeVisible()
  await expect(note.getByText('Place: Council House, committee room')).toBeVisible()
  await expect(page.getByText('This meeting was changed on two devices at once: check it and save it again before signing off its decision.')).toBeVisible()
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
  await page.screenshot({ path: join(SHOTS, 'team-meeting-two-versions.png') })
})
