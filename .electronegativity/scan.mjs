#!/usr/bin/env node
/**
 * `npm run security:scan`: Electronegativity over src/ (the Electron shell, preload and renderer), for the
 * Electron version actually installed. Fails on any finding above INFORMATIONAL that is not listed, with
 * its justification, in accepted.json beside this file — and on a listed finding that no longer occurs
 * (so the list and docs/security.md never claim more than is true), and on any file it could not parse
 * (a file it skipped is a file it did not check).
 *
 * Offline by design: the tool would fetch translations and Electron's release list over the network; both
 * lookups are answered "unavailable" here at once. Whether Electron is up to date is npm's business
 * (`npm outdated`, `npm audit`), not this scan's.
 */
import { readFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')
const require = createRequire(import.meta.url)

// No network: `got` (the tool's HTTP client) fails at once instead of trying.
const offline = () => Promise.reject(Object.assign(new Error('offline scan'), { code: 'ENETUNREACH' }))
const fakeGot = Object.assign(offline, { head: offline, get: offline })
const load = Module._load
Module._load = function (request, parent, isMain) {
  if (request === 'got') return { __esModule: true, default: fakeGot }
  return load.call(this, request, parent, isMain)
}

const SEVERITY = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version
const accepted = JSON.parse(readFileSync(join(here, 'accepted.json'), 'utf8')).accepted

// The tool writes progress to the console; keep ours readable.
const quiet = console.log
console.log = () => undefined
let result
try {
  const run = require('@doyensec/electronegativity')
  result = await run({
    input: join(root, 'src'),
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: 'INFORMATIONAL',
    confidenceSet: 'TENTATIVE',
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  })
} finally {
  console.log = quiet
}

const rel = (file) =>
  relative(join(root, 'src'), resolve(join(root, 'src'), file))
    .split('\\')
    .join('/')
const findings = result.issues.map((i) => ({
  id: i.id,
  file: rel(i.file),
  line: i.location.line,
  severity: i.severity.name ?? SEVERITY[i.severity.value] ?? String(i.severity.value),
  level: i.severity.value,
  confidence: i.confidence.name ?? String(i.confidence.value),
  description: i.description,
}))
const parseErrors = result.errors.filter((e) => !e.tolerable)

const matches = (a, f) => a.id === f.id && a.file === f.file
const serious = findings.filter((f) => f.level > 0)
const unaccepted = serious.filter((f) => !accepted.some((a) => matches(a, f)))
const stale = accepted.filter((a) => !serious.some((f) => matches(a, f)))

console.log(
  `Electronegativity ${require('@doyensec/electronegativity/package.json').version} over src/ for Electron ${electronVersion}: ` +
    `${result.atomicChecks + result.globalChecks} checks, ${findings.length} findings (${serious.length} above informational, ` +
    `${serious.length - unaccepted.length} of them accepted in .electronegativity/accepted.json)`,
)
for (const f of findings) {
  const a = accepted.find((x) => matches(x, f))
  const mark = f.level === 0 ? 'info    ' : a ? 'accepted' : 'FINDING '
  console.log(
    `  ${mark} ${f.severity.padEnd(13)} ${f.id.padEnd(28)} ${f.file}:${f.line}${a ? `  — ${a.why}` : ''}`,
  )
}
let failed = false
for (const e of parseErrors) {
  failed = true
  console.error(`Could not parse ${rel(e.file)}: ${e.message}`)
}
for (const f of unaccepted) {
  failed = true
  console.error(
    `New finding: ${f.id} (${f.severity}) in ${f.file}:${f.line} — ${f.description}. Fix it, or justify it in docs/security.md and .electronegativity/accepted.json.`,
  )
}
for (const a of stale) {
  failed = true
  console.error(
    `No longer found: ${a.id} in ${a.file}. Remove it from .electronegativity/accepted.json and docs/security.md.`,
  )
}
process.exit(failed ? 1 : 0)
