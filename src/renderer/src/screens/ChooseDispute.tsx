import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Spinner } from '../components/forms'
import { useChannel } from '../lib/queries'

/** Ctrl+L away from a dispute: which dispute is this contact about? The last one opened is chosen. */
export function ChooseDispute({ preferred, onChoose, onNewDispute, onClose }: { preferred: string | null; onChoose: (id: string) => void; onNewDispute: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const select = useRef<HTMLSelectElement>(null)
  const dashboard = useChannel('disputes.dashboard', {})
  // A dashboard that could not be read offers what an empty one does: starting a new dispute.
  const rows = dashboard.data?.rows ?? (dashboard.isError ? [] : null)
  const [picked, setChosen] = useState<string | null>(null)
  const chosen = picked ?? rows?.find((row) => row.id === preferred)?.id ?? rows?.[0]?.id ?? ''
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  // Focus the list once it is there (not before: Enter on an empty list would do nothing).
  const listed = rows !== null && rows.length > 0
  useEffect(() => {
    if (listed) select.current?.focus()
  }, [listed])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (chosen) onChoose(chosen)
  }
  return (
    <dialog ref={ref} aria-labelledby="choose-title" className="card" onClose={onClose} style={{ minWidth: 520 }}>
      <form onSubmit={submit}>
        <h2 id="choose-title" style={{ marginTop: 0 }}>Log a contact</h2>
        {rows === null ? (
          <p>
            <Spinner label="Loading open disputes…" />
          </p>
        ) : rows.length === 0 ? (
          <>
            <p>There are no open disputes to log a contact on.</p>
            <div className="button-group">
              <button type="button" className="button" onClick={onNewDispute}>Start a new dispute</button>
              <button type="button" className="link" onClick={() => ref.current?.close()}>Cancel</button>
            </div>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor="choose-dispute">Which dispute is it about?</label>
              <select
                id="choose-dispute"
                ref={select}
                value={chosen}
                onChange={(e) => setChosen(e.target.value)}
                onKeyDown={(e) => {
                  // Enter on a select does not submit a form in Chromium: make it, so Ctrl+L, Enter works.
                  if (e.key === 'Enter' && chosen) {
                    e.preventDefault()
                    onChoose(chosen)
                  }
                }}
              >
                {(rows ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.reference} — {r.childNames.join(', ')} — {r.otherAgency}
                  </option>
                ))}
              </select>
            </div>
            <div className="button-group">
              <button type="submit" className="button">Continue</button>
              <button type="button" className="link" onClick={() => ref.current?.close()}>Cancel</button>
            </div>
          </>
        )}
      </form>
    </dialog>
  )
}
