/**
 * What every case handler starts from: the unlocked session's case log, who is acting, and the small
 * conversions the handlers share.
 *
 * Who is acting is the person who unlocked, as the vault holds them at this moment: the name in their
 * key slot (which only they can change, with their passphrase, in an audited rename) and the role the
 * vault holds for them. Never the profile: anyone signed in can type any name there, and a record signed
 * with it said "Approved Harriet Okonkwo" when someone else had approved it.
 */
import { AppError } from '../../shared/errors'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import type { Transition } from '../domain/disputes'
import type { CaseLog } from '../caselog'
import { requireSession, type Context, type Session } from './context'

export const nowIso = (ctx: Context): string => ctx.now().toISOString()

/** The signer of a record, approval, addendum or countersignature: as held in the vault now. */
export interface Signer {
  personId: string
  name: string
  role?: string
}

/** A person as the vault holds them: the key slot's name and the role held for them, if any. */
export function signerFor(session: Session, person: { personId: string; name: string }): Signer {
  const role = session.settings.people[person.personId]?.role
  return { personId: person.personId, name: person.name, ...(role ? { role } : {}) }
}

export function signer(ctx: Context): Signer {
  const session = requireSession(ctx)
  return signerFor(session, session.vault.person)
}

export function caseLogOf(ctx: Context): { log: CaseLog; actor: Signer } {
  const session = requireSession(ctx)
  return { log: session.caselog, actor: signer(ctx) }
}

/** The name stored as `by` on dispute steps, notifications, retention decisions: the vault's, never the profile's. */
export function actorName(ctx: Context): string {
  return requireSession(ctx).vault.person.name
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError('file-not-json', `That file is not a ${what}: it is not valid JSON.`, { field: 'json' })
  }
}

export const unwrap = (t: Transition): Dispute => {
  if (!t.ok) throw t.error
  return t.dispute
}

/** The policy a dispute was opened under, or the plain refusal when that version is not installed. */
export function policyOfDispute(log: CaseLog, dispute: Dispute): Policy {
  const policy = log.policyOf(dispute)
  if (!policy)
    throw new AppError('policy-missing', `The policy ${dispute.reference} was opened under is not installed: import version ${dispute.policy.version} first.`)
  return policy
}
