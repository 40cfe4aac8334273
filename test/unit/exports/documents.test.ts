import { describe, expect, it } from 'vitest'
import { formatDateTime } from '../../../src/shared/dates'
import { defaultCalendar } from '../../../src/main/domain/calendar'
import { recordLabel } from '../../../src/main/domain/records'
import { quarterlyFigures } from '../../../src/main/domain/reports'
import { meetingPack, rapidResolutionLog, trendsReport } from '../../../src/main/exports'
import { exportOptions, solihullRapid, stHelensAtStage4 } from './fixtures'
import { quarterFixture } from './quarter-fixture'
import { readDocx, squash, tableRows, xmlText } from './read-docx'

describe('rapid-resolution log', () => {
  it('lists every attempt and conversation with its time, number, answered or message left, and outcome', async () => {
    const s = solihullRapid()
    const doc = await readDocx(await rapidResolutionLog(s, exportOptions(s.now)))
    const rows = tableRows(doc.documentXml).filter((r) => r.length === 6)
    expect(rows[0]).toEqual(['Time', 'Who', 'Number dialled', 'Answered', 'What was said, left or agreed', 'Approved'])
    const body = rows.slice(1)
    expect(body).toHaveLength(4)
    expect(body.map((r) => r[0].slice(0, 5))).toEqual(['09:45', '10:02', '10:09', '10:20'])
    expect(body.map((r) => r[2])).toEqual(['0121 000 1000', '0121 704 8709', '0121 704 8325', '0121 704 6734'])
    expect(body.map((r) => r[3])).toEqual(['Answered', 'Not answered — message left', 'Not answered — message left', 'Answered'])
    expect(body[1][4]).toContain('The rapid resolution procedures have been invoked: please respond urgently.')
    expect(body[3][4]).toContain('A strategy discussion will be held at 13:00')
    const t = squash(doc.text)
    expect(t).toContain('Rapid resolution (emergency resolution procedure)')
    expect(t).toContain('If the disagreement is with Children\'s Services, Engage or MASH')
    expect(doc.documentXml).toContain('<w:tblHeader/>')
  })
})

describe('stage 4 meeting pack', () => {
  it('has a cover, a contents list linked to real headings (no update-fields prompt), and every record numbered A1…', async () => {
    const s = stHelensAtStage4(12)
    const doc = await readDocx(await meetingPack(s, exportOptions(s.now)))
    // No TOC field whose page numbers only Word's "update fields" prompt would fill in.
    expect(doc.documentXml).not.toMatch(/TOC \\/)
    expect(doc.settingsXml).not.toContain('updateFields')
    for (const anchor of ['summary', 'meeting', 'question', 'positions', 'children', 'stages', 'decision', 'chronology', 'appendix']) {
      expect(doc.documentXml).toContain(`w:anchor="${anchor}"`)
      expect(doc.documentXml).toContain(`<w:bookmarkStart w:name="${anchor}"`)
    }
    expect(squash(doc.text)).toContain('Appendix A holds the approved contact records A1 to A15')
    for (const h of ['1. Summary of the disagreement', '2. The meeting', '3. The question for decision', '4. Each agency’s position', '5. Children', '6. Stage by stage, against the policy’s timescales', '7. The decision sought', '8. Chronology', 'Appendix A. The contact records in full']) {
      expect(doc.html.replace(/<a id="[^"]*"><\/a>/g, '')).toContain(`<h1>${h}</h1>`)
    }
    const t = squash(doc.text)
    expect(t).toContain('Stage 4 meeting pack')
    expect(t).toContain('Key Partner Final Decision')
    expect(t).toContain('This dispute has 2 records awaiting approval; they are not included.')
    // The appendix is in the order the contacts happened.
    const approved = s.records
      .filter((r) => r.status === 'approved')
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt))
    approved.forEach((r, i) => expect(t).toContain(`A${i + 1}. ${recordLabel(r)}`))
    for (const r of approved) for (const a of r.addenda) expect(t).toContain(squash(a.text))
    for (const r of s.records.filter((x) => x.status === 'draft')) expect(t).not.toContain(recordLabel(r))
    for (const footer of doc.footers) expect(xmlText(footer)).toContain(`Exported ${formatDateTime(s.now)}`)
  })

  it('builds with 200 records', async () => {
    const s = stHelensAtStage4(197)
    expect(s.records.filter((r) => r.status === 'approved')).toHaveLength(200)
    const doc = await readDocx(await meetingPack(s, exportOptions(s.now)))
    expect(squash(doc.text)).toContain('A200. ')
  })
})

describe('quarterly trends report', () => {
  it('shows the figures in tables and as native Word charts, each with its values in a table below it', async () => {
    const q = quarterFixture()
    const figures = (quarter: 1 | 2 | 3 | 4) =>
      quarterlyFigures(q.disputes, q.records, { year: 2026, quarter, calendar: defaultCalendar(), now: q.now, policies: q.policies })
    const doc = await readDocx(
      await trendsReport({ partnership: 'St Helens SCP', figures: figures(4), earlier: [figures(2), figures(3)] }, exportOptions(q.now)),
    )
    // Word's own charts (word/charts/chartN.xml with their data), no pictures of charts.
    expect(doc.media).toEqual([])
    const charts = Object.keys(doc.zip.files).filter((n) => /^word\/charts\/chart\d+\.xml$/.test(n))
    expect(charts).toHaveLength(3)
    const reasons = await doc.zip.file(charts[2])!.async('string')
    expect(reasons).toContain('<c:barDir val="bar"/>')
    expect(reasons).toContain('Level of need')
    // Axes titled, values labelled on the bars.
    expect(reasons).toMatch(/<c:valAx>[\s\S]*Disputes[\s\S]*<\/c:valAx>/)
    expect(reasons).toContain('<c:showVal val="1"/>')
    const rows = tableRows(doc.documentXml)
    expect(rows).toContainEqual(['Disputes opened in the quarter', '7'])
    expect(rows).toContainEqual(['Working days to resolution — median', '7'])
    expect(rows).toContainEqual(['Working days to resolution — mean', '6.5'])
    expect(rows).toContainEqual(['Level of need', '3'])
    expect(rows).toContainEqual(['Oct–Dec 2026', '7'])
    expect(xmlText(doc.headers.join(''))).toContain('Oct–Dec 2026')
    expect(doc.documentXml).toContain('descr="Disputes by reason for escalation: Level of need 3;')
  })
})
