import { useRef, useState, type FormEvent } from 'react'
import type { ChannelOutput } from '../../../shared/ipc'
import { DEFAULT_ATTACHMENT_LIMIT_MB, MAX_ATTACHMENT_LIMIT_MB } from '../../../shared/record-files'
import { call, errorsFrom } from '../api'
import { ErrorSummary, Spinner, TextField, type FieldErrors } from '../components/forms'

type Check = ChannelOutput<'attachments.check'>

/**
 * Settings → Files stored with records: the largest file that may be attached (a setting of the vault,
 * audited), and a check that reads every stored file and names any that is missing or damaged.
 */
export function StoredFilesSettings({ limitMB }: { limitMB: number | undefined }) {
  const [limit, setLimit] = useState(String(limitMB ?? DEFAULT_ATTACHMENT_LIMIT_MB))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saved, setSaved] = useState<string | null>(null)
  const [checking, setChecking] = useState(false)
  const [check, setCheck] = useState<Check | null>(null)
  const [checkError, setCheckError] = useState<string | null>(null)
  const result = useRef<HTMLDivElement>(null)

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setSaved(null)
    const n = Number(limit.trim())
    if (!/^\d+$/.test(limit.trim()) || n < 1 || n > MAX_ATTACHMENT_LIMIT_MB)
      return setErrors({ limitMB: `Enter a whole number of megabytes from 1 to ${MAX_ATTACHMENT_LIMIT_MB}` })
    const r = await call('attachments.setLimit', { limitMB: n })
    if (!r.ok) return setErrors(errorsFrom(r.error))
    setErrors({})
    setSaved(`Files of up to ${r.value.limitMB} MB can now be attached to a record.`)
  }

  const runCheck = async () => {
    setChecking(true)
    setCheck(null)
    setCheckError(null)
    const r = await call('attachments.check', {})
    setChecking(false)
    if (r.ok) setCheck(r.value)
    else setCheckError(r.error.message)
    // The result is what the person asked for: focus goes to it, so it is read out.
    requestAnimationFrame(() => result.current?.focus())
  }

  return (
    <section aria-labelledby="stored-files-title">
      <h2 id="stored-files-title">Files stored with records</h2>
      <form onSubmit={save} noValidate>
        <ErrorSummary errors={errors} />
        {saved && <div className="notice success" role="status">{saved}</div>}
        <TextField
          id="limitMB"
          label="Largest file that can be attached, in MB"
          hint={`A whole number from 1 to ${MAX_ATTACHMENT_LIMIT_MB}. Emails and files are stored encrypted in the vault, so large ones make backups larger.`}
          width="6em"
          value={limit}
          onChange={setLimit}
          error={errors['limitMB']}
        />
        <div className="button-group">
          <button type="submit" className="button secondary">Save the limit</button>
        </div>
      </form>
      <p>Every stored file can be read back and checked against what was stored. This reads them all, so it can take a while in a large vault.</p>
      <div className="button-group">
        <button type="button" className="button secondary" disabled={checking} onClick={() => void runCheck()}>Check every stored file</button>
        {checking && <Spinner label="Checking the stored files…" />}
      </div>
      <div ref={result} tabIndex={-1}>
        {checkError && <div className="notice danger" role="alert">{checkError}</div>}
        {check && check.damaged.length === 0 && (
          <div className="notice success" role="status">
            {check.checked === 0 ? 'No files are stored with records yet.' : check.checked === 1 ? 'The one stored file is intact.' : `All ${check.checked} stored files are intact.`}
          </div>
        )}
        {check && check.damaged.length > 0 && (
          <div className="notice danger" role="alert">
            <p>
              {check.damaged.length} of {check.checked} stored files cannot be read back as they were stored. Restore them from a backup:
            </p>
            <ul>
              {check.damaged.map((d) => (
                <li key={`${d.recordId}/${d.name}`}>{d.message}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  )
}
