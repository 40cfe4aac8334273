import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useStackedTableLabels } from '../components/stacked-tables'
import type { SessionInfo } from '../../../shared/ipc'
import { formatDateTime } from '../../../shared/dates'
import { call } from '../api'
import { Approvals } from './Approvals'
import { AuditTrail } from './AuditTrail'
import { Children } from './Children'
import { Dashboard } from './Dashboard'
import { Directory } from './Directory'
import { DisputePage } from './DisputePage'
import { HelpPanel } from './HelpPanel'
import { commandOfKey, keysOf } from '../../../shared/shortcuts'
import type { MenuCommand } from '../../../shared/channels'
import { usePendingContactDispute, useUnsavedContactStore } from '../lib/unsaved-contact'
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
export type HomeView = { section: Section; partnershipId?: string } | { dispute: string; log: number; record?: string } | { newDispute: true }

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
  const unsaved = useUnsavedContactStore()
  unsaved.signIn(session.vaultDir, session.person.personId)
  const [view, setViewState] = useState<HomeView>(() => {
    const start = initialView ?? { section: 'dashboard' }
    // Back from a lock with a contact half typed on this dispute: reopen it.
    return 'dispute' in start && unsaved.take()?.disputeId === start.dispute ? { ...start, log: 1 } : start
  })
  const [help, setHelp] = useState(false)
  // At 320–640 px wide (400 % zoom) the navigation folds behind a Menu button (WCAG 1.4.10 reflow).
  const [menuOpen, setMenuOpen] = useState(false)
  // Given only by the unlock that found them; kept here so a later session change does not hide them.
  const [failedUnlocks, setFailedUnlocks] = useState(session.failedUnlocks ?? null)
  // Seconds left before auto-lock, while the main process is warning; null otherwise.
  const [lockIn, setLockIn] = useState<number | null>(null)
  const warning = useRef(false)
  warning.current = lockIn !== null
  const [choosing, setChoosing] = useState(false)
  const heading = useRef<HTMLDivElement>(null)
  useStackedTableLabels(heading)
  const lastDispute = useRef<string | null>('dispute' in view ? view.dispute : null)

  const setView = useCallback(
    (next: HomeView) => {
      if ('dispute' in next) lastDispute.current = next.dispute
      setMenuOpen(false)
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

  // The warning counts down on screen; the main process says when the lock is put off.
  useEffect(
    () =>
      window.api.onEvent((event) => {
        if (event.type === 'lock-warning') setLockIn(event.lockInSeconds)
      }),
    [],
  )
  const counting = lockIn !== null && lockIn > 0
  useEffect(() => {
    if (!counting) return
    const tick = setInterval(() => setLockIn((s) => (s === null ? null : Math.max(0, s - 1))), 1000)
    return () => clearInterval(tick)
  }, [counting])

  // Keyboard and pointer activity keep the vault open; at most one ping every 30 seconds, except that
  // during the warning the first key or click puts the lock off at once.
  useEffect(() => {
    let last = 0
    const ping = () => {
      const now = Date.now()
      if (now - last < 30_000 && !warning.current) return
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

  // One table (shared/shortcuts.ts) says which key runs which command; the menu sends the same commands.
  // Listening from before the first paint: a shortcut pressed as soon as the desk shows is never lost.
  useLayoutEffect(() => {
    const run = (command: MenuCommand) => {
      if (command === 'help') setHelp(true)
      else if (command === 'lock') void onLock()
      else if (command === 'log-contact') logContact()
      else if (command === 'new-dispute') setView({ newDispute: true })
      else if (command === 'dashboard') setView({ section: 'dashboard' })
      else if (command === 'approvals') setView({ section: 'approvals' })
      else if (command === 'search') {
        setView({ section: 'search' })
        // Already on Search, the view does not change: put the cursor back in the box.
        document.getElementById('search-query')?.focus()
      }
    }
    const onKey = (e: KeyboardEvent) => {
      const command = commandOfKey(e)
      if (!command) return
      e.preventDefault()
      run(command)
    }
    window.addEventListener('keydown', onKey)
    const off = window.api.onEvent((event) => {
      if (event.type === 'reminder') return setView(event.disputeId ? { dispute: event.disputeId, log: 0 } : { section: 'dashboard' })
      if (event.type === 'menu') run(event.command)
    })
    return () => {
      window.removeEventListener('keydown', onKey)
      off()
    }
  }, [onLock, logContact, setView])

  const openDispute = (id: string) => setView({ dispute: id, log: 0 })
  /** A search result: the dispute, scrolled to the record and focused on it. */
  const openRecord = (id: string, recordId: string) => setView({ dispute: id, log: 0, record: recordId })
  const stash = usePendingContactDispute()
  const name = session.profile?.name ?? session.person.name
  const current: Section | null = 'section' in view ? view.section : 'dispute' in view || 'newDispute' in view ? 'dashboard' : null

  return (
    <div className="app">
      <a href="#main" className="visually-hidden">Skip to main content</a>
      <aside className={menuOpen ? 'sidebar menu-open' : 'sidebar'}>
        <div className="brand-bar">
          <div className="brand">Escalation Log</div>
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-navigation" onClick={() => setMenuOpen((o) => !o)}>
            Menu
          </button>
        </div>
        <nav aria-label="Main" id="main-navigation">
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
          <button type="button" className="button secondary" onClick={() => void onLock()} title={`Lock (${keysOf('lock')})`}>
            Lock
          </button>
        </div>
      </aside>
      <main className="main" id="main">
        {lockIn !== null && (
          <div className="notice warning lock-warning" role="alert" data-testid="lock-warning">
            <strong>The vault will lock in {lockIn} {lockIn === 1 ? 'second' : 'seconds'}</strong> because nothing has been
            typed or clicked for a while. Press any key to keep it open; what you are typing is kept either way.
          </div>
        )}
        <div className="content" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
          <VaultHistoryNotice session={session} onSessionChange={onSessionChange} />
          {failedUnlocks && (
            <div className="notice warning" role="status" data-testid="failed-unlocks">
              <p className="notice-heading-text">
                <strong>
                  {failedUnlocks.count === 1
                    ? `1 failed attempt to unlock, at ${formatDateTime(failedUnlocks.since)}.`
                    : `${failedUnlocks.count} failed attempts to unlock since ${formatDateTime(failedUnlocks.since)}.`}
                </strong>{' '}
                The wrong passphrase was typed for this vault since it was last unlocked. If that was not you or a
                colleague, tell your manager. This has been added to the audit trail.
              </p>
              <p className="small">
                This is advisory: the count is kept in a plain file beside the vault, which anyone who can reach the folder
                could delete, so no warning does not prove there were no attempts.{' '}
                <button type="button" className="link" onClick={() => setFailedUnlocks(null)}>
                  Dismiss
                </button>
              </p>
            </div>
          )}
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
          {stash && !('dispute' in view && view.dispute === stash) && (
            <div className="notice warning" role="status">
              You have a contact record that was being typed when the vault locked.{' '}
              <button type="button" className="link" onClick={() => setView({ dispute: stash, log: 1 })}>
                Carry on with it
              </button>
            </div>
          )}
          {'section' in view && view.section === 'dashboard' && <Dashboard session={session} onOpenDispute={openDispute} onNewDispute={() => setView({ newDispute: true })} />}
          {'section' in view && view.section === 'search' && <Search onOpenDispute={openDispute} onOpenRecord={openRecord} />}
          {'section' in view && view.section === 'approvals' && <Approvals onOpenDispute={openDispute} onOpenRecord={openRecord} />}
          {'section' in view && view.section === 'children' && <Children />}
          {'section' in view && view.section === 'directory' && <Directory key={view.partnershipId ?? '*'} {...(view.partnershipId ? { forPartnership: view.partnershipId } : {})} />}
          {'section' in view && view.section === 'policies' && <Policies />}
          {'section' in view && view.section === 'reports' && <Reports />}
          {'section' in view && view.section === 'retention' && <Retention onOpenDispute={openDispute} />}
          {'section' in view && view.section === 'audit' && <AuditTrail />}
          {'section' in view && view.section === 'settings' && <Settings session={session} onSessionChange={onSessionChange} />}
          {'newDispute' in view && <NewDispute session={session} onOpened={openDispute} onCancel={() => setView({ section: 'dashboard' })} />}
          {'dispute' in view && (
            <DisputePage key={view.dispute} session={session} disputeId={view.dispute} logRequested={view.log} {...(view.record ? { focusRecord: view.record } : {})} onBack={() => setView({ section: 'dashboard' })} onOpenDirectory={(partnershipId) => setView({ section: 'directory', partnershipId })} onOpenDispute={openDispute} />
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
