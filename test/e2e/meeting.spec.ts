/**
 * Issue 15: "An e2e journey holds a stage-4 meeting in the app (chair, attendees, positions, question,
 * decision, actions, sign-off) and exports its record." In the real renderer over the real handler table,
 * clock fixed at 20 Nov 2027, under Solihull's policy (seed 001): "allocate a Chair of sufficient
 * seniority, who is independent of the case"; "The Chair of this meeting will then report on issues
 * arising from this process to the Learning and Development Group and the Assurance and Review Group."
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { expect, test } from '@playwright/test'
import { caller, firstRunAt } from './fixtures'
import { disputeAtStage4 } from './meeting-fixtures'
import type { RunningApp } from './harness'

const PASSPHRASE = 'copper lantern orchard quietly'
const NOW = new Date('2027-11-20T12:00:00Z')

let app: RunningApp
test.afterEach(async () => app?.close())

test('a stage 4 meeting is held in the app, signed off, and exported as its record', async ({ browser }) => {
  test.setTimeout(90_000)
  const started = await firstRunAt(browser, NOW, { folderPrefix: 'escalation-log-meeting-', passphrase: PASSPHRASE })
  app = started.app
  const { page } = app
  const call = caller(app.api)
  const dispute = await disputeAtStage4(call)
  await page.reload()
  await page.getByRole('button', { name: new RegExp(dispute.reference) }).first().click()
  await page.getByRole('button', { name: 'Open the stage 4 meeting' }).click()
  await expect(page.getByRole('heading', { name: 'Stage 4 meeting', level: 1 })).toBeFocused()
  await expect(page.getByText('The policy requires a Chair who is independent of the case.')).toBeVisible()

  // The arrangements: Chair, when and where, who attends, the question and each agency's position.
  await page.getByLabel('Chair’s name').fill('Dr Helen Ashby')
  await page.getByLabel('Chair’s role').fill('Head of Safeguarding')
  await page.getByLabel('Chair’s agency').fill('Birmingham and Solihull ICB')
  const day = page.getByRole('group', { name: 'Day of the meeting' })
  await day.getByLabel('Day').fill('20')
  await day.getByLabel('Month').fill('11')
  await day.getByLabel('Year').fill('2027')
  await page.getByLabel('Time', { exact: true }).fill('10:00')
  await page.getByLabel('Place').fill('Council House, Committee Room 2')
  await page.getByRole('button', { name: 'Add a person to attending' }).click()
  await page.getByLabel('Person 1: name').fill('Rachel Moore')
  await page.getByLabel('Person 1: role').fill('MASH team manager')
  await page.getByLabel('Person 1: agency').fill('Solihull Children’s Services')
  await page.getByRole('button', { name: 'Add an agenda item' }).click()
  await page.getByLabel('Agenda item 1').fill('Each agency’s position')
  await page.getByLabel('The question the meeting is asked to decide').fill('Should a strategy discussion be held about Kai?')
  await page.getByLabel(/^The outcome .* seeks$/).fill('A strategy discussion within one working day.')
  await page.getByLabel('Their stated position, in their own words').fill('The threshold for a strategy discussion is not met.')
  // Only the record holding what their people said is offered as theirs; the one of our words alone is not.
  const theirRecords = page.getByRole('group', { name: 'Quote from the records' }).last()
  await expect(theirRecords.getByRole('checkbox')).toHaveCount(1)
  await theirRecords.getByLabel(/^A2: /).check()
  await page.getByLabel('What was tried at stage 1').fill('A call to the MASH team manager.')
  await page.getByRole('button', { name: 'Arrange the meeting' }).click()
  await expect(page.getByText('The meeting is arranged.')).toBeFocused()

  // The decision record, after the meeting.
  await page.getByLabel('The decision', { exact: true }).fill('A strategy discussion will be held by 23 Nov 2027.')
  await page.getByLabel('Why the meeting decided this').fill('Two disclosures and a fresh injury meet the threshold.')
  await page.getByRole('button', { name: 'Add an action' }).click()
  await page.getByLabel('Action 1', { exact: true }).fill('Convene the strategy discussion')
  await page.getByLabel('Action 1: who owns it').fill('Rachel Moore')
  const due = page.getByRole('group', { name: 'Action 1: due by' })
  await due.getByLabel('Day').fill('23')
  await due.getByLabel('Month').fill('11')
  await due.getByLabel('Year').fill('2027')
  await page.getByLabel('Who feeds the decision back to the practitioners').fill('Dr Helen Ashby, today')
  await page.getByLabel('Who reports to the Learning and Development Group').fill('Dr Helen Ashby')
  await page.getByLabel('Who reports to the Assurance and Review Group').fill('Dr Helen Ashby')
  await page.getByRole('button', { name: 'Save the decision record' }).click()
  await expect(page.getByText('The decision record is saved.', { exact: false })).toBeVisible()

  // Not yet confirmed independent: sign-off is refused, saying why.
  await page.getByRole('button', { name: 'Sign off the decision' }).click()
  await expect(page.locator('.error-summary')).toContainText('independent of the case')
  await page.getByRole('group', { name: 'Is the Chair independent of the case?' }).getByLabel('Yes').check()
  await page.getByRole('button', { name: 'Save the arrangements' }).click()
  await expect(page.getByText('The arrangements are saved.')).toBeVisible()
  await page.getByRole('button', { name: 'Sign off the decision' }).click()
  await expect(page.getByText('The decision is signed off.', { exact: false })).toBeFocused()
  await expect(page.getByText('Signed off by Harriet Okonkwo')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Arrange the meeting' }).or(page.getByRole('button', { name: 'Save the arrangements' }))).toHaveCount(0)

  // A dated addendum, then the export of the meeting's record.
  await page.getByLabel('Why you are adding to the record').fill('Feedback given')
  await page.getByLabel('The addendum').fill('The Chair fed back to both practitioners at 11:30.')
  await page.getByRole('button', { name: 'Add the addendum' }).click()
  await expect(page.getByText('The addendum is added to the meeting’s record.')).toBeVisible()
  await page.getByRole('button', { name: 'Export the meeting’s record' }).click()
  await page.getByRole('button', { name: 'I understand — export' }).click()
  await expect(page.getByText(/^Saved: /)).toBeVisible()
  const file = readdirSync(app.exportsDir).find((f) => f.endsWith('record of the stage 4 meeting.docx'))
  expect(file).toBeDefined()
  const text = (await mammoth.extractRawText({ buffer: readFileSync(join(app.exportsDir, file!)) })).value.replace(/\s+/g, ' ')
  expect(text).toContain('Record of the stage 4 meeting')
  expect(text).toContain('Dr Helen Ashby, Head of Safeguarding, Birmingham and Solihull ICB')
  expect(text).toContain('Rachel Moore, MASH team manager, Solihull Children’s Services')
  expect(text).toContain('Should a strategy discussion be held about Kai?')
  expect(text).toContain('The threshold for a strategy discussion is not met.')
  expect(text).toContain('A strategy discussion will be held by 23 Nov 2027.')
  expect(text).toContain('Convene the strategy discussion')
  expect(text).toContain('The Chair fed back to both practitioners at 11:30.')
  expect(text).not.toContain('The meeting is asked to decide')
  // The DSL's own note is never given as the other agency's position.
  const positions = text.slice(text.lastIndexOf('4. Each agency’s position'), text.lastIndexOf('5. Children'))
  const theirs = positions.slice(positions.indexOf('Solihull Children’s Services (MASH) (Rachel Moore'))
  expect(theirs).toContain('“MASH will not hold a strategy discussion: the threshold is not met.”')
  expect(theirs).not.toContain('I said the school would like')
  expect(theirs).not.toContain('We asked MASH to reconsider.')

  const audit = (await call('audit.list', { limit: 20 })) as { action: string }[]
  expect(audit.map((e) => e.action).filter((a) => a.startsWith('meeting-'))).toEqual([
    'meeting-addendum-added',
    'meeting-signed-off',
    'meeting-updated',
    'meeting-decision-recorded',
    'meeting-arranged',
  ])
})
