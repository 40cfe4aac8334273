/**
 * "Confirm it's you": the one dialog that asks for the signed-in person's passphrase when a sensitive
 * change (adding or removing a person, backups, an unencrypted export, a disposal, a longer auto-lock)
 * is refused with `passphrase-needed`. It registers itself with the renderer's `call` (../api), which
 * retries the change once the passphrase is accepted, so no screen handles the question itself.
 *
 * Keyboard first: the passphrase field has focus when it opens, Enter confirms, Escape cancels (the
 * change is then not made, and the screen shows the refusal as usual); focus goes back where it was.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { call, setPassphraseAsker } from '../api'
import { TextField } from './forms'

interface Request {
  why: string
  answer: (confirmed: boolean) => void
}

export function ConfirmPassphrase({ personName }: { personName: string }) {
  const [request, setRequest] = useState<Request | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLDialogElement>(null)
  const pending = useRef<Request | null>(null)

  useEffect(() => {
    setPassphraseAsker(
      (why) =>
        new Promise<boolean>((resolve) => {
          // One question at a time: an earlier one still open is answered "no".
          pending.current?.answer(false)
          const next: Request = {
            why,
            answer: (confirmed) => {
              if (pending.current === next) pending.current = null
              resolve(confirmed)
            },
          }
          pending.current = next
          setPassphrase('')
          setError(undefined)
          setRequest(next)
        }),
    )
    return () => {
      // Locked (this screen goes away): nothing is confirmed, and nothing of the passphrase stays.
      setPassphraseAsker(null)
      pending.current?.answer(false)
    }
  }, [])

  useEffect(() => {
    const dialog = ref.current
    if (request && dialog && !dialog.open) dialog.showModal()
  }, [request])

  const finish = useCallback(
    (confirmed: boolean) => {
      const current = pending.current
      setRequest(null)
      setPassphrase('')
      setError(undefined)
      ref.current?.close()
      current?.answer(confirmed)
    },
    [],
  )

  const confirm = async () => {
    if (busy) return
    if (!passphrase) return setError('Enter your passphrase')
    setBusy(true)
    const r = await call('vault.confirmPassphrase', { passphrase })
    setBusy(false)
    if (r.ok) return finish(true)
    setPassphrase('')
    setError(r.error.message)
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-passphrase-title"
      aria-describedby="confirm-passphrase-why"
      className="card"
      style={{ maxWidth: 520 }}
      onCancel={(e) => {
        e.preventDefault()
        finish(false)
      }}
    >
      {request && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void confirm()
          }}
        >
          <h2 id="confirm-passphrase-title" style={{ marginTop: 0 }}>
            Confirm it’s you
          </h2>
          <p id="confirm-passphrase-why">{request.why}</p>
          <TextField
            id="confirm-passphrase"
            label={`Passphrase of ${personName}`}
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={setPassphrase}
            error={error}
            autoFocus
          />
          <div className="button-group">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Checking…' : 'Confirm'}
            </button>
            <button type="button" className="button secondary" onClick={() => finish(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  )
}
