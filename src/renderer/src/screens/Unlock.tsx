import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { PersonSlot, SessionInfo } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { ErrorSummary, Spinner, TextField, type FieldErrors } from '../components/forms'
import { JoinInvitation } from './JoinInvitation'
import { RecoverVault } from './RecoverVault'

interface Props {
  dir: string
  people: PersonSlot[]
  notice?: string | null
  onUnlocked: (session: SessionInfo) => void
  onOtherVault: () => void
}

/** Unlock: who you are, your passphrase, and a visible state while the key is derived. */
export function Unlock({ dir, people, notice, onUnlocked, onOtherVault }: Props) {
  const [personId, setPersonId] = useState(people[0]?.personId ?? '')
  const [passphrase, setPassphrase] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  // An invited person joins, or a lost passphrase is replaced with the recovery key, from this screen.
  const [other, setOther] = useState<'join' | 'recover' | null>(null)

  useEffect(() => {
    if (!other) input.current?.focus()
  }, [other])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    if (!passphrase) {
      setErrors({ passphrase: 'Enter your passphrase' })
      return
    }
    setBusy(true)
    setErrors({})
    const r = await call('vault.unlock', { dir, personId, passphrase })
    setBusy(false)
    if (r.ok) {
      setPassphrase('')
      onUnlocked(r.value)
    } else {
      const errs = errorsFrom(r.error)
      setErrors(r.error.code === 'wrong-passphrase' ? { passphrase: r.error.message } : errs)
      setPassphrase('')
      input.current?.focus()
    }
  }

  if (other === 'join') return <JoinInvitation dir={dir} onJoined={onUnlocked} onCancel={() => setOther(null)} />
  if (other === 'recover') return <RecoverVault dir={dir} people={people} onRecovered={onUnlocked} onCancel={() => setOther(null)} />
  const single = people.length === 1 ? people[0] : undefined
  return (
    <main className="page-narrow" id="main">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorSummary errors={errors} />
        {notice && (
          <div className="notice" role="status">
            {notice}
          </div>
        )}
        <h1>Unlock Escalation Log</h1>
        <p className="muted small">Vault: {dir}</p>
        {single ? (
          <p>
            Signed in as <strong>{single.name}</strong>
          </p>
        ) : (
          <div className="field">
            <label htmlFor="person">Who are you?</label>
            <select id="person" value={personId} onChange={(e) => setPersonId(e.target.value)}>
              {people.map((p) => (
                <option key={p.personId} value={p.personId}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          id="passphrase"
          label="Passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={setPassphrase}
          error={errors['passphrase']}
          inputRef={input}
        />
        <div className="button-group">
          <button type="submit" className="button" disabled={busy}>
            Unlock
          </button>
          {busy && <Spinner label="Checking your passphrase and unlocking…" />}
        </div>
        <p className="small" style={{ marginTop: 24 }}>
          <button type="button" className="link" onClick={() => setOther('join')}>
            I have an invitation
          </button>
        </p>
        <p className="small">
          <button type="button" className="link" onClick={() => setOther('recover')}>
            Use the recovery key
          </button>
        </p>
        <p className="small">
          <button type="button" className="link" onClick={onOtherVault}>
            Use a different vault folder
          </button>
        </p>
      </form>
    </main>
  )
}
