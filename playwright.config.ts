import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumExecutable } from './test/e2e/chromium'
import { electronBinary } from './test/e2e/electron-binary'

const electron = electronBinary()
if (!electron && !process.env['PLAYWRIGHT_QUIET_ELECTRON'])
  console.log('Skipping the Electron project: no Electron binary on this machine (Electron 45 downloads it on first start, which needs internet access). The same renderer and handler table run in Chromium.')
process.env['PLAYWRIGHT_QUIET_ELECTRON'] = '1'

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env['CI'] ? 2 : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  },
  projects: [
    { name: 'chromium-harness', testIgnore: '**/electron.spec.ts' },
    ...(electron ? [{ name: 'electron', testMatch: '**/electron.spec.ts' }] : []),
  ],
})
