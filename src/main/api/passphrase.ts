/**
 * Passphrase strength with zxcvbn-ts. The main process decides what is acceptable (the renderer only
 * shows the answer), so a weak passphrase is refused even if a screen forgets to check. One rule for
 * every place a passphrase is set — creating a vault, changing a passphrase, adding a person — through
 * `assertNewPassphrase`, always told the person's own words (`passphraseUserInputs`).
 *
 * zxcvbn takes seconds on long or random input (12 s for 256 random characters on a busy machine), so it
 * never runs on the main thread: it runs on a worker thread, on at most the first RATED_LENGTH characters,
 * and is abandoned after RATING_TIMEOUT_MS. The worker follows the key-derivation worker's pattern
 * (src/main/store/kdf.ts): its program is a string evaluated with `eval: true`, so the same code runs under
 * vitest, Playwright and the bundled main with no extra file to emit, and it loads its modules from paths
 * this module resolved.
 */
import { createRequire } from 'node:module'
import { keptWorker, runOnKeptWorker } from '../threads/kept-worker'
import { AppError } from '../../shared/errors'
import type { PassphraseStrength, Profile } from '../../shared/ipc'

export const MIN_PASSPHRASE_LENGTH = 12
/**
 * zxcvbn rates only this many characters (its authors suggest 100): the cost grows steeply with length,
 * and characters beyond these can only add strength, so leaving them out never makes a weak passphrase pass.
 */
export const RATED_LENGTH = 100
/** A rating that takes longer than this is abandoned and its worker stopped. */
export const RATING_TIMEOUT_MS = 10_000
/** The most words of the person's own that zxcvbn is told (each at most 100 characters). */
const MAX_USER_INPUTS = 40
const MIN_SCORE = 3
const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const

/** What zxcvbn says of a passphrase: the part of its answer this module uses. */
export interface ZxcvbnVerdict {
  score: 0 | 1 | 2 | 3 | 4
  warning: string | null
  suggestions: string[]
}

// ---- the worker ------------------------------------------------------------------------------------------

/**
 * The worker's whole program. The dictionaries are built once per worker (about a second), which is why a
 * finished worker is kept for the next rating.
 */
const WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { ZxcvbnFactory } = require(workerData.core)
const common = require(workerData.common)
const en = require(workerData.en)
const factory = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
})
parentPort.on('message', (job) => {
  const result = factory.check(job.passphrase, job.userInputs)
  parentPort.postMessage({
    score: result.score,
    warning: result.feedback.warning || null,
    suggestions: [...result.feedback.suggestions],
  })
})
`

let modulePaths: { core: string; common: string; en: string } | null = null
/** From `__filename`, as kdf.ts does: Playwright's loader refuses `import.meta` in a file it compiles to CommonJS. */
const zxcvbnPaths = (): { core: string; common: string; en: string } => {
  if (modulePaths) return modulePaths
  const require = createRequire(__filename)
  modulePaths = {
    core: require.resolve('@zxcvbn-ts/core'),
    common: require.resolve('@zxcvbn-ts/language-common'),
    en: require.resolve('@zxcvbn-ts/language-en'),
  }
  return modulePaths
}

/** One finished worker is kept for the next job (src/main/threads/kept-worker.ts). */
const workers = keptWorker(WORKER_SOURCE, zxcvbnPaths)

const tooSlow = (): AppError =>
  new AppError(
    'passphrase-check-slow',
    'The strength check took too long, so the passphrase was not accepted. Try again, or choose three or four unrelated words.',
    { field: 'passphrase' },
  )

const isVerdict = (v: unknown): v is ZxcvbnVerdict => {
  if (!v || typeof v !== 'object') return false
  const { score, warning, suggestions } = v as Record<string, unknown>
  return (
    typeof score === 'number' &&
    [0, 1, 2, 3, 4].includes(score) &&
    (warning === null || typeof warning === 'string') &&
    Array.isArray(suggestions) &&
    suggestions.every((s) => typeof s === 'string')
  )
}

/**
 * zxcvbn's verdict on the first RATED_LENGTH characters, worked out on a worker thread so the main
 * process keeps answering (and auto-lock keeps counting) meanwhile.
 */
export function rateOffThread(passphrase: string, userInputs: readonly string[], timeoutMs = RATING_TIMEOUT_MS): Promise<ZxcvbnVerdict> {
  return runOnKeptWorker<ZxcvbnVerdict>(workers, {
    message: { passphrase: passphrase.slice(0, RATED_LENGTH), userInputs: [...userInputs] },
    read: (answer) => (isVerdict(answer) ? answer : new Error('the passphrase-strength worker gave something other than a verdict')),
    notStarted: 'the passphrase-strength worker did not start',
    stoppedEarly: 'the passphrase-strength worker stopped before answering',
    timeout: { ms: timeoutMs, tooSlow },
  })
}

// ---- the rule --------------------------------------------------------------------------------------------

/**
 * The words a colleague would try first: the person's name, role, agency and the school or setting
 * (the profile's agency details), whole and word by word, so that "Sam Patel Oak Hill" is seen as the
 * name plus the school rather than four uncommon words.
 */
export function passphraseUserInputs(...sources: ReadonlyArray<Partial<Profile> | string | null | undefined>): string[] {
  const phrases: string[] = []
  for (const source of sources) {
    if (!source) continue
    if (typeof source === 'string') phrases.push(source)
    else
      for (const value of [source.name, source.role, source.agency, source.agencyDetails, source.contactDetails, source.defaultPartnership])
        if (value) phrases.push(value)
  }
  const out = new Set<string>()
  for (const phrase of phrases) {
    const whole = phrase.normalize('NFC').trim().toLowerCase().slice(0, 100)
    if (whole) out.add(whole)
    for (const word of whole.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3) out.add(word)
  }
  return [...out].slice(0, MAX_USER_INPUTS)
}

/** The strength shown beside the field and used to refuse a passphrase, from zxcvbn's verdict. */
export function strengthFromVerdict(passphrase: string, userInputs: readonly string[], verdict: ZxcvbnVerdict): PassphraseStrength {
  const feedback: string[] = []
  if (passphrase.length < MIN_PASSPHRASE_LENGTH)
    feedback.push(`Use at least ${MIN_PASSPHRASE_LENGTH} characters — a few unrelated words work well.`)
  if (verdict.warning) feedback.push(verdict.warning)
  for (const s of verdict.suggestions) feedback.push(s)
  let score = verdict.score
  // zxcvbn discounts the user's own words only partly; a passphrase that is mostly the DSL's name or
  // agency is the first thing a colleague would try.
  if (mostlyOwnWords(passphrase, userInputs)) {
    score = Math.min(score, 1) as 0 | 1
    feedback.unshift('Do not build it from your own name, your agency’s name or your school’s name.')
  }
  return {
    score,
    acceptable: score >= MIN_SCORE && passphrase.length >= MIN_PASSPHRASE_LENGTH,
    label: LABELS[score],
    feedback,
  }
}

export async function passphraseStrength(passphrase: string, userInputs: readonly string[] = []): Promise<PassphraseStrength> {
  if (passphrase.length === 0) return { score: 0, acceptable: false, label: 'Enter a passphrase', feedback: [] }
  return strengthFromVerdict(passphrase, userInputs, await rateOffThread(passphrase, userInputs))
}

function mostlyOwnWords(passphrase: string, userInputs: readonly string[]): boolean {
  const words = userInputs
    .flatMap((input) => input.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3)
    // Longest first, so "oakhill" goes before "oak" leaves "hill" behind.
    .sort((a, b) => b.length - a.length)
  if (words.length === 0) return false
  let rest = passphrase.normalize('NFC').toLowerCase()
  for (const w of words) rest = rest.split(w).join('')
  return rest.replace(/[^\p{L}\p{N}]/gu, '').length < 8
}

/**
 * Refuses a new passphrase that does not match its confirmation or is too weak, with the reason. The one
 * check for every place a passphrase is set; `userInputs` comes from `passphraseUserInputs`.
 */
export async function assertNewPassphrase(passphrase: string, confirm: string, userInputs: readonly string[]): Promise<void> {
  if (passphrase !== confirm)
    throw new AppError('passphrase-mismatch', 'The two passphrases do not match — type the same passphrase twice.', {
      field: 'passphraseConfirm',
    })
  const strength = await passphraseStrength(passphrase, userInputs)
  if (!strength.acceptable) {
    const reason = strength.feedback[0] ?? 'It would be too easy to guess.'
    throw new AppError('passphrase-weak', `That passphrase is too weak. ${reason}`, { field: 'passphrase' })
  }
}
