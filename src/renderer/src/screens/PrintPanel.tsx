import { useState } from 'react'
import type { RecordView } from '../../../shared/views'
import { call } from '../api'

type What = 'record' | 'timeline' | 'escalation-record'

/**
 * Print what the dispute page shows through the system print dialog. The print stylesheet (styles.css,
 * @media print) reads the mark set here on the page while the dialog is open: the escalation record (the
 * whole page without its controls), the timeline alone, or one record alone.
 */
export function PrintPanel({ disputeId, records }: { disputeId: string; records: RecordView[] }) {
  const [recordId, setRecordId] = useState(records[0]?.id ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const chosen = records.some((r) => r.id === recordId) ? recordId : (records[0]?.id ?? '')

  const print = async (what: What): Promise<void> => {
    setProblem(null)
    const root = document.documentElement
    root.dataset['print'] = what
    const target = what === 'record' ? document.getElementById(`record-card-${chosen}`) : null
    target?.classList.add('print-target')
    try {
      const r = await call('print.dispute', { disputeId, what, ...(what === 'record' ? { recordId: chosen } : {}) })
      if (!r.ok) setProblem(r.error.message)
    } finally {
      delete root.dataset['print']
      target?.classList.remove('print-target')
    }
  }

  return (
    <section aria-labelledby="print-title" className="print-panel">
      <h2 id="print-title" className="h3">Print</h2>
      {problem && <div className="notice danger" role="alert">{problem}</div>}
      <div className="button-group">
        <button type="button" className="button secondary" onClick={() => void print('escalation-record')}>Print the escalation record</button>
        <button type="button" className="button secondary" onClick={() => void print('timeline')}>Print the timeline</button>
      </div>
      {records.length > 0 && (
        <div className="button-group">
          <label htmlFor="print-record" className="label">One record</label>
          <select id="print-record" className="select" value={chosen} onChange={(e) => setRecordId(e.target.value)}>
            {records.map((r) => (
              <option key={r.id} value={r.id}>{r.label}</option>
            ))}
          </select>
          <button type="button" className="button secondary" onClick={() => void print('record')}>Print this record</button>
        </div>
      )}
    </section>
  )
}
