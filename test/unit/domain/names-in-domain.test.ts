/**
 * Children's names and typed directory entries go through the same rule as people's names
 * (src/shared/names): NFC, no invisible characters, no look-alike alphabets in one word.
 */
import { describe, expect, it } from 'vitest'
import { createChild, updateChild } from '../../../src/main/domain/children'
import { createEntry, seedDirectory, updateEntry } from '../../../src/main/domain/directory'

const today = '2026-12-01'

describe('children’s names', () => {
  it('are stored NFC-normalised', () => {
    expect(createChild({ name: 'Zoe\u0308 Ó Briain' }, { id: 'c1', today }).name).toBe('Zoë Ó Briain')
  })

  it('are refused with a zero-width space or a Cyrillic look-alike, saying what was found', () => {
    expect(() => createChild({ name: 'Ava\u200B Smith' }, { id: 'c1', today })).toThrowError(
      expect.objectContaining({ code: 'name-invisible-character', field: 'name', message: expect.stringMatching(/^The child’s name contains an invisible character, a zero-width space/) }),
    )
    expect(() => createChild({ name: 'Jаmes Smith' }, { id: 'c1', today })).toThrowError(
      expect.objectContaining({ code: 'name-mixed-scripts', message: expect.stringMatching(/mixes Latin and Cyrillic letters in “Jаmes”/) }),
    )
  })

  it('accept names wholly in another script', () => {
    expect(createChild({ name: 'Анна Петрова' }, { id: 'c1', today }).name).toBe('Анна Петрова')
  })

  it('kept from before the rule are not refused when another answer changes, but a new one is checked', () => {
    const stored = { ...createChild({ name: 'Ava Smith' }, { id: 'c1', today }), name: 'Ava\u00ADSmith' }
    expect(updateChild(stored, { lookedAfter: true }, { today }).lookedAfter).toBe(true)
    expect(() => updateChild(stored, { name: 'Ava\u200DSmith' }, { today })).toThrowError(/invisible character/)
  })
})

describe('directory entries typed in', () => {
  it('are NFC-normalised and refused with an invisible character or look-alike letters in the name, role or agency', () => {
    expect(createEntry({ name: 'Sia\u0302n Evans', role: 'Social worker', agency: 'Oak Hill' }, { id: 'd1' }).name).toBe('Siân Evans')
    expect(() => createEntry({ name: 'Sam Patel', agency: 'Solihull\u202E MASH' }, { id: 'd1' })).toThrowError(
      expect.objectContaining({ code: 'name-invisible-character', field: 'agency', message: expect.stringMatching(/^The agency contains an invisible character, a right-to-left override/) }),
    )
    expect(() => createEntry({ role: 'Tеam manager' }, { id: 'd1' })).toThrowError(
      expect.objectContaining({ code: 'name-mixed-scripts', field: 'role' }),
    )
  })

  it('do not change how the shipped lists are read', () => {
    expect(seedDirectory().length).toBeGreaterThan(0)
  })

  it('keep a value published or stored before the rule when another answer is changed', () => {
    const stored = { ...createEntry({ name: 'Sam Patel' }, { id: 'd1' }), role: 'Team\u00ADmanager' }
    expect(updateEntry(stored, { phone: '0121 704 8709' }).phone).toBe('0121 704 8709')
    expect(() => updateEntry(stored, { role: 'Team\u200Bmanager' })).toThrowError(/invisible character/)
  })
})
