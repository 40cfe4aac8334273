/**
 * The case log over the vault: which domain values live in which encrypted document, and the one way
 * to change them (`save`), which commits every changed document and one audit event atomically and
 * only then updates what is cached in memory — a failed write leaves memory as it was.
 *
 * Documents (each small, so a save never costs in proportion to the history):
 *   index             the ids of the open disputes, and the reference counters
 *   dispute.<id>      one dispute: the Dispute, its children's names, its contact records and addenda —
 *                     logging or approving a contact writes this one document
 *   archive.<year>    closed disputes opened in that year, without their records (for the quarterly
 *                     figures and retention review), plus retention decisions and disposal tombstones
 *   children          every child
 *   directory         the agency directory (seeded from the shipped directory files)
 *   policies          imported policies, imported bank holidays, extra closure days
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { Policy, PolicyRetirement } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import {
  bundledBankHolidays,
  createWorkingCalendar,
  type BankHoliday,
  type ClosureDay,
  type WorkingCalendar,
} from '../domain/calendar'
import { seedDirectory } from '../domain/directory'
import { builtInPolicies, findPolicy } from '../domain/policies'
import type { RecordGateView } from '../domain/disputes'
import { recordLabel } from '../domain/records'
import type { AuditEvent, Vault } from '../store'
import type { RetentionDecision } from '../domain/retention'
import { SearchService } from './search-service'

export interface OpenEntry {
  dispute: Dispute
  childNames: string[]
  drafts: RecordGateView[]
}

export interface IndexDoc {
  format: 2
  /** Highest reference counter used, per year. */
  counters: Record<string, number>
  /** The open disputes (their documents are loaded at unlock for the dashboard). */
  open: { id: string; reference: string }[]
}

export interface DisputeDoc {
  format: 1
  dispute: Dispute
  childNames: string[]
  records: ContactRecord[]
}

export interface ArchivedEntry {
  dispute: Dispute
  childNames: string[]
  retention?: RetentionDecision[]
}

/** What remains of a disposed dispute: no case content, only that it existed and why it went. */
export interface DisposalTombstone {
  reference: string
  at: string
  by: string
  reason: string
}

export interface ArchiveDoc {
  format: 1
  disputes: Record<string, ArchivedEntry>
  disposed?: Record<string, DisposalTombstone>
}

export interface ChildrenDoc {
  format: 1
  children: Record<string, Child>
}

export interface DirectoryDoc {
  format: 1
  entries: Record<string, DirectoryEntry>
}

export interface PoliciesDoc {
  format: 1
  imported: Policy[]
  /** Set once a gov.uk bank-holidays file has been imported: replaces the bundled list. */
  bankHolidays: BankHoliday[] | null
  extraClosures: ClosureDay[]
  /** Policies no longer in use (absent in vaults written before retiring existed: none is retired). */
  retired?: PolicyRetirement[]
}

const INDEX = 'index'
const CHILDREN = 'children'
const DIRECTORY = 'directory'
const POLICIES = 'policies'
const disputeDoc = (disputeId: string) => `dispute.${disputeId}`
const archiveDoc = (year: string) => `archive.${year}`

/**
 * A value stored under an id, or undefined — never something inherited from Object.prototype, so an id
 * typed as "constructor" or "__proto__" finds nothing rather than a function.
 */
export const own = <T>(record: Record<string, T>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined

export const newId = (): string => randomBytes(8).toString('hex')
/** Dispute ids begin with the year they were opened, which names their archive document. */
export const newDisputeId = (year: number): string => `${year}-${randomBytes(6).toString('hex')}`
const yearOfDisputeId = (id: string): string => {
  const year = /^(\d{4})-[0-9a-f]+$/.exec(id)?.[1]
  if (!year) throw new AppError('dispute-not-found', 'There is no dispute with that reference in this vault.')
  return year
}

export interface Changes {
  index?: IndexDoc
  children?: ChildrenDoc
  directory?: DirectoryDoc
  policies?: PoliciesDoc
  disputes?: DisputeDoc[]
  /** Disputes whose documents are removed by a recorded disposal decision. */
  deleteDisputes?: string[]
  archives?: [year: string, doc: ArchiveDoc][]
}

export const gateViews = (records: readonly ContactRecord[]): RecordGateView[] =>
  records.filter((r) => r.status === 'draft').map((r) => ({ id: r.id, status: r.status, label: recordLabel(r) }))

export class CaseLog {
  private childrenCache: ChildrenDoc | null = null
  private directoryCache: DirectoryDoc | null = null
  private readonly disputeCache = new Map<string, DisputeDoc>()
  private readonly archiveCache = new Map<string, ArchiveDoc>()
  private calendarCache: WorkingCalendar | null = null
  private policiesList: Policy[] | null = null
  readonly search: SearchService = new SearchService(this)

  private constructor(
    private readonly vault: Vault,
    public index: IndexDoc,
    public policiesDoc: PoliciesDoc,
  ) {}

  /** Loads what the dashboard needs and nothing more: the index, the open disputes, imported policies. */
  static async open(vault: Vault): Promise<CaseLog> {
    const loaded = await vault.loadMany<unknown>([INDEX, POLICIES])
    const index = (loaded.get(INDEX) as IndexDoc | undefined) ?? { format: 2, counters: {}, open: [] }
    const policies = (loaded.get(POLICIES) as PoliciesDoc | undefined) ?? {
      format: 1,
      imported: [],
      bankHolidays: null,
      extraClosures: [],
    }
    const log = new CaseLog(vault, index, policies)
    // One batch for every open dispute: a damaged one is listed in vault.problems, the rest still open.
    const open = await vault.loadMany<DisputeDoc>(index.open.map((o) => disputeDoc(o.id)), { skipDamaged: true })
    for (const [docId, doc] of open) log.disputeCache.set(docId.slice('dispute.'.length), doc)
    return log
  }

  /** The open disputes with their drafts, from memory (loaded at unlock, kept current by each save). */
  openEntries(): OpenEntry[] {
    const out: OpenEntry[] = []
    for (const { id } of this.index.open) {
      const doc = this.disputeCache.get(id)
      if (doc) out.push({ dispute: doc.dispute, childNames: doc.childNames, drafts: gateViews(doc.records) })
    }
    return out
  }

  /** Open disputes whose document could not be read at unlock (listed in vault.problems too). */
  unreadableOpen(): { id: string; reference: string; problem: string }[] {
    return this.index.open
      .filter(({ id }) => !this.disputeCache.has(id))
      .map(({ id, reference }) => ({
        id,
        reference,
        problem:
          this.vault.problems.find((p) => p.docId === disputeDoc(id))?.message ??
          `The document “${disputeDoc(id)}” of ${reference} cannot be read.`,
      }))
  }

  policies(): Policy[] {
    this.policiesList ??= [...builtInPolicies(), ...this.policiesDoc.imported]
    return this.policiesList
  }

  policyOf(dispute: Dispute): Policy | null {
    return findPolicy(this.policies(), dispute.policy.id, dispute.policy.version)
  }

  calendar(): WorkingCalendar {
    this.calendarCache ??= createWorkingCalendar({
      bankHolidays: this.policiesDoc.bankHolidays ?? bundledBankHolidays(),
      extraClosures: this.policiesDoc.extraClosures,
    })
    return this.calendarCache
  }

  async children(): Promise<ChildrenDoc> {
    this.childrenCache ??= (await this.vault.load<ChildrenDoc>(CHILDREN)) ?? { format: 1, children: {} }
    return this.childrenCache
  }

  async directory(): Promise<DirectoryDoc> {
    if (!this.directoryCache) {
      const stored = await this.vault.load<DirectoryDoc>(DIRECTORY)
      this.directoryCache = stored ?? {
        format: 1,
        entries: Object.fromEntries(seedDirectory().map((e) => [e.id, e])),
      }
    }
    return this.directoryCache
  }

  private async disputeDocument(disputeId: string): Promise<DisputeDoc | undefined> {
    let doc = this.disputeCache.get(disputeId)
    if (!doc) {
      yearOfDisputeId(disputeId)
      doc = await this.vault.load<DisputeDoc>(disputeDoc(disputeId))
      if (doc) this.disputeCache.set(disputeId, doc)
    }
    return doc
  }

  async records(disputeId: string): Promise<{ records: ContactRecord[] }> {
    const doc = await this.disputeDocument(disputeId)
    if (!doc) throw new AppError('dispute-not-found', 'There is no dispute with that reference in this vault.')
    return doc
  }

  async archive(year: string): Promise<ArchiveDoc> {
    let doc = this.archiveCache.get(year)
    if (!doc) {
      doc = (await this.vault.load<ArchiveDoc>(archiveDoc(year))) ?? { format: 1, disputes: {} }
      this.archiveCache.set(year, doc)
    }
    return doc
  }

  /** Every year that has an archive document. */
  archiveYears(): string[] {
    return this.vault
      .documentIds()
      .filter((id) => id.startsWith('archive.'))
      .map((id) => id.slice('archive.'.length))
      .sort()
  }

  yearOf(disputeId: string): string {
    return yearOfDisputeId(disputeId)
  }

  /** A dispute, open or closed, with its children's names (and, once closed, its retention decisions). */
  async find(disputeId: string): Promise<{ entry: ArchivedEntry; open: boolean }> {
    const doc = await this.disputeDocument(disputeId)
    if (!doc) throw new AppError('dispute-not-found', 'There is no dispute with that reference in this vault.')
    if (doc.dispute.status === 'open') return { entry: { dispute: doc.dispute, childNames: doc.childNames }, open: true }
    const archived = own((await this.archive(yearOfDisputeId(disputeId))).disputes, disputeId)
    return { entry: archived ?? { dispute: doc.dispute, childNames: doc.childNames }, open: false }
  }

  /**
   * Every dispute with its records, a batch at a time, without keeping them in memory: for building the
   * search index over ten years of records without holding them all.
   */
  async scanDisputes(visit: (doc: DisputeDoc) => void, batch = 100): Promise<void> {
    const ids = this.vault.documentIds().filter((id) => id.startsWith('dispute.'))
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch)
      const docs = await this.vault.loadMany<DisputeDoc>(chunk, { skipDamaged: true, cache: false })
      for (const id of chunk) {
        const doc = this.disputeCache.get(id.slice('dispute.'.length)) ?? docs.get(id)
        if (doc) visit(doc)
      }
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  /** Every dispute ever opened (open ones from memory, closed ones from the archives), without records. */
  async allDisputes(): Promise<ArchivedEntry[]> {
    const out: ArchivedEntry[] = this.openEntries().map(({ dispute, childNames }) => ({ dispute, childNames }))
    for (const year of this.archiveYears()) out.push(...Object.values((await this.archive(year)).disputes))
    return out
  }

  /** Commit every changed document and one audit event; update memory only once that has succeeded. */
  async save(event: { action: string; subject?: string; summary: string }, changes: Changes): Promise<AuditEvent> {
    const list: { docId: string; data: unknown }[] = []
    if (changes.index) list.push({ docId: INDEX, data: changes.index })
    if (changes.children) list.push({ docId: CHILDREN, data: changes.children })
    if (changes.directory) list.push({ docId: DIRECTORY, data: changes.directory })
    if (changes.policies) list.push({ docId: POLICIES, data: changes.policies })
    for (const doc of changes.disputes ?? []) list.push({ docId: disputeDoc(doc.dispute.id), data: doc })
    for (const [year, doc] of changes.archives ?? []) list.push({ docId: archiveDoc(year), data: doc })
    const removals = (changes.deleteDisputes ?? []).map((id) => ({ docId: disputeDoc(id), delete: true as const }))
    const committed = await this.vault.commit(event, [...list, ...removals])
    for (const id of changes.deleteDisputes ?? []) this.disputeCache.delete(id)
    const touched = new Set<string>((changes.disputes ?? []).map((d) => d.dispute.id))
    if (changes.index) this.index = changes.index
    if (changes.children) this.childrenCache = changes.children
    if (changes.directory) this.directoryCache = changes.directory
    if (changes.policies) {
      this.policiesDoc = changes.policies
      this.policiesList = null
      this.calendarCache = null
    }
    for (const doc of changes.disputes ?? []) this.disputeCache.set(doc.dispute.id, doc)
    for (const [year, doc] of changes.archives ?? []) this.archiveCache.set(year, doc)
    if (changes.deleteDisputes?.length) this.search.dispose()
    try {
      await this.search.refresh({ disputeIds: [...touched], children: Boolean(changes.children), directory: Boolean(changes.directory) })
    } catch {
      // The save is committed; a search index that could not follow is rebuilt on the next search.
      this.search.dispose()
    }
    return committed
  }

  /**
   * The changes that save a dispute: its own document always; the index when it opens or closes; its
   * year's archive once it is closed.
   */
  async placeDispute(dispute: Dispute, childNames: string[], records: ContactRecord[]): Promise<Changes> {
    const doc: DisputeDoc = { format: 1, dispute, childNames, records }
    const listed = this.index.open.some((o) => o.id === dispute.id)
    if (dispute.status === 'open')
      return listed
        ? { disputes: [doc] }
        : { disputes: [doc], index: { ...this.index, open: [...this.index.open, { id: dispute.id, reference: dispute.reference }] } }
    const year = yearOfDisputeId(dispute.id)
    const archive = await this.archive(year)
    const previous = own(archive.disputes, dispute.id)
    return {
      disputes: [doc],
      ...(listed ? { index: { ...this.index, open: this.index.open.filter((o) => o.id !== dispute.id) } } : {}),
      archives: [[year, { ...archive, disputes: { ...archive.disputes, [dispute.id]: { ...previous, dispute, childNames } } }]],
    }
  }

  dispose(): void {
    this.search.dispose()
    this.childrenCache = null
    this.directoryCache = null
    this.disputeCache.clear()
    this.archiveCache.clear()
  }
}
