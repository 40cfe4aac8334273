import { useId, useState } from 'react'

const split = (value: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' }
}

/**
 * A date typed as day, month and year in three boxes (the GOV.UK pattern): unambiguous whatever the
 * computer's language, and fast from the keyboard. The value is 'YYYY-MM-DD', or '' until all three
 * parts are filled in; the main process refuses a date that does not exist.
 */
export function DateInput(props: { id: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void }) {
  const [parts, setParts] = useState(() => split(props.value))
  const hintId = useId()
  const errorId = useId()
  const update = (key: 'day' | 'month' | 'year', v: string) => {
    const next = { ...parts, [key]: v.replace(/[^\d]/g, '').slice(0, key === 'year' ? 4 : 2) }
    setParts(next)
    // Empty stays empty; a partly typed date is passed on as it is, so it is refused with a reason
    // rather than silently saved as "not known".
    const empty = !next.day && !next.month && !next.year
    props.onChange(empty ? '' : `${next.year}-${next.month.padStart(2, '0')}-${next.day.padStart(2, '0')}`)
  }
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className={`field date-input${props.error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend className="label">{props.label}</legend>
      {props.hint && <span className="hint" id={hintId}>{props.hint}</span>}
      {props.error && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {props.error}
        </span>
      )}
      <div className="date-parts">
        {(['day', 'month', 'year'] as const).map((key) => (
          <div key={key}>
            <label htmlFor={key === 'day' ? props.id : `${props.id}-${key}`}>{key === 'day' ? 'Day' : key === 'month' ? 'Month' : 'Year'}</label>
            <input
              id={key === 'day' ? props.id : `${props.id}-${key}`}
              inputMode="numeric"
              autoComplete="off"
              className={props.error ? 'input-error' : undefined}
              style={{ width: key === 'year' ? '4.5em' : '3em' }}
              value={parts[key]}
              onChange={(e) => update(key, e.target.value)}
            />
          </div>
        ))}
      </div>
    </fieldset>
  )
}

/** A time on the 24-hour clock, typed as 14:05 (a dot or no separator is accepted too). */
export function TimeInput(props: { id: string; label: string; error?: string; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(props.value)
  const errorId = useId()
  const hintId = useId()
  const normalise = (raw: string): string => {
    const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(raw.trim())
    if (!m) return ''
    const h = Number(m[1])
    const min = Number(m[2])
    return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : ''
  }
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <span className="hint" id={hintId}>24-hour clock, like 14:05</span>
      {props.error && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {props.error}
        </span>
      )}
      <input
        id={props.id}
        inputMode="numeric"
        autoComplete="off"
        style={{ width: '5em' }}
        value={text}
        aria-describedby={[hintId, props.error ? errorId : null].filter(Boolean).join(' ')}
        className={props.error ? 'input-error' : undefined}
        onChange={(e) => {
          setText(e.target.value)
          props.onChange(normalise(e.target.value))
        }}
      />
    </div>
  )
}
