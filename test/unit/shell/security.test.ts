import { describe, expect, it, vi } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  enforceCsp,
  blockRemoteRequests,
  isOwnUrl,
  isTrustedSender,
  lockDownContents,
  secureWebPreferences,
} from '../../../src/main/security'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const RENDERER = 'file:///opt/Escalation%20Log/resources/app.asar/out/renderer/index.html'

describe('window options', () => {
  it('isolates, sandboxes and gives the renderer no Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js')
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })
})

describe('Content-Security-Policy', () => {
  it('allows no inline script, no eval and no remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
  })

  it('is also in the renderer page itself', () => {
    const html = readFileSync(resolve(__dirname, '../../../src/renderer/index.html'), 'utf8')
    expect(html).toContain('Content-Security-Policy')
    expect(html).toContain("script-src 'self'")
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval/)
  })

  it('is added to every response', () => {
    let listener: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null
    const session = { webRequest: { onHeadersReceived: (l: typeof listener) => (listener = l) } }
    enforceCsp(session as never)
    const cb = vi.fn()
    listener!({ responseHeaders: { 'X-Other': ['1'] } }, cb)
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
})

describe('remote content', () => {
  it('cancels every request that is not one of our files', () => {
    let listener: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null
    blockRemoteRequests({ webRequest: { onBeforeRequest: (l: typeof listener) => (listener = l) } } as never, {
      devServerUrl: null,
      devTools: false,
    })
    const decide = (url: string) => {
      let cancel: boolean | undefined
      listener!({ url }, (r) => (cancel = r.cancel))
      return cancel
    }
    expect(decide('https://example.com/x.js')).toBe(true)
    expect(decide('http://localhost:5173/')).toBe(true)
    expect(decide('app://renderer/assets/index.js')).toBe(false)
    // The page is served on app://renderer/, so no file:// URL is ever ours — not even the build's own files.
    expect(decide(RENDERER)).toBe(true)
    expect(decide('file:///etc/passwd')).toBe(true)
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null
    let check: (() => boolean) | null = null
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    } as never)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn()
      request!({}, p, cb)
      expect(cb).toHaveBeenCalledWith(false)
    }
    expect(check!()).toBe(false)
  })
})

describe('navigation and new windows', () => {
  function fakeContents() {
    const handlers: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {}
    let openHandler: (() => { action: string }) | null = null
    return {
      contents: {
        on: (name: string, h: (typeof handlers)[string]) => (handlers[name] = h),
        setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
      },
      fire(name: string, url?: string) {
        const event = { prevented: false, preventDefault() { this.prevented = true } }
        handlers[name]!(event, url)
        return event.prevented
      },
      open: () => openHandler!(),
    }
  }

  it('denies navigation away from our page, redirects, webviews and window.open', () => {
    const fake = fakeContents()
    lockDownContents(fake.contents as never, RENDERER)
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(fake.fire('will-navigate', RENDERER)).toBe(false)
    expect(fake.fire('will-redirect', 'https://evil.example/')).toBe(true)
    expect(fake.fire('will-attach-webview')).toBe(true)
    expect(fake.open()).toEqual({ action: 'deny' })
  })

  it('recognises only our own file as ours', () => {
    expect(isOwnUrl(RENDERER, RENDERER)).toBe(true)
    expect(isOwnUrl(`${RENDERER}#/settings`, RENDERER)).toBe(true)
    expect(isOwnUrl('file:///tmp/index.html', RENDERER)).toBe(false)
    expect(isOwnUrl('not a url', RENDERER)).toBe(false)
  })
})

describe('IPC sender check', () => {
  const mainFrame = { url: RENDERER }
  const own = { id: 7, mainFrame }

  it('accepts our own window’s main frame on our page', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: mainFrame } as never, own as never, RENDERER)).toBe(true)
  })

  it('refuses another window, a subframe, a navigated frame, or no window', () => {
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: mainFrame } as never, own as never, RENDERER)).toBe(false)
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: RENDERER } } as never, own as never, RENDERER)).toBe(false)
    const navigated = { url: 'https://evil.example/' }
    expect(
      isTrustedSender({ sender: { id: 7 }, senderFrame: navigated } as never, { id: 7, mainFrame: navigated } as never, RENDERER),
    ).toBe(false)
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null } as never, own as never, RENDERER)).toBe(false)
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: mainFrame } as never, null, RENDERER)).toBe(false)
  })
})
