/**
 * The directory of people and agencies: validation of entries, lists by partnership and by seniority,
 * and the entries shipped with the app from the partnerships' published lists. Pure.
 */
import wolverhamptonFile from '../../../resources/directory/wolverhampton.json'
import solihullFile from '../../../resources/directory/solihull.json'
import { AppError } from '../../shared/errors'
import {
  type DirectoryEntry,
  type DirectoryEntryInput,
  type Tier,
  AVAILABILITIES,
  DirectoryFile,
  TIERS,
  emailProblem,
  phoneProblem,
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
