/**
 * Stored files through the team vault, by the real handler tables (issue 17: a record from another device
 * arrives with its files). The deputy saves an email as a record (the email and the PDF it carried are stored
 * with it) and attaches a file, locks before any sync (the save's commit held the team document, parts and
 * all), and after she syncs the DSL's record holds the same files, which his vault's own check reads. A file
 * she removes from her draft goes from his copy too.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { contract, type Channel, type ChannelOutput } from '../../../src/shared/ipc'
import { openTestApi, PASS } from './helpers'
import { amyExampleDisputeId } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

const parsed = <C extends Channel>(channel: C, value: unknown): ChannelOutput<C> => contract[channel].output.parse(value) as ChannelOutput<C>
const fixture = (name: string): string => join(__dirname, '../../fixtures/mail', name)

async function team() {
  const dsl = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
  const deputy = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
  opened.push(dsl, deputy)
  const shared = join(dsl.root, 'shared')
  mkdirSync(shared)
  const disputeId = await amyExampleDisputeId(dsl.call)
  parsed('team.setUp', await dsl.call('team.setUp', { transport: { kind: 'folder', path: shared } }))
  const inv = await dsl.call('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })
  parsed('team.join', await deputy.call('team.join', { file: inv.savedTo, code: inv.code, folder: shared }))
  return { dsl, deputy, disputeId }
}

const relock = async (t: T) => {
  const person = (await t.call('vault.session', {}))!.person
  await t.call('vault.lock', {})
  await t.call('vault.unlock', { dir: t.vaultDir, personId: person.personId, passphrase: PASS })
}

describe('stored files through the team vault', () => {
  it('an email saved as a record and a file attached reach the DSL with the record; a file removed from the draft goes there too', async () => {
    const { dsl, deputy, disputeId } = await team()
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
})
