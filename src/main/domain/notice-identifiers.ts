/**
 * Which of a child's identifiers a notice carries. Data minimisation (UK GDPR Art. 5(1)(c), "adequate,
 * relevant and limited to what is necessary"): by default a notice gives what the policy says it carries
 * (the notification's `identifiers`), else what its form asks for — St Helens' forms ask for "Date of
 * Birth", "ICS Number (if known)", "NHS Number (if known)" — else the date of birth alone, the least that
 * tells the recipient which child it is. The DSL may choose otherwise before export.
 *
 * Pure: no I/O.
 */
import { AppError } from '../../shared/errors'
import { type ChildIdentifier, inOrder } from '../../shared/identifiers'
import type { FormField, Policy } from '../../shared/policy'

/** The identifier a form field asks for, if it asks for one (by the field ids the exports answer, or its kind). */
export function identifierOfField(field: FormField): ChildIdentifier | null {
  switch (field.id) {
    case 'date-of-birth':
      return 'dateOfBirth'
    case 'nhs-number':
      return 'nhsNumber'
    case 'ics-number':
      return 'icsNumber'
    case 'current-level-of-need':
      return 'levelOfNeed'
  }
  if (field.kind === 'nhsNumber') return 'nhsNumber'
  if (field.optionsFrom === 'levelsOfNeed' && field.kind === 'choice') return 'levelOfNeed'
  return null
}

/** What a notice of this policy carries unless the DSL chooses otherwise, and why, in words. */
export function noticeIdentifierDefault(policy: Policy, notificationId: string): { identifiers: ChildIdentifier[]; from: string } {
  const n = policy.notifications.find((x) => x.id === notificationId)
  if (!n) throw new AppError('notification-unknown', `The ${policy.partnership} policy has no notification “${notificationId}”.`)
  if (n.identifiers) return { identifiers: inOrder(n.identifiers), from: 'what the policy says this notice gives' }
  const form = n.form ? policy.forms.find((f) => f.id === n.form) : undefined
  if (form) {
    return {
      identifiers: inOrder(form.fields.map(identifierOfField).filter((id): id is ChildIdentifier => id !== null)),
      from: `what the ${form.colour ? `${form.colour} ` : ''}${form.title} asks for`,
    }
  }
  return { identifiers: ['dateOfBirth'], from: 'the least that tells the recipient which child it is' }
}

export function defaultNoticeIdentifiers(policy: Policy, notificationId: string): ChildIdentifier[] {
  return noticeIdentifierDefault(policy, notificationId).identifiers
}

/** The DSL's choice where one was made (already validated at the boundary), else the policy's default. */
export function chosenNoticeIdentifiers(policy: Policy, notificationId: string, chosen: readonly ChildIdentifier[] | undefined): ChildIdentifier[] {
  return chosen === undefined ? defaultNoticeIdentifiers(policy, notificationId) : inOrder(chosen)
}
