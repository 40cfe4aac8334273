/**
 * Invented, realistic case data put through the real handler table, for screenshots and tests.
 * Every name here is made up.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from '@playwright/test'
import type { Api } from '../../src/main/api'
import { openApp, type RunningApp } from './harness'
import { londonTyped } from '../../src/shared/date-entry'

type Call = (channel: string, input: unknown) => Promise<unknown>

export function caller(api: Api): Call {
  return async (channel, input) => {
    const r = (await (api.handlers as unknown as Record<string, (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>>)[channel]!(input))
    if (!r.ok) throw new Error(`${channel}: ${r.error!.message}`)
    return r.value
  }
}

/** A time some hours ago, as a person would type it (the contract carries what was typed). */
export const hoursAgo = (h: number) => londonTyped(new Date(Date.now() - h * 3_600_000))
const today = () => new Date().toISOString().slice(0, 10)

export async function seedCaseLog(api: Api): Promise<{ disputeIds: string[] }> {
  const call = caller(api)
  const child = async (name: string, extra: Record<string, unknown>) => ((await call('children.create', { child: { name, ...extra } })) as { id: string }).id
  const amy = await child('Amy Hartley', { dateOfBirth: '2016-05-04', nhsNumber: '943 476 5870', childProtectionPlan: true, settingType: 'school', settingName: 'Oak Hill Primary School' })
  const josh = await child('Josh Hartley', { dateOfBirth: '2019-02-11', childProtectionPlan: true })
  const kai = await child('Kai Brennan', { dateOfBirth: '2013-09-30', lookedAfter: true })
  const lena = await child('Lena Novak', { dateOfBirth: '2017-12-01' })
  const open = async (policyId: string, childIds: string[], agency: string, practitioner: string, description: string, level = 'standard', reasons: string[] = []) =>
    ((await call('disputes.open', {
      policyId,
      dispute: {
        childIds,
        otherAgency: { agency, practitioner },
        disputed: { kind: 'decision', description },
        reasons: { ids: reasons, text: 'Concerns have been raised three times this term without a strategy discussion.' },
        disagreementOn: today(),
        triage: { level },
      },
    })) as { dispute: { id: string } }).dispute.id
  const d1 = await open('solihull-sscp', [amy, josh], 'Solihull Children’s Services (MASH)', 'Priya Sandhu', 'MASH decided the referral about repeated bruising does not meet the threshold for a strategy discussion.')
  const d2 = await open('st-helens-scp', [kai], 'St Helens Children’s Social Care', 'Tom Okafor', 'No review of the placement plan after Kai went missing twice in a week.', 'standard', ['drift-and-delay', 'lack-of-communication'])
  const d3 = await open('wolverhampton-wscb', [lena], 'Wolverhampton CAMHS', 'Dr Ellen Price', 'CAMHS declined the referral for self-harm as not urgent.')
  const d4 = await open('solihull-sscp', [lena], 'Solihull Children’s Services', 'Mark Ellis', 'A decision not to act on a disclosure made this morning.', 'significantHarm')
  const record = async (disputeId: string, stage: number | 'emergency', over: Record<string, unknown>, approve = true) => {
    const r = (await call('records.createDraft', { disputeId, draft: { kind: 'phone-call', stage, occurredAt: hoursAgo(2), direction: 'outgoing', ...over } })) as { id: string }
    if (approve) await call('records.approve', { disputeId, recordId: r.id })
    return r.id
  }
  const first = await record(d1, 1, {
    contact: { name: 'Priya Sandhu', role: 'Senior social worker', agency: 'Solihull MASH', phone: '0121 704 8709' },
    weSaid: 'I explained the pattern of bruising recorded since September and asked MASH to reconsider. Priya said the decision stands on the information they hold.',
    whatWasAgreed: 'I will send the body maps and chronology today; Priya will take them to her team manager.',
    nextStep: 'Send body maps and chronology',
    nextStepBy: today(),
    occurredAt: hoursAgo(30),
  })
  await call('records.addAddendum', { disputeId: d1, recordId: first, addendum: { reason: 'Time of the call corrected', text: 'The call began at 09:40, not 09:15 as first written.' } })
  await record(d1, 1, { kind: 'email-sent', contact: { name: 'Priya Sandhu', role: 'Senior social worker', agency: 'Solihull MASH' }, weSaid: 'Sent the chronology and two body maps by secure email.', occurredAt: hoursAgo(3) }, false)
  await record(d2, 1, { contact: { name: 'Tom Okafor', role: 'Social worker', agency: 'St Helens CSC' }, weSaid: 'Asked when the placement plan will be reviewed; Tom could not give a date.', occurredAt: hoursAgo(5) })
  await record(d3, 1, { kind: 'voicemail-left', contact: { name: 'Dr Ellen Price', role: 'Consultant', agency: 'Wolverhampton CAMHS' }, numberDialled: '01902 444000', answered: false, messageLeft: 'Please call back about Lena Novak’s referral.', occurredAt: hoursAgo(1) })
  return { disputeIds: [d1, d2, d3, d4] }
}

/**
 * A new vault in a temporary folder, created through the first-run screen as Harriet Okonkwo (Solihull),
 * with the app's clock and the page's clock both fixed at `now`.
 */
export async function firstRunAt(
  browser: Parameters<typeof openApp>[0]['browser'],
  now: Date,
  opts: { folderPrefix: string; passphrase: string },
): Promise<{ app: RunningApp; vaultDir: string }> {
  const vaultDir = join(mkdtempSync(join(tmpdir(), opts.folderPrefix)), 'vault')
  const app = await openApp({ vaultDir, browser, deps: { now: () => now } })
  const { page } = app
  await page.clock.setFixedTime(now)
  await page.reload()
  await page.getByLabel('Your name').fill('Harriet Okonkwo')
  await page.getByLabel('Your agency or setting').fill('Oak Hill Primary School')
  await page.getByLabel('Your safeguarding children partnership').selectOption({ label: 'Solihull Safeguarding Children Partnership (SSCP)' })
  await page.getByLabel('Passphrase', { exact: true }).fill(opts.passphrase)
  await page.getByLabel('Type the passphrase again').fill(opts.passphrase)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await page.getByRole('button', { name: 'Skip this step' }).click() // the recovery-key offer
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  return { app, vaultDir }
}
