/**
 * The quarterly trends report for the partnership's review (Solihull, seed 001: "The SSCP will review
 * notifications quarterly to identify any trends to inform learning."). The figures are the domain's
 * (quarterlyFigures in src/main/domain/reports.ts); this lays them out: headline figures, a table per
 * measure, and native Word charts, each followed by a table of its values.
 */
import { type FileChild, Paragraph } from 'docx'
import { ChartRun } from 'docx/charts'
import { formatDate } from '../../shared/dates'
import type { QuarterlyFigures } from '../domain/reports'
import { type CellContent, type ExportOptions, FONT, MUTED, dataTable, gap, heading, para, renderDocument, run, title } from './house-style'

/** The house blue (Okabe–Ito's, safe for colour-blind readers). */
const CHART_COLOUR = '0072B2'

export interface TrendsReportInput {
  /** Whose review: "Solihull Safeguarding Children Partnership (SSCP)", or the DSL's own agency. */
  partnership: string
  figures: QuarterlyFigures
  /** Earlier quarters, oldest first, for the trend chart (optional). */
  earlier?: readonly QuarterlyFigures[]
}

/** A round step for the value axis: 1, 2, 5, 10, 20, 50… giving at most about five gridlines. */
export function axisStep(max: number): number {
  if (max <= 5) return 1
  const rough = max / 5
  const p = 10 ** Math.floor(Math.log10(rough))
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= rough) ?? 10 * p
}

/**
 * A native Word chart (Word's own, editable with "Edit Data"), with its axes titled, each bar labelled
 * with its value and alt text that reads out every value, then the same values in a table for anyone
 * who cannot see the chart or prints in black and white. Long labels (reasons) read better as
 * horizontal bars, first at the top.
 */
function chartWithValues(
  caption: string,
  bars: readonly { label: string; value: number }[],
  headers: { label: string; value: string },
  shape: 'column' | 'bar' = 'column',
): FileChild[] {
  if (bars.length === 0) return [para('Nothing to chart this quarter.', { color: MUTED })]
  const max = Math.max(1, ...bars.map((b) => b.value))
  const step = axisStep(max)
  const description = `${caption}: ${bars.map((b) => `${b.label} ${b.value}`).join('; ')}.`
  const chart = new ChartRun({
    type: shape,
    title: { text: caption },
    categories: bars.map((b) => b.label),
    series: [{ name: headers.value, values: bars.map((b) => b.value), color: CHART_COLOUR }],
    legend: false,
    dataLabels: { value: true, numberFormat: '0' },
    categoryAxis: { title: headers.label, ...(shape === 'bar' ? { reverseOrder: true } : {}) },
    valueAxis: { title: headers.value, minimum: 0, maximum: Math.ceil(max / step) * step, interval: step, numberFormat: '0' },
    font: { name: FONT },
    transformation: { width: 620, height: shape === 'bar' ? Math.min(420, 120 + 34 * bars.length) : 260 },
    altText: { name: caption, title: caption, description },
  })
  return [
    new Paragraph({ keepNext: true, spacing: { after: 120 }, children: [chart] }),
    dataTable([headers.label, headers.value], bars.map((b) => [b.label, String(b.value)]), [4, 1.2], { size: 18 }),
    para(caption, { italics: true, size: 17, color: MUTED }),
  ]
}

const fmtDays = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1))

export async function trendsReport(input: TrendsReportInput, options: ExportOptions): Promise<Buffer> {
  const f = input.figures
  const word = f.stageWord
  const lower = word.toLowerCase()
  const quarters = [...(input.earlier ?? []), f]
  const headline: CellContent[][] = [
    ['Disputes opened in the quarter', String(f.opened)],
    ['Resolved in the quarter', String(f.resolved)],
    ['Withdrawn in the quarter', String(f.withdrawn)],
    ['Open at the end of the quarter', String(f.openAtQuarterEnd)],
    ['Working days to resolution — median', fmtDays(f.medianWorkingDaysToResolution)],
    ['Working days to resolution — mean', fmtDays(f.meanWorkingDaysToResolution)],
    [`${word} deadlines missed`, String(f.deadlinesMissed.length)],
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
    heading(`${word} reached`, 1),
    para(`The highest ${lower} each dispute opened in the quarter had reached by the end of the quarter.`, { color: MUTED }),
    ...chartWithValues(
      `Disputes by the highest ${lower} reached`,
      f.stageReached.map((s) => ({ label: s.label, value: s.count })),
      { label: `Highest ${lower}`, value: 'Disputes' },
    ),
    heading('Reasons for escalation', 1),
    para('Each dispute opened in the quarter counts once for each reason it gave.', { color: MUTED }),
    ...(f.reasons.length > 0
      ? chartWithValues(
          'Disputes by reason for escalation',
          f.reasons.map((r) => ({ label: r.label, value: r.count })),
          { label: 'Reason', value: 'Disputes' },
          'bar',
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
    heading(`${word} deadlines missed`, 1),
    para(`A ${lower}’s deadline that passed in the quarter while the dispute was still at that ${lower}.`, { color: MUTED }),
    dataTable(
      ['Dispute', word, 'Deadline'],
      f.deadlinesMissed.map((m) => [m.reference, m.position, formatDate(m.due)]),
      [2, 2, 2],
      { emptyText: `No ${lower} deadline was missed this quarter.` },
    ),
    gap(),
    new Paragraph({
      children: [
        run('Notes. ', { bold: true, size: 17 }),
        run(
          'Quarters are calendar quarters, named by their months (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) because partnerships number quarters by the financial year; days are dates in England. Drafts of contact records are not counted. Each chart is a Word chart whose values are in the table below it.',
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
      description: `Disputes opened, ${lower}s reached, reasons, agencies, working days to resolution and deadlines missed in ${f.label}.`,
      reference: f.label,
    },
    body,
    options,
  )
}
