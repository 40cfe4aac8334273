/**
 * The house style's basics: what every builder is given, the page geometry, the colours and the text
 * helpers (runs, paragraphs, headings, notices). Tables are in ./house-tables; the page frame and
 * renderDocument in ./house-style, which re-exports both.
 */
import {
  BorderStyle,
  HeadingLevel,
  type IBorderOptions,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'

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
          children: line
            .split('\t')
            .flatMap((part, j) => [...(j > 0 ? [new Tab()] : []), ...(part === '' ? [] : [part])]),
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

export function heading(
  text: string,
  level: 1 | 2 | 3,
  options: { pageBreakBefore?: boolean } = {},
): Paragraph {
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

/** The same border on all four sides. */
export function allBorders(b: IBorderOptions) {
  return { top: b, bottom: b, left: b, right: b }
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
