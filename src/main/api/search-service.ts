/**
 * Full-text search across records (with their addenda), disputes, children and the directory, inside
 * the unlocked vault. The index lives only in memory: built in the background a moment after unlock in
 * the app (`warm`), or by the first search otherwise (one pass over the documents, yielding to the event
 * loop between batches), kept current by the case log's `saved` event, and dropped on lock.
 *
 * The case log does not know this index exists: this subscribes to it, and reads it like any handler.
 */
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { ContactRecord } from '../../shared/records'
import { createSearchIndex, type SearchIndex } from '../domain/search'
import { recordLabel } from '../domain/records'
import type { CaseLog, SavedChange } from '../caselog'

export type SearchKind = 'record' | 'dispute' | 'child' | 'directory'

export interface SearchHit {
  kind: SearchKind
  title: string
  detail: string
  disputeId: string | null
  id: string
}

const recordFields = (r: ContactRecord): string[] => [
  r.contact.name,
  r.contact.role,
  r.contact.agency,
  r.theySaid,
  r.weSaid,
  r.whatWasSaid ?? '',
  r.whatWasAgreed,
  r.nextStep,
  r.messageLeft,
  ...r.attachments.map((a) => `${a.fileName} ${a.heldAt}`),
  ...r.addenda.map((a) => `${a.reason} ${a.text}`),
]

const disputeFields = (d: Dispute, childNames: string[]): string[] => [
  d.reference,
  d.otherAgency.agency,
  d.otherAgency.practitioner,
  d.otherAgency.role ?? '',
  d.disputed.description,
  d.reasons.text ?? '',
  d.policy.partnership,
  ...childNames,
  d.outcome?.summary ?? '',
  d.outcome?.lessonsToForward ?? '',
  d.withdrawal?.reason ?? '',
]

export class SearchService {
  private index: SearchIndex | null = null
  private building: Promise<SearchIndex> | null = null
  private readonly hits = new Map<string, SearchHit>()
  /** Saves made while the index was being built: indexed again once it is. */
  private readonly changedDuringBuild = new Set<string>()

  private readonly unsubscribe: () => void

  constructor(private readonly log: CaseLog) {
    this.unsubscribe = log.onSaved((change) => this.followSave(change))
  }

  private async followSave(change: SavedChange): Promise<void> {
    // A disposal removes a dispute and all its records: rebuilding on the next search is simpler than
    // finding every key, and disposals are rare.
    if (change.removedDisputeIds.length) return this.dispose()
    try {
      await this.refresh({ disputeIds: change.disputeIds, children: change.children, directory: change.directory })
    } catch {
      // The save is committed; an index that could not follow is rebuilt on the next search.
      this.dispose()
    }
  }

  private putRecord(index: SearchIndex, d: Dispute, r: ContactRecord): void {
    const key = `record:${r.id}`
    index.put(key, 'record', recordFields(r))
    this.hits.set(key, { kind: 'record', id: r.id, disputeId: d.id, title: recordLabel(r), detail: `${d.reference} · ${r.status === 'draft' ? 'draft' : 'approved'}` })
  }

  private putDispute(index: SearchIndex, d: Dispute, childNames: string[]): void {
    const key = `dispute:${d.id}`
    index.put(key, 'dispute', disputeFields(d, childNames))
    this.hits.set(key, { kind: 'dispute', id: d.id, disputeId: d.id, title: `${d.reference} — ${childNames.join(', ')}`, detail: `${d.otherAgency.agency} · ${d.status}` })
  }

  private putChild(index: SearchIndex, c: Child): void {
    const key = `child:${c.id}`
    index.put(key, 'child', [c.name, c.nhsNumber ?? '', c.icsNumber ?? '', c.settingName ?? '', c.levelOfNeed ?? ''])
    this.hits.set(key, { kind: 'child', id: c.id, disputeId: null, title: c.name, detail: c.settingName ?? 'Child' })
  }

  private putEntry(index: SearchIndex, e: DirectoryEntry): void {
    const key = `directory:${e.id}`
    index.put(key, 'directory', [e.name, e.role, e.agency, e.phone, e.email, e.notes])
    this.hits.set(key, { kind: 'directory', id: e.id, disputeId: null, title: [e.name, e.role].filter(Boolean).join(', ') || e.agency, detail: e.agency })
  }

  private async build(): Promise<SearchIndex> {
    const index = createSearchIndex()
    await this.log.scanDisputes((doc) => {
      this.putDispute(index, doc.dispute, doc.childNames)
      for (const r of doc.records) this.putRecord(index, doc.dispute, r)
    })
    for (const c of Object.values(await this.log.children())) this.putChild(index, c)
    for (const e of Object.values(await this.log.directory())) this.putEntry(index, e)
    this.index = index
    const changed = [...this.changedDuringBuild]
    this.changedDuringBuild.clear()
    await this.refresh({ disputeIds: changed, children: true, directory: true })
    return index
  }

  /** Build the index in the background (after unlock), so the first search does not wait for it. */
  warm(): void {
    if (!this.index && !this.building) this.building = this.build()
    this.building?.catch(() => {
      this.building = null
    })
  }

  async search(query: string, limit = 50): Promise<SearchHit[]> {
    let index = this.index
    if (!index) {
      try {
        index = await (this.building ??= this.build())
      } catch (error) {
        this.building = null
        throw error
      }
    }
    return index
      .search(query, { limit })
      .map((key) => this.hits.get(key))
      .filter((h): h is SearchHit => h !== undefined)
  }

  /** Keep a built index current after a save (cheap: only what changed). */
  private async refresh(changed: { disputeIds?: string[]; children?: boolean; directory?: boolean }): Promise<void> {
    const index = this.index
    if (!index) {
      if (this.building) for (const id of changed.disputeIds ?? []) this.changedDuringBuild.add(id)
      return
    }
    for (const id of changed.disputeIds ?? []) {
      const { entry } = await this.log.find(id).catch(() => ({ entry: null }))
      if (!entry) {
        index.remove(`dispute:${id}`)
        continue
      }
      this.putDispute(index, entry.dispute, entry.childNames)
      for (const r of await this.log.records(id)) this.putRecord(index, entry.dispute, r)
    }
    if (changed.children) for (const c of Object.values(await this.log.children())) this.putChild(index, c)
    if (changed.directory) for (const e of Object.values(await this.log.directory())) this.putEntry(index, e)
  }

  dispose(): void {
    this.index?.clear()
    this.index = null
    this.building = null
    this.hits.clear()
    this.changedDuringBuild.clear()
  }
}
