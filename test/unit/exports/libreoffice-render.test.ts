/**
 * Every document, built from the harsh case (test/unit/exports/harsh-fixture.ts) and the examples,
 * rendered by LibreOffice as a reader would see it (issue 15, "Done when" 1):
 *
 *   - each table has as many rows in the PDF as in the .docx. LibreOffice once dropped rows of a table
 *     whose rows were all cantSplit under a repeated header when it ended near a page foot ("Stage
 *     deadlines missed: 4" above one row). The PDF is exported tagged, so its structure tree lists each
 *     table and the rows LibreOffice laid out, with their text;
 *   - the document's text appears in the PDF in the same order, paragraph by paragraph, not merely its
 *     words somewhere: read from the tagged PDF's structure tree (pdfinfo -struct-text), whose order is
 *     the reading order of what LibreOffice laid out. pdftotext's text is in drawing order, which
 *     interleaves the cells of a row that runs over a page break with the next page's header;
 *   - pdftotext -layout then checks what a reader sees on each page (a long record's label).
 *
 * All documents are converted by one soffice process with its own profile, so the test costs one
 * LibreOffice start-up. Skipped, saying why, where soffice or pdftotext is not installed
 * (`apt-get install -y libreoffice-writer-nogui poppler-utils`).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCalendar } from '../../../src/main/domain/calendar'
import { recordLabel } from '../../../src/main/domain/records'
import { quarterlyFigures } from '../../../src/main/domain/reports'
import { quarterlyReturn } from '../../../src/main/domain/quarterly-return'
import { quarterlyReturnDocument } from '../../../src/main/exports/quarterly-return'
import {
  escalationRecord,
  meetingPack,
  notificationDocument,
  outcomeDocument,
  rapidResolutionLog,
  trendsReport,
} from '../../../src/main/exports'
import { approvedRecords } from '../../../src/main/exports/blocks'
import { exportOptions, solihullRapid, solihullStage2, stHelensResolved, wolverhamptonResolved } from './fixtures'
import { harshStHelens } from './harsh-fixture'
import { solihullMeeting } from './meeting-fixture'
import { quarterFixture } from './quarter-fixture'
import JSZip from 'jszip'

function missingTools(): string | null {
  const missing = ['soffice', 'pdftotext', 'pdfinfo'].filter((tool) => spawnSync('which', [tool]).status !== 0)
  return missing.length === 0
    ? null
    : `${missing.join(', ')} not found: install them with apt-get install -y libreoffice-writer-nogui poppler-utils`
}

const why = missingTools()
if (why) console.warn(`LibreOffice render test skipped: ${why}`)

interface Built {
  name: string
  docx: Buffer
}

async function buildAll(): Promise<Built[]> {
  const open = harshStHelens()
  const resolved = harshStHelens({ resolved: true })
  const sh = stHelensResolved()
  const rapid = solihullRapid()
  const so2 = solihullStage2()
  const wo = wolverhamptonResolved()
  const q = quarterFixture()
  const meetingHeld = solihullMeeting({ signedOff: true, resolved: true })
  const meetingPlanned = solihullMeeting()
  const figures = (quarter: 1 | 2 | 3 | 4) =>
    quarterlyFigures(q.disputes, q.records, { year: 2026, quarter, calendar: defaultCalendar(), now: q.now, policies: q.policies })
  const o = (s: { now: string }) => exportOptions(s.now)
  const jobs: [string, () => Promise<Buffer>][] = [
    ['escalation-record', () => escalationRecord(resolved, o(resolved))],
    ['meeting-pack-resolved', () => meetingPack(resolved, o(resolved))],
    ['meeting-record-signed-off', () => meetingPack(meetingHeld, o(meetingHeld))],
    ['meeting-pack-before', () => meetingPack(meetingPlanned, o(meetingPlanned))],
    ['orange-stage-1', () => notificationDocument({ ...open, notificationId: 'stage-1-form' }, o(open))],
    ['orange-stage-1-two-children', () => notificationDocument({ ...sh, notificationId: 'stage-1-form' }, o(sh))],
    ['blue-stage-3-two-children', () => notificationDocument({ ...sh, notificationId: 'stage-3-form' }, o(sh))],
    ['purple-outcome-two-children', () => outcomeDocument(sh, o(sh))],
    ['green-stage-2', () => notificationDocument({ ...open, notificationId: 'stage-2-form' }, o(open))],
    ['blue-stage-3', () => notificationDocument({ ...open, notificationId: 'stage-3-form' }, o(open))],
    ['pink-stage-4', () => notificationDocument({ ...open, notificationId: 'stage-4-form' }, o(open))],
    ['purple-outcome', () => outcomeDocument(resolved, o(resolved))],
    ['st-helens-iro', () => notificationDocument({ ...open, notificationId: 'iro-looked-after' }, o(open))],
    ['solihull-business-manager', () => notificationDocument({ ...so2, notificationId: 'business-manager-evidence', stage: 2 }, o(so2))],
    ['solihull-iro', () => notificationDocument({ ...so2, notificationId: 'independent-reviewing-officer' }, o(so2))],
    ['wolverhampton-written-confirmation', () => outcomeDocument(wo, o(wo))],
    ['rapid-resolution-log', () => rapidResolutionLog(rapid, o(rapid))],
    ['quarterly-trends', () => trendsReport({ partnership: 'St Helens SCP', figures: figures(4), earlier: [figures(2), figures(3)] }, o(q))],
    [
      'quarterly-return',
      () =>
        quarterlyReturnDocument(
          { partnership: 'St Helens SCP', figures: quarterlyReturn(q.disputes, { startYear: 2026, quarter: 3, calendar: defaultCalendar(), now: q.now, policies: q.policies, children: [], ownAgency: 'Northfield Academy' }) },
          o(q),
        ),
    ],
  ]
  const out: Built[] = []
  for (const [name, build] of jobs) out.push({ name, docx: await build() })
  return out
}

// ── reading the .docx ─────────────────────────────────────────────────────────────────────────────

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** Rows per table, tables in document order (nested tables after the cell that holds them starts). */
function docxTableRows(xml: string): number[] {
  const counts: number[] = []
  const stack: number[] = []
  for (const m of xml.matchAll(/<w:tbl>|<\/w:tbl>|<w:tr[ >]/g)) {
    if (m[0] === '<w:tbl>') {
      stack.push(counts.length)
      counts.push(0)
    } else if (m[0] === '</w:tbl>') stack.pop()
    else counts[stack[stack.length - 1]]++
  }
  return counts
}

/** The body's paragraphs as text, in order (tabs and line breaks as spaces). */
function docxParagraphs(xml: string): string[] {
  const body = xml.slice(xml.indexOf('<w:body>'))
  return [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)]
    .map((p) =>
      [...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>|<w:br [^>]*\/>/g)]
        .map((m) => (m[1] !== undefined ? unescape(m[1]) : ' '))
        .join(''),
    )
    .filter((t) => t.trim() !== '')
}

// ── reading the PDF ───────────────────────────────────────────────────────────────────────────────

/** Rows per table from the tagged PDF's structure tree (pdfinfo -struct-text), tables in the same order. */
function pdfTableRows(structure: string): number[] {
  const counts: number[] = []
  const stack: { indent: number; index: number }[] = []
  for (const line of structure.split('\n')) {
    const m = /^( *)(Table|TR)\b/.exec(line)
    if (!m) continue
    const indent = m[1].length
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop()
    if (m[2] === 'Table') {
      stack.push({ indent, index: counts.length })
      counts.push(0)
    } else if (stack.length > 0) counts[stack[stack.length - 1].index]++
  }
  return counts
}

/**
 * The text of the tagged PDF's structure tree (pdfinfo -struct-text), in its logical order: the order
 * a screen reader reads it, built from what LibreOffice laid out. Unlike the page's drawing order, it
 * keeps a table row that runs over a page break in one piece, and leaves out the running header and
 * footer, which are tagged as artefacts.
 */
function pdfLogicalText(structureText: string): string {
  return [...structureText.matchAll(/^\s*"(.*)"\s*$/gm)].map((m) => m[1]).join(' ')
}

/** Text compared without whitespace: LibreOffice wraps lines (and breaks "Moreau-Łukasz" after the hyphen). */
const solid = (s: string) => s.replace(/\s+/g, '')

/** The paragraphs of the .docx not found in the PDF's text, each after the one before. */
function missingInOrder(paragraphs: readonly string[], pdfText: string): string[] {
  const text = solid(pdfText)
  const missing: string[] = []
  let at = 0
  for (const p of paragraphs) {
    const found = text.indexOf(solid(p), at)
    if (found === -1) missing.push(p)
    else at = found + solid(p).length
  }
  return missing
}

// ── the test ──────────────────────────────────────────────────────────────────────────────────────

describe.skipIf(why !== null)(`every document rendered by LibreOffice${why ? ` (skipped: ${why})` : ''}`, () => {
  let work = ''
  let built: Built[] = []

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'escalation-render-'))
    built = await buildAll()
    for (const b of built) writeFileSync(join(work, `${b.name}.docx`), b.docx)
    // One LibreOffice process for every file, with its own profile so it never meets another instance.
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(work, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
        '--outdir',
        work,
        ...built.map((b) => join(work, `${b.name}.docx`)),
      ],
      { stdio: 'ignore', timeout: 240_000 },
    )
  }, 300_000)

  afterAll(() => {
    if (process.env.KEEP_RENDER) console.log(`Kept ${work}`)
    else if (work) rmSync(work, { recursive: true, force: true })
  })

  it('renders every table with all its rows, and all the text in order', async () => {
    expect(built.length).toBe(19)
    const problems: string[] = []
    for (const b of built) {
      const pdf = join(work, `${b.name}.pdf`)
      const documentXml = await (await JSZip.loadAsync(b.docx)).file('word/document.xml')!.async('string')
      const structure = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      const want = docxTableRows(documentXml)
      const got = pdfTableRows(structure)
      if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`${b.name}: table rows ${JSON.stringify(want)} in the .docx, ${JSON.stringify(got)} in the PDF`)

      const logical = pdfLogicalText(structure)
      const missing = missingInOrder(docxParagraphs(documentXml), logical)
      if (missing.length > 0) problems.push(`${b.name}: ${missing.length} paragraph(s) missing or out of order: ${missing.slice(0, 4).map((m) => `“${m.slice(0, 80)}”`).join(', ')}`)
      if (process.env.KEEP_RENDER) writeFileSync(join(work, `${b.name}.txt`), logical)
    }
    expect(problems).toEqual([])
  }, 120_000)

  it('the forms fit one page where the content allows, and the long record keeps its label on each page', () => {
    const pages = (name: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(work, `${name}.pdf`)], { encoding: 'utf8' }))![1])
    // Two children: each form fits its page. (Six children's identifiers may take the form onto a second.)
    for (const form of ['orange-stage-1-two-children', 'blue-stage-3-two-children', 'purple-outcome-two-children']) expect(pages(form), form).toBe(1)
    // The 3,000-word record of the pack runs over several pages; its label heads each of them.
    const approved = approvedRecords(harshStHelens({ resolved: true }).records).approved
    const n = approved.findIndex((r) => r.weSaid.startsWith('Paragraph 1 begins'))
    const label = `A${n + 1}. ${recordLabel(approved[n])}`
    const text = execFileSync('pdftotext', ['-layout', join(work, 'meeting-pack-resolved.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    const pagesWithLongRecord = text.split('\f').filter((p) => /Paragraph \d+ (begins|ends)/.test(p))
    expect(pagesWithLongRecord.length).toBeGreaterThan(1)
    for (const p of pagesWithLongRecord) expect(p).toContain(label)
  })

  // Issue 15: "the Contents numbers are the pages LibreOffice put the headings on". The pack's Contents
  // gives section numbers and links, not page numbers (Word and LibreOffice would disagree on them), so
  // what must hold is that each Contents line is a heading LibreOffice laid out after the Contents, in the
  // Contents' order, and that no line of the Contents claims a page.
  it('the pack’s Contents lists its headings in the order LibreOffice laid them out, and claims no page number', () => {
    for (const name of ['meeting-pack-resolved', 'meeting-pack-before']) {
      const pages = execFileSync('pdftotext', ['-layout', join(work, `${name}.pdf`), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f')
      const squash = (t: string) => t.replace(/\s+/g, ' ').trim()
      const at = pages.findIndex((p) => /^\s*Contents\s*$/m.test(p))
      expect(at, `${name}: a Contents page`).toBeGreaterThanOrEqual(0)
      const lines = pages[at]!.split('\n').map(squash).filter((l) => /^(\d+\.|Appendix [A-Z]\.) /.test(l))
      expect(lines.length, name).toBe(9)
      for (const l of lines) expect(l, `${name}: a Contents line with a page number`).not.toMatch(/\s\d+$/)
      let page = at
      for (const l of lines) {
        const found = pages.findIndex((p, i) => i > at && i >= page && p.split('\n').some((row) => squash(row) === l))
        expect(found, `${name}: “${l}” as a heading after the Contents, in order`).toBeGreaterThan(at)
        page = found
      }
    }
  })
})
