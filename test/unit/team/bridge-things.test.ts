/**
 * The bridge for what has no meaning of its own to merge by, and for what only adds: steps and notifications
 * recorded on two devices at once are both kept; a child's details edited on two devices at once are kept as
 * two versions until a person saves again; directory entries, imported and retired policies and the team's
 * settings travel; a person's own settings do not.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEntry } from '../../../src/main/domain/directory'
import { builtInPolicies } from '../../../src/main/domain/policies'
import { SUBJECT } from '../../../src/main/domain/team/events'
import { TeamBridge } from '../../../src/main/team/bridge'
import { approveOn, desks, draftOn, editChildOn, openOn, stepDoneOn, syncAll, tempFolders } from './bridge-helpers'

const temp = tempFolders('team-things-')
afterEach(temp.clear)
const folder = temp.made

describe('the bridge for the whole team’s things', () => {
  it('a DSL who kept her log alone before the team tells it everything once; telling it again sends nothing', async () => {
    const all = await desks(folder(), ['Asha Patel', 'Ben Okafor'])
    const [dsl, deputy] = all
    dsl!.bridge.detach()
    const dispute = await openOn(dsl!, 'Priya Shah')
    const call = await draftOn(dsl!, dispute.id, 'Rang Jo Bloggs before the team existed.')
    await approveOn(dsl!, dispute.id, call.id)
    expect(dsl!.device.waiting).toBe(0)
    const joined = new TeamBridge({ caselog: dsl!.log, device: dsl!.device, nameOf: () => 'Asha Patel', now: () => dsl!.clock.now })
    await joined.publishAll()
    await dsl!.device.sync()
    await joined.publishAll()
    expect(dsl!.device.waiting).toBe(0)
    await deputy!.sync()
    expect((await deputy!.log.records(dispute.id)).map((r) => [r.status, r.weSaid])).toEqual([['approved', 'Rang Jo Bloggs before the team existed.']])
    expect(Object.values(await deputy!.log.children()).map((c) => c.name)).toEqual(['Priya Shah'])
  })

  it('steps recorded done on two devices at once are both kept, and the dispute is the same everywhere', async () => {
    const all = await desks(folder(), ['Asha Patel', 'Ben Okafor'])
    const [dsl, deputy] = all
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll(all)
    await stepDoneOn(dsl!, dispute.id, 'stage-1/step/practitioners-discuss')
    await stepDoneOn(deputy!, dispute.id, 'stage-1/step/line-managers-contact')
    await syncAll(all)
    for (const d of all) {
      const { entry } = await d.log.find(dispute.id)
      expect(entry.dispute.stepsDone.map((s) => s.key).sort()).toEqual(['stage-1/step/line-managers-contact', 'stage-1/step/practitioners-discuss'])
      expect((await d.log.disputeDocOf(dispute.id))!.team).toBeNull()
    }
  })

  it('a child’s details edited on two devices at once: both versions kept and shown, each desk keeps its own until a person saves again', async () => {
    const all = await desks(folder(), ['Asha Patel', 'Ben Okafor'])
    const [dsl, deputy] = all
    const dispute = await openOn(dsl!, 'Priya Shah')
    await syncAll(all)
    const childId = dispute.childIds[0]!
    await editChildOn(dsl!, childId, { settingName: 'Oak Hill Primary School' })
    await editChildOn(deputy!, childId, { settingName: 'Oak Hill Primary' })
    await syncAll(all)
    for (const d of all) {
      const entity = d.device.state().disputes.find((x) => x.disputeId === SUBJECT.child(childId))!.entity!
      expect(entity.current.map((v) => (v.value.kind === 'child' ? v.value.child.settingName : null)).sort()).toEqual(['Oak Hill Primary', 'Oak Hill Primary School'])
    }
    expect((await dsl!.log.children())[childId]!.settingName).toBe('Oak Hill Primary School')
    expect((await deputy!.log.children())[childId]!.settingName).toBe('Oak Hill Primary')
    // Asha saves the child again: made from both versions, so it settles everywhere.
    await editChildOn(dsl!, childId, { settingName: 'Oak Hill Primary School (Infants)' })
    await syncAll(all)
    for (const d of all) {
      expect((await d.log.children())[childId]!.settingName).toBe('Oak Hill Primary School (Infants)')
      expect(d.device.state().disputes.find((x) => x.disputeId === SUBJECT.child(childId))!.entity!.current).toHaveLength(1)
    }
  })

  it('a directory entry, an imported and a retired policy, the team’s settings and closure days travel; a person’s own settings stay on their device', async () => {
    const all = await desks(folder(), ['Asha Patel', 'Ben Okafor'])
    const [dsl, deputy] = all
    const entry = createEntry({ name: 'Jo Bloggs', role: 'Team manager', agency: 'Solihull Children’s Services', phone: '0121 704 6000' }, { id: 'entry-jo-bloggs' })
    await dsl!.log.saveDirectoryEntry(entry, { action: 'directory-added', summary: 'Directory entry added' })
    const solihull = builtInPolicies().find((p) => p.id === 'solihull-sscp')!
    const imported = { ...solihull, version: solihull.version + 1 }
    await dsl!.log.importPolicy(imported, { action: 'policy-imported', summary: 'Imported' })
    await dsl!.log.setRetiredPolicies([{ policyId: 'wolverhampton-wscb', at: '2026-12-02T09:00:00.000Z', by: 'Asha Patel', reason: 'Not our partnership' }], { action: 'policy-retired', summary: 'Retired' })
    await dsl!.log.saveSettings({ ...dsl!.log.settings(), retentionYears: 30, autoLockMinutes: 3 }, { action: 'settings', summary: 'Settings changed' })
    await dsl!.log.setClosureDays([{ date: '2026-12-18', label: 'Inset day' }], { action: 'closure-added', summary: 'Closure day added: 2026-12-18 (Inset day)' })
    const ownLock = deputy!.log.settings().autoLockMinutes
    // Ben works before he has received anything: his saves do not offer his defaults as the team's settings.
    await openOn(deputy!, 'Kai Brennan')
    await syncAll(all)
    expect((await deputy!.log.directory())['entry-jo-bloggs']).toEqual(entry)
    expect(deputy!.log.importedPolicies().map((p) => [p.id, p.version])).toEqual([[imported.id, imported.version]])
    expect(deputy!.log.retiredPolicies().map((r) => r.policyId)).toEqual(['wolverhampton-wscb'])
    expect(deputy!.log.settings()).toMatchObject({ retentionYears: 30, autoLockMinutes: ownLock })
    // The school's closure day counts in the deputy's working days too.
    expect(deputy!.log.calendarDays()).toEqual({ bankHolidays: null, extraClosures: [{ date: '2026-12-18', label: 'Inset day' }] })
    expect(deputy!.log.calendar().extraClosures).toEqual([{ date: '2026-12-18', label: 'Inset day' }])
    const audit = (await deputy!.vault.readAudit({ limit: 1 }))[0]!
    expect(audit.summary).toMatch(/^Changes merged from Asha Patel’s device: .*directory entr.*policy changes, the team’s settings$/)
  })
})
