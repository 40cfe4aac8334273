/**
 * The Children, Directory, Policies and Approvals screens, reached through the sidebar as a DSL would,
 * over the real handler table and a real vault. Data a screen only reads (open disputes and their
 * draft records) is set up through the handler table directly; everything a screen does is done
 * through the screen. Each screen is checked with axe and photographed to /tmp for a person to look at.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import type { Channel, ChannelOutput } from '../../src/shared/ipc'
import { openApp, type RunningApp } from './harness'
import { londonTyped } from '../../src/shared/date-entry'

const PASSPHRASE = 'copper lantern orchard quietly'
const SHOTS = process.env['SCREENS_SHOTS_DIR'] ?? tmpdir()

let app: RunningApp
test.afterEach(async () => app?.close())

/** A new vault, created through the first-run screen. */
async function newVault(browser: Parameters<typeof openApp>[0]['browser'], partnership = ''): Promise<RunningApp> {
  const vaultDir = join(mkdtempSync(join(tmpdir(), 'escalation-log-screens-')), 'vault')
  const running = await openApp({ vaultDir, browser })
  const { page } = running
  await expect(page.getByRole('heading', { name: 'Set up Escalation Log' })).toBeVisible()
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  if (partnership) await page.getByLabel('Your safeguarding children partnership').selectOption({ label: partnership })
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  return running
}

/** Calls the handler table as the main process would, failing the test on a refusal. */
async function must<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (app.api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>)(input)
  if (!r.ok) throw new Error(`${channel} refused: ${r.error!.message}`)
  return r.value as ChannelOutput<C>
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true })

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}

async function shoot(page: Page, name: string) {
  // The app scrolls inside <main>: make the window as tall as the screen for the photograph.
  const size = page.viewportSize() ?? { width: 1280, height: 860 }
  const height = await page.locator('main').evaluate((el) => el.scrollHeight)
  const full = Math.max(size.height, Math.min(height, 12_000))
  await page.setViewportSize({ width: size.width, height: full })
  await page.screenshot({ path: join(SHOTS, `screens-${name}.png`) })
  // A tall screen is also kept in window-sized parts, to be read at full size.
  if (full > size.height * 1.5) {
    for (let top = 0, part = 1; top < full; top += size.height, part++) {
      await page.screenshot({ path: join(SHOTS, `screens-${name}-part${part}.png`), clip: { x: 0, y: top, width: size.width, height: Math.min(size.height, full - top) } })
    }
  }
  await page.setViewportSize(size)
}

test('Children: add a child, see the NHS number refused with its reason, change the child, filter the list', async ({ browser }) => {
  app = await newVault(browser, 'St Helens Safeguarding Children Partnership (SCP)')
  const { page } = app

  await nav(page, 'Children').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Children' })).toBeVisible()
  await expect(page.getByText('There are no children in this vault yet.')).toBeVisible()
  await expectNoAxeViolations(page)

  await page.getByRole('button', { name: 'Add a child' }).click()
  await expect(page.getByRole('heading', { name: 'Add a child' })).toBeFocused()
  await page.getByLabel('Child’s name').fill('Amy Example')
  const dateOfBirth = page.getByRole('group', { name: 'Date of birth (if known)' })
  await dateOfBirth.getByLabel('Day').fill('4')
  await dateOfBirth.getByLabel('Month').fill('5')
  await dateOfBirth.getByLabel('Year').fill('2016')
  await page.getByLabel('NHS number (if known)').fill('943 476 5871')
  // St Helens (the DSL's partnership) publishes its levels of need: a list to choose from.
  await expect(page.getByLabel('Partnership')).toHaveValue('st-helens-scp')
  await page.getByLabel('Current level of need').selectOption('Child in Need')
  await page.getByLabel('The child has a child protection plan').check()
  await page.getByLabel('Kind of setting').selectOption('school')
  await page.getByLabel('Name of the school or setting (if any)').fill('Oak Hill Primary School')
  await page.getByRole('button', { name: 'Add child' }).click()

  const summary = page.getByRole('alert')
  await expect(summary).toContainText('There is a problem')
  await expect(summary).toContainText('is not valid: a digit is wrong or two digits are the wrong way round')
  await expect(summary).toBeFocused()
  await expectNoAxeViolations(page)
  await shoot(page, 'children-error')
  await summary.getByRole('link').click()
  await expect(page.getByLabel('NHS number (if known)')).toBeFocused()
  await page.keyboard.press('Control+A')
  await page.keyboard.type('943 476 5870')
  await page.keyboard.press('Enter')

  await expect(page.getByRole('status')).toContainText('Amy Example is added.')
  const row = page.getByRole('row', { name: /Amy Example/ })
  await expect(row).toContainText('4 May 2016')
  await expect(row).toContainText('943 476 5870')
  await expect(row).toContainText('Child in Need')
  await expect(row).toContainText('Oak Hill Primary School (school)')
  await expect(row.getByRole('cell').nth(4)).toHaveText(/^Yes, from \d{1,2} [A-Z][a-z]{2} \d{4}$/) // child protection plan, since the day it was recorded
  await expect(row.getByRole('cell').nth(5)).toHaveText('No') // looked after

  await page.getByRole('button', { name: 'Change Amy Example’s details' }).click()
  await expect(page.getByLabel('Child’s name')).toHaveValue('Amy Example')
  await expect(page.getByLabel('Current level of need')).toHaveValue('Child in Need')
  await expect(page.getByRole('group', { name: 'Date of birth (if known)' }).getByLabel('Year')).toHaveValue('2016')
  await page.getByLabel('The child is looked after').check()
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('Amy Example’s details are saved.')
  await expect(page.getByRole('row', { name: /Amy Example/ }).getByRole('cell').nth(5)).toHaveText(/^Yes, from \d{1,2} [A-Z][a-z]{2} \d{4}$/)

  await must('children.create', { child: { name: 'Ben Sample', settingType: 'nursery', levelOfNeed: 'Early Help' } })
  await nav(page, 'Dashboard').click()
  await nav(page, 'Children').click()
  await expect(page.getByText('Showing 2 of 2 children.')).toBeVisible()
  await page.getByLabel('Filter children').fill('9434765870')
  await expect(page.getByText('Showing 1 of 2 children.')).toBeVisible()
  await page.getByLabel('Filter children').fill('')
  await expect(page.getByRole('row', { name: /Ben Sample/ })).toContainText('Not known')
  await expectNoAxeViolations(page)
  await shoot(page, 'children')
})

test('Directory: the published entries with their cautions and sources; add and change an entry', async ({ browser }) => {
  app = await newVault(browser)
  const { page } = app

  await nav(page, 'Directory').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Directory' })).toBeVisible()
  // Wolverhampton's Appendix 2 prints a Worcester number for its Head of Safeguarding.
  const caution = page.locator('.caution', { hasText: '01905 550477' })
  await expect(caution).toContainText('Check before you rely on this entry')
  await expect(page.getByText(/^Published list: Wolverhampton Safeguarding Children Board/)).toBeVisible()
  await expectNoAxeViolations(page)
  await shoot(page, 'directory')

  await page.getByLabel('Filter the directory').fill('0121 704 8709')
  await expect(page.getByText('Showing 1 of')).toBeVisible()
  await expect(page.getByRole('row', { name: /Head of Service, Referral, Assessment and Child Protection/ })).toContainText('Solihull Local Authority')
  await page.getByLabel('Filter the directory').fill('')
  await page.getByLabel('Partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
  await expect(page.getByText('Showing 5 of')).toBeVisible()
  await page.getByLabel('Sort by').selectOption('tier')
  await expect(page.locator('tbody.entry').first()).toContainText('Head of Service')

  await page.getByRole('button', { name: 'Add a person or agency' }).click()
  await page.getByLabel('Name (if known)').fill('Sam Patel')
  await page.getByLabel('Role', { exact: true }).fill('Team Manager')
  await page.getByLabel('Agency or team').fill('Solihull Children’s Services')
  await page.getByLabel('Phone number').fill('12345')
  await page.getByLabel('Seniority').selectOption('line-manager')
  await page.getByRole('button', { name: 'Add to directory' }).click()
  await expect(page.getByRole('alert')).toContainText('is not a UK phone number')
  await expectNoAxeViolations(page)
  await page.getByRole('alert').getByRole('link').click()
  await expect(page.getByLabel('Phone number')).toBeFocused()
  await page.getByLabel('Phone number').fill('0121 496 0000')
  await page.getByLabel('Caution (optional)').fill('Works Monday to Wednesday only.')
  await page.getByRole('button', { name: 'Add to directory' }).click()
  await expect(page.getByRole('status')).toContainText('Sam Patel, Team Manager, Solihull Children’s Services is added to the directory.')

  await page.getByLabel('Partnership').selectOption({ label: 'Not tied to a partnership' })
  const entry = page.locator('tbody.entry', { hasText: 'Sam Patel' })
  await expect(entry).toContainText('Line manager')
  await expect(entry).toContainText('0121 496 0000')
  await expect(entry.locator('.caution')).toContainText('Works Monday to Wednesday only.')
  await expect(page.locator('tbody.partnership-group', { hasText: 'Not tied to a partnership' })).toContainText('Added by you')

  await entry.getByRole('button', { name: /^Change Sam Patel/ }).click()
  await page.getByLabel('Email address').fill('sam.patel@solihull.gov.uk')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('status')).toContainText('The entry for Sam Patel, Team Manager, Solihull Children’s Services is saved.')
  await expect(page.getByRole('link', { name: 'sam.patel@solihull.gov.uk' })).toBeVisible()
})

test('Policies: each partnership’s stages, timescales, notifications and routes; import a policy; the calendar', async ({ browser }) => {
  app = await newVault(browser)
  const { page } = app

  await nav(page, 'Policies').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Policies' })).toBeVisible()
  await expectNoAxeViolations(page)

  const solihull = page.getByRole('button', { name: /Solihull Safeguarding Children Partnership/ })
  await expect(solihull).toHaveAttribute('aria-expanded', 'false')
  await solihull.focus()
  await page.keyboard.press('Enter')
  await expect(solihull).toHaveAttribute('aria-expanded', 'true')
  const section = page.locator('.accordion-section', { has: solihull })
  await expect(section.getByRole('heading', { level: 4, name: 'Stage 1: Promoting discussion to find a resolution for the child' })).toBeVisible()
  await expect(section).toContainText('1 working day from initiation')
  // The policy's own words come first where it has them.
  await expect(section).toContainText('Within one working day (counted as 1 working day from invoking rapid resolution)')
  await expect(section.locator('.phone-ladder li').first()).toContainText('0121 704 8709')
  await expect(section.getByRole('row', { name: /Independent Reviewing Officer|cpru/i }).first()).toContainText(
    'If the child has a child protection plan or the child is looked after',
  )
  await expect(section.getByText('**')).toHaveCount(0)

  await page.getByRole('button', { name: 'Show all policies' }).click()
  await expect(page.locator('.accordion-section', { hasText: 'St Helens' })).toContainText('Within 2 days (the form says 2 working days)')
  await expect(page.locator('.accordion-section', { hasText: 'Havering' })).toContainText('Resolution Panel')
  await expectNoAxeViolations(page)
  await shoot(page, 'policies')
  await page.getByRole('button', { name: 'Hide all policies' }).click()

  // A policy file with mistakes is refused with every problem listed.
  const solihullJson = JSON.parse(readFileSync(resolve(__dirname, '../../resources/policies/solihull.json'), 'utf8')) as Record<string, unknown>
  const broken = { ...solihullJson, id: 'testshire-scp', partnership: 'Testshire Safeguarding Children Partnership', stages: [], ammount: 3 }
  await page.getByLabel('Policy file').setInputFiles({ name: 'testshire.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) })
  await page.getByRole('button', { name: 'Import policy' }).click()
  const refusal = page.getByRole('alert').filter({ hasText: 'The policy was not imported' })
  await expect(refusal).toContainText('Nothing has been imported')
  await expect(refusal).toContainText('stages: must list at least one stage')
  await expect(refusal.locator('li')).toHaveCount(3)
  await expectNoAxeViolations(page)
  await shoot(page, 'policies-import-refused')

  const good = { ...solihullJson, id: 'testshire-scp', partnership: 'Testshire Safeguarding Children Partnership', title: 'Testshire escalation policy' }
  await page.getByLabel('Policy file').setInputFiles({ name: 'testshire.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) })
  await page.getByRole('button', { name: 'Import policy' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported version 1 of Testshire escalation policy' })).toBeVisible()
  const testshire = page.getByRole('button', { name: /Testshire Safeguarding Children Partnership/ })
  await expect(testshire).toHaveAttribute('aria-expanded', 'true')
  await expect(page.locator('.accordion-section', { has: testshire }).locator('.phone-ladder')).toContainText('0121 704 8709')

  // The calendar: bundled England and Wales list, closure days added and removed.
  await expect(page.getByRole('heading', { name: 'Bank holidays and closure days' })).toBeVisible()
  await expect(page.getByText('from the list that came with the app')).toBeVisible()
  await expect(page.getByText('1 Jan 2018 to 31 Dec 2030')).toBeVisible()
  await page.getByRole('button', { name: 'Add closure day' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Enter the date of the closure day' })).toBeVisible()
  const closureDate = page.getByRole('group', { name: 'Date', exact: true })
  await closureDate.getByLabel('Day').fill('23')
  await closureDate.getByLabel('Month').fill('7')
  await closureDate.getByLabel('Year').fill('2027')
  await page.getByLabel('What the closure is').fill('Staff training day')
  await page.getByRole('button', { name: 'Add closure day' }).click()
  await expect(page.getByRole('status').filter({ hasText: '23 Jul 2027 (Staff training day) is now a closure day.' })).toBeVisible()
  await expect(page.getByRole('row', { name: /23 Jul 2027/ })).toContainText('Staff training day')
  await expect(closureDate.getByLabel('Day')).toHaveValue('')
  await page.getByRole('button', { name: 'Remove the closure day on 23 Jul 2027' }).click()
  await expect(page.getByText('There are no extra closure days.')).toBeVisible()

  await page.getByLabel('Bank-holidays file from gov.uk').setInputFiles(resolve(__dirname, '../fixtures/reference/bank-holidays-england-and-wales-2018-2030.json'))
  await page.getByRole('button', { name: 'Import bank holidays' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Bank holidays imported.' })).toBeVisible()
  await expect(page.getByText('from a file you imported')).toBeVisible()

  await page.getByLabel('Bank-holidays file from gov.uk').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('not json') })
  await page.getByRole('button', { name: 'Import bank holidays' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'The bank holidays were not imported' })).toContainText('not valid JSON')
  await expectNoAxeViolations(page)

  // Within a year of the end of the list, the screen says so.
  await page.clock.setFixedTime(new Date('2030-03-02T10:00:00Z'))
  await nav(page, 'Dashboard').click()
  await nav(page, 'Policies').click()
  await expect(page.getByText('Warning: the bank-holiday list ends on 31 Dec 2030.')).toBeVisible()
  await shoot(page, 'policies-calendar')
})

test('Approvals: approve selected drafts across disputes; a refused one says what is missing and opens its dispute', async ({ browser }) => {
  app = await newVault(browser)
  const { page } = app

  await nav(page, 'Approvals').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible()
  await expect(page.getByText('There are no records awaiting approval.')).toBeVisible()
  await expectNoAxeViolations(page)

  const child = await must('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04', childProtectionPlan: true } })
  const open = (agency: string) =>
    must('disputes.open', {
      policyId: 'solihull-sscp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency, practitioner: 'Jo Bloggs', role: 'Social worker' },
        disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold for assessment.' },
        reasons: { ids: [], text: 'We believe the threshold is met.' },
        disagreementOn: new Date().toISOString().slice(0, 10),
        triage: { level: 'standard' },
      },
    })
  const first = await open('Solihull Children’s Services')
  const second = await open('West Midlands Police')
  const record = (who: string, said?: string) => ({
    kind: 'phone-call',
    stage: 1,
    occurredAt: londonTyped(new Date(Date.now() - 60 * 60 * 1000)),
    contact: { name: who, role: 'Social worker', agency: 'Solihull Children’s Services' },
    direction: 'outgoing',
    ...(said ? { weSaid: said, whatWasAgreed: 'To call back tomorrow.' } : {}),
  })
  await must('records.createDraft', { disputeId: first.dispute.id, draft: record('Jo Bloggs', 'Discussed the referral decision.') })
  await must('records.createDraft', { disputeId: first.dispute.id, draft: record('Kim Lee') })
  await must('records.createDraft', { disputeId: second.dispute.id, draft: record('Pat Singh', 'Asked for the strategy discussion notes.') })

  await nav(page, 'Dashboard').click()
  await nav(page, 'Approvals').click()
  await expect(page.getByRole('row')).toHaveCount(4)
  await expect(page.getByRole('button', { name: 'Approve selected' })).toBeDisabled()
  await expectNoAxeViolations(page)
  await shoot(page, 'approvals')

  // Bulk approval only of what was shown (issue 16): nothing can be ticked until it has been read here.
  const selectAll = page.getByLabel('Select all shown')
  await expect(selectAll).toBeDisabled()
  await expect(page.getByLabel(/Select Phone call with Jo Bloggs/)).toBeDisabled()
  await page.getByRole('button', { name: /Show the record Phone call with Jo Bloggs/ }).click()
  await expect(page.getByText('Discussed the referral decision.')).toBeVisible()
  await expect(page.getByRole('button', { name: /Hide the record Phone call with Jo Bloggs/ })).toHaveAttribute('aria-expanded', 'true')
  await expectNoAxeViolations(page)
  await selectAll.check()
  await expect(page.getByText('1 of 3 selected.')).toBeVisible()
  await expect(page.getByLabel(/Select Phone call with Pat Singh/)).not.toBeChecked()
  await expect(page.getByLabel(/Select Phone call with Pat Singh/)).toBeDisabled()
  await page.getByRole('button', { name: /Show the record Phone call with Kim Lee/ }).click()
  await page.getByRole('button', { name: /Show the record Phone call with Pat Singh/ }).click()
  await expect(page.getByText('Asked for the strategy discussion notes.')).toBeVisible()
  await expect(selectAll).toHaveJSProperty('indeterminate', true)
  await selectAll.check()
  await expect(page.getByText('3 of 3 selected.')).toBeVisible()
  await page.getByLabel(/Select Phone call with Pat Singh/).uncheck()
  await expect(selectAll).not.toBeChecked()
  await expect(selectAll).toHaveJSProperty('indeterminate', true)
  // Keyboard only: tick "Select all shown" with the space bar, then approve.
  await selectAll.focus()
  await page.keyboard.press('Space')
  await expect(selectAll).toBeChecked()
  await page.getByRole('button', { name: 'Approve selected (3)' }).focus()
  await page.keyboard.press('Enter')

  const report = page.getByRole('alert')
  await expect(report.getByRole('heading', { name: '1 record could not be approved; 2 records approved' })).toBeFocused()
  await expect(report).toContainText('Kim Lee')
  await expect(report).toContainText('Write down what was said before approving')
  await expect(report.getByRole('button', { name: `Open dispute ${first.dispute.reference} to complete this record` })).toBeVisible()
  // The refused record's row, still shown in full below it.
  await expect(page.getByRole('row')).toHaveCount(3)
  await expectNoAxeViolations(page)
  await shoot(page, 'approvals-refused')

  const approved = await must('records.drafts', {})
  expect(approved.map((d) => d.label)).toEqual([expect.stringContaining('Kim Lee')])
  await report.getByRole('button', { name: `Open dispute ${first.dispute.reference} to complete this record` }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeHidden()
})
