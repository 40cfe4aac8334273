import { useMemo, useRef, useState, type ReactNode } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { SessionInfo } from '../../../shared/ipc'
import type { DashboardRowView, DashboardView } from '../../../shared/views'
import { useChannel } from '../lib/queries'
import { DueBadge } from '../components/DueBadge'
import { Countdown } from '../components/Countdown'
import { Spinner } from '../components/forms'
import { CalendarExport } from './CalendarExport'
import { TeamReceived } from './team/TeamReceived'
import { TeamDecisions } from './team/TeamDecisions'

type Filter = 'all' | 'overdue' | 'dueToday' | 'dueSoon' | 'drafts' | 'owed'

const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: 'All open disputes' },
  { id: 'overdue', label: 'Overdue' },
  { id: 'dueToday', label: 'Due today' },
  { id: 'dueSoon', label: 'Due soon' },
  { id: 'drafts', label: 'With records awaiting approval' },
  { id: 'owed', label: 'With notifications owed' },
]

const matches = (row: DashboardRowView, filter: Filter, words: string[]): boolean => {
  if (filter === 'overdue' && !row.status?.overdue) return false
  if (filter === 'dueToday' && !row.dueToday) return false
  if (filter === 'dueSoon' && !row.status?.dueSoon) return false
  if (filter === 'drafts' && row.draftCount === 0) return false
  if (filter === 'owed' && (row.status?.notificationsOwed.length ?? 0) === 0) return false
  if (words.length === 0) return true
  const hay = [row.reference, row.otherAgency, row.partnership, row.status?.position ?? '', ...row.childNames].join(' ').toLowerCase()
  return words.every((w) => hay.includes(w))
}

/** Open disputes ordered by next deadline, what is due and what is owed, at a glance. */
export function Dashboard({ session, onOpenDispute, onNewDispute }: { session: SessionInfo; onOpenDispute: (id: string) => void; onNewDispute: () => void }) {
  const dashboard = useChannel('disputes.dashboard', {})
  const data: DashboardView | null = dashboard.data ?? null
  const error = dashboard.error?.message ?? null
  const [filter, setFilter] = useState<Filter>('all')
  const [query, setQuery] = useState('')
  const scroller = useRef<HTMLDivElement>(null)
  // Read again when a countdown runs out, so the counts and badges say overdue as the countdown does.
  const readAgain = () => void dashboard.refetch()

  const rows = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    return (data?.rows ?? []).filter((r) => matches(r, filter, words))
  }, [data, filter, query])

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 92,
    overscan: 8,
  })

  const name = session.profile?.name ?? session.person.name
  const counts = data?.counts
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 16 }}>
        <h1>Dashboard</h1>
        <button type="button" className="button" onClick={onNewDispute}>
          New dispute
        </button>
      </div>
      <p className="muted">Signed in as {name}. Open disputes, the most urgent first.</p>
      <TeamReceived />
      {error && <div className="notice danger" role="alert">{error}</div>}
      {!data && !error && <Spinner label="Loading open disputes…" />}
      {data && <TeamDecisions team={data.team} onOpenDispute={onOpenDispute} />}
      {counts && (
        <ul className="counts" aria-label="Summary: choose a count to show only those disputes">
          <CountTile filter="overdue" shown={filter} onShow={setFilter} number={counts.overdue} tone={counts.overdue > 0 ? 'overdue' : ''}>
            overdue
          </CountTile>
          <CountTile filter="dueToday" shown={filter} onShow={setFilter} number={counts.dueToday} tone={counts.dueToday > 0 ? 'due-soon' : ''}>
            due today
          </CountTile>
          <CountTile filter="drafts" shown={filter} onShow={setFilter} number={counts.drafts}>
            record{counts.drafts === 1 ? '' : 's'} awaiting approval
          </CountTile>
          <CountTile filter="owed" shown={filter} onShow={setFilter} number={counts.notificationsOwed}>
            notification{counts.notificationsOwed === 1 ? '' : 's'} owed
          </CountTile>
          <CountTile filter="all" shown={filter} onShow={setFilter} number={counts.open}>
            open
          </CountTile>
        </ul>
      )}
      {data && (
        <>
          <div className="filters">
            <div className="field">
              <label htmlFor="dashboard-search">Search open disputes</label>
              <span className="hint">Reference, child, agency or stage</span>
              <input id="dashboard-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="dashboard-filter">Show</label>
              <select id="dashboard-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
                {FILTERS.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <p aria-live="polite" className="small muted">
            Showing {rows.length} of {data.rows.length} open dispute{data.rows.length === 1 ? '' : 's'}
            {filter === 'all' ? '' : `: ${FILTERS.find((f) => f.id === filter)!.label.toLowerCase()}`}.
          </p>
          {data.rows.length === 0 ? (
            <div className="card">
              <p>There are no open disputes.</p>
              <button type="button" className="button secondary" onClick={onNewDispute}>
                Start a new dispute
              </button>
            </div>
          ) : (
            <div ref={scroller} className="dispute-list" role="list" aria-label="Open disputes">
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const row = rows[item.index]!
                  const next = row.status?.nextDeadline ?? null
                  return (
                    <div
                      key={row.id}
                      role="listitem"
                      data-index={item.index}
                      ref={virtualizer.measureElement}
                      style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
                    >
                      <button type="button" className="dispute-row" onClick={() => onOpenDispute(row.id)}>
                        <span className="dispute-row-main">
                          <strong>{row.reference}</strong> — {row.childNames.join(', ')}
                          <span className="muted"> · {row.otherAgency}</span>
                          <br />
                          <span className="small">{row.status?.position ?? row.problem}</span>
                        </span>
                        <span className="dispute-row-due">
                          <DueBadge due={next} />
                          {next && (
                            <span className="small">
                              <br />
                              {next.label}: {next.display}
                            </span>
                          )}
                          {row.status?.countdown && (
                            <span className="small">
                              <br />
                              <Countdown due={row.status.countdown} label={`${row.reference}: ${row.status.countdown.label}`} onPassed={readAgain} />
                            </span>
                          )}
                          {row.draftCount > 0 && (
                            <span className="small">
                              <br />
                              {row.draftCount} awaiting approval
                            </span>
                          )}
                          {(row.status?.notificationsOwed.length ?? 0) > 0 && (
                            <span className="small">
                              <br />
                              {row.status!.notificationsOwed.length} notification{row.status!.notificationsOwed.length === 1 ? '' : 's'} owed
                            </span>
                          )}
                        </span>
                      </button>
                    </div>
                  )
                })}
              </div>
            </div>
          )}
        </>
      )}
      {counts && counts.open > 0 && <CalendarExport />}
    </>
  )
}

/**
 * A count that is also the way to see what it counts: pressing it shows only those disputes (the list's
 * "Show" choice follows, and the line under the filters says how many are shown).
 */
function CountTile(props: { filter: Filter; shown: Filter; onShow: (f: Filter) => void; number: number; tone?: string; children: ReactNode }) {
  const pressed = props.shown === props.filter
  return (
    <li>
      <button
        type="button"
        className={['count', props.tone, pressed ? 'count-chosen' : ''].filter(Boolean).join(' ')}
        aria-pressed={pressed}
        onClick={() => props.onShow(props.filter)}
      >
        <span className="count-number">{props.number}</span> {props.children}
        <span className="visually-hidden">{props.filter === 'all' ? ': show all open disputes' : ': show only these disputes'}</span>
      </button>
    </li>
  )
}
