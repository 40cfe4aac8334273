import { useCallback, useEffect, useRef, useState } from 'react'
import type { PersonSlot, SessionInfo } from '../../shared/ipc'
import { call } from './api'
import { Spinner } from './components/forms'
import { FirstRun } from './screens/FirstRun'
import { Home, type HomeView } from './screens/Home'
import { OpenVault } from './screens/OpenVault'
import { Unlock } from './screens/Unlock'
import { Restore } from './screens/Restore'

type View =
  | { name: 'loading' }
  | { name: 'first-run'; dir: string }
  | { name: 'open'; dir: string }
  | { name: 'restore'; back: string }
  | { name: 'unlock'; dir: string; people: PersonSlot[]; lastPersonId: string | null; notice: string | null }
  | { name: 'home'; session: SessionInfo }
  | { name: 'fatal'; message: string }

const LOCK_NOTICES: Record<string, string> = {
  idle: 'The vault locked itself after a period without activity. Anything you were typing has been kept — unlock to carry on.',
  suspend: 'The vault locked when the computer went to sleep. Unlock to carry on.',
  manual: 'The vault is locked.',
  error: 'The vault was locked because it could not be read or written. Unlock to carry on.',
}

export function App() {
  const [view, setView] = useState<View>({ name: 'loading' })
  // Where the person was when the vault locked (ids only, no case content), to return them there.
  const resume = useRef<{ personId: string; vaultDir: string; view: HomeView } | null>(null)
  // A desktop reminder clicked while locked: where to go once unlocked (a dispute id, or the dashboard).
  const opening = useRef<HomeView | null>(null)
  const atHome = useRef(false)
  useEffect(() => {
    atHome.current = view.name === 'home'
    if (atHome.current) opening.current = null
  }, [view.name])

  const showVault = useCallback(async (dir: string, notice: string | null = null) => {
    const r = await call('vault.inspect', { dir })
    if (!r.ok) return setView({ name: 'fatal', message: r.error.message })
    const found = r.value
    if (found.state === 'present') setView({ name: 'unlock', dir, people: found.people, lastPersonId: found.lastPersonId ?? null, notice })
    else if (found.state === 'absent') setView({ name: 'first-run', dir })
    else setView({ name: 'open', dir })
  }, [])

  useEffect(() => {
    void (async () => {
      const session = await call('vault.session', {})
      if (session.ok && session.value) return setView({ name: 'home', session: session.value })
      const info = await call('app.info', {})
      if (!info.ok) return setView({ name: 'fatal', message: info.error.message })
      await showVault(info.value.lastVaultDir ?? info.value.defaultVaultDir)
    })()
  }, [showVault])

  useEffect(
    () =>
      window.api.onEvent((event) => {
        // At home, Home itself opens what a reminder names.
        if (event.type === 'reminder' && !atHome.current)
          opening.current = event.disputeId ? { dispute: event.disputeId, log: 0 } : { section: 'dashboard' }
        if (event.type === 'locked') {
          setView((current) => {
            if (current.name === 'home') void showVault(current.session.vaultDir, LOCK_NOTICES[event.reason] ?? null)
            return current
          })
        }
      }),
    [showVault],
  )

  switch (view.name) {
    case 'loading':
      return (
        <main className="page-narrow" id="main">
          <Spinner label="Starting…" />
        </main>
      )
    case 'fatal':
      return (
        <main className="page-narrow" id="main">
          <h1>Escalation Log cannot start</h1>
          <p>{view.message}</p>
        </main>
      )
    case 'first-run':
      return (
        <FirstRun
          defaultDir={view.dir}
          onCreated={(session) => setView({ name: 'home', session })}
          onOpenExisting={() => setView({ name: 'open', dir: view.dir })}
        />
      )
    case 'open':
      return (
        <OpenVault
          initialDir={view.dir}
          onFound={(found) => setView({ name: 'unlock', dir: found.dir, people: found.people, lastPersonId: found.lastPersonId ?? null, notice: null })}
          onCreateNew={(dir) => setView({ name: 'first-run', dir })}
          onRestore={() => setView({ name: 'restore', back: view.dir })}
        />
      )
    case 'restore':
      return <Restore onRestored={(dir) => void showVault(dir, 'The backup is restored and every audit entry verified. Unlock it to carry on.')} onCancel={() => setView({ name: 'open', dir: view.back })} />
    case 'unlock':
      return (
        <Unlock
          key={view.dir + (view.notice ?? '')}
          dir={view.dir}
          people={view.people}
          lastPersonId={view.lastPersonId}
          notice={view.notice}
          onUnlocked={(session) => setView({ name: 'home', session })}
          onOtherVault={() => setView({ name: 'open', dir: view.dir })}
        />
      )
    case 'home':
      return (
        <Home
          key={`${view.session.vaultDir}|${view.session.person.personId}`}
          session={view.session}
          initialView={opening.current ?? (resume.current?.personId === view.session.person.personId && resume.current.vaultDir === view.session.vaultDir ? resume.current.view : undefined)}
          onViewChange={(v) => {
            resume.current = { personId: view.session.person.personId, vaultDir: view.session.vaultDir, view: 'dispute' in v ? { dispute: v.dispute, log: 0 } : v }
          }}
          onSessionChange={(session) => setView({ name: 'home', session })}
          onLock={async () => {
            await call('vault.lock', {})
          }}
        />
      )
  }
}
