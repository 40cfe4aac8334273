import { useState, type DragEvent } from 'react'
import { kindInWords, sizeInWords } from '../../../shared/record-files'
import type { RecordView } from '../../../shared/views'
import { call } from '../api'
import { useExportSaving } from '../components/ExportSaving'
import { formatInstant } from '../format'

interface Props {
  disputeId: string
  record: RecordView
  /** Closed disputes take no new files. */
  canAttach: boolean
  onChanged: () => void
}

const NO_PATH = 'The app cannot read a file dragged straight from another program. Save it to a folder and drop that file.'

/**
 * The files stored in the vault with a record: name, size and kind; save a copy out (not encrypted: the
 * export warning first, and audited); attach more with the file dialog or by dropping files on the list.
 * A draft may remove its files; an approved record keeps every file, and one added afterwards is shown as
 * added after approval, dated.
 */
export function RecordFiles({ disputeId, record, canAttach, onChanged }: Props) {
  const files = record.files ?? []
  const draft = record.status === 'draft'
  const [busy, setBusy] = useState(false)
  const [over, setOver] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const saving = useExportSaving()

  const attach = async (paths: string[] | null) => {
    setBusy(true)
    setProblem(null)
    const r = await call('attachments.add', { disputeId, recordId: record.id, files: paths })
    setBusy(false)
    if (!r.ok) setProblem(r.error.message)
    else if (r.value.record) onChanged()
  }
  const remove = async (fileId: string, name: string) => {
    setProblem(null)
    const r = await call('attachments.remove', { disputeId, recordId: record.id, fileId, name })
    if (!r.ok) setProblem(r.error.message)
    else onChanged()
  }
  const saveOut = (fileId: string, name: string) =>
    saving.save(name, async () => {
      const r = await call('attachments.save', { disputeId, recordId: record.id, fileId, name })
      return r.ok ? { ok: true, value: { savedTo: r.value.savedAs } } : r
    })
  // A drop here attaches to this record; it stops before the page's own drop (which reads an email).
  const onDragOver = (e: DragEvent) => {
    if (!canAttach || !Array.from(e.dataTransfer.types).includes('Files')) return
    e.preventDefault()
    e.stopPropagation()
    e.dataTransfer.dropEffect = 'copy'
    setOver(true)
  }
  const onDrop = (e: DragEvent) => {
    if (!canAttach || !Array.from(e.dataTransfer.types).includes('Files')) return
    e.preventDefault()
    e.stopPropagation()
    setOver(false)
    const paths = Array.from(e.dataTransfer.files).map((f) => window.api.pathForFile?.(f) ?? '')
    if (paths.length === 0 || paths.some((p) => p === '')) setProblem(NO_PATH)
    else void attach(paths.slice(0, 20))
  }

  const awaiting = record.awaitingFiles ?? []
  if (files.length === 0 && awaiting.length === 0 && !canAttach) return null
  return (
    // A group, not a region: every record card has one, and landmarks must each have a name of their own.
    <div
      role="group"
      className={`record-files${over ? ' over' : ''}`}
      aria-labelledby={`files-${record.id}`}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid={`record-files-${record.id}`}
    >
      <h4 id={`files-${record.id}`}>Files stored with this record</h4>
      {awaiting.length > 0 && (
        <div className="notice warning small" data-testid={`awaiting-files-${record.id}`}>
          <p>
            {awaiting.length === 1 ? '1 file' : `${awaiting.length} files`} of this record {awaiting.length === 1 ? 'is' : 'are'} still to come from the team vault:
          </p>
          <ul>
            {awaiting.map((a, i) => (
              <li key={`${i}-${a.name}`}>
                <strong>{a.name}</strong> — {a.why === 'missing' ? 'not arrived yet' : 'arrived damaged'}; it is fetched again at each sync.
              </li>
            ))}
          </ul>
        </div>
      )}
      {files.length === 0 && awaiting.length > 0 ? null : files.length === 0 ? (
        <p className="small hint">No files yet. Drop files here, or choose one. They are stored encrypted in the vault.</p>
      ) : (
        <table className="files-table small">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={`${f.id}-${f.name}`}>
                <td>
                  {f.name}
                  {f.source !== 'file' && <span className="hint"> — {f.source === 'email' ? 'the original email' : 'attached to the email'}</span>}
                  {f.afterApproval && (
                    <span className="hint">
                      {' '}
                      — added after approval, {formatInstant(f.addedAt)} by {f.addedByName}
                    </span>
                  )}
                </td>
                <td>{kindInWords(f)}</td>
                <td>{sizeInWords(f.size)}</td>
                <td className="actions">
                  <button type="button" className="link" disabled={saving.busy !== null} onClick={() => saveOut(f.id, f.name)}>
                    Save a copy<span className="visually-hidden"> of {f.name}</span>
                  </button>
                  {draft && (
                    <button type="button" className="link" onClick={() => void remove(f.id, f.name)}>
                      Remove<span className="visually-hidden"> {f.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {saving.warning({ text: 'The copy you save is an ordinary file on this computer, outside the encrypted vault. Keep it only where the child’s records are kept, and delete it when it is no longer needed. Saving it is recorded in the audit trail.' })}
      {saving.status('Saving a copy…')}
      {problem && (
        <div className="notice danger small" role="alert">
          {problem}
        </div>
      )}
      {canAttach && (
        <p className="small">
          <button type="button" className="button secondary" disabled={busy} onClick={() => void attach(null)}>
            {busy ? 'Storing the file…' : 'Attach a file'}
          </button>
          {!draft && <span className="hint"> A file attached now is shown as added after approval; the approved record itself does not change.</span>}
        </p>
      )}
    </div>
  )
}
