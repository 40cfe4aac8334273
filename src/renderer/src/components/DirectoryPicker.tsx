import { useEffect, useState } from 'react'
import type { DirectoryEntry } from '../../../shared/directory'
import { useChannel } from '../lib/queries'
import { Checkbox, SelectField } from './forms'

/**
 * Choosing a person from the directory for a dispute. Only the dispute's partnership's contacts (and the
 * DSL's own, tied to none) are offered at first, as the main process lists them; the others are a tick
 * away, for the agency that works across a border.
 */
export function DirectoryPicker(props: {
  id: string
  label: string
  /** The dispute's policy id; undefined while no partnership is chosen. */
  partnershipId: string | undefined
  value: string
  blankLabel: string
  describe: (entry: DirectoryEntry) => string
  onPick: (entry: DirectoryEntry | null) => void
}) {
  const { partnershipId, value } = props
  const [everyPartnership, setEveryPartnership] = useState(false)
  const input = everyPartnership || partnershipId === undefined ? {} : { partnershipId }
  // The last list stays on screen while another partnership's is read.
  const listed = useChannel('directory.list', input, { keepPrevious: true })
  const entries = listed.data ?? []
  const fresh = listed.isPlaceholderData ? undefined : listed.data

  useEffect(() => {
    // A person picked earlier from another partnership (a draft carried on): show every partnership.
    if (fresh && value && !fresh.some((e) => e.id === value)) setEveryPartnership(true)
    // Only a newly read list is checked, not each pick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fresh])

  return (
    <>
      {entries.length > 0 && (
        <SelectField
          id={props.id}
          label={props.label}
          value={entries.some((e) => e.id === props.value) ? props.value : ''}
          onChange={(id) => props.onPick(entries.find((e) => e.id === id) ?? null)}
          options={[{ value: '', label: props.blankLabel }, ...entries.map((e) => ({ value: e.id, label: props.describe(e) }))]}
        />
      )}
      {partnershipId !== undefined && (
        <Checkbox id={`${props.id}-every`} label="Show contacts from every partnership" checked={everyPartnership} onChange={setEveryPartnership} />
      )}
    </>
  )
}
