/**
 * The case log's writes over a real vault: each is one commit and one audit event, memory changes only
 * after the commit succeeded, and the `saved` event says what changed — and only after a success.
 */
import { describe, expect, it } from 'vitest'
import { CaseLog, type SavedChange } from '../../../src/main/caselog'
import { createChild } from '../../../src/main/domain/children'
import { failingIo, newVault, reopen, type Failure } from '../store/helpers'

const TODAY = '2026-12-01'
const child = (id: string, name: string) => createChild({ name }, { id, today: TODAY })

async function openLog() {
  const fail = { when: (_p: string): Failure | null => null }
  const made = await newVault({ io: failingIo((p) => fail.when(p)) })
  const log = await CaseLog.open(made.vault)
  const saved: SavedChange[] = []
  log.onSaved((c) => void saved.push(c))
  return { ...made, log, saved, fail }
}

describe('the case log’s writes', () => {
  it('a write is one commit with one audit event, and the saved event names what changed', async () => {
    const { vault, log, saved } = await openLog()
    await log.addChild(child('c1', 'Amy Example'), { action: 'child-added', subject: 'Amy Example', summary: 'Child added' })
    const [event] = await vault.readAudit({ limit: 1 })
    expect(event).toMatchObject({ action: 'child-added', docs: [expect.objectContaining({ id: 'children' })] })
    expect(saved).toEqual([{ event: expect.objectContaining({ seq: event!.seq }), disputeIds: [], removedDisputeIds: [], children: true, directory: false, meetings: [], archives: [] }])
    expect(Object.keys(await log.children())).toEqual(['c1'])
  })

  it('a write that fails changes neither the vault, nor memory, nor tells any listener', async () => {
    const { vault, log, saved, fail } = await openLog()
    await log.addChild(child('c1', 'Amy Example'), { action: 'child-added', summary: 'Child added' })
    saved.length = 0
    fail.when = (p) => (p.includes('/documents/') ? { code: 'ENOSPC' } : null)
    await expect(log.addChild(child('c2', 'Ben Example'), { action: 'child-added', summary: 'Child added' })).rejects.toMatchObject({ code: 'write-failed' })
    await expect(log.setClosureDays([{ date: '2026-12-18', label: 'Inset day' }], { action: 'closure-added', summary: 'Closure' })).rejects.toMatchObject({ code: 'write-failed' })
    expect(Object.keys(await log.children())).toEqual(['c1'])
    expect(log.calendarDays().extraClosures).toEqual([])
    expect(saved).toEqual([])
    expect((await vault.readAudit({ limit: 1 }))[0]?.action).toBe('child-added')
  })

  it('a listener that fails does not fail the save, which is committed', async () => {
    const { dir, vault, log } = await openLog()
    log.onSaved(() => {
      throw new Error('the index could not follow')
    })
    await log.saveSettings({ autoLockMinutes: 5, profiles: {}, people: {}, exportWarningAcknowledged: false, retentionYears: 25, reminders: true }, { action: 'settings', summary: 'Settings changed' })
    await vault.lock()
    const again = await CaseLog.open(await reopen(dir, vault))
    expect(again.settings().autoLockMinutes).toBe(5)
  })

  it('settings are stored with their format and read back without it', async () => {
    const { dir, vault, log } = await openLog()
    await log.saveSettings({ autoLockMinutes: 12, profiles: {}, people: {}, exportWarningAcknowledged: true, retentionYears: 30, reminders: false }, { action: 'settings', summary: 'Settings changed' })
    expect(await vault.load('settings')).toMatchObject({ format: 4, autoLockMinutes: 12, reminders: false })
    await vault.lock()
    const again = await CaseLog.open(await reopen(dir, vault))
    expect(again.settings()).toEqual({ autoLockMinutes: 12, profiles: {}, people: {}, exportWarningAcknowledged: true, retentionYears: 30, reminders: false })
  })
})
