/**
 * Importing policy files through the Policies screen as a DSL would: a file in another encoding and a
 * file with a JSON mistake are refused with the message that says what to do, changing nothing on disk;
 * a good file's contacts reach the Directory; retiring it takes it out of the new-dispute screen; and the
 * Directory opened from a dispute shows that partnership's contacts first.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { northmoorPolicy } from '../unit/domain/policies/custom-policy'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'

let app: RunningApp
test.afterEach(async () => app?.close())

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}

/** Every file of the vault folder and its bytes, to prove a refusal wrote nothing. */
function onDisk(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[p] = readFileSync(p).toString('base64')
    }
  }
  walk(dir)
  return out
}

test('a bad policy file is refused through the UI with a plain message; a good one is imported, its contacts in the Directory, and can be retired', async ({ browser }) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-policy-import-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Policies', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Policies', level: 1 })).toBeVisible()

  const text = JSON.stringify(northmoorPolicy(), null, 2)
  const file = page.getByLabel('Policy file')
  const refusal = page.getByRole('alert').filter({ hasText: 'The policy was not imported' })
  const before = onDisk(vaultDir)

  // Saved from an editor in Windows-1252: the apostrophe of "Children’s" is the single byte 0x92.
  await file.setInputFiles({ name: 'northmoor.json', mimeType: 'application/json', buffer: Buffer.from(text.replace('’', '\u0092'), 'latin1') })
  await page.getByRole('button', { name: 'Import policy' }).click()
  await expect(refusal).toContainText('Save the file as UTF-8 and import it again.')
  const lines = text.split('\n')
  const line = lines.findIndex((l) => l.includes('’')) + 1
  await expect(refusal).toContainText(`line ${line}, column ${lines[line - 1]!.indexOf('’') + 1}`)

  // A comma too many before a closing brace.
  await file.setInputFiles({ name: 'northmoor.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "id": "northmoor-ncsp",\n  "version": 3,\n}\n') })
  await page.getByRole('button', { name: 'Import policy' }).click()
  await expect(refusal).toContainText('its JSON has a mistake at line 4, column 1')
  expect(onDisk(vaultDir)).toEqual(before)
  await expectNoAxeViolations(page)

  await file.setInputFiles({ name: 'northmoor.json', mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') })
  await page.getByRole('button', { name: 'Import policy' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported version 3 of Professional Challenge Protocol' })).toBeVisible()
  const section = page.locator('.accordion-section', { hasText: 'Northmoor Children’s Safeguarding Partnership' })

  await section.getByRole('button', { name: 'Retire this policy' }).click()
  await section.getByLabel('Why is it retired? (optional)').fill('We no longer work in Northmoor')
  await expectNoAxeViolations(page)
  await section.getByRole('button', { name: 'Retire policy' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'policy is retired' })).toBeVisible()
  await expect(section).toContainText('Reason: We no longer work in Northmoor')
  await expect(section.getByRole('button', { name: /Northmoor/ }).first()).toContainText('retired')

  // Its contacts are in the Directory, under its partnership.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Directory', exact: true }).click()
  await expect(page.getByRole('rowgroup').filter({ hasText: 'Northmoor Children’s Safeguarding Partnership' }).first()).toBeVisible()
  await expect(page.getByRole('row', { name: /Young Carers Lead/ })).toBeVisible()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Policies', exact: true }).click()
  const heading = section.getByRole('button', { name: /Northmoor/ }).first()
  if ((await heading.getAttribute('aria-expanded')) !== 'true') await heading.click()
  await section.getByRole('button', { name: /Bring back into use/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'is back in use' })).toBeVisible()

  // A dispute under it: its Directory link shows Northmoor's contacts and the DSL's own, the rest on request.
  const call = async (channel: 'children.create' | 'disputes.open', input: unknown) => {
    const r = (await (app.api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown }>)(input)) as { ok: boolean; value?: { id?: string } }
    expect(r.ok).toBe(true)
    return r.value as { id: string }
  }
  const child = await call('children.create', { child: { name: 'Ada Example', dateOfBirth: '2015-04-01' } })
  await call('disputes.open', {
    policyId: 'northmoor-ncsp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Northmoor Police', practitioner: 'PC Example' },
      disputed: { kind: 'inaction', description: 'No strategy discussion held.' },
      reasons: { ids: [], text: 'Drift' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dashboard', exact: true }).click()
  await page.getByRole('button', { name: /Ada Example/ }).click()
  await page.getByRole('button', { name: 'Northmoor Children’s Safeguarding Partnership contacts in your directory' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Showing the contacts of Northmoor' })).toBeVisible()
  await expect(page.getByRole('row', { name: /Young Carers Lead/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /Detective Chief Inspector/ })).toHaveCount(0)
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Show contacts from every partnership' }).click()
  await expect(page.getByRole('row', { name: /Detective Chief Inspector/ })).toBeVisible()
})
