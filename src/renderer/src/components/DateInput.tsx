import { useEffect, useId, useRef, useState } from 'react'
import {
  CLOCK_OFFSETS,
  OFFSET_CHOICES,
  OFFSET_QUESTION,
  checkCivilDate,
  joinDateParts,
  londonInstantOf,
  londonTimeKind,
  parseLocalTime,
  refuseFutureDate,
  refuseFutureInstant,
  splitCivilDate,
  type ClockOffset,
  type DateParts,
  type LondonDateTime,
} from '../../../shared/date-entry'
import { Radios, type FieldErrors } from './forms'

/**
 * A date typed as day, month and year in three boxes (the GOV.UK pattern): unambiguous whatever the
 * computer's language, and fast from the keyboard. The value is 'YYYY-MM-DD' once whole, '' when all
 * three boxes are empty, and otherwise the parts as typed, so that the refusal can say what is missing
 * (src/shared/date-entry decides; the main process decides the same way).
 */
export function DateInput(props: { id: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void }) {
  const [parts, setParts] = useState<DateParts>(() => splitCivilDate(props.value))
  const sent = useRef(props.value)
  // A value set from outside (a form reset, a record reopened) replaces what the boxes show.
  useEffect(() => {
    if (props.value !== sent.current) {
      sent.current = props.value
      setParts(splitCivilDate(props.value))
    }
  }, [props.value])
  const hintId = useId()
  const errorId = useId()
  const update = (key: keyof DateParts, v: string) => {
    const next = { ...parts, [key]: v.replace(/[^\d]/g, '').slice(0, key === 'year' ? 4 : 2) }
    setParts(next)
    sent.current = joinDateParts(next)
    props.onChange(sent.current)
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
              aria-invalid={props.error ? true : undefined}
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

/**
 * A time on the 24-hour clock, typed as 14:05 (a dot or no separator is accepted too). The value is
 * 'HH:MM' when it is a time, otherwise the text as typed, so that it is refused with its own reason.
 */
export function TimeInput(props: { id: string; label: string; error?: string; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(props.value)
  const errorId = useId()
  const hintId = useId()
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
        type="text"
        inputMode="numeric"
        autoComplete="off"
        style={{ width: '5em' }}
        value={text}
        aria-describedby={[hintId, props.error ? errorId : null].filter(Boolean).join(' ')}
        aria-invalid={props.error ? true : undefined}
        className={props.error ? 'input-error' : undefined}
        onChange={(e) => {
          setText(e.target.value)
          const parsed = parseLocalTime(e.target.value)
          props.onChange(parsed.ok ? parsed.value : e.target.value.trim())
        }}
      />
    </div>
  )
}

/**
 * "BST or GMT?", asked only when the date and time typed happened twice (the hour the clocks go back).
 * Shows nothing otherwise, and clears a choice that no longer applies.
 */
export function ClockChoice(props: { id: string; date: string; time: string; error?: string; value: ClockOffset | ''; onChange: (value: ClockOffset | '') => void }) {
  const twice = londonTimeKind(props.date, props.time) === 'twice'
  const { value, onChange } = props
  useEffect(() => {
    if (!twice && value !== '') onChange('')
  }, [twice, value, onChange])
  if (!twice) return null
  return (
    <Radios
      id={props.id}
      legend={OFFSET_QUESTION}
      hint={`${props.time} happened twice that night, because the clocks went back an hour. Which was it?`}
      error={props.error}
      value={value || null}
      choices={CLOCK_OFFSETS.map((o) => ({ value: o, label: OFFSET_CHOICES[o] }))}
      onChange={onChange}
    />
  )
}

/** What a date-and-time entry sends: the parts as typed, with the clock only when one was chosen. */
export const typedMoment = (date: string, time: string, offset: ClockOffset | ''): LondonDateTime =>
  offset ? { date, time, offset } : { date, time }

/** One date field to check before sending: its id (for the error summary), its value and what it records. */
export interface DateField {
  id: string
  value: string
  /** Words for the refusal: "The date of the contact". */
  what: string
  /** It records something that happened, so it cannot be in the future. */
  happened: boolean
  required: boolean
}

/**
 * The refusals of the date fields of a form, by field id, for the error summary — the same rules the
 * main process applies, so the person hears the reason before anything is sent.
 */
export function dateProblems(fields: DateField[], now: Date = new Date()): FieldErrors {
  const problems: FieldErrors = {}
  for (const f of fields) {
    if (!f.value) {
      if (f.required) problems[f.id] = `Enter ${f.what.charAt(0).toLowerCase()}${f.what.slice(1)}`
      continue
    }
    const checked = checkCivilDate(f.value)
    if (!checked.ok) problems[f.id] = checked.message
    else if (f.happened) {
      const future = refuseFutureDate(checked.value, now, f.what)
      if (future) problems[f.id] = future.message
    }
  }
  return problems
}

/** The refusal of a date-and-time entry, keyed by the date, time or clock field that is at fault. */
export function momentProblems(
  ids: { date: string; time: string; offset: string },
  typed: LondonDateTime,
  what: string,
  now: Date = new Date(),
): FieldErrors {
  const date = checkCivilDate(typed.date)
  if (!typed.date) return { [ids.date]: `Enter the date of ${what}` }
  if (!date.ok) return { [ids.date]: date.message }
  if (!typed.time) return { [ids.time]: `Enter the time of ${what}, like 14:05` }
  const instant = londonInstantOf(typed)
  if (!instant.ok) return { [instant.code === 'time-ambiguous' || instant.code === 'offset-not-in-force' ? ids.offset : ids.time]: instant.message }
  // A later day is the date's fault; a later time today is the time's.
  const laterDay = refuseFutureDate(date.value, now, `The date of ${what}`)
  if (laterDay) return { [ids.date]: laterDay.message }
  const future = refuseFutureInstant(instant.value, now, `The time of ${what}`)
  return future ? { [ids.time]: future.message } : {}
}
