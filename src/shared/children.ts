/**
 * The child (or children) a disagreement is about. The fields are those the partnerships' forms ask
 * for — St Helens (seed 003): "Child/Family Name", "Date of Birth", "Current Level of Need",
 * "ICS Number (if known)", "NHS Number (if known)" — and the two circumstances that change who must be
 * told: a child protection plan, and being looked after (Solihull, seed 001: the Independent Reviewing
 * Officer).
 *
 * Shared with the renderer (the NHS number check runs as the DSL types): zod only, no Node, no DOM.
 */
import { z } from 'zod'
import { CivilDate } from './dates'
import { checkCivilDate } from './date-entry'

export const SETTING_TYPES = [
  'school',
  'nursery',
  'childminder',
  'college',
  'alternative-provision',
  'elective-home-education',
  'not-in-education',
  'other',
] as const
export const SettingType = z.enum(SETTING_TYPES, { error: 'Choose the kind of setting' })
export type SettingType = z.infer<typeof SettingType>

export const SETTING_TYPE_LABELS: Record<SettingType, string> = {
  school: 'School',
  nursery: 'Nursery or pre-school',
  childminder: 'Childminder',
  college: 'College or sixth form',
  'alternative-provision': 'Alternative provision',
  'elective-home-education': 'Electively home educated',
  'not-in-education': 'Not in education',
  other: 'Other',
}

// ── NHS number ───────────────────────────────────────────────────────────────────────────────────

/** Spaces and hyphens people type between the groups of digits (and around them). */
const NHS_SEPARATORS = /[\s-]+/g

/**
 * What a typed NHS number is, once spaces and hyphens are removed:
 * - `valid`: 10 digits with the right modulus-11 check digit;
 * - `wrong-check-digit`: 10 digits, but the last should be `expected`;
 * - `impossible`: 10 digits whose first nine give a check digit of 10 — no NHS number starts so;
 * - `not-ten-digits` / `not-digits`: not the shape of an NHS number at all.
 */
export type NhsNumberCheck =
  | { result: 'valid'; digits: string }
  | { result: 'wrong-check-digit'; digits: string; expected: number }
  | { result: 'impossible'; digits: string }
  | { result: 'not-ten-digits'; digitCount: number }
  | { result: 'not-digits' }

/** The modulus-11 check digit of the first nine digits, or 10 if no check digit is possible. */
export function nhsCheckDigit(firstNine: string): number {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (firstNine.charCodeAt(i) - 48) * (10 - i)
  const check = 11 - (sum % 11)
  return check === 11 ? 0 : check
}

export function checkNhsNumber(input: string): NhsNumberCheck {
  const digits = input.replace(NHS_SEPARATORS, '')
  if (!/^\d*$/.test(digits)) return { result: 'not-digits' }
  if (digits.length !== 10) return { result: 'not-ten-digits', digitCount: digits.length }
  const expected = nhsCheckDigit(digits)
  if (expected === 10) return { result: 'impossible', digits }
  if (expected !== digits.charCodeAt(9) - 48) return { result: 'wrong-check-digit', digits, expected }
  return { result: 'valid', digits }
}

/** '9434765919' → '943 476 5919', the way the NHS prints it. */
export function formatNhsNumber(digits: string): string {
  return digits.length === 10 ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits
}

/** Why a typed NHS number is refused, in a sentence; null if it is valid. */
export function nhsNumberProblem(input: string): string | null {
  const check = checkNhsNumber(input)
  switch (check.result) {
    case 'valid':
      return null
    case 'wrong-check-digit':
      // Never say which check digit would pass: that invites a valid number that is some other child's.
      return `The NHS number ${formatNhsNumber(check.digits)} is not valid: a digit is wrong or two digits are the wrong way round. Check the number against a letter or record from the NHS.`
    case 'impossible':
      return `The NHS number ${formatNhsNumber(check.digits)} is not valid: no NHS number begins with the digits ${formatNhsNumber(check.digits).slice(0, 11)}. Check the number against a letter or record from the NHS.`
    case 'not-ten-digits':
      return `An NHS number has 10 digits; this one has ${check.digitCount}.`
    case 'not-digits':
      return 'An NHS number is made of digits only (spaces or hyphens between them are fine), for example 943 476 5919.'
  }
}

/** An NHS number as stored: 10 digits with a valid check digit. */
export const NhsNumber = z
  .string()
  .regex(/^\d{10}$/, { error: 'An NHS number is stored as 10 digits' })
  .refine((v) => checkNhsNumber(v).result === 'valid', {
    error: 'The NHS number’s check digit is wrong',
  })

// ── the child ────────────────────────────────────────────────────────────────────────────────────

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .nullable()

/**
 * When a child protection plan or looked-after status held. `from` is null for a period recorded before
 * dates were kept (all that is known is that it held then); `to` is the day it ended, null while it holds.
 */
export const ChildCircumstancePeriod = z.object({
  circumstance: z.enum(['childProtectionPlan', 'lookedAfter']),
  from: CivilDate.nullable(),
  to: CivilDate.nullable(),
})
export type ChildCircumstancePeriod = z.infer<typeof ChildCircumstancePeriod>

/** A child as stored. */
export const Child = z.object({
  id: z.string().min(1),
  /** As the forms ask: "Child/Family Name". */
  name: z.string().trim().min(1).max(200),
  /** null if not known (for example an unborn baby). */
  dateOfBirth: CivilDate.nullable(),
  nhsNumber: NhsNumber.nullable(),
  /** The local authority's children's social care number (ICS, LCS or Mosaic): "ICS Number (if known)". */
  icsNumber: optionalText(40),
  /** The partnership's level of need ("Current Level of Need"); checked against the policy's list by the caller. */
  levelOfNeed: optionalText(120),
  childProtectionPlan: z.boolean(),
  lookedAfter: z.boolean(),
  /** When the plan and looked-after status held: a flag is true exactly while its period is open. */
  circumstanceHistory: z.array(ChildCircumstancePeriod),
  settingType: SettingType.nullable(),
  /** The school, nursery or other setting by name. */
  settingName: optionalText(200),
})
export type Child = z.infer<typeof Child>

/**
 * A child as entered on the form (an IPC input): the NHS number as typed, empty strings for blanks.
 * The domain (createChild / updateChild) turns it into a Child or refuses it with a reason.
 */
export const ChildInput = z.object({
  name: z.string().max(200, { error: 'The name must be at most 200 characters' }),
  /** Blank is "not known"; anything else must be a real date ("There is no 31 February"). */
  dateOfBirth: z
    .string()
    .max(10)
    .superRefine((value, ctx) => {
      const checked = value.trim() === '' ? null : checkCivilDate(value.trim())
      if (checked && !checked.ok) ctx.addIssue({ code: 'custom', message: checked.message })
    })
    .nullable()
    .optional(),
  nhsNumber: z.string().max(40).nullable().optional(),
  icsNumber: z.string().max(40).nullable().optional(),
  levelOfNeed: z.string().max(120).nullable().optional(),
  childProtectionPlan: z.boolean().optional(),
  lookedAfter: z.boolean().optional(),
  settingType: SettingType.nullable().optional(),
  settingName: z.string().max(200).nullable().optional(),
})
export type ChildInput = z.infer<typeof ChildInput>

/** How long the records about these children are kept before they are reviewed for disposal. */
export const RetentionRule = z.object({
  /** Years after the youngest child's date of birth. */
  yearsAfterYoungestBirth: z.number().int().min(1).max(125),
})
export type RetentionRule = z.infer<typeof RetentionRule>

/**
 * Date of birth of the youngest child + 25 years: the retention period for child protection files in the
 * IRMS Records Management Toolkit for Schools.
 */
export const DEFAULT_RETENTION_RULE: RetentionRule = { yearsAfterYoungestBirth: 25 }
