/**
 * The real Electron shell, where an Electron binary exists (not on this project's CI, which has no
 * internet access to fetch it — Electron 45 downloads its binary on first start): the window opens on the first-run screen with the preload's
 * window.api, sandboxed, and a journey through it saves a vault.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from './electron-binary'

test('the Electron app opens on first run with a sandboxed, isolated renderer', async () => {
  const binary = electronBinary()
  test.skip(!binary, 'No Electron binary here (Electron downloads it on first start, which needs internet access)')
  const userData = mkdtempSync(join(tmpdir(), 'escalation-log-electron-'))
  const app = await electron.launch({ executablePath: binary!, args: [resolve(__dirname, '../..'), `--user-data-dir=${userData}`] })
  try {
    const page = await app.firstWindow()
    await expect(page.getByRole('heading', { name: 'Set up Escalation Log' })).toBeVisible()
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { api: object }).api).sort())).toEqual(['invoke', 'onEvent'])
  } finally {
    await app.close()
  }
})
