/**
 * Two app instances of one team (issue 17): two harness pages over two device vaults and one shared folder as the
 * transport. The DSL (Asha Patel) and the deputy (Ben Okafor) each make their own vault; Amy Example's dispute is
 * opened on the DSL's; the DSL sets the team up on the folder and invites the deputy, who joins with the invitation
 * file and its code; then the key hand-over (her device asked for the disputes' keys at its join; the DSL's next
 * sync seals them to her device, her next one reads the disputes: docs/team-vault.md, "Deleting").
 *
 *   test.afterEach(closeTeams)
 *   const { dsl, deputy, dslCall, deputyCall, disputeId, sync } = await openTeamOfTwo(browser, 'team-notes')
 *   await sync(deputyCall, dslCall)
 */
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'
import { amyExampleDisputeId } from '../support/disputes'
import { caller } from './fixtures'
import { openApp, type RunningApp } from './harness'

export const PASSPHRASE = 'copper lantern orchard quietly'
export const SHOTS = join(__dirname, '../../docs/screenshots')

type Call = ReturnType<typeof caller>

const running: RunningApp[] = []

/** Closes every app the team helpers opened (for `test.afterEach`). */
export async function closeTeams(): Promise<void> {
  for (const a of running.splice(0)) await a.close()
}

/** Axe over the whole page, at the levels every spec checks; `state` names the step in the failure. */
export async function noViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe violations in "${state}"`).toEqual([])
}

/** Syncs each device in turn, in the order given. */
export async function sync(...who: Call[]): Promise<void> {
  for (const c of who) await c('team.syncNow', {})
}

export interface TeamOfTwoOptions {
  /** What the DSL does on her vault after the dispute is opened and before the team is set up. */
  before?: (dslCall: Call, disputeId: string) => Promise<void>
}

export async function openTeamOfTwo(browser: Browser, name: string, options: TeamOfTwoOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), `escalation-log-${name}-`))
  const shared = join(root, 'shared')
  mkdirSync(shared)
  const open = async (dir: string) => {
    const app = await openApp({ vaultDir: join(root, dir), browser, viewport: { width: 1366, height: 900 }, deps: { teamSyncMs: 0, chooseFolder: async () => shared } })
    running.push(app)
    return app
  }
  const dsl = await open('dsl')
  const deputy = await open('deputy')
  const dslCall = caller(dsl.api)
  const deputyCall = caller(deputy.api)
  await dslCall('vault.create', { dir: join(root, 'dsl'), passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Asha Patel', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' } })
  await deputyCall('vault.create', { dir: join(root, 'deputy'), passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Ben Okafor', role: 'Deputy DSL', agency: 'Oak Hill Primary School' } })
  const disputeId = await amyExampleDisputeId(dslCall as Parameters<typeof amyExampleDisputeId>[0])
  if (options.before) await options.before(dslCall, disputeId)
  await dslCall('team.setUp', { transport: { kind: 'folder', path: shared } })
  const inv = (await dslCall('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })) as { savedTo: string; code: string }
  await deputyCall('team.join', { file: inv.savedTo, code: inv.code, folder: shared })
  await sync(dslCall, deputyCall)
  return { root, shared, dsl, deputy, dslCall, deputyCall, disputeId, sync }
}
