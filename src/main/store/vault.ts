/**
 * An unlocked vault: documents, commits (the journal append is the commit point), the audit trail and the
 * people who can unlock it. Built by openVault/createVault in open.ts, which replay the journal first.
 */
import { hkdfSync } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { attachmentOfDocId } from './attachments'
import { sha256Hex } from './crypto'
import { assertDocId, decodeDocument, DOCUMENTS_DIR, encodeDocument, generationFileName } from './documents'
import { documentError, vaultLocked, vaultReadOnly, writeFailed, type AfterWriteFailure } from './errors'
import { HEADER_FILE, serialiseHeader, signHeader, type UnsignedHeader, type VaultHeader } from './header'
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
import { JOURNAL_FILE, encodeFrame, type JournalLayout, type JournalPosition, type StoredEvent } from './journal'

export type { JournalPosition }
import { readAuditPage, verifyChain } from './audit'
import * as people from './people'
import { randomId, whenText } from './people'
import { Reencryption, removePerson } from './rekey'
import { closingStarted } from './registry'
import { Signer, type Keyring } from './keys'
import { isLive, type Manifest } from './manifest'
import type { JournalHeader } from './replay'
import { CHECKPOINT_FILE, encodeCheckpoint, encodeHead, HEAD_FILE } from './sealed-state'
import type { PersonSlotKeys } from './slots'
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
import type { HeaderChange, VaultCore } from './vault-core'

export { randomId, whenText }

export interface VaultOptions {
  io: VaultIo
  faults: FaultHooks
  checkpointEvery: number
  now: () => Date
}

interface PreparedChange {
  docId: string
  delete: boolean
  generation: number
  json: string
  bytes: Buffer
  hash: string
}

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
  private readonly core: VaultCore = this.makeCore()
  private readonly rekeying = new Reencryption(this.core)

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
        // An attachment's chunks are read only when it is opened, and never kept in memory.
        if (attachmentOfDocId(p.docId) === null) this.cache.set(p.docId, { generation: p.generation, json: p.json })
        else this.cache.delete(p.docId)
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
    return people.people(this.core)
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

  /** The internals people.ts and rekey.ts work on: live views of this vault's private state. */
  private makeCore(): VaultCore {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters read the vault's current state
    const vault = this
    return {
      get vaultId() {
        return vault.vaultId
      },
      get person() {
        return vault.person
      },
      get header() {
        return vault.header
      },
      get keyring() {
        return vault.keyring
      },
      get locked() {
        return vault.isLocked
      },
      get readOnly() {
        return vault.readOnly
      },
      get manifest() {
        return vault.manifest
      },
      get cache() {
        return vault.cache
      },
      now: () => vault.opts.now(),
      assertUnlocked: () => vault.assertUnlocked(),
      enqueue: (task) => vault.enqueue(task),
      replaceHeader: (unsigned, event, change) => vault.replaceHeader(unsigned, event, change),
      commitNow: (input, staged) => vault.commitNow(input, staged),
      loadJson: (docId, attempt, keep) => vault.loadJson(docId, attempt, keep),
    }
  }

  /**
   * Writes a new header, then its audit event carrying it (so vault.json is bound to the journal); if the event
   * cannot be written the old header goes back. A re-key passes the new keyring, which the event is written
   * under. Must run inside the queue.
   */
  private async replaceHeader(
    unsigned: UnsignedHeader,
    event: AuditEventInput,
    change: HeaderChange = {},
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

  createInvitation(input: { name: string; role?: string; validForHours: number }): Promise<{ invitation: InvitationInfo; code: string }> {
    return people.createInvitation(this.core, input)
  }

  cancelInvitation(inviteId: string): Promise<void> {
    return people.cancelInvitation(this.core, inviteId)
  }

  invitations(): InvitationInfo[] {
    return people.invitations(this.core)
  }

  renameSelf(passphrase: string, name: string): Promise<PersonSlot> {
    return people.renameSelf(this.core, passphrase, name)
  }

  changePassphrase(current: string, next: string, kdf?: KdfParams): Promise<void> {
    return people.changePassphrase(this.core, current, next, kdf)
  }

  verifyPassphrase(personId: string, passphrase: string): Promise<boolean> {
    return people.verifyPassphrase(this.core, personId, passphrase)
  }

  createRecoveryKey(): Promise<{ code: string; info: RecoveryKeyInfo }> {
    return people.createRecoveryKey(this.core)
  }

  recoveryKey(): RecoveryKeyInfo | null {
    return people.recoveryKey(this.core)
  }

  /** Removes a person under a new key epoch (rekey.ts), then re-encrypts live documents in the background. */
  removePerson(personId: string): Promise<void> {
    return removePerson(this.core, personId).then(() => this.startReencryption())
  }

  reencryption(): ReencryptionStatus {
    return this.rekeying.status()
  }

  startReencryption(): Promise<void> {
    return this.rekeying.start()
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
