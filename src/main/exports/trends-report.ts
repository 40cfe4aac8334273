/**
 * The quarterly trends report for the partnership's review (Solihull, seed 001: "The SSCP will review
 * notifications quarterly to identify any trends to inform learning."). The figures are the domain's
 * (quarterlyFigures in src/main/domain/reports.ts); this lays them out: headline figures, a table per
 * measure, and bar charts drawn as PNG with their values in a colour-keyed table beside each.
 */
import {
  type FileChild,
  ImageRun,
  LineRuleType,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  WidthType,
} from 'docx'
import { formatDate } from '../../shared/dates'
import type { QuarterlyFigures } from '../domain/reports'
import {
  CELL_MARGINS,
  CONTENT_WIDTH,
  type CellContent,
  type ExportOptions,
  HEADER_FILL,
  MUTED,
  cell,
  dataTable,
  gap,
  heading,
  para,
  renderDocument,
  TABLE_BORDERS,
  run,
  title,
  widths,
} from './house-style'
import { barChart, barColour } from './png'

export interface TrendsReportInput {
  /** Whose review: "Solihull Safeguarding Children Partnership (SSCP)", or the DSL's own agency. */
  partnership: string
  figures: QuarterlyFigures
  /** Earlier quarters, oldest first, for the trend chart (optional). */
  earlier?: readonly QuarterlyFigures[]
}

const NO_BORDER = { style: 'none' as const, size: 0, color: 'FFFFFF' }
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER }

/** A bar chart and, beside it, the same values in a table keyed by each bar's colour. */
function chartWithValues(
  caption: string,
  bars: readonly { label: string; value: number }[],
  headers: { label: string; value: string },
): FileChild[] {
  if (bars.length === 0) return [para('Nothing to chart this quarter.', { color: MUTED })]
  const [chartW, tableW] = widths([0.52, 0.48])
  const png = barChart(
    bars.map((b) => b.value),
    { width: 480, height: 260 },
  )
  const legendW = widths([0.1, 0.66, 0.24], tableW - 120)
  const legend = new Table({
    width: { size: tableW - 120, type: WidthType.DXA },
    columnWidths: legendW,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: [
      new TableRow({
        tableHeader: true,
        children: [
          cell('', legendW[0], { fill: HEADER_FILL }),
          cell(headers.label, legendW[1], { fill: HEADER_FILL, bold: true, size: 18 }),
          cell(headers.value, legendW[2], { fill: HEADER_FILL, bold: true, size: 18 }),
        ],
      }),
      ...bars.map(
        (b, i) =>
          new TableRow({
            children: [
              cell('', legendW[0], { fill: barColour(i) }),
              cell(b.label, legendW[1], { size: 18 }),
              cell(String(b.value), legendW[2], { size: 18 }),
            ],
          }),
      ),
    ],
  })
  const image = new ImageRun({
    type: 'png',
    data: png,
    transformation: { width: 300, height: 162 },
    altText: {
      name: caption,
      title: caption,
      description: `${caption}: ${bars.map((b) => `${b.label} ${b.value}`).join('; ')}`,
    },
  })
  return [
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: [chartW, tableW],
      layout: TableLayoutType.FIXED,
      borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
      rows: [
        // The chart and its values side by side: one row, no repeated header, so cantSplit is safe here.
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: chartW, type: WidthType.DXA },
              borders: NO_BORDERS,
              children: [new Paragraph({ children: [image], spacing: { line: 240, lineRule: LineRuleType.AUTO } })],
            }),
            new TableCell({
              width: { size: tableW, type: WidthType.DXA },
              borders: NO_BORDERS,
              shading: { fill: 'FFFFFF', type: ShadingType.CLEAR, color: 'auto' },
              children: [legend, new Paragraph({ children: [] })],
            }),
          ],
        }),
      ],
    }),
    para(caption, { italics: true, size: 17, color: MUTED }),
  ]
}

const fmtDays = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1))

export async function trendsReport(input: TrendsReportInput, options: ExportOptions): Promise<Buffer> {
  const f = input.figures
  const quarters = [...(input.earlier ?? []), f]
  const headline: CellContent[][] = [
    ['Disputes opened in the quarter', String(f.opened)],
    ['Resolved in the quarter', String(f.resolved)],
    ['Withdrawn in the quarter', String(f.withdrawn)],
    ['Open at the end of the quarter', String(f.openAtQuarterEnd)],
    ['Working days to resolution — median', fmtDays(f.medianWorkingDaysToResolution)],
    ['Working days to resolution — mean', fmtDays(f.meanWorkingDaysToResolution)],
    ['Stage deadlines missed', String(f.deadlinesMissed.length)],
    ...(f.records
      ? [
          ['Approved contact records of contacts in the quarter', String(f.records.approved)],
          ['… of which recorded retrospectively (over 24 hours later)', String(f.records.retrospective)],
        ]
      : []),
  ]

  const body: FileChild[] = [
    title(`Quarterly trends report — ${f.label}`),
    para(`${input.partnership} · ${f.months} (${formatDate(f.from)} to ${formatDate(f.to)})`, { color: MUTED }),
    ...(f.complete
      ? []
      : [para(`The quarter has not ended: these are the figures so far.`, { bold: true })]),
    heading('The figures', 1),
    dataTable(['Measure', f.label], headline, [4, 1.2]),
    ...(quarters.length > 1
      ? [
          heading('Disputes opened, quarter by quarter', 1),
          ...chartWithValues(
            'Disputes opened per quarter',
            quarters.map((q) => ({ label: q.label, value: q.opened })),
            { label: 'Quarter', value: 'Opened' },
          ),
          dataTable(
            ['Quarter', 'Opened', 'Resolved', 'Withdrawn', 'Open at end', 'Median days', 'Deadlines missed'],
            quarters.map((q) => [
              q.label,
              String(q.opened),
              String(q.resolved),
              String(q.withdrawn),
              String(q.openAtQuarterEnd),
              fmtDays(q.medianWorkingDaysToResolution),
              String(q.deadlinesMissed.length),
            ]),
            [1.2, 1, 1, 1, 1, 1, 1.2],
            { size: 18 },
          ),
        ]
      : []),
    heading('Stage reached', 1),
    para('The highest stage each dispute opened in the quarter had reached by the end of the quarter.', { color: MUTED }),
    ...chartWithValues(
      'Disputes by the highest stage reached',
      f.stageReached.map((s) => ({ label: s.label, value: s.count })),
      { label: 'Highest stage', value: 'Disputes' },
    ),
    heading('Reasons for escalation', 1),
    para('Each dispute opened in the quarter counts once for each reason it gave.', { color: MUTED }),
    ...(f.reasons.length > 0
      ? chartWithValues(
          'Disputes by reason for escalation',
          f.reasons.map((r) => ({ label: r.label, value: r.count })),
          { label: 'Reason', value: 'Disputes' },
        )
      : [para('No reasons from the policy’s list were given this quarter.', { color: MUTED })]),
    heading('Agencies involved', 1),
    dataTable(
      ['Other agency', 'Disputes'],
      f.agencies.map((a) => [a.label, String(a.count)]),
      [4, 1],
      { emptyText: 'No disputes opened this quarter.' },
    ),
    heading('Working days to resolution', 1),
    para('From the day a dispute was opened to the day it was resolved, in working days (England and Wales bank holidays and the organisation’s closure days excluded).', { color: MUTED }),
    dataTable(
      ['Dispute', 'Working days'],
      f.workingDaysToResolution.map((r) => [r.reference, String(r.workingDays)]),
      [4, 1],
      { emptyText: 'No dispute was resolved this quarter.' },
    ),
    heading('Stage deadlines missed', 1),
    para('A stage’s deadline that passed in the quarter while the dispute was still at that stage.', { color: MUTED }),
    dataTable(
      ['Dispute', 'Stage', 'Deadline'],
      f.deadlinesMissed.map((m) => [m.reference, m.position, formatDate(m.due)]),
      [2, 2, 2],
      { emptyText: 'No stage deadline was missed this quarter.' },
    ),
    gap(),
    new Paragraph({
      children: [
        run('Notes. ', { bold: true, size: 17 }),
        run(
          'Quarters are calendar quarters (Q1 is January to March), on dates in England. Drafts of contact records are not counted. The charts show the values in the tables beside them.',
          { size: 17, color: MUTED },
        ),
      ],
    }),
  ]

  return renderDocument(
    {
      title: `Quarterly trends report ${f.label}`,
      runningTitle: 'Quarterly trends report',
      subject: `Escalation trends for ${f.months} — ${input.partnership}`,
      description: `Disputes opened, stages reached, reasons, agencies, working days to resolution and deadlines missed in ${f.label}.`,
      reference: f.label,
    },
    body,
    options,
  )
}
