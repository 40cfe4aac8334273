/**
 * The DSL's directory of the people and agencies they deal with: the agency safeguarding leads the
 * partnership publishes (Wolverhampton's Appendix 2, seed 002), the phone ladder of the rapid
 * resolution procedure (Solihull, seed 000), and anyone the DSL adds.
 *
 * Shared with the renderer (it checks phone numbers and emails as they are typed): zod only.
 */
import { z } from 'zod'

export const TIERS = [
  'practitioner',
  'line-manager',
  'senior-manager',
  'head-of-service',
  'director',
  'other',
] as const
export const Tier = z.enum(TIERS, { error: 'Choose a level of seniority' })
export type Tier = z.infer<typeof Tier>

export const TIER_LABELS: Record<Tier, string> = {
  practitioner: 'Practitioner',
  'line-manager': 'Line manager',
  'senior-manager': 'Senior manager',
  'head-of-service': 'Head of service',
  director: 'Director',
  other: 'Other',
}

export const AVAILABILITIES = ['office-hours', 'out-of-hours', 'any-time'] as const
export const Availability = z.enum(AVAILABILITIES)
export type Availability = z.infer<typeof Availability>

// ── phone numbers and email addresses ────────────────────────────────────────────────────────────

/** Short numbers a UK phone can dial: 999, 112, 101 (police non-emergency), 111, and 116/118 services. */
const SHORT_NUMBER = /^(999|112|101|111|116\d{3}|118\d{3})$/

/**
 * The digits of a UK phone number as dialled from within the UK, or null if it is not one. Spaces,
 * hyphens, dots and brackets are ignored; +44 or 0044 (with an optional "(0)") becomes 0.
 * '+44 (0)121 704 8709' → '01217048709'; '101' → '101'.
 */
export function ukPhoneDigits(phone: string): string | null {
  let s = phone
    .trim()
    .replace(/\(0\)/g, '')
    .replace(/[\s\-.()]/g, '')
  if (s.startsWith('+44')) s = `0${s.slice(3)}`
  else if (s.startsWith('0044')) s = `0${s.slice(4)}`
  if (!/^\d+$/.test(s)) return null
  if (SHORT_NUMBER.test(s)) return s
  // Geographic, mobile and non-geographic numbers: 0 then 9 or 10 digits.
  return /^0[1-9]\d{8,9}$/.test(s) ? s : null
}

/** Why a phone number is refused, or null if it will do. */
export function phoneProblem(phone: string): string | null {
  if (phone.trim() === '') return null
  if (ukPhoneDigits(phone) !== null) return null
  return `“${phone.trim()}” is not a UK phone number. Enter it with its area code, for example 0121 704 8709, or a short number such as 101.`
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

/** Why an email address is refused, or null if it will do. */
export function emailProblem(email: string): string | null {
  if (email.trim() === '') return null
  return EMAIL_SHAPE.test(email.trim())
    ? null
    : `“${email.trim()}” is not an email address. Enter it in the form name@example.gov.uk.`
}

// ── entries ──────────────────────────────────────────────────────────────────────────────────────

const text = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` })

/** A person or agency in the directory. Any of name, role and agency may be blank, but not all three. */
export const DirectoryEntry = z.object({
  // Room for the ids of entries made from an imported policy's contacts: "policy:<policy id>:<contact id>".
  id: z.string().min(1).max(200),
  name: text(200),
  role: text(200),
  agency: text(200),
  phone: text(40).refine((p) => phoneProblem(p) === null, { error: 'must be a UK phone number' }),
  email: text(254).refine((e) => emailProblem(e) === null, { error: 'must be an email address' }),
  /** The partnership's policy id ('wolverhampton-wscb', 'solihull-sscp'), or null if not tied to one. */
  partnershipId: z.string().max(80).nullable(),
  tier: Tier,
  availability: Availability.nullable(),
  notes: text(1000),
  /** Shown before the entry is used: e.g. a number in the published list that looks misprinted. */
  caution: text(1000),
  /** Where the entry came from, if it was not typed in by the DSL. */
  source: text(300).nullable(),
})
export type DirectoryEntry = z.infer<typeof DirectoryEntry>

/** The form's answers for an entry. */
export const DirectoryEntryInput = z.object({
  name: text(200).optional(),
  role: text(200).optional(),
  agency: text(200).optional(),
  phone: text(40).optional(),
  email: text(254).optional(),
  partnershipId: z.string().max(80).nullable().optional(),
  tier: Tier.optional(),
  availability: Availability.nullable().optional(),
  notes: text(1000).optional(),
  caution: text(1000).optional(),
})
export type DirectoryEntryInput = z.infer<typeof DirectoryEntryInput>

/** A directory file shipped in resources/directory/*.json. */
export const DirectoryFile = z.object({
  partnershipId: z.string().min(1),
  partnership: z.string().min(1),
  source: z.string().min(1),
  entries: z.array(DirectoryEntry.omit({ partnershipId: true, source: true })),
})
export type DirectoryFile = z.infer<typeof DirectoryFile>
