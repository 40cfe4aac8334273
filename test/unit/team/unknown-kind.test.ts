/**
 * A segment holding a kind of change this version of the app does not know (written by a newer version) is refused
 * by name — not merged, not in part, and without crashing — and what was merged before it stands.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { TeamAction } from '../../../src/main/domain/team/events'
import { desks, openOn, tempFolders, type Desk } from './bridge-helpers'

const temp = tempFolders('team-unknown-')
afterEach(temp.clear)

describe('an unknown kind of change', () => {
  it('is refused by name, and nothing of its segment is merged', async () => {
    const [dsl, deputy] = (await desks(temp.made(), ['Asha Patel', 'Ben Okafor'])) as [Desk, Desk]
    const dispute = await openOn(dsl, 'Priya Shah')
    await dsl.sync()
    const newer = { kind: 'meeting-moved', disputeId: dispute.id, to: '2027-01-04' } as unknown as TeamAction
    dsl.device.append([newer, { kind: 'draft-set-aside', disputeId: dispute.id, recordId: 'r1', reason: 'In the same segment.' }], dsl.clock.now)
    await dsl.device.sync()
    await deputy.sync()
    const [problem] = deputy.device.problemSentences()
    expect(problem).toContain('holds a kind of change this version of the app does not know (“meeting-moved”)')
    expect(problem).toContain('Asha Patel')
    expect(deputy.device.problems()).toEqual([expect.objectContaining({ kind: 'damaged', why: 'unknown-kind', kinds: ['meeting-moved'] })])
    // The dispute merged before it stands; nothing of the refused segment is merged.
    expect((await deputy.log.disputeDocOf(dispute.id))?.dispute.reference).toBe(dispute.reference)
    expect(JSON.stringify(deputy.device.state())).not.toContain('In the same segment.')
  })
})
