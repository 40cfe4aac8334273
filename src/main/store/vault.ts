/**
 * An unlocked vault: documents, commits (the journal append is the commit point), the audit trail and the
 * people who can unlock it. Built by openVault/createVault in open.ts, which replay the journal first.
 */
import { join } from 'node:path'
import { hkdfSync } from 'node:crypto'
import { AppError } from '../../shared/errors'
import { randomHex, sha256Hex, subkey, wipe } from './crypto'
import { assertDocId, decodeDocument, DOCUMENTS_DIR, encodeDocument, generationFileName } from './documents'
import { documentError, vaultLocked, vaultReadOnly, writeFailed, type AfterWriteFailure } from './errors'
import {
  HEADER_FILE,
  headerMac,
  makeSlot,
  slotKdf,
  slotPeople,
  unwrapSlot,
  type KeySlot,
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
import { JOURNAL_FILE, encodeFrame, type StoredEvent } from './journal'
import { readAuditPage, verifyChain } from './audit'
import { closingStarted } from './registry'
import { assertKdf } from './kdf'
import { isLive, type Manifest } from './manifest'
import { CHECKPOINT_FILE, encodeCheckpoint, encodeHead, HEAD_FILE } from './sealed-state'
import type {
  AuditChainReport,
  AuditEvent,
  AuditEventInput,
  DocumentChange,
  KdfParams,
  PersonSlot,
  Vault,
  VaultProblem,
} from './types'

export interface VaultKeys {
  data: Buffer
  documents: Buffer
  journal: Buffer
  head: Buffer
  checkpoint: Buffer
  header: Buffer
}

export function deriveKeys(dataKey: Buffer, vaultIdBytes: Buffer): VaultKeys {
  return {
    data: dataKey,
    documents: subkey(dataKey, vaultIdBytes, 'documents'),
    journal: subkey(dataKey, vaultIdBytes, 'journal'),
    head: subkey(dataKey, vaultIdBytes, 'head'),
    checkpoint: subkey(dataKey, vaultIdBytes, 'checkpoint'),
    header: subkey(dataKey, vaultIdBytes, 'header'),
  }
}

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
  private keys: VaultKeys
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

  constructor(init: {
    dir: string
    header: VaultHeader
    person: PersonSlot
    keys: VaultKeys
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
    this.keys = init.keys
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
    const decoded = decodeDocument(this.keys.documents, this.vaultIdBytes, docId, entry.generation, file)
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
  private async commitNow(input: AuditEventInput, staged: { docId: string; json: string | null }[]): Promise<AuditEvent> {
    if (this.readOnly !== null) throw vaultReadOnly(this.readOnly)
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
      const bytes = encodeDocument(this.keys.documents, this.vaultIdBytes, docId, generation, json)
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
    }
    const { frame, hash } = encodeFrame(this.keys.journal, this.vaultIdBytes, stored)
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
    for (const p of prepared) {
      if (p.delete) {
        this.manifest.set(p.docId, { generation: p.generation, deleted: true })
        this.cache.delete(p.docId)
      } else {
        this.manifest.set(p.docId, { generation: p.generation, hash: p.hash })
        this.cache.set(p.docId, { generation: p.generation, json: p.json })
      }
      this.forgetProblem(p.docId)
    }
    await faults.at?.('journal-appended')
    await this.writeHead()
    await faults.at?.('head-written')
    if (stored.seq % this.opts.checkpointEvery === 0) this.checkpointDue = true
    if (this.checkpointDue && !this.headStale) await this.writeCheckpoint()
    await Promise.all(
      prepared.map((p) =>
        io
          .unlink(this.path(DOCUMENTS_DIR, generationFileName(p.docId, p.delete ? p.generation : p.generation - 1)))
          .catch(() => undefined),
      ),
    )
    await faults.at?.('old-generations-deleted')
    return { ...stored, hash }
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
      await writeFileDurable(this.opts.io, this.path(HEAD_FILE), encodeHead(this.keys.head, this.vaultIdBytes, { seq, hash, journalBytes }))
      this.headStale = false
    } catch {
      this.headStale = true
    }
  }

  private async writeCheckpoint(): Promise<void> {
    const { seq, hash, journalBytes } = this.pos
    const docs = Object.fromEntries(this.manifest)
    try {
      const bytes = encodeCheckpoint(this.keys.checkpoint, this.vaultIdBytes, { seq, hash, journalBytes, docs })
      await writeFileDurable(this.opts.io, this.path(CHECKPOINT_FILE), bytes)
      this.checkpointDue = false
    } catch {
      this.checkpointDue = true
    }
  }

  /** For openVault/createVault: append an event without the public checks (already inside no queue). */
  appendSystemEvent(input: AuditEventInput): Promise<AuditEvent> {
    return this.enqueue(() => this.commitNow(input, []))
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
        { io: this.opts.io, file: this.path(JOURNAL_FILE), key: this.keys.journal, vaultIdBytes: this.vaultIdBytes },
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
      { io: this.opts.io, file: this.path(JOURNAL_FILE), key: this.keys.journal, vaultIdBytes: this.vaultIdBytes },
      { ...this.pos },
      () => this.isLocked,
    )
    this.assertUnlocked()
    return report
  }

  // ---- people ------------------------------------------------------------------------------------------

  people(): PersonSlot[] {
    this.assertUnlocked()
    return slotPeople(this.header)
  }

  /** Writes a new header, then its audit event; if the event cannot be written the old header goes back. */
  private async replaceHeader(slots: KeySlot[], event: AuditEventInput): Promise<void> {
    if (this.readOnly !== null) throw vaultReadOnly(this.readOnly)
    const old = this.header
    const unsigned = { ...old, slots }
    const next: VaultHeader = { ...unsigned, mac: headerMac(this.keys.header, unsigned) }
    const file = this.path(HEADER_FILE)
    const bytes = (h: VaultHeader) => Buffer.from(JSON.stringify(h, null, 2) + '\n', 'utf8')
    try {
      await writeFileDurable(this.opts.io, file, bytes(next))
    } catch (e) {
      // Checked, not assumed: the rename may have happened before the folder's sync failed.
      const onDisk = await this.opts.io.readFile(file).catch(() => null)
      const after = onDisk?.equals(bytes(old)) ? 'checked' : 'unchecked'
      throw writeFailed('The change to the people who can unlock the vault', e, after)
    }
    this.header = next
    try {
      await this.commitNow(event, [])
    } catch (e) {
      await writeFileDurable(this.opts.io, file, bytes(old)).catch(() => undefined)
      this.header = old
      throw e
    }
  }

  async addPerson(name: string, passphrase: string, kdf: KdfParams): Promise<PersonSlot> {
    this.assertUnlocked()
    assertKdf(kdf)
    const trimmed = typeof name === 'string' ? name.trim() : ''
    if (trimmed.length === 0 || trimmed.length > 200)
      throw new AppError('invalid-name', 'Enter the person’s name (up to 200 characters).', { field: 'name' })
    if (typeof passphrase !== 'string' || passphrase.length === 0)
      throw new AppError('invalid-passphrase', 'Enter a passphrase.', { field: 'passphrase' })
    return this.enqueue(async () => {
      this.assertUnlocked()
      if (this.header.slots.some((s) => s.name.toLocaleLowerCase('en-GB') === trimmed.toLocaleLowerCase('en-GB')))
        throw new AppError('person-exists', `Someone called ${trimmed} can already unlock this vault.`, { field: 'name' })
      const personIds = new Set(this.header.slots.map((s) => s.personId))
      let person: PersonSlot
      do person = { personId: randomId(), name: trimmed }
      while (personIds.has(person.personId))
      const slot = await makeSlot(this.vaultId, person, passphrase, kdf, this.keys.data)
      await this.replaceHeader([...this.header.slots, slot], {
        action: 'person-added',
        subject: person.personId,
        summary: `${trimmed} can now unlock the vault`,
      })
      return person
    })
  }

  async removePerson(personId: string): Promise<void> {
    this.assertUnlocked()
    return this.enqueue(async () => {
      this.assertUnlocked()
      const slot = this.header.slots.find((s) => s.personId === personId)
      if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.')
      if (this.header.slots.length === 1)
        throw new AppError('last-person', 'You cannot remove the last person — nobody could unlock the vault.')
      await this.replaceHeader(
        this.header.slots.filter((s) => s.personId !== personId),
        { action: 'person-removed', subject: personId, summary: `${slot.name} can no longer unlock the vault` },
      )
    })
  }

  /**
   * The signed-in person changes their own name in the vault. The name is bound into their key slot's
   * wrap, so the slot is made again (same passphrase, same settings), which needs their passphrase. The
   * change is an audit event; what was signed before keeps the name it was signed with.
   */
  async renameSelf(passphrase: string, name: string): Promise<PersonSlot> {
    this.assertUnlocked()
    const trimmed = typeof name === 'string' ? name.trim() : ''
    if (trimmed.length === 0 || trimmed.length > 200)
      throw new AppError('invalid-name', 'Enter your name (up to 200 characters).', { field: 'name' })
    return this.enqueue(async () => {
      this.assertUnlocked()
      const slot = this.header.slots.find((s) => s.personId === this.person.personId)
      if (!slot) throw new AppError('person-not-found', 'You are no longer listed in this vault.')
      if (trimmed === slot.name) return { ...this.person }
      if (this.header.slots.some((s) => s.personId !== slot.personId && s.name.toLocaleLowerCase('en-GB') === trimmed.toLocaleLowerCase('en-GB')))
        throw new AppError('person-exists', `Someone called ${trimmed} can already unlock this vault.`, { field: 'name' })
      if (!(await this.slotOpens(slot, passphrase))) throw wrongPassphraseFor('passphrase')
      const renamed: PersonSlot = { personId: slot.personId, name: trimmed }
      const replacement = await makeSlot(this.vaultId, renamed, passphrase, slotKdf(slot), this.keys.data, slot.slotId)
      await this.replaceHeader(
        this.header.slots.map((s) => (s.personId === slot.personId ? replacement : s)),
        { action: 'person-renamed', subject: slot.personId, summary: `${slot.name} changed their name to ${trimmed}` },
      )
      // From here on, audit events and signatures carry the new name; earlier ones keep the old.
      Object.assign(this.person, renamed)
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
      const slot = this.header.slots.find((s) => s.personId === this.person.personId)
      if (!slot) throw new AppError('person-not-found', 'You are no longer listed in this vault.')
      if (!(await this.slotOpens(slot, current))) throw wrongPassphraseFor('current')
      const replacement = await makeSlot(this.vaultId, this.person, next, kdf ?? slotKdf(slot), this.keys.data, slot.slotId)
      await this.replaceHeader(
        this.header.slots.map((s) => (s.personId === slot.personId ? replacement : s)),
        { action: 'passphrase-changed', subject: slot.personId, summary: `${slot.name} changed their passphrase` },
      )
    })
  }

  private async slotOpens(slot: KeySlot, passphrase: string): Promise<boolean> {
    if (typeof passphrase !== 'string') return false
    const key = await unwrapSlot(this.vaultId, slot, passphrase)
    if (!key) return false
    const same = !this.isLocked && key.equals(this.keys.data)
    key.fill(0)
    return same
  }

  async verifyPassphrase(personId: string, passphrase: string): Promise<boolean> {
    this.assertUnlocked()
    const slot = this.header.slots.find((s) => s.personId === personId)
    return slot ? this.slotOpens(slot, passphrase) : false
  }

  position(): { seq: number; hash: string } {
    this.assertUnlocked()
    return { seq: this.pos.seq, hash: this.pos.hash }
  }

  localMacKey(purpose: string): Buffer {
    this.assertUnlocked()
    // Its own HKDF label, apart from the vault's file subkeys, so a local record's MAC is never a vault key.
    return Buffer.from(hkdfSync('sha256', this.keys.data, this.vaultIdBytes, `escalation-log/local/${purpose}`, 32))
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
        const k = this.keys
        wipe(k.data, k.documents, k.journal, k.head, k.checkpoint, k.header)
      })
    closingStarted(this.dir, this, this.lockDone)
    return this.lockDone
  }
}

function wrongPassphraseFor(field: string): AppError {
  return new AppError('wrong-passphrase', 'That passphrase does not open this vault', { field })
}

export const randomId = (): string => randomHex(8)
