/**
 * The house style every exported Word document shares: A4 portrait, Arial, real Word headings and
 * tables, the protective marking, "Page X of Y", the dispute reference and the time of export on every
 * page, and the document's properties. Builders lay out content with the helpers here and hand it to
 * renderDocument; none of them sets a font, a margin or a header of its own.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TabStopType,
  TextRun,
} from 'docx'
import { formatDateTime } from '../../shared/dates'

import {
  CONTENT_WIDTH,
  CREATOR,
  FONT,
  INK,
  MARGIN,
  A4,
  MUTED,
  PROTECTIVE_MARKING,
  RULE,
  run,
  tab,
  type ExportOptions,
} from './house-basics'

export * from './house-basics'
export * from './house-tables'

// ── the document ──────────────────────────────────────────────────────────────────────────────────

export interface DocumentFrame {
  /** Document title (properties, and the running header). */
  title: string
  subject: string
  description: string
  /** The dispute reference, or for a report the period ("Q1 2027"): on every page. */
  reference: string
  /** The title in the running header, when the title itself carries the reference. */
  runningTitle?: string
  keywords?: string
}

function header(frame: DocumentFrame): Header {
  return new Header({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [
          run(PROTECTIVE_MARKING, { bold: true, size: 20 }),
          tab(),
          run(`${frame.reference} · ${frame.runningTitle ?? frame.title}`, { size: 18, color: MUTED }),
        ],
      }),
    ],
  })
}

function footer(frame: DocumentFrame, options: ExportOptions): Footer {
  const exported = `Exported ${formatDateTime(options.now)} by ${options.exportedBy.name}`
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
        children: [
          run(`${frame.reference} · ${exported}`, { size: 16, color: MUTED }),
          tab(),
          new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 18 }),
        ],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(PROTECTIVE_MARKING, { bold: true, size: 20 })],
      }),
    ],
  })
}

export async function renderDocument(
  frame: DocumentFrame,
  body: FileChild[],
  options: ExportOptions,
): Promise<Buffer> {
  const doc = new Document({
    title: frame.title,
    subject: frame.subject,
    creator: CREATOR,
    lastModifiedBy: CREATOR,
    description: frame.description,
    keywords: frame.keywords ?? PROTECTIVE_MARKING,
    styles: {
      default: {
        // en-GB: Word and LibreOffice check the spelling as British English ("organisation").
        document: {
          run: { font: FONT, size: 21, color: INK, language: { value: 'en-GB' } },
          paragraph: { spacing: { line: 264, lineRule: LineRuleType.AUTO } },
        },
        title: {
          run: { font: FONT, size: 40, bold: true, color: INK },
          paragraph: { spacing: { after: 240 } },
        },
        heading1: {
          run: { font: FONT, size: 30, bold: true, color: INK },
          paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
        },
        heading2: {
          run: { font: FONT, size: 25, bold: true, color: INK },
          paragraph: { spacing: { before: 280, after: 120 }, keepNext: true },
        },
        heading3: {
          run: { font: FONT, size: 22, bold: true, color: INK },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
          },
        },
        headers: { default: header(frame) },
        footers: { default: footer(frame, options) },
        children: body,
      },
    ],
  })
  return Packer.toBuffer(doc)
}
