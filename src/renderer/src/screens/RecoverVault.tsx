import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { PersonSlot, SessionInfo } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { useChannel } from '../lib/queries'
import { ErrorSummary, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { PassphraseFields, useNewPassphrase } from '../components/PassphraseFields'

interface Props {
  dir: string
  people: PersonSlot[]
  onRecovered: (session: SessionInfo) => void
  onCancel: () => void
}

/**
 * The unlock screen's "Use the recovery key": when a passphrase is lost, the recovery key opens the vault
 * and sets a new passphrase for the chosen person. Using it is recorded in the audit trail.
 */
export function RecoverVault({ dir, people, onRecovered, onCancel }: Props) {
  const inspected = useChannel('vault.inspect', { dir })
  // null while the vault is read; a vault that could not be read has no recovery key to offer.
  const hasKey = inspected.data ? inspected.data.state === 'present' && inspected.data.hasRecoveryKey : inspected.isError ? false : null
  const [personId, setPersonId] = useState(people[0]?.personId ?? '')
  const [code, setCode] = useState('')
  const newPassphrase = useNewPassphrase('Choose a new passphrase')
  const { passphrase, confirm } = newPassphrase
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    heading.current?.focus()
  }, [dir])

  const person = people.find((p) => p.personId === personId)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy || !person) return
    const local: FieldErrors = {}
    if (!code.trim()) local['code'] = 'Enter the recovery key'
    newPassphrase.check(local)
    setErrors(local)
    if (Object.keys(local).length > 0) return
    setBusy(true)
    const r = await call('vault.recover', { dir, personId: person.personId, code, passphrase, passphraseConfirm: confirm })
    setBusy(false)
    if (r.ok) {
      setCode('')
      newPassphrase.forget()
      return onRecovered(r.value)
    }
    setErrors(r.error.code === 'wrong-recovery-key' ? { code: r.error.message } : errorsFrom(r.error))
  }

  return (
    <main className="page-narrow" id="main">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorSummary errors={errors} />
        <h1 tabIndex={-1} ref={heading}>
          Use the recovery key
        </h1>
        <p className="muted small">Vault: {dir}</p>
        {hasKey === null ? (
          <Spinner label="Checking the vault…" />
        ) : !hasKey ? (
          <p>
            This vault has no recovery key, so it opens only with a passphrase. If another person can unlock it, ask them to
            invite you again.
          </p>
        ) : (
          <>
            <p>
              If a passphrase is lost, the recovery key (printed or saved when it was made) opens the vault and sets a new
              passphrase. This is recorded in the audit trail.
            </p>
            {people.length === 1 && person ? (
              <p>
                New passphrase for <strong>{person.name}</strong>
              </p>
            ) : (
              <SelectField
                id="personId"
                label="Whose passphrase is lost?"
                value={personId}
                onChange={setPersonId}
                error={errors['personId']}
                options={people.map((p) => ({ value: p.personId, label: p.name }))}
              />
            )}
            <TextField
              id="code"
              label="Recovery key"
              hint="Six groups of four letters and numbers. Capital or small letters both work."
              value={code}
              onChange={setCode}
              error={errors['code']}
            />
            <PassphraseFields
              label="New passphrase"
              userInputs={person ? [person.name] : []}
              {...newPassphrase.fields}
              errors={errors}
            />
            <div className="button-group">
              <button type="submit" className="button" disabled={busy}>
                Set the new passphrase and unlock
              </button>
              {busy && <Spinner label="Checking the recovery key and protecting the vault key with the new passphrase…" />}
            </div>
          </>
        )}
        <p className="small" style={{ marginTop: 24 }}>
          <button type="button" className="link" onClick={onCancel}>
            Back to unlocking
          </button>
        </p>
      </form>
    </main>
  )
}
