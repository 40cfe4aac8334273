/**
 * The desk's team notes through the handler table (issue 17: "the desk does not show a dispute's team notes"):
 * two real vaults sharing one folder make conflicts on two devices apart, and the dispute's view names them
 * and their authors; the dashboard lists them under "Needs a decision from the team" (a dispute closed by one
 * of two moves included), and `team.pickDraftVersion` and `team.decideReview` settle them.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { contract, type Channel, type ChannelOutput } from '../../../src/shared/ipc'
import { PASS, PROFILE } from './helpers'
import { teamOfTwo, type TestApi } from './team-helpers'
import mammoth from 'mammoth'
import { docFile } from '../store/helpers'
import { amyExampleDisputeId } from '../../support/disputes'

type T = TestApi
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

const parsed = <C extends Channel>(channel: C, value: unknown): ChannelOutput<C> => contract[channel].output.parse(value) as ChannelOutput<C>

const team = () => teamOfTwo(opened, { deputy: { ...PROFILE, name: 'Ben Okafor', role: 'Deputy DSL' } })

const call = { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '14:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing' }

describe('the desk’s team notes', () => {
  it('a draft edited on two devices at once shows both versions by name; approval waits; picking one settles it', async () => {
    const { dsl, deputy, disputeId, sync } = await team()
    deputy.at('2026-12-02T15:00:00Z')
    const draft = await deputy.call('records.createDraft', { disputeId, draft: { ...call, weSaid: 'Asked Jo to reconsider.' } })
    await sync(deputy, dsl)
    await dsl.call('team.takeOverDraft', { disputeId, recordId: draft.id, reason: 'Ben is on leave tomorrow.' })
    await sync(dsl, deputy)
    expect(parsed('disputes.get', await dsl.call('disputes.get', { disputeId })).takenOverByMe).toEqual([draft.id])
    expect(parsed('disputes.get', await deputy.call('disputes.get', { disputeId })).takenOverByMe).toEqual([])
    // Apart: each edits the same draft.
    dsl.at('2026-12-02T15:20:00Z')
    await dsl.call('records.updateDraft', { disputeId, recordId: draft.id, changes: { weSaid: 'Asked Jo to reconsider; she will call back.' } })
    deputy.at('2026-12-02T15:25:00Z')
    await deputy.call('records.updateDraft', { disputeId, recordId: draft.id, changes: { weSaid: 'Asked Jo to reconsider by Friday.' } })
    await sync(dsl, deputy, dsl)

    const view = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    const notes = view.team?.records.find((r) => r.recordId === draft.id)
    expect(notes?.conflicts).toContain('two-versions')
    expect(notes?.versions.map((v) => [v.byName, v.content.weSaid]).sort()).toEqual([
      ['Ben Okafor', 'Asked Jo to reconsider by Friday.'],
      ['Harriet Okonkwo', 'Asked Jo to reconsider; she will call back.'],
    ])
    const refused = await dsl.refusal('records.approve', { disputeId, recordId: draft.id })
    expect(refused.code).toBe('record-two-versions')
    expect(refused.message).toContain('pick one of its 2 versions')
    const board = parsed('disputes.dashboard', await dsl.call('disputes.dashboard', {}))
    expect(board.team).toEqual([expect.objectContaining({ id: disputeId, status: 'open', what: ['A draft was edited on two devices at once: pick the version to keep.'] })])

    // The channel's input is checked, and only one of the versions shown is taken.
    expect((await dsl.refusal('team.pickDraftVersion', { disputeId, recordId: draft.id })).code).toBe('invalid-input')
    expect((await dsl.refusal('team.pickDraftVersion', { disputeId, recordId: draft.id, versionId: 'nonsense' })).message).toBe('Choose one of the versions shown.')

    const bens = notes!.versions.find((v) => v.byName === 'Ben Okafor')!
    expect(parsed('team.pickDraftVersion', await dsl.call('team.pickDraftVersion', { disputeId, recordId: draft.id, versionId: bens.version }))).toBeNull()
    const after = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    expect(after.records.find((r) => r.id === draft.id)?.weSaid).toBe('Asked Jo to reconsider by Friday.')
    expect(after.team?.records.find((r) => r.recordId === draft.id)?.conflicts ?? []).not.toContain('two-versions')
    expect(parsed('disputes.dashboard', await dsl.call('disputes.dashboard', {})).team).toEqual([])
    expect((await dsl.refusal('team.pickDraftVersion', { disputeId, recordId: draft.id, versionId: bens.version })).code).toBe('record-one-version')
    const trail = JSON.stringify(await dsl.call('audit.list', { limit: 10 }))
    expect(trail).toContain('record-version-picked')
    // Whatever the pick changed on this device is not said to have come from a colleague's.
    expect(trail).not.toMatch(/Changes merged from colleagues/)
    expect(trail).toContain('Changes merged on this device from its own team decisions (nothing new from colleagues): 1 dispute')
    await dsl.call('records.approve', { disputeId, recordId: draft.id })

    // The deputy's device receives the pick: one version there too.
    await sync(dsl, deputy)
    const there = parsed('disputes.get', await deputy.call('disputes.get', { disputeId }))
    expect(there.records.find((r) => r.id === draft.id)).toMatchObject({ status: 'approved', weSaid: 'Asked Jo to reconsider by Friday.' })
  })

  it('two escalations made apart: the dispute stays open, contacts can be logged, every further move is refused in words', async () => {
    const { dsl, deputy, disputeId, sync } = await team()
    dsl.at('2026-12-02T16:00:00Z')
    await dsl.call('disputes.escalate', { disputeId, input: {} })
    deputy.at('2026-12-02T16:05:00Z')
    await deputy.call('disputes.escalate', { disputeId, input: {} })
    await sync(dsl, deputy, dsl)
    const view = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    expect(view.dispute.status).toBe('open')
    expect(view.team?.needsReview.map((m) => m.move)).toEqual(['Escalated to Stage 2', 'Escalated to Stage 2'])
    expect(parsed('disputes.dashboard', await dsl.call('disputes.dashboard', {})).team.map((r) => r.id)).toEqual([disputeId])
    dsl.at('2026-12-02T17:00:00Z')
    const refused = await dsl.refusal('disputes.withdraw', { disputeId, input: { reason: 'No longer needed.' } })
    expect(refused.code).toBe('dispute-needs-review')
    expect(refused.message).toContain('Decide which change stands before moving it on.')
    await dsl.call('records.createDraft', { disputeId, draft: { ...call, weSaid: 'Told Jo the team is deciding.' } })
  })

  it('a move saved after a lock and unlock, before the first sync, and a colleague’s move made meanwhile both stand: needs review', async () => {
    const { dsl, deputy, disputeId, sync } = await team()
    deputy.at('2026-12-02T15:00:00Z')
    const draft = await deputy.call('records.createDraft', { disputeId, draft: { ...call, weSaid: 'Asked Jo to reconsider.' } })
    await deputy.call('records.approve', { disputeId, recordId: draft.id })
    await sync(deputy, dsl)
    // The DSL locks and unlocks (the app started again): the team document kept how far Ben's changes had been applied.
    const person = (await dsl.call('vault.session', {}))!.person
    await dsl.call('vault.lock', {})
    deputy.at('2026-12-02T16:05:00Z')
    await deputy.call('disputes.withdraw', { disputeId, input: { reason: 'The family moved out of the area.' } })
    await sync(deputy)
    await dsl.call('vault.unlock', { dir: dsl.vaultDir, personId: person.personId, passphrase: PASS })
    // Before her first sync she escalates, from what she saw: Ben's call, not his withdrawal, which has not reached her.
    dsl.at('2026-12-03T10:00:00Z')
    await dsl.call('disputes.escalate', { disputeId, input: {} })
    // Her save, kept back until her first sync merged the team's history, is sent at the sync after.
    await sync(dsl, dsl, deputy)
    for (const t of [dsl, deputy]) {
      const view = parsed('disputes.get', await t.call('disputes.get', { disputeId }))
      expect(view.team?.needsReview.map((m) => [m.byName, m.to]).sort()).toEqual([
        ['Ben Okafor', 'withdrawn'],
        ['Harriet Okonkwo', 'escalated'],
      ])
      expect(view.records.map((r) => [r.id, r.status])).toEqual([[draft.id, 'approved']])
    }
  })

  it('two disputes given one reference apart: one takes a new reference, keeps the old as its previous one, and the notes go everywhere', async () => {
    const { dsl, deputy, disputeId, sync } = await team()
    // Apart, each opens a dispute: both take the next reference of the year.
    const mine = await amyExampleDisputeId(dsl.call)
    const theirs = await amyExampleDisputeId(deputy.call)
    const given = parsed('disputes.get', await dsl.call('disputes.get', { disputeId: mine })).dispute.reference
    expect(parsed('disputes.get', await deputy.call('disputes.get', { disputeId: theirs })).dispute.reference).toBe(given)
    // A dispute with a reference of its own is refused, in words.
    const refused = await dsl.refusal('team.giveNewReference', { disputeId })
    expect(refused.message).toMatch(/No other dispute has the reference ESC-2026-\d{4}: it keeps it\./)
    await sync(deputy, dsl)
    expect(parsed('disputes.get', await dsl.call('disputes.get', { disputeId: theirs })).team?.sameReference.map((o) => o.id)).toEqual([mine])

    dsl.at('2026-12-02T16:30:00Z')
    const { reference } = parsed('team.giveNewReference', await dsl.call('team.giveNewReference', { disputeId: theirs }))
    expect(reference).not.toBe(given)
    await sync(dsl, deputy)
    for (const t of [dsl, deputy]) {
      const renamed = parsed('disputes.get', await t.call('disputes.get', { disputeId: theirs }))
      expect(renamed.dispute.reference).toBe(reference)
      expect(renamed.dispute.previousReferences).toEqual([
        { reference: given, until: '2026-12-02T16:30:00.000Z', by: 'Harriet Okonkwo', why: 'Another dispute was given the same reference on a team device while the two were apart.' },
      ])
      expect(renamed.team).toBeNull()
      expect(parsed('disputes.get', await t.call('disputes.get', { disputeId: mine })).team).toBeNull()
      expect(parsed('disputes.dashboard', await t.call('disputes.dashboard', {})).team).toEqual([])
    }
    const audit = JSON.stringify(await dsl.call('audit.list', { limit: 20 }))
    expect(audit).toContain(`Reference changed from ${given} to ${reference}`)
    // The child's file says so: the escalation record lists the previous reference.
    const exported = await deputy.call('exports.document', { disputeId: theirs, document: 'escalation-record' })
    const text = (await mammoth.extractRawText({ buffer: readFileSync(exported.savedTo!) })).value
    expect(text).toContain('Previous reference')
    expect(text).toContain(`${given}, until 2 Dec 2026, 16:30, changed by Harriet Okonkwo`)
  })

  it('an escalation and a withdrawal made apart need review: both named, the closed dispute listed until someone keeps one', async () => {
    const { dsl, deputy, disputeId, sync } = await team()
    // The withdrawal is effective a day before the escalation, so it is the earlier move, which stands meanwhile.
    dsl.at('2026-12-03T10:00:00Z')
    await dsl.call('disputes.escalate', { disputeId, input: {} })
    deputy.at('2026-12-02T16:05:00Z')
    await deputy.call('disputes.withdraw', { disputeId, input: { reason: 'The family moved out of the area.' } })
    await sync(dsl, deputy, dsl)

    for (const t of [dsl, deputy]) {
      const view = parsed('disputes.get', await t.call('disputes.get', { disputeId }))
      expect(view.team?.needsReview.map((m) => [m.byName, m.move, m.to]).sort()).toEqual([
        ['Ben Okafor', 'Withdrawn at Stage 1', 'withdrawn'],
        ['Harriet Okonkwo', 'Escalated to Stage 2', 'escalated'],
      ])
      const board = parsed('disputes.dashboard', await t.call('disputes.dashboard', {}))
      expect(board.team.map((r) => [r.id, r.what])).toEqual([[disputeId, ['It was moved on two devices at once: decide which move stands.']]])
    }
    const view = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    // The earlier move, the withdrawal, stands meanwhile: the dispute left the open rows, not the team's list.
    expect(view.dispute.status).toBe('withdrawn')
    expect(parsed('disputes.dashboard', await dsl.call('disputes.dashboard', {})).rows.map((r) => r.id)).not.toContain(disputeId)
    // The list is kept in the index, not worked out from memory: it survives a lock, and a rebuild of a damaged index.
    const person = (await dsl.call('vault.session', {}))!.person
    const relock = async () => {
      await dsl.call('vault.lock', {})
      await dsl.call('vault.unlock', { dir: dsl.vaultDir, personId: person.personId, passphrase: PASS })
      return parsed('disputes.dashboard', await dsl.call('disputes.dashboard', {})).team.map((r) => r.id)
    }
    expect(await relock()).toEqual([disputeId])
    const file = await docFile(dsl.vaultDir, 'index')
    const bytes = readFileSync(file)
    bytes[bytes.length - 20] ^= 0x01
    writeFileSync(file, bytes)
    expect(await relock()).toEqual([disputeId])
    expect((await dsl.call('audit.list', { limit: 5 })).map((e) => e.action)).toContain('index-rebuilt')
    const escalation = view.team!.needsReview.find((m) => m.to === 'escalated')!
    expect((await dsl.refusal('team.decideReview', { disputeId, keep: escalation.transitionId, reason: ' ' })).message).toContain('Give your reason')
    expect(parsed('team.decideReview', await dsl.call('team.decideReview', { disputeId, keep: escalation.transitionId, reason: 'Agreed with Ben: the risk remains.' }))).toBeNull()
    const decided = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    expect(decided.team?.needsReview ?? []).toEqual([])
    expect(decided.dispute.status).toBe('open')
    expect(decided.dispute.currentStage).toBe(2)
    expect(parsed('disputes.dashboard', await dsl.call('disputes.dashboard', {})).team).toEqual([])
    await sync(dsl, deputy)
    expect(parsed('disputes.dashboard', await deputy.call('disputes.dashboard', {})).team).toEqual([])
    expect(parsed('disputes.get', await deputy.call('disputes.get', { disputeId })).dispute.currentStage).toBe(2)
  })

  it('a draft taken over and one set aside say by whom, from whom, when and why on both devices; the author’s approvals list it apart; the dispute moves on', async () => {
    const { dsl, deputy, disputeId, sync } = await team()
    deputy.at('2026-12-02T15:00:00Z')
    const taken = await deputy.call('records.createDraft', { disputeId, draft: { ...call, weSaid: 'Asked Jo to reconsider.' } })
    const twice = await deputy.call('records.createDraft', { disputeId, draft: { ...call, weSaid: 'Asked Jo to reconsider (logged twice).' } })
    await sync(deputy, dsl)
    dsl.at('2026-12-02T15:30:00Z')
    await dsl.call('team.takeOverDraft', { disputeId, recordId: taken.id, reason: 'Ben is on leave tomorrow.' })
    dsl.at('2026-12-02T15:35:00Z')
    await dsl.call('team.setDraftAside', { disputeId, recordId: twice.id, reason: 'The same call was logged twice.' })
    await sync(dsl, deputy)
    for (const t of [dsl, deputy]) {
      const notes = parsed('disputes.get', await t.call('disputes.get', { disputeId })).team!.records
      expect(notes.find((r) => r.recordId === taken.id)).toMatchObject({ conflicts: [], takenOver: [{ byName: 'Harriet Okonkwo', fromName: 'Ben Okafor', at: '2026-12-02T15:30:00.000Z', reason: 'Ben is on leave tomorrow.' }] })
      expect(notes.find((r) => r.recordId === twice.id)).toMatchObject({ conflicts: ['set-aside'], setAside: [{ byName: 'Harriet Okonkwo', at: '2026-12-02T15:35:00.000Z', reason: 'The same call was logged twice.' }] })
      // Neither asks the team to decide anything.
      expect(parsed('disputes.dashboard', await t.call('disputes.dashboard', {})).team).toEqual([])
    }
    // On the author's device the set-aside draft is listed apart, with who set it aside, when and why.
    const drafts = parsed('records.drafts', await deputy.call('records.drafts', {}))
    expect(drafts.find((d) => d.recordId === twice.id)?.setAside).toEqual({ byName: 'Harriet Okonkwo', at: '2026-12-02T15:35:00.000Z', reason: 'The same call was logged twice.' })
    expect(drafts.find((d) => d.recordId === taken.id)?.setAside).toBeUndefined()
    // The child's file says so: a set-aside draft is not counted as awaiting approval, and is named as set aside.
    const exported = await dsl.call('exports.document', { disputeId, document: 'escalation-record' })
    const text = (await mammoth.extractRawText({ buffer: readFileSync(exported.savedTo!) })).value
    expect(text).toContain('This dispute has 1 record awaiting approval; it is not included.')
    expect(text).toContain('1 draft was set aside by a colleague: it is kept, but it is not part of the record and is not included.')
    // A set-aside draft is not part of the record, so it does not hold the dispute back once the other is approved.
    await dsl.call('records.approve', { disputeId, recordId: taken.id })
    expect(parsed('disputes.get', await dsl.call('disputes.get', { disputeId })).status!.blockers).toEqual([])
    await dsl.call('disputes.escalate', { disputeId, input: {} })
    expect(parsed('disputes.get', await dsl.call('disputes.get', { disputeId })).dispute.currentStage).toBe(2)
  })
})
