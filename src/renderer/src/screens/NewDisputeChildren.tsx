import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { Child } from '../../../shared/children'
import { channelKey, useChannel } from '../lib/queries'
import { QuickChild } from './QuickChild'

/** Up to this many children on record, all are listed; more, and they are found by typing. */
const LIST_ALL_UP_TO = 6
const NO_CHILDREN: Child[] = []

interface Props {
  policyId: string
  chosen: string[]
  onChange: (chosen: string[]) => void
  error: string | undefined
}

/**
 * Which children the dispute concerns. "Add a child" comes first: with many children on record (a school
 * with 127), the list is found by typing part of a name, and only the children chosen and those that
 * match are listed, so nobody Tabs past every child to reach the button.
 */
export function ChildrenPicker({ policyId, chosen, onChange, error }: Props) {
  const queryClient = useQueryClient()
  const children = useChannel('children.list', {}).data ?? NO_CHILDREN
  const [filter, setFilter] = useState('')
  const [adding, setAdding] = useState(false)
  /** Said (role=status) once a child is added inline, as focus moves on to the next field. */
  const [childAdded, setChildAdded] = useState<string | null>(null)
  const many = children.length > LIST_ALL_UP_TO
  const words = filter.toLowerCase().trim()
  const visible = children.filter((c) => chosen.includes(c.id) || (many ? words !== '' && c.name.toLowerCase().includes(words) : true))

  const added = (child: Child) => {
    // Shown (and chosen) at once; the refetch after the save brings the same list.
    queryClient.setQueryData<Child[]>(channelKey('children.list', {}), (old) => (old && !old.some((c) => c.id === child.id) ? [...old, child] : old))
    onChange([...chosen, child.id])
    setAdding(false)
    setChildAdded(`${child.name} is added and chosen.`)
    // The child is the result; the next thing to fill in is the other agency's name (the directory
    // list above it is a Shift+Tab away).
    requestAnimationFrame(() => document.getElementById('dispute.otherAgency.agency')?.focus())
  }

  return (
    <fieldset className={`field${error ? ' has-error' : ''}`}>
      <legend>Which children does it concern?</legend>
      <span className="hint">Choose every child this escalation relates to.</span>
      {error && <span className="error-message">{error}</span>}
      {adding ? (
        <QuickChild policyId={policyId} onAdded={added} onCancel={() => setAdding(false)} />
      ) : (
        <button
          type="button"
          id="add-child"
          className="button secondary"
          onClick={() => {
            setChildAdded(null)
            setAdding(true)
          }}
        >
          Add a child
        </button>
      )}
      <p className="small" role="status">{childAdded}</p>
      {many && (
        <div className="field">
          <label htmlFor="childFilter">Find a child</label>
          <span className="hint" id="childFilter-hint">
            Type part of a name: {children.length} children are on record, and those that match are listed below.
          </span>
          <input id="childFilter" type="search" aria-describedby="childFilter-hint" autoComplete="off" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      )}
      <div className="checkboxes" id="childIds">
        {visible.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} />
            <span>
              {c.name}
              {c.dateOfBirth ? <span className="muted small"> (born {c.dateOfBirth.split('-').reverse().join('/')})</span> : null}
              {c.childProtectionPlan ? <span className="small"> · child protection plan</span> : null}
              {c.lookedAfter ? <span className="small"> · looked after</span> : null}
            </span>
          </label>
        ))}
      </div>
      {many && words !== '' && visible.every((c) => chosen.includes(c.id)) && <p className="small muted">No other child on record matches “{filter.trim()}”.</p>}
    </fieldset>
  )
}
