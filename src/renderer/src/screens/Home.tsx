import { useCallback, useEffect, useRef, useState } from 'react'
import type { SessionInfo } from '../../../shared/ipc'
import { call } from '../api'
import { Approvals } from './Approvals'
import { AuditTrail } from './AuditTrail'
import { Children } from './Children'
import { Dashboard } from './Dashboard'
import { Directory } from './Directory'
import { DisputePage } from './DisputePage'
import { HelpPanel, SHORTCUTS } from './HelpPanel'
import { pendingContact, unsavedContact } from './LogContact'
import { ConfirmPassphrase } from '../components/ConfirmPassphrase'
import { VaultHistoryNotice } from '../components/VaultHistoryNotice'
import { NewDispute } from './NewDispute'
import { Policies } from './policies/Policies'
import { Settings } from './Settings'
import { Search } from './Search'
import { Retention } from './Retention'
import { Reports } from './Reports'
import { ChooseDispute } from './ChooseDispute'

type Section = 'dashboard' | 'search' | 'approvals' | 'children' | 'directory' | 'policies' | 'reports' | 'retention' | 'audit' | 'settings'
/** `partnershipId`: the Directory opened from a dispute, showing that partnership's contacts first. */
export type HomeView = { section: Section; partnershipId?: string } | { dispute: string; log: number } | { newDispute: true }

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'search', label: 'Search' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'children', label: 'Children' },
  { id: 'directory', label: 'Directory' },
  { id: 'policies', label: 'Policies' },
  { id: 'reports', label: 'Reports' },
  { id: 'retention', label: 'Retention' },
  { id: 'audit', label: 'Audit trail' },
  { id: 'settings', label: 'Settings' },
]

interface Props {
  session: SessionInfo
  initialView?: HomeView
  onViewChange: (view: HomeView) => void
  onSessionChange: (s: SessionInfo) => void
  onLock: () => Promise<void>
}

/** The unlocked app: navigation, the current screen, shortcuts, and activity pings for auto-lock. */
export function Home({ session, initialView, onViewChange, onSessionChange, onLock }: Props) {
  // Before anything reads the unsaved contact: text another person typed is dropped, never offered (idempotent).
  unsavedContact.signIn(session.vaultDir, session.person.personId)
  const [view, setViewState] = useState<HomeView>(() => {
    const start = initialView ?? { section: 'dashboard' }
    // Back from a lock with a contact half typed on this dispute: reopen it.
    return 'dispute' in start && pendingContact()?.disputeId === start.dispute ? { ...start, log: 1 } : start
  })
  const [help, setHelp] = useState(false)
  const [choosing, setChoosing] = useState(false)
  const heading = useRef<HTMLDivElement>(null)
  const lastDispute = useRef<string | null>('dispute' in view ? view.dispute : null)

  const setView = useCallback(
    (next: HomeView) => {
      if ('dispute' in next) lastDispute.current = next.dispute
      setViewState(next)
      onViewChange(next)
    },
    [onViewChange],
  )

  const viewKey = 'section' in view ? view.section : 'dispute' in view ? `d-${view.dispute}` : 'new'
  // A new screen starts at its top, unless it names where the person starts typing (Search's box):
  // this runs after the screen's own effects, so it would otherwise take that focus away.
  useEffect(() => {
    const start = heading.current?.querySelector<HTMLElement>('[data-autofocus]')
    ;(start ?? heading.current)?.focus()
  }, [viewKey])

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

  const logContact = useCallback(() => {
    setViewState((current) => {
      if ('dispute' in current) {
        const next = { dispute: current.dispute, log: current.log + 1 }
        onViewChange(next)
        return next
      }
      setChoosing(true)
      return current
    })
  }, [onViewChange])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey
      const key = e.key.toLowerCase()
      if (e.key === 'F1') {
        e.preventDefault()
        setHelp(true)
      } else if (mod && e.shiftKey && key === 'l') {
        e.preventDefault()
        void onLock()
      } else if (mod && !e.shiftKey && key === 'l') {
        e.preventDefault()
        logContact()
      } else if (mod && !e.shiftKey && key === 'n') {
        e.preventDefault()
        setView({ newDispute: true })
      } else if (mod && !e.shiftKey && key === 'd') {
        e.preventDefault()
        setView({ section: 'dashboard' })
      } else if (mod && !e.shiftKey && key === 'k') {
        e.preventDefault()
        setView({ section: 'search' })
        // Already on Search, the view does not change: put the cursor back in the box.
        document.getElementById('search-query')?.focus()
      } else if (mod && e.shiftKey && key === 'a') {
        e.preventDefault()
        setView({ section: 'approvals' })
      }
    }
    window.addEventListener('keydown', onKey)
    const off = window.api.onEvent((event) => {
      if (event.type !== 'menu') return
      if (event.command === 'help') setHelp(true)
      else if (event.command === 'lock') void onLock()
      else if (event.command === 'dashboard') setView({ section: 'dashboard' })
      else if (event.command === 'approvals') setView({ section: 'approvals' })
      else if (event.command === 'new-dispute') setView({ newDispute: true })
      else if (event.command === 'log-contact') logContact()
      else if (event.command === 'search') setView({ section: 'search' })
    })
    return () => {
      window.removeEventListener('keydown', onKey)
      off()
    }
  }, [onLock, logContact, setView])

  const openDispute = (id: string) => setView({ dispute: id, log: 0 })
  const stash = pendingContact()
  const name = session.profile?.name ?? session.person.name
  const current: Section | null = 'section' in view ? view.section : 'dispute' in view || 'newDispute' in view ? 'dashboard' : null

  return (
    <div className="app">
      <a href="#main" className="visually-hidden">Skip to main content</a>
      <aside className="sidebar">
        <div className="brand">Escalation Log</div>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button type="button" aria-current={current === s.id ? 'page' : undefined} onClick={() => setView({ section: s.id })}>
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
          <VaultHistoryNotice session={session} onSessionChange={onSessionChange} />
          {session.readOnly && (
            <div className="notice warning" role="status" data-testid="read-only-banner">
              <strong>Read-only.</strong> {session.readOnly}
            </div>
          )}
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
          {stash && !('dispute' in view && view.dispute === stash.disputeId) && (
            <div className="notice warning" role="status">
              You have a contact record that was being typed when the vault locked.{' '}
              <button type="button" className="link" onClick={() => setView({ dispute: stash.disputeId, log: 1 })}>
                Carry on with it
              </button>
            </div>
          )}
          {'section' in view && view.section === 'dashboard' && <Dashboard session={session} onOpenDispute={openDispute} onNewDispute={() => setView({ newDispute: true })} />}
          {'section' in view && view.section === 'search' && <Search onOpenDispute={openDispute} />}
          {'section' in view && view.section === 'approvals' && <Approvals onOpenDispute={openDispute} />}
          {'section' in view && view.section === 'children' && <Children />}
          {'section' in view && view.section === 'directory' && <Directory key={view.partnershipId ?? '*'} {...(view.partnershipId ? { forPartnership: view.partnershipId } : {})} />}
          {'section' in view && view.section === 'policies' && <Policies />}
          {'section' in view && view.section === 'reports' && <Reports />}
          {'section' in view && view.section === 'retention' && <Retention onOpenDispute={openDispute} />}
          {'section' in view && view.section === 'audit' && <AuditTrail />}
          {'section' in view && view.section === 'settings' && <Settings session={session} onSessionChange={onSessionChange} />}
          {'newDispute' in view && <NewDispute session={session} onOpened={openDispute} onCancel={() => setView({ section: 'dashboard' })} />}
          {'dispute' in view && (
            <DisputePage key={view.dispute} session={session} disputeId={view.dispute} logRequested={view.log} onBack={() => setView({ section: 'dashboard' })} onOpenDirectory={(partnershipId) => setView({ section: 'directory', partnershipId })} />
          )}
        </div>
      </main>
      {help && <HelpPanel onClose={() => setHelp(false)} />}
      <ConfirmPassphrase personName={session.person.name} />
      {choosing && (
        <ChooseDispute
          preferred={lastDispute.current}
          onChoose={(id) => {
            setChoosing(false)
            setView({ dispute: id, log: 1 })
          }}
          onNewDispute={() => {
            setChoosing(false)
            setView({ newDispute: true })
          }}
          onClose={() => setChoosing(false)}
        />
      )}
    </div>
  )
}
