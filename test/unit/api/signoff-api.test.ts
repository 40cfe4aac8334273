/**
 * Issue 21, "Done when" — Tests: "a record with two addenda and a countersignature exports with every part;
 * a stage export contains exactly that stage's approved records; a draft is refused by name; the clipboard
 * text matches a hand-written expected rendering for a fixture." And, through the real vault: a document
 * signed by a person since removed still verifies; one from another vault is reported as such.
 *
 * Solihull, stage 1 (seed 001): "Any action agreed should be recorded … and saved on the child's file held
 * by each involved agency".
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { invitePerson, openTestApi, PASS } from './helpers'
import { amyExampleDisputeId } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
let clipboard: { text: string; writes: number }
beforeEach(async () => {
  clipboard = { text: '', writes: 0 }
  t = await openTestApi('2026-12-02T10:00:00Z', {
    clipboard: {
      writeText: (text) => ((clipboard.text = text), clipboard.writes++),
      readText: () => clipboard.text,
      clear: () => void (clipboard.text = ''),
    },
  })
})
afterEach(async () => {
  vi.useRealTimers()
  await t.cleanup()
})

const SAM_PASS = 'meadow cobalt saxophone ripple'

async function signInAs(personId: string, passphrase: string) {
  await t.call('vault.lock', {})
  return t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase })
}

const openDispute = () => amyExampleDisputeId(t.call)

const draft = (disputeId: string, stage: number, time: string, weSaid: string, extra: Record<string, unknown> = {}) =>
  t.call('records.createDraft', {
    disputeId,
    draft: { kind: 'phone-call', stage, occurredAt: { date: '2026-12-02', time }, contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Solihull Children’s Services' }, direction: 'outgoing', weSaid, ...extra },
  })

const textOf = async (file: string) => (await mammoth.extractRawText({ buffer: readFileSync(file) })).value.replace(/\s+/g, ' ')

/** A stage-1 record asked of and countersigned by Sam, approved, with two addenda. */
async function fullRecord() {
  const sam = await invitePerson(t, 'Sam Patel', SAM_PASS, { role: 'Deputy DSL' })
  const disputeId = await openDispute()
  const record = await draft(disputeId, 1, '09:30', 'Asked Jo to reconsider the threshold decision.', {
    theySaid: 'The threshold is not met on what we have.',
    whatWasAgreed: 'Jo will speak to her team manager today.',
  })
  await t.call('records.askCountersignature', { disputeId, recordId: record.id, personId: sam.personId })
  await t.call('records.approve', { disputeId, recordId: record.id })
  await t.call('records.addAddendum', { disputeId, recordId: record.id, addendum: { reason: 'A detail was missed', text: 'Jo also said the health visitor had not been asked.' } })
  await t.call('records.addAddendum', { disputeId, recordId: record.id, addendum: { reason: 'Correction', text: 'The call lasted twenty minutes, not ten.' } })
  await signInAs(sam.personId, SAM_PASS)
  await t.call('records.countersign', { disputeId, recordId: record.id })
  await signInAs((await t.call('people.list', {})).find((p) => p.name === 'Harriet Okonkwo')!.personId, PASS)
  return { disputeId, recordId: record.id, sam }
}

describe('a signed-off record', () => {
  it('exports with every part: content, approver, countersigner, the countersignature asked, both addenda — and verifies', async () => {
    const { disputeId, recordId } = await fullRecord()
    const { savedTo } = await t.call('signoff.exportRecord', { disputeId, recordId })
    expect(basename(savedTo!)).toBe('ESC-2026-0001 contact record.docx')
    const text = await textOf(savedTo!)
    for (const part of [
      'Signed-off contact record',
      'Jo Bloggs (Social worker, Solihull Children’s Services) said The threshold is not met on what we have.',
      'We said Asked Jo to reconsider the threshold decision.',
      'What was agreed Jo will speak to her team manager today.',
      'Approved Harriet Okonkwo (Designated Safeguarding Lead), 2 Dec 2026, 10:00',
      'Countersigned Sam Patel (Deputy DSL), 2 Dec 2026, 10:00',
      'Addendum 1 — 2 Dec 2026, 10:00 by Harriet Okonkwo (Designated Safeguarding Lead)',
      'Jo also said the health visitor had not been asked.',
      'Addendum 2 — 2 Dec 2026, 10:00 by Harriet Okonkwo (Designated Safeguarding Lead) Reason Correction',
      'A countersignature was asked of Sam Patel by Harriet Okonkwo on 2 Dec 2026, 10:00; it has been given.',
      'Stage Stage 1 — Promoting discussion to find a resolution for the child',
    ])
      expect(text).toContain(part)
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event.summary).toMatch(/^Exported the signed-off record of the phone call .* as a Word document \(ESC-2026-0001 contact record\.docx\) — verification code [A-Z0-9]{4}-[A-Z0-9]{4}$/)

    const report = await t.call('signoff.verify', { file: savedTo })
    expect(report).toMatchObject({ outcome: 'verified', signedBy: 'Harriet Okonkwo', trustedVault: true })
    expect(event.summary).toContain(report!.code!)
  })

  it('a draft is refused by name, for the Word document and the clipboard alike', async () => {
    const disputeId = await openDispute()
    const record = await draft(disputeId, 1, '09:30', 'Left a message.')
    for (const channel of ['signoff.exportRecord', 'signoff.copyRecord'] as const) {
      const refusal = await t.refusal(channel, { disputeId, recordId: record.id })
      expect(refusal).toMatchObject({
        code: 'record-not-approved',
        message: 'The record of the phone call with Jo Bloggs on 2 Dec 2026, 09:30 is a draft: it must be approved before it can go on the child’s file.',
      })
    }
    expect(clipboard.writes).toBe(0)
  })
})

describe('a stage', () => {
  it('exports exactly that stage’s approved records, its deadline with its basis, and says how many drafts it left out', async () => {
    const disputeId = await openDispute()
    const first = await draft(disputeId, 1, '09:30', 'A call at stage one.')
    await t.call('records.approve', { disputeId, recordId: first.id })
    t.at('2026-12-03T15:00:00Z')
    await t.call('disputes.escalate', { disputeId, input: {} })
    const second = await draft(disputeId, 2, '09:50', 'First call at stage two.')
    await t.call('records.approve', { disputeId, recordId: second.id })
    await draft(disputeId, 2, '09:55', 'A draft at stage two.')
    await draft(disputeId, 2, '09:58', 'Another draft at stage two.')

    const { savedTo } = await t.call('signoff.exportStage', { disputeId, stage: 2 })
    expect(basename(savedTo!)).toBe('ESC-2026-0001 Stage 2.docx')
    const text = await textOf(savedTo!)
    expect(text).toContain('First call at stage two.')
    expect(text).not.toContain('A draft at stage two.')
    expect(text).not.toContain('A call at stage one.')
    expect(text).toContain('2 drafts were left out: they are awaiting approval, and only approved records go on the child’s file.')
    expect(text).toContain('Approved records (1)')
    expect(text).toContain('The dispute is still at this stage.')
    // The policy's own words for the stage, and its deadline with the basis it was set on.
    expect(text).toMatch(/^Stage 2 — \S/)
    expect(text).toMatch(/Deadline and its basis .*working day/)

    const one = await textOf((await t.call('signoff.exportStage', { disputeId, stage: 1 })).savedTo!)
    expect(one).toContain('A call at stage one.')
    expect(one).not.toContain('First call at stage two.')
    expect(one).not.toContain('drafts were left out')
    expect(one).toMatch(/Moved on to Stage 2 — .+ on 3 Dec 2026, 15:00/)

    const refusal = await t.refusal('signoff.exportStage', { disputeId, stage: 4 })
    expect(refusal.code).toBe('stage-not-reached')
  })
})

describe('copy for the child’s file', () => {
  it('puts the hand-written rendering on the clipboard, audits it, and clears it after two minutes if it is still there', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { disputeId, recordId } = await fullRecord()
    const copied = await t.call('signoff.copyRecord', { disputeId, recordId })
    expect(copied.clearsAt).toBe('2026-12-02T10:02:00.000Z')
    expect(clipboard.text).toBe(
      [
        'Escalation of a professional disagreement (Solihull Safeguarding Children Partnership (SSCP)) — Stage 1 — Promoting discussion to find a resolution for the child',
        '',
        'Date and time: 2 Dec 2026, 09:30',
        'Contact: Phone call',
        'With: Jo Bloggs, Social worker, Solihull Children’s Services',
        '',
        'Jo Bloggs (Social worker, Solihull Children’s Services) said:',
        'The threshold is not met on what we have.',
        '',
        'We said:',
        'Asked Jo to reconsider the threshold decision.',
        '',
        'What was agreed:',
        'Jo will speak to her team manager today.',
        '',
        'Written by: Harriet Okonkwo (Designated Safeguarding Lead), 2 Dec 2026, 10:00',
        'Approved by: Harriet Okonkwo (Designated Safeguarding Lead), 2 Dec 2026, 10:00',
        'Countersigned by: Sam Patel (Deputy DSL), 2 Dec 2026, 10:00',
        '',
        'Addendum 1 — 2 Dec 2026, 10:00 by Harriet Okonkwo (Designated Safeguarding Lead)',
        'Reason: A detail was missed',
        'Jo also said the health visitor had not been asked.',
        '',
        'Addendum 2 — 2 Dec 2026, 10:00 by Harriet Okonkwo (Designated Safeguarding Lead)',
        'Reason: Correction',
        'The call lasted twenty minutes, not ten.',
        '',
        'Dispute reference: ESC-2026-0001',
        '',
      ].join('\n'),
    )
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'export', summary: expect.stringMatching(/^Copied the record of the phone call .* for the child’s file \(the clipboard is cleared after two minutes\)$/) })
    await vi.advanceTimersByTimeAsync(119_000)
    expect(clipboard.text).not.toBe('')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(clipboard.text).toBe('')
  })

  it('clears it on lock, but leaves alone what the person copied since', async () => {
    const { disputeId, recordId } = await fullRecord()
    await t.call('signoff.copyRecord', { disputeId, recordId })
    await t.call('vault.lock', {})
    await Promise.resolve()
    expect(clipboard.text).toBe('')

    await t.call('vault.unlock', { dir: t.vaultDir, personId: harrietId, passphrase: PASS })
    await t.call('signoff.copyRecord', { disputeId, recordId })
    clipboard.text = 'Something else the DSL copied'
    await t.call('vault.lock', {})
    await Promise.resolve()
    expect(clipboard.text).toBe('Something else the DSL copied')
  })
})

describe('the organisation key and documents of people since removed', () => {
  it('shows its fingerprint; a document signed by a person since removed still verifies, and says so', async () => {
    const sam = await invitePerson(t, 'Sam Patel', SAM_PASS)
    const key = await t.call('signoff.orgKey', {})
    expect(key.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/)
    expect(key).toMatchObject({ youHoldIt: true, youAreCertified: true, holders: [{ name: 'Harriet Okonkwo' }] })
    const disputeId = await openDispute()
    await signInAs(sam.personId, SAM_PASS)
    const record = await draft(disputeId, 1, '09:30', 'Sam’s call.')
    await t.call('records.approve', { disputeId, recordId: record.id })
    const { savedTo } = await t.call('signoff.exportRecord', { disputeId, recordId: record.id })
    expect(await t.call('signoff.orgKey', {})).toMatchObject({ youHoldIt: false, youAreCertified: true, fingerprint: key.fingerprint })
    await signInAs(harrietId, PASS)
    await t.call('people.remove', { personId: sam.personId })

    const report = await t.call('signoff.verify', { file: savedTo })
    expect(report).toMatchObject({ outcome: 'verified', signedBy: 'Sam Patel' })
    expect(report!.details).toContain('Sam Patel has since been removed from this vault — the signature is still valid, because their key was certified when they signed.')
  })

  it('another copy of the app reports the document as from another vault, and verifies it once given the fingerprint', async () => {
    const disputeId = await openDispute()
    const record = await draft(disputeId, 1, '09:30', 'A call.')
    await t.call('records.approve', { disputeId, recordId: record.id })
    const { savedTo } = await t.call('signoff.exportRecord', { disputeId, recordId: record.id })
    const fingerprint = (await t.call('signoff.orgKey', {})).fingerprint!

    const other = await openTestApi('2026-12-02T11:00:00Z')
    try {
      const unknown = await other.call('signoff.verify', { file: savedTo })
      expect(unknown!.outcome).toBe('other-vault')
      expect(unknown!.details[0]).toMatch(/^It is from another vault \(vault [0-9a-f]+, organisation key /)
      await other.call('vault.lock', {})
      const given = await other.call('signoff.verify', { file: savedTo, fingerprint: fingerprint.toLowerCase().replace(/ /g, '') })
      expect(given).toMatchObject({ outcome: 'verified', trustedVault: true })
    } finally {
      await other.cleanup()
    }
  })
})

let harrietId = ''
beforeEach(async () => {
  harrietId = (await t.call('vault.session', {}))!.person.personId
})
