import { useState } from 'react'
import { call } from '../api'
import { usePolicies } from '../policies'
import { useExportSaving } from '../components/ExportSaving'
import { Radios, SelectField } from '../components/forms'

type Quarter = '1' | '2' | '3' | '4'

const QUARTERS: { value: Quarter; label: string }[] = [
  { value: '1', label: 'Q1: April to June' },
  { value: '2', label: 'Q2: July to September' },
  { value: '3', label: 'Q3: October to December' },
  { value: '4', label: 'Q4: January to March' },
]

/** The financial year (starting in April) that today falls in, by its first calendar year: 2026 for 2026/27. */
function currentFinancialYear(today: Date): number {
  return today.getMonth() >= 3 ? today.getFullYear() : today.getFullYear() - 1
}

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const yearLabel = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`

/**
 * The partnership's quarterly return and the trends report: choose a quarter of the financial year and a
 * partnership, then export. Every export is written to the audit trail, as on a dispute's page.
 */
export function Reports() {
  const thisYear = currentFinancialYear(new Date())
  const [startYear, setStartYear] = useState(thisYear)
  const [quarter, setQuarter] = useState<Quarter>('1')
  const [policyId, setPolicyId] = useState('')
  const policies = usePolicies()?.current ?? []
  const { busy: running, save, warning, status } = useExportSaving()
  const busy = running !== null

  const q = Number(quarter) as 1 | 2 | 3 | 4
  // The trends report counts calendar quarters; the same three months are calendar quarter q + 1 (Q4: Q1 of the next year).
  const calendarYear = q === 4 ? startYear + 1 : startYear
  const calendarQuarter = q === 4 ? 1 : q + 1
  const chosen = `${QUARTERS[q - 1].label.slice(4)} ${calendarYear} (Q${q} ${yearLabel(startYear)})`
  // The trends report is titled by the months, as the domain names a calendar quarter: "Oct–Dec 2026".
  const trendsTitle = `${MONTHS_SHORT[(calendarQuarter - 1) * 3]}–${MONTHS_SHORT[(calendarQuarter - 1) * 3 + 2]} ${calendarYear}`

  const scope = policyId ? { policyId } : {}
  const exportReturn = (format: 'docx' | 'csv') =>
    save(format, () => call('exports.quarterlyReturn', { startYear, quarter: q, format, ...scope }))
  const exportTrends = () =>
    save('trends', () => call('exports.trends', { year: calendarYear, quarter: calendarQuarter, ...scope }))

  const years = Array.from({ length: 6 }, (_, i) => thisYear - i)
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports for the partnership</h1>
      <p>
        Partnerships report by financial-year quarters: Q1 is April to June and Q4 is January to March. The
        quarterly return gives counts only — no child, family or dispute is named — and shows any count from 1
        to 4 as “fewer than 5”, withholding others where it could be worked out from the totals.
      </p>
      <SelectField
        id="report-year"
        label="Financial year"
        value={String(startYear)}
        onChange={(v) => setStartYear(Number(v))}
        options={years.map((y) => ({ value: String(y), label: yearLabel(y) }))}
      />
      <Radios id="report-quarter" legend="Quarter" value={quarter} choices={QUARTERS} onChange={setQuarter} />
      <SelectField
        id="report-partnership"
        label="Partnership"
        hint="The disputes opened under that partnership’s policy, or all of them."
        value={policyId}
        onChange={setPolicyId}
        options={[
          { value: '', label: 'All partnerships' },
          ...[...new Map(policies.map((p) => [p.id, p])).values()].map((p) => ({
            value: p.id,
            label: p.partnership,
          })),
        ]}
      />
      <p>
        Chosen: <strong>{chosen}</strong>
      </p>
      {warning({
        text: 'The file you save is outside the encrypted vault. Save it only where your agency keeps such returns, and send it only by secure email.',
        headingLevel: 2,
      })}
      <div className="button-group" role="group" aria-label="Exports">
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => exportReturn('docx')}
        >
          Quarterly return (Word)
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => exportReturn('csv')}
        >
          Quarterly return (CSV for Excel)
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={exportTrends}>
          Trends report (Word)
        </button>
      </div>
      <p className="small muted">
        The trends report counts calendar quarters and is titled by its months: “Quarterly trends report —{' '}
        {trendsTitle}”.
      </p>
      {status('Preparing the file…')}
    </section>
  )
}
