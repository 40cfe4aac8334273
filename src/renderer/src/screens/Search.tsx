import { useEffect, useRef, useState } from 'react'
import type { SearchHit } from '../../../shared/ipc'
import { call } from '../api'
import { Spinner } from '../components/forms'

const KIND_LABELS: Record<SearchHit['kind'], string> = {
  record: 'Contact record',
  dispute: 'Dispute',
  child: 'Child',
  directory: 'Directory',
}

/** Search everything in the vault: records and their addenda, disputes, children, the directory. */
export function Search({ onOpenDispute }: { onOpenDispute: (id: string) => void }) {
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  useEffect(() => {
    if (!query.trim()) return
    let live = true
    const timer = setTimeout(() => {
      setBusy(true)
      void call('search.query', { query }).then((r) => {
        if (!live) return
        setBusy(false)
        if (r.ok) {
          setHits(r.value)
          setError(null)
        } else setError(r.error.message)
      })
    }, 200)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [query])
  const shown = query.trim() ? hits : null
  return (
    <>
      <h1>Search</h1>
      <div className="field">
        <label htmlFor="search-query">Search the whole vault</label>
        <span className="hint">Names, agencies, words in records and addenda, NHS numbers, references</span>
        <input id="search-query" ref={input} data-autofocus type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div aria-live="polite">
        {busy && <Spinner label="Searching…" />}
        {error && <div className="notice danger" role="alert">{error}</div>}
        {shown && !busy && <p className="small muted">{shown.length === 0 ? 'Nothing found.' : `${shown.length} found${shown.length === 50 ? ' (the first 50)' : ''}.`}</p>}
      </div>
      {shown && shown.length > 0 && (
        <ul className="search-results">
          {shown.map((h) => (
            <li key={`${h.kind}-${h.id}`}>
              <span className="badge neutral">{KIND_LABELS[h.kind]}</span>{' '}
              {h.disputeId ? (
                <button type="button" className="link" onClick={() => onOpenDispute(h.disputeId!)}>
                  {h.title}
                </button>
              ) : (
                <strong>{h.title}</strong>
              )}
              <span className="small muted"> — {h.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
