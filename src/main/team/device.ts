/**
 * One device's side of a team vault (docs/team-vault.md): it writes its own chain of sealed segments into its
 * own folder, reads every other device's, checks the chains and merges what they may contribute.
 *
 * A save never waits for the network: `append` seals the segment and applies it at once; `sync` sends what is
 * waiting and fetches what is new. A sync lists, for each other device, the one folder its next segment falls
 * in (and the next folder only when that one is full or another device refers beyond it), and reads each new
 * file once. A closed run of its own segments also goes out as a pack (packs.ts), and a device far behind — joining,
 * or a folder or more behind — reads packs instead of the segments they hold.
 *
 * Longer than the usual 400 lines (about 610): sending (segments, packs and stored files' parts), fetching and
 * merging share one device's state (what is held, queued, accepted and unreadable), and splitting them would
 * pass that state across modules.
 */
import { createHash, randomBytes } from 'node:crypto'
import { sha256Hex } from '../store/crypto'
import type { Signer } from '../store/keys'
import { FILE_PART_BYTES, TEAM_ACTION_KINDS, type TeamAction, type TeamEvent, type TeamStoredFile } from '../domain/team/events'
import { mergeDispute, sortDisputes, type DisputeView, type TeamState } from '../domain/team/merge'
import { ZERO, describeProblem, verifyChains, type ChainCheck, type SegmentHead, type UnreadableFile } from '../domain/team/chains'
import {
  BUCKET_SIZE,
  MAX_FILE,
  bucketFolder,
  bucketOf,
  bucketName,
  deviceFolder,
  fileName,
  filesKey,
  isDeviceId,
  openFile,
  parseFileName,
  sealFile,
  sealPart,
  type DisputeKeyRef,
  type FileAddress,
  type TeamKey,
} from './sealed'
import { PACK_FOLDER_SPAN, PACK_SEGMENTS, decodePack, encodePack, packFolder, packFolderOf, packPath, parsePackName, parsePackPath, type PackRange } from './packs'
import { SegmentBody, sealSegment, type Disposal, type SealedEvent, type SegmentExtras } from './segments'
import type { Transport } from './transport'
import type { DisputeKeyring } from './dispute-keys'
import { KeyExchange, type AppliedDisposal, type KeyedSegment } from './key-exchange'

export interface DeviceDirectoryEntry {
  personId: string
  name: string
  signingPublicKey: Buffer
  /** Set when the person was removed: the last of this device's segments the removal lets stand. */
  removedAfter?: number
  /** Their role in the member list ('removed' once removed): only an owner's disposal is applied. */
  role?: 'owner' | 'member' | 'viewer' | 'removed'
}
/** Whose a device is and the key its files must be signed with (from the team's member list). */
export type DeviceDirectory = (deviceId: string) => DeviceDirectoryEntry | null

export interface TeamDeviceOptions {
  transport: Transport
  /** The current epoch's key first, then any earlier ones still readable. */
  keys: TeamKey[]
  deviceId: string
  personId: string
  signer: Signer
  directory: DeviceDirectory
  /** Where this device's own chain stood when it last ran (from `saved()`, kept in the local vault). */
  resume?: SavedPosition
  /** Segments per pack this device writes (PACK_SEGMENTS; a power of two up to PACK_FOLDER_SPAN). */
  packSegments?: number
  /**
   * Bytes of a file stored in the local vault (its keyed-hash name and size, a range of it): to seal again,
   * byte for byte, a stored file's part that was queued but not sent before the app stopped (`PartRef`).
   */
  storedFile?: (slice: StoredFileSlice) => Promise<Buffer | null>
  /**
   * This device's dispute keys (dispute-keys.ts). Given, every event about a dispute is sealed under its
   * dispute's key and disposals can be made and applied; absent, events are written as in the core (tests of
   * the core, and the bench's history).
   */
  keyring?: DisputeKeyring
}

/** A range of a file stored in the local vault, by its keyed-hash name there and its size. */
export interface StoredFileSlice {
  attachment: string
  size: number
  offset: number
  length: number
}

/**
 * A stored file's part queued to send, kept between runs without its bytes: sealed with a synthetic nonce
 * (sealed.ts), it is sealed again from the local vault to exactly the file whose hash the event names.
 */
export interface PartRef extends StoredFileSlice {
  epoch: number
  hash: string
  /** The dispute key it is sealed under (a part, kind 6); absent: a document version under the epoch's files key. */
  keyId?: string
}

/** A file queued to send: its bytes, or (after a restart) a stored file's part to seal again. */
export type OutFile = { path: string; bytes: Buffer; part?: PartRef } | { path: string; bytes?: undefined; part: PartRef }

/**
 * What a device must keep between runs so that it never writes a number twice: its chain's position and the
 * files sealed but not yet sent. Everything else is fetched again.
 */
export interface SavedPosition {
  seq: number
  prev: string
  docSeq: number
  outbox: OutFile[]
  /** The last of its own segments this device has packed (or decided not to); absent: every closed run. */
  packedUpTo?: number
}

export interface SyncReport {
  sent: number
  received: number
  /** Why some files could not be sent this time (they are sent on the next sync). */
  notSent: string | null
}

/** The place in its device's chain of the segment an event was written in (ids are `<device>:<seq>:<i>`). */
const seqOfEvent = (id: string): number => Number(id.split(':')[1] ?? Number.POSITIVE_INFINITY)

/** The kinds of action a segment's events hold that this version does not know (short strings only, at most 10). */
function unknownKinds(json: unknown): string[] {
  const events = (json as { events?: unknown } | null)?.events
  if (!Array.isArray(events)) return []
  const kinds = new Set<string>()
  for (const e of events as unknown[]) {
    const kind = (e as { action?: { kind?: unknown } } | null)?.action?.kind
    if (typeof kind === 'string' && !TEAM_ACTION_KINDS.has(kind)) kinds.add(/^[a-z0-9-]{1,40}$/.test(kind) ? kind : 'unnamed')
  }
  return [...kinds].sort().slice(0, 10)
}

/** See `TeamDevice.hold`. */
export interface Hold {
  seq: number
  prev: string
  paths: string[]
  /** Stored files' parts sealed for the save (document versions, kept back and withdrawn with it). */
  docs: string[]
}

export class TeamDevice {
  private seq = 0
  private prev = ZERO
  private docSeq = 0
  private readonly outbox: OutFile[] = []
  private readonly heads = new Map<string, SegmentHead>()
  /** The first segment kept at each device and seq (a second one there is a fork, which the check names). */
  private readonly index = new Map<string, SegmentHead>()
  private readonly devicesHeld = new Set<string>()
  private readonly eventsAt = new Map<string, TeamEvent[]>()
  /** Per segment file: its events sealed under dispute keys, what it carries besides events, its last event's time. */
  private readonly sealedAt = new Map<string, SealedEvent[]>()
  private readonly extrasAt = new Map<string, SegmentExtras>()
  private readonly lastAtOf = new Map<string, string | null>()
  private readonly keys: KeyExchange | null
  private readonly unreadable = new Map<string, UnreadableFile>()
  private check: ChainCheck = { accepted: {}, problems: [] }
  /** Per device, the newest seq any kept segment says it had seen of it. */
  private readonly referred = new Map<string, number>()
  /** Accepted events by dispute, the disputes merged from them, and how far each device's run had been taken. */
  private readonly eventsOf = new Map<string, TeamEvent[]>()
  private readonly disputes = new Map<string, DisputeView>()
  private taken: Record<string, number> = {}
  private merged: TeamState | null = { disputes: [] }
  private dirty = false
  private readonly fileKeys = new Map<number, Buffer>()
  /** The team's epoch keys this device holds, newest first (the first is the one it writes under). */
  private epochKeys: TeamKey[]
  private readonly packSegments: number
  /** This device's own segment files not yet packed, by seq, kept until their pack is sealed. */
  private readonly unpacked = new Map<number, Buffer>()
  private packedUpTo = 0
  /** Packs received and checked, and per device the last segment one of them held. */
  private readonly packsHeld = new Set<string>()
  private readonly packedTo = new Map<string, number>()
  /** Devices this instance has pulled from: the first pull of each looks for packs. */
  private readonly pulled = new Set<string>()
  /** Segments sealed for saves not yet committed (see `hold`): kept back from sending until they are. */
  private readonly pendingSaves: Hold[] = []

  constructor(private readonly o: TeamDeviceOptions) {
    if (!isDeviceId(o.deviceId)) throw new Error('A device id is 32 lowercase hex characters.')
    this.packSegments = o.packSegments ?? PACK_SEGMENTS
    if (!(this.packSegments >= 1 && this.packSegments <= PACK_FOLDER_SPAN && PACK_FOLDER_SPAN % this.packSegments === 0))
      throw new Error('Segments per pack must be a power of two no larger than PACK_FOLDER_SPAN.')
    this.epochKeys = o.keys
    for (const k of o.keys) this.fileKeys.set(k.epoch, filesKey(k))
    this.keys = o.keyring ? new KeyExchange(o.keyring, this.key.teamId, o.deviceId, (d) => o.directory(d)) : null
    if (o.resume) {
      this.seq = o.resume.seq
      this.prev = o.resume.prev
      this.docSeq = o.resume.docSeq
      this.packedUpTo = o.resume.packedUpTo ?? this.seq - (this.seq % this.packSegments)
      for (const f of o.resume.outbox) {
        this.outbox.push(f.bytes ? { path: f.path, bytes: Buffer.from(f.bytes), ...(f.part ? { part: f.part } : {}) } : { path: f.path, part: f.part })
        const name = parseFileName(f.path.split('/').pop() as string)
        if (name?.kind === 'segment' && f.bytes) this.take(o.deviceId, name.seq, f.path, f.bytes)
      }
      this.recheck()
    }
  }

  /** This device's position and unsent files, to keep in the local vault after each `append` and `sync`. */
  saved(): SavedPosition {
    return {
      seq: this.seq,
      prev: this.prev,
      docSeq: this.docSeq,
      // A stored file's part is not copied (never changed, and kept between runs as its `part` only).
      outbox: this.outbox.map((f) => (f.bytes && !f.part ? { ...f, bytes: Buffer.from(f.bytes) } : f)),
      packedUpTo: this.packedUpTo,
    }
  }

  get deviceId(): string {
    return this.o.deviceId
  }

  private get key(): TeamKey {
    return this.epochKeys[0] as TeamKey
  }

  /** Seals `actions` as this device's next segment and merges it at once; `sync` sends it. */
  append(all: TeamAction[], now: Date, disposals: Disposal[] = []): string {
    // Nothing more is told of a dispute disposed of (a save made here before the disposal was applied).
    const actions = this.keys ? all.filter((a) => !this.keys?.isDisposed(a.disputeId)) : all
    const seq = this.seq + 1
    const seen: SegmentBody['seen'] = {}
    for (const [deviceId, upTo] of Object.entries(this.check.accepted).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (deviceId === this.o.deviceId || upTo < 1) continue
      const head = this.headAt(deviceId, upTo)
      if (head) seen[deviceId] = { seq: upTo, hash: head.hash }
    }
    const who = { deviceId: this.o.deviceId, personId: this.o.personId }
    const out = this.keys?.outgoing(actions)
    const extras: SegmentExtras = { ...out?.extras, ...(disposals.length > 0 ? { disposals } : {}) }
    const { path, bytes, hash, events } = sealSegment(this.key, this.fileKeys.get(this.key.epoch) as Buffer, this.o.signer, who, { seq, prev: this.prev, seen }, actions, now, extras, out?.sealEvent)
    this.keep({ deviceId: this.o.deviceId, seq, hash, prev: this.prev, seen, file: path })
    this.eventsAt.set(path, events)
    this.extrasAt.set(path, extras)
    this.lastAtOf.set(path, events.length ? now.toISOString() : null)
    this.outbox.push({ path, bytes })
    this.unpacked.set(seq, bytes)
    this.seq = seq
    this.prev = hash
    this.extendOwn(seq, events)
    this.pendingSaves.at(-1)?.paths.push(path)
    return path
  }

  /**
   * What is appended from now on belongs to one save that has not committed yet: it is kept back from sending
   * until `settle(hold, true)`, and `settle(hold, false)` withdraws it — the chain goes back to where it stood, as
   * if it had never been sealed — so that a save whose commit failed tells the team nothing.
   */
  hold(): Hold {
    const hold: Hold = { seq: this.seq, prev: this.prev, paths: [], docs: [] }
    this.pendingSaves.push(hold)
    return hold
  }

  /** The save `hold` was for has committed (its segments may go) or failed (they are withdrawn). */
  settle(hold: Hold, committed: boolean): void {
    const at = this.pendingSaves.indexOf(hold)
    if (at < 0) return
    this.pendingSaves.splice(at, 1)
    // A stored file's parts sealed for a save that failed go with it (their numbers are simply not used).
    if (!committed && hold.docs.length > 0) {
      const docs = new Set(hold.docs)
      for (let i = this.outbox.length - 1; i >= 0; i--) if (docs.has((this.outbox[i] as { path: string }).path)) this.outbox.splice(i, 1)
    }
    // Only the chain's tail can be taken back: a segment sealed after these (by another save) names them as `prev`.
    if (committed || hold.paths.length === 0 || this.seq !== hold.seq + hold.paths.length) return
    const gone = new Set(hold.paths)
    for (let i = this.outbox.length - 1; i >= 0; i--) if (gone.has((this.outbox[i] as { path: string }).path)) this.outbox.splice(i, 1)
    for (const path of gone) {
      this.heads.delete(path)
      this.eventsAt.delete(path)
    }
    for (let seq = hold.seq + 1; seq <= this.seq; seq++) {
      this.index.delete(`${this.o.deviceId}#${seq}`)
      this.unpacked.delete(seq)
    }
    this.seq = hold.seq
    this.prev = hold.prev
    // Merged again from what stands (rare — a failed commit — so a full merge is affordable here).
    this.taken = {}
    this.eventsOf.clear()
    this.disputes.clear()
    this.recheck()
    this.merged = null
  }

  private held(path: string): boolean {
    return this.pendingSaves.some((h) => h.paths.includes(path) || h.docs.includes(path))
  }

  /**
   * Seals a document version (an attachment, a large text) as its own file; events refer to it by path and hash.
   * Given where the plaintext lies in the local vault (`from`), it is sealed with a synthetic nonce and kept
   * between runs as that reference rather than as bytes. Given a dispute's key (`dispute`), it is sealed as a
   * stored file's part under that key (kind 6) rather than under the epoch's files key.
   */
  putDocument(plaintext: Buffer, from?: StoredFileSlice, keep = true, dispute?: DisputeKeyRef): { path: string; hash: string } {
    const seq = ++this.docSeq
    const key = this.key
    const at = { deviceId: this.o.deviceId, seq }
    const bytes = dispute
      ? sealPart(key, dispute, at, plaintext, this.o.signer, from !== undefined)
      : sealFile(key, this.fileKeys.get(key.epoch) as Buffer, { ...at, kind: 'document' }, plaintext, this.o.signer, from !== undefined)
    const path = `${deviceFolder(this.o.deviceId)}/docs/${bucketName(bucketOf(seq))}/${fileName('document', seq, randomBytes(4).toString('hex'))}`
    const hash = sha256Hex(bytes)
    const part = from ? { ...from, epoch: key.epoch, hash, ...(dispute ? { keyId: dispute.keyId } : {}) } : undefined
    // Not kept (`keep` false: the file is already in the vault): sealed again when sent, so that offering a
    // whole case log on joining never holds every file's parts in memory at once.
    if (part && !keep) this.outbox.push({ path, part })
    else this.outbox.push({ path, bytes, ...(part ? { part } : {}) })
    this.pendingSaves.at(-1)?.docs.push(path)
    return { path, hash }
  }

  /** A stored file's part queued before a restart, sealed again from the local vault; null if it cannot be. */
  private async resealed(path: string, part: PartRef): Promise<Buffer | null> {
    const name = parseFileName(path.split('/').pop() as string)
    const key = this.epochKeys.find((k) => k.epoch === part.epoch)
    // A part's dispute key destroyed meanwhile (the dispute disposed of): it is never sent.
    const dispute = part.keyId !== undefined ? this.disputeKey(part.keyId) : null
    const fileKey = this.fileKeys.get(part.epoch)
    if (!name || name.kind !== 'document' || !key || !this.o.storedFile || (part.keyId !== undefined ? !dispute : !fileKey)) return null
    // Null: the file has left this vault. A read that fails otherwise (locked, damaged) throws: try again later.
    const plaintext = await this.o.storedFile(part)
    if (!plaintext || plaintext.length !== part.length) return null
    const at = { deviceId: this.o.deviceId, seq: name.seq }
    const bytes = dispute ? sealPart(key, dispute, at, plaintext, this.o.signer, true) : sealFile(key, fileKey as Buffer, { ...at, kind: 'document' }, plaintext, this.o.signer, true)
    return sha256Hex(bytes) === part.hash ? bytes : null
  }

  private disputeKey(keyId: string): DisputeKeyRef | null {
    const key = this.keys?.keyring.key(keyId)
    return key ? { keyId, key } : null
  }

  /** A document version another device (or this one) wrote: null if absent, damaged or not the one referred to. */
  async getDocument(path: string, hash: string): Promise<Buffer | null> {
    const got = await this.readDocument(path, hash)
    return got.ok ? got.plaintext : null
  }

  /**
   * The dispute key this device seals a dispute's stored files' parts under (made now if none is held, and
   * granted with the next segment); null for a device without dispute keys, whose parts go under the epoch's key.
   */
  partKeyId(disputeId: string): string | null {
    return this.keys ? this.keys.sealingKey(disputeId).keyId : null
  }

  /** Whether a dispute was disposed of here (nothing more of it is sealed). */
  isDisposed(disputeId: string): boolean {
    return this.keys?.isDisposed(disputeId) ?? false
  }

  /**
   * Seals a stored file's bytes as parts of at most FILE_PART_BYTES each (docs/team-vault.md, "Stored files"),
   * queued before the segment whose event names them, so that no device receives the event before the parts
   * could have arrived. With dispute keys, each part is sealed under the key of `disputeId`, the dispute whose
   * record holds the file (kind 6), and names that key's id; without, as a document version under the epoch's key.
   */
  putFile(bytes: Buffer, o: { disputeId?: string; stored?: { attachment: string; size: number }; keep?: boolean } = {}): TeamStoredFile['parts'] {
    const parts: TeamStoredFile['parts'] = []
    if (this.keys && o.disputeId === undefined) throw new Error('A stored file is sealed under its dispute’s key: name the dispute.')
    const dispute = this.keys && o.disputeId !== undefined ? this.keys.sealingKey(o.disputeId) : undefined
    for (let at = 0; at < bytes.length || parts.length === 0; at += FILE_PART_BYTES) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + FILE_PART_BYTES))
      const from = o.stored && o.stored.size === bytes.length ? { ...o.stored, offset: at, length: part.length } : undefined
      parts.push({ ...this.putDocument(part, from, o.keep ?? true, dispute), size: part.length, ...(dispute ? { keyId: dispute.keyId } : {}) })
    }
    return parts
  }

  /**
   * A stored file's bytes from its parts (one read per part not held here): `missing` while a part has not
   * arrived, `damaged` when one does not open or the whole is not the file the event names. A part that names a
   * dispute key opens only with that key, and only if it is a key of `disputeId` — the dispute of the record the
   * file belongs to — so that no part sealed for one dispute is read as another's; one that names none was
   * written before parts were sealed under dispute keys and opens with the epoch's files key.
   */
  async fetchFile(
    file: Pick<TeamStoredFile, 'sha256' | 'size' | 'parts'>,
    disputeId?: string,
  ): Promise<{ ok: true; bytes: Buffer } | { ok: false; why: 'missing' | 'damaged'; path: string }> {
    const pieces: Buffer[] = []
    // Parts that cannot add up to the file are not fetched at all.
    if (file.parts.reduce((n, p) => n + p.size, 0) !== file.size) return { ok: false, why: 'damaged', path: file.parts[0]?.path ?? '' }
    for (const part of file.parts) {
      let dispute: DisputeKeyRef | undefined
      if (part.keyId !== undefined) {
        const held = this.disputeKey(part.keyId)
        if (!held || disputeId === undefined || this.keys?.keyring.disputeOf(part.keyId) !== disputeId) return { ok: false, why: 'damaged', path: part.path }
        dispute = held
      }
      const got = await this.readDocument(part.path, part.hash, dispute)
      if (!got.ok) return { ok: false, why: got.why, path: part.path }
      if (got.plaintext.length !== part.size) return { ok: false, why: 'damaged', path: part.path }
      pieces.push(got.plaintext)
    }
    const bytes = Buffer.concat(pieces)
    if (bytes.length !== file.size || createHash('sha256').update(bytes).digest('hex') !== file.sha256) return { ok: false, why: 'damaged', path: file.parts[0]?.path ?? '' }
    return { ok: true, bytes }
  }

  private async readDocument(path: string, hash: string, dispute?: DisputeKeyRef): Promise<{ ok: true; plaintext: Buffer } | { ok: false; why: 'missing' | 'damaged' }> {
    const m = /^devices\/([0-9a-f]{32})\/docs\/b\d{6}\/([^/]+)$/.exec(path)
    const parsed = m ? parseFileName(m[2] as string) : null
    // Its bucket folder must be the one its number falls in, as this app writes it (the header binds device and number).
    if (!m || !parsed || parsed.kind !== 'document' || !path.includes(`/docs/${bucketName(bucketOf(parsed.seq))}/`)) return { ok: false, why: 'damaged' }
    const queued = this.outbox.find((f) => f.path === path)
    const bytes = queued ? (queued.bytes ?? (await this.resealed(path, queued.part).catch(() => null))) : await this.o.transport.read(path)
    if (!bytes) return { ok: false, why: 'missing' }
    if (sha256Hex(bytes) !== hash) return { ok: false, why: 'damaged' }
    const writer = m[1] as string
    const opened = this.open(writer, bytes, { deviceId: writer, seq: parsed.seq, kind: dispute ? 'part' : 'document' }, dispute)
    return opened.ok ? { ok: true, plaintext: opened.plaintext } : { ok: false, why: 'damaged' }
  }

  /** Sentences about stored files that have not arrived or arrived damaged (the bridge's), shown with the rest. */
  noteFileProblems(sentences: string[]): void {
    this.fileProblems = sentences
  }

  private fileProblems: string[] = []

  /** Whether stored files named in merged events are still to come (the bridge fetches them again). */
  get awaitingFiles(): boolean {
    return this.fileProblems.length > 0
  }

  async sync(): Promise<SyncReport> {
    let { sent, notSent } = await this.send()
    let received = 0
    const devices = (await this.o.transport.list('devices')).filter((d) => isDeviceId(d) && d !== this.o.deviceId).sort()
    // After a restart this device's own earlier segments are fetched back like anyone's.
    if ((this.check.accepted[this.o.deviceId] ?? 0) < this.seq) received += await this.pull(this.o.deviceId)
    for (const deviceId of devices) received += await this.pull(deviceId)
    if (this.dirty) this.recheck()
    // A new receive key to publish, keys to ask for or to hand over: one segment with no events.
    if (this.keys?.due()) {
      this.append([], new Date())
      if (notSent === null) ({ sent, notSent } = await this.send(sent))
    }
    // A closed run of this device's own segments, all sent, becomes a pack (the segments stay).
    if (notSent === null && this.pendingSaves.length === 0 && this.packDue()) ({ sent, notSent } = await this.send(sent))
    return { sent, received, notSent }
  }

  /** Sends what is queued, in order, stopping at the first failure (the rest go next time). */
  private async send(sent = 0): Promise<{ sent: number; notSent: string | null }> {
    while (this.outbox.length > 0) {
      const next = this.outbox[0] as OutFile
      // A save still committing: it and what follows go at the next sync (or are withdrawn, should it fail).
      if (this.held(next.path)) break
      let bytes: Buffer | null
      try {
        bytes = next.bytes ?? (await this.resealed(next.path, next.part))
      } catch {
        return { sent, notSent: 'A stored file waiting to be sent could not be read from this vault just now; it is sent at the next sync.' }
      }
      // A part whose file is no longer in this vault (removed from the draft meanwhile) cannot be sealed again:
      // it is left out, and every device names it as not arrived while a record still lists the file.
      if (!bytes) {
        this.outbox.shift()
        continue
      }
      try {
        await this.o.transport.write(next.path, bytes)
      } catch (e) {
        return { sent, notSent: e instanceof Error ? e.message : String(e) }
      }
      this.outbox.shift()
      sent++
    }
    return { sent, notSent: null }
  }

  /**
   * Seals every closed run of this device's own segments not packed yet as a pack and queues it; false when
   * none is due. A run whose pack would be too big to be read is left to its segments.
   */
  private packDue(): boolean {
    let queued = false
    while (this.seq >= this.packedUpTo + this.packSegments) {
      const range: PackRange = { first: this.packedUpTo + 1, last: this.packedUpTo + this.packSegments }
      const files: Buffer[] = []
      for (let seq = range.first; seq <= range.last; seq++) {
        const bytes = this.unpacked.get(seq)
        // After a restart the run's earlier segments come back with the next syncs.
        if (!bytes) return queued
        files.push(bytes)
      }
      const plaintext = encodePack(range.first, files)
      if (plaintext.length + 256 <= MAX_FILE) {
        const address: FileAddress = { deviceId: this.o.deviceId, seq: range.last, kind: 'pack' }
        const bytes = sealFile(this.key, this.fileKeys.get(this.key.epoch) as Buffer, address, plaintext, this.o.signer)
        this.outbox.push({ path: packPath(this.o.deviceId, range, randomBytes(4).toString('hex')), bytes })
        queued = true
      }
      for (let seq = range.first; seq <= range.last; seq++) this.unpacked.delete(seq)
      this.packedUpTo = range.last
    }
    return queued
  }

  /**
   * Fetches what is new of one device: from packs on this instance's first pull of it (joining, or after a
   * restart) and whenever the folder of its next segment is full (this device is a whole folder behind); then
   * segment by segment from the folder its next segment falls in. A pack that failed is read again each time.
   */
  private async pull(deviceId: string): Promise<number> {
    let received = 0
    let next = (this.check.accepted[deviceId] ?? 0) + 1
    let packsLooked = false
    const fromPacks = async () => {
      packsLooked = true
      const got = await this.pullPacks(deviceId, next)
      received += got.received
      next = got.next
    }
    if (!this.pulled.has(deviceId)) {
      this.pulled.add(deviceId)
      await fromPacks()
    }
    for (const u of [...this.unreadable.values()]) {
      const pack = u.deviceId === deviceId ? parsePackPath(u.file) : null
      if (pack) received += (await this.takePack(deviceId, u.file, pack)) ?? 0
    }
    const referred = this.referred.get(deviceId) ?? 0
    for (let bucket = bucketOf(next); ; bucket++) {
      const folder = bucketFolder(deviceId, bucket)
      const names = await this.o.transport.list(folder)
      const segments = names
        .sort()
        .map((name) => ({ name, parsed: parseFileName(name) }))
        .filter((x) => x.parsed?.kind === 'segment' && bucketOf(x.parsed.seq) === bucket)
      const full = segments.some((x) => x.parsed?.seq === (bucket + 1) * BUCKET_SIZE)
      if (full && !packsLooked) {
        await fromPacks()
        if (bucketOf(next) > bucket) {
          bucket = bucketOf(next) - 1
          continue
        }
      }
      for (const { name, parsed } of segments) {
        const seq = (parsed as { seq: number }).seq
        const path = `${folder}/${name}`
        // A segment a pack held is not fetched again (a second copy under its own name is no news).
        const covered = this.packedTo.get(deviceId) ?? 0
        if (this.heads.has(path) || (seq <= covered && this.headAt(deviceId, seq) && !this.unreadable.has(path))) continue
        const bytes = await this.o.transport.read(path)
        if (!bytes) continue
        if (this.take(deviceId, seq, path, bytes)) received++
      }
      if (!full && referred <= (bucket + 1) * BUCKET_SIZE) break
      if (names.length === 0 && referred <= (bucket + 1) * BUCKET_SIZE) break
    }
    return received
  }

  /** Takes, in order from `next`, the packs that continue the run; returns the segments taken and the new next. */
  private async pullPacks(deviceId: string, next: number): Promise<{ received: number; next: number }> {
    let received = 0
    for (let folder = packFolderOf(next); ; folder++) {
      const path = packFolder(deviceId, folder)
      const packs = (await this.o.transport.list(path))
        .sort()
        .map((name) => ({ path: `${path}/${name}`, range: parsePackName(name) }))
        .filter((p): p is { path: string; range: PackRange } => p.range !== null && packFolderOf(p.range.first) === folder)
      for (;;) {
        const at = packs.findIndex((p) => p.range.first <= next && next <= p.range.last && !this.packsHeld.has(p.path))
        if (at < 0) break
        const [p] = packs.splice(at, 1) as [{ path: string; range: PackRange }]
        const got = await this.takePack(deviceId, p.path, p.range)
        if (got === null) continue
        received += got
        next = p.range.last + 1
      }
      if (next <= (folder + 1) * PACK_FOLDER_SPAN) return { received, next }
    }
  }

  /** Checks a pack and takes each segment in it as if fetched alone; null (the pack named) unless all hold. */
  private async takePack(deviceId: string, path: string, range: PackRange): Promise<number | null> {
    const bytes = await this.o.transport.read(path)
    if (!bytes) return null
    const opened = this.open(deviceId, bytes, { deviceId, seq: range.last, kind: 'pack' })
    const files = opened.ok ? decodePack(opened.plaintext, range) : null
    if (!files) {
      const why = opened.ok ? 'damaged' : opened.why
      if (this.unreadable.get(path)?.why !== why) this.dirty = true
      this.unreadable.set(path, { deviceId, seq: null, file: path, why })
      return null
    }
    if (this.unreadable.delete(path)) this.dirty = true
    let taken = 0
    for (const [i, file] of files.entries()) {
      const seq = range.first + i
      const inner = `${path}#${seq}`
      if (this.heads.has(inner)) continue
      if (!this.take(deviceId, seq, inner, Buffer.from(file))) return null
      taken++
    }
    this.packsHeld.add(path)
    this.packedTo.set(deviceId, Math.max(this.packedTo.get(deviceId) ?? 0, range.last))
    return taken
  }

  private open(deviceId: string, bytes: Buffer, address: FileAddress, dispute?: DisputeKeyRef) {
    const entry = this.o.directory(deviceId)
    return openFile(this.key.teamId, bytes, address, entry?.signingPublicKey ?? null, (epoch) => this.fileKeys.get(epoch) ?? null, dispute ?? null)
  }

  /** Checks and keeps one fetched segment; false (and the file named as unreadable) when it does not hold. */
  private take(deviceId: string, seq: number, path: string, bytes: Buffer): boolean {
    const opened = this.open(deviceId, bytes, { deviceId, seq, kind: 'segment' })
    const bad = (why: UnreadableFile['why'], kinds?: string[]) => {
      if (this.unreadable.get(path)?.why !== why) this.dirty = true
      this.unreadable.set(path, { deviceId, seq, file: path, why, ...(kinds ? { kinds } : {}) })
      return false
    }
    if (!opened.ok) return bad(opened.why)
    let body: SegmentBody
    try {
      const json: unknown = JSON.parse(opened.plaintext.toString('utf8'))
      const parsed = SegmentBody.safeParse(json)
      if (!parsed.success) {
        // Validly signed, but holding a kind of change this version does not know (a newer app): refused by name.
        const kinds = unknownKinds(json)
        return kinds.length > 0 ? bad('unknown-kind', kinds) : bad('damaged')
      }
      body = parsed.data
    } catch {
      return bad('damaged')
    }
    const person = this.o.directory(deviceId)?.personId
    if (body.events.some((e, i) => e.deviceId !== deviceId || e.personId !== person || e.id !== `${deviceId}:${seq}:${i}`)) return bad('not-signed')
    if (deviceId === this.o.deviceId && seq > this.packedUpTo) this.unpacked.set(seq, bytes)
    this.unreadable.delete(path)
    this.dirty = true
    this.keep({ deviceId, seq, hash: opened.hash, prev: body.prev, seen: body.seen, file: path })
    const plain: TeamEvent[] = []
    const sealed: SealedEvent[] = []
    for (const e of body.events) if ('action' in e) plain.push(e)
    else sealed.push(e)
    this.eventsAt.set(path, plain)
    if (sealed.length > 0) this.sealedAt.set(path, sealed)
    const { receive, grants, wants, disposals } = body
    const extras: SegmentExtras = { ...(receive ? { receive } : {}), ...(grants ? { grants } : {}), ...(wants ? { wants } : {}), ...(disposals ? { disposals } : {}) }
    if (Object.keys(extras).length > 0) this.extrasAt.set(path, extras)
    this.lastAtOf.set(path, body.events.length ? (body.events[body.events.length - 1] as { at: string }).at : null)
    return true
  }

  private keep(head: SegmentHead): void {
    this.heads.set(head.file, head)
    const key = `${head.deviceId}#${head.seq}`
    if (!this.index.has(key)) this.index.set(key, head)
    this.devicesHeld.add(head.deviceId)
    for (const [deviceId, ref] of Object.entries(head.seen)) if (ref.seq > (this.referred.get(deviceId) ?? 0)) this.referred.set(deviceId, ref.seq)
  }

  private headAt(deviceId: string, seq: number): SegmentHead | undefined {
    return this.index.get(`${deviceId}#${seq}`)
  }

  /**
   * A save extends this device's own unbroken chain by one segment, which changes nothing the check found
   * about anyone else: merge its disputes and move on, without checking every chain again (a save must not
   * cost in proportion to the history).
   */
  private extendOwn(seq: number, events: TeamEvent[]): void {
    const own = this.o.deviceId
    if ((this.check.accepted[own] ?? 0) !== seq - 1 || (this.taken[own] ?? 0) !== seq - 1 || this.dirty) return this.recheck()
    this.check = { accepted: { ...this.check.accepted, [own]: seq }, problems: this.check.problems }
    this.taken[own] = seq
    const head = this.headAt(own, seq) as SegmentHead
    this.mergeIn(this.absorb([head], events))
  }

  /** The segments newly in the merged runs, as events in the clear (tombstones, grants and keys seen to first). */
  private absorb(heads: SegmentHead[], ownEvents?: TeamEvent[]): TeamEvent[] {
    if (!this.keys) return ownEvents ?? heads.flatMap((h) => this.eventsAt.get(h.file) ?? [])
    const segments: KeyedSegment[] = heads.map((head) => ({
      head,
      plain: ownEvents ?? this.eventsAt.get(head.file) ?? [],
      sealed: this.sealedAt.get(head.file) ?? [],
      extras: this.extrasAt.get(head.file) ?? {},
    }))
    const { events, disposed } = this.keys.absorb(segments)
    for (const id of disposed) {
      this.eventsOf.delete(id)
      if (this.disputes.delete(id)) this.merged = null
    }
    return events
  }

  private mergeIn(events: TeamEvent[]): void {
    const touched = new Set<string>()
    for (const e of events) {
      const list = this.eventsOf.get(e.action.disputeId) ?? []
      list.push(e)
      this.eventsOf.set(e.action.disputeId, list)
      touched.add(e.action.disputeId)
    }
    for (const id of touched) this.disputes.set(id, mergeDispute(id, this.eventsOf.get(id) ?? []))
    if (touched.size > 0) this.merged = null
  }

  /**
   * Checks the chains and merges again the disputes that newly accepted segments touch. A run only grows,
   * unless a fork or a replaced segment is found inside it: then everything is merged again from the runs
   * that still stand, so the state stays a function of the files held.
   */
  private recheck(): void {
    this.dirty = false
    const removedAfter: Record<string, number> = {}
    for (const deviceId of this.devicesHeld) {
      const cutoff = this.o.directory(deviceId)?.removedAfter
      if (cutoff !== undefined) removedAfter[deviceId] = cutoff
    }
    this.check = verifyChains([...this.heads.values()], [...this.unreadable.values()], removedAfter)
    const shrank = Object.entries(this.taken).some(([d, n]) => (this.check.accepted[d] ?? 0) < n)
    if (shrank) {
      this.taken = {}
      this.eventsOf.clear()
      this.disputes.clear()
      this.keys?.rebuild()
      this.merged = null
    }
    const fresh: SegmentHead[] = []
    for (const [deviceId, upTo] of Object.entries(this.check.accepted)) {
      for (let seq = (this.taken[deviceId] ?? 0) + 1; seq <= upTo; seq++) {
        const head = this.headAt(deviceId, seq)
        if (head) fresh.push(head)
      }
      this.taken[deviceId] = upTo
    }
    this.mergeIn(this.absorb(fresh))
  }

  /** The merged case log: what every device that has received the same files also shows. */
  state(): TeamState {
    this.merged ??= { disputes: sortDisputes([...this.disputes.values()]) }
    return this.merged
  }

  /**
   * One subject's view as it was merged when each other device's changes had been taken up to `cut` (its
   * `upTo` in `lastReceived()` then), with every change of this device's own: what a person here had seen of it
   * at an earlier apply (the bridge, after a restart). Undefined when nothing of it had been merged by then.
   * An event's place in its device's chain is in its id (`<device>:<seq>:<i>`, checked as each segment is taken).
   */
  viewAt(subject: string, cut: Readonly<Record<string, number>>): DisputeView | undefined {
    const events = (this.eventsOf.get(subject) ?? []).filter((e) => e.deviceId === this.o.deviceId || seqOfEvent(e.id) <= (cut[e.deviceId] ?? 0))
    return events.length > 0 ? mergeDispute(subject, events) : undefined
  }

  /**
   * The events of other devices merged since `cut` (per device, the last of its changes merged then), oldest first
   * by their devices' clocks: what colleagues did, for the audit trail of the apply that takes them in.
   */
  eventsAfter(cut: Readonly<Record<string, number>>): TeamEvent[] {
    const out: TeamEvent[] = []
    for (const events of this.eventsOf.values())
      for (const e of events) if (e.deviceId !== this.o.deviceId && seqOfEvent(e.id) > (cut[e.deviceId] ?? 0)) out.push(e)
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1))
  }

  /** How far each device's changes have been merged, and when (by that device's clock) the last was made. */
  lastReceived(): { deviceId: string; upTo: number; at: string | null }[] {
    return Object.entries(this.check.accepted)
      .filter(([d]) => d !== this.o.deviceId)
      .map(([deviceId, upTo]) => {
        const head = upTo > 0 ? this.headAt(deviceId, upTo) : undefined
        return { deviceId, upTo, at: head ? (this.lastAtOf.get(head.file) ?? null) : null }
      })
      .sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1))
  }

  /** Every way what arrived disagrees with the devices' chains, as checked data. */
  problems(): ChainCheck['problems'] {
    return this.check.problems
  }

  /** The same, in sentences that name whose device it is. */
  problemSentences(): string[] {
    const name = (deviceId: string) => this.o.directory(deviceId)?.name ?? `an unknown device (${deviceId.slice(0, 8)})`
    return [...this.check.problems.map((p) => describeProblem(p, name)), ...(this.keys?.refusalSentences() ?? []), ...this.fileProblems]
  }

  /**
   * A retention disposal by this device's person, who must be an owner: the tombstone goes out in the next
   * segment (which also carries this device's new receive key); the dispute's keys are destroyed here at once
   * and its events dropped from the merged state.
   */
  dispose(d: Omit<Disposal, 'keyIds' | 'at'>, now: Date): Disposal {
    if (!this.keys) throw new Error('This device holds no dispute keys.')
    const me = this.o.directory(this.o.deviceId)
    if (me?.role !== 'owner') throw new Error('Only an owner of the team vault may dispose of a dispute.')
    const disposal = this.keys.dispose({ ...d, at: now.toISOString() }, me.personId, me.name)
    this.eventsOf.delete(d.disputeId)
    if (this.disputes.delete(d.disputeId)) this.merged = null
    this.append([], now, [disposal])
    return disposal
  }

  /** Publishes this device's receive key now, in a segment of its own, unless it already has (an owner setting a team up). */
  publishReceiveKey(now: Date): void {
    if (this.keys?.unpublished) this.append([], now)
  }

  /** Every disposal applied here (this device's own and those merged from owners' devices). */
  disposals(): AppliedDisposal[] {
    return this.keys?.disposals() ?? []
  }

  /** The member list changed (someone removed): check every chain against it again. */
  membersChanged(): void {
    this.recheck()
  }

  /**
   * The team's epoch keys as they now stand (a new epoch begun by a member list, or one dropped when another
   * owner's list took the place of the list that began it), newest first: this device writes under the first from
   * now on and keeps all it holds — nothing is fetched again; files it could not open for want of a key are read
   * again at the next sync.
   */
  useKeys(keys: TeamKey[]): void {
    const first = keys[0]
    if (!first || keys.some((k) => k.teamId !== first.teamId) || first.teamId !== this.key.teamId) throw new Error('Keys of this team, newest first, are needed.')
    this.epochKeys = [...keys].sort((a, b) => b.epoch - a.epoch)
    this.fileKeys.clear()
    for (const k of this.epochKeys) this.fileKeys.set(k.epoch, filesKey(k))
    this.recheck()
  }

  /** Whether the file at `path` has been received, checked and kept. */
  holds(path: string): boolean {
    return this.heads.has(path) || this.packsHeld.has(path)
  }

  /** Files sealed but not yet sent. */
  get waiting(): number {
    return this.outbox.length
  }
}
