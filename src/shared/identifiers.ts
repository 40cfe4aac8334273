/**
 * Which of a child's identifiers a notice carries (data minimisation: a notice gives what its recipient
 * needs, no more). The child's name is always given — a notice must say which child it is about — so the
 * choice is among the others. The policy says what each notice carries by default (its `identifiers`, or
 * what its form asks for); the DSL can change it before export, and the audit trail records the choice.
 *
 * Shared with the renderer: zod only, no Node, no DOM.
 */
import { z } from 'zod'

export const CHILD_IDENTIFIERS = ['dateOfBirth', 'nhsNumber', 'icsNumber', 'levelOfNeed', 'setting'] as const
export const ChildIdentifier = z.enum(CHILD_IDENTIFIERS, {
  error: 'must be one of "dateOfBirth", "nhsNumber", "icsNumber", "levelOfNeed" or "setting"',
})
export type ChildIdentifier = z.infer<typeof ChildIdentifier>

/** A choice of identifiers as sent over IPC: each at most once. */
export const IdentifierChoice = z
  .array(ChildIdentifier)
  .max(CHILD_IDENTIFIERS.length)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'Choose each identifier at most once' })

/** As they read inside a sentence: "date of birth", "NHS number". */
export const IDENTIFIER_LABELS: Record<ChildIdentifier, string> = {
  dateOfBirth: 'date of birth',
  nhsNumber: 'NHS number',
  icsNumber: 'ICS / LCS number',
  levelOfNeed: 'level of need',
  setting: 'school or setting',
}

/** The identifiers in their usual order, each once. */
export function inOrder(ids: readonly ChildIdentifier[]): ChildIdentifier[] {
  return CHILD_IDENTIFIERS.filter((id) => ids.includes(id))
}

const andList = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

/** "name, date of birth and NHS number": what a notice with this choice gives of each child. */
export function identifiersInWords(ids: readonly ChildIdentifier[]): string {
  return andList(['name', ...inOrder(ids).map((id) => IDENTIFIER_LABELS[id])])
}

/** "NHS number, ICS / LCS number…": what a notice with this choice leaves out, or null if nothing. */
export function identifiersLeftOut(ids: readonly ChildIdentifier[]): string | null {
  const out = CHILD_IDENTIFIERS.filter((id) => !ids.includes(id)).map((id) => IDENTIFIER_LABELS[id])
  return out.length === 0 ? null : andList(out)
}
