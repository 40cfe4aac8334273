import { useState, type FormEvent } from 'react'
import { infiniteQueryOptions, useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import type { AuditEntry, AuditFilter } from '../../../shared/ipc'
import { AUDIT_KINDS, type AuditKind } from '../../../shared/audit-kinds'
import { errorsFrom } from '../api'
import { ChannelError, channelKey, readChannel, useChannel } from '../lib/queries'
import { DateInput, dateProblems } from '../components/DateInput'
import { ErrorSummary, SelectField, Spinner, TextField, fieldError, type FieldErrors } from '../components/forms'
import { formatInstant } from '../format'
import { formatDate } from '../../../shared/dates'

type Verification = { ok: true; events: number; signedFrom: number | null } | { ok: false; firstBadSeq: number; reason: string }

const PAGE = 100

/** Every change to the vault, newest first, and whether the hash chain that links them verifies. */
/** The trail's pages under one filter, newest first: each page goes on from where the last stopped. */
const trailPages = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: channelKey('audit.search', { filter, limit: PAGE }),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => readChannel('audit.search', { filter, limit: PAGE, ...(pageParam ? { beforeSeq: pageParam } : {}) }),
    getNextPageParam: (last) => last.continueBefore,
  })

/** Every change to the vault, newest first, and whether the hash chain that links them verifies. */
export function AuditTrail() {
  // Both read again after every save: a save is a new entry.
  const check = useChannel('audit.verify', {})
  const verifying = check.isFetching
  // Only a check that has finished is shown, never the last one while the chain is checked again.
  const verification: Verification | null = verifying ? null : (check.data ?? null)
  // The filter as typed, and the filter the list shows (applied when "Show entries" is pressed).
  const [kind, setKind] = useState<AuditKind | ''>('')
  const [person, setPerson] = useState('')
  const [reference, setReference] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [applied, setApplied] = useState<AuditFilter>({})
  const [filterErrors, setFilterErrors] = useState<FieldErrors>({})
  const [refused, setRefused] = useState<string | null>(null)
  const [filterOpen, setFilterOpen] = useState(false)
  const trail = useInfiniteQuery(trailPages(applied))
  const events: AuditEntry[] = trail.data?.pages.flatMap((p) => p.entries) ?? []
  const more = trail.hasNextPage ? (trail.data?.pages.at(-1)?.continueBefore ?? null) : null
  const loaded = trail.data !== undefined
  const error = refused ?? trail.error?.message ?? check.error?.message ?? null
  const client = useQueryClient()

  /** Shows the trail under `filter` once it is read; a filter the main process refuses stays on the form. */
  const load = async (filter: AuditFilter) => {
    try {
      await client.fetchInfiniteQuery(trailPages(filter))
    } catch (e) {
      if (!(e instanceof ChannelError)) throw e
      const found = errorsFrom(e.shape)
      const keyed = Object.fromEntries(Object.entries(found).map(([k, v]) => [`audit-${k.split('.').pop()}`, v]))
      return found._form ? setRefused(found._form) : setFilterErrors(keyed)
    }
    setRefused(null)
    setApplied(filter)
  }

  const show = (e: FormEvent) => {
    e.preventDefault()
    const problems = dateProblems([
      { id: 'audit-from', value: from, what: 'The “from” date', happened: true, required: false },
      { id: 'audit-to', value: to, what: 'The “to” date', happened: false, required: false },
    ])
    if (!problems['audit-from'] && !problems['audit-to'] && from && to && from > to)
      problems['audit-to'] = 'The “to” date must be the same as or after the “from” date'
    setFilterErrors(problems)
    if (Object.keys(problems).length > 0) return
    const filter: AuditFilter = {
      ...(kind ? { kind } : {}),
      ...(person.trim() ? { person: person.trim() } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }
    void load(filter)
  }

  const clear = () => {
    setKind('')
    setPerson('')
    setReference('')
    setFrom('')
    setTo('')
    setFilterErrors({})
    void load({})
  }

  const filtered = Object.keys(applied).length > 0

  return (
    <>
      <h1>Audit trail</h1>
      <p className="lead">Every change to this vault, who made it and when. Entries are linked in a chain, so any edit, removal or reordering is detected.</p>
      <div aria-live="polite">
        {verifying && <Spinner label="Checking the chain…" />}
        {verification?.ok && (
          <div className="notice success">
            <strong>The chain verifies:</strong> all {verification.events.toLocaleString('en-GB')} entries are intact and in order
            {verification.signedFrom === null
              ? '.'
              : verification.signedFrom <= 1
                ? ', and every entry is signed by the person it names.'
                : `; entries from ${verification.signedFrom.toLocaleString('en-GB')} on are signed by the person each names (earlier ones were written before signing began).`}
          </div>
        )}
        {verification && !verification.ok && (
          <div className="notice danger" role="alert">
            <strong>The chain is broken at entry {verification.firstBadSeq}:</strong> {verification.reason} It has not been repaired. Restore from a backup and keep this copy for investigation.
          </div>
        )}
      </div>
      {error && <div className="notice danger" role="alert">{error}</div>}
      <div className="button-group" style={{ marginBottom: 16 }}>
        <button type="button" className="button secondary" onClick={() => void check.refetch()} disabled={verifying}>
          Verify again
        </button>
      </div>
      {/* Closed until wanted, so the trail itself is what the screen opens on. */}
      <details className="audit-filter" open={filterOpen} onToggle={(e) => setFilterOpen(e.currentTarget.open)}>
        <summary>Filter the trail{filtered ? ' (a filter is on)' : ''}</summary>
        <form onSubmit={show} noValidate aria-label="Filter the trail">
          <ErrorSummary errors={filterErrors} />
          <div className="inline-fields">
            <SelectField
              id="audit-kind"
              label="Kind of event"
              value={kind}
              onChange={(v) => setKind(v as AuditKind | '')}
              options={[{ value: '', label: 'Every kind' }, ...AUDIT_KINDS.map((k) => ({ value: k.id, label: k.label }))]}
            />
            <TextField id="audit-person" label="Person" hint="Part of their name" width="14em" value={person} onChange={setPerson} error={fieldError(filterErrors, 'audit-person')} />
            <TextField id="audit-reference" label="Dispute reference" hint="For example 0007" width="14em" value={reference} onChange={setReference} error={fieldError(filterErrors, 'audit-reference')} />
          </div>
          <div className="inline-fields">
            <DateInput id="audit-from" label="From" value={from} onChange={setFrom} error={filterErrors['audit-from']} />
            <DateInput id="audit-to" label="To" value={to} onChange={setTo} error={filterErrors['audit-to']} />
          </div>
          <div className="button-group">
            <button type="submit" className="button">Show entries</button>
            {filtered && (
              <button type="button" className="button secondary" onClick={clear}>
                Clear the filter
              </button>
            )}
          </div>
        </form>
      </details>
      <p aria-live="polite" className="small muted" id="audit-shown">
        {loaded &&
          (filtered
            ? `${events.length === 0 ? 'No' : events.length.toLocaleString('en-GB')}${more ? ' or more' : ''} entr${events.length === 1 ? 'y' : 'ies'} ${describe(applied)}.`
            : `The newest ${events.length.toLocaleString('en-GB')} entr${events.length === 1 ? 'y' : 'ies'}${more ? '; older ones below' : ''}.`)}
      </p>
      <table>
        <caption className="visually-hidden">Audit trail, newest first{filtered ? `, ${describe(applied)}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatInstant(e.at)}</td>
              <td>
                {e.personName}
                {!e.signed && <span className="muted"> (before signing)</span>}
              </td>
              <td>
                {e.subject ? <strong>{e.subject}: </strong> : null}
                {e.summary}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more !== null && (
        <div className="button-group">
          <button type="button" className="button secondary" onClick={() => void trail.fetchNextPage()}>
            Show older entries
          </button>
        </div>
      )}
    </>
  )
}

/** The filter in words: "about escalation … by Sam, on ESC-2026-0001, from 1 Dec 2026 to 2 Dec 2026". */
function describe(f: AuditFilter): string {
  const parts = [
    f.kind ? `of the kind “${AUDIT_KINDS.find((k) => k.id === f.kind)!.label}”` : null,
    f.person ? `by a person whose name has “${f.person}”` : null,
    f.reference ? `on disputes whose reference has “${f.reference}”` : null,
    f.from && f.to ? `from ${formatDate(f.from)} to ${formatDate(f.to)}` : f.from ? `from ${formatDate(f.from)} on` : f.to ? `up to ${formatDate(f.to)}` : null,
  ].filter(Boolean)
  return parts.length ? `matching: ${parts.join(', ')}` : ''
}
