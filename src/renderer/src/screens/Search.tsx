import { useEffect, useRef, useState } from 'react'
import type { SearchHit, SnippetPart } from '../../../shared/ipc'
import { call } from '../api'
import { Spinner } from '../components/forms'

/** One page of results; one more is asked for, to know whether there is a next page. */
const PAGE = 50

const KIND_LABELS: Record<SearchHit['kind'], string> = {
  record: 'Contact record',
  dispute: 'Dispute',
  child: 'Child',
  directory: 'Directory',
}

/** Search everything in the vault: records and their addenda, disputes, children, the directory. */
export function Search({ onOpenDispute, onOpenRecord }: { onOpenDispute: (id: string) => void; onOpenRecord: (disputeId: string, recordId: string) => void }) {
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)
  const [more, setMore] = useState(false)
  const firstOfPage = useRef<HTMLLIElement>(null)
  const [focusFrom, setFocusFrom] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  /** The index is still being built (a vault from before it existed, or one rebuilt after damage). */
  const [building, setBuilding] = useState<{ done: number; of: number } | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  useEffect(() => {
    if (!query.trim()) return
    let live = true
    const timer = setTimeout(() => {
      setBusy(true)
      // Asked before the query, so results given while the index was incomplete are never shown as complete.
      void call('search.status', {}).then((s) => {
        if (live) setBuilding(s.ok && s.value.building ? { done: s.value.disputesIndexed, of: s.value.disputesToIndex } : null)
        return call('search.query', { query, limit: PAGE + 1 })
      }).then((r) => {
        if (!live) return
        setBusy(false)
        if (r.ok) {
          setHits(r.value.slice(0, PAGE))
          setFocusFrom(null)
          setMore(r.value.length > PAGE)
          setError(null)
        } else setError(r.error.message)
      })
    }, 200)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [query])
  // Focus moves to the first result of a page just added, so a keyboard user carries on from there.
  useEffect(() => {
    if (focusFrom !== null) firstOfPage.current?.focus()
  }, [focusFrom])

  const nextPage = async () => {
    if (!hits) return
    const from = hits.length
    const r = await call('search.query', { query, limit: PAGE + 1, offset: from })
    if (!r.ok) return setError(r.error.message)
    setHits([...hits, ...r.value.slice(0, PAGE)])
    setMore(r.value.length > PAGE)
    setFocusFrom(from)
  }

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
        {shown && !busy && building && (
          <div className="notice">
            The search index is still being built{building.of > 0 ? ` (${building.done.toLocaleString('en-GB')} of ${building.of.toLocaleString('en-GB')} disputes so far)` : ''}, so these
            results may leave some records out. Search again in a moment.
          </div>
        )}
        {shown && !busy && <p className="small muted">{shown.length === 0 ? 'Nothing found.' : more ? `Showing the best ${shown.length}; there are more.` : `${shown.length} found.`}</p>}
      </div>
      {shown && shown.length > 0 && (
        <ul className="search-results">
          {shown.map((h, i) => (
            <li key={`${h.kind}-${h.id}`} ref={i === focusFrom ? firstOfPage : undefined} tabIndex={i === focusFrom ? -1 : undefined}>
              <span className="badge neutral">{KIND_LABELS[h.kind]}</span>{' '}
              {h.disputeId ? (
                <button type="button" className="link" onClick={() => (h.kind === 'record' ? onOpenRecord(h.disputeId!, h.id) : onOpenDispute(h.disputeId!))}>
                  {h.title}
                </button>
              ) : (
                <strong>{h.title}</strong>
              )}
              <span className="small muted"> — {h.detail}</span>
              {h.snippet && <Snippet parts={h.snippet} />}
            </li>
          ))}
        </ul>
      )}
      {shown && more && !busy && (
        <button type="button" className="button secondary" onClick={() => void nextPage()}>
          Show the next {PAGE} results
        </button>
      )}
    </>
  )
}

/** The passage that matched. Each part is text, so nothing in a record can become markup. */
function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <p className="snippet small">
      {parts.map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </p>
  )
}
