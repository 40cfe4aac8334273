/**
 * What colleagues did, named in the audit trail of the apply that merges it (issue #17, "Everything travels: …
 * and the audit trail"): each change with its person, its dispute's reference and its time by the writer's clock,
 * as many as the audit trail's summaries hold (400 characters), then how many more.
 */
import { describe, expect, it } from 'vitest'
import type { TeamEvent } from '../../../src/main/domain/team/events'
import { AUDIT_SUMMARY_MAX, withColleaguesChanges } from '../../../src/main/team/bridge-audit'

const event = (i: number, personId: string, action: Record<string, unknown>): TeamEvent =>
  ({ id: `${'a'.repeat(32)}:${i}:0`, deviceId: 'a'.repeat(32), personId, at: `2026-12-02T1${i % 10}:05:00.000Z`, action }) as unknown as TeamEvent

const names: Record<string, string> = { pben: 'Ben Okafor', pcara: 'Cara Singh' }
const refs: Record<string, string> = { d1: 'ESC-2026-0014', d2: 'ESC-2026-0015' }
const say = (events: TeamEvent[]) =>
  withColleaguesChanges('Changes merged from Ben Okafor’s device: 1 dispute', events, (e) => names[e.personId]!, (id) => refs[id] ?? null)

describe('colleagues’ changes in the audit trail', () => {
  it('names each change with its person once per run, the reference and the time in London', () => {
    expect(
      say([
        event(1, 'pben', { kind: 'record-approved', disputeId: 'd1' }),
        event(2, 'pben', { kind: 'transition', disputeId: 'd1', to: 'escalated', stage: 2 }),
        event(3, 'pcara', { kind: 'transition', disputeId: 'd2', to: 'resolved', stage: 1 }),
        event(4, 'pcara', { kind: 'child-saved', disputeId: 'child:x' }),
      ]),
    ).toBe(
      'Changes merged from Ben Okafor’s device: 1 dispute. Ben Okafor approved a record on ESC-2026-0014 (2 Dec 2026, 11:05); escalated ESC-2026-0014 to stage 2 (2 Dec 2026, 12:05); Cara Singh marked ESC-2026-0015 resolved (2 Dec 2026, 13:05); saved a child’s details (2 Dec 2026, 14:05) (times by their devices’ clocks).',
    )
  })

  it('never runs past what the audit trail shows: as many as fit, then how many more', () => {
    const many = Array.from({ length: 40 }, (_, i) => event(i, 'pben', { kind: 'draft-saved', disputeId: 'd1' }))
    const said = say(many)
    expect(said.length).toBeLessThanOrEqual(AUDIT_SUMMARY_MAX)
    const shown = said.split('; ').length - 1
    expect(said).toMatch(new RegExp(`; and ${40 - shown} more \\(times by their devices’ clocks\\)\\.$`))
    expect(say([])).toBe('Changes merged from Ben Okafor’s device: 1 dispute')
  })
})
