/**
 * The team vault's channels over two real local vaults sharing one folder (issue 17): the DSL sets up a
 * team on the folder, invites a deputy, the deputy joins from her own vault with the file and the code, both
 * see the members, and the DSL removes her. Every answer is parsed with its channel's output schema.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
const opened: T[] = []
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup()
})

async function two() {
  const dsl = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
  const deputy = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
  opened.push(dsl, deputy)
  const shared = join(dsl.root, 'shared')
  mkdirSync(shared)
  return { dsl, deputy, shared }
}

const everyByte = (dir: string): Buffer => {
  const out: Buffer[] = []
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(readFileSync(p))
    }
  }
  walk(dir)
  return Buffer.concat(out)
}

describe('team vault channels', () => {
  it('set up on a folder, invite, join, members on both sides, remove', async () => {
    const { dsl, deputy, shared } = await two()
    expect(await dsl.call('team.status', {})).toMatchObject({ member: false, members: [] })
    const set = await dsl.call('team.setUp', { transport: { kind: 'folder', path: shared } })
    expect(set).toMatchObject({ member: true, where: `the shared folder ${shared}`, myRole: 'owner', members: [{ name: 'Harriet Okonkwo', role: 'owner', me: true }] })

    // Inviting hands out the team's keys: it asks for the passphrase as inviting to the vault does (just given, at create).
    expect((await dsl.refusal('team.invite', { name: 'Ben Okafor', role: 'member', days: 30 })).message).toContain('at most 14 days')
    const inv = await dsl.call('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })
    expect(inv.savedTo).toBe(join(dsl.exportsDir, 'Team vault invitation for Ben Okafor.eltinvite'))
    expect(inv.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{6}$/)
    expect((await dsl.call('team.status', {})).pending).toEqual([{ inviteId: expect.any(String), name: 'Ben Okafor', role: 'member', expiresAt: '2026-12-09T14:05:00.000Z' }])

    const wrong = await deputy.refusal('team.join', { file: inv.savedTo, code: 'AAAA-AAAAAA', folder: shared })
    expect(wrong).toMatchObject({ code: 'wrong-code', message: 'That code does not match the invitation. Check it with the person who gave it to you.' })
    const joined = await deputy.call('team.join', { file: inv.savedTo, code: inv.code!.toLowerCase(), folder: shared })
    expect(joined).toMatchObject({ member: true, myRole: 'member' })
    expect(joined!.members.map((m) => [m.name, m.role, m.me])).toEqual([
      ['Harriet Okonkwo', 'owner', false],
      ['Harriet Okonkwo', 'member', true],
    ])

    const after = await dsl.call('team.syncNow', {})
    expect(after.pending).toEqual([])
    expect(after.members.map((m) => m.role)).toEqual(['owner', 'member'])
    expect(after.problems).toEqual([])
    const deputyId = after.members.find((m) => !m.me)!.personId

    // Nothing the folder holds names anyone (both people are "Harriet Okonkwo" in these test vaults).
    const bytes = everyByte(shared).toString('latin1')
    for (const word of ['Harriet', 'Okonkwo', 'Ben', 'Okafor', deputyId]) expect(bytes).not.toContain(word)

    expect((await deputy.refusal('team.remove', { personId: after.members[0]!.personId })).message).toBe('Only an owner of the team vault can invite, remove or re-key.')

    const removed = await dsl.call('team.remove', { personId: deputyId })
    expect(removed.members.map((m) => m.role)).toEqual(['owner'])
    expect(removed.removed).toEqual(['Harriet Okonkwo'])
    const deputyAfter = await deputy.call('team.syncNow', {})
    expect(deputyAfter.removed).toEqual(['Harriet Okonkwo'])
    expect(deputyAfter.myRole).toBeNull()
    expect(deputyAfter.left).toBe('removed')

    const audit = await dsl.call('audit.list', { limit: 50 })
    const actions = JSON.stringify(audit)
    for (const a of ['team-set-up', 'team-invitation-made', 'team-member-removed']) expect(actions).toContain(a)
    expect(JSON.stringify(await deputy.call('audit.list', { limit: 50 }))).toContain('team-joined')
  })

  it('an owner withdraws an invitation not yet used, and a removal withdraws every one; a withdrawn invitation is refused in words when used', async () => {
    const { dsl, deputy, shared } = await two()
    const cara = await openTestApi('2026-12-02T14:05:00Z', { teamSyncMs: 0 })
    opened.push(cara)
    await dsl.call('team.setUp', { transport: { kind: 'folder', path: shared } })
    const first = await dsl.call('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })
    const { pending } = await dsl.call('team.status', {})
    expect((await dsl.refusal('team.withdrawInvitation', { inviteId: 'not-an-invite' })).message).toBe('That is not an invitation of this team vault.')
    const withdrawn = await dsl.call('team.withdrawInvitation', { inviteId: pending[0]!.inviteId })
    expect(withdrawn.pending).toEqual([])
    expect((await dsl.refusal('team.withdrawInvitation', { inviteId: pending[0]!.inviteId })).message).toBe(
      'That invitation is not waiting to be used: it has been used, has run out or was withdrawn already.',
    )
    const refused = await deputy.refusal('team.join', { file: first.savedTo, code: first.code!, folder: shared })
    expect(refused.code).toBe('invitation-expired')
    expect(refused.message).toBe(
      'That invitation is no longer waiting to be used: Harriet Okonkwo has withdrawn it, or removed someone from the team since (which withdraws every invitation not yet used). Ask them for a new one.',
    )
    expect(await deputy.call('team.status', {})).toMatchObject({ member: false })

    // A second invitation is used; a third waits while the deputy is removed: the removal withdraws it.
    const second = await dsl.call('team.invite', { name: 'Ben Okafor', role: 'member', days: 7 })
    const secondId = (await dsl.call('team.status', {})).pending[0]!.inviteId
    await deputy.call('team.join', { file: second.savedTo, code: second.code!, folder: shared })
    const third = await dsl.call('team.invite', { name: 'Cara Singh', role: 'viewer', days: 7 })
    const synced = await dsl.call('team.syncNow', {})
    const joinedId = synced.members.find((m) => !m.me)!.personId
    // Used (the third invitation's list recorded the join): no longer waiting.
    expect((await dsl.refusal('team.withdrawInvitation', { inviteId: secondId })).message).toBe(
      'That invitation is not waiting to be used: it has been used, has run out or was withdrawn already.',
    )
    const removed = await dsl.call('team.remove', { personId: joinedId })
    expect(removed.pending).toEqual([])
    const late = await cara.refusal('team.join', { file: third.savedTo, code: third.code!, folder: shared })
    expect(late.code).toBe('invitation-expired')

    const audit = JSON.stringify(await dsl.call('audit.list', { limit: 50 }))
    expect(audit).toContain('Harriet Okonkwo withdrew the invitation of Ben Okafor to the team vault as a member, before it was used')
    expect(audit).toContain('the invitation not yet used (Cara Singh) was withdrawn')
  })

  it('refuses a WebDAV address that is not https (except this computer), and an unknown file as an invitation', async () => {
    const { dsl, deputy } = await two()
    const plain = await dsl.refusal('team.setUp', { transport: { kind: 'webdav', url: 'http://files.example.org/team', username: 'dsl', password: 'x' } })
    expect(plain.code).toBe('invalid-input')
    expect(plain.message).toMatch(/https/)
    const notOne = join(deputy.root, 'note.txt')
    writeFileSync(notOne, 'hello')
    expect((await deputy.refusal('team.join', { file: notOne, code: 'AAAA-AAAAAA', folder: deputy.root })).message).toBe('That file is not an invitation to a team vault.')
  })
})
