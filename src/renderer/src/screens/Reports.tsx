import { useEffect, useState } from 'react'
import type { PolicySummary } from '../../../shared/policy'
import { call } from '../api'
import { Radios, SelectField, Spinner } from '../components/forms'

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
  const [policies, setPolicies] = useState<PolicySummary[]>([])
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [confirming, setConfirming] = useState<(() => Promise<void>) | null>(null)

  useEffect(() => {
    void call('policies.list', {}).then((r) => {
      if (r.ok) setPolicies(r.value.current)
    })
  }, [])

  const q = Number(quarter) as 1 | 2 | 3 | 4
  // The trends report counts calendar quarters; the same three months are calendar quarter q + 1 (Q4: Q1 of the next year).
  const calendarYear = q === 4 ? startYear + 1 : startYear
  const calendarQuarter = q === 4 ? 1 : q + 1
  const chosen = `${QUARTERS[q - 1].label.slice(4)} ${calendarYear} (Q${q} ${yearLabel(startYear)})`

  const guarded = async (run: () => ReturnType<typeof call<'exports.trends'>>) => {
    const go = async () => {
      setConfirming(null)
      setBusy(true)
      setMessage(null)
      const r = await run()
      setBusy(false)
      if (!r.ok) setMessage({ ok: false, text: r.error.message })
      else if (r.value.savedTo) setMessage({ ok: true, text: `Saved: ${r.value.savedTo}` })
    }
    const settings = await call('settings.get', {})
    if (settings.ok && !settings.value.exportWarningAcknowledged) setConfirming(() => go)
    else await go()
  }
  const scope = policyId ? { policyId } : {}
  const exportReturn = (format: 'docx' | 'csv') => void guarded(() => call('exports.quarterlyReturn', { startYear, quarter: q, format, ...scope }))
  const exportTrends = () => void guarded(() => call('exports.trends', { year: calendarYear, quarter: calendarQuarter, ...scope }))

  const years = Array.from({ length: 6 }, (_, i) => thisYear - i)
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports for the partnership</h1>
      <p>
        Partnerships report by financial-year quarters: Q1 is April to June and Q4 is January to March. The quarterly
        return gives counts only — no child, family or dispute is named — and shows any count from 1 to 4 as “fewer than
        5”, withholding others where it could be worked out from the totals.
      </p>
      <SelectField id="report-year" label="Financial year" value={String(startYear)} onChange={(v) => setStartYear(Number(v))} options={years.map((y) => ({ value: String(y), label: yearLabel(y) }))} />
      <Radios id="report-quarter" legend="Quarter" value={quarter} choices={QUARTERS} onChange={setQuarter} />
      <SelectField
        id="report-partnership"
        label="Partnership"
        hint="The disputes opened under that partnership’s policy, or all of them."
        value={policyId}
        onChange={setPolicyId}
        options={[{ value: '', label: 'All partnerships' }, ...[...new Map(policies.map((p) => [p.id, p])).values()].map((p) => ({ value: p.id, label: p.partnership }))]}
      />
      <p>
        Chosen: <strong>{chosen}</strong>
      </p>
      {confirming && (
        <div className="notice warning" role="alertdialog" aria-labelledby="report-warning-title">
          <h2 id="report-warning-title" style={{ marginTop: 0 }}>An exported file is not encrypted</h2>
          <p>The file you save is outside the encrypted vault. Save it only where your agency keeps such returns, and send it only by secure email.</p>
          <div className="button-group">
            <button
              type="button"
              className="button"
              onClick={() =>
                void call('exports.acknowledgeWarning', {}).then(() => {
                  const run = confirming
                  void run()
                })
              }
            >
              I understand — export
            </button>
            <button type="button" className="link" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="button-group" role="group" aria-label="Exports">
        <button type="button" className="button secondary" disabled={busy} onClick={() => exportReturn('docx')}>
          Quarterly return (Word)
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={() => exportReturn('csv')}>
          Quarterly return (CSV for Excel)
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={exportTrends}>
          Trends report (Word)
        </button>
      </div>
      <div aria-live="polite">
        {busy && <Spinner label="Preparing the file…" />}
        {message && <div className={`notice ${message.ok ? 'success' : 'danger'}`}>{message.text}</div>}
      </div>
    </section>
  )
}
