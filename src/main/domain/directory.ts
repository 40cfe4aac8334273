/**
 * The directory of people and agencies: validation of entries, lists by partnership and by seniority,
 * and the entries shipped with the app from the partnerships' published lists. Pure.
 */
import wolverhamptonFile from '../../../resources/directory/wolverhampton.json'
import solihullFile from '../../../resources/directory/solihull.json'
import { AppError } from '../../shared/errors'
import type { Contact, Policy } from '../../shared/policy'
import {
  type DirectoryEntry,
  type DirectoryEntryInput,
  type Tier,
  AVAILABILITIES,
  DirectoryFile,
  TIERS,
  emailProblem,
  phoneProblem,
  ukPhoneDigits,
} from '../../shared/directory'

const LIMITS = { name: 200, role: 200, agency: 200, notes: 1000, caution: 1000 } as const

function clean(value: string | undefined): string {
  return (value ?? '').trim()
}

function buildEntry(id: string, input: DirectoryEntryInput, source: string | null): DirectoryEntry {
  const entry: DirectoryEntry = {
    id,
    name: clean(input.name),
    role: clean(input.role),
    agency: clean(input.agency),
    phone: clean(input.phone),
    email: clean(input.email),
    partnershipId:
      input.partnershipId === undefined || input.partnershipId === null || input.partnershipId.trim() === ''
        ? null
        : input.partnershipId.trim(),
    tier: input.tier ?? 'other',
    availability: input.availability ?? null,
    notes: clean(input.notes),
    caution: clean(input.caution),
    source,
  }
  if (entry.name === '' && entry.role === '' && entry.agency === '') {
    throw new AppError(
      'directory-entry-empty',
      'Enter a name, a role or an agency, so that you can find this entry again.',
      { field: 'name' },
    )
  }
  for (const field of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    if (entry[field].length > LIMITS[field]) {
      throw new AppError(
        'directory-entry-too-long',
        `The ${field} must be at most ${LIMITS[field]} characters.`,
        { field },
      )
    }
  }
  const phone = phoneProblem(entry.phone)
  if (phone !== null) throw new AppError('directory-phone-invalid', phone, { field: 'phone' })
  const email = emailProblem(entry.email)
  if (email !== null) throw new AppError('directory-email-invalid', email, { field: 'email' })
  if (!TIERS.includes(entry.tier))
    throw new AppError('directory-tier-invalid', 'Choose a level of seniority from the list.', {
      field: 'tier',
    })
  if (entry.availability !== null && !AVAILABILITIES.includes(entry.availability)) {
    throw new AppError(
      'directory-availability-invalid',
      'Choose when this contact can be reached from the list.',
      { field: 'availability' },
    )
  }
  return entry
}

/** A new directory entry typed in by the DSL. */
export function createEntry(input: DirectoryEntryInput, context: { id: string }): DirectoryEntry {
  if (context.id.trim() === '') throw new TypeError('createEntry needs an id')
  return buildEntry(context.id, input, null)
}

/** The entry with some answers changed (a field given as '' is cleared); id and source never change. */
export function updateEntry(entry: DirectoryEntry, changes: DirectoryEntryInput): DirectoryEntry {
  const merged: DirectoryEntryInput = {
    name: changes.name ?? entry.name,
    role: changes.role ?? entry.role,
    agency: changes.agency ?? entry.agency,
    phone: changes.phone ?? entry.phone,
    email: changes.email ?? entry.email,
    partnershipId: changes.partnershipId === undefined ? entry.partnershipId : changes.partnershipId,
    tier: changes.tier ?? entry.tier,
    availability: changes.availability === undefined ? entry.availability : changes.availability,
    notes: changes.notes ?? entry.notes,
    caution: changes.caution ?? entry.caution,
  }
  return buildEntry(entry.id, merged, entry.source)
}

const byAgencyThenRole = (a: DirectoryEntry, b: DirectoryEntry): number =>
  a.agency.localeCompare(b.agency, 'en-GB') ||
  a.role.localeCompare(b.role, 'en-GB') ||
  a.name.localeCompare(b.name, 'en-GB')

/** The entries of one partnership, sorted by agency then role. */
export function listByPartnership(
  entries: readonly DirectoryEntry[],
  partnershipId: string,
): DirectoryEntry[] {
  return entries.filter((e) => e.partnershipId === partnershipId).sort(byAgencyThenRole)
}

/** The entries at one level of seniority (optionally within one partnership), sorted by agency then role. */
export function listByTier(
  entries: readonly DirectoryEntry[],
  tier: Tier,
  partnershipId?: string,
): DirectoryEntry[] {
  return entries
    .filter((e) => e.tier === tier && (partnershipId === undefined || e.partnershipId === partnershipId))
    .sort(byAgencyThenRole)
}

/** How an entry is shown in a picker: "Head of Service, Looked After Children" or "Jo Bloggs (Social Worker, …)". */
export function entryLabel(entry: DirectoryEntry): string {
  const roleAndAgency = [entry.role, entry.agency].filter((s) => s !== '').join(', ')
  if (entry.name === '') return roleAndAgency
  return roleAndAgency === '' ? entry.name : `${entry.name} (${roleAndAgency})`
}

/** Reads a shipped directory file; a broken one is a bug in the app, so it throws plainly. */
export function readDirectoryFile(json: unknown): DirectoryEntry[] {
  const file = DirectoryFile.parse(json)
  return file.entries.map((entry) =>
    buildEntry(
      entry.id,
      { ...entry, partnershipId: file.partnershipId },
      `${file.partnership}: ${file.source}`,
    ),
  )
}

/** The entries shipped with the app, taken from the partnerships' published policies. */
export function seedDirectory(): DirectoryEntry[] {
  return [...readDirectoryFile(wolverhamptonFile), ...readDirectoryFile(solihullFile)]
}

// ── contacts from imported policies ──────────────────────────────────────────────────────────────

const CONTACT_AVAILABILITY: Record<NonNullable<Contact['availability']>, DirectoryEntry['availability']> = {
  officeHours: 'office-hours',
  outOfHours: 'out-of-hours',
  always: 'any-time',
}

/** The id of the entry made from a policy's contact: stable across versions, so an edit of it is kept. */
export const policyContactEntryId = (policyId: string, contactId: string): string => `policy:${policyId}:${contactId}`

const fit = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/**
 * A policy's contact as a directory entry. A policy names roles ("SSCP Business Manager"), so the
 * contact's name is the entry's role. A number or address the directory cannot dial or write to is kept
 * in the caution, in the policy's words, rather than lost.
 */
export function entryFromPolicyContact(policy: Policy, contact: Contact): DirectoryEntry {
  const cautions = contact.caution ? [contact.caution] : []
  let phone = contact.phone ?? ''
  if (phoneProblem(phone) !== null) {
    cautions.push(`The policy gives the number “${phone}”, which is not a UK phone number: check it before you use it.`)
    phone = ''
  }
  let email = contact.email ?? ''
  if (emailProblem(email) !== null) {
    cautions.push(`The policy gives the address “${email}”, which is not an email address: check it before you use it.`)
    email = ''
  }
  return buildEntry(
    policyContactEntryId(policy.id, contact.id),
    {
      name: '',
      role: fit(contact.name, LIMITS.role),
      agency: fit(contact.organisation ?? policy.partnership, LIMITS.agency),
      phone,
      email,
      partnershipId: policy.id,
      tier: 'other',
      availability: contact.availability ? CONTACT_AVAILABILITY[contact.availability] : null,
      notes: fit(contact.notes ?? '', LIMITS.notes),
      caution: fit(cautions.join(' '), LIMITS.caution),
    },
    fit(`${policy.partnership}: ${policy.title}, version ${policy.version} (imported policy)`, 300),
  )
}

const reachKeys = (e: Pick<DirectoryEntry, 'phone' | 'email'>): string[] =>
  [e.phone ? ukPhoneDigits(e.phone) : null, e.email ? e.email.trim().toLowerCase() : null].filter(
    (k): k is string => k !== null,
  )

/**
 * Every entry of the directory: those stored in the vault (the shipped lists and the DSL's own, with any
 * changes), then the contacts of each imported policy's newest version that are not already there. A
 * stored entry with a policy contact's id is that contact as the DSL changed it, so it wins; a contact
 * with the same phone number or email as an entry of the same partnership (a newer version of a
 * built-in policy, whose list ships with the app) is already in the directory and is not repeated.
 */
export function directoryEntries(
  stored: Readonly<Record<string, DirectoryEntry>>,
  importedPolicies: readonly Policy[],
): DirectoryEntry[] {
  const entries = Object.values(stored)
  const ids = new Set(entries.map((e) => e.id))
  const newest = new Map<string, Policy>()
  for (const p of importedPolicies) {
    const seen = newest.get(p.id)
    if (!seen || p.version > seen.version) newest.set(p.id, p)
  }
  const reach = new Set(entries.flatMap((e) => reachKeys(e).map((k) => `${e.partnershipId ?? ''} ${k}`)))
  const fromPolicies: DirectoryEntry[] = []
  for (const policy of newest.values()) {
    for (const contact of policy.contacts) {
      const entry = entryFromPolicyContact(policy, contact)
      if (ids.has(entry.id)) continue
      if (reachKeys(entry).some((k) => reach.has(`${policy.id} ${k}`))) continue
      fromPolicies.push(entry)
    }
  }
  return [...entries, ...fromPolicies]
}

/**
 * The entries to offer for a dispute under `partnershipId`: that partnership's, and the DSL's own that
 * are tied to no partnership. Another partnership's contacts are left out (a Solihull dispute is not
 * escalated to Wolverhampton's Head of Service) unless the person asks for every partnership.
 */
export function entriesForPartnership(entries: readonly DirectoryEntry[], partnershipId: string): DirectoryEntry[] {
  return entries.filter((e) => e.partnershipId === partnershipId || e.partnershipId === null)
}

/** The directory as listed: sorted by agency, role, then name. */
export function sortDirectory(entries: readonly DirectoryEntry[]): DirectoryEntry[] {
  return [...entries].sort((a, b) =>
    (a.agency + a.role + a.name).localeCompare(b.agency + b.role + b.name, 'en-GB'),
  )
}
