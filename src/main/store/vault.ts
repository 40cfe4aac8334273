/**
 * An unlocked vault: documents, commits (the journal append is the commit point), the audit trail and the
 * people who can unlock it. Built by openVault/createVault in open.ts, which replay the journal first.
 */
import { hkdfSync, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { randomHex, sha256Hex } from './crypto'
import { assertDocId, decodeDocument, DOCUMENTS_DIR, encodeDocument, generationFileName } from './documents'
import { documentError, vaultLocked, vaultReadOnly, writeFailed, type AfterWriteFailure } from './errors'
import {
  HEADER_FILE,
  headerPeople,
  isLegacySlot,
  kdfParams,
  nextRevision,
  serialiseHeader,
  signHeader,
  type InvitationSlot,
  type PersonKeySlot,
  type UnsignedHeader,
  type VaultHeader,
} from './header'
import {
  appendAllOrNothing,
  fsyncDir,
  isNotFound,
  writeFileDurable,
  writeNewFileSynced,
  WriteNotUndone,
  type FaultHooks,
  type VaultIo,
} from './io'
import { JOURNAL_FILE, encodeFrame, type JournalLayout, type StoredEvent } from './journal'
import { readAuditPage, verifyChain } from './audit'
import { closingStarted } from './registry'
import { assertKdf } from './kdf'
import { Signer, type Keyring } from './keys'
import { isLive, type Manifest } from './manifest'
import type { JournalHeader } from './replay'
import { CHECKPOINT_FILE, encodeCheckpoint, encodeHead, HEAD_FILE } from './sealed-state'
import {
  makeInvitationSlot,
  makePersonSlot,
  makeRecoverySlot,
  newInvitationCode,
  newRecoveryCode,
  openLegacySlot,
  openPersonSlot,
  resealed,
  sealKeyring,
  type PersonSlotKeys,
} from './slots'
import type {
  AuditChainReport,
  AuditEvent,
  AuditEventInput,
  DocumentChange,
  InvitationInfo,
  KdfParams,
  PersonSlot,
  RecoveryKeyInfo,
  ReencryptionStatus,
  Vault,
  VaultProblem,
} from './types'

export interface VaultOptions {
  io: VaultIo
  faults: FaultHooks
  checkpointEvery: number
  now: () => Date
}

export interface JournalPosition {
  seq: number
  hash: string
  journalBytes: number
  /** Start offsets of frames already seen (seq → byte offset), so the newest events can be paged cheaply. */
  offsets: Map<number, number>
}

interface PreparedChange {
  docId: string
  delete: boolean
  generation: number
  json: string
  bytes: Buffer
  hash: string
}

/** Documents re-encrypted per commit after a re-key: small enough that a save waits behind at most one batch. */
const REENCRYPT_BATCH = 50

const MAX_INVITATION_HOURS = 24 * 30

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})
export const whenText = (iso: string): string => london.format(new Date(iso)).replace(',', ' at')

const invitationInfo = (s: InvitationSlot): InvitationInfo => ({
  inviteId: s.inviteId,
  name: s.name,
  ...(s.role ? { role: s.role } : {}),
  createdAt: s.createdAt,
  expiresAt: s.expiresAt,
  createdByName: s.createdByName,
})

const MAX_TEXT = 2000

function checkText(value: unknown, what: string, optional = false): void {
  if (optional && value === undefined) return
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT)
    throw new AppError('invalid-commit', `The audit entry's ${what} must be text of 1 to ${MAX_TEXT} characters.`)
}

export class VaultImpl implements Vault {
  readonly dir: string
  readonly vaultId: string
  readonly person: PersonSlot
  private header: VaultHeader
  private readonly vaultIdBytes: Buffer
  /** Every epoch key; module-internal (backup.ts reads it for the backup MAC). */
  keyring: Keyring
  private signer: Signer | null
  private ownKeys: PersonSlotKeys | null
  private journalHeader: JournalHeader | null
  private readonly manifest: Manifest
  private pos: JournalPosition
  private readonly opts: VaultOptions
  private readonly found: VaultProblem[]
  private readonly cache = new Map<string, { generation: number; json: string }>()
  private queue: Promise<unknown> = Promise.resolve()
  private isLocked = false
  private lockDone: Promise<void> | null = null
  /** A journal append failed and could not be undone: the file may hold a frame we did not acknowledge. */
  private poisoned = false
  private headStale = false
  private checkpointDue = false
  private reencrypting: Promise<void> | null = null
  private readonly reencryptSkipped = new Set<string>()

  constructor(init: {
    dir: string
    header: VaultHeader
    person: PersonSlot
    keyring: Keyring
    /** The signed-in person's key pairs (null only for a read-only session of a slot not yet upgraded). */
    ownKeys: PersonSlotKeys | null
    journalHeader: JournalHeader | null
    manifest: Manifest
    position: JournalPosition
    problems: VaultProblem[]
    options: VaultOptions
    readOnly?: string | null
  }) {
    this.dir = init.dir
    this.header = init.header
    this.vaultId = init.header.vaultId
    this.vaultIdBytes = Buffer.from(init.header.vaultId, 'hex')
    this.person = { ...init.person }
    this.keyring = init.keyring
    this.ownKeys = init.ownKeys
    this.signer = init.ownKeys ? new Signer(Buffer.from(init.ownKeys.signing.privateKey), init.ownKeys.signing.publicKey) : null
    this.journalHeader = init.journalHeader
    this.manifest = init.manifest
    this.pos = init.position
    this.found = init.problems
    this.opts = init.options
    this.readOnly = init.readOnly ?? null
  }

  readonly readOnly: string | null

  get locked(): boolean {
    return this.isLocked
  }

  get problems(): VaultProblem[] {
    return this.found
  }

  private assertUnlocked(): void {
    if (this.isLocked) throw vaultLocked()
  }

  private path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /** Runs `task` after every task queued before it; a failure does not stop later tasks. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }

  // ---- documents -------------------------------------------------------------------------------------

  documentIds(): string[] {
    this.assertUnlocked()
    return [...this.manifest].filter(([, e]) => isLive(e)).map(([id]) => id).sort()
  }

  has(docId: string): boolean {
    this.assertUnlocked()
    return isLive(this.manifest.get(docId))
  }

  private noteProblem(docId: string, message: string): void {
    const existing = this.found.findIndex((p) => p.docId === docId)
    if (existing >= 0) this.found[existing] = { docId, message }
    else this.found.push({ docId, message })
  }

  private forgetProblem(docId: string): void {
    const i = this.found.findIndex((p) => p.docId === docId)
    if (i >= 0) this.found.splice(i, 1)
  }

  /** The document's JSON text, verified; undefined if it never existed or was deleted. */
  private async loadJson(docId: string, attempt = 0, keep = true): Promise<string | undefined> {
    this.assertUnlocked()
    assertDocId(docId)
    const entry = this.manifest.get(docId)
    if (!isLive(entry)) return undefined
    const cached = this.cache.get(docId)
    if (cached && cached.generation === entry.generation) return cached.json
    let file: Buffer
    try {
      file = await this.opts.io.readFile(this.path(DOCUMENTS_DIR, generationFileName(docId, entry.generation)))
    } catch (e) {
      // A commit may have replaced this generation while we were reading it.
      if (attempt === 0 && this.manifest.get(docId) !== entry) return this.loadJson(docId, 1, keep)
      const err = isNotFound(e) ? documentError('document-missing', docId) : documentError('document-damaged', docId)
      this.noteProblem(docId, err.message)
      throw err
    }
    this.assertUnlocked()
    const decoded = decodeDocument(this.keyring, this.vaultIdBytes, docId, entry.generation, file)
    const hashOk = sha256Hex(file) === entry.hash
    if (!decoded.ok || !hashOk) {
      if (attempt === 0 && this.manifest.get(docId) !== entry) return this.loadJson(docId, 1, keep)
      const err = documentError(decoded.ok ? 'document-damaged' : decoded.why, docId)
      this.noteProblem(docId, err.message)
      throw err
    }
    if (keep && this.manifest.get(docId) === entry) this.cache.set(docId, { generation: entry.generation, json: decoded.json })
    return decoded.json
  }

  async load<T>(docId: string, opts: { cache?: boolean } = {}): Promise<T | undefined> {
    const json = await this.loadJson(docId, 0, opts.cache !== false)
    return json === undefined ? undefined : (JSON.parse(json) as T)
  }

  async loadMany<T>(docIds: string[], opts: { skipDamaged?: boolean; cache?: boolean } = {}): Promise<Map<string, T>> {
    this.assertUnlocked()
    const out = new Map<string, T>()
    const failures: { path: string; message: string }[] = []
    const ids = [...new Set(docIds)]
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]
        try {
          const value = await this.load<T>(id, { cache: opts.cache !== false })
          if (value !== undefined) out.set(id, value)
        } catch (e) {
          if (e instanceof AppError && e.code !== 'vault-locked') failures.push({ path: id, message: e.message })
          else throw e
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(16, ids.length) }, worker))
    if (failures.length > 0 && !opts.skipDamaged) {
      const first = failures[0]
      const message =
        failures.length === 1 ? first.message : `${failures.length} documents could not be read; the first: ${first.message}`
      throw new AppError(failures.length === 1 ? 'document-damaged' : 'documents-damaged', message, { details: failures })
    }
    return out
  }

  // ---- commits ----------------------------------------------------------------------------------------

  commit(event: AuditEventInput, changes: DocumentChange[]): Promise<AuditEvent> {
    try {
      this.assertUnlocked()
      checkText(event?.action, 'action')
      checkText(event.summary, 'summary')
      checkText(event.subject, 'subject', true)
      if (!Array.isArray(changes)) throw new AppError('invalid-commit', 'The list of changes is not a list.')
      const seen = new Set<string>()
      // Serialised now, so the caller changing its objects afterwards cannot change what is saved.
      const staged = changes.map((c) => {
        assertDocId(c.docId)
        if (seen.has(c.docId))
          throw new AppError('invalid-commit', `The document “${c.docId}” appears twice in one change.`)
        seen.add(c.docId)
        if ('delete' in c && c.delete === true) return { docId: c.docId, json: null }
        let json: string | undefined
        try {
          json = 'data' in c ? JSON.stringify(c.data) : undefined
        } catch {
          json = undefined // cycles, BigInt: not JSON
        }
        if (json === undefined)
          throw new AppError('invalid-commit', `The document “${c.docId}” has nothing that can be saved.`)
        return { docId: c.docId, json }
      })
      const input: AuditEventInput = {
        action: event.action,
        summary: event.summary,
        ...(event.subject !== undefined ? { subject: event.subject } : {}),
      }
      return this.enqueue(() => this.commitNow(input, staged))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  /** Must run inside the queue. */
  private async commitNow(
    input: AuditEventInput,
    staged: { docId: string; json: string | null }[],
    header?: VaultHeader,
  ): Promise<AuditEvent> {
    if (this.readOnly !== null) throw vaultReadOnly(this.readOnly)
    const signer = this.signer
    if (!signer) throw vaultReadOnly('your key slot has not been upgraded yet')
    if (this.poisoned)
      throw new AppError('vault-needs-reopen', 'An earlier save could not be completed. Lock the vault and unlock it again to carry on.')
    const { io, faults } = this.opts
    const at = this.opts.now().toISOString()
    const prepared: PreparedChange[] = staged.map(({ docId, json }) => {
      const entry = this.manifest.get(docId)
      if (json === null) {
        if (!isLive(entry)) throw new AppError('document-not-found', `The document “${docId}” cannot be deleted: it is not in the vault.`)
        return { docId, delete: true, generation: entry.generation, json: '', bytes: Buffer.alloc(0), hash: '' }
      }
      const generation = (entry?.generation ?? 0) + 1
      const bytes = encodeDocument(this.keyring.current, this.vaultIdBytes, docId, generation, json)
      return { docId, delete: false, generation, json, bytes, hash: sha256Hex(bytes) }
    })
    const written = prepared.filter((p) => !p.delete)
    const newFiles = written.map((p) => this.path(DOCUMENTS_DIR, generationFileName(p.docId, p.generation)))
    const what = written.length === 0 ? 'The audit entry' : written.length === 1 ? `The document “${written[0].docId}”` : 'The changes'
    const discardNewFiles = () => Promise.all(newFiles.map((f) => io.unlink(f).catch(() => undefined)))

    try {
      // Each file is written whole or removed (writeNewFileSynced checks its size after the sync). Every
      // write is waited for, failed or not: one still running after this commit gave up could otherwise
      // remove, or write over, the same-named generation file of the next commit.
      const results = await Promise.allSettled(written.map((p, i) => writeNewFileSynced(io, newFiles[i], p.bytes)))
      const failed = results.find((r) => r.status === 'rejected')
      if (failed) throw failed.reason
      if (written.length > 0) await fsyncDir(io, this.path(DOCUMENTS_DIR))
    } catch (e) {
      await discardNewFiles()
      throw writeFailed(what, e, await this.previousStateAfterFailure(prepared))
    }
    await faults.at?.('documents-written')

    const stored: StoredEvent = {
      seq: this.pos.seq + 1,
      at,
      personId: this.person.personId,
      personName: this.person.name,
      action: input.action,
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      summary: input.summary,
      docs: prepared.map((p) =>
        p.delete ? { id: p.docId, deleted: true as const } : { id: p.docId, generation: p.generation, hash: p.hash },
      ),
      prev: this.pos.hash,
      ...(header ? { header: serialiseHeader(header).toString('utf8') } : {}),
    }
    const { frame, hash, sig } = encodeFrame(this.keyring.current, this.vaultIdBytes, stored, signer)
    try {
      await this.appendFrame(frame)
    } catch (e) {
      if (e instanceof AppError) {
        await discardNewFiles()
        throw e
      }
      if (e instanceof WriteNotUndone) {
        // The journal may end in this event's frame, whole or in part, and the next open decides which: so
        // the new generation files stay (that open deletes whichever side of them the journal does not
        // name), and nothing more is written in this session.
        this.poisoned = true
        throw writeFailed(what, e, 'unchecked')
      }
      await discardNewFiles()
      throw writeFailed(what, e, await this.previousStateAfterFailure(prepared))
    }

    // Committed. From here on nothing may throw to the caller: the event is durable.
    const start = this.pos.journalBytes
    this.pos = { ...this.pos, seq: stored.seq, hash, journalBytes: start + frame.length }
    this.pos.offsets.set(stored.seq, start)
    if (stored.header !== undefined) this.journalHeader = { seq: stored.seq, at: stored.at, json: stored.header }
    const epoch = this.keyring.currentEpoch
    for (const p of prepared) {
      if (p.delete) {
        this.manifest.set(p.docId, { generation: p.generation, deleted: true })
        this.cache.delete(p.docId)
      } else {
        this.manifest.set(p.docId, epoch === 0 ? { generation: p.generation, hash: p.hash } : { generation: p.generation, hash: p.hash, epoch })
        this.cache.set(p.docId, { generation: p.generation, json: p.json })
      }
      this.forgetProblem(p.docId)
    }
    await faults.at?.('journal-appended')
    await this.writeHead()
    await faults.at?.('head-written')
    if (stored.seq % this.opts.checkpointEvery === 0) this.checkpointDue = true
    if (this.checkpointDue && !this.headStale) await this.writeCheckpoint()
    const superseded = prepared.map((p) => this.path(DOCUMENTS_DIR, generationFileName(p.docId, p.delete ? p.generation : p.generation - 1)))
    if (this.deletionHolds > 0) this.heldDeletions.push(...superseded) // a backup is copying them
    else await Promise.all(superseded.map((f) => io.unlink(f).catch(() => undefined)))
    await faults.at?.('old-generations-deleted')
    return { ...stored, sig, hash }
  }

  /**
   * The commit point: the frame appended whole at the journal's known end and fdatasync'd, and the file then
   * exactly as long as that — or nothing, the journal truncated back to where it was (WriteNotUndone if even
   * that failed). A write that stops part-way without an error, as write(2) may on a full disk, is caught by
   * the loop in writeAllAt and by the length check.
   */
  private async appendFrame(frame: Buffer): Promise<void> {
    const fh = await this.opts.io.open(this.path(JOURNAL_FILE), 'r+')
    try {
      if ((await fh.stat()).size !== this.pos.journalBytes)
        throw new AppError(
          'journal-changed',
          'The audit trail file was changed outside Escalation Log while the vault was open, so nothing more was saved. Lock the vault and unlock it again.',
        )
      await appendAllOrNothing(fh, frame, this.pos.journalBytes)
    } finally {
      await fh.close().catch(() => undefined)
    }
  }

  /**
   * After a commit failed before its commit point: checks, rather than assumes, that what was saved before is
   * still there — the journal at the length this session acknowledged, and the file of the current generation
   * of each document the commit would have changed. Says which message the person may be given.
   */
  private async previousStateAfterFailure(prepared: PreparedChange[]): Promise<AfterWriteFailure> {
    const { io } = this.opts
    try {
      if ((await io.stat(this.path(JOURNAL_FILE))).size !== this.pos.journalBytes) return 'unchecked'
      for (const p of prepared) {
        const entry = this.manifest.get(p.docId)
        if (!isLive(entry)) continue
        if (!(await io.stat(this.path(DOCUMENTS_DIR, generationFileName(p.docId, entry.generation)))).isFile()) return 'unchecked'
      }
      return 'checked'
    } catch {
      return 'unchecked'
    }
  }

  /** The head lags the journal if this fails; open accepts that (the journal is the commit point). */
  private async writeHead(): Promise<void> {
    const { seq, hash, journalBytes } = this.pos
    try {
      await writeFileDurable(this.opts.io, this.path(HEAD_FILE), encodeHead(this.keyring.current, this.vaultIdBytes, { seq, hash, journalBytes }))
      this.headStale = false
    } catch {
      this.headStale = true
    }
  }

  private async writeCheckpoint(): Promise<void> {
    const { seq, hash, journalBytes } = this.pos
    const docs = Object.fromEntries(this.manifest)
    try {
      const bytes = encodeCheckpoint(this.keyring.current, this.vaultIdBytes, { seq, hash, journalBytes, docs, header: this.journalHeader })
      await writeFileDurable(this.opts.io, this.path(CHECKPOINT_FILE), bytes)
      this.checkpointDue = false
    } catch {
      this.checkpointDue = true
    }
  }

  /** For openVault/createVault: append an event without the public checks (already inside no queue). */
  appendSystemEvent(input: AuditEventInput, header?: VaultHeader): Promise<AuditEvent> {
    return this.enqueue(() => this.commitNow(input, [], header))
  }

  /** For openVault: write a new header and its event, as one change (see replaceHeader). */
  changeHeaderAtOpen(
    next: UnsignedHeader,
    event: AuditEventInput,
    change: { keyring?: Keyring; ownKeys?: PersonSlotKeys; person?: PersonSlot } = {},
  ): Promise<void> {
    return this.enqueue(() => this.replaceHeader(next, event, change))
  }

  private deletionHolds = 0
  private heldDeletions: string[] = []

  /**
   * For backup/snapshot.ts: the state as of the last acknowledged event, taken at one instant (between the
   * commit point and the next, so the journal length, the manifest and the header the journal records agree),
   * with the deletion of superseded generation files held until `release` is called, so every file the
   * snapshot names stays there to be copied while commits carry on.
   */
  backupSnapshot(): { seq: number; hash: string; journalBytes: number; headerJson: string | null; v1LastSeq: number; docs: Map<string, number>; release: () => Promise<void> } {
    this.assertUnlocked()
    const docs = new Map<string, number>()
    for (const [id, e] of this.manifest) if (isLive(e)) docs.set(id, e.generation)
    this.deletionHolds++
    let released = false
    const release = async (): Promise<void> => {
      if (released) return
      released = true
      if (--this.deletionHolds > 0) return
      const files = this.heldDeletions
      this.heldDeletions = []
      await Promise.all(files.map((f) => this.opts.io.unlink(f).catch(() => undefined)))
    }
    const { seq, hash, journalBytes } = this.pos
    return { seq, hash, journalBytes, headerJson: this.journalHeader?.json ?? null, v1LastSeq: this.header.v1Journal.seq, docs, release }
  }

  /** For openVault: the header as it is now. */
  get currentHeader(): VaultHeader {
    return this.header
  }

  private get layout(): JournalLayout {
    return { keyring: this.keyring, vaultIdBytes: this.vaultIdBytes, v1LastSeq: this.header.v1Journal.seq }
  }

  /** For openVault: bring head (and checkpoint) up to date after replaying a journal that ran ahead. */
  async repairHead(): Promise<void> {
    await this.enqueue(async () => {
      await this.writeHead()
      if (!this.headStale) await this.writeCheckpoint()
    })
  }

  // ---- audit trail -----------------------------------------------------------------------------------

  async readAudit(opts: { beforeSeq?: number; limit: number }): Promise<AuditEvent[]> {
    this.assertUnlocked()
    try {
      return await readAuditPage(
        { io: this.opts.io, file: this.path(JOURNAL_FILE), layout: this.layout },
        this.pos,
        opts,
      )
    } finally {
      this.assertUnlocked() // keys wiped part-way: say "locked", not "damaged"
    }
  }

  async verifyAuditChain(): Promise<AuditChainReport> {
    this.assertUnlocked()
    const report = await verifyChain(
      { io: this.opts.io, file: this.path(JOURNAL_FILE), layout: this.layout },
      { ...this.pos },
      () => this.isLocked,
    )
    this.assertUnlocked()
    return report
  }

  // ---- people ------------------------------------------------------------------------------------------

  people(): PersonSlot[] {
    this.assertUnlocked()
    return headerPeople(this.header)
  }

  /** The journal position this session has reached (for the machine's record of what it has seen). */
  position(): { seq: number; hash: string } {
    this.assertUnlocked()
    return { seq: this.pos.seq, hash: this.pos.hash }
  }

  /**
   * A key for authenticating records kept outside the vault folder (the rollback record, say), bound to
   * `purpose`. Derived from the vault's first key epoch, so it stays the same across re-keys.
   */
  localMacKey(purpose: string): Buffer {
    this.assertUnlocked()
    const first = this.keyring.at(0)
    if (!first) throw vaultLocked()
    return Buffer.from(hkdfSync('sha256', first.sub('local'), this.vaultIdBytes, `escalation-log/local/${purpose}`, 32))
  }

  /**
   * Writes a new header, then its audit event carrying it (so vault.json is bound to the journal); if the event
   * cannot be written the old header goes back. A re-key passes the new keyring, which the event is written
   * under. Must run inside the queue.
   */
  private async replaceHeader(
    unsigned: UnsignedHeader,
    event: AuditEventInput,
    change: { keyring?: Keyring; ownKeys?: PersonSlotKeys; person?: PersonSlot } = {},
  ): Promise<void> {
    if (this.readOnly !== null) throw vaultReadOnly(this.readOnly)
    const old = { header: this.header, keyring: this.keyring, signer: this.signer, ownKeys: this.ownKeys }
    const keyring = change.keyring ?? this.keyring
    const next = signHeader(keyring.current.sub('header'), unsigned)
    const file = this.path(HEADER_FILE)
    try {
      await writeFileDurable(this.opts.io, file, serialiseHeader(next))
    } catch (e) {
      // Checked, not assumed: the rename may have happened before the folder's sync failed.
      const onDisk = await this.opts.io.readFile(file).catch(() => null)
      const after = onDisk?.equals(serialiseHeader(old.header)) ? 'checked' : 'unchecked'
      throw writeFailed('The change to the people who can unlock the vault', e, after)
    }
    this.header = next
    this.keyring = keyring
    if (change.ownKeys) {
      this.ownKeys = change.ownKeys
      this.signer = new Signer(Buffer.from(change.ownKeys.signing.privateKey), change.ownKeys.signing.publicKey)
    }
    try {
      await this.commitNow(event, [], next)
    } catch (e) {
      await writeFileDurable(this.opts.io, file, serialiseHeader(old.header)).catch(() => undefined)
      this.header = old.header
      this.keyring = old.keyring
      this.signer = old.signer
      this.ownKeys = old.ownKeys
      throw e
    }
    if (change.person) Object.assign(this.person, change.person)
    if (old.keyring !== this.keyring) old.keyring.wipe() // the new keyring holds its own copies of every key
  }

  private checkName(raw: unknown, who: 'your' | 'the person’s', except?: string): string {
    const trimmed = typeof raw === 'string' ? raw.trim() : ''
    if (trimmed.length === 0 || trimmed.length > 200)
      throw new AppError('invalid-name', `Enter ${who} name (up to 200 characters).`, { field: 'name' })
    const same = (s: { personId: string; name: string }) =>
      s.personId !== except && s.name.toLocaleLowerCase('en-GB') === trimmed.toLocaleLowerCase('en-GB')
    if (this.header.slots.some(same))
      throw new AppError('person-exists', `Someone called ${trimmed} can already unlock this vault.`, { field: 'name' })
    if (this.header.invitations.some(same))
      throw new AppError('person-exists', `${trimmed} has already been invited: cancel that invitation to make a new one.`, { field: 'name' })
    return trimmed
  }

  private ownSlot(): PersonKeySlot {
    const slot = this.header.slots.find((s) => s.personId === this.person.personId)
    if (!slot) throw new AppError('person-not-found', 'You are no longer listed in this vault.')
    if (isLegacySlot(slot)) throw vaultReadOnly('your key slot has not been upgraded yet')
    return slot
  }

  private newPersonId(): string {
    const taken = new Set([...this.header.slots, ...this.header.invitations].map((s) => s.personId))
    let id: string
    do id = randomId()
    while (taken.has(id))
    return id
  }

  async createInvitation(input: { name: string; role?: string; validForHours: number }): Promise<{ invitation: InvitationInfo; code: string }> {
    this.assertUnlocked()
    const hours = input?.validForHours
    if (!Number.isSafeInteger(hours) || hours < 1 || hours > MAX_INVITATION_HOURS)
      throw new AppError('invalid-invitation', `An invitation lasts from 1 hour to ${MAX_INVITATION_HOURS / 24} days.`, { field: 'validForHours' })
    const role = typeof input.role === 'string' && input.role.trim() !== '' ? input.role.trim().slice(0, 120) : undefined
    return this.enqueue(async () => {
      this.assertUnlocked()
      const name = this.checkName(input.name, 'the person’s')
      const mine = this.ownSlot()
      const now = this.opts.now()
      const invite = {
        inviteId: randomId(),
        personId: this.newPersonId(),
        name,
        ...(role ? { role } : {}),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString(),
      }
      const code = newInvitationCode()
      const slot = await makeInvitationSlot(this.header, invite, code, kdfParams(mine.kdf), this.keyring.current.dataKey, this.person)
      this.assertUnlocked()
      await this.replaceHeader(nextRevision(this.header, { invitations: [...this.header.invitations, slot] }), {
        action: 'invitation-created',
        subject: invite.personId,
        summary: `${name} was invited to the vault, until ${whenText(invite.expiresAt)}`,
      })
      return { invitation: invitationInfo(slot), code }
    })
  }

  async cancelInvitation(inviteId: string): Promise<void> {
    this.assertUnlocked()
    return this.enqueue(async () => {
      this.assertUnlocked()
      const slot = this.header.invitations.find((i) => i.inviteId === inviteId)
      if (!slot) throw new AppError('invitation-not-found', 'That invitation is not pending: it was accepted or cancelled already.')
      await this.replaceHeader(nextRevision(this.header, { invitations: this.header.invitations.filter((i) => i !== slot) }), {
        action: 'invitation-cancelled',
        subject: slot.personId,
        summary: `The invitation for ${slot.name} was cancelled`,
      })
    })
  }

  invitations(): InvitationInfo[] {
    this.assertUnlocked()
    return this.header.invitations.map(invitationInfo)
  }

  /**
   * Removes a person and starts a new key epoch: a new random key, sealed to every remaining slot's public key
   * (no passphrase needed), the earlier keys kept in the keyring so the audit trail stays readable. Everything
   * written from here on is under the new key; live documents are re-encrypted in the background.
   */
  async removePerson(personId: string): Promise<void> {
    this.assertUnlocked()
    return this.enqueue(async () => {
      this.assertUnlocked()
      const slot = this.header.slots.find((s) => s.personId === personId)
      if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.')
      if (personId === this.person.personId)
        throw new AppError('cannot-remove-self', 'You cannot remove yourself: ask another person in the vault to do it.')
      if (this.header.slots.length === 1)
        throw new AppError('last-person', 'You cannot remove the last person — nobody could unlock the vault.')
      const epoch = this.header.epoch + 1
      const keyring = this.keyring.withNewEpoch(epoch, randomBytes(32))
      const key = keyring.current.dataKey
      const vaultId = this.vaultId
      const remaining = this.header.slots.filter((s) => s.personId !== personId)
      // A slot carried over from format 1 has no public key to seal the new key to: that person must be invited again.
      const stranded = remaining.filter(isLegacySlot)
      const slots = remaining.filter((s): s is PersonKeySlot => !isLegacySlot(s)).map((s) => resealed(vaultId, s, epoch, key))
      const unsigned = nextRevision(this.header, {
        epoch,
        slots,
        recovery: this.header.recovery ? resealed(vaultId, this.header.recovery, epoch, key) : null,
        invitations: this.header.invitations.map((i) => resealed(vaultId, i, epoch, key)),
      })
      unsigned.keyring = sealKeyring(vaultId, keyring)
      const also = stranded.length === 0 ? '' : `; ${stranded.map((s) => s.name).join(', ')} had not unlocked it since it was upgraded and must be invited again`
      await this.replaceHeader(
        unsigned,
        { action: 'person-removed', subject: personId, summary: `${slot.name} can no longer unlock the vault; it now uses a new key${also}` },
        { keyring },
      )
    }).then(() => this.startReencryption())
  }

  reencryption(): ReencryptionStatus {
    this.assertUnlocked()
    return { remaining: this.staleDocuments().length }
  }

  private staleDocuments(): string[] {
    const current = this.keyring.currentEpoch
    return [...this.manifest]
      .filter(([id, e]) => isLive(e) && (e.epoch ?? 0) < current && !this.reencryptSkipped.has(id))
      .map(([id]) => id)
      .sort()
  }

  /**
   * Re-encrypts live documents written under an earlier key, a batch per commit, until none is left. Resumable:
   * which documents are stale is read from the manifest, so after a crash or a lock it carries on at the next
   * unlock. A document that cannot be read is left (and listed as a problem), not retried forever.
   */
  startReencryption(): Promise<void> {
    if (this.reencrypting || this.isLocked || this.readOnly !== null) return this.reencrypting ?? Promise.resolve()
    const run = async () => {
      while (!this.isLocked) {
        const batch = this.staleDocuments().slice(0, REENCRYPT_BATCH)
        if (batch.length === 0) return
        const staged: { docId: string; json: string }[] = []
        for (const docId of batch) {
          try {
            const json = await this.loadJson(docId, 0, false)
            if (json !== undefined) staged.push({ docId, json })
            else this.reencryptSkipped.add(docId)
          } catch (e) {
            if (this.isLocked) return
            this.reencryptSkipped.add(docId)
            if (!(e instanceof AppError)) throw e
          }
        }
        if (staged.length === 0) continue
        await this.enqueue(async () => {
          if (this.isLocked) return
          // A save in between may already have re-encrypted some of them.
          const still = staged.filter((s) => (this.manifest.get(s.docId) as { epoch?: number } | undefined)?.epoch !== this.keyring.currentEpoch)
          const fresh = still.filter((s) => this.cache.get(s.docId) === undefined || this.cache.get(s.docId)?.json === s.json)
          if (fresh.length === 0) return
          await this.commitNow(
            { action: 'documents-re-encrypted', summary: `${fresh.length} ${fresh.length === 1 ? 'document' : 'documents'} re-encrypted under the vault's new key` },
            fresh,
          )
        })
      }
    }
    this.reencrypting = run()
      .catch(() => undefined)
      .finally(() => {
        this.reencrypting = null
      })
    return this.reencrypting
  }

  /**
   * The signed-in person changes their own name in the vault. The name is bound into their key slot, so the
   * slot is made again (same passphrase, same key pairs), which needs their passphrase. Audited; what was
   * signed before keeps the name it was signed with.
   */
  async renameSelf(passphrase: string, name: string): Promise<PersonSlot> {
    this.assertUnlocked()
    return this.enqueue(async () => {
      this.assertUnlocked()
      const slot = this.ownSlot()
      const trimmed = this.checkName(name, 'your', slot.personId)
      if (trimmed === slot.name) return { ...this.person }
      const opened = await this.openOwn(slot, passphrase)
      if (!opened) throw wrongPassphraseFor('passphrase')
      const renamed: PersonSlot = { personId: slot.personId, name: trimmed }
      const { slot: replacement } = await makePersonSlot(this.header, renamed, passphrase, kdfParams(slot.kdf), this.keyring.current.dataKey, opened, slot.slotId)
      await this.replaceHeader(
        nextRevision(this.header, { slots: this.header.slots.map((s) => (s.personId === slot.personId ? replacement : s)) }),
        { action: 'person-renamed', subject: slot.personId, summary: `${slot.name} changed their name to ${trimmed}` },
        { person: renamed },
      )
      return { ...renamed }
    })
  }

  async changePassphrase(current: string, next: string, kdf?: KdfParams): Promise<void> {
    this.assertUnlocked()
    if (kdf) assertKdf(kdf)
    if (typeof next !== 'string' || next.length === 0)
      throw new AppError('invalid-passphrase', 'Enter a new passphrase.', { field: 'next' })
    return this.enqueue(async () => {
      this.assertUnlocked()
      const slot = this.ownSlot()
      const opened = await this.openOwn(slot, current)
      if (!opened) throw wrongPassphraseFor('current')
      const { slot: replacement } = await makePersonSlot(this.header, this.person, next, kdf ?? kdfParams(slot.kdf), this.keyring.current.dataKey, opened, slot.slotId)
      await this.replaceHeader(
        nextRevision(this.header, { slots: this.header.slots.map((s) => (s.personId === slot.personId ? replacement : s)) }),
        { action: 'passphrase-changed', subject: slot.personId, summary: `${slot.name} changed their passphrase` },
      )
    })
  }

  async createRecoveryKey(): Promise<{ code: string; info: RecoveryKeyInfo }> {
    this.assertUnlocked()
    return this.enqueue(async () => {
      this.assertUnlocked()
      const mine = this.ownSlot()
      const code = newRecoveryCode()
      const replacing = this.header.recovery !== null
      const recovery = await makeRecoverySlot(this.header, code, kdfParams(mine.kdf), this.keyring.current.dataKey, this.person, this.opts.now().toISOString())
      this.assertUnlocked()
      await this.replaceHeader(nextRevision(this.header, { recovery }), {
        action: replacing ? 'recovery-key-replaced' : 'recovery-key-created',
        summary: replacing ? `${this.person.name} made a new recovery key; the earlier one no longer opens the vault` : `${this.person.name} made the vault's recovery key`,
      })
      return { code, info: { createdAt: recovery.createdAt, createdByName: recovery.createdByName } }
    })
  }

  recoveryKey(): RecoveryKeyInfo | null {
    this.assertUnlocked()
    const r = this.header.recovery
    return r ? { createdAt: r.createdAt, createdByName: r.createdByName } : null
  }

  /** The person's key pairs if `passphrase` opens their slot (and it is this vault's current key). */
  private async openOwn(slot: PersonKeySlot, passphrase: string): Promise<PersonSlotKeys | null> {
    if (typeof passphrase !== 'string') return null
    const opened = await openPersonSlot(this.header, slot, passphrase)
    if (!opened) return null
    const same = !this.isLocked && opened.epochKey.equals(this.keyring.current.dataKey)
    opened.epochKey.fill(0)
    return same ? { box: opened.box, signing: opened.signing } : null
  }

  async verifyPassphrase(personId: string, passphrase: string): Promise<boolean> {
    this.assertUnlocked()
    const slot = this.header.slots.find((s) => s.personId === personId)
    if (!slot || typeof passphrase !== 'string') return false
    if (isLegacySlot(slot)) {
      const key = await openLegacySlot(this.vaultId, slot, passphrase)
      const same = key !== null && !this.isLocked && this.keyring.at(0)?.dataKey.equals(key) === true
      key?.fill(0)
      return same
    }
    const keys = await this.openOwn(slot, passphrase)
    if (keys) {
      keys.box.privateKey.fill(0)
      keys.signing.privateKey.fill(0)
    }
    return keys !== null
  }

  // ---- locking -------------------------------------------------------------------------------------------

  lock(): Promise<void> {
    if (this.lockDone) return this.lockDone
    this.isLocked = true
    this.cache.clear()
    this.lockDone = this.enqueue(() => this.commitNow({ action: 'lock', summary: 'Vault locked' }, []))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.keyring.wipe()
        this.signer = null
        if (this.ownKeys) {
          this.ownKeys.box.privateKey.fill(0)
          this.ownKeys.signing.privateKey.fill(0)
          this.ownKeys = null
        }
      })
    closingStarted(this.dir, this, this.lockDone)
    return this.lockDone
  }
}

function wrongPassphraseFor(field: string): AppError {
  return new AppError('wrong-passphrase', 'That passphrase does not open this vault', { field })
}

export const randomId = (): string => randomHex(8)
