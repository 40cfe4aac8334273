/**
 * Signed-off records out to the child's file (issue 21): on an approved record's card, a Word document
 * of the record and its text copied for CPOMS or MyConcern; on the dispute page, a Word document of each
 * stage reached. What goes out, and what is refused, is decided in the main process.
 */
import { useState } from 'react'
import type { PositionWords } from '../../../shared/policy-words'
import { positionName } from '../../../shared/policy-words'
import type { DisputeView, RecordView } from '../../../shared/views'
import { call } from '../api'
import { useExportSaving } from '../components/ExportSaving'
import { formatInstant } from '../format'

const WARNING = 'The Word document is saved outside the encrypted vault. Keep it where the child’s file is kept, and delete other copies.'

/** The buttons under an approved record: export it for the child's file, or copy it for CPOMS or MyConcern. */
export function RecordSignoffActions({ disputeId, record }: { disputeId: string; record: RecordView }) {
  const { busy, save, warning, status } = useExportSaving()
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null)
  if (record.status !== 'approved') return null
  const copy = async () => {
    setCopied(null)
    const r = await call('signoff.copyRecord', { disputeId, recordId: record.id })
    setCopied(
      r.ok
        ? { ok: true, text: `Copied for the child’s file. Paste it into CPOMS or MyConcern now: the clipboard is cleared at ${formatInstant(r.value.clearsAt).split(', ')[1]}, or sooner if the vault locks.` }
        : { ok: false, text: r.error.message },
    )
  }
  return (
    <div className="signoff-actions">
      {warning({ text: WARNING, headingLevel: 3 })}
      <div className="button-group">
        <button type="button" className="button secondary" disabled={busy !== null} onClick={() => save('record', () => call('signoff.exportRecord', { disputeId, recordId: record.id }))}>
          Export for the child’s file<span className="visually-hidden"> — {record.label}</span>
        </button>
        <button type="button" className="button secondary" onClick={() => void copy()}>
          Copy for the child’s file<span className="visually-hidden"> — {record.label}</span>
        </button>
      </div>
      {status('Preparing the record…')}
      {copied && (
        <p className={`notice ${copied.ok ? 'success' : 'danger'} small`} role={copied.ok ? 'status' : 'alert'}>
          {copied.text}
        </p>
      )}
    </div>
  )
}

/** Each stage the dispute has been at, exportable on its own for the child's file. */
export function StageExports({ view, words }: { view: DisputeView; words: PositionWords | undefined }) {
  const { busy, save, warning, status } = useExportSaving()
  const stages = [...new Set(view.dispute.stageHistory.map((v) => (v.route === 'emergency' || v.stage === null ? 'emergency' : v.stage)))]
  if (stages.length === 0) return null
  return (
    <section aria-labelledby="stage-exports-title">
      <h2 id="stage-exports-title">{words?.stageWord ?? 'Stage'} by {(words?.stageWord ?? 'stage').toLowerCase()} for the child’s file</h2>
      <p className="small">Each document holds that {(words?.stageWord ?? 'stage').toLowerCase()}’s approved records, its deadlines and how it ended. Drafts are left out, and the document says how many.</p>
      {warning({ text: WARNING, headingLevel: 3 })}
      <div className="button-group">
        {stages.map((stage) => (
          <button
            key={String(stage)}
            type="button"
            className="button secondary"
            disabled={busy !== null}
            onClick={() => save(String(stage), () => call('signoff.exportStage', { disputeId: view.dispute.id, stage }))}
          >
            Export {positionName(words, stage)}
          </button>
        ))}
      </div>
      {status('Preparing the document…')}
    </section>
  )
}
