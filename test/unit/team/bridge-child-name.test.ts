/**
 * A child's new name reaches every dispute naming the child on every device (issue 17: "Everything travels"),
 * not only the disputes the same merge happened to change: open and closed disputes alike, and the year
 * summaries follow the child's setting.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { gateViews } from '../../../src/main/caselog'
import { openDispute } from '../../../src/main/domain/disputes'
import type { Dispute } from '../../../src/shared/dispute'
import { desks, editChildOn, openOn, resolveOn, syncAll, tempFolders, type Desk } from './bridge-helpers'

const temp = tempFolders('team-child-')
afterEach(temp.clear)

/** A second dispute about a child already in the log, opened on `desk`. */
async function openAbout(desk: Desk, childId: string): Promise<Dispute> {
  const slot = desk.log.reserveDispute(2026)
  const policy = desk.log.policies().find((p) => p.id === 'solihull-sscp')!
  const t = openDispute(
    {
      childIds: [childId],
      otherAgency: { agency: 'Birmingham and Solihull ICB', practitioner: 'Sam Reed' },
      disputed: { kind: 'decision', description: 'The health assessment was declined.' },
      reasons: { ids: [], text: 'The child needs the assessment.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
      by: desk.name,
    },
    { policy, calendar: desk.log.calendar(), now: desk.clock.now.toISOString(), records: gateViews([]), id: slot.id, reference: slot.reference },
  )
  if (!t.ok) throw new Error('refused')
  await desk.log.openDispute(slot, t.dispute, { action: 'dispute-opened', subject: slot.reference, summary: 'Dispute opened' })
  return t.dispute
}

describe('a child’s new name on every device', () => {
  it('reaches every dispute naming the child, open or closed, on each of three devices', async () => {
    const all = await desks(temp.made(), ['Asha Patel', 'Ben Okafor', 'Chloe Evans'])
    const [dsl, deputy, third] = all as [Desk, Desk, Desk]
    const first = await openOn(dsl, 'Priya Shah')
    const childId = first.childIds[0]!
    await syncAll(all)
    const second = await openAbout(deputy, childId)
    await resolveOn(dsl, first.id)
    await syncAll(all)

    await editChildOn(third, childId, { name: 'Priya Shah-Khan', settingName: 'Oak Hill Primary School' })
    await syncAll(all)
    for (const d of all) {
      expect(Object.values(await d.log.children()).map((c) => c.name)).toEqual(['Priya Shah-Khan'])
      for (const id of [first.id, second.id]) expect((await d.log.disputeDocOf(id))!.childNames).toEqual(['Priya Shah-Khan'])
      // The closed dispute's archive entry (what retention review and reports list) names the child so too.
      const closed = (await d.log.allDisputes()).find((e) => e.dispute.id === first.id)!
      expect(closed.dispute.status).toBe('resolved')
      expect(closed.childNames).toEqual(['Priya Shah-Khan'])
      // The quarterly figures read the child's setting from the year summaries: they follow it too.
      expect((await d.log.quarterlyFacts()).children.map((c) => [c.id, c.settingName])).toEqual([[childId, 'Oak Hill Primary School']])
    }
    // Applying again changes nothing.
    const audit = (await dsl.vault.readAudit({ limit: 500 })).length
    await dsl.sync()
    expect((await dsl.vault.readAudit({ limit: 500 })).length).toBe(audit)
  })
})
