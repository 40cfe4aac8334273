import { useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { RecoveryKeyInfo } from '../../../shared/ipc'
import { call } from '../api'
import { channelKey, useChannel } from '../lib/queries'
import { Spinner } from '../components/forms'
import { formatInstant } from '../format'

/**
 * The recovery key, shown this once, with the two ways to keep it: a text file through the save dialog
 * (audited as an export), or on paper. The vault keeps only a key slot that the code opens.
 */
export function RecoveryKeyShown({ code, info, headingLevel = 'h2' }: { code: string; info: RecoveryKeyInfo; headingLevel?: 'h2' | 'h3' }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => heading.current?.focus(), [code])
  const Heading = headingLevel

  const save = async () => {
    if (busy) return
    setBusy(true)
    const r = await call('vault.saveRecoveryKey', {})
    setBusy(false)
    if (!r.ok) return setSaved(r.error.message)
    if (r.value.savedTo) setSaved(`The recovery key is saved to ${r.value.savedTo}. Move the file somewhere safe, away from this computer.`)
  }

  const print = () => {
    // Only this panel is printed (see styles.css, "Printing the recovery key").
    document.body.classList.add('printing-recovery-key')
    window.print()
    document.body.classList.remove('printing-recovery-key')
  }

  return (
    <section className="code-panel printable" aria-labelledby="recovery-key-title">
      <Heading id="recovery-key-title" tabIndex={-1} ref={heading}>
        Your recovery key
      </Heading>
      <p className="one-time-code">{code}</p>
      <p>
        Made {formatInstant(info.createdAt)} by {info.createdByName}. If every passphrase for this vault is lost, this key
        opens it and lets you set a new passphrase: on the unlock screen, choose “Use the recovery key”.
      </p>
      <p>
        <strong>This is the only time it is shown; it is not stored.</strong> Anyone with this key and a copy of the vault
        folder can read every record, so keep it locked away from the computer, for example in the school safe.
      </p>
      <div className="button-group no-print">
        <button type="button" className="button secondary" onClick={() => void save()} disabled={busy}>
          Save as a text file…
        </button>
        <button type="button" className="button secondary" onClick={print}>
          Print
        </button>
        {busy && <Spinner label="Saving the recovery key…" />}
      </div>
      {saved && (
        <p className="notice no-print" role="status" style={{ marginTop: 16 }}>
          {saved}
        </p>
      )}
    </section>
  )
}

/** Settings → Recovery key: whether there is one, and making (or replacing) it. */
export function RecoveryKeySection() {
  // undefined until it is known whether the vault has a recovery key (or if that could not be read).
  const info: RecoveryKeyInfo | null | undefined = useChannel('vault.recoveryKeyInfo', {}).data
  const client = useQueryClient()
  const [shown, setShown] = useState<{ code: string; info: RecoveryKeyInfo } | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirmHeading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus()
  }, [confirming])

  const make = async () => {
    if (busy) return
    setBusy(true)
    setError(null)
    const r = await call('vault.createRecoveryKey', {})
    setBusy(false)
    setConfirming(false)
    if (!r.ok) return setError(r.error.message)
    setShown(r.value)
    client.setQueryData(channelKey('vault.recoveryKeyInfo', {}), r.value.info)
  }

  return (
    <>
      <h2>Recovery key</h2>
      <p>
        A record kept for many years outlives passphrases. A recovery key is a code, printed or saved, that opens this vault
        if every passphrase is lost and lets you set a new one. Using it is recorded in the audit trail.
      </p>
      {error && (
        <p className="notice danger" role="alert">
          {error}
        </p>
      )}
      {shown ? (
        <RecoveryKeyShown code={shown.code} info={shown.info} headingLevel="h3" />
      ) : info === undefined ? null : info ? (
        <p>
          This vault has a recovery key, made {formatInstant(info.createdAt)} by {info.createdByName}.
        </p>
      ) : (
        <p>
          <strong>This vault has no recovery key.</strong> If every passphrase is lost, nobody can open it.
        </p>
      )}
      {confirming ? (
        <section className="notice warning" aria-labelledby="replace-recovery-title">
          <h3 id="replace-recovery-title" tabIndex={-1} ref={confirmHeading}>
            Make a new recovery key?
          </h3>
          <p>The old recovery key stops working: a printed or saved copy of it will no longer open the vault. Destroy it once you have kept the new one.</p>
          <div className="button-group">
            <button type="button" className="button warning" onClick={() => void make()} disabled={busy}>
              Yes, make a new recovery key
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            {busy && <Spinner label="Making the recovery key…" />}
          </div>
        </section>
      ) : (
        info !== undefined && (
          <div className="button-group">
            <button type="button" className="button secondary" onClick={() => (info ? setConfirming(true) : void make())} disabled={busy}>
              {info ? 'Make a new recovery key' : 'Make a recovery key'}
            </button>
            {busy && <Spinner label="Making the recovery key…" />}
          </div>
        )
      )}
    </>
  )
}

/** The last step of first run, once the vault is made: offer the recovery key, or leave it for Settings. */
export function FirstRunRecoveryStep({ onDone }: { onDone: () => void }) {
  const [shown, setShown] = useState<{ code: string; info: RecoveryKeyInfo } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  const make = async () => {
    if (busy) return
    setBusy(true)
    const r = await call('vault.createRecoveryKey', {})
    setBusy(false)
    if (r.ok) setShown(r.value)
    else setError(r.error.message)
  }

  return (
    <main className="page-narrow" id="main">
      <h1 tabIndex={-1} ref={heading}>
        Your vault is ready: make a recovery key
      </h1>
      {error && (
        <p className="notice danger" role="alert">
          {error}
        </p>
      )}
      {shown ? (
        <>
          <RecoveryKeyShown code={shown.code} info={shown.info} />
          <button type="button" className="button" onClick={onDone}>
            I have kept the recovery key — continue
          </button>
        </>
      ) : (
        <>
          <p className="lead">
            If your passphrase is ever lost, a recovery key is the only way back into these records. It is a code you print or
            save and keep somewhere safe, away from this computer.
          </p>
          <div className="button-group">
            <button type="button" className="button" onClick={() => void make()} disabled={busy}>
              Make a recovery key
            </button>
            <button type="button" className="button secondary" onClick={onDone}>
              Skip this step
            </button>
            {busy && <Spinner label="Making the recovery key…" />}
          </div>
          <p className="small" style={{ marginTop: 24 }}>
            You can make one later in Settings.
          </p>
        </>
      )}
    </main>
  )
}
