import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultCalendar } from '../../../../src/main/domain/calendar'
import { disputeStatus, escalate, openDispute } from '../../../../src/main/domain/disputes'
import { validatePolicy } from '../../../../src/main/domain/policies'

const doc = readFileSync(resolve(__dirname, '../../../../docs/policy-format.md'), 'utf8')

describe('docs/policy-format.md', () => {
  it('its worked example is a valid policy and gives the deadlines the page says', () => {
    const json = /```json\n([\s\S]*?)\n```/.exec(doc)![1]
    const policy = validatePolicy(JSON.parse(json))
    const calendar = defaultCalendar()
    const ctx = (now: string) => ({ policy, calendar, now, records: [] })
    const opened = openDispute(
      {
        childIds: ['c'],
        childCircumstances: ['young-carer'],
        otherAgency: { agency: 'Other agency', practitioner: 'P' },
        disputed: { kind: 'inaction', description: 'No visit' },
        reasons: { ids: ['threshold'] },
        disagreementOn: '2026-11-02',
        triage: { level: 'standard' },
        by: 'DSL',
      },
      { ...ctx('2026-11-02T09:00:00.000Z'), id: 'x', reference: 'ESC-2026-0001' },
    )
    if (!opened.ok) throw opened.error
    expect(doc).toContain('stage 1 is due at **09:00 on\n4 Nov**; the whole process by **30 Nov 2026**')
    expect(opened.dispute.stageHistory[0].due?.deadline).toEqual({
      kind: 'instant',
      at: '2026-11-04T09:00:00.000Z',
    })
    expect(opened.dispute.overall?.deadline).toEqual({ kind: 'date', date: '2026-11-30' })
    const escalated = escalate(opened.dispute, { by: 'DSL' }, ctx('2026-11-04T10:00:00.000Z'))
    if (!escalated.ok) throw escalated.error
    const status = disputeStatus(escalated.dispute, ctx('2026-11-04T10:00:00.000Z'))
    const lines = status.dueDates
      .filter((d) => d.key.startsWith('stage-2'))
      .map((d) => `"${d.basis}" → ${d.display}`)
    const flat = doc.replace(/\n\s*/g, ' ')
    for (const line of lines) expect(flat).toContain(line)
    expect(lines).toHaveLength(3)
    expect(flat).toContain(`"${status.notificationsOwed[0].reason}"`)
  })
})
