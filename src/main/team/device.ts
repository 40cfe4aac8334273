/**
 * One device's side of a team vault (docs/team-vault.md): it writes its own chain of sealed segments into its
 * own folder, reads every other device's, checks the chains and merges what they may contribute.
 *
 * A save never waits for the network: `append` seals the segment and applies it at once; `sync` sends what is
 * waiting and fetches what is new. A sync lists, for each other device, the one folder its next segment falls
 * in (and the next folder only when that one is full or another device refers beyond it), and reads each new
 * file once.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { sha256Hex } from '../store/crypto'
import type { Signer } from '../store/keys'
import { TeamEvent, type TeamAction } from '../domain/team/events'
import { mergeDispute, sortDisputes, type DisputeView, type TeamState } from '../domain/team/merge'
import { ZERO, describeProblem, verifyChains, type ChainCheck, type SegmentHead, type UnreadableFile } from '../domain/team/chains'
import {
  BUCKET_SIZE,
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
  type FileAddress,
  type TeamKey,
} from './sealed'
import type { Transport } from './transport'

export interface DeviceDirectoryEntry {
  personId: string
  name: string
  signingPublicKey: Buffer
  /** Set when the person was removed: the last of this device's segments the removal lets stand. */
  removedAfter?: number
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
}

/**
 * What a device must keep between runs so that it never writes a number twice: its chain's position and the
 * files sealed but not yet sent. Everything else is fetched again.
 */
export interface SavedPosition {
  seq: number
  prev: string
  docSeq: number
  outbox: { path: string; bytes: Buffer }[]
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const SegmentBody = z.object({
  prev: Hex64,
  seen: z.record(z.string().regex(/^[0-9a-f]{32}$/), z.object({ seq: z.number().int().min(1), hash: Hex64 })),
  events: z.array(TeamEvent).max(10_000),
})
type SegmentBody = z.infer<typeof SegmentBody>

export interface SyncReport {
  sent: number
  received: number
  /** Why some files could not be sent this time (they are sent on the next sync). */
  notSent: string | null
}

export class TeamDevice {
  private seq = 0
  private prev = ZERO
  private docSeq = 0
  private readonly outbox: { path: string; bytes: Buffer }[] = []
  private readonly heads = new Map<string, SegmentHead>()
  /** The first segment kept at each device and seq (a second one there is a fork, which the check names). */
  private readonly index = new Map<string, SegmentHead>()
  private readonly devicesHeld = new Set<string>()
  private readonly eventsAt = new Map<string, TeamEvent[]>()
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

  constructor(private readonly o: TeamDeviceOptions) {
    if (!isDeviceId(o.deviceId)) throw new Error('A device id is 32 lowercase hex characters.')
    for (const k of o.keys) this.fileKeys.set(k.epoch, filesKey(k))
    if (o.resume) {
      this.seq = o.resume.seq
      this.prev = o.resume.prev
      this.docSeq = o.resume.docSeq
      for (const f of o.resume.outbox) {
        this.outbox.push({ path: f.path, bytes: Buffer.from(f.bytes) })
        const name = parseFileName(f.path.split('/').pop() as string)
        if (name?.kind === 'segment') this.take(o.deviceId, name.seq, f.path, f.bytes)
      }
      this.recheck()
    }
  }

  /** This device's position and unsent files, to keep in the local vault after each `append` and `sync`. */
  saved(): SavedPosition {
    return { seq: this.seq, prev: this.prev, docSeq: this.docSeq, outbox: this.outbox.map((f) => ({ path: f.path, bytes: Buffer.from(f.bytes) })) }
  }

  get deviceId(): string {
    return this.o.deviceId
  }

  private get key(): TeamKey {
    return this.o.keys[0] as TeamKey
  }

  /** Seals `actions` as this device's next segment and merges it at once; `sync` sends it. */
  append(actions: TeamAction[], now: Date): string {
    const seq = this.seq + 1
    const events: TeamEvent[] = actions.map((action, i) => ({
      id: `${this.o.deviceId}:${seq}:${i}`,
      deviceId: this.o.deviceId,
      personId: this.o.personId,
      at: now.toISOString(),
      action,
    }))
    const seen: SegmentBody['seen'] = {}
    for (const [deviceId, upTo] of Object.entries(this.check.accepted).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (deviceId === this.o.deviceId || upTo < 1) continue
      const head = this.headAt(deviceId, upTo)
      if (head) seen[deviceId] = { seq: upTo, hash: head.hash }
    }
    const body: SegmentBody = { prev: this.prev, seen, events }
    const address: FileAddress = { deviceId: this.o.deviceId, seq, kind: 'segment' }
    const bytes = sealFile(this.key, this.fileKeys.get(this.key.epoch) as Buffer, address, Buffer.from(JSON.stringify(body), 'utf8'), this.o.signer)
    const path = `${bucketFolder(this.o.deviceId, bucketOf(seq))}/${fileName('segment', seq, randomBytes(4).toString('hex'))}`
    const hash = sha256Hex(bytes)
    this.keep({ deviceId: this.o.deviceId, seq, hash, prev: this.prev, seen, file: path })
    this.eventsAt.set(path, events)
    this.outbox.push({ path, bytes })
    this.seq = seq
    this.prev = hash
    this.extendOwn(seq, events)
    return path
  }

  /** Seals a document version (an attachment, a large text) as its own file; events refer to it by path and hash. */
  putDocument(plaintext: Buffer): { path: string; hash: string } {
    const seq = ++this.docSeq
    const bytes = sealFile(this.key, this.fileKeys.get(this.key.epoch) as Buffer, { deviceId: this.o.deviceId, seq, kind: 'document' }, plaintext, this.o.signer)
    const path = `${deviceFolder(this.o.deviceId)}/docs/${bucketName(bucketOf(seq))}/${fileName('document', seq, randomBytes(4).toString('hex'))}`
    this.outbox.push({ path, bytes })
    return { path, hash: sha256Hex(bytes) }
  }

  /** A document version another device (or this one) wrote: null if absent, damaged or not the one referred to. */
  async getDocument(path: string, hash: string): Promise<Buffer | null> {
    const m = /^devices\/([0-9a-f]{32})\/docs\/b\d{6}\/([^/]+)$/.exec(path)
    const parsed = m ? parseFileName(m[2] as string) : null
    if (!m || !parsed || parsed.kind !== 'document') return null
    const bytes = this.outbox.find((f) => f.path === path)?.bytes ?? (await this.o.transport.read(path))
    if (!bytes || sha256Hex(bytes) !== hash) return null
    const opened = this.open(m[1] as string, bytes, { deviceId: m[1] as string, seq: parsed.seq, kind: 'document' })
    return opened.ok ? opened.plaintext : null
  }

  async sync(): Promise<SyncReport> {
    let sent = 0
    let notSent: string | null = null
    while (this.outbox.length > 0) {
      const next = this.outbox[0] as { path: string; bytes: Buffer }
      try {
        await this.o.transport.write(next.path, next.bytes)
      } catch (e) {
        notSent = e instanceof Error ? e.message : String(e)
        break
      }
      this.outbox.shift()
      sent++
    }
    let received = 0
    const devices = (await this.o.transport.list('devices')).filter((d) => isDeviceId(d) && d !== this.o.deviceId).sort()
    // After a restart this device's own earlier segments are fetched back like anyone's.
    if ((this.check.accepted[this.o.deviceId] ?? 0) < this.seq) received += await this.pull(this.o.deviceId)
    for (const deviceId of devices) received += await this.pull(deviceId)
    if (this.dirty) this.recheck()
    return { sent, received, notSent }
  }

  private async pull(deviceId: string): Promise<number> {
    let received = 0
    const referred = this.referred.get(deviceId) ?? 0
    for (let bucket = bucketOf((this.check.accepted[deviceId] ?? 0) + 1); ; bucket++) {
      const folder = bucketFolder(deviceId, bucket)
      const names = await this.o.transport.list(folder)
      let full = false
      for (const name of names.sort()) {
        const parsed = parseFileName(name)
        if (!parsed || parsed.kind !== 'segment' || bucketOf(parsed.seq) !== bucket) continue
        if (parsed.seq === (bucket + 1) * BUCKET_SIZE) full = true
        const path = `${folder}/${name}`
        if (this.heads.has(path)) continue
        const bytes = await this.o.transport.read(path)
        if (!bytes) continue
        if (this.take(deviceId, parsed.seq, path, bytes)) received++
      }
      if (!full && referred <= (bucket + 1) * BUCKET_SIZE) break
      if (names.length === 0 && referred <= (bucket + 1) * BUCKET_SIZE) break
    }
    return received
  }

  private open(deviceId: string, bytes: Buffer, address: FileAddress) {
    const entry = this.o.directory(deviceId)
    return openFile(this.key.teamId, bytes, address, entry?.signingPublicKey ?? null, (epoch) => this.fileKeys.get(epoch) ?? null)
  }

  /** Checks and keeps one fetched segment; false (and the file named as unreadable) when it does not hold. */
  private take(deviceId: string, seq: number, path: string, bytes: Buffer): boolean {
    const opened = this.open(deviceId, bytes, { deviceId, seq, kind: 'segment' })
    const bad = (why: UnreadableFile['why']) => {
      if (this.unreadable.get(path)?.why !== why) this.dirty = true
      this.unreadable.set(path, { deviceId, seq, file: path, why })
      return false
    }
    if (!opened.ok) return bad(opened.why)
    let body: SegmentBody
    try {
      const parsed = SegmentBody.safeParse(JSON.parse(opened.plaintext.toString('utf8')))
      if (!parsed.success) return bad('damaged')
      body = parsed.data
    } catch {
      return bad('damaged')
    }
    const person = this.o.directory(deviceId)?.personId
    if (body.events.some((e, i) => e.deviceId !== deviceId || e.personId !== person || e.id !== `${deviceId}:${seq}:${i}`)) return bad('not-signed')
    this.unreadable.delete(path)
    this.dirty = true
    this.keep({ deviceId, seq, hash: opened.hash, prev: body.prev, seen: body.seen, file: path })
    this.eventsAt.set(path, body.events)
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
    }
    const touched = new Set<string>()
    for (const [deviceId, upTo] of Object.entries(this.check.accepted)) {
      for (let seq = (this.taken[deviceId] ?? 0) + 1; seq <= upTo; seq++) {
        const head = this.headAt(deviceId, seq)
        for (const e of (head && this.eventsAt.get(head.file)) || []) {
          const list = this.eventsOf.get(e.action.disputeId) ?? []
          list.push(e)
          this.eventsOf.set(e.action.disputeId, list)
          touched.add(e.action.disputeId)
        }
      }
      this.taken[deviceId] = upTo
    }
    for (const id of touched) this.disputes.set(id, mergeDispute(id, this.eventsOf.get(id) ?? []))
    if (touched.size > 0 || shrank) this.merged = null
  }

  /** The merged case log: what every device that has received the same files also shows. */
  state(): TeamState {
    this.merged ??= { disputes: sortDisputes([...this.disputes.values()]) }
    return this.merged
  }

  /** How far each device's changes have been merged, and when (by that device's clock) the last was made. */
  lastReceived(): { deviceId: string; upTo: number; at: string | null }[] {
    return Object.entries(this.check.accepted)
      .filter(([d]) => d !== this.o.deviceId)
      .map(([deviceId, upTo]) => {
        const head = upTo > 0 ? this.headAt(deviceId, upTo) : undefined
        const events = head ? (this.eventsAt.get(head.file) ?? []) : []
        return { deviceId, upTo, at: events.length ? (events[events.length - 1] as TeamEvent).at : null }
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
    return this.check.problems.map((p) => describeProblem(p, name))
  }

  /** The member list changed (someone removed): check every chain against it again. */
  membersChanged(): void {
    this.recheck()
  }

  /** Whether the file at `path` has been received, checked and kept. */
  holds(path: string): boolean {
    return this.heads.has(path)
  }

  /** Files sealed but not yet sent. */
  get waiting(): number {
    return this.outbox.length
  }
}
