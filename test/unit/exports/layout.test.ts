/**
 * Layout that loses nothing (issue 15): no row is cantSplit (LibreOffice drops rows of a table whose
 * rows are all cantSplit under a repeated header when it ends near a page foot), a record's label heads
 * its table and repeats on every page it runs onto, a form's colour band repeats likewise, short records
 * are kept together, the language is en-GB and tabs are real tab elements.
 */
import { describe, expect, it } from 'vitest'
import { escalationRecord, meetingPack, notificationDocument, outcomeDocument, rapidResolutionLog, trendsReport } from '../../../src/main/exports'
import { defaultCalendar } from '../../../src/main/domain/calendar'
import { quarterlyFigures } from '../../../src/main/domain/reports'
import { exportOptions, solihullRapid, solihullStage2, stHelensResolved, wolverhamptonResolved } from './fixtures'
import { harshStHelens } from './harsh-fixture'
import { quarterFixture } from './quarter-fixture'
import { readDocx } from './read-docx'

async function everyDocument(): Promise<[string, string][]> {
  const sh = stHelensResolved()
  const harsh = harshStHelens({ resolved: true })
  const rapid = solihullRapid()
  const so2 = solihullStage2()
  const wo = wolverhamptonResolved()
  const q = quarterFixture()
  const f = quarterlyFigures(q.disputes, q.records, { year: 2026, quarter: 4, calendar: defaultCalendar(), now: q.now, policies: q.policies })
  const built: [string, Buffer][] = [
    ['escalation record', await escalationRecord(harsh, exportOptions(harsh.now))],
    ['meeting pack', await meetingPack(harsh, exportOptions(harsh.now))],
    ['Orange form', await notificationDocument({ ...sh, notificationId: 'stage-1-form' }, exportOptions(sh.now))],
    ['Purple form', await outcomeDocument(sh, exportOptions(sh.now))],
    ['Solihull letter', await notificationDocument({ ...so2, notificationId: 'business-manager-evidence', stage: 2 }, exportOptions(so2.now))],
    ['written confirmation', await outcomeDocument(wo, exportOptions(wo.now))],
    ['rapid-resolution log', await rapidResolutionLog(rapid, exportOptions(rapid.now))],
    ['trends report', await trendsReport({ partnership: 'St Helens SCP', figures: f }, exportOptions(q.now))],
  ]
  return Promise.all(built.map(async ([name, b]) => [name, (await readDocx(b)).documentXml] as [string, string]))
}

describe('layout', () => {
  it('no table with a repeated header row has a cantSplit row', async () => {
    const documents = await everyDocument()
    for (const [name, xml] of documents) {
      // Innermost tables first, should a table ever hold another.
      const tables = [...xml.matchAll(/<w:tbl>(?:(?!<w:tbl>)[\s\S])*?<\/w:tbl>/g)].map((m) => m[0])
      expect(tables.length, name).toBeGreaterThan(0)
      for (const t of tables) if (t.includes('<w:tblHeader/>')) expect(t, name).not.toContain('<w:cantSplit')
    }
    // None at all: the trends report's charts are Word charts in paragraphs, not pictures in a table row.
    expect(documents.map(([, xml]) => xml).join('')).not.toContain('<w:cantSplit')
  }, 180_000)

  it('a record is one table headed by its label, repeated on each page; a short record is kept together, a long one may break', async () => {
    const s = harshStHelens()
    const xml = (await readDocx(await meetingPack(s, exportOptions(s.now)))).documentXml
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).filter((t) => /<w:pStyle w:val="Heading3"\/>/.test(t))
    expect(tables).toHaveLength(60)
    for (const t of tables) {
      const first = /<w:tr[ >][\s\S]*?<\/w:tr>/.exec(t)![0]
      expect(first).toContain('<w:tblHeader/>')
      expect(first).toMatch(/A\d+\. /)
    }
    const long = tables.find((t) => t.includes('Paragraph 1 begins'))!
    const short = tables.find((t) => !t.includes('Paragraph 1 begins'))!
    // Kept together: every row but the last keeps with the next. The long record may break between paragraphs.
    expect((short.match(/<w:keepNext\/>/g) ?? []).length).toBeGreaterThan(10)
    expect(long.slice(long.indexOf('Paragraph 1 begins'))).not.toContain('<w:keepNext/>')
    // Its 30 paragraphs are Word paragraphs, so a page can break between them.
    expect((long.match(/Paragraph \d+ begins/g) ?? []).length).toBe(30)
  })

  it('a form’s colour band is the header row of its fields table, so it repeats on every page', async () => {
    const sh = stHelensResolved()
    const xml = (await readDocx(await notificationDocument({ ...sh, notificationId: 'stage-1-form' }, exportOptions(sh.now)))).documentXml
    const firstRow = /<w:tr[ >][\s\S]*?<\/w:tr>/.exec(xml)![0]
    expect(firstRow).toContain('<w:tblHeader/>')
    expect(firstRow).toContain('w:fill="F4B183"')
    expect(firstRow).toContain('Notification Stage 1')
  })

  it('the language is en-GB, tabs are tab elements, and no control character reaches the document', async () => {
    const s = harshStHelens()
    const doc = await readDocx(await escalationRecord(s, exportOptions(s.now)))
    expect(doc.stylesXml).toContain('<w:lang w:val="en-GB"/>')
    // The running header's right-aligned tab, and the tab inside the long record.
    for (const header of doc.headers) expect(header).toContain('<w:tab/>')
    expect(doc.documentXml).toMatch(/Paragraph 1 begins\.<\/w:t><w:tab\/>/)
    // eslint-disable-next-line no-control-regex -- checking that none is present
    expect(doc.documentXml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/)
    expect(doc.text).toContain('Seán’s placement discussed; no change in position.')
  })
})
