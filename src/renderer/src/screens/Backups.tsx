import { useState, type FormEvent } from 'react'
import { call, errorsFrom } from '../api'
import { ErrorSummary, Spinner, TextField, type FieldErrors } from '../components/forms'
import { useChannel } from '../lib/queries'

/** Backups in Settings: save one now, and how the automatic rolling backups are kept. */
export function Backups() {
  // Read again after every save, a backup's included: the list of recent ones and the last failure change.
  const status = useChannel('backup.getSettings', {}).data ?? null
  /** What is typed, once something is; until then the boxes show the saved settings. */
  const [typedKeep, setKeep] = useState<string | null>(null)
  const [typedEvery, setEvery] = useState<string | null>(null)
  const keep = typedKeep ?? (status ? String(status.keep) : '')
  const every = typedEvery ?? (status ? String(status.everyEvents) : '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const saveNow = async () => {
    if (busy) return
    setBusy(true)
    setMessage(null)
    const r = await call('backup.create', {})
    setBusy(false)
    if (!r.ok) setMessage({ ok: false, text: r.error.message })
    else if (r.value.file) setMessage({ ok: true, text: `Backup saved to ${r.value.file}. It is encrypted: it opens only with a passphrase of this vault.` })
  }

  const saveSettings = async (e: FormEvent) => {
    e.preventDefault()
    const r = await call('backup.settings', { keep: Number(keep), everyEvents: Number(every) })
    if (!r.ok) return setErrors(errorsFrom(r.error))
    setErrors({})
    setMessage({ ok: true, text: 'Backup settings saved.' })
  }

  return (
    <>
      <h2>Backups</h2>
      <p>
        Backups are encrypted copies of the whole vault. Keep one somewhere other than this computer, such as your
        agency’s secure network drive.
      </p>
      <div className="button-group">
        <button type="button" className="button secondary" disabled={busy} onClick={() => void saveNow()}>
          Save a backup now…
        </button>
        {busy && <Spinner label="Copying and sealing the vault…" />}
      </div>
      <div aria-live="polite">{message && <div className={`notice ${message.ok ? 'success' : 'danger'}`}>{message.text}</div>}</div>
      {status && (
        <form onSubmit={saveSettings} noValidate>
          <h3>Automatic backups</h3>
          <p className="small">
            Kept in <code>{status.folder ?? status.defaultFolder}</code>, written when the app has been idle after you unlock
            and after every {status.everyEvents} changes.
          </p>
          {status.lastError && <div className="notice danger">The last automatic backup failed: {status.lastError}</div>}
          <ErrorSummary errors={errors} />
          <div className="inline-fields">
            <TextField id="keep" label="How many to keep" type="number" width="6em" value={keep} onChange={setKeep} error={errors['keep']} />
            <TextField id="everyEvents" label="A backup after this many changes" type="number" width="8em" value={every} onChange={setEvery} error={errors['everyEvents']} />
          </div>
          <button type="submit" className="button secondary">Save backup settings</button>
          {status.recent.length > 0 && (
            <>
              <h4>Most recent</h4>
              <ul className="small">
                {status.recent.slice(0, 5).map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </>
          )}
        </form>
      )}
    </>
  )
}
