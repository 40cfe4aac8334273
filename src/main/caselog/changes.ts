/**
 * How one write of the case log becomes stored documents: which documents a changed dispute touches, and
 * the list of document changes the vault commits at once with the write's one audit event.
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Settings } from '../../shared/ipc'
import type { DocumentChange, Vault } from '../store'
import { deleteAttachmentChanges } from '../store/attachments'
import type { ContactRecord } from '../../shared/records'
import {
  archiveDocId,
  CHILDREN,
  DIRECTORY,
  disputeDocId,
  INDEX,
  meetingDocId,
  POLICIES,
  SETTINGS,
  type ArchiveDoc,
  type ChildrenDoc,
  type DirectoryDoc,
  type DisputeDoc,
  type IndexDoc,
  type MeetingDoc,
  type PoliciesDoc,
  type SummaryDoc,
  summaryDocId,
  ORG_KEY,
  TEAM,
  type OrgKeyDoc,
  type TeamDoc,
  type TeamKeysDoc,
  teamKeysDocId,
} from './documents'
import { quarterlyFactsOf } from '../domain/quarterly-facts'
import { teamAttention } from './team-notes'
import { currentFormat } from './migrations'
import type { QuarterWrites } from './quarters'

/** Which documents one write changes. */
export interface Changes {
  index?: IndexDoc
  children?: ChildrenDoc
  directory?: DirectoryDoc
  policies?: PoliciesDoc
  settings?: Settings
  disputes?: DisputeDoc[]
  /** Disputes whose documents are removed by a recorded disposal decision. */
  deleteDisputes?: string[]
  archives?: Map<string, ArchiveDoc>
  meetings?: MeetingDoc[]
  /** Meetings whose documents go with their disputes' at disposal. */
  deleteMeetings?: string[]
  /** The year summaries this write changes (the quarterly facts of its disputes and their children). */
  summaries?: Map<string, SummaryDoc>
  /** The quarter documents written whole (a build); otherwise the commit derives them from `summaries`. */
  quarters?: QuarterWrites
  orgKey?: OrgKeyDoc
  team?: TeamDoc
  /** The parts of the team's dispute keys this write changes (written only with the team document). */
  teamKeys?: Map<string, TeamKeysDoc>
  /** Attachment chunks written or removed with a record (src/main/store/attachments.ts). */
  files?: DocumentChange[]
}

/**
 * A value stored under an id, or undefined — never something inherited from Object.prototype, so an id
 * typed as "constructor" or "__proto__" finds nothing rather than a function.
 */
export const own = <T>(record: Record<string, T>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined

export const newId = (): string => randomBytes(8).toString('hex')
export const notFound = (): AppError => new AppError('dispute-not-found', 'There is no dispute with that reference in this vault.')

/** Dispute ids begin with the year they were opened, which names their archive document. */
export const yearOfDisputeId = (id: string): string => {
  const year = /^(\d{4})-[0-9a-f]+$/.exec(id)?.[1]
  if (!year) throw notFound()
  return year
}

export const emptyArchive = (): ArchiveDoc => ({ format: 4, disputes: {}, disposed: {} })
export const emptySummary = (): SummaryDoc => ({ format: 1, disputes: {}, children: {} })

/**
 * The summary with this dispute's quarterly facts as saved now, and its children's setting and level of
 * need (`children` gives those not yet in the summary; a child already in it is kept as it is — a change
 * to a child goes through `withChild`).
 */
export function summaryWithDispute(
  summary: SummaryDoc,
  dispute: Parameters<typeof quarterlyFactsOf>[0],
  children: SummaryDoc['children'],
): SummaryDoc {
  const kept = { ...summary.children }
  for (const id of dispute.childIds) {
    const facts = own(kept, id) ?? own(children, id)
    if (facts) kept[id] = facts
  }
  return { ...summary, disputes: { ...summary.disputes, [dispute.id]: quarterlyFactsOf(dispute) }, children: kept }
}

/** The summary without a disposed dispute, and without children no remaining dispute names. */
export function summaryWithout(summary: SummaryDoc, disputeId: string): SummaryDoc {
  const disputes = { ...summary.disputes }
  delete disputes[disputeId]
  const named = new Set(Object.values(disputes).flatMap((d) => d.childIds))
  return { ...summary, disputes, children: Object.fromEntries(Object.entries(summary.children).filter(([id]) => named.has(id))) }
}

/**
 * Adds to `changes` what saving this dispute document writes: the document itself always; the index when
 * the dispute opens or closes, or its team notes start or stop asking for a decision; once closed, its entry (keeping any retention decisions) in `archive`, the
 * archive of the year it opened in (null for an open dispute).
 */
export function placeDispute(changes: Changes, savedIndex: IndexDoc, archive: ArchiveDoc | null, doc: DisputeDoc): void {
  const { dispute, childNames } = doc
  changes.disputes = [...(changes.disputes ?? []), doc]
  const flagged = (changes.index ?? savedIndex).teamNotes.some((t) => t.id === dispute.id)
  const attention = teamAttention(doc.team).length > 0
  if (flagged !== attention) {
    const before = changes.index ?? savedIndex
    const others = before.teamNotes.filter((t) => t.id !== dispute.id)
    changes.index = { ...before, teamNotes: attention ? [...others, { id: dispute.id, reference: dispute.reference }] : others }
  }
  const index = changes.index ?? savedIndex
  const listed = index.open.some((o) => o.id === dispute.id)
  if (dispute.status === 'open') {
    if (!listed) changes.index = { ...index, open: [...index.open, { id: dispute.id, reference: dispute.reference }] }
    return
  }
  if (listed) changes.index = { ...index, open: index.open.filter((o) => o.id !== dispute.id) }
  if (!archive) throw new Error('a closed dispute needs its archive')
  const previous = own(archive.disputes, dispute.id)
  changes.archives ??= new Map()
  changes.archives.set(yearOfDisputeId(dispute.id), {
    ...archive,
    disputes: { ...archive.disputes, [dispute.id]: { retention: previous?.retention ?? [], dispute, childNames } },
  })
}

/** The vault's list of document changes for one write (each document at its current format). */
export function documentChanges(changes: Changes): DocumentChange[] {
  const list: DocumentChange[] = []
  if (changes.index) list.push({ docId: INDEX, data: changes.index })
  if (changes.children) list.push({ docId: CHILDREN, data: changes.children })
  if (changes.directory) list.push({ docId: DIRECTORY, data: changes.directory })
  if (changes.policies) list.push({ docId: POLICIES, data: changes.policies })
  if (changes.settings) list.push({ docId: SETTINGS, data: { ...changes.settings, format: currentFormat('settings') } })
  for (const doc of changes.disputes ?? []) list.push({ docId: disputeDocId(doc.dispute.id), data: doc })
  for (const [year, doc] of changes.archives ?? []) list.push({ docId: archiveDocId(year), data: doc })
  for (const id of changes.deleteDisputes ?? []) list.push({ docId: disputeDocId(id), delete: true })
  for (const doc of changes.meetings ?? []) list.push({ docId: meetingDocId(doc.meeting.disputeId), data: doc })
  for (const id of changes.deleteMeetings ?? []) list.push({ docId: meetingDocId(id), delete: true })
  for (const [year, doc] of changes.summaries ?? []) list.push({ docId: summaryDocId(year), data: doc })
  if (changes.orgKey) list.push({ docId: ORG_KEY, data: changes.orgKey })
  if (changes.team) list.push({ docId: TEAM, data: changes.team })
  for (const [shard, doc] of changes.teamKeys ?? []) list.push({ docId: teamKeysDocId(shard), data: doc })
  list.push(...(changes.files ?? []))
  return list
}

/** Removes every stored file the records list (a dispute disposed of): each once, only chunks still there. */
export function deleteFilesOf(vault: Vault, records: readonly ContactRecord[]): DocumentChange[] {
  const seen = new Map<string, number>()
  for (const r of records) for (const f of r.files ?? []) seen.set(f.id, f.size)
  return [...seen].flatMap(([id, size]) => deleteAttachmentChanges(vault, id, size))
}
