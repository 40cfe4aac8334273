#!/usr/bin/env node
// The test command's own set-up: the programs the tests drive, installed where they can be, so that the
// README's one test command works on a fresh machine. On Debian, as root, missing Debian packages are
// installed with apt-get (one `apt-get update`, one install of everything missing). Elsewhere nothing is
// installed: each tool is reported, and the tests that need a missing tool say so and are skipped —
// except Chromium, which the end-to-end tests cannot do without (Playwright's own browser is tried too).
//
//   node scripts/test-setup.mjs            everything the test suite uses
//   node scripts/test-setup.mjs chromium   only the named tools
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

/** What the tests drive, by the program they run. `required` tools stop the test command if missing. */
const TOOLS = [
  { name: 'chromium', program: '/usr/bin/chromium', packages: ['chromium'], required: true, for: 'the end-to-end tests (Playwright)' },
  { name: 'soffice', program: '/usr/bin/soffice', packages: ['libreoffice-writer-nogui'], required: false, for: 'rendering the Word exports to PDF' },
  { name: 'pdftotext', program: '/usr/bin/pdftotext', packages: ['poppler-utils'], required: false, for: 'reading rendered exports back' },
  { name: 'rclone', program: '/usr/bin/rclone', packages: ['rclone'], required: false, for: 'the team vault over a real WebDAV server (rclone serve webdav)' },
  { name: 'syncthing', program: '/usr/bin/syncthing', packages: ['syncthing'], required: false, for: 'the team vault carried by two real Syncthing instances' },
]

const wanted = process.argv.slice(2)
const tools = wanted.length ? TOOLS.filter((t) => wanted.includes(t.name)) : TOOLS
const unknown = wanted.filter((w) => !TOOLS.some((t) => t.name === w))
if (unknown.length) {
  console.error(`test-setup: unknown tool ${unknown.join(', ')}; known: ${TOOLS.map((t) => t.name).join(', ')}`)
  process.exit(2)
}

const run = (cmd) => {
  try {
    execSync(cmd, { stdio: 'inherit', timeout: 900_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
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

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const isDebian = existsSync('/etc/debian_version')
const present = async (tool) => existsSync(tool.program) || (tool.name === 'chromium' && (await playwrightBrowser()) !== null)

let missing = []
for (const tool of tools) if (!(await present(tool))) missing.push(tool)

if (missing.length && isDebian && isRoot) {
  const packages = missing.flatMap((t) => t.packages)
  console.log(`test-setup: installing ${packages.join(', ')} with apt-get for ${missing.map((t) => t.for).join('; ')}…`)
  if (!run('apt-get update -qq') || !run(`apt-get install -y -qq ${packages.join(' ')} >/dev/null`)) {
    console.log('test-setup: apt-get could not install every package; the tests that need them will say so.')
  }
  const still = []
  for (const tool of missing) if (!(await present(tool))) still.push(tool)
  missing = still
}

const chromium = missing.find((t) => t.name === 'chromium')
if (chromium) {
  console.log('test-setup: trying to download Playwright’s own Chromium…')
  if (run('npx --no-install playwright install chromium') && (await playwrightBrowser())) missing = missing.filter((t) => t !== chromium)
}

for (const tool of missing) {
  const install = `apt-get install ${tool.packages.join(' ')}`
  if (tool.required) {
    console.error(`test-setup: no ${tool.name} for ${tool.for}: install it (${install}) and run the tests again.`)
  } else {
    console.log(`test-setup: no ${tool.name} (${install}): the tests of ${tool.for} will be skipped and say why.`)
  }
}
process.exit(missing.some((t) => t.required) ? 1 : 0)
