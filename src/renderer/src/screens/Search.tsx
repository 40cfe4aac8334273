import { useEffect, useRef, useState } from 'react'
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import type { SearchHit, SnippetPart } from '../../../shared/ipc'
import { call } from '../api'
import { ChannelError, channelKey } from '../lib/queries'
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
  /** What is searched for: the box's text once the typing pauses. */
  const [asked, setAsked] = useState('')
  const firstOfPage = useRef<HTMLLIElement>(null)
  /** Where focus goes once a later page is added, for the search it was asked for. */
  const [added, setAdded] = useState<{ asked: string; from: number } | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  useEffect(() => {
    if (!query.trim()) return
    const timer = setTimeout(() => setAsked(query), 200)
    return () => clearTimeout(timer)
  }, [query])
  const search = useInfiniteQuery({
    queryKey: channelKey('search.query', { query: asked, limit: PAGE + 1 }),
    enabled: asked.trim() !== '',
    // The last results stay on screen while the next are found.
    placeholderData: keepPreviousData,
    initialPageParam: 0,
    queryFn: async ({ pageParam: offset }) => {
      // Asked before the query, so results given while the index was incomplete are never shown as complete.
      const s = offset === 0 ? await call('search.status', {}) : null
      const r = await call('search.query', { query: asked, limit: PAGE + 1, ...(offset > 0 ? { offset } : {}) })
      if (!r.ok) throw new ChannelError(r.error)
      /** The index is still being built (a vault from before it existed, or one rebuilt after damage). */
      const building = s?.ok && s.value.building ? { done: s.value.disputesIndexed, of: s.value.disputesToIndex } : null
      return { hits: r.value.slice(0, PAGE), more: r.value.length > PAGE, building }
    },
    getNextPageParam: (last, all) => (last.more ? all.reduce((n, page) => n + page.hits.length, 0) : undefined),
  })
  // A later page being added keeps the results, their count and the button where they are.
  const busy = search.isFetching && !search.isFetchingNextPage
  const error = search.error?.message ?? null
  const building = search.data?.pages[0]?.building ?? null
  const hits = search.data ? search.data.pages.flatMap((page) => page.hits) : null
  const more = search.hasNextPage
  const focusFrom = added && added.asked === asked ? added.from : null
  // Focus moves to the first result of a page just added, so a keyboard user carries on from there.
  useEffect(() => {
    if (focusFrom !== null) firstOfPage.current?.focus()
  }, [focusFrom])

  const nextPage = async () => {
    if (!hits || search.isFetchingNextPage) return
    const from = hits.length
    const r = await search.fetchNextPage()
    if (!r.isError) setAdded({ asked, from })
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
