/**
 * The internals of an unlocked vault that its people and re-key operations (people.ts, rekey.ts) work on.
 * VaultImpl builds one over its own private state; nothing outside store/ sees it.
 */
import type { UnsignedHeader, VaultHeader } from './header'
import type { Keyring } from './keys'
import type { Manifest } from './manifest'
import type { PersonSlotKeys } from './slots'
import type { AuditEvent, AuditEventInput, PersonSlot } from './types'

export interface HeaderChange {
  keyring?: Keyring
  ownKeys?: PersonSlotKeys
  person?: PersonSlot
}

export interface VaultCore {
  readonly vaultId: string
  /** The signed-in person (the same object the vault shows; replaceHeader updates it). */
  readonly person: PersonSlot
  readonly header: VaultHeader
  readonly keyring: Keyring
  readonly locked: boolean
  readonly readOnly: string | null
  readonly manifest: Manifest
  now(): Date
  assertUnlocked(): void
  /** Runs `task` after every task queued before it. */
  enqueue<T>(task: () => Promise<T>): Promise<T>
  /** Writes a new header and its audit event as one change. Must run inside the queue. */
  replaceHeader(unsigned: UnsignedHeader, event: AuditEventInput, change?: HeaderChange): Promise<void>
  /** Must run inside the queue. */
  commitNow(input: AuditEventInput, staged: { docId: string; json: string | null }[]): Promise<AuditEvent>
  /** The document's JSON text, verified; undefined if it never existed or was deleted. */
  loadJson(docId: string, attempt: number, keep: boolean): Promise<string | undefined>
}
