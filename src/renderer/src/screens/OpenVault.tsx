import { useState, type FormEvent } from 'react'
import type { VaultInspection } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { ErrorSummary, TextField, type FieldErrors } from '../components/forms'

interface Props {
  initialDir: string
  onFound: (found: Extract<VaultInspection, { state: 'present' }>) => void
  onCreateNew: (dir: string) => void
  onRestore: () => void
}

/** Point the app at a vault folder that already exists (another computer's backup, a moved folder). */
export function OpenVault({ initialDir, onFound, onCreateNew, onRestore }: Props) {
  const [dir, setDir] = useState(initialDir)
  const [errors, setErrors] = useState<FieldErrors>({})

  const choose = async () => {
    const r = await call('vault.chooseFolder', { purpose: 'open' })
    if (r.ok && r.value.dir) setDir(r.value.dir)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const r = await call('vault.inspect', { dir })
    if (!r.ok) return setErrors(errorsFrom(r.error))
    const found = r.value
    if (found.state === 'present') onFound(found)
    else if (found.state === 'absent') setErrors({ dir: 'There is no vault in that folder. Choose another folder, or create a new vault.' })
    else setErrors({ dir: found.message })
  }

  return (
    <main className="page-narrow" id="main">
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <h1>Open a vault</h1>
        <TextField id="dir" label="Vault folder" value={dir} onChange={setDir} error={errors['dir']}>
          <button type="button" className="button secondary" onClick={choose}>
            Choose folder…
          </button>
        </TextField>
        <div className="button-group">
          <button type="submit" className="button">
            Open
          </button>
          <button type="button" className="link" onClick={() => onCreateNew(dir)}>
            Create a new vault instead
          </button>
          <button type="button" className="link" onClick={onRestore}>
            Restore from a backup
          </button>
        </div>
      </form>
    </main>
  )
}
