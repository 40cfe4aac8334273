/**
 * Issue 21, one journey: an approved record exported for the child's file from its card, copied for
 * CPOMS or MyConcern (the DSL is told when the clipboard clears), a stage exported from the dispute page,
 * the organisation key's fingerprint in Settings, and "Verify a document" — the untouched export verified,
 * the same file with one word changed reported with the paragraph named.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { expect, test } from '@playwright/test'
import { openApp, type RunningApp } from './harness'
import { caller } from './fixtures'

const NOW = new Date('2026-12-02T10:00:00Z')
const PASS = 'copper lantern orchard quietly'
let app: RunningApp
test.afterEach(async () => app?.close())

test('export a record, copy it for the child’s file, export its stage and verify the document', async ({ browser }) => {
  test.setTimeout(150_000)
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-signoff-')), 'vault')
  const clipboard = { text: '' }
  let toVerify = ''
  app = await openApp({
    vaultDir,
    browser,
    deps: {
      now: () => NOW,
      clipboard: { writeText: (t) => void (clipboard.text = t), readText: () => clipboard.text, clear: () => void (clipboard.text = '') },
      chooseOpenFile: async () => toVerify,
    },
  })
  const { page } = app
  await page.clock.setFixedTime(NOW)
  await page.reload()
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS)
  await page.getByLabel('Type the passphrase again').fill(PASS)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click()
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  const nav = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click()

  const call = caller(app.api)
  const child = (await call('children.create', { child: { name: 'Amy Example' } })) as { id: string }
  const opened = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold for assessment.' },
      reasons: { ids: [], text: 'Repeated bruising.' },
      disagreementOn: '2026-12-02',
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string } }
  const disputeId = opened.dispute.id
  const record = (await call('records.createDraft', { disputeId, draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '09:30' }, direction: 'outgoing', contact: { name: 'Jo Bloggs' }, theySaid: 'I will speak to my manager.', weSaid: 'Asked Jo to reconsider.', whatWasAgreed: 'Jo will call back by noon.' } })) as { id: string }
  await call('records.approve', { disputeId, recordId: record.id })
  const draft = (await call('records.createDraft', { disputeId, draft: { kind: 'email-sent', stage: 1, occurredAt: { date: '2026-12-02', time: '09:45' }, direction: 'outgoing', contact: { name: 'Jo Bloggs' }, weSaid: 'Sent the chronology.' } })) as { id: string }
  await nav('Search')
  await nav('Dashboard')
  await page.getByRole('button', { name: /ESC-\d{4}-0001/ }).click()

  // The draft has no way out; the approved record has both.
  await expect(page.locator(`#record-card-${draft.id}`).getByRole('button', { name: /Export for the child’s file/ })).toHaveCount(0)
  const card = page.locator(`#record-card-${record.id}`)
  await card.getByRole('button', { name: /^Export for the child’s file/ }).click()
  await card.getByRole('button', { name: 'I understand — export' }).click()
  await expect(card.getByText(/^Saved: .*ESC-2026-0001 contact record\.docx$/)).toBeVisible()
  const exported = join(app.exportsDir, 'ESC-2026-0001 contact record.docx')

  await card.getByRole('button', { name: /^Copy for the child’s file/ }).click()
  await expect(card.getByRole('status').filter({ hasText: 'Copied for the child’s file. Paste it into CPOMS or MyConcern now: the clipboard is cleared at 10:02, or sooner if the vault locks.' })).toBeVisible()
  expect(clipboard.text).toContain('What was agreed:\nJo will call back by noon.')
  expect(clipboard.text).toContain('Dispute reference: ESC-2026-0001')
  await card.screenshot({ path: 'test-results/signoff-record-card.png' })

  const stages = page.getByRole('region', { name: /for the child’s file/ })
  await stages.getByRole('button', { name: 'Export Stage 1' }).click()
  await expect(stages.getByText(/^Saved: .*ESC-2026-0001 Stage 1\.docx$/)).toBeVisible()

  // Settings: the fingerprint, and the export verified.
  await nav('Settings')
  await expect(page.locator('#org-key-fingerprint')).toHaveText(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/)
  toVerify = exported
  await page.getByRole('button', { name: 'Choose a Word document to verify' }).click()
  const report = page.locator('#verify-report')
  await expect(report).toContainText('Verified: this is exactly the text Harriet Okonkwo signed on 2 Dec 2026, 10:00, exported from this vault')

  // One word changed in a copy: the paragraph is named.
  const zip = await JSZip.loadAsync(readFileSync(exported))
  const xml = await zip.file('word/document.xml')!.async('string')
  zip.file('word/document.xml', xml.replace('call back by noon', 'call back by five'))
  const changed = join(app.exportsDir, 'changed.docx')
  writeFileSync(changed, await zip.generateAsync({ type: 'nodebuffer' }))
  toVerify = changed
  await page.getByRole('button', { name: 'Choose a Word document to verify' }).click()
  await expect(report).toContainText('The text has been changed since Harriet Okonkwo exported it on 2 Dec 2026, 10:00.')
  await expect(report).toContainText('Changed: the paragraph now reading “Jo will call back by five.”')
  await page.locator('section[aria-labelledby="org-key-title"]').screenshot({ path: 'test-results/signoff-org-key.png' })
  await page.locator('section[aria-labelledby="verify-title"]').screenshot({ path: 'test-results/signoff-verify.png' })

  const audit = (await call('audit.list', { limit: 6 })) as { action: string; summary: string }[]
  expect(audit.some((e) => e.summary.startsWith('Copied the record of the phone call'))).toBe(true)
  expect(audit.some((e) => /Exported Stage 1 — .* with its 1 approved record as a Word document .*; 1 draft was left out — verification code/.test(e.summary))).toBe(true)
})
