import { useState, type FormEvent } from 'react'
import type { SessionInfo } from '../../../shared/ipc'
import { nameProblem, normaliseName } from '../../../shared/names'
import { call, errorsFrom } from '../api'
import { ErrorSummary, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { PassphraseFields, useNewPassphrase } from '../components/PassphraseFields'
import { useChannel } from '../lib/queries'
import { FirstRunRecoveryStep } from './RecoveryKey'

interface Props {
  defaultDir: string
  onCreated: (session: SessionInfo) => void
  onOpenExisting: () => void
}

/**
 * First run: where the vault lives, who the DSL is, and the passphrase that protects it; then, once the
 * vault is made, the offer of a recovery key.
 */
export function FirstRun({ defaultDir, onCreated, onOpenExisting }: Props) {
  const [dir, setDir] = useState(defaultDir)
  const [name, setName] = useState('')
  const [role, setRole] = useState('Designated Safeguarding Lead')
  const [agency, setAgency] = useState('')
  const [partnership, setPartnership] = useState('')
  const newPassphrase = useNewPassphrase('Enter a passphrase')
  const { passphrase, confirm } = newPassphrase
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const policies = useChannel('policies.builtIn', {}).data ?? []
  const [created, setCreated] = useState<SessionInfo | null>(null)

  const choose = async () => {
    const r = await call('vault.chooseFolder', { purpose: 'create' })
    if (r.ok && r.value.dir) setDir(r.value.dir)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const local: FieldErrors = {}
    if (!name.trim()) local['profile.name'] = 'Enter your name'
    if (!agency.trim()) local['profile.agency'] = 'Enter your agency or setting'
    // The same rule and sentence as the main process (shared/names), shown with the other errors at once.
    const named: [string, string, string][] = [
      ['profile.name', name, 'Your name'],
      ['profile.role', role, 'Your role'],
      ['profile.agency', agency, 'Your agency'],
    ]
    for (const [id, value, label] of named) {
      const problem = value.trim() ? nameProblem(normaliseName(value), label) : null
      if (problem) local[id] = problem.message
    }
    newPassphrase.check(local)
    setErrors(local)
    if (Object.keys(local).length > 0) return
    setBusy(true)
    const r = await call('vault.create', {
      dir,
      passphrase,
      passphraseConfirm: confirm,
      profile: { name, role, agency, ...(partnership.trim() ? { defaultPartnership: partnership.trim() } : {}) },
    })
    setBusy(false)
    if (r.ok) {
      newPassphrase.forget()
      setCreated(r.value)
    } else setErrors(errorsFrom(r.error))
  }

  if (created) return <FirstRunRecoveryStep onDone={() => onCreated(created)} />

  return (
    <main className="page-narrow" id="main">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorSummary errors={errors} />
        <h1>Set up Escalation Log</h1>
        <p className="lead">
          Your escalation records are kept in an encrypted vault on this computer. Nobody can open it without your
          passphrase.
        </p>
        <TextField
          id="dir"
          label="Vault folder"
          hint="Choose a folder that is backed up. You can keep the suggested one."
          value={dir}
          onChange={setDir}
          error={errors['dir']}
        >
          <button type="button" className="button secondary" onClick={choose}>
            Choose folder…
          </button>
        </TextField>
        <h2>About you</h2>
        <TextField id="profile.name" label="Your name" value={name} onChange={setName} error={errors['profile.name']} autoComplete="name" />
        <TextField id="profile.role" label="Your role" value={role} onChange={setRole} error={errors['profile.role']} />
        <TextField
          id="profile.agency"
          label="Your agency or setting"
          hint="For example, Oak Hill Primary School"
          value={agency}
          onChange={setAgency}
          error={errors['profile.agency']}
          autoComplete="organization"
        />
        <SelectField
          id="profile.defaultPartnership"
          label="Your safeguarding children partnership"
          hint="The partnership whose escalation policy you usually follow. Another partnership’s policy can be imported later."
          value={partnership}
          onChange={setPartnership}
          error={errors['profile.defaultPartnership']}
          options={[{ value: '', label: 'Choose later' }, ...policies.map((p) => ({ value: p.id, label: p.partnership }))]}
        />
        <h2>Protect the vault</h2>
        <PassphraseFields
          userInputs={[name, role, agency]}
          {...newPassphrase.fields}
          errors={errors}
        />
        <div className="button-group">
          <button type="submit" className="button" disabled={busy}>
            Create vault
          </button>
          {busy && <Spinner label="Creating the vault and deriving its key — this takes a few seconds…" />}
        </div>
        <p className="small" style={{ marginTop: 24 }}>
          Already have a vault?{' '}
          <button type="button" className="link" onClick={onOpenExisting}>
            Open an existing vault
          </button>
        </p>
      </form>
    </main>
  )
}
