import { describe, expect, it } from 'vitest'
import { assertNewPassphrase, passphraseStrength } from '../../../src/main/api/passphrase'

describe('passphrase strength', () => {
  it('refuses common and short passphrases with a reason', () => {
    expect(passphraseStrength('password1').acceptable).toBe(false)
    expect(() => assertNewPassphrase('password123', 'password123')).toThrowError(/too weak/)
    try {
      assertNewPassphrase('letmein', 'letmein')
    } catch (e) {
      expect((e as { code: string }).code).toBe('passphrase-weak')
      expect((e as { field: string }).field).toBe('passphrase')
    }
  })

  it('accepts a long passphrase of unrelated words', () => {
    expect(passphraseStrength('copper lantern orchard quietly').acceptable).toBe(true)
    expect(() => assertNewPassphrase('copper lantern orchard quietly', 'copper lantern orchard quietly')).not.toThrow()
  })

  it('refuses a confirmation that does not match', () => {
    expect(() => assertNewPassphrase('copper lantern orchard quietly', 'copper lantern orchard')).toThrowError(
      /do not match/,
    )
  })

  it('counts the person’s own name against the passphrase', () => {
    const withName = passphraseStrength('Harriet Okonkwo', ['Harriet', 'Okonkwo'])
    expect(withName.acceptable).toBe(false)
  })
})
