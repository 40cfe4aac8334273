import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { AVAILABILITIES, TIERS, TIER_LABELS, type Availability, type DirectoryEntry, type DirectoryEntryInput, type Tier } from '../../../shared/directory'
import { call, errorsFrom } from '../api'
import { useChannel } from '../lib/queries'
import { ErrorSummary, SelectField, Spinner, TextArea, TextField, fieldError, type FieldErrors } from '../components/forms'
import { usePolicies } from '../policies'

const AVAILABILITY_LABELS: Record<Availability, string> = {
  'office-hours': 'Office hours',
  'out-of-hours': 'Out of hours',
  'any-time': 'Any time',
}

type SortBy = 'agency' | 'name' | 'tier'
const SORTS: { value: SortBy; label: string }[] = [
  { value: 'agency', label: 'Agency' },
  { value: 'name', label: 'Name or role' },
  { value: 'tier', label: 'Seniority' },
]

const ANY = '*'
const NONE = ''

type Editing = { mode: 'add' } | { mode: 'change'; entry: DirectoryEntry } | null

/**
 * The people and agencies the DSL deals with: the partnerships' published lists (and imported policies'
 * contacts) and their own. Opened from a dispute, it shows that dispute's partnership's entries and the
 * DSL's own (as the main process lists them), with the others a button away.
 */
export function Directory({ forPartnership }: { forPartnership?: string } = {}) {
  const [scope, setScope] = useState<string | null>(forPartnership ?? null)
  const [query, setQuery] = useState('')
  const [partnership, setPartnership] = useState(ANY)
  const [sortBy, setSortBy] = useState<SortBy>('agency')
  const [editing, setEditing] = useState<Editing>(null)
  const [message, setMessage] = useState<string | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)
  const loaded = usePolicies()

  const partnershipName = useCallback(
    (id: string | null): string => {
      if (id === null) return 'None'
      return loaded?.policies.find((p) => p.id === id)?.partnership ?? id
    },
    [loaded],
  )

  const entriesQuery = useChannel('directory.list', scope === null ? {} : { partnershipId: scope })
  const entries = entriesQuery.data ?? null
  const loadError = entriesQuery.error?.message ?? null
  const { refetch } = entriesQuery
  const refresh = useCallback(async () => {
    await refetch()
  }, [refetch])

  const partnerships = useMemo(() => {
    const ids = new Set<string>()
    for (const e of entries ?? []) if (e.partnershipId) ids.add(e.partnershipId)
    for (const s of loaded?.current ?? []) ids.add(s.id)
    return [...ids].map((id) => ({ id, name: partnershipName(id) })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
  }, [entries, loaded, partnershipName])

  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    const rows = (entries ?? []).filter((e) => {
      if (partnership !== ANY && (e.partnershipId ?? NONE) !== partnership) return false
      const hay = [e.name, e.role, e.agency, e.phone, e.phone.replace(/\s/g, ''), e.email, e.notes, TIER_LABELS[e.tier], partnershipName(e.partnershipId)].join(' ').toLowerCase()
      return words.every((w) => hay.includes(w))
    })
    const key = (e: DirectoryEntry): string[] => {
      switch (sortBy) {
        case 'agency':
          return [e.agency, e.role, e.name]
        case 'name':
          return [e.name || e.role, e.agency]
        case 'tier':
          return [String(TIERS.indexOf(e.tier)), e.agency, e.role]
      }
    }
    return [...rows].sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      for (let i = 0; i < ka.length; i++) {
        const c = (ka[i] ?? '').localeCompare(kb[i] ?? '', 'en-GB')
        if (c !== 0) return c
      }
      return 0
    })
  }, [entries, query, partnership, sortBy, partnershipName])

  // Entries are shown under their partnership, whose published list is named once, above them.
  const groups = useMemo(() => {
    const byPartnership = new Map<string, DirectoryEntry[]>()
    for (const e of shown) {
      const key = e.partnershipId ?? NONE
      byPartnership.set(key, [...(byPartnership.get(key) ?? []), e])
    }
    return [...byPartnership.entries()]
      .map(([id, rows]) => {
        const counts = new Map<string, number>()
        for (const r of rows) if (r.source) counts.set(r.source, (counts.get(r.source) ?? 0) + 1)
        const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
        return { id, name: id === NONE ? 'Not tied to a partnership' : partnershipName(id), rows, commonSource: common }
      })
      .sort((a, b) => (a.id === NONE ? 1 : b.id === NONE ? -1 : a.name.localeCompare(b.name, 'en-GB')))
  }, [shown, partnershipName])

  const closeForm = (saved: string | null) => {
    setEditing(null)
    if (saved) {
      setMessage(saved)
      void refresh()
    }
    requestAnimationFrame(() => addButton.current?.focus())
  }

  return (
    <>
      <div className="screen-header">
        <h1>Directory</h1>
        {!editing && (
          <button type="button" className="button" ref={addButton} onClick={() => { setMessage(null); setEditing({ mode: 'add' }) }}>
            Add a person or agency
          </button>
        )}
      </div>
      <p className="lead">The people and agencies you deal with: the contacts your partnerships publish, and anyone you add.</p>
      {message && <div className="notice success" role="status">{message}</div>}
      {loadError && <div className="notice danger" role="alert">{loadError}</div>}

      {editing && (
        <EntryForm
          key={editing.mode === 'change' ? editing.entry.id : 'new'}
          entry={editing.mode === 'change' ? editing.entry : null}
          partnerships={partnerships}
          onDone={closeForm}
        />
      )}

      {!entries && !loadError && <Spinner label="Loading the directory…" />}
      {entries && !editing && (
        <>
          {scope !== null && (
            <div className="notice" role="status">
              <p>
                Showing the contacts of {partnershipName(scope)}, the dispute’s partnership, and your own contacts that are not tied to a partnership.
              </p>
              <button type="button" className="button secondary" onClick={() => setScope(null)}>
                Show contacts from every partnership
              </button>
            </div>
          )}
          <div className="filters">
            <div className="field">
              <label htmlFor="directory-filter">Filter the directory</label>
              <span className="hint" id="directory-filter-hint">Name, role, agency, phone number or email</span>
              <input id="directory-filter" type="search" value={query} aria-describedby="directory-filter-hint" onChange={(e) => setQuery(e.target.value)} />
            </div>
            {scope === null && (
              <SelectField
                id="directory-partnership"
                label="Partnership"
                value={partnership}
                onChange={setPartnership}
                options={[{ value: ANY, label: 'All partnerships' }, ...partnerships.map((p) => ({ value: p.id, label: p.name })), { value: NONE, label: 'Not tied to a partnership' }]}
              />
            )}
            <SelectField id="directory-sort" label="Sort by" value={sortBy} onChange={(v) => setSortBy(v as SortBy)} options={SORTS} />
          </div>
          <p aria-live="polite" className="small muted">
            Showing {shown.length} of {entries.length} {entries.length === 1 ? 'entry' : 'entries'}.
          </p>
          {entries.length === 0 ? (
            <div className="card">
              <p>The directory is empty. Add the people and agencies you deal with.</p>
            </div>
          ) : (
            <div className="table-scroll">
              <table className="compact-table directory-table">
                <caption className="visually-hidden">Directory by partnership, sorted by {SORTS.find((s) => s.value === sortBy)?.label.toLowerCase()}</caption>
                <thead>
                  <tr>
                    <th scope="col">Agency</th>
                    <th scope="col">Name and role</th>
                    <th scope="col">Phone</th>
                    <th scope="col">Email</th>
                    <th scope="col">Seniority</th>
                    <th scope="col"><span className="visually-hidden">Action</span></th>
                  </tr>
                </thead>
                {groups.map((g) => (
                  <Fragment key={g.id}>
                    <tbody className="partnership-group">
                      <tr>
                        <th scope="rowgroup" colSpan={COLUMNS}>
                          {g.name}
                          {g.commonSource ? (
                            <span className="group-source">Published list: {g.commonSource}</span>
                          ) : (
                            g.rows.every((r) => r.source === null) && <span className="group-source">Added by you</span>
                          )}
                        </th>
                      </tr>
                    </tbody>
                    {g.rows.map((e) => (
                      <EntryRows key={e.id} entry={e} showSource={e.source !== g.commonSource} onChange={() => { setMessage(null); setEditing({ mode: 'change', entry: e }) }} />
                    ))}
                  </Fragment>
                ))}
              </table>
            </div>
          )}
          {entries.length > 0 && shown.length === 0 && <p>No entry matches your filter.</p>}
        </>
      )}
    </>
  )
}

const label = (e: DirectoryEntry): string => [e.name, e.role, e.agency].filter(Boolean).join(', ')

const COLUMNS = 6

/** One entry: its row, then (where there is one) its caution, notes and own source across the table. */
function EntryRows({ entry: e, showSource, onChange }: { entry: DirectoryEntry; showSource: boolean; onChange: () => void }) {
  const notes = e.notes || e.availability
  const extra = e.caution || notes || showSource
  return (
    <tbody className="entry">
      <tr>
        <td>{e.agency}</td>
        <th scope="row">
          {e.name ? (
            <>
              {e.name}
              {e.role && <span className="entry-role">{e.role}</span>}
            </>
          ) : (
            e.role || <span className="muted">General contact</span>
          )}
        </th>
        <td className="nowrap">{e.phone ? <a href={`tel:${e.phone.replace(/[^\d+]/g, '')}`}>{e.phone}</a> : null}</td>
        <td className="break">{e.email ? <a href={`mailto:${e.email}`}>{e.email}</a> : null}</td>
        <td>{TIER_LABELS[e.tier]}</td>
        <td>
          <button type="button" className="link" onClick={onChange}>
            Change<span className="visually-hidden"> {label(e)}</span>
          </button>
        </td>
      </tr>
      {extra && (
        <tr className="entry-details">
          <td colSpan={COLUMNS}>
            {e.caution && (
              <div className="notice warning caution">
                <strong>Check before you rely on this entry:</strong> {e.caution}
              </div>
            )}
            {notes && (
              <p className="small">
                {e.availability && <>Available: {AVAILABILITY_LABELS[e.availability].toLowerCase()}. </>}
                {e.notes}
              </p>
            )}
            {showSource && <p className="small muted">Source: {e.source ?? 'added by you'}</p>}
          </td>
        </tr>
      )}
    </tbody>
  )
}

/** A refusal's field names ('entry.phone', 'changes.email') → this form's input ids. */
function formErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, message] of Object.entries(errors)) {
    out[key.startsWith('_') ? key : `entry-${key.replace(/^(entry|changes)\./, '')}`] = message
  }
  return out
}

function EntryForm({ entry, partnerships, onDone }: { entry: DirectoryEntry | null; partnerships: { id: string; name: string }[]; onDone: (saved: string | null) => void }) {
  const [name, setName] = useState(entry?.name ?? '')
  const [role, setRole] = useState(entry?.role ?? '')
  const [agency, setAgency] = useState(entry?.agency ?? '')
  const [phone, setPhone] = useState(entry?.phone ?? '')
  const [email, setEmail] = useState(entry?.email ?? '')
  const [partnershipId, setPartnershipId] = useState(entry?.partnershipId ?? NONE)
  const [tier, setTier] = useState<Tier>(entry?.tier ?? 'other')
  const [availability, setAvailability] = useState<Availability | ''>(entry?.availability ?? '')
  const [notes, setNotes] = useState(entry?.notes ?? '')
  const [caution, setCaution] = useState(entry?.caution ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    heading.current?.focus()
  }, [])

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    if (busy) return
    setBusy(true)
    const answers: DirectoryEntryInput = {
      name,
      role,
      agency,
      phone,
      email,
      partnershipId: partnershipId || null,
      tier,
      availability: availability || null,
      notes,
      caution,
    }
    const r = entry ? await call('directory.update', { id: entry.id, changes: answers }) : await call('directory.create', { entry: answers })
    setBusy(false)
    if (!r.ok) return setErrors(formErrors(errorsFrom(r.error)))
    setErrors({})
    onDone(entry ? `The entry for ${label(r.value)} is saved.` : `${label(r.value)} is added to the directory.`)
  }

  const err = (id: string) => fieldError(errors, `entry-${id}`)
  return (
    <form onSubmit={submit} noValidate aria-busy={busy} className="card form-card">
      <h2 ref={heading} tabIndex={-1}>{entry ? `Change the entry for ${label(entry)}` : 'Add a person or agency'}</h2>
      <ErrorSummary errors={errors} />
      {entry?.source && <p className="muted">This entry came from {entry.source}. Your changes are kept in your own directory.</p>}
      {entry?.caution && (
        <div className="notice warning caution">
          <strong>Check before you rely on this entry:</strong> {entry.caution}
        </div>
      )}
      <p className="hint">Give at least a name, a role or an agency.</p>
      <TextField id="entry-name" label="Name (if known)" value={name} onChange={setName} error={err('name')} />
      <TextField id="entry-role" label="Role" hint="For example Head of Service, or Designated Safeguarding Lead" value={role} onChange={setRole} error={err('role')} />
      <TextField id="entry-agency" label="Agency or team" value={agency} onChange={setAgency} error={err('agency')} />
      <TextField id="entry-phone" label="Phone number" hint="A UK number with its area code, for example 0121 704 8709, or a short number such as 101" type="tel" width="16em" value={phone} onChange={setPhone} error={err('phone')} />
      <TextField id="entry-email" label="Email address" type="email" value={email} onChange={setEmail} error={err('email')} />
      <SelectField
        id="entry-partnershipId"
        label="Partnership"
        value={partnershipId}
        onChange={setPartnershipId}
        error={err('partnershipId')}
        options={[...partnerships.map((p) => ({ value: p.id, label: p.name })), { value: NONE, label: 'Not tied to a partnership' }]}
      />
      <SelectField
        id="entry-tier"
        label="Seniority"
        hint="Who to go to at each stage of a dispute: practitioners first, then managers"
        value={tier}
        onChange={(v) => setTier(v as Tier)}
        error={err('tier')}
        options={TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }))}
      />
      <SelectField
        id="entry-availability"
        label="When they can be reached"
        value={availability}
        onChange={(v) => setAvailability(v as Availability | '')}
        error={err('availability')}
        options={[{ value: '', label: 'Not stated' }, ...AVAILABILITIES.map((a) => ({ value: a, label: AVAILABILITY_LABELS[a] }))]}
      />
      <TextArea id="entry-notes" label="Notes (optional)" value={notes} onChange={setNotes} error={err('notes')} rows={3} />
      <TextArea id="entry-caution" label="Caution (optional)" hint="Shown as a warning beside the entry, for example a number that looks misprinted" value={caution} onChange={setCaution} error={err('caution')} rows={2} />
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>{entry ? 'Save changes' : 'Add to directory'}</button>
        <button type="button" className="button secondary" onClick={() => onDone(null)}>Cancel</button>
        {busy && <Spinner label="Saving…" />}
      </div>
    </form>
  )
}
