import { useEffect, useId, useRef, type ReactNode } from 'react'

export type FieldErrors = Record<string, string>

/** GOV.UK-style error summary: focused when it appears, each problem links to its field. */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: FieldErrors; title?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const entries = Object.entries(errors)
  const key = entries.map(([k, v]) => k + v).join('|')
  useEffect(() => {
    if (key) ref.current?.focus()
  }, [key])
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
                  document.getElementById(field)?.focus()
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
  const hintId = useId()
  const errorId = useId()
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {props.error}
        </span>
      )}
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
