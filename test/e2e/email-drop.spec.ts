/**
 * Issue 18: "an e2e journey drops an .eml onto a dispute and approves the resulting record". The drop is a
 * real drop event with a DataTransfer; the harness stands in for webUtils.getPathForFile by naming the file
 * in test/fixtures/mail (see OpenAppOptions.dropFolder), and the main process reads it from there.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { openApp, type RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const MAIL = resolve(__dirname, '../fixtures/mail')
let app: RunningApp
test.afterEach(async () => app?.close())

async function firstRunAndDispute(page: Page): Promise<void> {
  await page.getByLabel('Your name').fill('Adaeze Okafor')
  await page.getByLabel('Your agency or setting').fill('Elmfield Primary School')
  await page.getByLabel('Your safeguarding children partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click()
  await page.getByRole('button', { name: 'New dispute', exact: true }).click()
  await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check()
  await page.getByRole('group', { name: /significant harm/ }).getByLabel('No').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Add a child' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Amy Example')
  await page.getByRole('button', { name: 'Add this child' }).click()
  await page.getByLabel('Agency', { exact: true }).fill('City of Wolverhampton Council')
  await page.getByLabel('Practitioner').fill('Zoë Ó Briain')
  await page.getByLabel('A decision').check()
  await page.getByLabel('Describe it').fill('The referral was assessed as not meeting the threshold for assessment.')
  await page.getByLabel('Reasons for escalation').fill('We believe the threshold is met.')
  await page.getByRole('button', { name: 'Open dispute' }).click()
  await expect(page.getByRole('heading', { name: /ESC-\d{4}-0001: Amy Example/ })).toBeVisible()
}

/** Drops a file of this name on the page as a person would: dragover, then drop, with a DataTransfer holding it. */
async function dropFile(page: Page, name: string, testId = 'email-drop'): Promise<void> {
  await page.getByTestId(testId).evaluate((target, fileName) => {
    // The page's own DOM classes (the e2e tests are type-checked without the DOM library).
    const page = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } }
      File: new (parts: string[], name: string, options: { type: string }) => unknown
      DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown
    }
    const data = new page.DataTransfer()
    data.items.add(new page.File(['(the harness gives the path; the main process reads the file)'], fileName, { type: 'message/rfc822' }))
    const element = target as unknown as { dispatchEvent(event: unknown): boolean }
    element.dispatchEvent(new page.DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
    element.dispatchEvent(new page.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
  }, name)
}

test('an .eml dropped on a dispute becomes a draft "email received" record, which the DSL approves', async ({ browser }, testInfo) => {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-mail-')), 'vault')
  app = await openApp({ vaultDir, browser, dropFolder: MAIL })
  const { page } = app
  await firstRunAndDispute(page)

  await dropFile(page, 'alternative-quoted-printable.eml')
  const theySaid = page.getByLabel('What Zoë Ó Briain said')
  await expect(theySaid).toHaveValue(/^Subject: Re: Referral – threshold decision \(MASH ref 2611-0042\)\nFrom: Zoë Ó Briain/)
  await expect(theySaid).toHaveValue(/our threshold decision stands/)
  await page.getByRole('button', { name: 'Save and approve' }).click()
  await expect(page.getByText('The contact record is saved and approved.')).toBeVisible()
  await expect(page.getByRole('heading', { name: /^Email received from Zoë Ó Briain on 24 Nov 2026, 10:41/ })).toBeVisible()
  // Added to the log days after it was sent: the email's own words, so not "recorded retrospectively", but said.
  const card = page.locator('article.record-card').first()
  await expect(card.getByText(/^Added to the log \d+ days?( \d+ hours?)? after the email was sent\. The date and time are the email’s/)).toBeVisible()
  await expect(card.getByText('Recorded retrospectively')).toHaveCount(0)
  await page.screenshot({ path: testInfo.outputPath('email-added-later.png') })

  // The email itself is stored in the vault with the approved record, and the card lists it.
  const files = page.locator('[data-testid^="record-files-"]')
  await expect(files.getByRole('heading', { name: 'Files stored with this record' })).toBeVisible()
  const row = files.getByRole('row', { name: /alternative-quoted-printable\.eml/ })
  await expect(row).toContainText('the original email')
  await expect(row).toContainText('Email')
  await expect(row).toContainText(/\d+ KB|\d+ bytes/)
  await expect(row.getByRole('button', { name: 'Save a copy of alternative-quoted-printable.eml' })).toBeVisible()
  // An approved record keeps its files: none can be removed.
  await expect(row.getByRole('button', { name: /^Remove/ })).toHaveCount(0)

  // A file dropped on the approved record's list is stored as a dated addition, shown as added after approval.
  const testId = await files.first().getAttribute('data-testid')
  await dropFile(page, 'related-base64-attachment.eml', testId!)
  const later = files.getByRole('row', { name: /related-base64-attachment\.eml/ })
  await expect(later).toContainText(/added after approval, \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} by Adaeze Okafor/)
  await files.first().scrollIntoViewIfNeeded()
  await page.locator('article.record-card').first().screenshot({ path: testInfo.outputPath('record-files.png') })
})

test('a drop that carries no file path, and a file that is not an email, are refused in plain words', async ({ browser }) => {
  app = await openApp({ vaultDir: join(mkdtempSync(join(tmpdir(), 'escalation-log-mail-')), 'vault'), browser })
  await firstRunAndDispute(app.page)
  await dropFile(app.page, 'from-outlook.msg')
  await expect(app.page.getByRole('alert')).toHaveText('The app cannot read an email dragged straight from your mail program. Save the email to a folder and drop that file.')
  await app.close()

  app = await openApp({ vaultDir: join(mkdtempSync(join(tmpdir(), 'escalation-log-mail-')), 'vault'), browser, dropFolder: MAIL })
  await firstRunAndDispute(app.page)
  await dropFile(app.page, 'not-an-email.eml')
  await expect(app.page.getByRole('alert')).toHaveText('“not-an-email.eml” could not be read as an email. Save the email from your mail program as an .eml or .msg file and drop that file.')
})
