import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

/** Debian's Chromium where present, else Playwright's own browser (scripts/test-setup.mjs installs one). */
export function chromiumExecutable(): string | undefined {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  const own = chromium.executablePath()
  return own && existsSync(own) ? own : undefined
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--allow-file-access-from-files',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--lang=en-GB',
]
