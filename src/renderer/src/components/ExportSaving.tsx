import { type ReactNode, useState } from 'react'
import type { Result } from '../../../shared/errors'
import { call } from '../api'
import { Spinner } from './forms'

type SaveResult = Result<{ savedTo: string | null }>

/**
 * The one save flow for every export (a dispute's documents and the partnership's reports): the first
 * export asks the person to confirm they understand the file leaves the encrypted vault, then the export
 * runs (the main process asks where to save it), and the answer is shown — "Saved: …", or the refusal.
 */
export function useExportSaving(): {
  busy: string | null
  /** Runs an export, after the unencrypted-file warning if it has not been acknowledged yet. */
  save: (label: string, run: () => Promise<SaveResult>) => void
  /** The unencrypted-file warning, while it is asked: render it above the export buttons. */
  warning: (props: { text: string; headingLevel?: 2 | 3 }) => ReactNode
  /** The progress and the outcome: render it under the export buttons. */
  status: (busyLabel: string) => ReactNode
} {
  const [busy, setBusy] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [confirming, setConfirming] = useState<(() => Promise<void>) | null>(null)

  const save = (label: string, run: () => Promise<SaveResult>) => {
    const go = async () => {
      setConfirming(null)
      setBusy(label)
      setMessage(null)
      const r = await run()
      setBusy(null)
      if (!r.ok) setMessage({ ok: false, text: r.error.message })
      else if (r.value.savedTo) setMessage({ ok: true, text: `Saved: ${r.value.savedTo}` })
    }
    void call('settings.get', {}).then((settings) => {
      if (settings.ok && !settings.value.exportWarningAcknowledged) setConfirming(() => go)
      else void go()
    })
  }

  const warning = ({ text, headingLevel = 3 }: { text: string; headingLevel?: 2 | 3 }) => {
    const Heading = headingLevel === 2 ? 'h2' : 'h3'
    return (
      confirming && (
        <div className="notice warning" role="alertdialog" aria-labelledby="export-warning-title">
          <Heading id="export-warning-title" style={{ marginTop: 0 }}>
            An exported file is not encrypted
          </Heading>
          <p>{text}</p>
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
      )
    )
  }

  const status = (busyLabel: string) => (
    <div aria-live="polite">
      {busy && <Spinner label={busyLabel} />}
      {message && <div className={`notice ${message.ok ? 'success' : 'danger'}`}>{message.text}</div>}
    </div>
  )

  return { busy, save, warning, status }
}
