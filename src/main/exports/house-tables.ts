/** The house style's tables: bordered cells, data tables and two-column details tables. */
import {
  BorderStyle,
  type IBorderOptions,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  WidthType,
} from 'docx'
import { allBorders, clean, CONTENT_WIDTH, HEADER_FILL, RULE, runs } from './house-basics'

// ── tables ────────────────────────────────────────────────────────────────────────────────────────

const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: RULE }
const NO_RULE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }

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
          .map(
            (p, i, all) =>
              new Paragraph({
                children: runs(p, style),
                ...(i < all.length - 1 ? { spacing: { after: 80 } } : {}),
                ...keep,
              }),
          )
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
export function blankCell(
  width: number,
  options: { minHeight?: number; keepNext?: boolean } = {},
): TableCell {
  const lines = Math.max(1, Math.round((options.minHeight ?? 0) / 280))
  return cell(
    Array.from(
      { length: lines },
      () => new Paragraph({ children: [], ...(options.keepNext ? { keepNext: true } : {}) }),
    ),
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
              children: r.map((c, i) =>
                cell(c, w[i], { size, keepNext: options.keepTogether === true && n < rows.length - 1 }),
              ),
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
export function detailsTable(
  rows: readonly (readonly [string, CellContent | null])[],
  options: DetailsOptions = {},
): Table {
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
        children: [
          cell(section.title, CONTENT_WIDTH, {
            bold: true,
            span: 2,
            fill: section.fill ?? HEADER_FILL,
            keepNext: true,
          }),
        ],
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
