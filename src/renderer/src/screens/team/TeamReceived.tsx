import { useState } from 'react'
import { formatDateTime } from '../../../../shared/dates'
import { call } from '../../api'
import { useChannel } from '../../lib/queries'

/**
 * On the dashboard while this vault belongs to a team vault (issue 17, "Offline first"): when each colleague's
 * changes were last received here, by their device's clock, so that a DSL knows how current the desk is.
 */
export function TeamReceived() {
  const status = useChannel('team.status', {}, { refetchInterval: 60_000 }).data ?? null
  const [syncing, setSyncing] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  if (!status?.member) return null
  const colleagues = status.members.filter((m) => !m.me)
  const syncNow = async () => {
    setSyncing(true)
    const r = await call('team.syncNow', {})
    setSyncing(false)
    setMessage(r.ok ? (r.value.lastSyncError ? `Not everything could be sent: ${r.value.lastSyncError}` : null) : r.error.message)
  }
  return (
    <section aria-labelledby="team-received" >
      <h2 id="team-received" className="visually-hidden">
        Team vault
      </h2>
      <p className="muted">
        {colleagues.length === 0
          ? 'Team vault: no colleague has joined yet.'
          : `Team vault: ${colleagues.map((m) => `${m.name}’s changes ${m.lastReceivedAt ? `last received ${formatDateTime(m.lastReceivedAt)}` : 'not received yet'}`).join('; ')}.`}{' '}
        <button type="button" className="button secondary" onClick={() => void syncNow()} disabled={syncing}>
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </p>
      {status.problems.length > 0 && (
        <div className="notice danger" role="alert">
          {status.problems.join(' ')}
        </div>
      )}
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
    </section>
  )
}
