/**
 * Who signed, through the handler table: every record, approval, countersignature, addendum and audit
 * event names the signer as the vault holds them at that moment (the name in their key slot and the role
 * held for them), never the self-edited profile; a rename in the vault is audited and rewrites nothing
 * already signed; every export prints the stored signer.
 *
 * Issue 13, "Identity from the vault, not the profile": "Every record, approval, countersignature,
 * addendum and audit event stores the signer's person id, name and role as held for that person in the
 * vault at that moment; renaming a person is an audited change … that never rewrites past signatures;
 * every export prints the stored signer."
 */
import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invitePerson, openTestApi, PASS, PROFILE } from './helpers'
import { aDispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

const SAM_PASS = 'meadow cobalt saxophone ripple'

async function signInAs(personId: string, passphrase: string) {
  await t.call('vault.lock', {})
  return t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase })
}

async function openDispute() {
  return aDispute(t.call, { policyId: 'st-helens-scp' })
}

async function writeAndApprove(disputeId: string, time: string, said: string) {
  const draft = await t.call('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time }, contact: { name: 'Tom Okafor' }, direction: 'outgoing', weSaid: said },
  })
  return t.call('records.approve', { disputeId, recordId: draft.id })
}

async function exportedText(disputeId: string, document: 'escalation-record' | 'outcome' | 'meeting-pack' | 'rapid-resolution-log') {
  const r = await t.call('exports.document', { disputeId, document })
  return (await mammoth.extractRawText({ buffer: readFileSync(r.savedTo!) })).value
}

/** The lines of the record whose "What was said" is `said`, from its heading to its countersignature. */
function recordLines(text: string, said: string): string {
  const at = text.indexOf(said)
  expect(at).toBeGreaterThan(-1)
  const end = text.indexOf('Countersigned', at)
  return text.slice(at, text.indexOf('\n\n', text.indexOf('\n\n', end) + 2)).replace(/\n+/g, '\n')
}

describe('the signer is the vault’s person, not the profile', () => {
  it('a second person signed in writes, approves, countersigns and adds an addendum under their own vault name and role', async () => {
    const sam = await invitePerson(t, 'Sam Patel', SAM_PASS, { role: 'Deputy DSL' })
    const harriet = (await t.call('vault.session', {}))!.person
    const view = await openDispute()
    const disputeId = view.dispute.id
    const first = await writeAndApprove(disputeId, '08:30', 'HARRIET-CALL: asked for a review date.')

    await signInAs(sam.personId, SAM_PASS)
    // The reproduction: a profile is free text, and a second person's may say anything — even the first
    // person's name. Records must not take it.
    await t.call('settings.update', { profile: { ...PROFILE, name: 'Harriet Okonkwo' } })
    const second = await writeAndApprove(disputeId, '08:40', 'SAM-CALL: chased the review date.')
    expect(second.author).toEqual({ personId: sam.personId, name: 'Sam Patel', role: 'Deputy DSL' })
    expect(second.approval).toMatchObject({ byPersonId: sam.personId, byName: 'Sam Patel', byRole: 'Deputy DSL' })
    const countersigned = await t.call('records.countersign', { disputeId, recordId: first.id })
    expect(countersigned.countersignature).toMatchObject({ byPersonId: sam.personId, byName: 'Sam Patel', byRole: 'Deputy DSL' })
    const added = await t.call('records.addAddendum', { disputeId, recordId: first.id, addendum: { reason: 'A correction', text: 'SAM-ADDENDUM' } })
    expect(added.addenda[0]).toMatchObject({ byPersonId: sam.personId, byName: 'Sam Patel', byRole: 'Deputy DSL' })
    // The first person's record is still theirs, with the role the vault was made with.
    expect(first.author).toEqual({ personId: harriet.personId, name: 'Harriet Okonkwo', role: PROFILE.role })

    const audit = await t.call('audit.list', { limit: 3 })
    expect(audit.every((e) => e.personName === 'Sam Patel')).toBe(true)

    const text = await exportedText(disputeId, 'escalation-record')
    const samRecord = recordLines(text, 'SAM-CALL')
    expect(samRecord).toContain('Written by\nSam Patel (Deputy DSL)')
    expect(samRecord).toMatch(/Approved\nSam Patel \(Deputy DSL\), 1 Dec 2026, 09:00/)
    expect(samRecord).not.toContain('Harriet')
    const harrietRecord = recordLines(text, 'HARRIET-CALL')
    expect(harrietRecord).toContain(`Written by\nHarriet Okonkwo (${PROFILE.role})`)
    expect(harrietRecord).toMatch(/Countersigned\nSam Patel \(Deputy DSL\), 1 Dec 2026, 09:00/)
    expect(text).toMatch(/Addendum 1 — 1 Dec 2026, 09:00 by Sam Patel \(Deputy DSL\)/)

    // The meeting pack prints the same records in full, and names who prepared it by the vault's name
    // (Sam's profile says "Harriet Okonkwo").
    const pack = await exportedText(disputeId, 'meeting-pack')
    expect(recordLines(pack, 'SAM-CALL')).toContain('Written by\nSam Patel (Deputy DSL)')
    expect(pack).toMatch(/Prepared by\s+Sam Patel, Deputy DSL/)
  })

  it('the 999 call is recorded as made by the signed-in person as the vault names them, whatever the caller sends', async () => {
    const sam = await invitePerson(t, 'Sam Patel', SAM_PASS)
    const child = await t.call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30' } })
    await signInAs(sam.personId, SAM_PASS)
    await t.call('settings.update', { profile: { ...PROFILE, name: 'Harriet Okonkwo' } })
    // Solihull's policy has an emergency route, so the dispute has a rapid-resolution log to print.
    const view = await t.call('disputes.open', {
      policyId: 'solihull-sscp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
        disputed: { kind: 'decision', description: 'Case closed while the child is at risk.' },
        reasons: { ids: [], text: 'Risk of harm tonight.' },
        disagreementOn: '2026-12-01',
        triage: { level: 'immediateDanger', emergencyCall: { calledAt: { date: '2026-12-01', time: '08:45' }, by: 'Harriet Okonkwo' } },
      },
    })
    expect(view.dispute.triage.emergencyCall).toMatchObject({ calledAt: '2026-12-01T08:45:00.000Z', by: 'Sam Patel' })
    const log = await exportedText(view.dispute.id, 'rapid-resolution-log')
    expect(log).toContain('1 Dec 2026, 08:45 by Sam Patel')
    expect(log).not.toContain('Harriet')
  })

  it('a person held with no role (invited without one) signs with their name alone', async () => {
    const sam = await invitePerson(t, 'Sam Patel', SAM_PASS)
    const view = await openDispute()
    await signInAs(sam.personId, SAM_PASS)
    await t.call('settings.update', { profile: { ...PROFILE, name: 'Sam Patel', role: 'Headteacher' } })
    const record = await writeAndApprove(view.dispute.id, '08:40', 'SAM-CALL')
    // The profile's role is a display preference: what a record stores is only what the vault holds.
    expect(record.author).toEqual({ personId: sam.personId, name: 'Sam Patel' })
    expect(recordLines(await exportedText(view.dispute.id, 'escalation-record'), 'SAM-CALL')).toContain('Written by\nSam Patel\nApproved')
  })
})

describe('roles', () => {
  it('a role set later is audited and signs what comes after; what was signed before keeps the role it had', async () => {
    const sam = await invitePerson(t, 'Sam Patel', SAM_PASS)
    const view = await openDispute()
    await signInAs(sam.personId, SAM_PASS)
    const before = await writeAndApprove(view.dispute.id, '08:30', 'BEFORE-ROLE')
    expect(before.author.role).toBeUndefined()
    const settings = await t.call('people.setRole', { personId: sam.personId, role: 'Deputy DSL' })
    expect(settings.people[sam.personId]).toEqual({ role: 'Deputy DSL' })
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'person-role', subject: sam.personId, summary: 'Sam Patel’s role in the vault: Deputy DSL' })
    const after = await writeAndApprove(view.dispute.id, '08:40', 'AFTER-ROLE')
    expect(after.author.role).toBe('Deputy DSL')
    await t.call('people.setRole', { personId: sam.personId, role: 'Designated Safeguarding Lead' })
    const records = (await t.call('disputes.get', { disputeId: view.dispute.id })).records
    expect(records.find((r) => r.id === before.id)!.author).toEqual({ personId: sam.personId, name: 'Sam Patel' })
    expect(records.find((r) => r.id === after.id)!.approval).toMatchObject({ byName: 'Sam Patel', byRole: 'Deputy DSL' })
    expect(await t.refusal('people.setRole', { personId: 'nobody', role: 'DSL' })).toMatchObject({ code: 'person-not-found' })
  })
})

describe('renaming', () => {
  it('editing one’s profile name changes nothing that is signed', async () => {
    const view = await openDispute()
    const before = await writeAndApprove(view.dispute.id, '08:30', 'BEFORE')
    await t.call('settings.update', { profile: { ...PROFILE, name: 'Harriet Smith' } })
    const after = await writeAndApprove(view.dispute.id, '08:40', 'AFTER')
    expect(before.author.name).toBe('Harriet Okonkwo')
    expect(after.author.name).toBe('Harriet Okonkwo')
    const dispute = await t.call('disputes.get', { disputeId: view.dispute.id })
    expect(JSON.stringify(dispute)).not.toContain('Harriet Smith')
  })

  it('renaming oneself in the vault is audited, asks for the passphrase, and leaves every earlier record’s names as they were', async () => {
    const view = await openDispute()
    const disputeId = view.dispute.id
    const before = await writeAndApprove(disputeId, '08:30', 'BEFORE-RENAME')
    const wrong = await t.refusal('people.renameSelf', { name: 'Harriet Mensah', passphrase: 'not my passphrase at all' })
    expect(wrong).toMatchObject({ code: 'wrong-passphrase', field: 'passphrase' })

    t.at('2026-12-01T09:10:00Z')
    const renamed = await t.call('people.renameSelf', { name: 'Harriet Mensah', passphrase: PASS })
    expect(renamed.name).toBe('Harriet Mensah')
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'person-renamed', personName: 'Harriet Okonkwo', summary: 'Harriet Okonkwo changed their name to Harriet Mensah' })
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })

    const after = await writeAndApprove(disputeId, '08:40', 'AFTER-RENAME')
    expect(after.author.name).toBe('Harriet Mensah')
    const [approvedEvent] = await t.call('audit.list', { limit: 1 })
    expect(approvedEvent!.personName).toBe('Harriet Mensah')

    const records = (await t.call('disputes.get', { disputeId })).records
    const earlier = records.find((r) => r.id === before.id)!
    expect(earlier.author.name).toBe('Harriet Okonkwo')
    expect(earlier.approval?.byName).toBe('Harriet Okonkwo')

    // The new name opens the vault (it is bound into the key slot); the people list shows it.
    const me = (await t.call('vault.session', {}))!.person
    const reopened = await signInAs(me.personId, PASS)
    expect(reopened.person.name).toBe('Harriet Mensah')
    expect((await t.call('people.list', {})).map((p) => p.name)).toEqual(['Harriet Mensah'])

    const text = await exportedText(disputeId, 'escalation-record')
    expect(recordLines(text, 'BEFORE-RENAME')).toContain('Written by\nHarriet Okonkwo')
    expect(recordLines(text, 'AFTER-RENAME')).toContain('Written by\nHarriet Mensah')
  })

  it('refuses a new name another person already has', async () => {
    await invitePerson(t, 'Sam Patel', SAM_PASS)
    expect(await t.refusal('people.renameSelf', { name: 'sam patel', passphrase: PASS })).toMatchObject({ code: 'person-exists', field: 'name' })
  })
})
