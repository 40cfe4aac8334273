import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { PendingInvitation, SessionInfo } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { useChannel } from '../lib/queries'
import { ErrorSummary, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { PassphraseFields, useNewPassphrase } from '../components/PassphraseFields'
import { formatInstant } from '../format'

interface Props {
  dir: string
  onJoined: (session: SessionInfo) => void
  onCancel: () => void
}

/**
 * The unlock screen's "I have an invitation": the invited person picks their name, types the code the DSL
 * gave them in person, and sets their own passphrase. Without the code the invitation cannot be completed.
 */
export function JoinInvitation({ dir, onJoined, onCancel }: Props) {
  const inspected = useChannel('vault.inspect', { dir })
  // A vault that could not be read has no invitation waiting.
  const invitations: PendingInvitation[] | null = inspected.data ? (inspected.data.state === 'present' ? inspected.data.invitations : []) : inspected.isError ? [] : null
  const [picked, setInviteId] = useState<string | null>(null)
  const inviteId = picked ?? invitations?.[0]?.inviteId ?? ''
  const [code, setCode] = useState('')
  const newPassphrase = useNewPassphrase('Choose a passphrase')
  const { passphrase, confirm } = newPassphrase
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    heading.current?.focus()
  }, [dir])

  const chosen = invitations?.find((i) => i.inviteId === inviteId)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy || !chosen) return
    const local: FieldErrors = {}
    if (!code.trim()) local['code'] = 'Enter the code from your invitation'
    newPassphrase.check(local)
    setErrors(local)
    if (Object.keys(local).length > 0) return
    setBusy(true)
    const r = await call('vault.acceptInvitation', { dir, inviteId: chosen.inviteId, code, passphrase, passphraseConfirm: confirm })
    setBusy(false)
    if (r.ok) {
      newPassphrase.forget()
      return onJoined(r.value)
    }
    const code_ = r.error.code
    if (code_ === 'wrong-code') setErrors({ code: r.error.message })
    else if (code_ === 'invitation-expired' || code_ === 'invitation-not-found') setErrors({ inviteId: r.error.message })
    else setErrors(errorsFrom(r.error))
  }

  return (
    <main className="page-narrow" id="main">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorSummary errors={errors} />
        <h1 tabIndex={-1} ref={heading}>
          Join with an invitation
        </h1>
        <p className="muted small">Vault: {dir}</p>
        {invitations === null ? (
          <Spinner label="Looking for invitations…" />
        ) : invitations.length === 0 ? (
          <p>There is no invitation waiting in this vault. Invitations expire: ask the person who invited you for a new one.</p>
        ) : (
          <>
            <p>The person who invited you gave you a short code. Type it here and choose your own passphrase: nobody else will know it.</p>
            <SelectField
              id="inviteId"
              label="Your name"
              hint={chosen ? `The code works until ${formatInstant(chosen.expiresAt)}` : undefined}
              value={inviteId}
              onChange={setInviteId}
              error={errors['inviteId']}
              options={invitations.map((i) => ({ value: i.inviteId, label: i.name }))}
            />
            <TextField
              id="code"
              label="Code from your invitation"
              hint="For example K7QM-2XHP9W. Capital or small letters both work."
              value={code}
              onChange={setCode}
              error={errors['code']}
              autoComplete="one-time-code"
            />
            <PassphraseFields
              label="Choose your passphrase"
              userInputs={chosen ? [chosen.name] : []}
              {...newPassphrase.fields}
              errors={errors}
            />
            <div className="button-group">
              <button type="submit" className="button" disabled={busy}>
                Join and unlock
              </button>
              {busy && <Spinner label="Checking the code and protecting the vault key with your passphrase…" />}
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
