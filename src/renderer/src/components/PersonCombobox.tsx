import { useId, useRef, useState } from 'react'

/** A person the box can offer: from the directory, or someone already spoken to on this dispute. */
export interface PersonChoice {
  key: string
  name: string
  role: string
  agency: string
  phone: string
  email: string
  /** The directory entry's id, or null for a person known only from this dispute. */
  directoryId: string | null
}

export function describeChoice(c: PersonChoice): string {
  return [c.name, c.role, c.agency].filter(Boolean).join(' — ')
}

/** The choices that match what was typed: every word of it somewhere in the name, role or agency. */
export function matchingChoices(choices: PersonChoice[], typed: string, limit = 8): PersonChoice[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean)
  return choices.filter((c) => {
    const text = describeChoice(c).toLowerCase()
    return words.every((w) => text.includes(w))
  }).slice(0, limit)
}

/**
 * "Who": a text box that offers matching people as it is typed (the ARIA 1.2 combobox pattern with a
 * list popup and the first match highlighted). Down and Up move through the list, Enter chooses,
 * Escape closes it; with the list closed, what is typed is simply the name. The text is selected when
 * the box takes focus, so typing replaces the name that was filled in from the last contact.
 */
export function PersonCombobox(props: {
  id: string
  label: string
  hint?: string
  error?: string
  value: string
  choices: PersonChoice[]
  onType: (name: string) => void
  onChoose: (choice: PersonChoice) => void
  inputRef?: React.RefObject<HTMLInputElement | null>
}) {
  const listId = useId()
  const hintId = useId()
  const errorId = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const own = useRef<HTMLInputElement>(null)
  const input = props.inputRef ?? own
  const matches = matchingChoices(props.choices, props.value)
  const shown = open && matches.length > 0
  const optionId = (i: number) => `${listId}-option-${i}`
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ') || undefined

  const choose = (c: PersonChoice) => {
    props.onChoose(c)
    setOpen(false)
  }

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.ctrlKey || e.metaKey) return
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      if (!shown) {
        setOpen(true)
        setActive(0)
      } else setActive((a) => Math.min(matches.length - 1, a + 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      if (shown) setActive((a) => Math.max(0, a - 1))
    } else if (e.key === 'Enter') {
      // Never submits anything around it: Enter chooses the highlighted person, or does nothing.
      e.preventDefault()
      const c = shown ? matches[Math.min(active, matches.length - 1)] : undefined
      if (c) choose(c)
    } else if (e.key === 'Escape' && shown) {
      // Closes the list only; a second Escape goes on to whatever holds the box.
      e.preventDefault()
      e.stopPropagation()
      setOpen(false)
    }
  }

  return (
    <div className={`field combobox${props.error ? ' has-error' : ''}`}>
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
      <div className="combobox-wrap">
        <input
          id={props.id}
          ref={input}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown ? optionId(Math.min(active, matches.length - 1)) : undefined}
          aria-describedby={describedBy}
          aria-invalid={props.error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          className={props.error ? 'input-error' : undefined}
          value={props.value}
          onFocus={(e) => e.currentTarget.select()}
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            props.onType(e.target.value)
            setOpen(e.target.value.trim() !== '')
            setActive(0)
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" aria-label={`People matching “${props.value}”`} className="combobox-list" hidden={!shown}>
          {shown &&
            matches.map((c, i) => (
              <li
                key={c.key}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                // Chosen on mouse down, before the box loses focus and closes the list.
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(c)
                  input.current?.focus()
                }}
              >
                {describeChoice(c)}
              </li>
            ))}
        </ul>
      </div>
      <span className="visually-hidden" role="status">
        {shown ? `${matches.length} ${matches.length === 1 ? 'person matches' : 'people match'}: use Down and Up to choose, Enter to pick.` : ''}
      </span>
    </div>
  )
}
