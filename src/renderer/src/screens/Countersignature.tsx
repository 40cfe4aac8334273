import { useEffect, useRef, useState } from 'react'
import type { PersonSlot } from '../../../shared/ipc'
import type { RecordView } from '../../../shared/views'
import { call, errorsFrom } from '../api'
import { ErrorSummary, SelectField, type FieldErrors } from '../components/forms'
import { formatCivilDate } from '../format'
import { londonParts } from '../time'

/** "Countersignature asked of Sam Patel on 2 Dec 2026", while it is not yet given. */
export function askedWords(record: RecordView): string | null {
  const ask = record.countersignatureAsk
  if (!ask || record.countersignature) return null
  return `Countersignature asked of ${ask.name} on ${formatCivilDate(londonParts(ask.askedAt).date)}`
}

/**
 * A record's countersignature, each person in their own session: anyone can ask a named person of the
 * vault (not the author) to countersign; that person, signed in as themselves, countersigns with one
 * button. Nobody types anyone else's passphrase.
 */
export function CountersignActions({ disputeId, record, people, me, onChanged }: { disputeId: string; record: RecordView; people: PersonSlot[]; me: string; onChanged: () => void }) {
  const [asking, setAsking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const doneRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (done) doneRef.current?.focus()
  }, [done])
  const confirmation = done && (
    <p ref={doneRef} tabIndex={-1} className="notice success small" role="status">
      {done}
    </p>
  )
  // Countersigned: only the confirmation of having just done it stays.
  if (record.countersignature) return confirmation || null
  const ask = record.countersignatureAsk
  const candidates = people.filter((p) => p.personId !== record.author.personId)
  const mayCountersign = record.status === 'approved' && me !== record.author.personId && (!ask || ask.personId === me)

  const countersign = async () => {
    const r = await call('records.countersign', { disputeId, recordId: record.id })
    if (!r.ok) return setError(r.error.message)
    setError(null)
    setDone('You have countersigned this record.')
    onChanged()
  }

  return (
    <>
      {error && <div className="notice danger" role="alert">{error}</div>}
      {confirmation}
      <div className="button-group">
        {mayCountersign && (
          <button type="button" className="button" onClick={() => void countersign()}>
            Countersign<span className="visually-hidden"> {record.label}</span>
          </button>
        )}
        {candidates.length > 0 && (
          <button type="button" className="button secondary" aria-expanded={asking} onClick={() => setAsking(!asking)}>
            {ask ? 'Ask someone else to countersign' : 'Ask for a countersignature'}
            <span className="visually-hidden"> of {record.label}</span>
          </button>
        )}
      </div>
      {asking && (
        <AskForm
          disputeId={disputeId}
          record={record}
          people={candidates.filter((p) => p.personId !== ask?.personId)}
          onDone={(name) => {
            setAsking(false)
            setDone(`${name} is asked to countersign. They will see it in Approvals when they unlock.`)
            onChanged()
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  )
}

function AskForm({ disputeId, record, people, onDone, onCancel }: { disputeId: string; record: RecordView; people: PersonSlot[]; onDone: (name: string) => void; onCancel: () => void }) {
  const [personId, setPersonId] = useState(people[0]?.personId ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const id = `ask-countersign-${record.id}`
  const submit = async () => {
    const r = await call('records.askCountersignature', { disputeId, recordId: record.id, personId })
    if (r.ok) onDone(people.find((p) => p.personId === personId)?.name ?? 'They')
    else setErrors(errorsFrom(r.error))
  }
  return (
    <div className="card" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} ref={heading} tabIndex={-1} style={{ marginTop: 0 }}>
        Ask for a countersignature
      </h4>
      <ErrorSummary errors={errors} />
      {people.length === 0 ? (
        <p className="small">Nobody else who can unlock this vault can countersign this record: its author cannot countersign it.</p>
      ) : (
        <>
          <p className="small">They countersign in their own session: it is in their Approvals when they next unlock.</p>
          <SelectField id={`${id}-person`} label="Who is to countersign" value={personId} onChange={setPersonId} error={errors['personId']} options={people.map((p) => ({ value: p.personId, label: p.name }))} />
        </>
      )}
      <div className="button-group">
        {people.length > 0 && (
          <button type="button" className="button" onClick={() => void submit()}>
            Ask them to countersign
          </button>
        )}
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}
