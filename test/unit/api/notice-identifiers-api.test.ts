/**
 * The DSL chooses which identifiers a notice carries (the documents issue: "the DSL chooses which
 * identifiers a notice carries (default: what the partnership's form asks for), and the choice is
 * audited"). Through the real handler table over a real vault.
 *
 * Solihull (seed 001): "if the child(ren) is subject to a child protection plan or is looked after, secure
 * notification should also be sent to cpru@solihull.gov.uk for attention of the child's Independent
 * Reviewing Officer" — a notice with no form of its own, so by default it gives the name and date of birth
 * only. St Helens (seed 003) prints forms asking for "Date of Birth", "ICS Number (if known)" and "NHS
 * Number (if known)": by default its form notices give those.
 */
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

const NHS = '9434765919'
const NHS_PRINTED = '943 476 5919'
const ICS = 'ICS-88213'

/** Every part of a .docx as text: body, headers, footers, properties, everything. */
async function everyPart(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes)
  const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')))
  return parts.join('\n')
}

/** The .eml as written, and its attachment decoded. */
function emlAttachment(eml: string): Buffer {
  const part = eml.split(/\r\n--=_escalation-log_[0-9a-f]+/).find((p) => p.includes('Content-Disposition: attachment'))!
  return Buffer.from(part.split('\r\n\r\n')[1].replace(/\r\n/g, ''), 'base64')
}

async function solihullIroOwed() {
  const child = await t.call('children.create', {
    child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30', nhsNumber: NHS, icsNumber: ICS, childProtectionPlan: true, settingType: 'school', settingName: 'Northfield Academy' },
  })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      childCircumstances: ['childProtectionPlan'],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Rachel Moore' },
      disputed: { kind: 'decision', description: 'No strategy discussion.' },
      reasons: { ids: [], text: 'A fresh mark.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}

const lastSummary = async () => (await t.call('audit.list', { limit: 1 }))[0].summary

describe('the identifiers a notice carries', () => {
  it('offers every identifier, with the policy’s default ticked: the IRO notice gives the date of birth', async () => {
    const disputeId = await solihullIroOwed()
    const offer = await t.call('exports.noticeIdentifiers', { disputeId, notificationId: 'independent-reviewing-officer' })
    expect(offer.choices.map((c) => [c.label, c.byDefault])).toEqual([
      ['date of birth', true],
      ['NHS number', false],
      ['ICS / LCS number', false],
      ['level of need', false],
      ['school or setting', false],
    ])
    expect(offer.defaultFrom).toBe('the least that tells the recipient which child it is')
  })

  it('by default the IRO notice has no NHS number, ICS number or school anywhere in the .docx, and the audit says what it gave', async () => {
    const disputeId = await solihullIroOwed()
    const r = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'independent-reviewing-officer' })
    const all = await everyPart(readFileSync(r.savedTo!))
    expect(all).toContain('Kai Brennan')
    expect(all).toContain('30 Sep 2013')
    for (const value of [NHS, NHS_PRINTED, ICS, 'Northfield Academy']) expect(all).not.toContain(value)
    expect(all).not.toContain('NHS number')
    expect(await lastSummary()).toMatch(
      /^Exported the notification to Independent Reviewing Officer as a Word document \(.+\.docx\), giving each child’s name and date of birth \(left out: NHS number, ICS \/ LCS number, level of need and school or setting\), as the policy suggests — verification code [0-9A-Z]{4}-[0-9A-Z]{4}$/,
    )
  })

  it('a notice exported with the NHS number chosen carries it; one without it does not — nor does its email draft', async () => {
    const disputeId = await solihullIroOwed()
    const withNhs = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'independent-reviewing-officer', identifiers: ['nhsNumber', 'dateOfBirth'] })
    expect(await everyPart(readFileSync(withNhs.savedTo!))).toContain(NHS_PRINTED)
    expect(await lastSummary()).toContain('giving each child’s name, date of birth and NHS number (left out: ICS / LCS number, level of need and school or setting)')

    const email = await t.call('exports.email', { disputeId, notificationId: 'independent-reviewing-officer', identifiers: [] })
    const eml = readFileSync(email.savedTo!, 'utf8')
    const attached = await everyPart(emlAttachment(eml))
    expect(attached).toContain('Kai Brennan')
    for (const text of [eml, attached]) {
      for (const value of [NHS, NHS_PRINTED, ICS, '30 Sep 2013', 'Northfield Academy']) expect(text).not.toContain(value)
    }
    const summary = await lastSummary()
    expect(summary).toContain('Prepared an email draft with the notification to Independent Reviewing Officer')
    expect(summary).toContain('giving each child’s name (left out: date of birth, NHS number, ICS / LCS number, level of need and school or setting)')
    // The choice, never the values.
    for (const value of [NHS, NHS_PRINTED, ICS, 'Kai Brennan', '2013-09-30']) expect(summary).not.toContain(value)
  })

  it('a form’s field for an identifier left out says so, and never holds the value', async () => {
    const child = await t.call('children.create', { child: { name: 'Ellie Marsh', dateOfBirth: '2016-03-12', nhsNumber: NHS, icsNumber: ICS } })
    const view = await t.call('disputes.open', {
      policyId: 'st-helens-scp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency: 'St Helens Children’s Social Care', practitioner: 'Tom Hendry' },
        disputed: { kind: 'decision', description: 'Case closed.' },
        reasons: { ids: ['level-of-need'] },
        disagreementOn: '2026-12-01',
        triage: { level: 'standard' },
      },
    })
    const disputeId = view.dispute.id
    const offer = await t.call('exports.noticeIdentifiers', { disputeId, notificationId: 'stage-1-form' })
    expect(offer.choices.filter((c) => c.byDefault).map((c) => c.id)).toEqual(['dateOfBirth', 'nhsNumber', 'icsNumber', 'levelOfNeed'])
    expect(offer.defaultFrom).toMatch(/^what the Orange .+ asks for$/)
    const byDefault = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'stage-1-form' })
    expect(await everyPart(readFileSync(byDefault.savedTo!))).toContain(NHS_PRINTED)
    const without = await t.call('exports.document', { disputeId, document: 'notification', notificationId: 'stage-1-form', identifiers: ['dateOfBirth'] })
    const all = await everyPart(readFileSync(without.savedTo!))
    for (const value of [NHS, NHS_PRINTED, ICS]) expect(all).not.toContain(value)
    expect(all).toContain('Not included in this notice')
  })

  it('refuses an identifier it does not know, or one chosen twice, before anything is written', async () => {
    const disputeId = await solihullIroOwed()
    const before = (await t.call('audit.list', { limit: 1 }))[0].summary
    const unknown = await t.refusal('exports.document', { disputeId, document: 'notification', notificationId: 'independent-reviewing-officer', identifiers: ['address'] })
    const twice = await t.refusal('exports.email', { disputeId, notificationId: 'independent-reviewing-officer', identifiers: ['nhsNumber', 'nhsNumber'] })
    expect(unknown.code).toBe(twice.code)
    expect(twice.message).toContain('Choose each identifier at most once')
    expect(await lastSummary()).toBe(before)
  })
})
