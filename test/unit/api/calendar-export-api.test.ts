/**
 * Issue 18, "Deadlines in Outlook", through the real handler table: the export is saved and audited as any
 * export, and the last export's events are kept in the vault, so a re-export keeps every UID and cancels,
 * with the same UID, the deadlines of a dispute withdrawn since.
 */
import { readFileSync } from 'node:fs'
import ICAL from 'ical.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestApi } from './helpers'
import { aDispute as openADispute } from '../../support/disputes'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

async function aDispute(name: string): Promise<string> {
  return (await openADispute(t.call, { child: { name } })).dispute.id
}

const events = (file: string) =>
  new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8'))).getAllSubcomponents('vevent').map((v) => ({
    uid: String(v.getFirstPropertyValue('uid')),
    summary: String(v.getFirstPropertyValue('summary')),
    status: String(v.getFirstPropertyValue('status')),
  }))

describe('calendar.export', () => {
  it('exports every open deadline, audited, then on re-export keeps the UIDs and cancels a withdrawn dispute’s', async () => {
    const first = await aDispute('Amy Example')
    const second = await aDispute('Kai Brennan')
    const one = await t.call('calendar.export', { withChildNames: false })
    expect(one.savedTo).toMatch(/Escalation deadlines\.ics$/)
    const before = events(one.savedTo!)
    expect(before.length).toBe(one.events)
    expect(before.length).toBeGreaterThanOrEqual(2)
    expect(before.every((e) => e.status === 'CONFIRMED')).toBe(true)
    expect(readFileSync(one.savedTo!, 'utf8')).not.toMatch(/Amy|Kai/)
    expect((await t.call('audit.list', { limit: 5 })).some((a) => a.action === 'export' && /deadlines? for a calendar/.test(a.summary))).toBe(true)

    await t.call('disputes.withdraw', { disputeId: second, input: { reason: 'Resolved informally' } })
    const two = await t.call('calendar.export', { withChildNames: false })
    const after = events(two.savedTo!)
    expect(after.map((e) => e.uid).sort()).toEqual(before.map((e) => e.uid).sort())
    expect(two.cancelled).toBeGreaterThan(0)
    for (const e of after) expect(e.status).toBe(e.uid.startsWith(`${second}.`) ? 'CANCELLED' : 'CONFIRMED')
    expect(after.filter((e) => e.uid.startsWith(`${first}.`)).length).toBeGreaterThan(0)
  })

  it('exports one dispute’s deadlines, with the child’s name only when asked', async () => {
    const id = await aDispute('Amy Example')
    await aDispute('Kai Brennan')
    const r = await t.call('calendar.export', { disputeId: id, withChildNames: true })
    const text = readFileSync(r.savedTo!, 'utf8')
    expect(text).toContain('Amy Example')
    expect(text).not.toContain('Kai Brennan')
    expect(events(r.savedTo!).every((e) => e.uid.startsWith(`${id}.`))).toBe(true)
  })
})
