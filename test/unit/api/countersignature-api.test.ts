/**
 * Issue 16, "Every person in their own session": "a record can ask for a countersignature by a named
 * person; that person sees it in Approvals when they unlock and countersigns in their own session …
 * Approvals lists the signed-in person's own drafts and the countersignatures asked of them … Nobody
 * types another's passphrase."
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { invitePerson, openTestApi } from './helpers'
import { amyExampleDisputeId } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-02T10:00:00Z')
})
afterEach(async () => t.cleanup())

const SAM_PASS = 'meadow cobalt saxophone ripple'
const KIM_PASS = 'granite willow lantern cactus'

async function signInAs(personId: string, passphrase: string) {
  await t.call('vault.lock', {})
  return t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase })
}

const openDispute = () => amyExampleDisputeId(t.call)

const draft = (disputeId: string, weSaid: string) =>
  t.call('records.createDraft', { disputeId, draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '09:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid } })

it('asks a named person, who sees it in Approvals and countersigns signed in as themselves; nobody else can', async () => {
  const harriet = (await t.call('vault.session', {}))!.person
  const sam = await invitePerson(t, 'Sam Patel', SAM_PASS, { role: 'Deputy DSL' })
  const kim = await invitePerson(t, 'Kim Lee', KIM_PASS)
  const disputeId = await openDispute()
  const record = await draft(disputeId, 'Asked Jo to reconsider.')

  // Asked while a draft; the author cannot be asked.
  const refusedSelf = await t.refusal('records.askCountersignature', { disputeId, recordId: record.id, personId: harriet.personId })
  expect(refusedSelf.code).toBe('countersignature-same-person')
  const asked = await t.call('records.askCountersignature', { disputeId, recordId: record.id, personId: sam.personId })
  expect(asked.countersignatureAsk).toEqual({ personId: sam.personId, name: 'Sam Patel', askedAt: '2026-12-02T10:00:00.000Z', byPersonId: harriet.personId, byName: 'Harriet Okonkwo' })
  await t.call('records.approve', { disputeId, recordId: record.id })
  expect((await t.call('audit.list', { limit: 3 })).some((e) => e.action === 'countersignature-asked')).toBe(true)

  // Sam's Approvals: none of Harriet's drafts, the countersignature asked of him.
  await draft(disputeId, 'A second call, still a draft.')
  expect(await t.call('records.drafts', {})).toHaveLength(1)
  await signInAs(sam.personId, SAM_PASS)
  expect(await t.call('records.drafts', {})).toEqual([])
  expect(await t.call('records.countersignaturesAsked', {})).toEqual([
    expect.objectContaining({ disputeId, recordId: record.id, askedByName: 'Harriet Okonkwo', askedAt: '2026-12-02T10:00:00.000Z' }),
  ])

  // Kim, not asked, is refused plainly.
  await signInAs(kim.personId, KIM_PASS)
  expect(await t.call('records.countersignaturesAsked', {})).toEqual([])
  const refused = await t.refusal('records.countersign', { disputeId, recordId: record.id })
  expect(refused.code).toBe('countersignature-asked-of-another')
  expect(refused.message).toBe('This countersignature was asked of Sam Patel. Only Sam Patel can give it, signed in as themselves.')

  // Sam countersigns in his own session: no passphrase is sent, the signer is whoever unlocked.
  await signInAs(sam.personId, SAM_PASS)
  const passphraseSent = await t.refusal('records.countersign', { disputeId, recordId: record.id, personId: sam.personId, passphrase: SAM_PASS })
  expect(passphraseSent.code).toBe('invalid-input')
  const signed = await t.call('records.countersign', { disputeId, recordId: record.id })
  expect(signed.countersignature).toMatchObject({ byPersonId: sam.personId, byName: 'Sam Patel', byRole: 'Deputy DSL' })
  expect(signed.countersignatureAsk?.personId).toBe(sam.personId)
  expect(await t.call('records.countersignaturesAsked', {})).toEqual([])
  const audit = await t.call('audit.list', { limit: 1 })
  expect(audit[0]).toMatchObject({ action: 'record-countersigned', personName: 'Sam Patel' })

  // Once given, it cannot be asked again.
  const again = await t.refusal('records.askCountersignature', { disputeId, recordId: record.id, personId: kim.personId })
  expect(again.code).toBe('record-already-countersigned')
})
