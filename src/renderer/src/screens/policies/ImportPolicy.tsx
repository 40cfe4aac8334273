/** Importing a partnership's policy file: its bytes go to the main process, which decodes and checks them. */
import { useId, useRef, useState, type FormEvent } from 'react'
import { POLICY_FILE_LIMITS, type PolicySummary } from '../../../../shared/policy'
import type { AppErrorShape } from '../../../../shared/errors'
import { call } from '../../api'
import { ErrorSummary, Spinner, fieldError, type FieldErrors } from '../../components/forms'

export function fileErrors(error: AppErrorShape, inputId: string): FieldErrors {
  const lead = error.details && error.details.length > 0 ? error.message.replace(/\s*First: .*$/s, '') : error.message
  const out: FieldErrors = { [inputId]: lead }
  ;(error.details ?? []).forEach((d, i) => {
    out[`_problem-${i}`] = `${d.path}: ${d.message}`
  })
  return out
}

export function FileField({ id, label, hint, error, inputRef, onPick }: { id: string; label: string; hint: string; error?: string; inputRef: React.Ref<HTMLInputElement>; onPick: (file: File | null) => void }) {
  const hintId = useId()
  const errorId = useId()
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={hintId}>{hint}</span>
      {error && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        ref={inputRef}
        className={`file-input${error ? ' input-error' : ''}`}
        aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onPick(e.target.files?.[0] ?? null)}
      />
    </div>
  )
}

/** The same words as the main process uses for a file over the limit. */
export function tooLargeMessage(bytes: number): string {
  return `That file is ${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB: a policy file can be at most 2 MB. Check that you chose the policy file and not something else.`
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // In slices: String.fromCharCode with a whole file's bytes as arguments would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function ImportPolicy({ onImported }: { onImported: (summary: PolicySummary) => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const running = useRef(false)
  const input = useRef<HTMLInputElement>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (running.current) return
    setDone(null)
    if (!file) return setErrors({ 'policy-file': 'Choose the policy file to import' })
    running.current = true
    setBusy(true)
    try {
      // The bytes go to the main process as they are, which decodes them strictly; a file far over the
      // limit is not read into memory at all.
      if (file.size > POLICY_FILE_LIMITS.bytes * 2) return setErrors({ 'policy-file': tooLargeMessage(file.size) })
      const fileBase64 = toBase64(new Uint8Array(await file.arrayBuffer()))
      const r = await call('policies.import', { fileBase64 })
      if (!r.ok) return setErrors(fileErrors(r.error, 'policy-file'))
      setErrors({})
      const p = r.value.policy
      setDone(
        r.value.alreadyInstalled
          ? `Version ${p.version} of ${p.title} (${p.partnership}) is already installed. Nothing has changed.`
          : p.retired
            ? `Imported version ${p.version} of ${p.title} (${p.partnership}). The policy is retired: bring it back into use to open new disputes under it.`
            : `Imported version ${p.version} of ${p.title} (${p.partnership}). New disputes will use it; disputes already open keep the version they were opened under.`,
      )
      setFile(null)
      if (input.current) input.current.value = ''
      await onImported(p)
    } catch {
      setErrors({ 'policy-file': 'That file could not be read. Choose it again.' })
    } finally {
      running.current = false
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <h2>Import a policy</h2>
      <p>
        To use another partnership’s policy, or a newer version of one, import its policy file. The whole file is checked
        before anything is saved; a file with problems is refused with a list of them.
      </p>
      <ErrorSummary errors={errors} title="The policy was not imported" />
      {done && <div className="notice success" role="status">{done}</div>}
      <FileField id="policy-file" label="Policy file" hint="A .json file in the Escalation Log policy format" error={fieldError(errors, 'policy-file')} inputRef={input} onPick={setFile} />
      <div className="button-group">
        <button type="submit" className="button secondary" disabled={busy}>Import policy</button>
        {busy && <Spinner label="Checking the policy…" />}
      </div>
    </form>
  )
}

// ── the working-day calendar ─────────────────────────────────────────────────────────────────────

/** Today's date in England, 'YYYY-MM-DD'. */
