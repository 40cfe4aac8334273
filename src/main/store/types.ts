/**
 * The vault's public types. A vault is a folder holding an encrypted, hash-chained journal (the audit trail
 * and the manifest of documents) and one small encrypted file per document generation; see
 * docs/vault-format.md for the byte layout.
 */

/** Argon2id cost. memoryKiB is in kibibytes (65536 = 64 MiB); passes is Argon2's time cost. */
export interface KdfParams {
  memoryKiB: number
  passes: number
  parallelism: number
}

/** A person who can unlock the vault: one key slot each, listed in the plaintext header. */
export interface PersonSlot {
  personId: string
  name: string
}

export type DocumentChangeRecord = { id: string; generation: number; hash: string } | { id: string; deleted: true }

/** One entry of the audit trail; also the manifest entry saying which generation each changed document is at. */
export interface AuditEvent {
  seq: number
  /** ISO-8601 UTC instant. */
  at: string
  personId: string
  personName: string
  action: string
  subject?: string
  summary: string
  docs: DocumentChangeRecord[]
  /** Hex SHA-256 of the previous event's canonical bytes (64 zeros for the first event). */
  prev: string
  /** Hex SHA-256 of this event's canonical bytes (computed, not stored). */
  hash: string
}

export interface AuditEventInput {
  action: string
  subject?: string
  summary: string
}

export type DocumentChange = { docId: string; data: unknown } | { docId: string; delete: true }

export interface VaultProblem {
  docId: string
  message: string
}

export type AuditChainReport = { ok: true; events: number } | { ok: false; firstBadSeq: number; reason: string }

export type InspectResult =
  | { state: 'absent' }
  | { state: 'present'; vaultId: string; people: PersonSlot[] }
  | { state: 'unreadable'; message: string }

export interface Vault {
  readonly dir: string
  readonly vaultId: string
  readonly person: PersonSlot
  /** Missing documents found at unlock, plus damaged documents found since by load/loadMany. */
  readonly problems: VaultProblem[]
  /** Ids currently in the manifest (not deleted), sorted. */
  documentIds(): string[]
  has(docId: string): boolean
  /** Decrypts and verifies (cached). undefined only if the document never existed or was deleted. */
  /** `cache: false` reads without keeping the decrypted text (a one-off scan of the whole vault). */
  load<T>(docId: string, opts?: { cache?: boolean }): Promise<T | undefined>
  /**
   * Loads several documents. By default any missing/damaged one makes it throw (an AppError whose details
   * name every failing document); with skipDamaged they are left out of the map and added to problems.
   * Documents that never existed are left out either way.
   */
  loadMany<T>(docIds: string[], opts?: { skipDamaged?: boolean; cache?: boolean }): Promise<Map<string, T>>
  /** Atomic across documents; serialised with other commits. changes may be empty (an audit-only event). */
  commit(event: AuditEventInput, changes: DocumentChange[]): Promise<AuditEvent>
  /** Newest first. */
  readAudit(opts: { beforeSeq?: number; limit: number }): Promise<AuditEvent[]>
  verifyAuditChain(): Promise<AuditChainReport>
  people(): PersonSlot[]
  addPerson(name: string, passphrase: string, kdf: KdfParams): Promise<PersonSlot>
  removePerson(personId: string): Promise<void>
  changePassphrase(current: string, next: string, kdf?: KdfParams): Promise<void>
  /** The signed-in person's own name in the vault, changed with their passphrase; audited. */
  renameSelf(passphrase: string, name: string): Promise<PersonSlot>
  verifyPassphrase(personId: string, passphrase: string): Promise<boolean>
  /** The journal's last acknowledged event (its seq and hash): what this machine has seen of the vault. */
  position(): { seq: number; hash: string }
  /**
   * A 32-byte key for authenticating something kept outside the vault folder (HKDF of the current data key,
   * bound to `purpose`). A fresh copy each call: the caller zeroes it when done.
   */
  localMacKey(purpose: string): Buffer
  /**
   * Locks at once (`locked` is true and every later call is refused from this moment); commits already
   * queued finish, a 'lock' event is appended, then the keys are zeroed. The promise resolves when that is
   * done and never rejects — callers that cannot wait may ignore it.
   */
  lock(): Promise<void>
  readonly locked: boolean
  /**
   * Why the vault's folder cannot be written to (read-only media, no permission), or null when it can. A
   * read-only vault reads and searches as usual; every commit is refused with `vault-read-only`, and
   * nothing is written, not even the unlock and lock events.
   */
  readonly readOnly: string | null
}
