/**
 * The team vault on a WebDAV server the app talks to itself, through the `webdav` library (never hand-written
 * HTTP). `https://` servers are checked as a browser checks them: Node's own certificate checks against the
 * system's authorities, with nothing turned off; plain `http://` is accepted only to this computer's own
 * loopback address (a test server, or a sync tool's local endpoint), never across a network.
 *
 * The credentials are handed in by the caller, which keeps them inside the encrypted vault.
 */
import { Agent } from 'node:https'
import type { WebDAVClient } from 'webdav'
import { AppError } from '../../shared/errors'
import { checkPath, newCounts, type Transport } from './transport'

export interface WebDavSettings {
  url: string
  username?: string
  password?: string
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** Refuses an address the app would not send a team vault to, in words. */
export function checkWebDavUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError('invalid-input', 'Enter the WebDAV address in full, starting https://.', { field: 'url' })
  }
  if (url.username || url.password)
    throw new AppError('invalid-input', 'Enter the user name and password in their own boxes, not in the address.', { field: 'url' })
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url
  throw new AppError('invalid-input', 'The WebDAV address must start https:// so that nobody on the network can read or change what is sent.', {
    field: 'url',
  })
}

const PROPFIND_BODY = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>'
/** A multistatus response's `href`s, whatever namespace prefix the server uses. */
const HREF = /<(?:[A-Za-z][\w.-]*:)?href(?:\s[^>]*)?>([^<]*)<\/(?:[A-Za-z][\w.-]*:)?href>/g

const status = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number' ? e.status : undefined

export class WebDavTransport implements Transport {
  readonly counts = newCounts()
  private readonly made = new Set<string>()

  private constructor(
    private readonly client: WebDAVClient,
    /** The server path the client's address points at, without a trailing slash ('' for the root). */
    private readonly basePath: string,
  ) {}

  static async connect(settings: WebDavSettings): Promise<WebDavTransport> {
    const url = checkWebDavUrl(settings.url)
    const { createClient } = await import('webdav')
    const client = createClient(url.toString().replace(/\/$/, ''), {
      ...(settings.username !== undefined ? { username: settings.username, password: settings.password ?? '' } : {}),
      // Certificate and host name checked against the system's authorities; never relaxed.
      httpsAgent: new Agent({ rejectUnauthorized: true, keepAlive: true }),
      maxBodyLength: 64 * 1024 * 1024,
      maxContentLength: 64 * 1024 * 1024,
    })
    return new WebDavTransport(client, decodeURIComponent(url.pathname).replace(/\/+$/, ''))
  }

  /**
   * A PROPFIND of depth 1 asking for no property but the resource type, read for its `href`s only: the
   * library's full parse of every property costs about 0.15 ms of CPU per entry, which a sync with nothing new
   * cannot afford. Names outside the shapes the team vault writes are dropped by the caller anyway.
   */
  async list(folder: string): Promise<string[]> {
    this.counts.list++
    const path = folder === '' ? '/' : `/${checkPath(folder)}/`
    const response = await this.client.customRequest(path, {
      method: 'PROPFIND',
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
      data: PROPFIND_BODY,
    }).catch((e: unknown) => {
      if (status(e) === 404) return null
      throw e
    })
    if (!response) return []
    const text = await response.text()
    const self = `${this.basePath}${path}`.replace(/\/+$/, '')
    const names: string[] = []
    for (const m of text.matchAll(HREF)) {
      let href: string
      try {
        href = decodeURIComponent(new URL((m[1] as string).trim().replace(/&amp;/g, '&'), 'http://x').pathname).replace(/\/+$/, '')
      } catch {
        continue
      }
      const cut = href.lastIndexOf('/')
      if (href === self || href.slice(0, cut) !== self) continue
      const name = href.slice(cut + 1)
      if (name && !name.startsWith('.')) names.push(name)
    }
    return [...new Set(names)]
  }

  async read(path: string): Promise<Buffer | null> {
    this.counts.read++
    try {
      const data = await this.client.getFileContents(`/${checkPath(path)}`, { format: 'binary' })
      const bytes = Buffer.from(data as ArrayBuffer)
      this.counts.bytesIn += bytes.length
      return bytes
    } catch (e) {
      if (status(e) === 404) return null
      throw e
    }
  }

  async write(path: string, bytes: Buffer): Promise<void> {
    this.counts.write++
    const parts = checkPath(path).split('/')
    const folder = parts.slice(0, -1).join('/')
    if (folder && !this.made.has(folder)) {
      await this.client.createDirectory(`/${folder}`, { recursive: true })
      this.made.add(folder)
    }
    // No conditional write is relied on (rclone ignores If-None-Match): the name is this device's alone.
    await this.client.putFileContents(`/${path}`, bytes, { overwrite: true, contentLength: bytes.length })
    this.counts.bytesOut += bytes.length
  }
}
