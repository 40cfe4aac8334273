/**
 * Issue 17, Settings → Team vault: the DSL sets a team vault up on a shared folder (chosen with the folder
 * dialog), invites a deputy (the one-time code shown once, to be given in person), the deputy joins from her
 * own vault, and the DSL sees both members with their roles and removes her after a confirmation that says
 * what happens. Over the real handler tables and real vaults; axe in each state; screenshots for the docs.
 */
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { KDF_FLOOR } from '../../src/main/store'
import { createCheckedApi } from '../support/checked-api'
import { caller } from './fixtures'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const SHOTS = join(__dirname, '../../docs/screenshots')

let app: RunningApp
test.afterEach(async () => app?.close())

async function noViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe violations in "${state}"`).toEqual([])
}

test('Settings sets up a team vault on a folder, invites a deputy who joins, shows the members and removes one', async ({ browser }) => {
  test.setTimeout(120_000)
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-team-'))
  const shared = join(root, 'shared')
  mkdirSync(shared)
  const vaultDir = join(root, 'dsl')
  // The clock the passphrase's 5 minutes are measured by, moved on below so that removing asks for it again.
  let monotonic = 0
  app = await openApp({
    vaultDir,
    browser,
    viewport: { width: 1366, height: 768 },
    deps: { teamSyncMs: 0, chooseFolder: async (purpose) => (purpose === 'team' ? shared : vaultDir), monotonicNow: () => monotonic },
  })
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Asha Patel', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' } })

  const { page } = app
  await page.reload()
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Team vault', exact: true }) })
  await expect(section.getByRole('heading', { name: 'Set up a team vault' })).toBeVisible()
  await expect(section.getByRole('heading', { name: 'Join a team vault' })).toBeVisible()
  await noViolations(page, 'no team yet')
  await section.screenshot({ path: join(SHOTS, 'team-setup.png') })

  // Keyboard only: the radio is already on "A shared folder"; the button asks for the folder.
  await section.getByRole('button', { name: 'Choose the shared folder and set up' }).focus()
  await page.keyboard.press('Enter')
  await expect(section.getByText(`This vault belongs to a team vault kept in the shared folder ${shared}. You are an owner.`)).toBeVisible()
  // The button is gone: the confirmation takes focus.
  await expect(section.getByRole('status')).toHaveText('The team vault is set up, and you are its owner. Invite your deputies below.')
  await expect(section.getByRole('status')).toBeFocused()
  await expect(section.getByRole('row', { name: /Asha Patel \(you\) Owner/ })).toBeVisible()

  await section.getByLabel('Their name').fill('Ben Okafor')
  await section.getByLabel('Role').selectOption('member')
  await section.getByRole('button', { name: 'Make the invitation' }).click()
  const codeHeading = section.getByRole('heading', { name: /The code for Ben Okafor: [0-9A-Z]{4}-[0-9A-Z]{6}/ })
  await expect(codeHeading).toBeFocused()
  await expect(section.getByText('Give Ben Okafor this code in person')).toBeVisible()
  await noViolations(page, 'invitation code shown')
  await section.screenshot({ path: join(SHOTS, 'team-invite.png') })
  const code = /([0-9A-Z]{4}-[0-9A-Z]{6})/.exec((await codeHeading.textContent()) ?? '')![1]!
  await section.getByRole('button', { name: 'I have noted the code' }).click()
  await expect(section.getByText(/^Ben Okafor \(member\): the invitation can be used until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} Withdraw the invitation for Ben Okafor$/)).toBeVisible()

  // Ben joins from his own vault on his own computer (here another handler table over another vault).
  const benDir = join(root, 'ben')
  const ben = createCheckedApi({ appVersion: 'test', defaultVaultDir: benDir, kdf: KDF_FLOOR, teamSyncMs: 0 })
  try {
    const benCall = caller(ben)
    await benCall('vault.create', { dir: benDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: { name: 'Ben Okafor', role: 'Deputy DSL', agency: 'Oak Hill Primary School' } })
    const file = join(app.exportsDir, 'Team vault invitation for Ben Okafor.eltinvite')
    const joined = (await benCall('team.join', { file, code, folder: shared })) as { members: { name: string }[] }
    expect(joined.members.map((m) => m.name)).toEqual(['Asha Patel', 'Ben Okafor'])
  } finally {
    await ben.dispose()
  }

  await section.getByRole('button', { name: 'Sync now' }).click()
  await expect(section.getByRole('status').filter({ hasText: 'Up to date with the team vault.' })).toBeVisible()
  await expect(section.getByRole('row', { name: /Ben Okafor Member None received yet Remove Ben Okafor/ })).toBeVisible()
  await noViolations(page, 'members')
  await section.screenshot({ path: join(SHOTS, 'team-members.png') })

  // Two more invitations: one withdrawn by hand (by keyboard), the other withdrawn by the removal below.
  for (const [name, role] of [['Cara Singh', 'viewer'], ['Dan Hughes', 'member']] as const) {
    await section.getByLabel('Their name').fill(name)
    await section.getByLabel('Role').selectOption(role)
    await section.getByRole('button', { name: 'Make the invitation' }).click()
    await expect(section.getByRole('heading', { name: new RegExp(`The code for ${name}:`) })).toBeFocused()
    await section.getByRole('button', { name: 'I have noted the code' }).click()
  }
  await expect(section.getByText(/^Dan Hughes \(member\): the invitation can be used until .* Withdraw the invitation for Dan Hughes$/)).toBeVisible()
  await noViolations(page, 'invitations not yet used')
  await section.screenshot({ path: join(SHOTS, 'team-invitations.png') })
  await section.getByRole('button', { name: 'Withdraw the invitation for Dan Hughes' }).focus()
  await page.keyboard.press('Enter')
  const withdrawnNote = section.getByRole('status').filter({ hasText: 'The invitation for Dan Hughes was withdrawn: it can no longer be used to join.' })
  await expect(withdrawnNote).toBeVisible()
  await expect(withdrawnNote).toBeFocused()
  await expect(section.getByText(/^Dan Hughes \(member\)/)).toHaveCount(0)
  await expect(section.getByText(/^Cara Singh \(viewer who countersigns\)/)).toBeVisible()

  await section.getByRole('button', { name: 'Remove Ben Okafor' }).click()
  const confirm = section.getByRole('heading', { name: 'Remove Ben Okafor from the team vault?' })
  await expect(confirm).toBeFocused()
  await expect(section.getByText(/The team moves to a new key that Ben Okafor does not get/)).toBeVisible()
  await expect(section.getByText('The invitation for Cara Singh, not yet used, is withdrawn too: it holds only the old key. Invite them again afterwards.')).toBeVisible()
  await noViolations(page, 'remove confirmation')
  await section.screenshot({ path: join(SHOTS, 'team-remove.png') })
  // More than 5 minutes since the passphrase was typed: removing asks for it again, then goes ahead, by keyboard.
  monotonic += 6 * 60_000
  await section.getByRole('button', { name: 'Yes, remove Ben Okafor' }).focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText('To remove someone from the team vault, enter your passphrase again.')
  await page.keyboard.type(PASSPHRASE)
  await page.keyboard.press('Enter')
  const removed = section
    .getByRole('status')
    .filter({ hasText: 'Ben Okafor was removed from the team vault. The others now use a new team key. The invitation for Cara Singh was withdrawn, as it holds only the old key: invite them again.' })
  await expect(removed).toBeVisible()
  await expect(removed).toBeFocused()
  await expect(section.getByRole('row', { name: /Ben Okafor/ })).toHaveCount(0)
  await expect(section.getByRole('heading', { name: 'Invitations not yet used' })).toHaveCount(0)
})
