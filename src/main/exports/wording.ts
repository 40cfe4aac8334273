/**
 * Words the documents and their file names share: salutations as a person writes them, plurals, the
 * children a notification is about, and suggested file names that differ for every recipient and stage.
 */
import type { Child } from '../../shared/children'
import type { Condition, Policy } from '../../shared/policy'
import { stageNameInSentence, stageWordOf } from '../../shared/policy-words'
import { cleanLine } from './house-style'

// ── people ────────────────────────────────────────────────────────────────────────────────────────

/**
 * A policy's contacts are mostly roles and inboxes ("The child's Independent Reviewing Officer (via
 * CPRU)", "SCP escalations inbox"). A person writes "Dear Independent Reviewing Officer" and "Dear
 * colleagues", never "Dear The child's … (via CPRU)".
 */
export function salutation(contactName: string): string {
  const line = cleanLine(contactName)
  // "HSCB stage 4 contact (Alice Peatling)": the person named in brackets is who is written to.
  const person = /\(([A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+)\)\s*$/.exec(line)
  if (person) return `Dear ${person[1]},`
  const name = addressee(line)
  if (name === '' || /\b(inbox|mailbox|team|hub|MASH)\b/i.test(line)) return 'Dear colleagues,'
  return `Dear ${name},`
}

/** A contact's name as the object of "to": no leading article, no bracketed aside. */
export function addressee(contactName: string): string {
  return cleanLine(contactName)
    .replace(/\(s\)/g, 's')
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/^(the child['’]s|the children['’]s|your|the)\s+/i, '')
    .trim()
}

// ── plurals ───────────────────────────────────────────────────────────────────────────────────────

/** "a child" or "children". */
export function aChildOrChildren(count: number): string {
  return count === 1 ? 'a child' : 'children'
}

// ── which children a notification is about ────────────────────────────────────────────────────────

/** The circumstances a policy's conditions may name that are facts about one child. */
const CHILD_FACTS: Record<string, { holds: (c: Child) => boolean; words: string }> = {
  childProtectionPlan: { holds: (c) => c.childProtectionPlan, words: 'has a child protection plan' },
  lookedAfter: { holds: (c) => c.lookedAfter, words: 'is looked after' },
}

function circumstancesNamed(condition: Condition): string[] {
  if ('anyOf' in condition) return condition.anyOf
  if ('allOf' in condition) return condition.allOf
  if ('all' in condition) return condition.all.flatMap(circumstancesNamed)
  if ('any' in condition) return condition.any.flatMap(circumstancesNamed)
  // A circumstance under "not" makes a notice owed by its absence: it points to no child.
  return []
}

export interface ChildrenConcerned {
  children: readonly Child[]
  /** "Kai Doherty has a child protection plan", or null when the notice is about every child. */
  because: string | null
}

/**
 * The children whose own circumstances make a notification owed (the IRO notice owed because one of six
 * children is looked after is about that child): a notice names them and carries only their
 * identifiers. A notification owed for the dispute as a whole (a stage reached) is about every child.
 */
export function childrenConcerned(policy: Policy, notificationId: string, children: readonly Child[]): ChildrenConcerned {
  const n = policy.notifications.find((x) => x.id === notificationId)
  const facts = n ? circumstancesNamed(n.when).filter((id) => id in CHILD_FACTS) : []
  if (facts.length === 0) return { children, because: null }
  const reasons = children
    .map((c) => ({ c, words: facts.filter((f) => CHILD_FACTS[f].holds(c)).map((f) => CHILD_FACTS[f].words) }))
    .filter((x) => x.words.length > 0)
  // The flags on the children may lag the dispute's recorded circumstances: then keep every child.
  if (reasons.length === 0) return { children, because: null }
  return {
    children: reasons.map((x) => x.c),
    because: reasons.map((x) => `${cleanLine(x.c.name)} ${x.words.join(' and ')}`).join('; '),
  }
}

// ── file names ────────────────────────────────────────────────────────────────────────────────────

/** Characters Windows, macOS or a mail program will not take in a file name. */
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|]/g

/** A file name that says what it is and carries no child's name (file names travel in email lists). */
export function suggestedFileName(reference: string, what: string, ext: string): string {
  return `${cleanLine(`${reference} ${what}`).replace(NOT_IN_FILE_NAMES, '-')}.${ext}`
}

/** "Notification Stage 1" → "notification stage 1"; words in capitals (SSCP, IRO) are kept. */
function sentenceCase(title: string): string {
  return title
    .split(' ')
    .map((w) => (/^[A-Z][a-z’']+$/.test(w) ? w.toLowerCase() : w))
    .join(' ')
}

/**
 * What a notification's document is called in its file name, different for every recipient and stage:
 * "Orange notification stage 1", "notification to SSCP Business Manager stage 2".
 */
export function notificationFileWhat(policy: Policy, notificationId: string, stage: number | null | undefined): string {
  const n = policy.notifications.find((x) => x.id === notificationId)
  const form = n?.form ? policy.forms.find((f) => f.id === n.form) : undefined
  const stageWords = n?.repeat === 'eachStage' && stage !== null && stage !== undefined ? ` ${stageNameInSentence(policy, stage)}` : ''
  if (form) {
    const title = sentenceCase(cleanLine(form.title))
    const named = form.colour ? `${cleanLine(form.colour)} ${title}` : title
    return new RegExp(`\\b${stageWordOf(policy)} \\d+\\b`, 'i').test(named) ? named : `${named}${stageWords}`
  }
  const recipient = policy.contacts.find((c) => c.id === n?.recipient)?.name
  return `notification to ${recipient ? addressee(recipient) : 'recipient'}${stageWords}`
}
