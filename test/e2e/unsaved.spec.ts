/**
 * Unsaved contact text is offered back only to the person who typed it.
 *
 * Issue 12, finding 9: "unsaved contact text is offered to whoever unlocks next"; "What to build":
 * "unsaved text offered only to the person who typed it". Harriet half-types a call, the vault locks,
 * Sam unlocks: Sam is not shown Harriet's words, and they are not kept for anyone after that.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { caller } from './fixtures'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const SAM_PASS = 'meadow cobalt saxophone ripple'
let app: RunningApp
test.afterEach(async () => app?.close())

test('a half-typed contact is not offered to the colleague who unlocks next', async ({ browser }) => {
  test.setTimeout(90_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-unsaved-')), 'vault')
  app = await openApp({ vaultDir, browser })
  const { page } = app
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  const call = caller(app.api)
  // Sam joins by invitation with their own passphrase; Harriet signs back in.
  const harriet = ((await call('vault.session', {})) as { person: { personId: string } }).person
  const { invitation, code } = (await call('people.invite', { name: 'Sam Patel', validForHours: 24 })) as { invitation: { inviteId: string }; code: string }
  await call('vault.lock', {})
  await call('vault.acceptInvitation', { dir: vaultDir, inviteId: invitation.inviteId, code, passphrase: SAM_PASS, passphraseConfirm: SAM_PASS })
  await call('vault.lock', {})
  await call('vault.unlock', { dir: vaultDir, personId: harriet.personId, passphrase: PASSPHRASE })
  const child = (await call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })) as { id: string }
  const opened = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Threshold.' },
      reasons: { ids: [], text: 'Threshold met.' },
      disagreementOn: new Date().toISOString().slice(0, 10),
      triage: { level: 'standard' },
    },
  })) as { dispute: { reference: string } }
  await page.reload() // still unlocked: the dashboard, now listing the dispute
  await page.getByRole('button', { name: new RegExp(opened.dispute.reference) }).click()
  await page.keyboard.press('Control+l')
  await page.getByLabel('What you said').fill('Half-typed note only Harriet may see')
  await app.api.lock('idle')
  await expect(page.getByRole('heading', { name: 'Unlock Escalation Log' })).toBeVisible()

  await page.getByLabel('Who are you?').selectOption({ label: 'Sam Patel' })
  await page.getByLabel('Passphrase').fill(SAM_PASS)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await page.getByRole('button', { name: new RegExp(opened.dispute.reference) }).click()
  await expect(page.getByRole('heading', { name: new RegExp(opened.dispute.reference) })).toBeVisible()
  await expect(page.getByText('Half-typed note only Harriet may see')).toHaveCount(0)
  // Sam logs a contact on the same dispute: a blank form, not Harriet's words.
  await page.keyboard.press('Control+l')
  await expect(page.getByLabel('What you said')).toHaveValue('')
})
