/**
 * What every case handler starts from: the unlocked session's case log, who is acting (the person who
 * unlocked, by their profile's name), and the small conversions the handlers share.
 */
import { AppError } from '../../shared/errors'
import type { Dispute } from '../../shared/dispute'
import type { Transition } from '../domain/disputes'
import type { CaseLog } from '../caselog'
import { requireSession, type Context } from './context'

export const nowIso = (ctx: Context): string => ctx.now().toISOString()

export function caseLogOf(ctx: Context): { log: CaseLog; actor: { personId: string; name: string } } {
  const session = requireSession(ctx)
  return { log: session.caselog, actor: { personId: session.vault.person.personId, name: actorName(ctx) } }
}

export function actorName(ctx: Context): string {
  const session = requireSession(ctx)
  return session.settings.profiles[session.vault.person.personId]?.name ?? session.vault.person.name
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
