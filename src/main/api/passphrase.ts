/**
 * Passphrase strength with zxcvbn-ts. The main process decides what is acceptable (the renderer only
 * shows the answer), so a weak passphrase is refused even if a screen forgets to check.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import { AppError } from '../../shared/errors'
import type { PassphraseStrength } from '../../shared/ipc'

export const MIN_PASSPHRASE_LENGTH = 12
const MIN_SCORE = 3
const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const

let factory: ZxcvbnFactory | null = null
const zxcvbn = (): ZxcvbnFactory =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  }))

export function passphraseStrength(passphrase: string, userInputs: string[] = []): PassphraseStrength {
  if (passphrase.length === 0) return { score: 0, acceptable: false, label: 'Enter a passphrase', feedback: [] }
  const result = zxcvbn().check(passphrase.slice(0, 256), userInputs)
  const feedback: string[] = []
  if (passphrase.length < MIN_PASSPHRASE_LENGTH)
    feedback.push(`Use at least ${MIN_PASSPHRASE_LENGTH} characters — a few unrelated words work well.`)
  if (result.feedback.warning) feedback.push(result.feedback.warning)
  for (const s of result.feedback.suggestions) feedback.push(s)
  let score = result.score as 0 | 1 | 2 | 3 | 4
  // zxcvbn discounts the user's own words only partly; a passphrase that is mostly the DSL's name or
  // agency is the first thing a colleague would try.
  if (mostlyOwnWords(passphrase, userInputs)) {
    score = Math.min(score, 1) as 0 | 1
    feedback.unshift('Do not build it from your own name or your agency’s name.')
  }
  return {
    score,
    acceptable: score >= MIN_SCORE && passphrase.length >= MIN_PASSPHRASE_LENGTH,
    label: LABELS[score],
    feedback,
  }
}

function mostlyOwnWords(passphrase: string, userInputs: string[]): boolean {
  const words = userInputs
    .flatMap((input) => input.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3)
  if (words.length === 0) return false
  let rest = passphrase.toLowerCase()
  for (const w of words) rest = rest.split(w).join('')
  return rest.replace(/[^\p{L}\p{N}]/gu, '').length < 8
}

/** Refuses a new passphrase that does not match its confirmation or is too weak, with the reason. */
export function assertNewPassphrase(passphrase: string, confirm: string, userInputs: string[] = []): void {
  if (passphrase !== confirm)
    throw new AppError('passphrase-mismatch', 'The two passphrases do not match — type the same passphrase twice.', {
      field: 'passphraseConfirm',
    })
  const strength = passphraseStrength(passphrase, userInputs)
  if (!strength.acceptable) {
    const reason = strength.feedback[0] ?? 'It would be too easy to guess.'
    throw new AppError('passphrase-weak', `That passphrase is too weak. ${reason}`, { field: 'passphrase' })
  }
}
