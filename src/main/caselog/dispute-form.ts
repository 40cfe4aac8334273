/**
 * Reading the open disputes at unlock without parsing every contact record (issue #20, "unlock → dashboard
 * ≤ 3 × its floor"). The dashboard needs each open dispute, its children's names and its drafts — not the
 * approved records, which are most of a dispute document's bytes and were most of the unlock's schema parse
 * and its garbage.
 *
 * A dispute document at the current format, with exactly its keys, is read in two steps:
 * - at unlock: the dispute, the children's names, the team notes and every draft record are parsed with
 *   their schemas (DisputeDoc's own parts), and `records` must be an array of objects. A document that fails
 *   any of that goes to readDocument, which refuses it by name exactly as before (and the dashboard lists it
 *   as unreadable);
 * - when anything first reads `records` (a screen opening the dispute, a save, an export): every record is
 *   parsed with the same schema. A damaged record is refused there, by the document's name, with the same
 *   error readDocument gives (`document-invalid` naming `dispute.<id>`), and the caller's `damaged` is told.
 *
 * `records` is an accessor on the returned document that replaces itself with the parsed array once read,
 * so every caller keeps reading `doc.records` as before. The document's bytes were checked against the
 * journal's hash when loaded (Vault.load); nothing about that changes. Anything else — an older format, an
 * unknown key — goes through readDocument whole, migrations and all.
 */
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { Dispute } from '../../shared/dispute'
import { ContactRecord } from '../../shared/records'
import type { RecordGateView } from '../domain/disputes'
import type { DisputeDoc } from './documents'
import { currentFormat, readDocument } from './migrations'
import { TeamNotes } from './team-notes'
import { recordLabel } from '../domain/records'

const DISPUTE_FORMAT = currentFormat('dispute')
const KEYS = ['format', 'dispute', 'childNames', 'records', 'team'] as const
const Head = z.strictObject({ dispute: Dispute, childNames: z.array(z.string()), team: TeamNotes.nullable() })
const Records = z.array(ContactRecord)

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function hasKeys(o: Obj, keys: readonly string[]): boolean {
  let n = 0
  for (const _ in o) n++
  return n === keys.length && keys.every((k) => Object.hasOwn(o, k))
}

/** The drafts a lazily read document was opened with, until its records are parsed (then gateViews of them). */
const openedDrafts = new WeakMap<DisputeDoc, RecordGateView[]>()

export interface OpenDisputeRead {
  doc: DisputeDoc
  /** Its draft records, as the dashboard's gates see them. */
  drafts: RecordGateView[]
}

/**
 * An open dispute's document, for the dashboard: see the file's comment. Throws the AppError readDocument
 * throws for a document it refuses. `damaged` is told when a later read of `records` finds one refused.
 */
export function readOpenDispute(docId: string, stored: unknown, damaged: (docId: string, error: AppError) => void): OpenDisputeRead {
  if (!isObject(stored) || stored.format !== DISPUTE_FORMAT || !docId.startsWith('dispute.') || !hasKeys(stored, KEYS) || !Array.isArray(stored.records))
    return whole(docId, stored)
  const rawRecords = stored.records as unknown[]
  if (!rawRecords.every(isObject)) return whole(docId, stored)
  const head = Head.safeParse({ dispute: stored.dispute, childNames: stored.childNames, team: stored.team })
  if (!head.success) return whole(docId, stored)
  const drafts: RecordGateView[] = []
  for (const raw of rawRecords) {
    if (raw.status !== 'draft') continue
    const record = ContactRecord.safeParse(raw)
    if (!record.success) return whole(docId, stored)
    drafts.push(...gateViews([record.data], head.data.team))
  }

  // Keys in the schema's order, so the document serialises as it did when read whole.
  const doc = { format: DISPUTE_FORMAT, dispute: head.data.dispute, childNames: head.data.childNames } as DisputeDoc
  Object.defineProperty(doc, 'records', {
    enumerable: true,
    configurable: true,
    get(): ContactRecord[] {
      const parsed = Records.safeParse(rawRecords)
      let records: ContactRecord[]
      if (parsed.success) records = parsed.data
      else
        try {
          // The same refusal, by the same name and with the same details, as reading the document whole.
          records = readDocument('dispute', docId, stored).records
        } catch (error) {
          if (error instanceof AppError) damaged(docId, error)
          throw error
        }
      Object.defineProperty(doc, 'records', { value: records, enumerable: true, configurable: true, writable: true })
      openedDrafts.delete(doc)
      return records
    },
  })
  doc.team = head.data.team
  openedDrafts.set(doc, drafts)
  return { doc, drafts }
}

function whole(docId: string, stored: unknown): OpenDisputeRead {
  const doc = readDocument('dispute', docId, stored)
  return { doc, drafts: gateViews(doc.records, doc.team) }
}

/** The drafts among `records`, as the gates see them; a draft the dispute's team notes say was set aside is marked so. */
export function gateViews(records: readonly ContactRecord[], team: TeamNotes | null = null): RecordGateView[] {
  const aside = new Set((team?.records ?? []).filter((r) => r.conflicts.includes('set-aside')).map((r) => r.recordId))
  return records.filter((r) => r.status === 'draft').map((r) => ({ id: r.id, status: aside.has(r.id) ? 'set-aside' : r.status, label: recordLabel(r) }))
}

/** A dispute document's drafts: those it was opened with while its records are unread, else from its records. */
export function draftsOf(doc: DisputeDoc): RecordGateView[] {
  return openedDrafts.get(doc) ?? gateViews(doc.records, doc.team)
}

/** Whether reading this document's records now would parse them (they were left unread at unlock). */
export function recordsUnread(doc: DisputeDoc): boolean {
  return openedDrafts.has(doc)
}
