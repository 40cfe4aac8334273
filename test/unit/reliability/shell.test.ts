/**
 * The Electron shell and the preload, run against a fake `electron` module (Electron cannot run here).
 * test/unit/shell/security.test.ts checks each security helper on its own; this checks that the shell
 * actually uses them: the window gets secureWebPreferences() (which is also why Electronegativity's
 * CONTEXT_ISOLATION / SANDBOX findings on src/main/index.ts are false positives — see docs/security.md),
 * exactly the contract's channels are registered and each checks its sender, permissions/CSP/remote-request
 * handlers are installed before the window exists, every new web contents is locked down, suspend and
 * screen-lock lock the vault; and the preload exposes `api` with `invoke` and `onEvent` and nothing else.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNEL_NAMES, EVENT_CHANNEL } from '../../../src/shared/channels'
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from '../../../src/main/security'

type Listener = (...args: unknown[]) => unknown

const fake = vi.hoisted(() => {
  const on = (map: Map<string, Listener[]>) => (name: string, l: Listener) => {
    map.set(name, [...(map.get(name) ?? []), l])
  }
  const appEvents = new Map<string, Listener[]>()
  const powerEvents = new Map<string, Listener[]>()
  const contentsEvents = new Map<string, Listener[]>()
  const handles = new Map<string, Listener>()
  const windows: { options: Record<string, unknown>; loaded: string[] }[] = []
  const calls: string[] = []
  const mainFrame = { url: '' }
  const webContents = {
    id: 1,
    mainFrame,
    on: on(contentsEvents),
    setWindowOpenHandler: (h: Listener) => void contentsEvents.set('window-open', [h]),
    send: () => undefined,
  }
  const session = {
    setPermissionRequestHandler: () => calls.push('permission-request-handler'),
    setPermissionCheckHandler: () => calls.push('permission-check-handler'),
    webRequest: {
      onHeadersReceived: () => calls.push('csp'),
      onBeforeRequest: () => calls.push('block-remote'),
    },
  }
  // Preload side.
  const exposed = new Map<string, unknown>()
  const rendererListeners = new Map<string, Listener[]>()
  const invoked: [string, unknown][] = []
  return {
    appEvents,
    powerEvents,
    contentsEvents,
    handles,
    windows,
    calls,
    webContents,
    mainFrame,
    session,
    exposed,
    rendererListeners,
    invoked,
    on,
  }
})

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = fake.webContents
    constructor(options: Record<string, unknown>) {
      fake.calls.push('window')
      fake.windows.push({ options, loaded: [] })
    }
    once() {}
    on() {}
    loadFile(f: string) {
      fake.windows.at(-1)!.loaded.push(f)
      fake.mainFrame.url = `file://${f}`
      return Promise.resolve()
    }
    loadURL(u: string) {
      fake.windows.at(-1)!.loaded.push(u)
      return Promise.resolve()
    }
  }
  return {
    app: {
      isPackaged: true,
      commandLine: { appendSwitch: () => undefined },
      requestSingleInstanceLock: () => (fake.calls.push('single-instance'), true),
      enableSandbox: () => void fake.calls.push('enable-sandbox'),
      whenReady: () => Promise.resolve(),
      on: fake.on(fake.appEvents),
      quit: () => undefined,
      getVersion: () => '0.0.0-test',
      getPath: () => '/nonexistent/escalation-log-test',
    },
    BrowserWindow,
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    ipcMain: { handle: (channel: string, h: Listener) => void fake.handles.set(channel, h) },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    powerMonitor: { on: fake.on(fake.powerEvents) },
    session: { defaultSession: fake.session },
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void fake.exposed.set(name, api) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => (
        fake.invoked.push([channel, input]),
        { ok: true, value: 'from main' }
      ),
      on: fake.on(fake.rendererListeners),
      removeListener: (name: string, l: Listener) =>
        void fake.rendererListeners.set(
          name,
          (fake.rendererListeners.get(name) ?? []).filter((x) => x !== l),
        ),
    },
  }
})

describe('the Electron shell (src/main/index.ts)', () => {
  beforeAll(async () => {
    await import('../../../src/main/index')
    // start() runs after whenReady(): let it.
    for (let i = 0; i < 5 && fake.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 0))
  })

  it('takes the single-instance lock and turns on the sandbox for every renderer, before anything else', () => {
    expect(fake.calls.slice(0, 2)).toEqual(['single-instance', 'enable-sandbox'])
  })

  it('installs the permission, CSP and remote-request handlers before the window is created', () => {
    const w = fake.calls.indexOf('window')
    expect(w).toBeGreaterThan(0)
    for (const c of ['permission-request-handler', 'permission-check-handler', 'csp', 'block-remote']) {
      expect(fake.calls.indexOf(c), c).toBeGreaterThan(-1)
      expect(fake.calls.indexOf(c), c).toBeLessThan(w)
    }
  })

  it('creates one window whose webPreferences are exactly secureWebPreferences() and loads only our file', () => {
    expect(fake.windows).toHaveLength(1)
    const prefs = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>
    expect(prefs).toEqual(secureWebPreferences(prefs['preload'] as string))
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.js$/)
    expect(fake.windows[0]!.loaded).toHaveLength(1)
    expect(fake.windows[0]!.loaded[0]).toMatch(/renderer[\\/]index\.html$/)
  })

  it('registers exactly the contract’s channels, no more and no fewer', () => {
    expect([...fake.handles.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
  })

  it('refuses a call from any sender but our own main frame, on every channel, without running the handler', async () => {
    const stranger = { sender: { id: 2 }, senderFrame: { url: 'https://evil.example/' } }
    const subframe = { sender: { id: 1 }, senderFrame: { url: fake.mainFrame.url } }
    for (const channel of CHANNEL_NAMES) {
      for (const event of [stranger, subframe]) {
        const r = (await fake.handles.get(channel)!(event, { dir: '/tmp/anything' })) as {
          ok: boolean
          error?: { code: string }
        }
        expect(r, channel).toEqual({
          ok: false,
          error: { code: 'untrusted-sender', message: 'Refused a request from outside the app.' },
        })
      }
    }
    // Our own main frame gets through to the handler table.
    const ours = (await fake.handles.get('vault.session')!(
      { sender: { id: 1 }, senderFrame: fake.mainFrame },
      {},
    )) as { ok: boolean }
    expect(ours).toEqual({ ok: true, value: null })
  })

  it('locks the window down (navigation, redirects, webviews, new windows), and every other web contents too', () => {
    for (const e of ['will-navigate', 'will-redirect', 'will-attach-webview', 'window-open'])
      expect(fake.contentsEvents.has(e), e).toBe(true)
    const deny = fake.contentsEvents.get('window-open')![0]!
    expect(deny()).toEqual({ action: 'deny' })
    expect(fake.appEvents.has('web-contents-created')).toBe(true)
  })

  it('locks the vault when the computer sleeps or the screen locks', () => {
    expect(fake.powerEvents.has('suspend')).toBe(true)
    expect(fake.powerEvents.has('lock-screen')).toBe(true)
  })
})

describe('the preload (src/preload/index.ts)', () => {
  beforeAll(async () => {
    await import('../../../src/preload/index')
  })

  it('exposes one object, `api`, with `invoke` and `onEvent` and nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['api'])
    const api = fake.exposed.get('api') as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent'])
    expect(typeof api['invoke']).toBe('function')
    expect(typeof api['onEvent']).toBe('function')
  })

  it('forwards only the contract’s channels; anything else is refused without reaching the main process', async () => {
    const api = fake.exposed.get('api') as { invoke(c: string, i: unknown): Promise<unknown> }
    fake.invoked.length = 0
    for (const bad of [
      'app.event',
      'ELECTRON_BROWSER_REQUIRE',
      '__proto__',
      'constructor',
      'vault.unlock ',
      '',
    ]) {
      expect(await api.invoke(bad, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    }
    expect(fake.invoked).toEqual([])
    expect(await api.invoke('vault.session', { a: 1 })).toEqual({ ok: true, value: 'from main' })
    expect(fake.invoked).toEqual([['vault.session', { a: 1 }]])
  })

  it('passes events to the page as the payload alone (never Electron’s event object), and unsubscribes', () => {
    const api = fake.exposed.get('api') as { onEvent(l: (e: unknown) => void): () => void }
    const got: unknown[] = []
    const off = api.onEvent((e) => got.push(e))
    expect([...fake.rendererListeners.keys()]).toEqual([EVENT_CHANNEL])
    const ipcEvent = { sender: { send: () => 'a way back into the main process' } }
    for (const l of fake.rendererListeners.get(EVENT_CHANNEL)!)
      l(ipcEvent, { type: 'locked', reason: 'idle' })
    expect(got).toEqual([{ type: 'locked', reason: 'idle' }])
    off()
    expect(fake.rendererListeners.get(EVENT_CHANNEL)).toEqual([])
  })

  it('imports nothing but electron and the channel list (it runs sandboxed)', () => {
    const source = readFileSync(resolve(__dirname, '../../../src/preload/index.ts'), 'utf8')
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1])
    expect(imports.sort()).toEqual(['../shared/channels', 'electron'])
  })
})

describe('the Content-Security-Policy', () => {
  it('the header sent with every response is at least as strict as the page’s own meta policy', () => {
    const html = readFileSync(resolve(__dirname, '../../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const directives = (p: string) =>
      new Set(
        p
          .split(';')
          .map((d) => d.trim())
          .filter(Boolean),
      )
    const header = directives(CONTENT_SECURITY_POLICY)
    for (const d of directives(meta!)) expect(header, d).toContain(d)
    expect(header).toContain("frame-ancestors 'none'") // only a header can say this; a meta tag cannot
  })
})
