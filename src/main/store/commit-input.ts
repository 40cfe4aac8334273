/** What a caller passes to Vault.commit, checked and serialised before it is queued. */
import { AppError } from '../../shared/errors'
import { assertDocId, documentJson } from './documents'
import type { AuditEventInput, DocumentChange } from './types'

const MAX_TEXT = 2000

function checkText(value: unknown, what: string, optional = false): void {
  if (optional && value === undefined) return
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT)
    throw new AppError('invalid-commit', `The audit entry's ${what} must be text of 1 to ${MAX_TEXT} characters.`)
}

/** Throws `invalid-commit` for anything that cannot be saved as it is. */
export function checkedCommit(event: AuditEventInput, changes: DocumentChange[]): { input: AuditEventInput; staged: { docId: string; json: string | null }[] } {
  checkText(event?.action, 'action')
  checkText(event.summary, 'summary')
  checkText(event.subject, 'subject', true)
  if (!Array.isArray(changes)) throw new AppError('invalid-commit', 'The list of changes is not a list.')
  const seen = new Set<string>()
  // Serialised now, so the caller changing its objects afterwards cannot change what is saved.
  const staged = changes.map((c) => {
    assertDocId(c.docId)
    if (seen.has(c.docId)) throw new AppError('invalid-commit', `The document “${c.docId}” appears twice in one change.`)
    seen.add(c.docId)
    if ('delete' in c && c.delete === true) return { docId: c.docId, json: null }
    let json: string | undefined
    try {
      json = 'data' in c ? documentJson(c.data) : undefined
    } catch {
      json = undefined // cycles, BigInt: not JSON
    }
    if (json === undefined) throw new AppError('invalid-commit', `The document “${c.docId}” has nothing that can be saved.`)
    return { docId: c.docId, json }
  })
  const input: AuditEventInput = {
    action: event.action,
    summary: event.summary,
    ...(event.subject !== undefined ? { subject: event.subject } : {}),
  }
  return { input, staged }
}
