/**
 * Sensitive changes ask again, through the handler table.
 *
 * Issue 12, "What to build": "Sensitive changes ask again: adding or removing a person, changing or
 * turning off rolling backups, exporting a backup, any unencrypted export (Word, email, CSV), a retention
 * disposal and lengthening auto-lock ask for the current person's passphrase (at most once every few
 * minutes)". Making or saving the recovery key is asked for too: the key opens the vault for whoever holds it.
 * The window is 5 minutes on a monotonic clock the test moves; unlocking opens it.
 *
 * (There is no CSV export in the app; Word, email and the trends report are the unencrypted exports.)
 */
import { readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invitePerson, openTestApi, PASS } from './helpers'
import { aDispute } from '../../support/disputes'
import type { Channel } from '../../../src/shared/ipc'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
const mono = { ms: 0 }
const FIVE_MINUTES = 5 * 60_000
const SAM_PASS = 'meadow cobalt saxophone ripple'

beforeEach(async () => {
  mono.ms = 0
  t = await openTestApi('2026-12-01T09:00:00Z', { monotonicNow: () => mono.ms })
})
afterEach(async () => t.cleanup())

async function stHelensDispute() {
  return aDispute(t.call, { policyId: 'st-helens-scp' })
}

async function closedOldDispute() {
  const open = await aDispute(t.call, { child: { name: 'Old Case', dateOfBirth: '2000-03-01' } })
  await t.call('disputes.withdraw', { disputeId: open.dispute.id, input: { reason: 'Resolved informally' } })
  return open.dispute.id
}

/** Each sensitive action: how to set it up (while the window is open), then the call itself. */
const SENSITIVE: { what: string; prepare: () => Promise<{ channel: Channel; input: unknown }> }[] = [
  { what: 'inviting a person', prepare: async () => ({ channel: 'people.invite', input: { name: 'Sam Patel', validForHours: 24 } }) },
  {
    what: 'removing a person',
    prepare: async () => {
      const sam = await invitePerson(t, 'Sam Patel', SAM_PASS)
      return { channel: 'people.remove', input: { personId: sam.personId } }
    },
  },
  { what: 'making a recovery key', prepare: async () => ({ channel: 'vault.createRecoveryKey', input: {} }) },
  {
    what: 'saving the recovery key as a file',
    prepare: async () => {
      await t.call('vault.createRecoveryKey', {})
      return { channel: 'vault.saveRecoveryKey', input: {} }
    },
  },
  { what: 'changing how many rolling backups are kept', prepare: async () => ({ channel: 'backup.settings', input: { keep: 3 } }) },
  { what: 'changing how often rolling backups are made', prepare: async () => ({ channel: 'backup.settings', input: { everyEvents: 100_000 } }) },
  { what: 'saving a backup', prepare: async () => ({ channel: 'backup.create', input: {} }) },
  {
    what: 'a Word export',
    prepare: async () => ({ channel: 'exports.document', input: { disputeId: (await stHelensDispute()).dispute.id, document: 'escalation-record' } }),
  },
  {
    what: 'an email export',
    prepare: async () => {
      const view = await stHelensDispute()
      const owed = view.status!.notificationsOwed.find((n) => n.form)!
      return { channel: 'exports.email', input: { disputeId: view.dispute.id, notificationId: owed.notificationId, ...(owed.stage ? { stage: owed.stage } : {}) } }
    },
  },
  { what: 'the trends report', prepare: async () => ({ channel: 'exports.trends', input: { year: 2026, quarter: 4 } }) },
  {
    what: 'a retention disposal',
    prepare: async () => ({ channel: 'retention.decide', input: { disputeId: await closedOldDispute(), decision: 'dispose', reason: 'Retention period ended; nothing outstanding' } }),
  },
  { what: 'lengthening auto-lock', prepare: async () => ({ channel: 'settings.update', input: { autoLockMinutes: 60 } }) },
]

describe('sensitive changes ask for the passphrase again', () => {
  for (const action of SENSITIVE) {
    it(`${action.what}: refused with passphrase-needed after 5 minutes, changing nothing; allowed once the passphrase is confirmed`, async () => {
      const { channel, input } = await action.prepare()
      mono.ms += FIVE_MINUTES
      const before = t.snapshot()
      const auditBefore = await t.call('audit.list', { limit: 1 })
      const refused = await t.refusal(channel, input)
      expect(refused.code).toBe('passphrase-needed')
      expect(refused.message).toMatch(/enter your passphrase again/)
      expect(refused.message).toMatch(/at most once every 5 minutes/)
      // Nothing was written: not the vault folder, not an exported file, not an audit event.
      expect(t.snapshot()).toEqual(before)
      expect(readdirSync(t.exportsDir)).toEqual([])
      expect(await t.call('audit.list', { limit: 1 })).toEqual(auditBefore)

      const wrong = await t.refusal('vault.confirmPassphrase', { passphrase: 'not my passphrase at all' })
      expect(wrong).toMatchObject({ code: 'wrong-passphrase', field: 'passphrase' })
      expect(await t.refusal(channel, input)).toMatchObject({ code: 'passphrase-needed' })

      expect(await t.call('vault.confirmPassphrase', { passphrase: PASS })).toEqual({ confirmed: true, forSeconds: 300 })
      await t.call(channel, input)
    })
  }

  it('asks at most once every 5 minutes: within the window nothing asks again, just after it the next change asks', async () => {
    mono.ms += FIVE_MINUTES - 1 // unlocking (here: creating the vault) opened the window
    await t.call('backup.settings', { keep: 4 })
    mono.ms += 1
    expect((await t.refusal('backup.settings', { keep: 5 })).code).toBe('passphrase-needed')
    await t.call('vault.confirmPassphrase', { passphrase: PASS })
    mono.ms += FIVE_MINUTES - 1
    await t.call('backup.settings', { keep: 5 })
    await t.call('people.invite', { name: 'Sam Patel', validForHours: 24 })
    mono.ms += 1
    expect((await t.refusal('settings.update', { autoLockMinutes: 30 })).code).toBe('passphrase-needed')
  })

  it('a new unlock opens the window for that session; a lock closes it', async () => {
    mono.ms += FIVE_MINUTES
    expect((await t.refusal('backup.settings', { keep: 4 })).code).toBe('passphrase-needed')
    const me = (await t.call('vault.session', {}))!.person
    await t.call('vault.lock', {})
    expect((await t.refusal('vault.confirmPassphrase', { passphrase: PASS })).code).toBe('vault-locked')
    await t.call('vault.unlock', { dir: t.vaultDir, personId: me.personId, passphrase: PASS })
    await t.call('backup.settings', { keep: 4 })
  })

  it('asks for the passphrase of the person signed in, not anyone else’s in the vault', async () => {
    await invitePerson(t, 'Sam Patel', SAM_PASS)
    mono.ms += FIVE_MINUTES
    const other = await t.refusal('vault.confirmPassphrase', { passphrase: SAM_PASS })
    expect(other.code).toBe('wrong-passphrase')
    expect(other.message).toContain('Harriet Okonkwo')
    expect((await t.refusal('backup.create', {})).code).toBe('passphrase-needed')
  })

  it('does not ask for what is not sensitive: shortening auto-lock, reading backup settings, keeping a dispute at review, a saved record', async () => {
    const id = await closedOldDispute()
    mono.ms += FIVE_MINUTES
    await t.call('settings.update', { autoLockMinutes: 5 })
    await t.call('settings.update', { autoLockMinutes: 5, retentionYears: 30 })
    await t.call('backup.getSettings', {})
    await t.call('retention.decide', { disputeId: id, decision: 'retain', reason: 'A complaint is still open', retainUntil: '2027-12-01' })
    const view = await stHelensDispute()
    await t.call('records.createDraft', {
      disputeId: view.dispute.id,
      draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-01', time: '08:30' }, contact: { name: 'Tom Okafor' }, direction: 'outgoing', weSaid: 'Asked for a review date.' },
    })
  })

  it('a wall-clock change does not stretch the window (it is timed on the monotonic clock)', async () => {
    mono.ms += FIVE_MINUTES
    t.at('2026-12-01T08:00:00Z')
    expect((await t.refusal('people.invite', { name: 'Sam Patel', validForHours: 24 })).code).toBe('passphrase-needed')
  })
})
