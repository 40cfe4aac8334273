/**
 * The case log over the vault: which domain values live in which stored document (documents.ts), read
 * through their migrations and schemas (migrations.ts), and changed only through the intention-named
 * writes below. Each write commits every document it changes and one audit event atomically, and only
 * then updates what is cached in memory — a failed write leaves memory as it was — and then tells its
 * `saved` listeners (the search index) what changed.
 *
 * One class of about 960 lines, on purpose: the reads and the writes share the caches that must
 * change only after a commit succeeds, and splitting them would hand those caches between modules.
 * What it keeps of disputes that are not open is bounded (dispute-cache.ts), as are the archives.
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { Meeting } from '../../shared/meetings'
import type { Settings } from '../../shared/ipc'
import type { Policy, PolicyRetirement } from '../../shared/policy'
import type { ContactRecord } from '../../shared/records'
import { bundledBankHolidays, createWorkingCalendar, type BankHoliday, type ClosureDay, type WorkingCalendar } from '../domain/calendar'
import { seedDirectory } from '../domain/directory'
import { disputeReference, withNewReference, type RecordGateView } from '../domain/disputes'
import { builtInPolicies, findPolicy } from '../domain/policies'
import type { RetentionDecision } from '../domain/retention'
import type { AuditEvent, AuditEventInput, DocumentChange, Vault, VaultProblem } from '../store'
import {
  archiveDocId,
  CHILDREN,
  defaultSettings,
  DIRECTORY,
  disputeDocId,
  INDEX,
  meetingDocId,
  POLICIES,
  SETTINGS,
  ORG_KEY,
  TEAM,
  type OrgKeyDoc,
  type TeamDoc,
  type TeamKeysDoc,
  teamKeysDocId,
  type ArchiveDoc,
  type ArchivedEntry,
  type ChildrenDoc,
  type DirectoryDoc,
  type DisposalTombstone,
  type DisputeDoc,
  type DocumentKind,
  type DocumentOf,
  type IndexDoc,
  type MeetingDoc,
  type PoliciesDoc,
  type QuarterDoc,
  type QuarterTotalsDoc,
  type QuarterFiguresDoc,
} from './documents'
import { deleteFilesOf, documentChanges, emptyArchive, notFound, own, placeDispute, summaryWithDispute, summaryWithout, yearOfDisputeId, type Changes } from './changes'
import { YearSummaries } from './summaries'
import { QuarterDocuments, figuresOfQuarters, type QuarterWrites, type StoredFigures } from './quarters'
import { buildQuarterIndex, quarterKey, type QuarterKey } from './quarter-index'
import { quarterlyChildFactsOf, type QuarterlyChild, type QuarterlyDispute } from '../domain/quarterly-facts'
import { readDocument } from './migrations'
import { draftsOf, gateViews, readOpenDispute } from './dispute-form'
import { indexDocuments, type DerivedWrites, type IndexDocuments } from './derived'
import { rebuiltIndex } from './index-rebuild'
import { nameAttachmentProblems } from './attachment-problems'
import { DisputeCache } from './dispute-cache'
import { teamAttention, type TeamNotes } from './team-notes'
import { heavyWork } from '../heap'

/** What the team's merge changed, for `applyTeam`: each value whole, as the case log stores it. */
export interface TeamBatch {
  disputes: DisputeDoc[]
  children?: Record<string, Child>
  directory?: Record<string, DirectoryEntry>
  imported?: Policy[]
  retired?: PolicyRetirement[]
  settings?: Pick<Settings, 'retentionYears' | 'attachmentLimitMB'>
  calendar?: { bankHolidays: BankHoliday[] | null; extraClosures: ClosureDay[] }
  /** Meetings whose dispute is here (or in `disputes`), each whole with its team notes. */
  meetings?: MeetingDoc[]
  /** By dispute id: every retention decision a closed dispute here now holds (those here and those received). */
  retention?: Record<string, RetentionDecision[]>
  /** Stored files' chunks arrived from the team (or removed with a file taken off a draft): see team/bridge-files.ts. */
  files?: DocumentChange[]
}

export interface OpenEntry {
  dispute: Dispute
  childNames: string[]
  drafts: RecordGateView[]
}

/** What a save changed, for those who keep something derived from the case log (the search index). */
export interface SavedChange {
  event: AuditEvent
  /** Disputes whose document was written (their dispute, children's names or records changed). */
  disputeIds: string[]
  /** Disputes whose documents were removed by a disposal decision. */
  removedDisputeIds: string[]
  children: boolean
  directory: boolean
  /** Disputes whose meeting's document was written. */
  meetings: string[]
  /** Archive years written (a dispute closed, a retention decision, a disposal). */
  archives: string[]
}
export type SavedListener = (change: SavedChange) => void | Promise<void>

/**
 * Called just before a write commits, with what it will write: the team's bridge tells the team what it changes
 * and gives back the team document (this device's position and unsent files) to store in the same commit, or
 * null when it sealed nothing. Not called for writes of the team document itself.
 */
export type SealingHook = (event: AuditEventInput, changes: Readonly<Changes>) => Promise<TeamDoc | null>

/**
 * The team's dispute keys changed since they were last stored (src/main/team/dispute-keys.ts): every commit
 * that writes the team document writes them too, so the keys and the position that used them never part.
 */
export interface TeamKeySource {
  peek(): Map<string, TeamKeysDoc>
  stored(written: Map<string, TeamKeysDoc>): void
}

export { gateViews }

/** A new dispute's id and reference, reserved before the domain opens it. */
export interface DisputeSlot {
  id: string
  reference: string
  year: string
  counter: number
}

/** A quarter's stored figures, or none (nothing counts in it; after a build, never 'not-built'). */
const storedFigures = (figures: StoredFigures): QuarterFiguresDoc | undefined => (figures === null || figures === 'not-built' ? undefined : figures)

/** Years' archives kept in memory (see keepArchive). */
const ARCHIVES_KEPT = 3

export class CaseLog {
  private childrenCache: ChildrenDoc | null = null
  private directoryCache: DirectoryDoc | null = null
  /** The open disputes, always; others read this session, up to a bound (dispute-cache.ts). */
  private readonly disputeCache: DisputeCache
  private openIds: { index: IndexDoc; ids: Set<string> } | null = null
  private readonly archiveCache = new Map<string, ArchiveDoc>()
  private readonly meetingCache = new Map<string, MeetingDoc | null>()
  private calendarCache: WorkingCalendar | null = null
  private policiesList: Policy[] | null = null
  private readonly listeners = new Set<SavedListener>()
  private derived: DerivedWrites | null = null
  private sealing: SealingHook | null = null
  private settled: ((committed: boolean) => void) | null = null
  private teamKeySource: TeamKeySource | null = null
  private readonly summaries: YearSummaries
  private readonly quarters: QuarterDocuments
  /** Documents that failed their schema or migration since unlock (the store lists those it could not decrypt). */
  private readonly invalid: VaultProblem[] = []
  private readonly damagedAttachments = new Map<string, string>()

  private constructor(
    private readonly vault: Vault,
    private index: IndexDoc,
    private policiesDoc: PoliciesDoc,
    private settingsDoc: Settings,
    closedDisputesBytes?: number,
  ) {
    this.disputeCache = new DisputeCache((id) => this.isOpen(id), closedDisputesBytes)
    this.summaries = new YearSummaries(vault, {
      openOfYear: (year) =>
        this.index.open.flatMap(({ id }) => (id.startsWith(`${year}-`) ? (this.disputeCache.get(id)?.dispute ?? []) : [])),
      cachedArchive: (year) => this.archiveCache.get(year),
      children: () => this.children(),
    })
    this.quarters = new QuarterDocuments(vault)
  }

  /**
   * Loads what the dashboard needs and nothing more: the index, the open disputes, imported policies and
   * the settings. A damaged index or policies document fails the open (nothing would be right without
   * them); damaged settings are listed in problems and the defaults used, so the person can still get in.
   */
  static async open(vault: Vault, opts: { closedDisputesBytes?: number } = {}): Promise<CaseLog> {
    const loaded = await vault.loadMany<unknown>([POLICIES])
    let index: IndexDoc = { format: 3, counters: {}, open: [], teamNotes: [] }
    let indexDamaged = false
    try {
      index = read('index', INDEX, await vault.load<unknown>(INDEX)) ?? index
    } catch (error) {
      // The index only summarises the dispute documents, so a damaged one is rebuilt from them below; one
      // from a newer version is not damaged, and rebuilding it would write an older format over it.
      if (!(error instanceof AppError) || error.code === 'vault-locked' || error.code === 'document-too-new') throw error
      indexDamaged = true
    }
    const policies = read('policies', POLICIES, loaded.get(POLICIES)) ?? { format: 2, imported: [], bankHolidays: null, extraClosures: [], retired: [] }
    const problems: VaultProblem[] = []
    let settings = defaultSettings()
    try {
      const stored = read('settings', SETTINGS, await vault.load<unknown>(SETTINGS))
      if (stored) settings = withoutFormat(stored)
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'vault-locked') throw error
      if (!vault.problems.some((p) => p.docId === SETTINGS)) problems.push({ docId: SETTINGS, message: error.message })
    }
    const log = new CaseLog(vault, index, policies, settings, opts.closedDisputesBytes)
    log.invalid.push(...problems)
    if (indexDamaged) await log.rebuildIndex()
    // One batch for every open dispute: a damaged one is listed in problems, the rest still open.
    const open = await vault.loadMany<unknown>(log.index.open.map((o) => disputeDocId(o.id)), { skipDamaged: true })
    // Each read without its approved records (dispute-form.ts): those are parsed when something first reads them.
    for (const [docId, stored] of open) {
      const doc = log.readOpenOrNote(docId, stored)
      if (doc) log.disputeCache.set(docId.slice('dispute.'.length), doc)
    }
    return log
  }

  /**
   * Writes a new index from what it summarises: the open disputes are the dispute documents whose status
   * is open; each year's counter is the highest reference issued that year, found in the dispute and
   * archive documents and in the audit trail's "dispute opened" events (so a dispute whose own document is
   * also damaged still keeps its reference from being issued again). Audited as "index rebuilt".
   */
  private async rebuildIndex(): Promise<void> {
    const rebuilt = await rebuiltIndex(this.vault, (kind, docId, stored) => this.readOrNote(kind, docId, stored))
    const open = rebuilt.open
    if (this.vault.readOnly !== null) {
      // Nothing can be written: use the rebuilt index for this session and say so; the next writable unlock saves it.
      this.index = rebuilt
      this.invalid.push({ docId: INDEX, message: 'The index of open disputes could not be read; it was rebuilt from the dispute documents for now, and will be saved when the vault can be written to.' })
      return
    }
    await this.commit(
      { action: 'index-rebuilt', summary: `The index of open disputes could not be read and was rebuilt from the dispute documents (${open.length} open)` },
      { index: rebuilt },
    )
  }

  private isOpen(disputeId: string): boolean {
    if (this.openIds?.index !== this.index) this.openIds = { index: this.index, ids: new Set(this.index.open.map((o) => o.id)) }
    return this.openIds.ids.has(disputeId)
  }

  /** Every document found missing, damaged or not in its expected form since unlock. */
  problems(): VaultProblem[] {
    const all = [...this.vault.problems, ...this.invalid.filter((p) => !this.vault.problems.some((v) => v.docId === p.docId))]
    return nameAttachmentProblems(all, this.damagedAttachments, this.readableOpen())
  }

  /** The held disputes whose records can be read (one found damaged is noted, and dropped, by its read). */
  private *readableOpen(): Iterable<DisputeDoc> {
    for (const doc of [...this.disputeCache.values()]) {
      try {
        void doc.records
      } catch (error) {
        if (error instanceof AppError) continue
        throw error
      }
      yield doc
    }
  }

  /** A read of an attachment found it damaged: the problems list names it so from now on (attachment-problems.ts). */
  noteDamagedAttachment(name: string, message: string): void {
    this.damagedAttachments.set(name, message)
  }

  /** Derived documents (the search index) written in the same commit as each save: see derived.ts. */
  deriveWith(derived: DerivedWrites | null): void {
    this.derived = derived
  }

  /** The derived documents' own reads and writes (the search service's). */
  indexDocuments(): IndexDocuments {
    return indexDocuments(this.vault, { children: () => this.children(), directory: () => this.directory() })
  }

  /** The team service's dispute keys, written with every commit of the team document (see TeamKeySource). */
  teamKeysWith(source: TeamKeySource | null): void {
    this.teamKeySource = source
  }

  /**
   * The team's bridge, told of each write before it commits (see SealingHook), and by `settled` whether that
   * write then committed — so that what it sealed for a write that failed is withdrawn, never sent; null to stop.
   */
  sealWith(hook: SealingHook | null, settled?: (committed: boolean) => void): void {
    this.sealing = hook
    this.settled = hook ? (settled ?? null) : null
  }

  onSaved(listener: SavedListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────────

  settings(): Settings {
    return this.settingsDoc
  }

  /** The open disputes with their drafts, from memory (loaded at unlock, kept current by each save). */
  openEntries(): OpenEntry[] {
    const out: OpenEntry[] = []
    for (const { id } of this.index.open) {
      const doc = this.disputeCache.get(id)
      if (doc) out.push({ dispute: doc.dispute, childNames: doc.childNames, drafts: draftsOf(doc) })
    }
    return out
  }

  /**
   * Disputes whose team notes ask a person to decide or check something (`teamAttention`): the open ones from
   * memory, the closed ones from the index's list (so none is read for it).
   */
  teamNoteDisputeIds(): string[] {
    const ids = new Set(this.index.teamNotes.map((t) => t.id))
    for (const { id } of this.index.open) if (teamAttention(this.disputeCache.get(id)?.team ?? null).length > 0) ids.add(id)
    return [...ids]
  }

  /** Open disputes whose document could not be read at unlock (listed in problems too). */
  unreadableOpen(): { id: string; reference: string; problem: string }[] {
    const problems = this.problems()
    return this.index.open
      .filter(({ id }) => !this.disputeCache.has(id))
      .map(({ id, reference }) => ({
        id,
        reference,
        problem: problems.find((p) => p.docId === disputeDocId(id))?.message ?? `The document “${disputeDocId(id)}” of ${reference} cannot be read.`,
      }))
  }

  policies(): Policy[] {
    this.policiesList ??= [...builtInPolicies(), ...this.policiesDoc.imported]
    return this.policiesList
  }

  policyOf(dispute: Dispute): Policy | null {
    return findPolicy(this.policies(), dispute.policy.id, dispute.policy.version)
  }

  /** The policies imported into this vault (the built-in ones ship with the app). */
  importedPolicies(): Policy[] {
    return this.policiesDoc.imported
  }

  /** The policies retired from use for new disputes. */
  retiredPolicies(): PolicyRetirement[] {
    return this.policiesDoc.retired
  }

  /** Imported bank holidays (null: the bundled list is used) and the extra closure days. */
  calendarDays(): { bankHolidays: BankHoliday[] | null; extraClosures: ClosureDay[] } {
    return { bankHolidays: this.policiesDoc.bankHolidays, extraClosures: this.policiesDoc.extraClosures }
  }

  calendar(): WorkingCalendar {
    this.calendarCache ??= createWorkingCalendar({
      bankHolidays: this.policiesDoc.bankHolidays ?? bundledBankHolidays(),
      extraClosures: this.policiesDoc.extraClosures,
    })
    return this.calendarCache
  }

  async children(): Promise<Record<string, Child>> {
    this.childrenCache ??= (await this.load('children', CHILDREN)) ?? { format: 2, children: {} }
    return this.childrenCache.children
  }

  async directory(): Promise<Record<string, DirectoryEntry>> {
    this.directoryCache ??= (await this.load('directory', DIRECTORY)) ?? {
      format: 1,
      entries: Object.fromEntries(seedDirectory().map((e) => [e.id, e])),
    }
    return this.directoryCache.entries
  }

  private async disputeDocument(disputeId: string): Promise<DisputeDoc> {
    let doc = this.disputeCache.get(disputeId)
    if (!doc) {
      yearOfDisputeId(disputeId)
      doc = await this.load('dispute', disputeDocId(disputeId))
      if (!doc) throw notFound()
      this.disputeCache.set(disputeId, doc)
    }
    return doc
  }

  async records(disputeId: string): Promise<ContactRecord[]> {
    return (await this.disputeDocument(disputeId)).records
  }

  /** The dispute's final-stage meeting, or null if none has been arranged. */
  async meeting(disputeId: string): Promise<Meeting | null> {
    if (!this.meetingCache.has(disputeId)) {
      await this.disputeDocument(disputeId)
      this.meetingCache.set(disputeId, (await this.load('meeting', meetingDocId(disputeId))) ?? null)
    }
    return this.meetingCache.get(disputeId)?.meeting ?? null
  }

  private async archive(year: string): Promise<ArchiveDoc> {
    let doc = this.archiveCache.get(year)
    if (!doc) {
      doc = (await this.load('archive', archiveDocId(year))) ?? emptyArchive()
      this.keepArchive(year, doc)
    } else this.keepArchive(year, doc) // now the most recently used
    return doc
  }

  /**
   * Keeps the ARCHIVES_KEPT most recently used years' archives (each ~1.7 MB of JSON at ten years): a look
   * through every year (the retention review) no longer holds all of them for the rest of the session.
   */
  private keepArchive(year: string, doc: ArchiveDoc): void {
    this.archiveCache.delete(year)
    this.archiveCache.set(year, doc)
    for (const oldest of this.archiveCache.keys()) {
      if (this.archiveCache.size <= ARCHIVES_KEPT) break
      this.archiveCache.delete(oldest)
    }
  }

  /** Every year that has an archive document. */
  archiveYears(): string[] {
    return this.vault
      .documentIds()
      .filter((id) => id.startsWith('archive.'))
      .map((id) => id.slice('archive.'.length))
      .sort()
  }

  /** The closed disputes of one archive year, and what remains of those disposed of. */
  async archived(year: string): Promise<{ disputes: ArchivedEntry[]; disposed: DisposalTombstone[] }> {
    const archive = await this.archive(year)
    return { disputes: Object.values(archive.disputes), disposed: Object.values(archive.disposed) }
  }

  /** A dispute, open or closed, with its children's names (and, once closed, its retention decisions). */
  async find(disputeId: string): Promise<{ entry: ArchivedEntry; open: boolean }> {
    const doc = await this.disputeDocument(disputeId)
    const entry = { dispute: doc.dispute, childNames: doc.childNames, retention: [] }
    if (doc.dispute.status === 'open') return { entry, open: true }
    return { entry: own((await this.archive(yearOfDisputeId(disputeId))).disputes, disputeId) ?? entry, open: false }
  }

  /**
   * Every dispute with its records, a batch at a time, without keeping them in memory: for building the
   * search index over ten years of records without holding them all. A document not in its expected form
   * is left out and listed in problems.
   */
  async scanDisputes(visit: (doc: DisputeDoc) => void, batch = 100): Promise<void> {
    const ids = this.vault.documentIds().filter((id) => id.startsWith('dispute.'))
    for (let i = 0; i < ids.length; i += batch) {
      const chunk = ids.slice(i, i + batch)
      const docs = await this.vault.loadMany<unknown>(chunk.filter((id) => !this.disputeCache.has(id.slice('dispute.'.length))), { skipDamaged: true, cache: false })
      for (const id of chunk) {
        const cached = this.disputeCache.get(id.slice('dispute.'.length))
        const doc = cached ?? (docs.has(id) ? this.readOrNote('dispute', id, docs.get(id)) : undefined)
        if (doc) visit(doc)
      }
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  /** The disputes (open or closed, not disposed of) naming a child: found from the year summaries, read one by one. */
  async disputesOfChild(childId: string): Promise<Dispute[]> {
    const out: Dispute[] = []
    for (const id of await this.summaries.disputeIdsOf(childId)) {
      try {
        out.push((await this.disputeDocument(id)).dispute)
      } catch (error) {
        // One that cannot be read is listed in problems and left as it is, as the dashboard leaves it.
        if (!(error instanceof AppError) || error.code === 'vault-locked') throw error
      }
    }
    return out
  }

  /** Every dispute ever opened (open ones from memory, closed ones from the archives), without records. */
  async allDisputes(): Promise<ArchivedEntry[]> {
    const out: ArchivedEntry[] = this.openEntries().map(({ dispute, childNames }) => ({ dispute, childNames, retention: [] }))
    for (const year of this.archiveYears()) out.push(...Object.values((await this.archive(year)).disputes))
    return out
  }

  /**
   * The quarterly facts of every dispute in the vault and of their children, from the year summaries
   * (never the archives). Years not yet summarised (a vault from before summaries) are summarised from
   * their archives once and saved, audited as 'summaries-built'.
   */
  async quarterlyFacts(): Promise<{ disputes: QuarterlyDispute[]; children: QuarterlyChild[] }> {
    const { disputes, children, built } = await this.summaries.all()
    if (built.size > 0) {
      if (this.vault.readOnly === null)
        await this.commit({ action: 'summaries-built', summary: `Quarterly summaries built from the archives (${built.size} year${built.size === 1 ? '' : 's'})` }, { summaries: built })
      else this.summaries.remember(built)
    }
    return { disputes, children }
  }

  /**
   * One calendar quarter's facts and the totals over every dispute (quarter-index.ts), from the quarter
   * documents: one quarter's disputes and a few KB, never every year. A vault without them (from before
   * them, or whose quarter documents could not be read) has them built from the year summaries, once, and
   * saved in one audited commit.
   */
  async quarterFacts(year: number, quarter: number): Promise<{ key: QuarterKey; quarter: QuarterDoc | undefined; totals: QuarterTotalsDoc }> {
    const key = quarterKey(year, quarter)
    try {
      const totals = await this.quarters.totals()
      if (totals && this.summaries.years().every((y) => totals.years.includes(y))) return { key, totals, quarter: await this.quarters.quarter(key) }
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'vault-locked' || error.code === 'document-too-new') throw error
    }
    const totals = await this.buildQuarters()
    return { key, totals, quarter: await this.quarters.quarter(key) }
  }

  /**
   * One calendar quarter's figures as counts (quarter-counts.ts) and the totals, from `quarter-figures.<y>-<q>`
   * and `quarter-totals`: a few KB, never the quarter's facts. A vault with quarter documents but no figures
   * has every quarter's figures built from the documents, once, and saved in one audited commit
   * ('quarterly-figures-built'); one without the documents either has everything built, as quarterFacts does.
   */
  async quarterFigures(year: number, quarter: number): Promise<{ key: QuarterKey; figures: QuarterFiguresDoc | undefined; totals: QuarterTotalsDoc }> {
    const key = quarterKey(year, quarter)
    try {
      // Both read at once: two small files, so the time is mostly waiting for them.
      const [totals, figures] = await Promise.all([this.quarters.totals(), this.quarters.figures(key)])
      if (totals && this.summaries.years().every((y) => totals.years.includes(y))) {
        if (figures !== 'not-built') return { key, totals, figures: storedFigures(figures) }
        await this.buildFigures()
        return { key, totals, figures: storedFigures(await this.quarters.figures(key)) }
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'vault-locked' || error.code === 'document-too-new') throw error
    }
    const totals = await this.buildQuarters()
    return { key, totals, figures: storedFigures(await this.quarters.figures(key)) }
  }

  /** Every quarter's figures from the quarter documents, for a vault from before them. */
  private buildFigures(): Promise<void> {
    return heavyWork(() => this.buildFiguresNow(), { collectFirst: true })
  }

  private async buildFiguresNow(): Promise<void> {
    const writes: QuarterWrites = { figuresBuilt: await this.quarters.buildFigures() }
    if (this.vault.readOnly !== null) return this.quarters.remember(writes)
    const quarters = `${writes.figuresBuilt.size} quarter${writes.figuresBuilt.size === 1 ? '' : 's'}`
    await this.commit({ action: 'quarterly-figures-built', summary: `Quarterly figures built from the quarter documents (${quarters})` }, { quarters: writes })
  }

  /** Every quarter document, its figures and the totals, from every year's summary (built from the archives where missing). */
  private buildQuarters(): Promise<QuarterTotalsDoc> {
    return heavyWork(() => this.buildQuartersNow(), { collectFirst: true })
  }

  private async buildQuartersNow(): Promise<QuarterTotalsDoc> {
    const { docs, built } = await this.summaries.everyYear()
    const index = buildQuarterIndex(docs)
    const writes: QuarterWrites = { totals: index.totals, quarters: index.quarters, figures: figuresOfQuarters(index.quarters), replaceAll: true }
    if (this.vault.readOnly !== null) {
      this.summaries.remember(built)
      this.quarters.remember(writes)
      return index.totals
    }
    const quarters = `${index.quarters.size} quarter${index.quarters.size === 1 ? '' : 's'}`
    const event =
      built.size > 0
        ? { action: 'summaries-built', summary: `Quarterly summaries built from the archives (${built.size} year${built.size === 1 ? '' : 's'}), with the totals of ${quarters}` }
        : { action: 'quarterly-totals-built', summary: `Quarterly totals built from the year summaries (${quarters})` }
    await this.commit(event, { ...(built.size > 0 ? { summaries: built } : {}), quarters: writes })
    return index.totals
  }

  // ── writes, each one commit and one audit event ───────────────────────────────────────────────

  async saveSettings(settings: Settings, event: AuditEventInput): Promise<Settings> {
    await this.commit(event, { settings })
    return settings
  }

  async importPolicy(policy: Policy, event: AuditEventInput): Promise<void> {
    await this.commit(event, { policies: { ...this.policiesDoc, imported: [...this.policiesDoc.imported, policy] } })
  }

  async setRetiredPolicies(retired: PolicyRetirement[], event: AuditEventInput): Promise<void> {
    await this.commit(event, { policies: { ...this.policiesDoc, retired } })
  }

  async setBankHolidays(bankHolidays: BankHoliday[], event: AuditEventInput): Promise<void> {
    await this.commit(event, { policies: { ...this.policiesDoc, bankHolidays } })
  }

  async setClosureDays(extraClosures: ClosureDay[], event: AuditEventInput): Promise<void> {
    await this.commit(event, { policies: { ...this.policiesDoc, extraClosures } })
  }

  async saveDirectoryEntry(entry: DirectoryEntry, event: AuditEventInput): Promise<void> {
    const entries = await this.directory()
    await this.commit(event, { directory: { format: 1, entries: { ...entries, [entry.id]: entry } } })
  }

  async addChild(child: Child, event: AuditEventInput): Promise<void> {
    const children = await this.children()
    await this.commit(event, { children: { format: 2, children: { ...children, [child.id]: child } } })
  }

  /**
   * A child's details changed; `disputes` are the child's disputes as they now stand (the caller has let
   * the domain update their circumstances). Every one is saved with the children's names as they now are.
   */
  async updateChild(child: Child, disputes: Dispute[], event: AuditEventInput): Promise<void> {
    const children = { ...(await this.children()), [child.id]: child }
    const changes: Changes = { children: { format: 2, children } }
    for (const dispute of disputes) {
      const childNames = dispute.childIds.map((id) => own(children, id)?.name).filter((n): n is string => n !== undefined)
      await this.place(changes, dispute, childNames, await this.records(dispute.id), children)
    }
    await this.followChildren(changes, [child])
    await this.commit(event, changes)
  }

  /** The next reference of the year, and an id, for a dispute about to be opened. */
  reserveDispute(year: number): DisputeSlot {
    const counter = (own(this.index.counters, String(year)) ?? 0) + 1
    return { id: `${year}-${randomBytes(6).toString('hex')}`, reference: disputeReference(year, counter), year: String(year), counter }
  }

  async openDispute(slot: DisputeSlot, dispute: Dispute, event: AuditEventInput): Promise<void> {
    const children = await this.children()
    const childNames = dispute.childIds.map((id) => own(children, id)?.name).filter((n): n is string => n !== undefined)
    const changes: Changes = { index: { ...this.index, counters: { ...this.index.counters, [slot.year]: slot.counter } } }
    await this.place(changes, dispute, childNames, [], children)
    await this.commit(event, changes)
  }

  /** A dispute moved on (escalated, resolved, a notification recorded…): saved where it now belongs. */
  async saveDispute(dispute: Dispute, event: AuditEventInput): Promise<void> {
    const doc = await this.disputeDocument(dispute.id)
    const changes: Changes = {}
    await this.place(changes, dispute, doc.childNames, doc.records)
    await this.commit(event, changes)
  }

  /**
   * The dispute given the next reference of its year (see `withNewReference`), the year's counter moved past it,
   * in one commit: for a dispute that shares its reference with another. The new reference.
   */
  async giveNewReference(disputeId: string, o: { at: string; by: string; why: string }, event: (from: string, to: string) => AuditEventInput): Promise<string> {
    const doc = await this.disputeDocument(disputeId)
    const year = yearOfDisputeId(disputeId)
    const counter = (own(this.index.counters, year) ?? 0) + 1
    const reference = disputeReference(Number(year), counter)
    const dispute = withNewReference(doc.dispute, reference, o)
    const changes: Changes = { index: { ...this.index, counters: { ...this.index.counters, [year]: counter } } }
    await this.place(changes, dispute, doc.childNames, doc.records)
    await this.commit(event(doc.dispute.reference, reference), changes)
    return reference
  }

  /** A contact record added to its dispute, or replacing the record with its id. Only that dispute's document changes. */
  async saveRecord(record: ContactRecord, event: AuditEventInput, files?: (records: ContactRecord[]) => DocumentChange[]): Promise<void> {
    const doc = await this.disputeDocument(record.disputeId)
    const exists = doc.records.some((r) => r.id === record.id)
    const records = exists ? doc.records.map((r) => (r.id === record.id ? record : r)) : [...doc.records, record]
    await this.commit(event, { disputes: [{ ...doc, records }], ...(files ? { files: files(records) } : {}) })
  }

  /**
   * A meeting arranged, prepared, decided, signed off or added to: only its own document changes. Its team notes
   * stay, except that saving a meeting not yet signed off settles parts changed on two devices at once (this
   * save, made from what was shown, is the person's pick).
   */
  async saveMeeting(meeting: Meeting, event: AuditEventInput): Promise<void> {
    await this.disputeDocument(meeting.disputeId)
    const notes = (await this.meetingDoc(meeting.disputeId))?.team ?? null
    const team = notes && !meeting.signOff ? { ...notes, conflictFields: [], versions: [] } : notes
    await this.commit(event, { meetings: [{ format: 2, meeting, team }] })
  }

  /** The dispute's meeting's whole document (its team notes with it), or null if none has been arranged. */
  async meetingDoc(disputeId: string): Promise<MeetingDoc | null> {
    await this.meeting(disputeId)
    return this.meetingCache.get(disputeId) ?? null
  }

  /** One year's archive document as it stands (empty when the year has none). */
  async archiveDoc(year: string): Promise<ArchiveDoc> {
    return this.archive(year)
  }

  /** Whether a dispute was disposed of here at review (only its tombstone remains). */
  async isDisposed(disputeId: string): Promise<boolean> {
    const year = /^(\d{4})-/.exec(disputeId)?.[1]
    return year !== undefined && this.vault.has(archiveDocId(year)) && Object.hasOwn((await this.archive(year)).disposed, disputeId)
  }

  /** A closed dispute kept at review, with the decision and when it is next reviewed. */
  async recordRetention(disputeId: string, decision: RetentionDecision, event: AuditEventInput): Promise<void> {
    const year = yearOfDisputeId(disputeId)
    const archive = await this.archive(year)
    const entry = own(archive.disputes, disputeId)
    if (!entry) throw new AppError('dispute-open', 'Only a closed dispute has a retention review.')
    const kept = { ...entry, retention: [...entry.retention, decision] }
    await this.commit(event, { archives: new Map([[year, { ...archive, disputes: { ...archive.disputes, [disputeId]: kept } }]]) })
  }

  /** A closed dispute disposed of at review: its documents go, a tombstone without case content stays. */
  /**
   * `team`: the team document to store in the same commit (a disposal told to the team: its tombstone sealed
   * and the dispute's keys destroyed). A dispute still open here (a disposal merged from the DSL's device while
   * a move of it on this one had not reached her) leaves the open list too.
   */
  async disposeDispute(disputeId: string, tombstone: DisposalTombstone, event: AuditEventInput, team?: TeamDoc): Promise<void> {
    const year = yearOfDisputeId(disputeId)
    const archive = await this.archive(year)
    const summary = (await this.summaries.get(year)).doc
    const disputes = { ...archive.disputes }
    delete disputes[disputeId]
    const wasOpen = this.index.open.some((d) => d.id === disputeId)
    await this.commit(event, {
      ...(team ? { team } : {}),
      ...(wasOpen ? { index: { ...this.index, open: this.index.open.filter((d) => d.id !== disputeId) } } : {}),
      archives: new Map([[year, { ...archive, disputes, disposed: { ...archive.disposed, [disputeId]: tombstone } }]]),
      summaries: new Map([[year, summaryWithout(summary, disputeId)]]),
      deleteDisputes: [disputeId],
      ...(this.index.teamNotes.some((t) => t.id === disputeId) ? { index: { ...this.index, teamNotes: this.index.teamNotes.filter((t) => t.id !== disputeId) } } : {}),
      // Its stored files go with it.
      files: deleteFilesOf(this.vault, (await this.disputeDocument(disputeId).catch(() => null))?.records ?? []),
      // A meeting's record names the children and quotes the agencies: it goes with its dispute.
      ...(this.vault.has(meetingDocId(disputeId)) ? { deleteMeetings: [disputeId] } : {}),
    })
  }

  /** The vault's organisation key document, or undefined before the first export made one (src/main/api/signoff-keys.ts). */
  async orgKey(): Promise<OrgKeyDoc | undefined> {
    return this.load('orgKey', ORG_KEY)
  }

  async saveOrgKey(doc: OrgKeyDoc, event: AuditEventInput): Promise<void> {
    await this.commit(event, { orgKey: doc })
  }

  /** A dispute's whole document (its team notes with it), or null when this vault has no such dispute. */
  async disputeDocOf(disputeId: string): Promise<DisputeDoc | null> {
    if (!/^\d{4}-[0-9a-f]+$/.test(disputeId) || (!this.disputeCache.has(disputeId) && !this.vault.has(disputeDocId(disputeId)))) return null
    return this.disputeDocument(disputeId)
  }

  /**
   * What the team's merge changed, written as one commit and one audit event (src/main/caselog/team-apply.ts
   * decides what; this only places it): disputes with their records and team notes (opened, moved on or
   * closed where they now belong, the year's reference counter kept past any reference that arrived),
   * children, directory entries, imported and retired policies, the team's settings and working calendar.
   */
  async applyTeam(batch: TeamBatch, event: AuditEventInput): Promise<void> {
    const changes: Changes = {}
    const children = batch.children ? { ...(await this.children()), ...batch.children } : undefined
    if (children) changes.children = { format: 2, children }
    if (batch.directory) changes.directory = { format: 1, entries: { ...(await this.directory()), ...batch.directory } }
    if (batch.imported || batch.retired || batch.calendar)
      changes.policies = {
        ...this.policiesDoc,
        ...batch.calendar,
        imported: [...this.policiesDoc.imported, ...(batch.imported ?? [])],
        retired: batch.retired ?? this.policiesDoc.retired,
      }
    if (batch.settings) changes.settings = { ...this.settingsDoc, ...batch.settings }
    if (batch.files) changes.files = [...batch.files]
    for (const doc of batch.disputes) {
      const year = yearOfDisputeId(doc.dispute.id)
      // A decision on moves made at once can open again a dispute closed here meanwhile: it leaves the archive.
      const archive = doc.dispute.status === 'open' ? (changes.archives?.get(year) ?? (this.vault.has(archiveDocId(year)) ? await this.archive(year) : null)) : null
      if (archive && Object.hasOwn(archive.disputes, doc.dispute.id)) {
        const disputes = { ...archive.disputes }
        delete disputes[doc.dispute.id]
        ;(changes.archives ??= new Map()).set(year, { ...archive, disputes })
      }
      await this.place(changes, doc.dispute, doc.childNames, doc.records, children, doc.team)
      const counter = Number(/-(\d+)$/.exec(doc.dispute.reference)?.[1] ?? 0)
      const index = changes.index ?? this.index
      if (counter > (own(index.counters, year) ?? 0)) changes.index = { ...index, counters: { ...index.counters, [year]: counter } }
    }
    // A child changed on another device: the summaries (and so the quarterly return) follow it, as they do a change here.
    if (batch.children) await this.followChildren(changes, Object.values(batch.children))
    if (batch.meetings && batch.meetings.length > 0) changes.meetings = batch.meetings
    for (const [disputeId, decisions] of Object.entries(batch.retention ?? {})) {
      const year = yearOfDisputeId(disputeId)
      const archive = changes.archives?.get(year) ?? (await this.archive(year))
      const entry = own(archive.disputes, disputeId)
      // Only a dispute closed here holds retention decisions; one still open here takes them when it closes.
      if (!entry) continue
      ;(changes.archives ??= new Map()).set(year, { ...archive, disputes: { ...archive.disputes, [disputeId]: { ...entry, retention: decisions } } })
    }
    await this.commit(event, changes)
  }

  /** The team vault this device belongs to, or undefined (src/main/team/service.ts). */
  async team(): Promise<TeamDoc | undefined> {
    return this.load('team', TEAM)
  }

  /** Every stored part of this device's dispute keys (see TeamKeysDoc). */
  async teamKeyShards(): Promise<TeamKeysDoc['keys'][]> {
    const shards: TeamKeysDoc['keys'][] = []
    for (let i = 0; i < 256; i++) {
      const docId = teamKeysDocId(i.toString(16).padStart(2, '0'))
      if (!this.vault.has(docId)) continue
      const doc = await this.load('teamKeys', docId)
      if (doc) shards.push(doc.keys)
    }
    return shards
  }

  async saveTeam(doc: TeamDoc, event: AuditEventInput): Promise<void> {
    await this.commit(event, { team: doc })
  }

  /** An export: it changes no document, but who exported what, and when, belongs in the audit trail. */
  async recordExport(event: AuditEventInput): Promise<void> {
    await this.commit(event, {})
  }

  // ── how a write reaches the vault ─────────────────────────────────────────────────────────────

  /**
   * Adds to `changes` what saving this dispute writes (see placeDispute), and its year summary with the
   * dispute's quarterly facts (its children's taken from `children`, or the children document, when the
   * summary does not hold them yet).
   */
  private async place(changes: Changes, dispute: Dispute, childNames: string[], records: ContactRecord[], children?: Record<string, Child>, team?: TeamNotes | null): Promise<void> {
    const year = dispute.status === 'open' ? null : yearOfDisputeId(dispute.id)
    const archive = year ? (changes.archives?.get(year) ?? (await this.archive(year))) : null
    const notes = team !== undefined ? team : await this.teamNotesOf(dispute.id)
    placeDispute(changes, this.index, archive, { format: 6, dispute, childNames, records, team: notes })
    const summaryYear = yearOfDisputeId(dispute.id)
    const summary = changes.summaries?.get(summaryYear) ?? (await this.summaries.get(summaryYear)).doc
    const missing = dispute.childIds.some((id) => !Object.hasOwn(summary.children, id))
    const known = missing ? (children ?? (await this.children())) : {}
    const facts = Object.fromEntries(dispute.childIds.flatMap((id) => (Object.hasOwn(known, id) ? [[id, quarterlyChildFactsOf(known[id]!)]] : [])))
    changes.summaries ??= new Map()
    changes.summaries.set(summaryYear, summaryWithDispute(summary, dispute, facts))
  }

  /** The team notes the dispute's document holds now (read again if it has left memory since it was shown). */
  private async teamNotesOf(disputeId: string): Promise<TeamNotes | null> {
    const cached = this.disputeCache.get(disputeId)
    if (cached) return cached.team ?? null
    if (!this.vault.has(disputeDocId(disputeId))) return null
    try {
      return (await this.disputeDocument(disputeId)).team ?? null
    } catch (error) {
      // As before the bound: a document that cannot be read has no notes to keep.
      if (!(error instanceof AppError) || error.code === 'vault-locked') throw error
      return null
    }
  }

  /** Every year summary naming one of these children follows its setting and level of need (closed disputes' too). */
  private async followChildren(changes: Changes, children: readonly Child[]): Promise<void> {
    for (const year of this.summaries.years()) {
      const summary = changes.summaries?.get(year) ?? (await this.summaries.get(year)).doc
      let next = summary
      for (const child of children) {
        if (!Object.hasOwn(summary.children, child.id)) continue
        const facts = quarterlyChildFactsOf(child)
        if (JSON.stringify(facts) !== JSON.stringify(summary.children[child.id])) next = { ...next, children: { ...next.children, [child.id]: facts } }
      }
      if (next !== summary) (changes.summaries ??= new Map()).set(year, next)
    }
  }

  /** Commit every changed document and one audit event; update memory only once that has succeeded. */
  private async commit(event: AuditEventInput, changes: Changes): Promise<AuditEvent> {
    const settled = this.sealing && !changes.team ? this.settled : null
    let derived: Awaited<ReturnType<DerivedWrites['prepare']>> | null = null
    let keyWrites: ReturnType<TeamKeySource['peek']> | null = null
    let quarters: QuarterWrites | null = null
    let committed: AuditEvent
    let written: DocumentChange[]
    try {
      if (this.sealing && !changes.team) {
        const team = await this.sealing(event, changes)
        if (team) changes.team = team
      }
      keyWrites = changes.team && this.teamKeySource ? this.teamKeySource.peek() : null
      if (keyWrites && keyWrites.size > 0) changes.teamKeys = keyWrites
      // The quarter documents follow the year summaries in the same commit (nothing until they are first built).
      quarters = changes.quarters ?? (changes.summaries ? await this.quarters.writesFor(changes.summaries, async (year) => (await this.summaries.get(year)).doc) : null)
      derived = this.derived
        ? await this.derived.prepare({
            disputes: changes.disputes ?? [],
            removedDisputeIds: changes.deleteDisputes ?? [],
            ...(changes.children ? { children: Object.values(changes.children.children) } : {}),
            ...(changes.directory ? { directory: Object.values(changes.directory.entries) } : {}),
          })
        : null
      written = [...documentChanges(changes), ...this.quarters.documentChanges(quarters), ...(derived?.changes ?? [])]
      committed = await this.vault.commit(event, written)
    } catch (error) {
      derived?.settle(false)
      // What the team was told of this write is withdrawn: it never happened.
      settled?.(false)
      throw error
    }
    derived?.settle(true)
    settled?.(true)
    if (keyWrites) this.teamKeySource?.stored(keyWrites)

    if (changes.index) this.index = changes.index
    if (changes.children) this.childrenCache = changes.children
    if (changes.directory) this.directoryCache = changes.directory
    if (changes.settings) this.settingsDoc = changes.settings
    if (changes.policies) {
      this.policiesDoc = changes.policies
      this.policiesList = null
      this.calendarCache = null
    }
    for (const doc of changes.disputes ?? []) this.disputeCache.set(doc.dispute.id, doc)
    for (const [year, doc] of changes.archives ?? []) this.keepArchive(year, doc)
    for (const id of changes.deleteDisputes ?? []) this.disputeCache.delete(id)
    // A dispute that has just closed now counts against the bound.
    if (changes.index) this.disputeCache.trim()
    for (const doc of changes.meetings ?? []) this.meetingCache.set(doc.meeting.disputeId, doc)
    for (const id of changes.deleteMeetings ?? []) this.meetingCache.delete(id)
    this.summaries.noted(written.filter((c) => !('delete' in c && c.delete)).map((c) => c.docId))
    this.summaries.remember(changes.summaries)
    this.quarters.remember(quarters)

    const saved: SavedChange = {
      event: committed,
      disputeIds: (changes.disputes ?? []).map((d) => d.dispute.id),
      removedDisputeIds: changes.deleteDisputes ?? [],
      children: Boolean(changes.children),
      directory: Boolean(changes.directory),
      meetings: (changes.meetings ?? []).map((m) => m.meeting.disputeId),
      archives: [...(changes.archives?.keys() ?? [])],
    }
    for (const listener of this.listeners) {
      try {
        await listener(saved)
      } catch {
        // The save is committed; a listener that could not follow rebuilds from the case log itself.
      }
    }
    return committed
  }

  private async load<K extends DocumentKind>(kind: K, docId: string): Promise<DocumentOf<K> | undefined> {
    return read(kind, docId, await this.vault.load<unknown>(docId))
  }

  private readOrNote<K extends DocumentKind>(kind: K, docId: string, stored: unknown): DocumentOf<K> | undefined {
    try {
      return read(kind, docId, stored)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      this.note(docId, error)
      return undefined
    }
  }

  /**
   * An open dispute at unlock (dispute-form.ts), or undefined and noted if it cannot be read. One whose records
   * turn out damaged when first read is noted then, and dropped: from then on the dashboard lists it as unreadable.
   */
  private readOpenOrNote(docId: string, stored: unknown): DisputeDoc | undefined {
    try {
      const { doc } = readOpenDispute(docId, stored, (id, error) => {
        this.note(id, error)
        const disputeId = id.slice('dispute.'.length)
        if (this.disputeCache.get(disputeId) === doc) this.disputeCache.delete(disputeId)
      })
      return doc
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      this.note(docId, error)
      return undefined
    }
  }

  private note(docId: string, error: AppError): void {
    if (!this.invalid.some((p) => p.docId === docId)) this.invalid.push({ docId, message: error.message })
  }

  /** How many decrypted documents the case log holds in memory (what a lock must drop). */
  heldInMemory(): number {
    const single = (this.childrenCache ? 1 : 0) + (this.directoryCache ? 1 : 0)
    return single + this.disputeCache.size + this.archiveCache.size + this.meetingCache.size + this.summaries.held() + this.quarters.held()
  }

  /** The disputes held in memory that are not open, and their JSON characters (at most the bound: dispute-cache.ts). */
  closedDisputesHeld(): { disputes: number; bytes: number } {
    let disputes = 0
    for (const doc of this.disputeCache.values()) if (!this.isOpen(doc.dispute.id)) disputes++
    return { disputes, bytes: this.disputeCache.closedBytes() }
  }

  dispose(): void {
    this.listeners.clear()
    this.derived = null
    this.childrenCache = null
    this.directoryCache = null
    this.disputeCache.clear()
    this.archiveCache.clear()
    this.meetingCache.clear()
    this.summaries.clear()
    this.quarters.clear()
  }
}

const read = <K extends DocumentKind>(kind: K, docId: string, stored: unknown): DocumentOf<K> | undefined =>
  stored === undefined ? undefined : readDocument(kind, docId, stored)

const withoutFormat = ({ format: _format, ...settings }: DocumentOf<'settings'>): Settings => settings
