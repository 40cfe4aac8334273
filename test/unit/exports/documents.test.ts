import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { formatDateTime } from '../../../src/shared/dates'
import { defaultCalendar } from '../../../src/main/domain/calendar'
import { recordLabel } from '../../../src/main/domain/records'
import { quarterlyFigures } from '../../../src/main/domain/reports'
import { meetingPack, rapidResolutionLog, trendsReport } from '../../../src/main/exports'
import { barChart, crc32, encodePng } from '../../../src/main/exports/png'
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
  it('shows the figures in tables and a PNG chart with its values beside it', async () => {
    const q = quarterFixture()
    const figures = (quarter: 1 | 2 | 3 | 4) =>
      quarterlyFigures(q.disputes, q.records, { year: 2026, quarter, calendar: defaultCalendar(), now: q.now, policies: q.policies })
    const doc = await readDocx(
      await trendsReport({ partnership: 'St Helens SCP', figures: figures(4), earlier: [figures(2), figures(3)] }, exportOptions(q.now)),
    )
    expect(doc.media.length).toBeGreaterThanOrEqual(3)
    for (const m of doc.media) {
      const bytes = await doc.zip.file(m)!.async('nodebuffer')
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    }
    const rows = tableRows(doc.documentXml)
    expect(rows).toContainEqual(['Disputes opened in the quarter', '7'])
    expect(rows).toContainEqual(['Working days to resolution — median', '7'])
    expect(rows).toContainEqual(['Working days to resolution — mean', '6.5'])
    expect(rows).toContainEqual(['', 'Level of need', '3'])
    expect(rows).toContainEqual(['', 'Q4 2026', '7'])
    expect(xmlText(doc.headers.join(''))).toContain('Q4 2026')
    expect(doc.documentXml).toContain('descr="Disputes by reason for escalation: Level of need 3;')
  })
})

describe('PNG encoder', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789')) ^ 0xffffffff).toBe(0xcbf43926 | 0)
  })

  it('writes a valid PNG whose pixels read back', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 1, 2, 3, 4])
    const png = encodePng(2, 2, rgba)
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    // Walk the chunks, checking each CRC.
    let at = 8
    const types: string[] = []
    let idat = Buffer.alloc(0)
    while (at < png.length) {
      const len = png.readUInt32BE(at)
      const type = png.subarray(at + 4, at + 8)
      const data = png.subarray(at + 8, at + 8 + len)
      expect(png.readUInt32BE(at + 8 + len)).toBe((crc32(Buffer.concat([type, data])) ^ 0xffffffff) >>> 0)
      types.push(type.toString('ascii'))
      if (type.toString('ascii') === 'IDAT') idat = Buffer.concat([idat, data])
      at += 12 + len
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND'])
    const raw = inflateSync(idat)
    expect([...raw]).toEqual([0, ...rgba.slice(0, 8), 0, ...rgba.slice(8)])
  })

  it('draws taller bars for larger values', () => {
    const png = barChart([1, 4], { width: 100, height: 100 })
    expect(png.length).toBeGreaterThan(50)
  })
})
