/**
 * Who is involved on both sides at each stage (issue 13), through the real handler table over a real vault.
 * St Helens (seed 003) moves the matter up a tier on both sides at once — stage 2: "The line manager will
 * discuss this with their equivalent in the other agency (first tier line manager to first tier line
 * manager)"; stage 3: "the matter will be referred to the relevant Head of Service or 2nd Tier Line
 * Manager equivalent (2nd Tier Line Manager to 2nd Tier Line Manager)". So the Green and Blue forms'
 * "Name of professional submitting resolution" and "Name of professional who you have raised resolution
 * with" are the people at that stage — never the DSL or the stage-1 practitioner carried up, and blank
 * where no one was recorded.
 */
import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SEED, seedSays } from '../domain/policies/seeds'
import { readDocx, tableRows } from '../exports/read-docx'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

const SAM = { name: 'Sam Patel', role: 'Deputy head (line manager)', contactDetails: '01744 000 111' }
const ANN = { name: 'Ann Lee', role: 'Team manager', agency: 'St Helens Children’s Social Care', contactDetails: 'ann.lee@sthelens.example.gov.uk' }
const RUTH = { name: 'Ruth Obi', role: 'Head of school' }
const OWEN = { name: 'Owen Pryce', role: 'Service manager', agency: 'St Helens Children’s Social Care' }

async function stHelensDispute() {
  const child = await t.call('children.create', { child: { name: 'Kai Brennan', dateOfBirth: '2015-03-02' } })
  const view = await t.call('disputes.open', {
    policyId: 'st-helens-scp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'St Helens Children’s Social Care', practitioner: 'Tom Okafor', role: 'Social worker' },
      disputed: { kind: 'inaction', description: 'No review of the placement plan.' },
      reasons: { ids: ['drift-and-delay'], text: 'Three weeks without a review.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}

async function formRows(disputeId: string, stage: number): Promise<(label: string) => string> {
  const r = await t.call('exports.document', { disputeId, document: 'notification', notificationId: `stage-${stage}-form` })
  const rows = tableRows((await readDocx(readFileSync(r.savedTo!))).documentXml).filter((row) => row.length === 2)
  return (label) => rows.find((row) => row[0]!.startsWith(label))![1]!
}

const SUBMITTING = 'Name of professional submitting resolution'
const RAISED_WITH = 'Name of professional who you have raised resolution with'

describe('who is involved at each stage', () => {
  it('the policy says each stage is taken up tier to tier on both sides', () => {
    seedSays(SEED.stHelens, 'The line manager will discuss this with their equivalent in the other agency (first tier line manager to first tier line manager).')
    seedSays(SEED.stHelens, '(2nd Tier Line Manager to 2nd Tier Line Manager)')
  })

  it('escalating with both sides named: the Green and Blue forms name them as submitter and raised-with', async () => {
    const id = await stHelensDispute()
    const two = await t.call('disputes.escalate', { disputeId: id, input: { ourSide: SAM, theirSide: ANN } })
    expect(two.dispute.stageHistory[1]).toMatchObject({ stage: 2, ourSide: SAM, theirSide: ANN })
    const three = await t.call('disputes.escalate', { disputeId: id, input: { ourSide: RUTH, theirSide: OWEN } })
    expect(three.dispute.stageHistory[2]).toMatchObject({ stage: 3, ourSide: RUTH, theirSide: OWEN })

    const green = await formRows(id, 2)
    expect(green(SUBMITTING)).toBe('Sam Patel, Deputy head (line manager)')
    expect(green(RAISED_WITH)).toBe('Ann Lee, Team manager')
    expect(green('Contact Details')).toBe('01744 000 111')
    const blue = await formRows(id, 3)
    expect(blue(SUBMITTING)).toBe('Ruth Obi, Head of school')
    expect(blue(RAISED_WITH)).toBe('Owen Pryce, Service manager')
    // The Orange form is stage 1's: raised by whoever opened it, with the practitioner it was opened with.
    const orange = await formRows(id, 1)
    expect(orange(SUBMITTING)).toBe('Harriet Okonkwo')
    expect(orange(RAISED_WITH)).toBe('Tom Okafor, Social worker')
    // The escalation record for the child's file says who was involved at each stage, too.
    const record = await t.call('exports.document', { disputeId: id, document: 'escalation-record' })
    const text = (await mammoth.extractRawText({ buffer: readFileSync(record.savedTo!) })).value
    expect(text).toContain('Taken up by Sam Patel (Deputy head (line manager))')
    expect(text).toContain('With Ann Lee (Team manager, St Helens Children’s Social Care)')
    expect(text).toContain('With Owen Pryce (Service manager, St Helens Children’s Social Care)')
  })

  it('escalating without names: those boxes are left empty, never filled with the DSL or the stage-1 practitioner', async () => {
    const id = await stHelensDispute()
    await t.call('disputes.escalate', { disputeId: id, input: {} })
    await t.call('disputes.escalate', { disputeId: id, input: {} })
    for (const stage of [2, 3]) {
      const form = await formRows(id, stage)
      expect(form(SUBMITTING)).toBe('')
      expect(form(RAISED_WITH)).toBe('')
      // The agency it sits with is still known: the other agency.
      expect(form('Agency')).not.toBe('')
    }
  })

  it('changing who is involved later is its own audited event naming the old and the new', async () => {
    const id = await stHelensDispute()
    await t.call('disputes.escalate', { disputeId: id, input: { theirSide: ANN } })
    const changed = await t.call('disputes.setStagePeople', { disputeId: id, input: { stage: 2, theirSide: OWEN, ourSide: SAM } })
    expect(changed.dispute.stageHistory[1]).toMatchObject({ ourSide: SAM, theirSide: OWEN })
    const [event] = await t.call('audit.list', { limit: 1 })
    expect(event).toMatchObject({ action: 'stage-people-changed', subject: changed.dispute.reference })
    expect(event!.summary).toBe(
      'Who is involved at stage 2 changed: our side from no one recorded to Sam Patel (Deputy head (line manager)); their side from Ann Lee (Team manager, St Helens Children’s Social Care) to Owen Pryce (Service manager, St Helens Children’s Social Care)',
    )
    const green = await formRows(id, 2)
    expect(green(RAISED_WITH)).toBe('Owen Pryce, Service manager')
    // Clearing a side leaves the box blank again.
    await t.call('disputes.setStagePeople', { disputeId: id, input: { stage: 2, theirSide: null } })
    expect((await formRows(id, 2))(RAISED_WITH)).toBe('')
  })

  it('refuses a stage not reached, a change that changes nothing, and a person without a name, writing nothing', async () => {
    const id = await stHelensDispute()
    const before = t.snapshot()
    expect((await t.refusal('disputes.setStagePeople', { disputeId: id, input: { stage: 2, theirSide: ANN } })).code).toBe('stage-not-reached')
    expect((await t.refusal('disputes.setStagePeople', { disputeId: id, input: { stage: 1, ourSide: null } })).code).toBe('stage-people-unchanged')
    const nameless = await t.refusal('disputes.setStagePeople', { disputeId: id, input: { stage: 1, theirSide: { name: '  ', role: 'Team manager' } } })
    expect(nameless.code).toBe('invalid-input')
    expect(nameless.message).toContain('Their name is required')
    expect((await t.refusal('disputes.escalate', { disputeId: id, input: { ourSide: { role: 'Line manager' } } })).code).toBe('invalid-input')
    expect(t.snapshot()).toEqual(before)
  })

  it('survives locking and unlocking: who was involved is stored on the dispute', async () => {
    const id = await stHelensDispute()
    await t.call('disputes.escalate', { disputeId: id, input: { ourSide: SAM, theirSide: ANN } })
    await t.call('vault.lock', {})
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    if (inspected.state !== 'present') throw new Error('vault expected')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: inspected.people[0]!.personId, passphrase: 'copper lantern orchard quietly' })
    const view = await t.call('disputes.get', { disputeId: id })
    expect(view.dispute.stageHistory[1]).toMatchObject({ ourSide: SAM, theirSide: ANN })
  })
})
