import { useEffect, useState } from 'react'
import type { PassphraseStrength } from '../../../shared/ipc'
import { call } from '../api'
import { TextField } from './forms'

interface Props {
  passphrase: string
  confirm: string
  onPassphrase: (v: string) => void
  onConfirm: (v: string) => void
  errors: Record<string, string>
  passphraseId?: string
  confirmId?: string
  label?: string
  /**
   * What the screen knows of the person — the name, agency and school being typed — so the meter rates
   * "Sam Patel Oak Hill" as the main process will when it refuses it. The signed-in person's own profile
   * is added by the main process.
   */
  userInputs?: string[]
}

/**
 * The state of a new passphrase typed twice, for the screens that set one (first run, joining by invitation,
 * recovering with the recovery key): `check` adds the form's own errors before it is sent, `forget` clears both
 * fields once the main process has taken the passphrase, `fields` goes to <PassphraseFields {...fields} />.
 */
export function useNewPassphrase(missing: string) {
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  return {
    passphrase,
    confirm,
    check(errors: Record<string, string>): void {
      if (!passphrase) errors['passphrase'] = missing
      else if (passphrase !== confirm) errors['passphraseConfirm'] = 'The two passphrases do not match'
    },
    forget(): void {
      setPassphrase('')
      setConfirm('')
    },
    fields: { passphrase, confirm, onPassphrase: setPassphrase, onConfirm: setConfirm },
  }
}

/** A new passphrase typed twice, with its strength shown as words as well as a meter. */
export function PassphraseFields(props: Props) {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null)
  const { passphrase } = props
  const userInputs = (props.userInputs ?? []).filter((s) => s.trim() !== '').slice(0, 10)
  const inputsKey = JSON.stringify(userInputs)
  useEffect(() => {
    let current = true
    const timer = setTimeout(() => {
      void call('vault.passphraseStrength', { passphrase, userInputs: JSON.parse(inputsKey) as string[] }).then((r) => {
        if (current && r.ok) setStrength(r.value)
      })
    }, 150)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [passphrase, inputsKey])
  const pid = props.passphraseId ?? 'passphrase'
  const cid = props.confirmId ?? 'passphraseConfirm'
  return (
    <>
      <TextField
        id={pid}
        label={props.label ?? 'Passphrase'}
        hint="At least 12 characters. Three or four unrelated words are strong and easy to remember. Nobody can recover it for you."
        type="password"
        autoComplete="new-password"
        value={props.passphrase}
        onChange={props.onPassphrase}
        error={props.errors[pid]}
      >
        {passphrase.length > 0 && strength && (
          <div aria-live="polite">
            <div className="meter" data-score={strength.score} aria-hidden="true">
              <span />
              <span />
              <span />
              <span />
            </div>
            <p className="small">
              <strong>Strength: {strength.label}</strong>
              {strength.acceptable ? ' — good enough to use.' : ' — not strong enough yet.'}
              {!strength.acceptable && strength.feedback[0] ? ` ${strength.feedback[0]}` : ''}
            </p>
          </div>
        )}
      </TextField>
      <TextField
        id={cid}
        label="Type the passphrase again"
        type="password"
        autoComplete="new-password"
        value={props.confirm}
        onChange={props.onConfirm}
        error={props.errors[cid]}
      />
    </>
  )
}
