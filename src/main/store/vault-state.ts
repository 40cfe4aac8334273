/**
 * The state of an unlocked vault and everything that only reads it: the manifest and the document cache,
 * loading and verifying documents, the problems found, the audit trail, the backup snapshot, and the head
 * and checkpoint files that record how far the journal has reached. VaultImpl (vault.ts) adds what writes:
 * commits, header changes, the people who can unlock it, and locking.
 */
import { hkdfSync } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { readAuditPage, verifyChain } from './audit'
import { sha256Hex } from './crypto'
import { DocumentCache } from './document-cache'
import { assertDocId, decodeDocumentBytes, DOCUMENTS_DIR, folderOf, generationFileName } from './documents'
import { documentError, vaultLocked } from './errors'
import type { UnsignedHeader, VaultHeader } from './header'
import { isNotFound, writeFileDurable, type FaultHooks, type VaultIo } from './io'
import { JOURNAL_FILE, type JournalLayout, type JournalPosition } from './journal'
import { Signer, type Keyring } from './keys'
import { isLive, type Manifest } from './manifest'
import type { ManifestEntry } from './sealed-state'
import { Reencryption } from './rekey'
import type { JournalHeader } from './replay'
import { CHECKPOINT_FILE, encodeCheckpoint, encodeHead, HEAD_FILE } from './sealed-state'
import type { PersonSlotKeys } from './slots'
import type { AuditChainReport, AuditEvent, AuditEventInput, PersonSlot, VaultProblem } from './types'
import type { HeaderChange, VaultCore } from './vault-core'

export interface VaultOptions {
  io: VaultIo
  faults: FaultHooks
  checkpointEvery: number
  tidyChunksAfterMs: number
  documentCacheBytes: number
  now: () => Date
}

export abstract class VaultState {
  readonly dir: string
  readonly vaultId: string
  readonly person: PersonSlot
  protected header: VaultHeader
  protected readonly vaultIdBytes: Buffer
  /** Every epoch key; module-internal (backup.ts reads it for the backup MAC). */
  keyring: Keyring
  protected signer: Signer | null
  protected ownKeys: PersonSlotKeys | null
  protected journalHeader: JournalHeader | null
  protected readonly manifest: Manifest
  protected pos: JournalPosition
  protected readonly opts: VaultOptions
  protected readonly found: VaultProblem[]
  protected readonly cache: DocumentCache
  protected queue: Promise<unknown> = Promise.resolve()
  protected isLocked = false
  protected lockDone: Promise<void> | null = null
  /** A journal append failed and could not be undone: the file may hold a frame we did not acknowledge. */
  protected poisoned = false
  protected headStale = false
  protected checkpointDue = false
  protected readonly core: VaultCore = this.makeCore()
  protected readonly rekeying = new Reencryption(this.core)

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
    this.cache = new DocumentCache(init.options.documentCacheBytes)
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

  protected assertUnlocked(): void {
    if (this.isLocked) throw vaultLocked()
  }

  protected path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /** Runs `task` after every task queued before it; a failure does not stop later tasks. */
  protected enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }

  // ---- documents -------------------------------------------------------------------------------------

  documentIds(): string[] {
    this.assertUnlocked()
    return [...this.manifest.documents()].filter(([, e]) => isLive(e)).map(([id]) => id).sort()
  }

  documentIdsWhere(keep: (docId: string) => boolean): string[] {
    this.assertUnlocked()
    const out: string[] = []
    for (const [id, entry] of this.manifest.documents()) if (isLive(entry) && keep(id)) out.push(id)
    return out
  }

  chunkIds(): string[] {
    this.assertUnlocked()
    return [...this.manifest.chunkEntries()].filter(([, e]) => isLive(e)).map(([id]) => id).sort()
  }

  has(docId: string): boolean {
    this.assertUnlocked()
    return isLive(this.manifest.get(docId))
  }

  protected noteProblem(docId: string, message: string): void {
    const existing = this.found.findIndex((p) => p.docId === docId)
    if (existing >= 0) this.found[existing] = { docId, message }
    else this.found.push({ docId, message })
  }

  protected forgetProblem(docId: string): void {
    const i = this.found.findIndex((p) => p.docId === docId)
    if (i >= 0) this.found.splice(i, 1)
  }

  /** The document's JSON text, verified; undefined if it never existed or was deleted. */
  protected async loadJson(docId: string, attempt = 0, keep = true, checksum = true): Promise<string | undefined> {
    const cached = this.cachedJson(docId)
    if (cached !== undefined) return cached
    const plain = await this.loadPlain(docId, attempt, checksum)
    if (plain === undefined) return undefined
    const json = plain.bytes.toString('utf8')
    if (keep && checksum && this.manifest.get(docId) === plain.entry) this.cache.set(docId, { generation: plain.entry.generation, json })
    return json
  }

  private cachedJson(docId: string): string | undefined {
    this.assertUnlocked()
    assertDocId(docId)
    const entry = this.manifest.get(docId)
    if (!isLive(entry)) return undefined
    const cached = this.cache.get(docId)
    return cached && cached.generation === entry.generation ? cached.json : undefined
  }

  /** The document's verified plaintext (its JSON, UTF-8) and the manifest entry it was read for. */
  private async loadPlain(docId: string, attempt: number, checksum: boolean): Promise<{ bytes: Buffer; entry: ManifestEntry } | undefined> {
    this.assertUnlocked()
    assertDocId(docId)
    const entry = this.manifest.get(docId)
    if (!isLive(entry)) return undefined
    let file: Buffer
    try {
      file = await this.readGeneration(docId, entry.generation)
    } catch (e) {
      // A commit may have replaced this generation while we were reading it.
      if (attempt === 0 && this.manifest.get(docId) !== entry) return this.loadPlain(docId, 1, checksum)
      const err = isNotFound(e) ? documentError('document-missing', docId) : documentError('document-damaged', docId)
      this.noteProblem(docId, err.message)
      throw err
    }
    this.assertUnlocked()
    const decoded = decodeDocumentBytes(this.keyring, this.vaultIdBytes, docId, entry.generation, file)
    // Without the checksum (derived documents, see loadMany) the AEAD tag alone vouches for the file.
    const hashOk = !checksum || !decoded.ok || sha256Hex(file) === entry.hash
    if (!decoded.ok || !hashOk) {
      if (attempt === 0 && this.manifest.get(docId) !== entry) return this.loadPlain(docId, 1, checksum)
      const err = documentError(decoded.ok ? 'document-damaged' : decoded.why, docId)
      this.noteProblem(docId, err.message)
      throw err
    }
    return { bytes: decoded.plain, entry }
  }

  /** A chunk still in documents/ (the layout before chunks/, on a folder that could not be written) is read there. */
  private async readGeneration(docId: string, generation: number): Promise<Buffer> {
    const name = generationFileName(docId, generation)
    const folder = folderOf(docId)
    try {
      return await this.opts.io.readFile(this.path(folder, name))
    } catch (e) {
      if (folder === DOCUMENTS_DIR || !isNotFound(e)) throw e
      return await this.opts.io.readFile(this.path(DOCUMENTS_DIR, name))
    }
  }

    async load<T>(docId: string, opts: { cache?: boolean; checksum?: boolean } = {}): Promise<T | undefined> {
    const json = await this.loadJson(docId, 0, opts.cache !== false, opts.checksum !== false)
    return json === undefined ? undefined : (JSON.parse(json) as T)
  }

  /**
   * Each document's verified JSON as the bytes it was stored as (UTF-8), not turned into a string: for readers
   * that take only part of a large document (the search index's segments) and leave the rest off the heap.
   */
  async loadManyBytes(docIds: string[], opts: { skipDamaged?: boolean; checksum?: boolean } = {}): Promise<Map<string, Buffer>> {
    return this.loadEach(docIds, opts.skipDamaged === true, async (id) => {
      const cached = this.cachedJson(id)
      if (cached !== undefined) return Buffer.from(cached, 'utf8')
      return (await this.loadPlain(id, 0, opts.checksum !== false))?.bytes
    })
  }

  async loadMany<T>(docIds: string[], opts: { skipDamaged?: boolean; cache?: boolean; checksum?: boolean } = {}): Promise<Map<string, T>> {
    return this.loadEach(docIds, opts.skipDamaged === true, (id) => this.load<T>(id, { cache: opts.cache !== false, checksum: opts.checksum !== false }))
  }

  private async loadEach<T>(docIds: string[], skipDamaged: boolean, loadOne: (docId: string) => Promise<T | undefined>): Promise<Map<string, T>> {
    this.assertUnlocked()
    const out = new Map<string, T>()
    const failures: { path: string; message: string }[] = []
    const ids = [...new Set(docIds)]
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]
        try {
          const value = await loadOne(id)
          if (value !== undefined) out.set(id, value)
        } catch (e) {
          if (e instanceof AppError && e.code !== 'vault-locked') failures.push({ path: id, message: e.message })
          else throw e
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(16, ids.length) }, worker))
    if (failures.length > 0 && !skipDamaged) {
      const first = failures[0]
      const message =
        failures.length === 1 ? first.message : `${failures.length} documents could not be read; the first: ${first.message}`
      throw new AppError(failures.length === 1 ? 'document-damaged' : 'documents-damaged', message, { details: failures })
    }
    return out
  }

  /** The head lags the journal if this fails; open accepts that (the journal is the commit point). */
  protected async writeHead(): Promise<void> {
    const { seq, hash, journalBytes } = this.pos
    try {
      await writeFileDurable(this.opts.io, this.path(HEAD_FILE), encodeHead(this.keyring.current, this.vaultIdBytes, { seq, hash, journalBytes }))
      this.headStale = false
    } catch {
      this.headStale = true
    }
  }

  protected async writeCheckpoint(): Promise<void> {
    const { seq, hash, journalBytes } = this.pos
    try {
      const { docs, chunks } = this.manifest.checkpointForm()
      const bytes = encodeCheckpoint(this.keyring.current, this.vaultIdBytes, { v: 2, seq, hash, journalBytes, docs, chunks, header: this.journalHeader })
      await writeFileDurable(this.opts.io, this.path(CHECKPOINT_FILE), bytes)
      this.checkpointDue = false
    } catch {
      this.checkpointDue = true
    }
  }

  protected deletionHolds = 0
  protected heldDeletions: string[] = []

  /** Deletes a superseded generation file, or holds it while a backup is copying the files its snapshot names. */
  protected async removeSuperseded(path: string): Promise<void> {
    if (this.deletionHolds > 0) this.heldDeletions.push(path)
    else await this.opts.io.unlink(path)
  }

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

  protected get layout(): JournalLayout {
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
  protected makeCore(): VaultCore {
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
      now: () => vault.opts.now(),
      assertUnlocked: () => vault.assertUnlocked(),
      enqueue: (task) => vault.enqueue(task),
      replaceHeader: (unsigned, event, change) => vault.replaceHeader(unsigned, event, change),
      commitNow: (input, staged) => vault.commitNow(input, staged),
      loadJson: (docId, attempt, keep) => vault.loadJson(docId, attempt, keep),
    }
  }

  /** Writes the event and its document changes (vault.ts). Must run inside the queue. */
  protected abstract commitNow(input: AuditEventInput, staged: { docId: string; json: string | null }[], header?: VaultHeader): Promise<AuditEvent>

  /** Writes a new header and its event (vault.ts). Must run inside the queue. */
  protected abstract replaceHeader(unsigned: UnsignedHeader, event: AuditEventInput, change?: HeaderChange): Promise<void>
}
