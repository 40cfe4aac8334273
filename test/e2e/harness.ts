/**
 * Opens the built renderer (out/renderer/index.html) in Chromium with `window.api` bound, through
 * page.exposeBinding, to the REAL main-process handler table over a real vault in a folder on disk.
 * Only Electron's transport (ipcMain/contextBridge) and its dialogs are replaced.
 *
 *   const app = await openApp({ vaultDir })      // any test or script
 *   await app.page.getByLabel('Passphrase').fill(…)
 *   await app.restart()                          // a fresh handler table over the same vault
 *   await app.close()
 */
import { mkdtempSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import type { Api, ApiDeps } from '../../src/main/api'
import { createCheckedApi as createApi } from '../support/checked-api'
import { KDF_FLOOR } from '../../src/main/store'
import type { AppEvent } from '../../src/shared/channels'
import { chromiumArgs, chromiumExecutable } from './chromium'

export const RENDERER_INDEX = resolve(__dirname, '../../out/renderer/index.html')

export interface OpenAppOptions {
  vaultDir: string
  /** Use this browser instead of launching one (the Playwright fixture's). */
  browser?: Browser
  /** Handler-table overrides: a fixed clock, auto-lock timers, … */
  deps?: Partial<ApiDeps>
  viewport?: { width: number; height: number }
  /**
   * Stands in for Electron's webUtils.getPathForFile: a file dropped on the page is taken to be the file of
   * that name in this folder. Without it a drop carries no path, as a message dragged out of Outlook does.
   */
  dropFolder?: string
}

export interface RunningApp {
  page: Page
  context: BrowserContext
  api: Api
  events: AppEvent[]
  /** Where "save as" puts exported files (the save dialog is Electron's, so it is replaced). */
  exportsDir: string
  /** Throw away the handler table (as if the app quit) and load the page again over the same vault. */
  restart(): Promise<void>
  close(): Promise<void>
}

const INIT_SCRIPT = `
  (() => {
    const listeners = new Set()
    window.__escalationLogEmit = (event) => { for (const l of listeners) l(event) }
    window.api = Object.freeze({
      invoke: (channel, input) => window.__escalationLogInvoke(channel, input),
      onEvent: (listener) => { listeners.add(listener); return () => listeners.delete(listener) },
      pathForFile: (file) => (window.__escalationLogDropFolder ? window.__escalationLogDropFolder + '/' + file.name : ''),
    })
  })()
`

export async function openApp(options: OpenAppOptions): Promise<RunningApp> {
  if (!existsSync(RENDERER_INDEX)) throw new Error('The renderer is not built: run `npm run build` first.')
  const ownBrowser = options.browser
    ? null
    : await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs })
  const browser = options.browser ?? ownBrowser!
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 860 }, locale: 'en-GB', timezoneId: 'Europe/London' })
  const page = await context.newPage()
  const events: AppEvent[] = []
  const stateDir = mkdtempSync(join(tmpdir(), 'escalation-log-state-'))
  const exportsDir = mkdtempSync(join(tmpdir(), 'escalation-log-exports-'))

  const makeApi = (): Api =>
    createApi({
      appVersion: 'test',
      defaultVaultDir: options.vaultDir,
      appStateFile: join(stateDir, 'app-state.json'),
      kdf: KDF_FLOOR,
      chooseFolder: async () => options.vaultDir,
      chooseSaveFile: async (suggestedName) => join(exportsDir, suggestedName),
      emit: (event) => {
        events.push(event)
        void page.evaluate((e) => (globalThis as unknown as { __escalationLogEmit(e: unknown): void }).__escalationLogEmit(e), event).catch(() => undefined)
      },
      ...options.deps,
    })

  let api = makeApi()
  await page.exposeBinding('__escalationLogInvoke', async (_source, channel: string, input: unknown) => {
    const handler = (api.handlers as Record<string, (i: unknown) => Promise<unknown>>)[channel]
    if (!handler) return { ok: false, error: { code: 'unknown-channel', message: 'That request is not part of the app.' } }
    return handler(input)
  })
  await page.addInitScript((folder) => {
    ;(globalThis as unknown as { __escalationLogDropFolder: string }).__escalationLogDropFolder = folder
  }, options.dropFolder ?? '')
  await page.addInitScript(INIT_SCRIPT)
  const url = pathToFileURL(RENDERER_INDEX).href
  await page.goto(url)

  const app: RunningApp = {
    page,
    context,
    get api() {
      return api
    },
    events,
    exportsDir,
    async restart() {
      await api.dispose()
      api = makeApi()
      await page.goto(url)
    },
    async close() {
      await api.dispose()
      await context.close()
      if (ownBrowser) await ownBrowser.close()
    },
  }
  return app
}
