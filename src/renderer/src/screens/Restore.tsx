import { useState, type FormEvent } from 'react'
import type { ChannelOutput } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { ErrorSummary, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { formatInstant } from '../format'

type Info = ChannelOutput<'backup.inspect'>

/** Restore a backup into a new, empty folder; the whole audit chain is verified before it is opened. */
export function Restore({ onRestored, onCancel }: { onRestored: (dir: string) => void; onCancel: () => void }) {
  const [file, setFile] = useState('')
  const [info, setInfo] = useState<Info | null>(null)
  const [dir, setDir] = useState('')
  const [personId, setPersonId] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const chooseFile = async () => {
    const r = await call('backup.chooseFile', {})
    if (r.ok && r.value.file) await inspect(r.value.file)
  }
  const inspect = async (path: string) => {
    setFile(path)
    const r = await call('backup.inspect', { file: path })
    if (!r.ok) {
      setInfo(null)
      return setErrors({ file: r.error.message })
    }
    setErrors({})
    setInfo(r.value)
    setPersonId(r.value.people[0]?.personId ?? '')
  }
  const chooseFolder = async () => {
    const r = await call('vault.chooseFolder', { purpose: 'create' })
    if (r.ok && r.value.dir) setDir(r.value.dir)
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy || !info) return
    setBusy(true)
    const r = await call('backup.restore', { file, dir, personId, passphrase })
    setBusy(false)
    setPassphrase('')
    if (r.ok) onRestored(r.value.dir)
    else setErrors(r.error.code === 'wrong-passphrase' ? { passphrase: r.error.message } : errorsFrom(r.error))
  }

  return (
    <main className="page-narrow" id="main">
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ErrorSummary errors={errors} />
        <h1>Restore from a backup</h1>
        <TextField id="file" label="Backup file" value={file} onChange={setFile} error={errors['file']}>
          <div className="button-group">
            <button type="button" className="button secondary" onClick={() => void chooseFile()}>Choose backup file…</button>
            <button type="button" className="button secondary" onClick={() => void inspect(file)} disabled={!file}>Check this file</button>
          </div>
        </TextField>
        {info && (
          <>
            <div className="notice">
              A backup of vault {info.vaultId.slice(0, 8)}… made on {formatInstant(info.createdAt)}, with {info.seq} audit entries.
            </div>
            <TextField id="dir" label="Restore into this new, empty folder" hint="The backup is never restored over an existing vault" value={dir} onChange={setDir} error={errors['dir']}>
              <button type="button" className="button secondary" onClick={() => void chooseFolder()}>Choose folder…</button>
            </TextField>
            <SelectField id="personId" label="Who are you?" value={personId} onChange={setPersonId} options={info.people.map((p) => ({ value: p.personId, label: p.name }))} />
            <TextField id="passphrase" label="Your passphrase in that backup" type="password" autoComplete="current-password" value={passphrase} onChange={setPassphrase} error={errors['passphrase']} />
            <div className="button-group">
              <button type="submit" className="button" disabled={busy}>Restore</button>
              {busy && <Spinner label="Restoring and verifying every audit entry…" />}
            </div>
          </>
        )}
        <p style={{ marginTop: 24 }}>
          <button type="button" className="link" onClick={onCancel}>Back</button>
        </p>
      </form>
    </main>
  )
}
