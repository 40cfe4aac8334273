import { useEffect, useRef, useState } from 'react'
import type { SessionInfo } from '../../../shared/ipc'
import { call } from '../api'
import { AuditTrail } from './AuditTrail'
import { Dashboard } from './Dashboard'
import { HelpPanel, SHORTCUTS } from './HelpPanel'
import { Settings } from './Settings'

type Section = 'dashboard' | 'audit' | 'settings'

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'audit', label: 'Audit trail' },
  { id: 'settings', label: 'Settings' },
]

/** The unlocked app: navigation, the current screen, shortcuts, and activity pings for auto-lock. */
export function Home({ session, onSessionChange, onLock }: { session: SessionInfo; onSessionChange: (s: SessionInfo) => void; onLock: () => Promise<void> }) {
  const [section, setSection] = useState<Section>('dashboard')
  const [help, setHelp] = useState(false)
  const heading = useRef<HTMLDivElement>(null)

  useEffect(() => {
    heading.current?.focus()
  }, [section])

  // Keyboard and pointer activity keep the vault open; at most one ping every 30 seconds.
  useEffect(() => {
    let last = 0
    const ping = () => {
      const now = Date.now()
      if (now - last < 30_000) return
      last = now
      void call('session.activity', {})
    }
    window.addEventListener('keydown', ping)
    window.addEventListener('pointerdown', ping)
    return () => {
      window.removeEventListener('keydown', ping)
      window.removeEventListener('pointerdown', ping)
    }
  }, [])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey
      if (e.key === 'F1') {
        e.preventDefault()
        setHelp(true)
      } else if (mod && e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault()
        void onLock()
      } else if (mod && !e.shiftKey && e.key.toLowerCase() === 'd') {
        e.preventDefault()
        setSection('dashboard')
      }
    }
    window.addEventListener('keydown', onKey)
    const off = window.api.onEvent((event) => {
      if (event.type !== 'menu') return
      if (event.command === 'help') setHelp(true)
      else if (event.command === 'lock') void onLock()
      else if (event.command === 'dashboard') setSection('dashboard')
    })
    return () => {
      window.removeEventListener('keydown', onKey)
      off()
    }
  }, [onLock])

  const name = session.profile?.name ?? session.person.name
  return (
    <div className="app">
      <a href="#main" className="visually-hidden">Skip to main content</a>
      <aside className="sidebar">
        <div className="brand">Escalation Log</div>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button type="button" aria-current={section === s.id ? 'page' : undefined} onClick={() => setSection(s.id)}>
                  {s.label}
                </button>
              </li>
            ))}
            <li>
              <button type="button" onClick={() => setHelp(true)}>Keyboard shortcuts</button>
            </li>
          </ul>
        </nav>
        <div className="who">
          <p>
            Signed in as <strong>{name}</strong>
            {session.profile ? (
              <>
                <br />
                {session.profile.role}, {session.profile.agency}
              </>
            ) : null}
          </p>
          <button type="button" className="button secondary" onClick={() => void onLock()} title={`Lock (${SHORTCUTS.lock})`}>
            Lock
          </button>
        </div>
      </aside>
      <main className="main" id="main">
        <div className="content" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
          {session.problems.length > 0 && (
            <div className="notice danger" role="alert">
              <strong>Part of this vault is damaged.</strong>
              <ul>
                {session.problems.map((p) => (
                  <li key={p.docId}>{p.message}</li>
                ))}
              </ul>
              Everything else can be used as normal. Restore the damaged part from a backup.
            </div>
          )}
          {section === 'dashboard' && <Dashboard session={session} />}
          {section === 'audit' && <AuditTrail />}
          {section === 'settings' && <Settings session={session} onSessionChange={onSessionChange} />}
        </div>
      </main>
      {help && <HelpPanel onClose={() => setHelp(false)} />}
    </div>
  )
}
