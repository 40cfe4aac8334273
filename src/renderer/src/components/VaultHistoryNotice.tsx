/**
 * What this computer remembers of the vault's audit trail, when it does not simply match (rollback
 * detection, src/main/api/seen-positions.ts): an older copy put in place is held read-only until a person
 * keeps it (audited, and the passphrase is asked again if it was not typed in the last 5 minutes); a
 * first opening on this computer, or a record here that could not be checked, is said once.
 */
import { useState } from 'react'
import type { SessionInfo } from '../../../shared/ipc'
import { call } from '../api'

export function VaultHistoryNotice({ session, onSessionChange }: { session: SessionInfo; onSessionChange: (s: SessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const history = session.history
  if (!history) return null
  if (history.state !== 'rolled-back')
    return (
      <div className="notice" role="status" data-testid="vault-history-notice">
        {history.message}
      </div>
    )
  const keep = async () => {
    setBusy(true)
    const r = await call('vault.acceptRollback', {})
    setBusy(false)
    if (r.ok) onSessionChange(r.value)
    else setError(r.error.message)
  }
  return (
    <div className="notice warning" role="alert" data-testid="vault-history-notice">
      <strong>This may be an older copy of the vault.</strong> {history.message}
      {error && <p className="error-message">{error}</p>}
      <div className="button-group">
        <button type="button" className="button" disabled={busy} onClick={() => void keep()}>
          Keep this older copy
        </button>
      </div>
    </div>
  )
}
