/**
 * Every security setting of the Electron shell in one place, written against Electron's types but
 * taking the objects as arguments so the unit tests can hand in fakes (Electron cannot run on CI).
 */
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  IpcMainInvokeEvent,
  Protocol,
  Session,
  WebContents,
} from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

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

/**
 * The renderer is served from `app://renderer/`, never from file://. Packaged builds turn off the
 * GrantFileProtocolExtraPrivileges fuse (electron-builder.yml), and without it a file:// page can neither
 * read inside app.asar nor load its own module scripts; a custom scheme also gives the page a real origin
 * for 'self' in the CSP instead of file://'s shared one.
 */
export const RENDERER_SCHEME = 'app'
export const RENDERER_HOST = 'renderer'
export const RENDERER_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`

/**
 * `standard` and `secure` give the page a proper same-origin, secure context, so its module scripts load;
 * `supportFetchAPI` lets those loads use fetch. Deliberately not `corsEnabled` (other origins could then
 * read our files), not `bypassCSP`, not `allowServiceWorkers`.
 */
export const RENDERER_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: RENDERER_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
}

/**
 * @param allowDevTools true only in development (`!app.isPackaged`): in a packaged build the developer
 *   tools would let anyone at the desk read decrypted case text out of the page and call every channel.
 */
export function secureWebPreferences(
  preloadPath: string,
  allowDevTools = false,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
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
    devTools: allowDevTools,
  }
}

/**
 * Is this URL our own page (or the dev server in development)? For the dev server any path of its origin;
 * otherwise exactly the page itself (any #route), never another file of the same scheme.
 */
export function isOwnUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url)
    const own = new URL(rendererUrl)
    if (own.protocol === 'http:' || own.protocol === 'https:') return target.origin === own.origin
    // A custom scheme's URL has the origin "null" in Node's URL, so compare its parts instead.
    return (
      target.protocol === own.protocol &&
      target.host === own.host &&
      target.username === '' &&
      target.password === '' &&
      target.pathname === own.pathname
    )
  } catch {
    return false
  }
}

/**
 * The file under `rendererDir` that an `app://renderer/…` URL names, or null for any other URL and for
 * any path that would leave the folder (`..`, encoded or not, absolute paths, NUL bytes).
 */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  let target: URL
  let path: string
  try {
    target = new URL(url)
    path = decodeURIComponent(target.pathname)
  } catch {
    return null
  }
  if (target.protocol !== `${RENDERER_SCHEME}:` || target.host !== RENDERER_HOST) return null
  if (target.username !== '' || target.password !== '' || path.includes('\0')) return null
  const root = resolve(rendererDir)
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null
  return file
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
}

/**
 * Serve the renderer folder, and nothing else, on `app://renderer/`. Files are read with Node's fs, which
 * reads inside app.asar (Chromium's file loader cannot once the file-protocol fuse is off). Every response
 * carries the CSP itself, since Electron's webRequest hooks are not a guarantee for custom schemes, and a
 * JavaScript MIME type, without which module scripts are refused.
 */
export function serveRendererFolder(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  read: (file: string) => Promise<Uint8Array> = readFile,
): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const headers = {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers })
    const file = rendererFileFor(request.url, rendererDir)
    if (!file) return new Response(null, { status: 404, headers })
    try {
      const body = await read(file)
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...headers, 'Content-Type': type },
      })
    } catch {
      return new Response(null, { status: 404, headers })
    }
  })
}

/** Deny every permission request (camera, notifications, geolocation, …) and every check. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** Add the CSP header to every response that passes through the session (the dev server's included). */
export function enforceCsp(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
}

/** Is this request for our own renderer folder, a data: image, or (in development only) the dev tools or dev server? */
export function isAllowedRequest(
  url: string,
  development: { devServerUrl: string | null; devTools: boolean },
): boolean {
  if (url.startsWith('data:')) return true
  if (development.devTools && url.startsWith('devtools://')) return true
  if (development.devServerUrl !== null) {
    try {
      if (new URL(url).origin === new URL(development.devServerUrl).origin) return true
    } catch {
      return false
    }
  }
  try {
    const target = new URL(url)
    return (
      target.protocol === `${RENDERER_SCHEME}:` &&
      target.host === RENDERER_HOST &&
      target.username === '' &&
      target.password === ''
    )
  } catch {
    return false
  }
}

/**
 * Cancel every request that is not for our own renderer folder: no remote content, and no file:// URL at
 * all — the page is served on app://renderer/, so a file:// request could only be an attempt to read the disk.
 */
export function blockRemoteRequests(
  session: Pick<Session, 'webRequest'>,
  development: { devServerUrl: string | null; devTools: boolean },
): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, development) })
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
