/**
 * Issue 20, "unlock → dashboard ≤ 3 × its floor": the open disputes are read at unlock without parsing their
 * approved records (src/main/caselog/dispute-form.ts). Nothing is checked less: a document refused whole is
 * refused at unlock as before; one whose approved record is damaged is refused by name at the point its records
 * are first read, and from then on the dashboard lists it as unreadable; nothing is written over it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DisputeDoc } from '../../../src/main/caselog/documents'
import { draftsOf, gateViews, readOpenDispute, recordsUnread } from '../../../src/main/caselog/dispute-form'
import { readDocument } from '../../../src/main/caselog/migrations'
import { openVault } from '../../../src/main/store'
import { AppError } from '../../../src/shared/errors'
import { openTestApi, PASS } from '../api/helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function personId(): Promise<string> {
  const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
  if (inspected.state !== 'present') throw new Error('a vault was expected')
  return inspected.people[0]!.personId
}

/** The stored dispute document as the vault holds it, read with the store alone (the vault stays unlocked). */
async function stored(docId: string): Promise<Record<string, unknown>> {
  await t.call('vault.lock', {})
  const vault = await openVault(t.vaultDir, { personId: await personId(), passphrase: PASS, now: () => t.clock.now })
  const doc = (await vault.load<Record<string, unknown>>(docId))!
  await vault.lock()
  await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
  return doc
}

/** Rewrites a stored document with the store alone, as a different program holding the key could. */
async function tamper(docId: string, change: (doc: Record<string, unknown>) => void): Promise<void> {
  await t.call('vault.lock', {})
  const vault = await openVault(t.vaultDir, { personId: await personId(), passphrase: PASS, now: () => t.clock.now })
  const doc = (await vault.load<Record<string, unknown>>(docId))!
  change(doc)
  await vault.commit({ action: 'test-edit', summary: 'Edited outside the case log' }, [{ docId, data: doc }])
  await vault.lock()
  await t.call('vault.unlock', { dir: t.vaultDir, personId: await personId(), passphrase: PASS })
}

/** A dispute with two approved records and one draft. */
async function aDisputeWithRecords(): Promise<{ disputeId: string; docId: string; draftId: string }> {
  const child = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  const disputeId = view.dispute.id
  t.at('2026-12-01T12:00:00Z')
  const draft = (weSaid: string, time: string) =>
    t.call('records.createDraft', { disputeId, draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid } })
  for (const [said, time] of [['Asked Jo to reconsider.', '09:10'], ['Jo will speak to her manager.', '09:20']] as const) {
    const r = await draft(said, time)
    await t.call('records.approve', { disputeId, recordId: r.id })
  }
  const pending = await draft('Left a message for the team manager.', '09:30')
  return { disputeId, docId: `dispute.${disputeId}`, draftId: pending.id }
}

const approved = (doc: Record<string, unknown>): Record<string, unknown> =>
  (doc.records as Record<string, unknown>[]).find((r) => r.status === 'approved')!

describe('an open dispute read at unlock', () => {
  it('gives the value, drafts and serialisation of reading it whole, and parses its records only when read', async () => {
    const { docId, draftId } = await aDisputeWithRecords()
    const raw = await stored(docId)
    const whole = readDocument('dispute', docId, structuredClone(raw))
    const notes: string[] = []
    const { doc, drafts } = readOpenDispute(docId, structuredClone(raw), (id) => notes.push(id))
    expect(drafts).toEqual(gateViews(whole.records))
    expect(drafts.map((d) => d.id)).toEqual([draftId])
    expect(recordsUnread(doc)).toBe(true)
    expect(draftsOf(doc)).toEqual(drafts)
    expect(JSON.stringify(doc)).toBe(JSON.stringify(whole))
    expect(recordsUnread(doc)).toBe(false)
    expect(doc).toEqual(whole)
    expect(DisputeDoc.parse(doc)).toEqual(whole)
    expect(notes).toEqual([])
  })

  it('refuses at unlock, as reading it whole does, a document whose dispute, key set or draft is not in form', async () => {
    const { docId } = await aDisputeWithRecords()
    const raw = await stored(docId)
    const refusal = (doc: unknown) => {
      try {
        readOpenDispute(docId, doc, () => {})
      } catch (e) {
        if (e instanceof AppError) return { code: e.code, message: e.message }
        throw e
      }
      return null
    }
    const wholeRefusal = (doc: unknown) => {
      try {
        readDocument('dispute', docId, doc)
      } catch (e) {
        if (e instanceof AppError) return { code: e.code, message: e.message }
        throw e
      }
      return null
    }
    const variants: Record<string, unknown>[] = [
      { ...raw, dispute: { ...(raw.dispute as object), status: 'paused' } },
      { ...raw, extra: true },
      { ...raw, childNames: 'Amy' },
      { ...raw, team: { needsReview: 'no' } },
      { ...raw, records: (raw.records as Record<string, unknown>[]).map((r) => (r.status === 'draft' ? { ...r, weSaid: 42 } : r)) },
      { ...raw, records: [...(raw.records as unknown[]), 'a record'] },
      { ...raw, format: 99 },
    ]
    for (const v of variants) {
      const expected = wholeRefusal(structuredClone(v))
      expect(expected).not.toBeNull()
      expect(refusal(structuredClone(v))).toEqual(expected)
    }
  })

  it('an older format is migrated whole, as before', async () => {
    const { docId } = await aDisputeWithRecords()
    const raw = await stored(docId)
    const older = { ...raw, format: 5 }
    let whole: unknown
    try {
      whole = readDocument('dispute', docId, structuredClone(older))
    } catch (e) {
      whole = e instanceof AppError ? e.code : e
    }
    let lazy: unknown
    try {
      const { doc } = readOpenDispute(docId, structuredClone(older), () => {})
      expect(recordsUnread(doc)).toBe(false)
      lazy = doc
    } catch (e) {
      lazy = e instanceof AppError ? e.code : e
    }
    expect(lazy).toEqual(whole)
  })
})

describe('an open dispute whose approved record is damaged', () => {
  it('opens to the dashboard, is refused by name when its records are read, and is then listed as unreadable', async () => {
    const { disputeId, docId } = await aDisputeWithRecords()
    await tamper(docId, (doc) => (approved(doc).weSaid = 42))

    // The dashboard needs the dispute and its drafts only: its row is as before.
    const dash = await t.call('disputes.dashboard', {})
    expect(dash.rows).toEqual([expect.objectContaining({ id: disputeId, reference: 'ESC-2026-0001', problem: null, draftCount: 1 })])

    // Opening it reads the records: refused by the document's name, with what is wrong.
    const refused = await t.refusal('disputes.get', { disputeId })
    expect(refused).toMatchObject({ code: 'document-invalid', field: docId })
    expect(refused.message).toContain(`The document “${docId}” cannot be used`)

    // From then on the session lists it, and the dashboard shows its row as unreadable, first.
    const session = await t.call('vault.session', {})
    expect(session?.problems).toEqual([expect.objectContaining({ docId, message: refused.message })])
    const after = await t.call('disputes.dashboard', {})
    expect(after.rows).toEqual([expect.objectContaining({ id: disputeId, status: null, problem: refused.message })])
    expect(await t.refusal('disputes.get', { disputeId })).toMatchObject({ code: 'document-invalid', field: docId })
  })

  it('no save is made over it: a new record and an approval are refused and the vault is unchanged', async () => {
    const { disputeId, docId, draftId } = await aDisputeWithRecords()
    await tamper(docId, (doc) => (approved(doc).occurredAt = 'yesterday'))
    const before = t.snapshot()
    const draft = await t.refusal('records.createDraft', {
      disputeId,
      draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '10:00' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Rang again.' },
    })
    expect(draft).toMatchObject({ code: 'document-invalid', field: docId })
    expect(await t.refusal('records.approve', { disputeId, recordId: draftId })).toMatchObject({ code: 'document-invalid' })
    expect(t.snapshot()).toEqual(before)
  })

  it('lists across disputes leave it out rather than fail', async () => {
    const { docId } = await aDisputeWithRecords()
    await tamper(docId, (doc) => (approved(doc).weSaid = 42))
    expect(await t.call('records.countersignaturesAsked', {})).toEqual([])
    expect(await t.call('records.drafts', {})).toEqual([])
    expect((await t.call('vault.session', {}))?.problems).toEqual([expect.objectContaining({ docId })])
  })

  it('a damaged draft is refused at unlock, as before: the dashboard lists the dispute as unreadable', async () => {
    const { disputeId, docId } = await aDisputeWithRecords()
    await tamper(docId, (doc) => ((doc.records as Record<string, unknown>[]).find((r) => r.status === 'draft')!.weSaid = 42))
    const dash = await t.call('disputes.dashboard', {})
    expect(dash.rows).toEqual([expect.objectContaining({ id: disputeId, status: null, problem: expect.stringContaining(`“${docId}” cannot be used`) })])
  })
})
