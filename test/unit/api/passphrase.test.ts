import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import { describe, expect, it } from 'vitest'
import {
  assertNewPassphrase,
  passphraseStrength,
  passphraseUserInputs,
  RATED_LENGTH,
  rateOffThread,
} from '../../../src/main/api/passphrase'

describe('passphrase strength', () => {
  it('refuses common and short passphrases with a reason', async () => {
    expect((await passphraseStrength('password1')).acceptable).toBe(false)
    await expect(assertNewPassphrase('password123', 'password123', [])).rejects.toThrowError(/too weak/)
    await expect(assertNewPassphrase('letmein', 'letmein', [])).rejects.toMatchObject({
      code: 'passphrase-weak',
      field: 'passphrase',
    })
  })

  it('accepts a long passphrase of unrelated words', async () => {
    expect((await passphraseStrength('copper lantern orchard quietly')).acceptable).toBe(true)
    await expect(
      assertNewPassphrase('copper lantern orchard quietly', 'copper lantern orchard quietly', []),
    ).resolves.toBeUndefined()
  })

  it('refuses a confirmation that does not match', async () => {
    await expect(
      assertNewPassphrase('copper lantern orchard quietly', 'copper lantern orchard', []),
    ).rejects.toMatchObject({ code: 'passphrase-mismatch', field: 'passphraseConfirm' })
  })

  it('counts the person’s own name against the passphrase', async () => {
    expect((await passphraseStrength('Harriet Okonkwo', ['Harriet', 'Okonkwo'])).acceptable).toBe(false)
  })

  // Issue 16: "the passphrase meter rates "Sam Patel Oak Hill" very strong".
  it('rates the person’s name and school together as weak once it is told them', async () => {
    const inputs = passphraseUserInputs({ name: 'Sam Patel', agency: 'Oak Hill', agencyDetails: 'Primary school' })
    expect(inputs).toEqual(expect.arrayContaining(['sam patel', 'sam', 'patel', 'oak hill', 'oak', 'hill', 'primary school']))
    const told = await passphraseStrength('Sam Patel Oak Hill', inputs)
    expect(told.acceptable).toBe(false)
    expect(told.score).toBeLessThanOrEqual(1)
    expect(told.feedback[0]).toMatch(/own name, your agency’s name or your school’s name/)
  })
})

describe('zxcvbn on a worker thread', () => {
  const inThread = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  })

  it('keeps the event loop turning while a 10,000-character passphrase is rated, and agrees with zxcvbn run here', async () => {
    const long = Array.from({ length: 2000 }, (_, i) => ['amber', 'quill', 'fjord', 'mossy', 'tidal'][(i * 7) % 5]).join('')
    expect(long).toHaveLength(10_000)
    const inputs = ['harriet okonkwo', 'oak hill']
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    let settled = false
    const pending = rateOffThread(long, inputs).then((v) => {
      settled = true
      return v
    })
    // Were zxcvbn on this thread, the rating would be done before any timer could fire.
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(settled).toBe(false)
    const ticksBefore = ticks
    const verdict = await pending
    clearInterval(timer)
    expect(ticksBefore).toBeGreaterThan(0)

    const here = inThread.check(long.slice(0, RATED_LENGTH), inputs)
    expect(verdict).toEqual({
      score: here.score,
      warning: here.feedback.warning || null,
      suggestions: here.feedback.suggestions,
    })
  })

  it('gives up on a rating that takes too long, with a reason a person understands', async () => {
    // Random characters are zxcvbn's slowest case; one millisecond is never enough.
    const random = Array.from({ length: RATED_LENGTH }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('')
    await expect(rateOffThread(random, [], 1)).rejects.toMatchObject({ code: 'passphrase-check-slow', field: 'passphrase' })
    // The next rating starts a fresh worker and still answers.
    expect((await rateOffThread('copper lantern orchard quietly', [])).score).toBeGreaterThanOrEqual(3)
  })
})
