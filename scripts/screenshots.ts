/**
 * Refreshes docs/screenshots/*.png from the built renderer over a real vault with invented data.
 * Run with `npm run screenshots` (it builds first).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openApp } from '../test/e2e/harness'
import { seedCaseLog } from '../test/e2e/fixtures'

const OUT = resolve(__dirname, '../docs/screenshots')
const PASSPHRASE = 'copper lantern orchard quietly'

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-shots-'))
  const vaultDir = join(root, 'vault')
  const app = await openApp({ vaultDir, viewport: { width: 1366, height: 768 } })
  const { page } = app
  // The app scrolls inside its main panel, so a long screen is shot through a taller window.
  const shot = async (name: string, tall = false) => {
    if (tall) await page.setViewportSize({ width: 1366, height: 2000 })
    await page.waitForTimeout(250)
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: name === 'first-run' })
    if (tall) await page.setViewportSize({ width: 1366, height: 768 })
    console.log(`docs/screenshots/${name}.png`)
  }
  const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click()
  try {
    await page.getByRole('heading', { name: 'Set up Escalation Log' }).waitFor()
    await page.getByLabel('Your name').fill('Harriet Okonkwo')
    await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
    await page.getByLabel('Your safeguarding children partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
    await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
    await page.getByText('Strength:').waitFor()
    await shot('first-run')
    await page.getByRole('button', { name: 'Create vault' }).click()
    await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    const { disputeIds } = await seedCaseLog(app.api)
    await nav('Audit trail')
    await nav('Dashboard')
    await page.getByText('ESC-').first().waitFor()
    await shot('dashboard')
    await page.getByRole('button', { name: /ESC-\d+-0001/ }).click()
    await page.getByRole('heading', { name: /ESC-\d+-0001/ }).waitFor()
    await shot('dispute', true)
    await page.keyboard.press('Control+l')
    await page.getByLabel('What Priya Sandhu said').fill('My team manager will review the decision this afternoon and call you back.')
    await page.getByLabel('What you said').fill('I explained why we think the child is not safe with the current plan.')
    await shot('log-contact')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Back to the dashboard' }).click()
    await page.getByRole('button', { name: /ESC-\d+-0004/ }).click()
    await page.getByRole('heading', { name: /ESC-\d+-0004/ }).waitFor()
    await shot('rapid-resolution')
    await page.getByRole('button', { name: 'New dispute', exact: true }).click().catch(() => undefined)
    await nav('Dashboard')
    await page.getByRole('button', { name: 'New dispute', exact: true }).click()
    await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
    await shot('new-dispute')
    for (const [name, file] of [['Approvals', 'approvals'], ['Children', 'children'], ['Directory', 'directory'], ['Policies', 'policies'], ['Retention', 'retention'], ['Search', 'search'], ['Audit trail', 'audit-trail'], ['Settings', 'settings']] as const) {
      await nav(name)
      await page.getByRole('heading', { level: 1 }).first().waitFor()
      if (file === 'search') {
        await page.getByLabel('Search the whole vault').fill('body maps')
        await page.getByText(/found/).waitFor()
      }
      await shot(file)
    }
    void disputeIds
    // Reflow at 320 CSS px wide (1280 px at 400 % zoom): the page scrolls as a whole, so shoot it whole.
    await page.setViewportSize({ width: 320, height: 800 })
    const narrow = async (name: string) => {
      await page.waitForTimeout(250)
      await page.screenshot({ path: join(OUT, `${name}-320.png`), fullPage: true })
      console.log(`docs/screenshots/${name}-320.png`)
    }
    for (const [name, file] of [['Dashboard', 'dashboard'], ['Approvals', 'approvals'], ['Search', 'search'], ['Children', 'children'], ['Directory', 'directory'], ['Audit trail', 'audit-trail']] as const) {
      await page.getByRole('button', { name: 'Menu' }).click()
      if (file === 'dashboard') await narrow('navigation')
      await nav(name)
      await page.getByRole('heading', { level: 1 }).first().waitFor()
      if (file === 'search') {
        await page.getByLabel('Search the whole vault').fill('body maps')
        await page.getByText(/found/).waitFor()
      }
      await narrow(file)
    }
    await page.getByRole('button', { name: 'Menu' }).click()
    await nav('Dashboard')
    await page.getByRole('button', { name: /ESC-\d+-0001/ }).click()
    await page.getByRole('heading', { name: /ESC-\d+-0001/ }).waitFor()
    await narrow('dispute')
    await page.setViewportSize({ width: 1366, height: 768 })
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
