import { useEffect, useRef, useState } from 'react'
import type { RecordView } from '../../../shared/views'
import { call } from '../api'

interface Props {
  disputeId: string
  /** The draft the email became, for the DSL to review and approve. */
  onDraft: (record: RecordView) => void
}

const NO_PATH = 'The app cannot read an email dragged straight from your mail program. Save the email to a folder and drop that file.'

/**
 * Drop an email (.eml or Outlook .msg) anywhere on the dispute page, or choose one, to start a draft
 * "email received" or "email sent" record. The main process reads the file; this only passes its path.
 */
export function EmailDrop({ disputeId, onDraft }: Props) {
  const [over, setOver] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const problemRef = useRef<HTMLDivElement>(null)

  const importFile = async (file: string | null): Promise<void> => {
    setBusy(true)
    setProblem(null)
    const r = await call('records.fromEmail', { disputeId, file })
    setBusy(false)
    if (!r.ok) setProblem(r.error.message)
    else if (r.value.record) onDraft(r.value.record)
  }

  useEffect(() => {
    if (problem) problemRef.current?.focus()
  }, [problem])

  // The whole page takes the drop, so an email need not land exactly on the box (and a stray file never
  // makes the window navigate to it).
  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files')
    const onDragOver = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
      setOver(true)
    }
    const onDragLeave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setOver(false)
    }
    const onDrop = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      e.preventDefault()
      setOver(false)
      const file = e.dataTransfer?.files[0]
      const path = file ? (window.api.pathForFile?.(file) ?? '') : ''
      if (path === '') {
        setProblem(NO_PATH)
        return
      }
      void importFile(path)
    }
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('dragleave', onDragLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('dragleave', onDragLeave)
      window.removeEventListener('drop', onDrop)
    }
  })

  return (
    <section aria-labelledby="email-drop-title" className={`email-drop${over ? ' over' : ''}`} data-testid="email-drop">
      <h2 id="email-drop-title" className="h3">Add an email</h2>
      <p className="hint">
        Drop an email saved from your mail program (an .eml or Outlook .msg file) anywhere on this page. It becomes a draft record for you to check and approve.
      </p>
      {problem && (
        <div ref={problemRef} className="notice danger" role="alert" tabIndex={-1}>
          {problem}
        </div>
      )}
      <button type="button" className="button secondary" disabled={busy} onClick={() => void importFile(null)}>
        {busy ? 'Reading the email…' : 'Choose an email file'}
      </button>
    </section>
  )
}
