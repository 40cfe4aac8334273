import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createEntry,
  directoryEntries,
  entriesForPartnership,
  entryFromPolicyContact,
  entryLabel,
  listByPartnership,
  listByTier,
  seedDirectory,
  updateEntry,
} from '../../../src/main/domain/directory'
import { DirectoryEntry, ukPhoneDigits } from '../../../src/shared/directory'
import { AppError } from '../../../src/shared/errors'
import { validatePolicy } from '../../../src/main/domain/policies'
import { northmoorPolicy } from './policies/custom-policy'

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected an AppError')
}

const seeds = resolve(__dirname, '../../fixtures/seeds')
/** Seed text with whitespace collapsed and typographic quotes and dashes made plain, for comparing. */
const normalise = (s: string) =>
  s.replace(/[’‘]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').toLowerCase()
const seedText = (file: string) => normalise(readFileSync(resolve(seeds, file), 'utf8'))

describe('the shipped directory', () => {
  const entries = seedDirectory()

  it('is valid and has unique ids', () => {
    for (const entry of entries) expect(DirectoryEntry.parse(entry)).toEqual(entry)
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
  })

  it('holds Wolverhampton’s Appendix 2 exactly as published (seed 002: "WSCB Membership & Agency Representing Safeguarding Leads")', () => {
    const text = seedText('002_289e51a18fe970a4.txt')
    const wolverhampton = listByPartnership(entries, 'wolverhampton-wscb')
    expect(wolverhampton).toHaveLength(24)
    // Where the extracted text is garbled ("NPS – Midlands -|Interim Head …", "Multi -Agency"), the entry
    // tidies the punctuation only; the words are the published ones.
    const tidied: Record<string, string> = {
      'nps - midlands - interim head of probation, walsall/wolverhampton cluster':
        'interim head of probation, walsall/wolverhampton cluster',
      'wolverhampton multi-agency safeguarding hub (mash)': 'multi -agency safeguarding hub (mash)',
    }
    for (const e of wolverhampton) {
      expect(e.name).toBe('') // the appendix names roles, not people
      if (e.phone !== '') expect(text).toContain(e.phone)
      if (e.email !== '') expect(text).toContain(e.email)
      for (const part of [e.role, e.agency].filter((p) => p !== ''))
        expect(text).toContain(tidied[normalise(part)] ?? normalise(part))
    }
    const cafcass = wolverhampton.find((e) => e.agency === 'CAFCASS')
    expect(cafcass).toMatchObject({ role: 'Head of Practice', phone: '07920711365' })
    const police = wolverhampton.find((e) => e.agency === 'West Midlands Police')
    expect(police).toMatchObject({ role: 'Detective Chief Inspector', phone: '101', tier: 'senior-manager' })
    const vcs = wolverhampton.find((e) => e.agency.startsWith('Voluntary'))
    expect(vcs?.role).toBe('') // the appendix leaves the role blank
  })

  it('warns about the misprinted-looking Head of Safeguarding number rather than correcting it', () => {
    const entry = seedDirectory().find((e) => e.id === 'wolverhampton-council-head-of-safeguarding')
    expect(entry?.phone).toBe('01905 550477')
    expect(entry?.caution).toMatch(/01902 550477/)
  })

  it('holds Solihull’s rapid-resolution phone ladder in order (seed 000)', () => {
    const text = seedText('000_1e09b0ce5ef8adb9.txt')
    const ladder = entries.filter((e) => e.partnershipId === 'solihull-sscp' && e.phone !== '')
    expect(ladder.map((e) => [e.role, e.phone, e.tier, e.availability])).toEqual([
      [
        'Head of Service, Referral, Assessment and Child Protection',
        '0121 704 8709',
        'head-of-service',
        'office-hours',
      ],
      ['Assistant Director', '0121 704 8325', 'director', 'office-hours'],
      ['Director of Children’s Services', '0121 704 6734', 'director', 'office-hours'],
      ['Out of hours', '0121 605 6060', 'other', 'out-of-hours'],
    ])
    for (const e of ladder) {
      expect(text).toContain(e.phone)
      expect(text).toContain(normalise(e.role))
      expect(e.name).toBe('')
    }
    const businessManager = entries.find((e) => e.id === 'solihull-sscp-business-manager')
    expect(seedText('001_3a80aa3e1ffa5249.txt')).toContain(businessManager?.email)
  })

  it('lists by seniority', () => {
    expect(listByTier(entries, 'director', 'solihull-sscp').map((e) => e.role)).toEqual([
      'Assistant Director',
      'Director of Children’s Services',
    ])
    expect(listByTier(entries, 'director').length).toBe(3)
  })
})

describe('directory entries', () => {
  it('creates an entry, tidying spaces', () => {
    const entry = createEntry(
      {
        name: ' Jo Bloggs ',
        role: 'Social Worker',
        agency: 'Children’s Services',
        phone: '0121 704 0000',
        email: 'jo.bloggs@example.gov.uk',
        tier: 'practitioner',
        partnershipId: 'solihull-sscp',
      },
      { id: 'e1' },
    )
    expect(entry).toEqual({
      id: 'e1',
      name: 'Jo Bloggs',
      role: 'Social Worker',
      agency: 'Children’s Services',
      phone: '0121 704 0000',
      email: 'jo.bloggs@example.gov.uk',
      partnershipId: 'solihull-sscp',
      tier: 'practitioner',
      availability: null,
      notes: '',
      caution: '',
      source: null,
    })
    expect(entryLabel(entry)).toBe('Jo Bloggs (Social Worker, Children’s Services)')
  })

  it('refuses an entry with nothing to find it by, a bad phone number or a bad email', () => {
    expect(appErrorOf(() => createEntry({ phone: '01902 555392' }, { id: 'e' })).code).toBe(
      'directory-entry-empty',
    )
    const phone = appErrorOf(() => createEntry({ name: 'A', phone: '12345' }, { id: 'e' }))
    expect(phone.code).toBe('directory-phone-invalid')
    expect(phone.field).toBe('phone')
    expect(phone.message).toBe(
      '“12345” is not a UK phone number. Enter it with its area code, for example 0121 704 8709, or a short number such as 101.',
    )
    const email = appErrorOf(() => createEntry({ name: 'A', email: 'jo.bloggs@' }, { id: 'e' }))
    expect(email.code).toBe('directory-email-invalid')
    expect(email.message).toBe(
      '“jo.bloggs@” is not an email address. Enter it in the form name@example.gov.uk.',
    )
  })

  it('updates by returning a new entry; the id stays', () => {
    const entry = createEntry({ name: 'Jo Bloggs', tier: 'practitioner' }, { id: 'e1' })
    const promoted = updateEntry(entry, { tier: 'line-manager', role: 'Team Manager' })
    expect(promoted).toMatchObject({
      id: 'e1',
      name: 'Jo Bloggs',
      tier: 'line-manager',
      role: 'Team Manager',
    })
    expect(entry.tier).toBe('practitioner')
    expect(appErrorOf(() => updateEntry(entry, { email: 'nope' })).code).toBe('directory-email-invalid')
  })

  it('reads UK phone numbers however they are typed', () => {
    expect(ukPhoneDigits('+44 (0)121 704 8709')).toBe('01217048709')
    expect(ukPhoneDigits('0044 7920 711365')).toBe('07920711365')
    expect(ukPhoneDigits('(01902) 555-392')).toBe('01902555392')
    expect(ukPhoneDigits('101')).toBe('101')
    expect(ukPhoneDigits('999')).toBe('999')
    expect(ukPhoneDigits('116123')).toBe('116123')
    expect(ukPhoneDigits('1902 555392')).toBeNull()
    expect(ukPhoneDigits('01902 5553')).toBeNull()
    expect(ukPhoneDigits('+33 1 23 45 67 89')).toBeNull()
  })
})

describe('imported policies’ contacts in the directory', () => {
  const northmoor = validatePolicy(northmoorPolicy())
  const stored = Object.fromEntries(seedDirectory().map((e) => [e.id, e]))

  it('each contact of the newest version becomes an entry of its partnership, once', () => {
    const older = validatePolicy({ ...northmoorPolicy(), version: 2, notifications: [], contacts: [{ id: 'old', name: 'Old office' }] })
    const entries = directoryEntries(stored, [older, northmoor])
    const ours = entries.filter((e) => e.partnershipId === 'northmoor-ncsp')
    expect(ours.map((e) => e.role).sort()).toEqual(['Scrutiny Office', 'Young Carers Lead'])
    for (const e of ours) expect(DirectoryEntry.parse(e)).toEqual(e)
  })

  it('keeps a number the directory cannot dial in the caution, in the policy’s words', () => {
    const entry = entryFromPolicyContact(northmoor, { id: 'abroad', name: 'Border office', phone: '00 353 1234' })
    expect(entry.phone).toBe('')
    expect(entry.caution).toContain('The policy gives the number “00 353 1234”')
  })

  it('a stored entry with a contact’s id is that contact as the DSL changed it', () => {
    const made = entryFromPolicyContact(northmoor, northmoor.contacts[0]!)
    const changed = { ...made, name: 'Jo Carer' }
    const entries = directoryEntries({ ...stored, [made.id]: changed }, [northmoor])
    expect(entries.filter((e) => e.id === made.id)).toEqual([changed])
  })

  it('does not repeat a contact whose number the partnership’s shipped list already has', () => {
    // A newer Solihull version: "Head of Service … 0121 704 8709" is already in the shipped list.
    const solihull = validatePolicy({
      ...northmoorPolicy(),
      id: 'solihull-sscp',
      version: 99,
      notifications: [],
      contacts: [
        { id: 'hos', name: 'Head of Service', phone: '0121 704 8709' },
        { id: 'new-office', name: 'New office', phone: '0121 704 0000' },
      ],
    })
    const added = directoryEntries(stored, [solihull]).filter((e) => e.id.startsWith('policy:'))
    expect(added.map((e) => e.role)).toEqual(['New office'])
  })

  it('for a dispute: its partnership’s entries and those tied to none', () => {
    const mine = createEntry({ name: 'Sam Example' }, { id: 'mine' })
    const entries = directoryEntries({ ...stored, mine }, [northmoor])
    const shown = entriesForPartnership(entries, 'northmoor-ncsp')
    expect(new Set(shown.map((e) => e.partnershipId))).toEqual(new Set(['northmoor-ncsp', null]))
    expect(shown).toContainEqual(mine)
  })
})
