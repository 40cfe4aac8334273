/**
 * Documents derived from the case log's own (the search index's segments and term lists): never the only
 * copy of anything, so a missing or damaged one is rebuilt from the dispute documents rather than trusted.
 * They are vault documents like any other — encrypted, listed in the journal with their generation and
 * hash — so the vault's manifest and generation checks catch one deleted, swapped, rolled back or altered.
 *
 * Two ways they are written:
 * - with a save: the case log asks its `DerivedWrites` (the search service) what the save's disputes change
 *   in the index, and commits that in the same commit and audit event as the save itself;
 * - on their own (`commit`), when the index is built for a vault that has none, or rebuilt.
 */
import { AppError } from '../../shared/errors'
import type { AuditEvent, AuditEventInput, DocumentChange, Vault } from '../store'
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import { kindOf, type DisputeDoc, type SearchSegmentDoc, type SearchTermsDoc } from './documents'
import { readDocument } from './migrations'
import { readSegmentBytes, readSegmentDoc, readTermsDoc } from './derived-form'
import type { SegmentParts } from '../domain/search-segments'

/** What one save changes in the case log, as those who derive documents from it need to know. */
export interface PendingSave {
  /** Dispute documents the save writes, as they will be. */
  disputes: readonly DisputeDoc[]
  /** Disputes whose documents the save removes. */
  removedDisputeIds: readonly string[]
  /** Every child, when the save changes the children document. */
  children?: readonly Child[]
  /** Every directory entry, when the save changes the directory. */
  directory?: readonly DirectoryEntry[]
}

export interface PreparedDerivation {
  changes: DocumentChange[]
  /** Told once the commit has succeeded (true) or failed (false). */
  settle(committed: boolean): void
}

export interface DerivedWrites {
  /** The derived documents a save changes, to be committed with it; null when it changes none. */
  prepare(save: PendingSave): Promise<PreparedDerivation | null>
}

const DERIVED_KINDS = new Set(['searchSegment', 'searchTerms'])
const DISPUTE_PREFIX = 'dispute.'

/**
 * How the index's own documents are read: not kept in the vault's cache, and vouched for by their AEAD tag
 * rather than also by the journal's SHA-256 of each file (Vault.loadMany): a first search reads megabytes of
 * them, and a file of another document, vault or generation is still refused as damaged, and rebuilt.
 */
const INDEX_READ = { skipDamaged: true, cache: false, checksum: false } as const

/** Reads and writes of the derived documents, for the search service. */
export interface IndexDocuments {
  /** Ids of every dispute document in the vault, in no particular order. */
  disputeDocIds(): string[]
  has(docId: string): boolean
  /** Why the vault cannot be written to, or null. */
  readonly readOnly: string | null
  /** A segment or term list; undefined if absent; throws an AppError naming it if damaged or not in form. */
  segment(docId: string): Promise<SearchSegmentDoc | undefined>
  terms(docId: string): Promise<SearchTermsDoc | undefined>
  /** Several term lists at once: those that could be read (damaged ones are left out, and listed in problems). */
  termsMany(docIds: string[]): Promise<Map<string, SearchTermsDoc>>
  /** Every child and directory entry, for the index of them. */
  children(): Promise<Child[]>
  directory(): Promise<DirectoryEntry[]>
  /**
   * Several segments: those that could be read, and the ids of those that could not (damaged or not in
   * form, each also listed in the vault's problems). Absent ones are in neither. Their hits and texts are
   * read when first asked for (readSegmentBytes), and refused then if not in form.
   */
  segments(docIds: string[]): Promise<{ read: Map<string, SegmentParts>; damaged: string[] }>
  /** Dispute documents for a build, a batch at a time, not kept in the vault's cache. */
  disputes(docIds: string[]): Promise<Map<string, DisputeDoc>>
  /** Commits derived documents only, with their own audit event. */
  commit(event: AuditEventInput, changes: DocumentChange[]): Promise<AuditEvent>
}

export function indexDocuments(
  vault: Vault,
  sources: { children: () => Promise<Record<string, Child>>; directory: () => Promise<Record<string, DirectoryEntry>> },
): IndexDocuments {
  const damaged = (error: unknown): boolean => error instanceof AppError && error.code !== 'vault-locked'
  return {
    // kindOf(id) === 'dispute' exactly when the id starts so; listed unsorted, in one pass over the manifest.
    disputeDocIds: () => vault.documentIdsWhere((id) => id.startsWith(DISPUTE_PREFIX)),
    has: (docId) => vault.has(docId),
    get readOnly() {
      return vault.readOnly
    },
    async segment(docId) {
      const stored = await vault.load<unknown>(docId, { cache: false })
      return stored === undefined ? undefined : readSegmentDoc(docId, stored)
    },
    async terms(docId) {
      const stored = await vault.load<unknown>(docId, { cache: false })
      return stored === undefined ? undefined : readTermsDoc(docId, stored)
    },
    async termsMany(docIds) {
      const loaded = await vault.loadMany<unknown>(docIds, INDEX_READ)
      const out = new Map<string, SearchTermsDoc>()
      for (const [id, stored] of loaded) {
        try {
          out.set(id, readTermsDoc(id, stored))
        } catch (error) {
          if (!damaged(error)) throw error
        }
      }
      return out
    },
    children: async () => Object.values(await sources.children()),
    directory: async () => Object.values(await sources.directory()),
    async segments(docIds) {
      const loaded = await vault.loadManyBytes(docIds, INDEX_READ)
      const read = new Map<string, SegmentParts>()
      const bad: string[] = []
      for (const id of docIds) {
        if (!loaded.has(id)) {
          if (vault.has(id)) bad.push(id)
          continue
        }
        try {
          read.set(id, readSegmentBytes(id, loaded.get(id)!))
        } catch (error) {
          if (!damaged(error)) throw error
          bad.push(id)
        }
      }
      return { read, damaged: bad }
    },
    async disputes(docIds) {
      const loaded = await vault.loadMany<unknown>(docIds, { skipDamaged: true, cache: false })
      const out = new Map<string, DisputeDoc>()
      for (const [id, stored] of loaded) {
        try {
          out.set(id, readDocument('dispute', id, stored))
        } catch (error) {
          if (!damaged(error)) throw error
        }
      }
      return out
    },
    async commit(event, changes) {
      for (const c of changes) {
        const kind = kindOf(c.docId)
        if (!kind || !DERIVED_KINDS.has(kind)) throw new Error(`${c.docId} is not a derived document`)
      }
      return vault.commit(event, changes)
    },
  }
}
