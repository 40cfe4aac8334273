/**
 * Refreshes docs/screenshots/*.png from the built renderer over a real vault with invented data.
 * Run with `npm run screenshots` (it builds first).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openApp } from '../test/e2e/harness'

const OUT = resolve(__dirname, '../docs/screenshots')
const PASSPHRASE = 'copper lantern orchard quietly'

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-shots-'))
  const vaultDir = join(root, 'vault')
  const app = await openApp({ vaultDir, viewport: { width: 1280, height: 860 } })
  const { page } = app
  const shot = async (name: string) => {
    await page.waitForTimeout(200)
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: name === 'first-run' })
    console.log(`docs/screenshots/${name}.png`)
  }
  try {
    await page.getByRole('heading', { name: 'Set up Escalation Log' }).waitFor()
    await page.getByLabel('Your name').fill('Harriet Okonkwo')
    await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
    await page.getByLabel('Your safeguarding children partnership (optional)').fill('Solihull Safeguarding Children Partnership')
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
    await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
    await page.getByText('Strength:').waitFor()
    await shot('first-run')
    await page.getByRole('button', { name: 'Create vault' }).click()
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    await shot('dashboard')
    await page.getByRole('button', { name: 'Audit trail' }).click()
    await page.getByText('The chain verifies').waitFor()
    await shot('audit-trail')
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await shot('settings')
    await page.getByRole('button', { name: 'Lock' }).click()
    await page.getByRole('heading', { name: 'Unlock Escalation Log' }).waitFor()
    await shot('unlock')
  } finally {
    await app.close()
    rmSync(root, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
