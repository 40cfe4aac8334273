/**
 * The five published policies the app encodes (copied into test/fixtures/seeds from the project's shared/seeds). Tests quote
 * them: `seedSays(file, sentence)` fails unless the sentence is in the file, so a quote cannot drift from
 * the users' own rules.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'

export const SEEDS_DIR = resolve(__dirname, '../../../fixtures/seeds')

export const SEED = {
  solihullRapid: '000_1e09b0ce5ef8adb9.txt',
  solihull: '001_3a80aa3e1ffa5249.txt',
  wolverhampton: '002_289e51a18fe970a4.txt',
  stHelens: '003_9fc97d70d89f1d3e.txt',
  havering: '004_2ff32efd62fbfdaa.txt',
} as const

/** Markdown emphasis, curly quotes and runs of spaces are typography, not wording. */
export function normalise(text: string): string {
  return text
    .replace(/\*+/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
}

const cache = new Map<string, string>()
export function seedText(file: string): string {
  let text = cache.get(file)
  if (text === undefined) {
    text = normalise(readFileSync(resolve(SEEDS_DIR, file), 'utf8'))
    cache.set(file, text)
  }
  return text
}

/** The sentence, after checking the seed file says it. */
export function seedSays(file: string, sentence: string): string {
  expect(seedText(file), `${file} should say: ${sentence}`).toContain(normalise(sentence))
  return sentence
}
