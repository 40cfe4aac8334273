/**
 * The team vault on a WebDAV server the app talks to itself, through the `webdav` library (never hand-written
 * HTTP). `https://` servers are checked as a browser checks them: Node's own certificate checks against the
 * system's authorities, with nothing turned off; plain `http://` is accepted only to this computer's own
 * loopback address (a test server, or a sync tool's local endpoint), never across a network.
 *
 * The credentials are handed in by the caller, which keeps them inside the encrypted vault.
 */
import { Agent } from 'node:https'
import type { FileStat, WebDAVClient } from 'webdav'
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

const status = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number' ? e.status : undefined

export class WebDavTransport implements Transport {
  readonly counts = newCounts()
  private readonly made = new Set<string>()

  private constructor(private readonly client: WebDAVClient) {}

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
    return new WebDavTransport(client)
  }

  async list(folder: string): Promise<string[]> {
    this.counts.list++
    try {
      const items = (await this.client.getDirectoryContents(folder === '' ? '/' : `/${checkPath(folder)}`)) as FileStat[]
      return items.map((i) => i.basename).filter((n) => !n.startsWith('.'))
    } catch (e) {
      if (status(e) === 404) return []
      throw e
    }
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
