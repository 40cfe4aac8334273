/**
 * The vault's public types. A vault is a folder holding an encrypted, hash-chained journal (the audit trail
 * and the manifest of documents) and one small encrypted file per document generation; see
 * docs/vault-format.md for the byte layout.
 */
import type { Signer } from './keys'

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
  /** Format 2, on events that change the header: the header's JSON text, binding vault.json to the journal. */
  header?: string
  /** Format 2: the author's Ed25519 signature (hex) over the event without it. Absent on events before signing. */
  sig?: string
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

/**
 * `signedFrom`: the first event that carries a signature (the vault-format-2 upgrade, or 1 for a vault made
 * as format 2); events before it are "before signing". null when no event is signed yet.
 */
export type AuditChainReport =
  | { ok: true; events: number; signedFrom: number | null }
  | { ok: false; firstBadSeq: number; reason: string }

/** A pending invitation, as the header lists it (no secret in it). */
export interface InvitationInfo {
  inviteId: string
  name: string
  role?: string
  createdAt: string
  expiresAt: string
  createdByName: string
}

export interface RecoveryKeyInfo {
  createdAt: string
  createdByName: string
}

/** Re-encryption of live documents under the newest key after a person was removed (runs in the background). */
export interface ReencryptionStatus {
  /** Live documents still under an earlier key. */
  remaining: number
}

export type InspectResult =
  | { state: 'absent' }
  | {
      state: 'present'
      vaultId: string
      people: PersonSlot[]
      /** Invitations not yet accepted and not expired at the time of inspection. */
      invitations: { inviteId: string; name: string; role?: string; expiresAt: string }[]
      hasRecoveryKey: boolean
    }
  | { state: 'unreadable'; message: string }

export interface Vault {
  readonly dir: string
  readonly vaultId: string
  readonly person: PersonSlot
  /** Missing documents found at unlock, plus damaged documents found since by load/loadMany. */
  readonly problems: VaultProblem[]
  /** Ids currently in the manifest (not deleted), sorted; attachment chunks are listed by chunkIds. */
  documentIds(): string[]
  /** Those of documentIds for which `keep` holds, in no particular order: one pass, without the sort (~10,000 ids at ten years). */
  documentIdsWhere(keep: (docId: string) => boolean): string[]
  /** The attachment chunks' ids in the manifest (not deleted), sorted (reads the checkpoint's whole chunk section). */
  chunkIds(): string[]
  /**
   * Tidies chunks/ (attachment chunks a crash left unacknowledged or superseded), as unlock tidies documents/;
   * it runs on its own some seconds after unlock, and once per session. Resolves with the live chunks found
   * missing (also added to problems).
   */
  tidyChunks(): Promise<VaultProblem[]>
  has(docId: string): boolean
  /** Decrypts and verifies (cached). undefined only if the document never existed or was deleted. */
  /**
   * `cache: false` reads without keeping the decrypted text (a one-off scan of the whole vault);
   * `checksum: false` as for `loadMany`, for derived documents only (a year's summary).
   */
  load<T>(docId: string, opts?: { cache?: boolean; checksum?: boolean }): Promise<T | undefined>
  /**
   * Loads several documents. By default any missing/damaged one makes it throw (an AppError whose details
   * name every failing document); with skipDamaged they are left out of the map and added to problems.
   * Documents that never existed are left out either way.
   * `checksum: false` skips comparing each file's SHA-256 with the journal's: the AEAD tag still refuses a
   * file of another vault, another document or an earlier generation (all in its authenticated data), so
   * only a same-generation file of a commit that failed could pass — for derived documents (the search
   * index: rebuilt from the case log, never the only copy of anything), not worth hashing every byte of a
   * first search for.
   */
  loadMany<T>(docIds: string[], opts?: { skipDamaged?: boolean; cache?: boolean; checksum?: boolean }): Promise<Map<string, T>>
  /**
   * As loadMany, but each document's JSON as its verified bytes (UTF-8), neither decoded nor parsed: for a
   * reader that takes only the parts it needs and leaves the rest off the heap (the search index's segments,
   * caselog/derived-form.ts). Never cached.
   */
  loadManyBytes(docIds: string[], opts?: { skipDamaged?: boolean; checksum?: boolean }): Promise<Map<string, Buffer>>
  /** Atomic across documents; serialised with other commits. changes may be empty (an audit-only event). */
  commit(event: AuditEventInput, changes: DocumentChange[]): Promise<AuditEvent>
  /** Newest first. */
  readAudit(opts: { beforeSeq?: number; limit: number }): Promise<AuditEvent[]>
  verifyAuditChain(): Promise<AuditChainReport>
  people(): PersonSlot[]
  /**
   * Invites a person: the header gets an invitation slot holding the vault's key under a one-time code
   * (returned once, never stored), expiring after `validForHours`. The person completes it with
   * `acceptInvitation` (open.ts) and sets their own passphrase. Audited.
   */
  createInvitation(input: { name: string; role?: string; validForHours: number }): Promise<{ invitation: InvitationInfo; code: string }>
  cancelInvitation(inviteId: string): Promise<void>
  invitations(): InvitationInfo[]
  /**
   * Removes a person and starts a new key epoch: everything written from now on is under a new key their
   * old slot cannot open; live documents are re-encrypted in the background (see `reencryption`).
   */
  removePerson(personId: string): Promise<void>
  reencryption(): ReencryptionStatus
  /** Makes (or replaces) the vault's recovery key; the code is returned once and never stored. Audited. */
  createRecoveryKey(): Promise<{ code: string; info: RecoveryKeyInfo }>
  recoveryKey(): RecoveryKeyInfo | null
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
   * The signed-in person's keys for signing an exported document and opening what is sealed to them
   * (the organisation key, org-key.ts); null for a key slot not yet upgraded to format 2.
   */
  documentKeys(): DocumentKeys | null
  /**
   * The signed-in person's signer and box key pair, for the team vault (src/main/team/): its files are signed
   * with the same key as this vault's events, and new team keys are sealed to this box key. The buffers are
   * the vault's own and are zeroed by a lock; null for a key slot not yet upgraded to format 2.
   */
  teamIdentity(): { signer: Signer; box: { publicKey: Buffer; privateKey: Buffer } } | null
  /** Every person's public keys, in key-slot order (the first is the longest-standing); format-1 slots left out. */
  publicKeys(): PersonPublicKeys[]
  /**
   * Locks at once (`locked` is true and every later call is refused from this moment); commits already
   * queued finish, a 'lock' event is appended, then the keys are zeroed. The promise resolves when that is
   * done and never rejects — callers that cannot wait may ignore it.
   */
  lock(): Promise<void>
  /**
   * What a lock must wipe: the key buffers held and how many decrypted documents are cached (none once
   * locked), and the bytes they count against the cache's bound (document-cache.ts).
   */
  heldInMemory(): { keys: Buffer[]; documents: number; documentBytes: number }
  readonly locked: boolean
  /**
   * Why the vault's folder cannot be written to (read-only media, no permission), or null when it can. A
   * read-only vault reads and searches as usual; every commit is refused with `vault-read-only`, and
   * nothing is written, not even the unlock and lock events.
   */
  readonly readOnly: string | null
}

/** See Vault.documentKeys. */
export interface DocumentKeys {
  /** Ed25519 signing public key, hex. */
  signingKey: string
  /** X25519 box public key, hex. */
  boxPublicKey: string
  /** Signs a document statement (org-key.ts, DOCUMENT_CONTEXT). */
  sign(statement: Buffer): Buffer
  /** Opens the organisation key sealed to this person; null when it is not theirs. */
  openOrgKey(sealedHex: string, orgPublicKeyHex: string): Buffer | null
}

export interface PersonPublicKeys {
  personId: string
  name: string
  signingKey: string
  boxPublicKey: string
}
