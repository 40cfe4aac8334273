/**
 * The case log over the vault: which domain values live in which encrypted document, and the one way
 * to change them (`save`), which commits every changed document and one audit event atomically and
 * only then updates what is cached in memory — a failed write leaves memory as it was.
 *
 * Documents (each small, so a save never costs in proportion to the history):
 *   index             open disputes (the Dispute itself, its children's names, its drafts) + counters
 *   records.<id>      one dispute's contact records with their addenda
 *   archive.<year>    closed disputes opened in that year (a dispute id starts with its year)
 *   children          every child
 *   directory         the agency directory (seeded from the shipped directory files)
 *   policies          imported policies, imported bank holidays, extra closure days
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
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
  format: 1
  /** Highest reference counter used, per year. */
  counters: Record<string, number>
  open: Record<string, OpenEntry>
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

export interface RecordsDoc {
  format: 1
  records: ContactRecord[]
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
}

const INDEX = 'index'
const CHILDREN = 'children'
const DIRECTORY = 'directory'
const POLICIES = 'policies'
const recordsDoc = (disputeId: string) => `records.${disputeId}`
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
  records?: [disputeId: string, doc: RecordsDoc][]
  /** Documents removed by a recorded disposal decision. */
  deleteRecords?: string[]
  archives?: [year: string, doc: ArchiveDoc][]
}

export const gateViews = (records: readonly ContactRecord[]): RecordGateView[] =>
  records.filter((r) => r.status === 'draft').map((r) => ({ id: r.id, status: r.status, label: recordLabel(r) }))

export class CaseLog {
  private childrenCache: ChildrenDoc | null = null
  private directoryCache: DirectoryDoc | null = null
  private readonly recordsCache = new Map<string, RecordsDoc>()
  private readonly archiveCache = new Map<string, ArchiveDoc>()
  private calendarCache: WorkingCalendar | null = null
  private policiesList: Policy[] | null = null
  readonly search: SearchService = new SearchService(this)

  private constructor(
    private readonly vault: Vault,
    public index: IndexDoc,
    public policiesDoc: PoliciesDoc,
  ) {}

  /** Loads what the dashboard needs and nothing more: the index and the imported policies. */
  static async open(vault: Vault): Promise<CaseLog> {
    const loaded = await vault.loadMany<unknown>([INDEX, POLICIES])
    const index = (loaded.get(INDEX) as IndexDoc | undefined) ?? { format: 1, counters: {}, open: {} }
    const policies = (loaded.get(POLICIES) as PoliciesDoc | undefined) ?? {
      format: 1,
      imported: [],
      bankHolidays: null,
      extraClosures: [],
    }
    return new CaseLog(vault, index, policies)
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

  async records(disputeId: string): Promise<RecordsDoc> {
    let doc = this.recordsCache.get(disputeId)
    if (!doc) {
      doc = (await this.vault.load<RecordsDoc>(recordsDoc(disputeId))) ?? { format: 1, records: [] }
      this.recordsCache.set(disputeId, doc)
    }
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

  /** A dispute, open or closed, with its children's names. */
  async find(disputeId: string): Promise<{ entry: OpenEntry | ArchivedEntry; open: boolean }> {
    const open = own(this.index.open, disputeId)
    if (open) return { entry: open, open: true }
    const archived = own((await this.archive(yearOfDisputeId(disputeId))).disputes, disputeId)
    if (archived) return { entry: archived, open: false }
    throw new AppError('dispute-not-found', 'There is no dispute with that reference in this vault.')
  }

  /** Every dispute ever opened (open ones from the index, closed ones from the archives). */
  async allDisputes(): Promise<ArchivedEntry[]> {
    const out: ArchivedEntry[] = Object.values(this.index.open)
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
    for (const [id, doc] of changes.records ?? []) list.push({ docId: recordsDoc(id), data: doc })
    for (const [year, doc] of changes.archives ?? []) list.push({ docId: archiveDoc(year), data: doc })
    const removals = (changes.deleteRecords ?? []).map((id) => ({ docId: recordsDoc(id), delete: true as const }))
    const committed = await this.vault.commit(event, [...list, ...removals])
    for (const id of changes.deleteRecords ?? []) this.recordsCache.delete(id)
    const touched = new Set<string>((changes.records ?? []).map(([id]) => id))
    if (changes.index)
      for (const [id, entry] of Object.entries(changes.index.open)) if (this.index.open[id] !== entry) touched.add(id)
    for (const [year, doc] of changes.archives ?? []) {
      const before = this.archiveCache.get(year)?.disputes ?? {}
      for (const [id, entry] of Object.entries(doc.disputes)) if (before[id] !== entry) touched.add(id)
    }
    if (changes.index) this.index = changes.index
    if (changes.children) this.childrenCache = changes.children
    if (changes.directory) this.directoryCache = changes.directory
    if (changes.policies) {
      this.policiesDoc = changes.policies
      this.policiesList = null
      this.calendarCache = null
    }
    for (const [id, doc] of changes.records ?? []) this.recordsCache.set(id, doc)
    for (const [year, doc] of changes.archives ?? []) this.archiveCache.set(year, doc)
    if (changes.deleteRecords?.length) this.search.dispose()
    try {
      await this.search.refresh({ disputeIds: [...touched], children: Boolean(changes.children), directory: Boolean(changes.directory) })
    } catch {
      // The save is committed; a search index that could not follow is rebuilt on the next search.
      this.search.dispose()
    }
    return committed
  }

  /** The changes that put a dispute in its place: the index while open, its year's archive once closed. */
  async placeDispute(dispute: Dispute, childNames: string[], drafts: RecordGateView[]): Promise<Pick<Changes, 'index' | 'archives'>> {
    const open = { ...this.index.open }
    if (dispute.status === 'open') {
      open[dispute.id] = { dispute, childNames, drafts }
      return { index: { ...this.index, open } }
    }
    delete open[dispute.id]
    const year = yearOfDisputeId(dispute.id)
    const archive = await this.archive(year)
    return {
      index: { ...this.index, open },
      archives: [[year, { ...archive, disputes: { ...archive.disputes, [dispute.id]: { dispute, childNames } } }]],
    }
  }

  dispose(): void {
    this.search.dispose()
    this.childrenCache = null
    this.directoryCache = null
    this.recordsCache.clear()
    this.archiveCache.clear()
  }
}
