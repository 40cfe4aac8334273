/** A policy's rules in words, shared by the policy screens. */
import { Fragment } from 'react'
import { type Condition, type Contact, type FormFieldKind, type Policy, type Step, type Timescale } from '../../../../shared/policy'
import { amountInWords, describeCondition } from '../../../../shared/policy-words'


// ── the policy's rules in words ─────────────────────────────────────────────────────────────────
// The main process interprets these rules; this screen only reads them aloud, so that another
// partnership's imported policy displays just as the bundled ones do.

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

export const conditionWords = (c: Condition, policy: Policy): string => describeCondition(c, policy)
export const amountWords = (t: Timescale): string => amountInWords(t)

/** "2 working days from the start of the stage"; `startOf` names what a stageStart is here. */
export function timescaleWords(t: Timescale, steps: readonly Step[], startOf: string): string {
  const from = t.from
  let anchor: string
  if (from.event === 'disagreement') anchor = from.label ?? 'the day the disagreement arose'
  else if (from.event === 'stageStart') anchor = from.label ?? startOf
  else {
    const step = steps.find((s) => s.id === from.step)
    anchor = from.label ?? (step ? `the deadline for “${step.title}”` : 'the previous step')
  }
  return `${amountWords(t)} from ${anchor}`
}

/** The policy's own wording first; how the app counts it beside it. */
export function TimescaleText({ t, steps, startOf }: { t: Timescale; steps: readonly Step[]; startOf: string }) {
  const counted = timescaleWords(t, steps, startOf)
  if (!t.wording) return <>{capitalise(counted)}</>
  return (
    <>
      {capitalise(t.wording)} <span className="muted">(counted as {counted})</span>
    </>
  )
}

/** Policy text marks emphasis as **words**: show it as bold, never as asterisks. */
export function Rich({ text }: { text: string }) {
  const parts = text.split(/\*\*(.+?)\*\*/g)
  return <>{parts.map((p, i) => (i % 2 === 1 ? <strong key={i}>{p}</strong> : <Fragment key={i}>{p}</Fragment>))}</>
}

export const FIELD_KIND_WORDS: Record<FormFieldKind, string> = {
  text: 'text',
  longText: 'a longer answer',
  date: 'a date',
  email: 'an email address',
  phone: 'a phone number',
  number: 'a number',
  nhsNumber: 'an NHS number',
  yesNo: 'yes or no',
  choice: 'one choice from a list',
  tickList: 'ticks from a list',
}

export const AVAILABILITY_WORDS: Record<NonNullable<Contact['availability']>, string> = {
  officeHours: 'Office hours',
  outOfHours: 'Out of hours',
  always: 'At any time',
}

export function contactsOf(policy: Policy) {
  return (id: string): Contact | undefined => policy.contacts.find((c) => c.id === id)
}

export function ContactLine({ contact, id }: { contact: Contact | undefined; id: string }) {
  if (!contact) return <>{id}</>
  return (
    <>
      <strong>{contact.name}</strong>
      {contact.organisation ? `, ${contact.organisation}` : ''}
      {contact.phone && <> — <span className="nowrap">{contact.phone}</span></>}
      {contact.email && <> — {contact.email}</>}
      {contact.availability && <span className="muted"> ({AVAILABILITY_WORDS[contact.availability].toLowerCase()})</span>}
    </>
  )
}

export function Steps({ steps, startOf }: { steps: readonly Step[]; startOf: string }) {
  if (steps.length === 0) return null
  return (
    <>
      <p className="label">Steps</p>
      <ol className="policy-steps">
        {steps.map((s) => (
          <li key={s.id}>
            <strong>{s.title}</strong>
            {s.onlyIf && <span className="muted"> — only {s.onlyIf.replace(/^(If|Where|When)\b/, (w) => w.toLowerCase())}</span>}
            {s.by && <div className="small">By: {s.by}</div>}
            {s.timescale && (
              <div className="small">
                When: <TimescaleText t={s.timescale} steps={steps} startOf={startOf} />
              </div>
            )}
            {s.description && <div className="small"><Rich text={s.description} /></div>}
          </li>
        ))}
      </ol>
    </>
  )
}

// ── one policy ───────────────────────────────────────────────────────────────────────────────────

export function MustRecord({ items }: { items: readonly { what: string; where?: string | undefined }[] }) {
  if (items.length === 0) return null
  return (
    <>
      <p className="label">Must be recorded</p>
      <ul>
        {items.map((r, i) => (
          <li key={i}>
            {r.what}
            {r.where && <span className="muted"> — {r.where}</span>}
          </li>
        ))}
      </ul>
    </>
  )
}
