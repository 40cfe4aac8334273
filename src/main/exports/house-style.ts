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
  HeadingLevel,
  LineRuleType,
  type IBorderOptions,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx'
import { formatDateTime } from '../../shared/dates'

// ── what every builder is given ───────────────────────────────────────────────────────────────────

/** The person exporting: the DSL's profile, with what the forms ask of the submitter where known. */
export interface ExportedBy {
  name: string
  role?: string
  agency?: string
  /** "Further agency details" (St Helens): type of school, or who a health professional is employed by. */
  agencyDetails?: string
  /** A telephone number or email address for the forms' "Contact Details". */
  contactDetails?: string
}

export interface ExportOptions {
  /** The instant of export (ISO UTC): shown on every page. */
  now: string
  exportedBy: ExportedBy
}

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE'
export const FONT = 'Arial'
export const CREATOR = 'Escalation Log'

// ── page geometry (twips: 1/20 pt; A4 = 11906 × 16838) ─────────────────────────────────────────────

export const A4 = { width: 11906, height: 16838 } as const
export const MARGIN = 1134 // 2 cm
/** The width between the margins: what a full-width table spans. */
export const CONTENT_WIDTH = A4.width - 2 * MARGIN

// ── colours ───────────────────────────────────────────────────────────────────────────────────────

export const INK = '1F1F1F'
export const MUTED = '505A5F'
export const RULE = '8A8F93'
export const HEADER_FILL = 'DEE0E2'
export const WARNING_FILL = 'FFF2CC'
export const WARNING_RULE = 'B58105'

/**
 * A form's colour (as a policy names it: "Orange", "Purple", or a hex code "#F4B183") as a strong fill
 * for its heading band and a pale tint for its label cells. Unknown names fall back to grey, so an
 * imported policy with a colour we do not know still exports.
 */
export interface FormColour {
  band: string
  tint: string
  /** Text on the band: dark on pale bands, white on dark ones. */
  onBand: string
}

const NAMED_COLOURS: Record<string, FormColour> = {
  orange: { band: 'F4B183', tint: 'FBE5D6', onBand: INK },
  green: { band: 'A9D18E', tint: 'E2F0D9', onBand: INK },
  blue: { band: '9DC3E6', tint: 'DEEBF7', onBand: INK },
  pink: { band: 'F4B6C8', tint: 'FCE4EC', onBand: INK },
  purple: { band: 'B4A7D6', tint: 'E9E4F5', onBand: INK },
  red: { band: 'E06666', tint: 'F8D7D7', onBand: INK },
  yellow: { band: 'FFE699', tint: 'FFF2CC', onBand: INK },
  grey: { band: 'BFBFBF', tint: 'EDEDED', onBand: INK },
  gray: { band: 'BFBFBF', tint: 'EDEDED', onBand: INK },
}

export function formColour(name: string | undefined): FormColour {
  if (name === undefined) return NAMED_COLOURS.grey
  const hex = /^#?([0-9a-f]{6})$/i.exec(name.trim())
  if (hex) {
    const band = hex[1].toUpperCase()
    return { band, tint: lighten(band, 0.75), onBand: luminance(band) < 0.45 ? 'FFFFFF' : INK }
  }
  return NAMED_COLOURS[name.trim().toLowerCase()] ?? NAMED_COLOURS.grey
}

function channels(hex: string): [number, number, number] {
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
}

function lighten(hex: string, amount: number): string {
  return channels(hex)
    .map((c) => Math.round(c + (255 - c) * amount))
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
}

// ── text ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Control characters (C0, DEL and C1) other than the line break and the tab, and the two characters XML
 * 1.0 cannot carry. A pasted or imported control character would make Word refuse the file, or show as
 * a box; none of them means anything to a reader.
 */
// eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g
// eslint-disable-next-line no-control-regex -- every control character, line breaks and tabs included
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]+/g

/** Long text for a document: line breaks (as \n) and tabs kept, every other control character removed. */
export function clean(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(CONTROL, '')
}

/**
 * One line of text — a name, a title, a file name, an email header: every control character, line
 * breaks and tabs included, becomes a single space.
 */
export function cleanLine(text: string): string {
  return text.replace(ANY_CONTROL, ' ').replace(/ {2,}/g, ' ').trim()
}

export interface RunStyle {
  bold?: boolean
  italics?: boolean
  size?: number
  color?: string
}

export function run(text: string, style: RunStyle = {}): TextRun {
  // Spaces are kept as given: a run is often one piece of a line (" (hint)").
  return new TextRun({ text: text.replace(ANY_CONTROL, ' '), ...style })
}

/** Text with line breaks kept as Word line breaks and tabs as Word tab elements. */
export function runs(text: string, style: RunStyle = {}): TextRun[] {
  return clean(text)
    .split('\n')
    .map(
      (line, i) =>
        new TextRun({
          children: line.split('\t').flatMap((part, j) => [...(j > 0 ? [new Tab()] : []), ...(part === '' ? [] : [part])]),
          break: i > 0 ? 1 : undefined,
          ...style,
        }),
    )
}

/** A real tab element (a "\t" inside w:t is not a tab to Word or LibreOffice). */
export function tab(): TextRun {
  return new TextRun({ children: [new Tab()] })
}

export function para(text: string, style: RunStyle = {}, extra: { spacingAfter?: number } = {}): Paragraph {
  return new Paragraph({ children: runs(text, style), spacing: { after: extra.spacingAfter ?? 120 } })
}

/** A paragraph of mixed runs. */
export function line(children: ParagraphChild[], spacingAfter = 120): Paragraph {
  return new Paragraph({ children, spacing: { after: spacingAfter } })
}

/** Multi-paragraph text: blank lines separate paragraphs, single newlines become line breaks. */
export function paragraphs(text: string, style: RunStyle = {}): Paragraph[] {
  const blocks = clean(text)
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '')
  return blocks.map((b) => para(b, style))
}

export function heading(text: string, level: 1 | 2 | 3, options: { pageBreakBefore?: boolean } = {}): Paragraph {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 }
  return new Paragraph({
    heading: levels[level],
    children: [run(text)],
    keepNext: true,
    ...(options.pageBreakBefore ? { pageBreakBefore: true } : {}),
  })
}

export function title(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.TITLE, children: [run(text)] })
}

export function bullet(text: string): Paragraph {
  return new Paragraph({ children: runs(text), bullet: { level: 0 }, spacing: { after: 60 } })
}

/** Shown in a box near the top of a document: something the reader must not miss. */
export function notice(text: string): Table {
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [CONTENT_WIDTH],
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            children: [para(text, { bold: true }, { spacingAfter: 0 })],
            shading: { fill: WARNING_FILL, type: ShadingType.CLEAR, color: 'auto' },
            borders: allBorders({ style: BorderStyle.SINGLE, size: 18, color: WARNING_RULE }),
            margins: { top: 120, bottom: 120, left: 160, right: 160 },
          }),
        ],
      }),
    ],
  })
}

/** Space between blocks (a table followed directly by a table would merge in Word). */
export function gap(after = 120): Paragraph {
  return new Paragraph({ children: [], spacing: { after, before: 0 } })
}

// ── tables ────────────────────────────────────────────────────────────────────────────────────────

const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: RULE }
const NO_RULE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }

function allBorders(b: IBorderOptions) {
  return { top: b, bottom: b, left: b, right: b }
}

/**
 * Borders and cell padding are set once per table, not on every cell: a 200-record pack has thousands
 * of cells, and per-cell properties made it several times slower to build.
 */
export const TABLE_BORDERS = { ...allBorders(THIN), insideHorizontal: THIN, insideVertical: THIN }
export const CELL_MARGINS = { top: 60, bottom: 60, left: 100, right: 100 }

/** Column widths in twips from fractions of the full width (they need not add to exactly 1). */
export function widths(fractions: readonly number[], total = CONTENT_WIDTH): number[] {
  const sum = fractions.reduce((a, b) => a + b, 0)
  const out = fractions.map((f) => Math.floor((f / sum) * total))
  out[out.length - 1] += total - out.reduce((a, b) => a + b, 0)
  return out
}

export type CellContent = string | Paragraph | (Paragraph | Table)[]

export interface CellOptions {
  fill?: string
  bold?: boolean
  span?: number
  size?: number
  /** Keep this row on the page of the next one (Word's "keep with next" on the cell's paragraphs). */
  keepNext?: boolean
}

export function cell(content: CellContent, width: number, options: CellOptions = {}): TableCell {
  const keep = options.keepNext ? { keepNext: true } : {}
  const style = { bold: options.bold, size: options.size }
  const children =
    typeof content === 'string'
      ? // Blank lines in long text become paragraphs, so Word and LibreOffice can break a page between them.
        clean(content)
          .split(/\n[ \t]*\n/)
          .map((p, i, all) => new Paragraph({ children: runs(p, style), ...(i < all.length - 1 ? { spacing: { after: 80 } } : {}), ...keep }))
      : Array.isArray(content)
        ? content.length > 0
          ? content
          : [new Paragraph({ children: [], ...keep })]
        : [content]
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    ...(options.span !== undefined && options.span > 1 ? { columnSpan: options.span } : {}),
    ...(options.fill !== undefined
      ? { shading: { fill: options.fill, type: ShadingType.CLEAR, color: 'auto' } }
      : {}),
  })
}

/** An empty bordered cell: what a form shows where the vault has no answer. Never filled with a guess. */
export function blankCell(width: number, options: { minHeight?: number; keepNext?: boolean } = {}): TableCell {
  const lines = Math.max(1, Math.round((options.minHeight ?? 0) / 280))
  return cell(
    Array.from({ length: lines }, () => new Paragraph({ children: [], ...(options.keepNext ? { keepNext: true } : {}) })),
    width,
  )
}

/**
 * A table with a header row that repeats on every page. `rows` are lists of cell contents; `size`
 * shrinks the text of wide tables.
 *
 * No row is `cantSplit`: LibreOffice drops rows of a table whose rows are all cantSplit under a
 * repeated header when the table ends near the foot of a page, and a row's content here has no upper
 * bound. `keepTogether` (for short tables) keeps every row with the next instead.
 */
export function dataTable(
  headers: readonly string[],
  rows: readonly (readonly CellContent[])[],
  fractions: readonly number[],
  options: { size?: number; emptyText?: string; keepTogether?: boolean } = {},
): Table {
  const w = widths(fractions)
  const size = options.size
  const headerRow = new TableRow({
    tableHeader: true,
    // The header always stays with the first row.
    children: headers.map((h, i) => cell(h, w[i], { bold: true, fill: HEADER_FILL, size, keepNext: true })),
  })
  const body =
    rows.length > 0
      ? rows.map(
          (r, n) =>
            new TableRow({
              children: r.map((c, i) => cell(c, w[i], { size, keepNext: options.keepTogether === true && n < rows.length - 1 })),
            }),
        )
      : [
          new TableRow({
            children: [cell(options.emptyText ?? 'None.', CONTENT_WIDTH, { span: headers.length, size })],
          }),
        ]
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: [headerRow, ...body],
  })
}

export interface DetailsOptions {
  labelFraction?: number
  labelFill?: string
  /**
   * A heading for the table, as its first row spanning both columns and repeated at the top of every
   * page the table runs onto: a long record keeps its label in view on each page.
   */
  caption?: Paragraph
  /** Keep the whole table on one page (for short tables: a record of a few lines). */
  keepTogether?: boolean
  /** Rows after which a shaded sub-heading row spans the table (an addendum). */
  sections?: readonly { before: number; title: string; fill?: string }[]
}

/**
 * Label | value rows, the label shaded: for a record's details, a child's identifiers. No row is
 * cantSplit (see dataTable): a value may be thousands of words.
 */
export function detailsTable(rows: readonly (readonly [string, CellContent | null])[], options: DetailsOptions = {}): Table {
  const lf = options.labelFraction ?? 0.3
  const w = widths([lf, 1 - lf])
  const keepAll = options.keepTogether === true
  const out: TableRow[] = []
  if (options.caption) {
    out.push(
      new TableRow({
        tableHeader: true,
        children: [
          new TableCell({
            children: [options.caption],
            columnSpan: 2,
            width: { size: CONTENT_WIDTH, type: WidthType.DXA },
            borders: { top: NO_RULE, left: NO_RULE, right: NO_RULE, bottom: THIN },
          }),
        ],
      }),
    )
  }
  rows.forEach(([label, value], i) => {
    const keepNext = keepAll && i < rows.length - 1
    out.push(
      new TableRow({
        children: [
          cell(label, w[0], { bold: true, fill: options.labelFill ?? HEADER_FILL, keepNext }),
          value === null || value === '' ? blankCell(w[1], { keepNext }) : cell(value, w[1], { keepNext }),
        ],
      }),
    )
  })
  for (const section of [...(options.sections ?? [])].sort((a, b) => b.before - a.before)) {
    const at = section.before + (options.caption ? 1 : 0)
    out.splice(
      at,
      0,
      new TableRow({
        children: [cell(section.title, CONTENT_WIDTH, { bold: true, span: 2, fill: section.fill ?? HEADER_FILL, keepNext: true })],
      }),
    )
  }
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: out,
  })
}

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
        document: { run: { font: FONT, size: 21, color: INK, language: { value: 'en-GB' } }, paragraph: { spacing: { line: 264, lineRule: LineRuleType.AUTO } } },
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
