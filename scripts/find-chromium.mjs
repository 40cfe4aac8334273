#!/usr/bin/env node
// Finds a Chromium for the Playwright tests, installing one where it can:
// Debian's /usr/bin/chromium if present, else Playwright's own browser (downloading it where a download
// is possible), else — on Debian, as root — `apt-get install -y chromium`. Otherwise it stops with one
// sentence saying what to install.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

const DEBIAN = '/usr/bin/chromium'
const run = (cmd) => {
  try {
    execSync(cmd, { stdio: 'inherit', timeout: 600_000 })
    return true
  } catch {
    return false
  }
}
const playwrightBrowser = async () => {
  try {
    const { chromium } = await import('@playwright/test')
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : null
  } catch {
    return null
  }
}

if (existsSync(DEBIAN)) process.exit(0)
if (await playwrightBrowser()) process.exit(0)
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const isDebian = existsSync('/etc/debian_version')
if (isDebian && isRoot) {
  console.log('Installing Chromium with apt-get for the end-to-end tests…')
  if (run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium') && existsSync(DEBIAN))
    process.exit(0)
}
console.log('Trying to download Playwright’s own Chromium…')
if (run('npx --no-install playwright install chromium') && (await playwrightBrowser())) process.exit(0)
console.error(
  'No Chromium found for the end-to-end tests: install Debian’s chromium package (apt-get install chromium) or run `npx playwright install chromium`, then run the tests again.',
)
process.exit(1)
