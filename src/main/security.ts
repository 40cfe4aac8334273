/**
 * Every security setting of the Electron shell in one place, written against Electron's types but
 * taking the objects as arguments so the unit tests can hand in fakes (Electron cannot run on CI).
 */
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, Session, WebContents } from 'electron'

/** No inline script, no eval, no remote origins: the renderer is our own files and nothing else. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ')

export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    devTools: true,
  }
}

/** Is this URL one of our own renderer files (or the dev server in development)? */
export function isOwnUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url)
    const own = new URL(rendererUrl)
    if (own.protocol === 'file:') return target.protocol === 'file:' && target.pathname === own.pathname
    return target.origin === own.origin
  } catch {
    return false
  }
}

/** Deny every permission request (camera, notifications, geolocation, …) and every check. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** Add the CSP header to every response, including file:// loads in packaged builds. */
export function enforceCsp(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
}

/** Block every request that is not for our own files: no remote content is ever loaded. */
export function blockRemoteRequests(session: Pick<Session, 'webRequest'>, allowDevServer: string | null): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url
    const allowed =
      url.startsWith('file://') ||
      url.startsWith('devtools://') ||
      url.startsWith('data:') ||
      (allowDevServer !== null && url.startsWith(allowDevServer))
    callback({ cancel: !allowed })
  })
}

/** No navigation away from our page, no new windows, no webviews. */
export function lockDownContents(contents: WebContents, rendererUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, rendererUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url, rendererUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/**
 * An IPC call is accepted only from our own window's main frame showing our own page: not from a
 * subframe, not from another window, not after a navigation elsewhere.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  ownContents: Pick<WebContents, 'id' | 'mainFrame'> | null,
  rendererUrl: string,
): boolean {
  if (!ownContents) return false
  const frame = event.senderFrame
  if (!frame) return false
  if (event.sender.id !== ownContents.id) return false
  if (frame !== ownContents.mainFrame) return false
  return isOwnUrl(frame.url, rendererUrl)
}
