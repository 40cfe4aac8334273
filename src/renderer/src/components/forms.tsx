import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

export type FieldErrors = Record<string, string>

/** The error for a field, whether the main process named it by its full path or by its last parts. */
export function fieldError(errors: FieldErrors, id: string): string | undefined {
  if (errors[id]) return errors[id]
  const parts = id.split('.')
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('.')
    if (errors[tail]) return errors[tail]
  }
  // The main process names a field by its whole path in the call ("input.writtenConfirmation.receivedOn").
  for (const [key, message] of Object.entries(errors)) if (key.endsWith(`.${id}`)) return message
  return undefined
}

/** The element a problem about `field` points at: the field itself, or the first one its name belongs to. */
function fieldElement(field: string): HTMLElement | null {
  const direct = document.getElementById(field)
  if (direct) return direct
  const candidates = Array.from(document.querySelectorAll<HTMLElement>('[id]')).filter((el) => el.id.endsWith(`.${field}`) || el.id.startsWith(`${field}.`) || el.id.startsWith(`${field}-`))
  return candidates[0] ?? null
}

function focusField(field: string): void {
  fieldElement(field)?.focus()
}

/**
 * The problems in the order a person meets their fields on the page (GOV.UK: the summary follows the form),
 * whatever order the checks found them in. Problems about no one field ("_…") come first; a field not on the
 * page keeps its place after those that are.
 */
function inPageOrder(fields: string[]): string[] {
  const general = fields.filter((f) => f.startsWith('_'))
  const placed = fields.filter((f) => !f.startsWith('_')).map((f, i) => ({ f, i, el: fieldElement(f) }))
  placed.sort((a, b) => {
    if (a.el && b.el && a.el !== b.el) return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
    if (a.el && !b.el) return -1
    if (!a.el && b.el) return 1
    return a.i - b.i
  })
  return [...general, ...placed.map((p) => p.f)]
}

/**
 * GOV.UK-style error summary: focused when it appears, each problem links to its field.
 *
 * `attempt` is for forms that check themselves while a person types (an autosaved draft): the summary then
 * takes focus only once for each time the person asked to save (a new `attempt`), never while they are typing.
 */
export function ErrorSummary({ errors, title = 'There is a problem', attempt }: { errors: FieldErrors; title?: string; attempt?: number }) {
  const ref = useRef<HTMLDivElement>(null)
  const focusedFor = useRef<number | undefined>(undefined)
  const key = Object.entries(errors).map(([k, v]) => k + v).join('|')
  // The fields are on the page before the summary's problems are drawn, so their order is read once per set
  // of problems, before the browser paints.
  const [order, setOrder] = useState<string[]>([])
  useLayoutEffect(() => setOrder(inPageOrder(Object.keys(errors))), [key]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!key) return
    if (attempt !== undefined) {
      if (attempt === 0 || focusedFor.current === attempt) return
      focusedFor.current = attempt
    }
    ref.current?.focus()
  }, [key, attempt])
  const ordered = order.filter((f) => f in errors)
  const entries: [string, string][] = [...ordered, ...Object.keys(errors).filter((f) => !ordered.includes(f))].map((f) => [f, errors[f] as string])
  if (entries.length === 0) return null
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field.startsWith('_') ? (
              message
            ) : (
              <a
                href={`#${field}`}
                onClick={(e) => {
                  e.preventDefault()
                  focusField(field)
                }}
              >
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** The ids that tie a field's hint and error message to it (aria-describedby). */
function useDescription(hint: string | undefined, error: string | undefined) {
  const hintId = useId()
  const errorId = useId()
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined
  return { hintId, errorId, describedBy }
}

/** A field's hint and error message, GOV.UK style: the error read out with "Error:" before it. */
function HintAndError({ hint, error, hintId, errorId }: { hint?: string; error?: string; hintId: string; errorId: string }) {
  return (
    <>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {error}
        </span>
      )}
    </>
  )
}

interface TextFieldProps {
  id: string
  label: string
  hint?: string
  error?: string
  value: string
  onChange: (value: string) => void
  type?: 'text' | 'password' | 'email' | 'tel' | 'date' | 'time' | 'search' | 'number'
  autoComplete?: string
  autoFocus?: boolean
  inputRef?: React.Ref<HTMLInputElement>
  width?: string
  children?: ReactNode
}

export function TextField(props: TextFieldProps) {
  const { hintId, errorId, describedBy } = useDescription(props.hint, props.error)
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <HintAndError hint={props.hint} error={props.error} hintId={hintId} errorId={errorId} />
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        autoFocus={props.autoFocus}
        ref={props.inputRef}
        spellCheck={props.type === 'password' ? false : undefined}
        className={props.error ? 'input-error' : undefined}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        style={props.width ? { maxWidth: props.width } : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.children}
    </div>
  )
}

export function Spinner({ label }: { label: string }) {
  return (
    <span role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </span>
  )
}

interface AreaProps {
  id: string
  label: string
  hint?: string
  error?: string
  value: string
  onChange: (value: string) => void
  rows?: number
  onKeyDown?: (e: React.KeyboardEvent<HTMLTextAreaElement>) => void
}

export function TextArea(props: AreaProps) {
  const { hintId, errorId, describedBy } = useDescription(props.hint, props.error)
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <HintAndError hint={props.hint} error={props.error} hintId={hintId} errorId={errorId} />
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 4}
        value={props.value}
        className={props.error ? 'input-error' : undefined}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={props.onKeyDown}
      />
    </div>
  )
}

interface Choice<T extends string> {
  value: T
  label: string
  hint?: string
}

export function Radios<T extends string>(props: {
  id: string
  legend: string
  hint?: string
  error?: string
  value: T | null
  choices: Choice<T>[]
  onChange: (value: T) => void
  inline?: boolean
  /** Where a new screen puts the cursor (Home focuses the first `data-autofocus` on a new screen). */
  autoFocusFirst?: boolean
}) {
  const { hintId, errorId, describedBy } = useDescription(props.hint, props.error)
  return (
    <fieldset className={`field${props.error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend>{props.legend}</legend>
      <HintAndError hint={props.hint} error={props.error} hintId={hintId} errorId={errorId} />
      <div className={`radios${props.inline ? ' inline' : ''}`}>
        {props.choices.map((c, i) => (
          <label key={c.value}>
            <input
              type="radio"
              id={i === 0 ? props.id : `${props.id}-${c.value}`}
              name={props.id}
              value={c.value}
              checked={props.value === c.value}
              data-autofocus={props.autoFocusFirst && i === 0 ? true : undefined}
              onChange={() => props.onChange(c.value)}
            />
            <span>
              {c.label}
              {c.hint && <span className="hint small">{c.hint}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}

export function SelectField(props: {
  id: string
  label: string
  hint?: string
  error?: string
  value: string
  onChange: (value: string) => void
  options: { value: string; label: string }[]
}) {
  const { hintId, errorId, describedBy } = useDescription(props.hint, props.error)
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <HintAndError hint={props.hint} error={props.error} hintId={hintId} errorId={errorId} />
      <select
        id={props.id}
        value={props.value}
        className={props.error ? 'input-error' : undefined}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function Checkbox(props: { id: string; label: string; hint?: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="checkboxes">
      <label>
        <input type="checkbox" id={props.id} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
        <span>
          {props.label}
          {props.hint && <span className="hint small">{props.hint}</span>}
        </span>
      </label>
    </div>
  )
}
