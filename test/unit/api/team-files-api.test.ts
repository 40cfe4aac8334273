/**
 * Stored files through the team vault, by the real handler tables (issue 17: a record from another device
 * arrives with its files). The deputy saves an email as a record (the email and the PDF it carried are stored
 * with it) and attaches a file, locks before any sync (the save's commit held the team document, parts and
 * all), and after she syncs the DSL's record holds the same files, which his vault's own check reads. A file
 * she removes from her draft goes from his copy too.
 */
import { readFileSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { contract, type Channel, type ChannelOutput } from '../../../src/shared/ipc'
import { openTestApi } from './helpers'
import { relock, teamOfTwo, type TestApi } from './team-helpers'
import { amyExampleDisputeId } from '../../support/disputes'

type T = TestApi
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

const parsed = <C extends Channel>(channel: C, value: unknown): ChannelOutput<C> => contract[channel].output.parse(value) as ChannelOutput<C>
const fixture = (name: string): string => join(__dirname, '../../fixtures/mail', name)

const team = () => teamOfTwo(opened)

/** Every document version file in the shared folder. */
function partsIn(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) partsIn(p, out)
    else if (/\/docs\/b\d{6}\/d-\d{12}-[0-9a-f]{8}\.elt$/.test(p)) out.push(p)
  }
  return out
}

describe('stored files through the team vault', () => {
  it('an email saved as a record and a file attached reach the DSL with the record; a file removed from the draft goes there too', async () => {
    const { dsl, deputy, disputeId, shared } = await team()
    deputy.at('2026-12-02T15:00:00Z')
    const { record } = await deputy.call('records.fromEmail', { disputeId, file: fixture('related-base64-attachment.eml') })
    const notes = join(deputy.root, 'notes.txt')
    writeFileSync(notes, 'Notes of the call about the strategy discussion.')
    const stray = join(deputy.root, 'wrong-file.txt')
    writeFileSync(stray, 'Not this one.')
    await deputy.call('attachments.add', { disputeId, recordId: record!.id, files: [notes, stray] })
    // Sealed, not yet sent; the lock and unlock keep it.
    await relock(deputy)
    parsed('team.syncNow', await deputy.call('team.syncNow', {}))
    // Each part is sealed under the dispute's own key (kind 6), sealed again after the unlock from the vault.
    expect(partsIn(shared).map((p) => readFileSync(p)[48])).toEqual([6, 6, 6, 6])

    parsed('team.syncNow', await dsl.call('team.syncNow', {}))
    const there = parsed('disputes.get', await dsl.call('disputes.get', { disputeId })).records.find((r) => r.id === record!.id)!
    expect(there.files!.map((f) => [f.name, f.source])).toEqual([
      ['related-base64-attachment.eml', 'email'],
      ['Strategy discussion minutes – 2 June.pdf', 'email-attachment'],
      ['notes.txt', 'file'],
      ['wrong-file.txt', 'file'],
    ])
    expect(await dsl.call('attachments.check', {})).toEqual({ checked: 4, damaged: [] })
    const pdf = there.files![1]!
    const { savedAs } = await dsl.call('attachments.save', { disputeId, recordId: record!.id, fileId: pdf.id, name: pdf.name })
    expect(readFileSync(savedAs!).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect((await dsl.call('team.status', {})).problems).toEqual([])

    const wrong = (await deputy.call('disputes.get', { disputeId })).records.find((r) => r.id === record!.id)!.files!.find((f) => f.name === 'wrong-file.txt')!
    await deputy.call('attachments.remove', { disputeId, recordId: record!.id, fileId: wrong.id, name: wrong.name })
    await deputy.call('team.syncNow', {})
    await dsl.call('team.syncNow', {})
    const after = parsed('disputes.get', await dsl.call('disputes.get', { disputeId })).records.find((r) => r.id === record!.id)!
    expect(after.files!.map((f) => f.name)).toEqual(['related-base64-attachment.eml', 'Strategy discussion minutes – 2 June.pdf', 'notes.txt'])
    expect(await dsl.call('attachments.check', {})).toEqual({ checked: 3, damaged: [] })
  })

  it('a file the shared folder has not delivered yet: the record arrives, its card says the file is awaited, the team’s problems name it, and the next sync stores it', async () => {
    const { dsl, deputy, disputeId, shared } = await team()
    deputy.at('2026-12-02T15:00:00Z')
    const draft = await deputy.call('records.createDraft', {
      disputeId,
      draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '14:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Sent the minutes.' },
    })
    const minutes = join(deputy.root, 'minutes.pdf')
    writeFileSync(minutes, '%PDF-1.4 minutes of the strategy discussion')
    await deputy.call('attachments.add', { disputeId, recordId: draft.id, files: [minutes] })
    await deputy.call('team.syncNow', {})
    const [part] = partsIn(shared)
    renameSync(part!, `${part}.syncing`)

    await dsl.call('team.syncNow', {})
    const view = parsed('disputes.get', await dsl.call('disputes.get', { disputeId }))
    const there = view.records.find((r) => r.id === draft.id)!
    expect(there.weSaid).toBe('Sent the minutes.')
    expect(there.files).toEqual([])
    const sentence = `The file “minutes.pdf” of the record “${there.label}” in ${view.dispute.reference}, from Harriet Okonkwo’s device, has not arrived yet. It will be fetched again at the next sync.`
    expect(there.awaitingFiles).toEqual([{ name: 'minutes.pdf', why: 'missing', message: sentence }])
    expect((await dsl.call('team.status', {})).problems).toEqual([sentence])

    renameSync(`${part}.syncing`, part!)
    await dsl.call('team.syncNow', {})
    const arrived = parsed('disputes.get', await dsl.call('disputes.get', { disputeId })).records.find((r) => r.id === draft.id)!
    expect(arrived.files!.map((f) => f.name)).toEqual(['minutes.pdf'])
    expect(arrived.awaitingFiles).toBeUndefined()
    expect((await dsl.call('team.status', {})).problems).toEqual([])
  })

  it('a file stored before the team was set up is offered with the case log, sealed again from the vault when sent, and reaches the deputy on joining', async () => {
    const dsl = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
    const deputy = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
    opened.push(dsl, deputy)
    const shared = join(dsl.root, 'shared')
    mkdirSync(shared)
    const disputeId = await amyExampleDisputeId(dsl.call)
    const draft = await dsl.call('records.createDraft', {
      disputeId,
      draft: { kind: 'meeting', stage: 1, occurredAt: { date: '2026-12-02', time: '10:00' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid: 'Strategy discussion.' },
    })
    const plan = join(dsl.root, 'safety plan.docx')
    writeFileSync(plan, Buffer.alloc(3 * 1024 * 1024 + 17, 'plan '))
    await dsl.call('attachments.add', { disputeId, recordId: draft.id, files: [plan] })
    parsed('team.setUp', await dsl.call('team.setUp', { transport: { kind: 'folder', path: shared } }))
    await dsl.call('team.syncNow', {})
    expect(partsIn(shared).map((p) => statSync(p).size)).toEqual([3 * 1024 * 1024 + 17 + 141])
    const inv = await dsl.call('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })
    parsed('team.join', await deputy.call('team.join', { file: inv.savedTo, code: inv.code, folder: shared }))
    await dsl.call('team.syncNow', {})
    await deputy.call('team.syncNow', {})
    const there = parsed('disputes.get', await deputy.call('disputes.get', { disputeId })).records.find((r) => r.id === draft.id)!
    expect(there.files!.map((f) => [f.name, f.size])).toEqual([['safety plan.docx', 3 * 1024 * 1024 + 17]])
    expect(await deputy.call('attachments.check', {})).toEqual({ checked: 1, damaged: [] })
  })
})
