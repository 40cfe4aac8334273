/**
 * The Electron shell and the preload, run against a fake `electron` module (Electron cannot run here).
 * test/unit/shell/security.test.ts checks each security helper on its own; this checks that the shell
 * actually uses them: the window gets secureWebPreferences() (which is also why Electronegativity's
 * CONTEXT_ISOLATION / SANDBOX findings on src/main/index.ts are false positives — see docs/security.md),
 * with the developer tools only when not packaged; the page is served on app://renderer/ from the renderer
 * folder and nothing else, and every file:// URL is refused; exactly the contract's channels are registered
 * and each checks its sender, permissions/CSP/remote-request handlers are installed before the window exists,
 * every new web contents is locked down, suspend and screen-lock lock the vault; the preload exposes `api`
 * with `invoke`, `onEvent` and `pathForFile` and nothing else; and electron-builder.yml sets every Electron fuse.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNEL_NAMES, EVENT_CHANNEL } from '../../../src/shared/channels'
import { JS_FLAGS } from '../../../src/main/heap'
import {
  CONTENT_SECURITY_POLICY,
  RENDERER_SCHEME,
  RENDERER_URL,
  rendererFileFor,
  secureWebPreferences,
} from '../../../src/main/security'

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
  const state = { packaged: true }
  const privilegedSchemes: { scheme: string; privileges?: Record<string, boolean> }[] = []
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>()
  const requestFilters: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void)[] =
    []
  const webContents = {
    id: 1,
    mainFrame,
    on: on(contentsEvents),
    setWindowOpenHandler: (h: Listener) => void contentsEvents.set('window-open', [h]),
    send: () => undefined,
    printed: [] as { silent: boolean }[],
    printAnswer: true,
    print(options: { silent: boolean }, callback: (success: boolean, reason: string) => void) {
      this.printed.push(options)
      callback(this.printAnswer, this.printAnswer ? '' : 'cancelled')
    },
  }
  const session = {
    setPermissionRequestHandler: () => calls.push('permission-request-handler'),
    setPermissionCheckHandler: () => calls.push('permission-check-handler'),
    webRequest: {
      onHeadersReceived: () => calls.push('csp'),
      onBeforeRequest: (filter: (typeof requestFilters)[number]) => {
        calls.push('block-remote')
        requestFilters.push(filter)
      },
    },
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
        calls.push('protocol-handler')
        protocolHandlers.set(scheme, handler)
      },
    },
  }
  // Preload side.
  const exposed = new Map<string, unknown>()
  const rendererListeners = new Map<string, Listener[]>()
  const invoked: [string, unknown][] = []
  const pathsAsked: unknown[] = []
  const notifications: { title: string; body: string }[] = []
  const switches: [string, string | undefined][] = []
  const v8Flags: string[] = []
  return {
    notifications,
    switches,
    v8Flags,
    pathsAsked,
    appEvents,
    powerEvents,
    contentsEvents,
    handles,
    windows,
    calls,
    webContents,
    mainFrame,
    state,
    privilegedSchemes,
    protocolHandlers,
    requestFilters,
    session,
    exposed,
    rendererListeners,
    invoked,
    on,
  }
})

vi.mock('node:v8', async (original) => ({
  ...(await original<typeof import('node:v8')>()),
  setFlagsFromString: (flags: string) => void fake.v8Flags.push(flags),
}))

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
      fake.mainFrame.url = u
      return Promise.resolve()
    }
  }
  return {
    app: {
      get isPackaged() {
        return fake.state.packaged
      },
      commandLine: { appendSwitch: (name: string, value?: string) => void fake.switches.push([name, value]) },
      requestSingleInstanceLock: () => (fake.calls.push('single-instance'), true),
      enableSandbox: () => void fake.calls.push('enable-sandbox'),
      whenReady: () => Promise.resolve(),
      on: fake.on(fake.appEvents),
      quit: () => undefined,
      getVersion: () => '0.0.0-test',
      getPath: () => '/nonexistent/escalation-log-test',
    },
    BrowserWindow,
    // The system clipboard (src/main/clipboard.ts): a text held here stands in for it.
    clipboard: { writeText: () => undefined, readText: () => '', clear: () => undefined },
    Notification: class {
      static isSupported = () => true
      constructor(options: { title: string; body: string }) {
        fake.notifications.push(options)
      }
      on() {}
      show() {}
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    ipcMain: { handle: (channel: string, h: Listener) => void fake.handles.set(channel, h) },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    powerMonitor: { on: fake.on(fake.powerEvents) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: (typeof fake.privilegedSchemes)[number][]) => {
        fake.calls.push('privileged-schemes')
        fake.privilegedSchemes.push(...schemes)
      },
    },
    session: { defaultSession: fake.session },
    webUtils: { getPathForFile: (file: { name: string }) => (fake.pathsAsked.push(file), `/dropped/${file.name}`) },
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

/** Import src/main/index.ts afresh (as a packaged build or not) and let start() run after whenReady(). */
async function startShell(packaged: boolean): Promise<void> {
  fake.state.packaged = packaged
  fake.calls.length = 0
  fake.windows.length = 0
  fake.privilegedSchemes.length = 0
  fake.requestFilters.length = 0
  for (const m of [
    fake.appEvents,
    fake.powerEvents,
    fake.contentsEvents,
    fake.handles,
    fake.protocolHandlers,
  ])
    m.clear()
  fake.switches.length = 0
  fake.v8Flags.length = 0
  vi.resetModules()
  await import('../../../src/main/index')
  for (let i = 0; i < 5 && fake.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 0))
}

/** Would the shell's request filter cancel this URL? */
function cancels(url: string): boolean {
  expect(fake.requestFilters).toHaveLength(1)
  let cancel: boolean | undefined
  fake.requestFilters[0]!({ url }, (r) => (cancel = r.cancel))
  return cancel!
}

/** Would the window refuse to navigate to this URL? */
function navigationRefused(url: string): boolean {
  let prevented = false
  for (const l of fake.contentsEvents.get('will-navigate') ?? [])
    l({ preventDefault: () => (prevented = true) }, url)
  return prevented
}

/** Ask the shell's app:// handler for a URL, as the renderer would. */
function fetchFromApp(url: string, method = 'GET'): Promise<Response> {
  return Promise.resolve(fake.protocolHandlers.get(RENDERER_SCHEME)!(new Request(url, { method })))
}

// Under vitest src/main/index.ts's __dirname is src/main, so its renderer folder is src/renderer.
const RENDERER_DIR = resolve(__dirname, '../../../src/renderer')

describe('the Electron shell (src/main/index.ts)', () => {
  beforeAll(() => startShell(true))

  it('takes the single-instance lock and turns on the sandbox for every renderer, before anything else', () => {
    expect(fake.calls.slice(0, 2)).toEqual(['single-instance', 'enable-sandbox'])
  })

  it('bounds its heap as the bench measures it: a fixed headroom above what is live, a quarter while heavy work runs (issue 20)', () => {
    // Its first act; later entries (after V8's full collections) keep the headroom, always as this one flag.
    expect(fake.v8Flags[0]).toBe('--heap-growing-percent=100')
    for (const f of fake.v8Flags) expect(f).toMatch(/^--heap-growing-percent=(2[5-9]|[3-9][0-9]|100)$/)
    expect(JS_FLAGS).toBe('--heap-growing-percent=25')
    // The renderers Chromium starts later get the heavy-work flag on their command line.
    expect(fake.switches).toContainEqual(['js-flags', JS_FLAGS])
  })

  it('registers app:// as a standard, secure scheme before the app is ready — without CORS, CSP bypass or service workers', () => {
    expect(fake.calls.indexOf('privileged-schemes')).toBe(2)
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  it('installs the permission, CSP and remote-request handlers before the window is created', () => {
    const w = fake.calls.indexOf('window')
    expect(w).toBeGreaterThan(0)
    for (const c of [
      'permission-request-handler',
      'permission-check-handler',
      'csp',
      'block-remote',
      'protocol-handler',
    ]) {
      expect(fake.calls.indexOf(c), c).toBeGreaterThan(-1)
      expect(fake.calls.indexOf(c), c).toBeLessThan(w)
    }
  })

  it('creates one window whose webPreferences are exactly secureWebPreferences(), without developer tools, and loads only our page', () => {
    expect(fake.windows).toHaveLength(1)
    const prefs = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>
    expect(prefs).toEqual(secureWebPreferences(prefs['preload'] as string, false))
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    })
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.js$/)
    expect(fake.windows[0]!.loaded).toEqual(['app://renderer/index.html'])
    expect(RENDERER_URL).toBe('app://renderer/index.html')
  })

  it('serves the renderer folder on app://renderer/ with the CSP and a strict MIME type', async () => {
    const page = await fetchFromApp('app://renderer/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toBe(readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8'))
    expect((await fetchFromApp('app://renderer/')).status).toBe(200)
    const script = await fetchFromApp('app://renderer/src/main.tsx')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('application/octet-stream')
  })

  it('serves nothing outside the renderer folder: encoded or plain .., other hosts, NUL bytes, writes', async () => {
    // Each of these names a file that exists (src/main/index.ts, package.json), so a 404 is the refusal.
    for (const url of [
      'app://renderer/%2e%2e/main/index.ts',
      'app://renderer/..%2fmain%2findex.ts',
      'app://renderer/%2E%2E%2F%2E%2E%2Fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      `app://renderer/${encodeURIComponent(resolve(__dirname, '../../../package.json'))}`,
      'app://main/index.ts',
      'app://renderer/index.html%00.png',
    ]) {
      const r = await fetchFromApp(url)
      expect(r.status, url).toBe(404)
      expect(await r.text(), url).toBe('')
    }
    // A Request cannot carry credentials, but the check does not rely on that.
    expect(rendererFileFor('app://user:pass@renderer/index.html', RENDERER_DIR)).toBeNull()
    // The URL parser folds a plain ../ back inside the folder, where there is no such file.
    expect(rendererFileFor('app://renderer/../main/index.ts', RENDERER_DIR)).toBe(
      join(RENDERER_DIR, 'main/index.ts'),
    )
    expect((await fetchFromApp('app://renderer/../main/index.ts')).status).toBe(404)
    expect((await fetchFromApp('app://renderer/index.html', 'POST')).status).toBe(405)
  })

  it('refuses every file:// URL — requests and navigation — even to the built renderer, and every remote or devtools URL', () => {
    const ownBuild = pathToFileURL(resolve(__dirname, '../../../out/renderer/index.html')).href
    for (const url of [
      ownBuild,
      'file:///etc/passwd',
      'file:///C:/Windows/win.ini',
      'https://example.com/x.js',
      'devtools://devtools/bundled/inspector.html',
      'app://elsewhere/x.js',
    ])
      expect(cancels(url), url).toBe(true)
    expect(cancels('app://renderer/assets/index-abc.js')).toBe(false)
    expect(cancels('data:image/png;base64,AAAA')).toBe(false)
    for (const url of [ownBuild, 'file:///etc/passwd', 'app://renderer/other.html', 'https://example.com/'])
      expect(navigationRefused(url), url).toBe(true)
    expect(navigationRefused('app://renderer/index.html#/disputes')).toBe(false)
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

  it('prints through the window’s system print dialog, never silently, and says whether the person printed (issue 18)', async () => {
    const { printWithDialog } = await import('../../../src/main/print')
    fake.webContents.printed.length = 0
    fake.webContents.printAnswer = true
    expect(await printWithDialog(fake.webContents)).toBe(true)
    fake.webContents.printAnswer = false
    expect(await printWithDialog(fake.webContents)).toBe(false)
    expect(fake.webContents.printed).toEqual([expect.objectContaining({ silent: false }), expect.objectContaining({ silent: false })])
    expect(await printWithDialog(null)).toBe(false)
    expect(readFileSync(resolve(__dirname, '../../../src/main/index.ts'), 'utf8')).toContain('print: () => printWithDialog(mainWindow?.webContents ?? null)')
  })

  it('locks the vault when the computer sleeps or the screen locks', () => {
    expect(fake.powerEvents.has('suspend')).toBe(true)
    expect(fake.powerEvents.has('lock-screen')).toBe(true)
  })

  it('looks again for reminders when the computer wakes, and shows none before any vault is unlocked (issue 18)', () => {
    // The scheduling itself: test/unit/shell/reminders.test.ts; the notification: reminders-notify.test.ts.
    expect(fake.powerEvents.has('resume')).toBe(true)
    for (const l of fake.powerEvents.get('resume')!) l()
    expect(fake.notifications).toEqual([])
    const shell = readFileSync(resolve(__dirname, '../../../src/main/index.ts'), 'utf8')
    expect(shell).toContain('onSession: (change) => reminders?.[change]()')
    expect(shell).toContain('showReminder(notice, (disputeId) => openFromReminder(mainWindow, disputeId, send))')
    // Windows shows notifications only under the installer's AppUserModelID.
    const appId = /^appId: (\S+)$/m.exec(readFileSync(resolve(__dirname, '../../../electron-builder.yml'), 'utf8'))![1]
    expect(shell).toContain(`app.setAppUserModelId('${appId}')`)
  })
})

describe('the Electron shell in development (not packaged)', () => {
  beforeAll(() => startShell(false))

  it('gives the window the developer tools and lets their pages load; everything else is as packaged', () => {
    expect(fake.windows).toHaveLength(1)
    const prefs = fake.windows[0]!.options['webPreferences'] as Record<string, unknown>
    expect(prefs).toEqual(secureWebPreferences(prefs['preload'] as string, true))
    expect(prefs['devTools']).toBe(true)
    expect(cancels('devtools://devtools/bundled/inspector.html')).toBe(false)
    expect(cancels('file:///etc/passwd')).toBe(true)
    expect(fake.windows[0]!.loaded).toEqual(['app://renderer/index.html'])
  })
})

describe('the preload (src/preload/index.ts)', () => {
  beforeAll(async () => {
    await import('../../../src/preload/index')
  })

  it('exposes one object, `api`, with `invoke`, `onEvent` and `pathForFile` and nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['api'])
    const api = fake.exposed.get('api') as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent', 'pathForFile'])
    expect(typeof api['invoke']).toBe('function')
    expect(typeof api['onEvent']).toBe('function')
  })

  it('gives a dropped file’s path from webUtils.getPathForFile and nothing more (issue 18: drop an email)', () => {
    const api = fake.exposed.get('api') as { pathForFile(f: unknown): string }
    const file = { name: 'email.eml' }
    expect(api.pathForFile(file)).toBe('/dropped/email.eml')
    expect(fake.pathsAsked).toEqual([file])
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

describe('the Electron fuses of packaged builds (electron-builder.yml)', () => {
  // Read and validated by electron-builder's own loader and schema, so a misspelt fuse fails here.
  const builder = createRequire(require.resolve('app-builder-lib/package.json'))
  type Config = { electronFuses?: Record<string, boolean> }
  const { getConfig, validateConfiguration } = builder('./out/util/config/config') as {
    getConfig(projectDir: string, configPath: null, options: null): Promise<Config>
    validateConfiguration(config: Config, logger: { isEnabled: boolean; add(): void }): Promise<void>
  }
  const { FuseV1Options } = builder('@electron/fuses') as { FuseV1Options: Record<string, number | string> }
  const root = resolve(__dirname, '../../..')

  it('sets every fuse that electron-builder can set, hardened, with GrantFileProtocolExtraPrivileges off', async () => {
    const config = await getConfig(root, null, null)
    await validateConfiguration(config, { isEnabled: false, add: () => undefined })
    const known = Object.keys(FuseV1Options)
      .filter((k) => Number.isNaN(Number(k)))
      .map((k) => k[0]!.toLowerCase() + k.slice(1))
    expect(known).toContain('grantFileProtocolExtraPrivileges')
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual([...known].sort())
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
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
