/**
 * An unlocked vault: documents, commits (the journal append is the commit point), the audit trail and the
 * people who can unlock it. Built by openVault/createVault in open.ts, which replay the journal first. The
 * state it works on, and everything that only reads it, is VaultState (vault-state.ts). Just over 400 lines:
 * the tidy-up of chunks/ stays here because it must run between commits, in their queue, and know a commit that
 * could not be undone (`poisoned`).
 */
import { AppError } from '../../shared/errors'
import { attachmentOfDocId } from './attachments'
import { sha256Hex } from './crypto'
import { CHUNKS_DIR, encodeDocument, folderOf, generationFileName } from './documents'
import { vaultReadOnly, writeFailed, type AfterWriteFailure } from './errors'
import { isLegacySlot, serialiseHeader, signHeader, HEADER_FILE, type UnsignedHeader, type VaultHeader } from './header'
import { appendAllOrNothing, fsyncDir, makeFolderDurable, writeFileDurable, writeNewFileSynced, WriteNotUndone } from './io'
import { checkedCommit } from './commit-input'
import { JOURNAL_FILE, encodeFrame, type JournalPosition, type StoredEvent } from './journal'
import * as people from './people'
import { randomId, whenText } from './people'
import { removePerson } from './rekey'
import { closingStarted } from './registry'
import { Signer, type Keyring } from './keys'
import { isLive } from './manifest'
import { openOrgKey, signDocumentStatement } from './org-key'
import type { PersonSlotKeys } from './slots'
import { BackgroundTidy, tidyChunks } from './tidy'
import type {
  AuditEvent,
  DocumentKeys,
  PersonPublicKeys,
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
import type { HeaderChange } from './vault-core'
import { VaultState } from './vault-state'

export type { JournalPosition }
export type { VaultOptions } from './vault-state'
export { randomId, whenText }

interface PreparedChange {
  docId: string
  delete: boolean
  generation: number
  json: string
  bytes: Buffer
  hash: string
}

export class VaultImpl extends VaultState implements Vault {
  // ---- commits ----------------------------------------------------------------------------------------

  commit(event: AuditEventInput, changes: DocumentChange[]): Promise<AuditEvent> {
    try {
      this.assertUnlocked()
      const { input, staged } = checkedCommit(event, changes)
      return this.enqueue(() => this.commitNow(input, staged))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  /** Must run inside the queue. */
  protected async commitNow(
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
    const newFiles = written.map((p) => this.path(folderOf(p.docId), generationFileName(p.docId, p.generation)))
    const folders = new Set(written.map((p) => folderOf(p.docId)))
    const what = written.length === 0 ? 'The audit entry' : written.length === 1 ? `The document “${written[0].docId}”` : 'The changes'
    const discardNewFiles = () => Promise.all(newFiles.map((f) => io.unlink(f).catch(() => undefined)))

    try {
      // Each file is written whole or removed (writeNewFileSynced checks its size after the sync). Every
      // write is waited for, failed or not: one still running after this commit gave up could otherwise
      // remove, or write over, the same-named generation file of the next commit.
      if (folders.has(CHUNKS_DIR) && !this.chunksFolderMade) {
        await makeFolderDurable(io, this.path(CHUNKS_DIR)) // the vault's first attachment, or the first since a restore
        this.chunksFolderMade = true
      }
      const results = await Promise.allSettled(written.map((p, i) => writeNewFileSynced(io, newFiles[i], p.bytes)))
      const failed = results.find((r) => r.status === 'rejected')
      if (failed) throw failed.reason
      for (const folder of folders) await fsyncDir(io, this.path(folder))
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
    const superseded = prepared.map((p) => this.path(folderOf(p.docId), generationFileName(p.docId, p.delete ? p.generation : p.generation - 1)))
    await Promise.all(superseded.map((f) => this.removeSuperseded(f).catch(() => undefined)))
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
        if (!(await io.stat(this.path(folderOf(p.docId), generationFileName(p.docId, entry.generation)))).isFile()) return 'unchecked'
      }
      return 'checked'
    } catch {
      return 'unchecked'
    }
  }

  // ---- the tidy-up of chunks/ ------------------------------------------------------------------------------

  private chunksFolderMade = false

  /**
   * Runs in the commit queue, so no commit is between writing its files and appending its event: a chunk file
   * the journal does not name is never one about to be acknowledged. Not after a save that could not be undone
   * (the next open decides about its files), nor on a folder that cannot be written.
   */
  private readonly chunkTidy = new BackgroundTidy(() =>
    this.enqueue(async () => {
      if (this.isLocked || this.readOnly !== null || this.poisoned) return []
      const found = await tidyChunks(this.opts.io, this.dir, this.manifest, (path) => this.removeSuperseded(path))
      for (const p of found) this.noteProblem(p.docId, p.message)
      this.chunksFolderMade = true
      return found
    }),
  )

  tidyChunks(): Promise<VaultProblem[]> {
    this.assertUnlocked()
    return this.chunkTidy.now()
  }

  /** For openVault: the tidy-up of chunks/ `afterMs` from now, so that listing it never delays an unlock. */
  scheduleChunkTidy(afterMs: number): void {
    this.chunkTidy.after(afterMs, () => !this.isLocked)
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

  // ---- people ------------------------------------------------------------------------------------------

  people(): PersonSlot[] {
    return people.people(this.core)
  }

  publicKeys(): PersonPublicKeys[] {
    this.assertUnlocked()
    return this.header.slots.flatMap((s) => (isLegacySlot(s) ? [] : [{ personId: s.personId, name: s.name, signingKey: s.signingPublicKey, boxPublicKey: s.boxPublicKey }]))
  }

  documentKeys(): DocumentKeys | null {
    this.assertUnlocked()
    const keys = this.ownKeys
    if (!keys) return null
    const vaultId = this.vaultId
    const personId = this.person.personId
    return {
      signingKey: keys.signing.publicKey.toString('hex'),
      boxPublicKey: keys.box.publicKey.toString('hex'),
      sign: (statement) => {
        this.assertUnlocked()
        return signDocumentStatement(Buffer.from(keys.signing.privateKey), statement)
      },
      openOrgKey: (sealedHex, orgPublicKeyHex) => {
        this.assertUnlocked()
        return openOrgKey(keys.box, sealedHex, vaultId, personId, orgPublicKeyHex)
      },
    }
  }

  teamIdentity(): { signer: Signer; box: { publicKey: Buffer; privateKey: Buffer } } | null {
    this.assertUnlocked()
    return this.signer && this.ownKeys ? { signer: this.signer, box: this.ownKeys.box } : null
  }

  /**
   * What a lock must wipe: the key material held (epoch keys and their subkeys, the person's two private
   * keys — the buffers themselves, so a check can see them zeroed) and how many decrypted documents are cached.
   */
  heldInMemory(): { keys: Buffer[]; documents: number; documentBytes: number } {
    const own = this.ownKeys ? [this.ownKeys.box.privateKey, this.ownKeys.signing.privateKey] : []
    return { keys: [...this.keyring.buffers(), ...own], documents: this.cache.size, documentBytes: this.cache.heldBytes }
  }

  /**
   * Writes a new header, then its audit event carrying it (so vault.json is bound to the journal); if the event
   * cannot be written the old header goes back. A re-key passes the new keyring, which the event is written
   * under. Must run inside the queue.
   */
  protected async replaceHeader(
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
    this.chunkTidy.cancel()
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
