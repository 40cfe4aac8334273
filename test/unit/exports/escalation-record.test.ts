import { describe, expect, it } from 'vitest'
import { formatDateTime } from '../../../src/shared/dates'
import { recordLabel } from '../../../src/main/domain/records'
import { escalationRecord } from '../../../src/main/exports'
import { disputeStatus, openDispute } from '../../../src/main/domain/disputes'
import { at, baseStHelens, ctx, exportOptions, must, policyOf, stHelensAtStage4, stHelensResolved } from './fixtures'
import { readDocx, squash, xmlText } from './read-docx'

describe('escalation record for the child’s file', () => {
  it('has the house style: marking, page X of Y, reference and export time on every page, properties, A4, Arial', async () => {
    const s = stHelensResolved()
    const doc = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    expect(doc.headers.length).toBeGreaterThan(0)
    for (const header of doc.headers) {
      expect(xmlText(header)).toContain('OFFICIAL-SENSITIVE')
      expect(xmlText(header)).toContain('ESC-2026-0007')
    }
    for (const footer of doc.footers) {
      const text = xmlText(footer)
      expect(text).toContain('OFFICIAL-SENSITIVE')
      expect(text).toContain('ESC-2026-0007')
      expect(text).toContain(`Exported ${formatDateTime(s.now)} by Priya Shah`)
      expect(text).toMatch(/Page .* of /)
      expect(footer).toMatch(/PAGE/)
      expect(footer).toMatch(/NUMPAGES/)
    }
    expect(doc.coreXml).toContain('<dc:title>Escalation record ESC-2026-0007</dc:title>')
    expect(doc.coreXml).toContain('<dc:creator>Escalation Log</dc:creator>')
    expect(doc.coreXml).toMatch(/<dc:subject>[^<]+<\/dc:subject>/)
    expect(doc.coreXml).toMatch(/<dc:description>[^<]+<\/dc:description>/)
    expect(doc.documentXml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>')
    expect(doc.stylesXml).toContain('w:ascii="Arial"')
    // Real headings and tables, with repeating header rows.
    expect(doc.html).toContain('<h1>Children</h1>')
    expect(doc.html).toContain('<table>')
    expect(doc.documentXml).toContain('<w:tblHeader/>')
  })

  it('lays out the dispute: children with identifiers, partnership and version, the disputed decision, reasons', async () => {
    const s = stHelensResolved()
    const { text } = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    const t = squash(text)
    expect(t).toContain('St Helens Safeguarding Children Partnership (SCP)')
    expect(t).toContain('Multi Agency Resolution Policy (version 1)')
    expect(t).toContain('Ellie Marsh')
    expect(t).toContain('401 023 4563') // NHS number as the NHS prints it
    expect(t).toContain('ICS-204518')
    expect(t).toContain('Child in Need')
    expect(t).toContain('The decision to close the child in need plan')
    expect(t).toContain('Level of need; Disagreement with a decision; Other (please provide brief details)')
  })

  it('shows each stage against its deadline in words that cannot mislead: escalated or resolved within timescale', async () => {
    const s = stHelensResolved()
    const { text } = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    const t = squash(text)
    // Stage 1 (due 3 Nov) escalated 3 Nov; stage 2 (due 5 Nov) escalated 6 Nov; stage 3 (due 13 Nov) resolved 10 Nov.
    // A stage left by escalation was not resolved there: it never reads as "Met".
    expect(t).toMatch(/Stage 1 — Practitioner to Practitioner .*3 Nov 2026.* Escalated within timescale /)
    expect(t).toMatch(/Stage 2 — 1st Line Manager to 1st Line Manager .*5 Nov 2026.* Escalated 1 working day after the deadline /)
    expect(t).toMatch(/Stage 3 — 2nd Tier Management .*13 Nov 2026.* Resolved within timescale /)
    expect(t).not.toMatch(/\bMet\b(?! Debbie)/) // (a record says "Met Debbie Khan…")
    expect(t).toContain('within 2 days (the form says 2 working days)')
  })

  it('an open stage past its deadline reads "still open, N working days over"', async () => {
    const s = stHelensAtStage4()
    // Stage 4 entered 12 Nov; exported on 30 Nov, well past its deadline.
    const later = '2026-11-30T09:00:00.000Z'
    const { text } = await readDocx(await escalationRecord(s, exportOptions(later)))
    expect(squash(text)).toMatch(/Stage 4 — Key Partner Final Decision .*Still open, \d+ working days? over/)
  })

  it('includes every approved record with when it happened and was recorded, approval, countersignature and addenda', async () => {
    const s = stHelensResolved()
    const { text } = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    const t = squash(text)
    for (const r of s.records) {
      expect(r.status).toBe('approved')
      expect(t).toContain(recordLabel(r))
      expect(t).toContain(`${r.approval!.byName}, ${formatDateTime(r.approval!.at)}`)
      for (const a of r.addenda) {
        expect(t).toContain(squash(a.text))
        expect(t).toContain(a.reason)
      }
    }
    expect(t).toContain('Recorded retrospectively — 2 days 2 hours after the event')
    expect(t).toContain(`Mark Ellison, ${formatDateTime('2026-11-09T08:45:00.000Z')}`)
    expect(t).toContain('Attendance summary Autumn 1.pdf — CPOMS, Ellie Marsh')
  })

  it('ends with the outcome and its written confirmation', async () => {
    const s = stHelensResolved()
    const { text } = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    const t = squash(text)
    expect(t).toContain('Outcome and written confirmation')
    expect(t).toContain('Received 10 Nov 2026 from Owen Pryce, Service manager')
    expect(t).toContain('The child in need plan stays open')
  })

  it('leaves drafts out and says so on the first page', async () => {
    const s = stHelensAtStage4()
    const drafts = s.records.filter((r) => r.status === 'draft')
    expect(drafts).toHaveLength(2)
    const { text, html } = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    const t = squash(text)
    const notice = 'This dispute has 2 records awaiting approval; they are not included.'
    expect(t).toContain(notice)
    // Before anything else but the title: ahead of the first section.
    expect(html.indexOf(notice)).toBeLessThan(html.indexOf('<h1>Children</h1>'))
    expect(html.indexOf(notice)).toBeLessThan(html.indexOf('Dispute reference'))
    for (const d of drafts) expect(t).not.toContain(recordLabel(d))
    expect(t).not.toContain('Draft — not yet checked.')
  })

  it('counts a draft a colleague set aside apart from those awaiting approval, and leaves it out as well', async () => {
    const s = stHelensAtStage4()
    const [aside, waiting] = s.records.filter((r) => r.status === 'draft')
    const t = squash((await readDocx(await escalationRecord({ ...s, setAside: new Set([aside!.id]) }, exportOptions(s.now)))).text)
    expect(t).toContain('This dispute has 1 record awaiting approval; it is not included.')
    expect(t).toContain('1 draft was set aside by a colleague: it is kept, but it is not part of the record and is not included.')
    expect(t).not.toContain('2 records awaiting approval')
    for (const d of [aside!, waiting!]) expect(t).not.toContain(recordLabel(d))
  })

  it('says what was done first for a child in immediate danger, as the policy asked: a 999 call or its own instruction', async () => {
    // 004 Havering: "If a child is thought to be at immediate harm, the designated safeguarding lead in your agency should be informed immediately."
    const policy = policyOf('havering-hscb')
    const input = {
      ...baseStHelens(),
      reasons: { ids: [], text: 'The threshold is met.' },
      disagreementOn: '2026-12-07',
      at: at('2026-12-07', '10:30'),
      triage: { level: 'immediateDanger' as const, immediateAction: { doneAt: at('2026-12-07', '09:50'), by: 'Mark Ellison', note: 'Told Priya Shah in person.' } },
    }
    const dispute = must(openDispute(input, { ...ctx(policy, at('2026-12-07', '10:30')), id: 'd-hv-1', reference: 'ESC-2026-0031' }))
    const s = stHelensResolved()
    const { text } = await readDocx(await escalationRecord({ ...s, dispute, policy, records: [], status: disputeStatus(dispute, ctx(policy, at('2026-12-07', '11:00'))) }, exportOptions(at('2026-12-07', '11:00'))))
    const flat = squash(text)
    expect(flat).toContain('Done first, as the policy says')
    expect(flat).toContain('“Inform the designated safeguarding lead in your agency immediately.”')
    expect(flat).toContain('Told Priya Shah in person.')
    expect(flat).not.toContain('999 called')
  })
})
