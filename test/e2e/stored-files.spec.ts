/**
 * Issue 18, "Limits (e.g. 25 MB a file, configurable) with plain refusals" and "a flipped byte in an
 * attachment is refused by name": Settings → Files stored with records sets the limit (refusing what is not
 * a whole number of megabytes from 1 to 100, in words) and checks every stored file, saying how many are
 * intact. Over the real handler table and a real vault; axe in each state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { caller, hoursAgo } from './fixtures'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }

let app: RunningApp
test.afterEach(async () => app?.close())

async function noViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe violations in "${state}"`).toEqual([])
}

test('Settings sets the largest file that can be attached, and checks every stored file', async ({ browser }) => {
  test.setTimeout(120_000)
  const folder = mkdtempSync(join(tmpdir(), 'escalation-log-files-'))
  const vaultDir = join(folder, 'vault')
  app = await openApp({ vaultDir, browser, viewport: { width: 1366, height: 768 } })
  const call = caller(app.api)
  await call('vault.create', { dir: vaultDir, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE, profile: PROFILE })
  const child = (await call('children.create', { child: { name: 'Ruby Example' } })) as { id: string }
  const opened = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Smith' },
      disputed: { kind: 'decision', description: 'A referral closed without a visit.' },
      reasons: { ids: [], text: 'The school’s concerns were not considered.' },
      disagreementOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()),
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string } }
  const disputeId = opened.dispute.id
  const draft = (await call('records.createDraft', {
    disputeId,
    draft: { kind: 'email-received', stage: 1, occurredAt: hoursAgo(1), direction: 'incoming', contact: { name: 'Jo Smith' }, theySaid: 'The referral was closed.' },
  })) as { id: string }
  const file = join(folder, 'letter.pdf')
  writeFileSync(file, Buffer.from('%PDF-1.4\n% a letter from the other agency\n'))
  await call('attachments.add', { disputeId, recordId: draft.id, files: [file] })

  const { page } = app
  await page.reload()
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click()
  const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Files stored with records' }) })
  const limit = section.getByLabel('Largest file that can be attached, in MB')
  await expect(limit).toHaveValue('25')

  await limit.fill('250')
  await section.getByRole('button', { name: 'Save the limit' }).click()
  await expect(section.locator('.error-summary')).toBeFocused()
  await expect(section.locator('.error-summary')).toContainText('Enter a whole number of megabytes from 1 to 100')
  await noViolations(page, 'settings: a limit refused')

  await limit.fill('10')
  await section.getByRole('button', { name: 'Save the limit' }).click()
  await expect(section.getByRole('status')).toHaveText('Files of up to 10 MB can now be attached to a record.')
  expect(((await call('settings.get', {})) as { attachmentLimitMB?: number }).attachmentLimitMB).toBe(10)

  await section.getByRole('button', { name: 'Check every stored file' }).click()
  await expect(section.getByRole('status').filter({ hasText: 'intact' })).toHaveText('The one stored file is intact.')
  await section.screenshot({ path: join(__dirname, '../../test-results/stored-files/settings-stored-files.png') })
  await noViolations(page, 'settings: stored files checked')
})
