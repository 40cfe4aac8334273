/**
 * The quarterly return for the partnership, as a Word document and as a CSV file for the partnership's
 * spreadsheet. The figures and their suppression are the domain's (src/main/domain/quarterly-return.ts);
 * this lays them out. Neither file carries a child's name, a dispute reference or any identifier: only
 * counts, with every count from 1 to 4 shown as "fewer than 5" and the counts withheld to protect them.
 */
import type { FileChild } from 'docx'
import { formatDate } from '../../shared/dates'
import type { QuarterlyReturn } from '../domain/quarterly-return'
import { type ProtectedTable, type ShownCount, THRESHOLD, shownWords } from '../domain/suppression'
import { type CellContent, type ExportOptions, MUTED, bullet, cleanLine, dataTable, gap, heading, para, renderDocument, title } from './house-style'

export interface QuarterlyReturnInput {
  /** The partnership the return is for: "St Helens Safeguarding Children Partnership (SCP)", or all. */
  partnership: string
  figures: QuarterlyReturn
}

function crossTable(p: ProtectedTable, firstHeader: string): FileChild {
  const rows: CellContent[][] = [
    ...p.rows.map((label, i) => [label, ...p.cells[i].map(shownWords), shownWords(p.rowTotals[i])]),
    ['Total', ...p.columnTotals.map(shownWords), shownWords(p.total)],
  ]
  // A column is at least as wide as its header's longest word ("Emergency"), so no heading breaks mid-word.
  const fraction = (header: string) => Math.max(1, Math.max(...header.split(/\s+/).map((w) => w.length)) / 7)
  return dataTable([firstHeader, ...p.columns, 'Total'], p.rows.length === 0 ? [] : rows, [2.6, ...p.columns.map(fraction), 1], {
    size: 18,
    emptyText: 'No disputes.',
  })
}

function oneWayTable(p: ProtectedTable, firstHeader: string, countHeader: string): FileChild {
  const rows: CellContent[][] = [...p.rows.map((label, i) => [label, shownWords(p.cells[i][0])]), ['Total', shownWords(p.columnTotals[0])]]
  return dataTable([firstHeader, countHeader], rows, [4, 1.2], { size: 18 })
}

const median = (n: number | null) => (n === null ? `not shown (fewer than ${THRESHOLD} disputes resolved)` : Number.isInteger(n) ? `${n} working days` : `${n.toFixed(1)} working days`)

export async function quarterlyReturnDocument(input: QuarterlyReturnInput, options: ExportOptions): Promise<Buffer> {
  const f = input.figures
  const lower = f.stageWord.toLowerCase()
  const noDisputes = f.byAgencyReceiving.rows.length === 0
  const body: FileChild[] = [
    title(`Quarterly return — ${f.label}`),
    para(`${input.partnership} · ${f.months} (${formatDate(f.from)} to ${formatDate(f.to)})`, { color: MUTED }),
    ...(f.complete ? [] : [para('The quarter has not ended: these are the figures so far.', { bold: true })]),
    para(
      `Quarters are financial-year quarters, as partnerships report: Q1 is April to June and Q4 is January to March. No child, family or dispute is named. A count from 1 to ${THRESHOLD - 1} is shown as “fewer than ${THRESHOLD}”, and where it could be worked out from the totals, other counts are withheld too.`,
      { color: MUTED },
    ),
    heading(`Agency raising and ${lower} reached`, 1),
    para(`Disputes raised in the quarter, by the agency that raised them (the children’s setting where one is recorded, otherwise our agency) and the highest ${lower} each had reached by the end of the quarter.`, { color: MUTED }),
    crossTable(f.byAgencyRaising, 'Agency raising'),
    heading(`Agency receiving and ${lower} reached`, 1),
    para('The same disputes, by the agency whose decision, action or inaction was disputed.', { color: MUTED }),
    crossTable(f.byAgencyReceiving, 'Agency receiving'),
    heading('Level of need and whether resolved', 1),
    para('The same disputes, by the children’s level of need as recorded, and where each stood at the end of the quarter.', { color: MUTED }),
    crossTable(f.byLevelOfNeed, 'Level of need'),
    heading('Reasons for escalation', 1),
    para('A dispute counts once for each reason it gave, so these do not add up to the number of disputes.', { color: MUTED }),
    dataTable(['Reason', 'Disputes'], f.byReason.rows.map((r, i) => [r, shownWords(f.byReason.counts[i])]), [4, 1.2], { size: 18, emptyText: 'No disputes were raised in the quarter.' }),
    heading('Working days to resolution', 1),
    para('Disputes resolved in the quarter, whenever they were raised, by working days from the day raised to the day resolved (bank holidays and the organisation’s closure days excluded).', { color: MUTED }),
    oneWayTable(f.resolutionDays, 'Working days to resolution', 'Disputes'),
    para(`Median: ${median(f.medianWorkingDaysToResolution)}.`),
    heading('Notifications', 1),
    para('Notifications the partnership’s policy asks for, settled in the quarter: sent, or recorded as not needed with a reason.', { color: MUTED }),
    f.notifications.rows.length === 0 ? para('No notification was sent or recorded as not needed in the quarter.', { color: MUTED }) : crossTable(f.notifications, 'To'),
    gap(),
    heading('How to read this return', 2),
    bullet(`“fewer than ${THRESHOLD}”: between 1 and ${THRESHOLD - 1}.`),
    bullet('“withheld”: not shown, so that a count of fewer than 5 cannot be worked out from the totals.'),
    bullet('Drafts are not counted; a dispute counts in the quarter it was raised.'),
    ...(noDisputes ? [para('No disputes were raised in the quarter.', { color: MUTED })] : []),
  ]
  return renderDocument(
    {
      title: `Quarterly return ${f.label}`,
      runningTitle: 'Quarterly return',
      subject: `Escalations for ${f.months} — ${input.partnership}`,
      description: `Counts of disputes raised in ${f.label} by agency, ${lower} reached, level of need, reason and resolution, with small counts suppressed.`,
      reference: f.label,
    },
    body,
    options,
  )
}

// ── CSV ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * One CSV cell. A cell that Excel would read as a formula (beginning = + - @, a tab or a carriage
 * return) is written with a leading apostrophe, which Excel shows as text; quotes are doubled and a cell
 * with a comma, quote or line break is quoted (RFC 4180).
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const csvCount = (c: ShownCount) => (c.shown === 'count' ? String(c.value) : shownWords(c))

/**
 * The return as one long table, a line per count: Quarter, Table, Row, Column, Count. UTF-8 with a byte
 * order mark so that Excel reads "Children’s Social Care" as written, lines ending CRLF as Excel writes them.
 */
export function quarterlyReturnCsv(input: QuarterlyReturnInput): Buffer {
  const f = input.figures
  const lines: string[][] = [['Partnership', 'Quarter', 'From', 'To', 'Table', 'Row', 'Column', 'Count']]
  const head = [cleanLine(input.partnership), f.label, f.from, f.to]
  const cross = (name: string, p: ProtectedTable) => {
    p.rows.forEach((row, i) => {
      p.columns.forEach((column, j) => lines.push([...head, name, row, column, csvCount(p.cells[i][j])]))
      lines.push([...head, name, row, 'Total', csvCount(p.rowTotals[i])])
    })
    if (p.rows.length === 0) return
    p.columns.forEach((column, j) => lines.push([...head, name, 'Total', column, csvCount(p.columnTotals[j])]))
    lines.push([...head, name, 'Total', 'Total', csvCount(p.total)])
  }
  const lower = f.stageWord.toLowerCase()
  cross(`Agency raising by ${lower} reached`, f.byAgencyRaising)
  cross(`Agency receiving by ${lower} reached`, f.byAgencyReceiving)
  cross('Level of need by whether resolved', f.byLevelOfNeed)
  f.byReason.rows.forEach((r, i) => lines.push([...head, 'Reasons for escalation', r, 'Disputes', csvCount(f.byReason.counts[i])]))
  f.resolutionDays.rows.forEach((r, i) => lines.push([...head, 'Working days to resolution', r, 'Disputes', csvCount(f.resolutionDays.cells[i][0])]))
  lines.push([...head, 'Working days to resolution', 'Total', 'Disputes', csvCount(f.resolutionDays.columnTotals[0])])
  lines.push([...head, 'Working days to resolution', 'Median', 'Working days', f.medianWorkingDaysToResolution === null ? 'not shown' : String(f.medianWorkingDaysToResolution)])
  cross('Notifications', f.notifications)
  const text = lines.map((l) => l.map((v) => csvCell(cleanLine(v))).join(',')).join('\r\n') + '\r\n'
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
}
