/**
 * Issue 15: "One chronology of contacts, escalations, notifications and decisions, each row with its
 * cross-reference (A1, A2…) into the appendix; the escalation record for the child's file opens with it."
 */
import { describe, expect, it } from 'vitest'
import { recordLabel } from '../../../src/main/domain/records'
import { recordRefs } from '../../../src/main/domain/meetings/words'
import { escalationRecord } from '../../../src/main/exports'
import { chronologyEntries } from '../../../src/main/exports/chronology'
import { exportOptions, stHelensResolved } from './fixtures'
import { readDocx, squash, tableRows } from './read-docx'

describe('one chronology', () => {
  it('holds the opening, every escalation, every approved contact with its A-number, and the outcome, in time order', () => {
    const s = stHelensResolved()
    const entries = chronologyEntries(s.dispute, s.policy, s.records)
    const refs = recordRefs(s.records)
    expect(entries[0]).toMatchObject({ kind: 'decision', what: expect.stringContaining('Dispute opened at Stage 1') })
    expect(entries.filter((e) => e.kind === 'escalation')).toHaveLength(s.dispute.stageHistory.length - 1)
    expect(entries.filter((e) => e.kind === 'contact').map((e) => e.ref)).toEqual([...refs.values()])
    expect(entries.filter((e) => e.kind === 'decision' && e.what.startsWith('Resolved by'))).toHaveLength(1)
    const order = entries.map((e) => (e.at.length === 10 ? `${e.at}T99` : e.at.slice(0, 16)))
    expect([...order].sort()).toEqual(order)
  })

  it('opens the escalation record, before the disagreement and the stages, and its numbers are the appendix’s', async () => {
    const s = stHelensResolved()
    const doc = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    const text = squash(doc.text)
    expect(text.indexOf('Chronology')).toBeGreaterThan(-1)
    expect(text.indexOf('Chronology')).toBeLessThan(text.indexOf('The disagreement'))
    expect(text).toContain('Appendix A. The approved contact records in full')
    const refs = recordRefs(s.records)
    const first = s.records.find((r) => refs.get(r.id) === 'A1')!
    expect(text).toContain(`A1. ${recordLabel(first)}`)
    const rows = tableRows(doc.documentXml).filter((r) => r.length === 4 && r[3] === 'A1')
    expect(rows).toHaveLength(1)
    expect(rows[0][1]).toBe('Contact')
  })
})
