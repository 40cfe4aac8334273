import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumExecutable } from './test/e2e/chromium'

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
  projects: [{ name: 'chromium-harness' }],
})
