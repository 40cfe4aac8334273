/**
 * How one device's dispute keys travel and are destroyed (docs/team-vault.md, "Deleting"). `TeamDevice` hands
 * it each segment as that segment joins a device's merged run, and asks it what to write in its own next one.
 *
 * - **Sealing.** An event about a dispute is written with its action sealed under the dispute's key; the first
 *   device to write about a dispute makes the key and, in the same segment, seals it to the current receive
 *   key of every other device of the team that is not removed (`grants`).
 * - **Asking.** A device that meets an event under a key it lacks (it joined later, or its receive key changed
 *   while a grant to the old one was on its way) names the key in `wants`; any device holding it answers with a
 *   grant to the asker's receive key. So a removed member, whose wants are ignored and to whom nothing is
 *   granted, gets no key of a dispute opened after the removal.
 * - **Disposing.** An owner's `disposals` entry (the tombstone) is applied before anything else of the
 *   segments merged with it: the dispute's keys are destroyed, its events dropped, later events and grants of
 *   its keys ignored, and the device replaces its receive key — so the grants of the destroyed key that sit in
 *   the folder can no longer be opened either. A tombstone from anyone but an owner is refused and named.
 */
import { isDisputeSubject, TeamAction, type TeamEvent } from '../domain/team/events'
import type { SegmentHead } from '../domain/team/chains'
import { DisputeKeyring, openAction, openGrant, sealAction, sealGrant } from './dispute-keys'
import type { Disposal, KeyGrant, SealedEvent, SegmentExtras, StoredEvent } from './segments'

export interface KeyedSegment {
  head: SegmentHead
  plain: readonly TeamEvent[]
  sealed: readonly SealedEvent[]
  extras: SegmentExtras
}

/** A tombstone as applied here: by whom (the person of the device that wrote it). */
export interface AppliedDisposal extends Disposal {
  byPersonId: string
  byName: string
  deviceId: string
}

export interface ExchangeDirectory {
  (deviceId: string): { personId: string; name: string; role?: string; removedAfter?: number } | null
}

export class KeyExchange {
  private readonly receiveOf = new Map<string, { n: number; publicKey: Buffer }>()
  private readonly granted = new Set<string>()
  private readonly wantsOf = new Map<string, { n: number; keyIds: Set<string> }>()
  /** Sealed events whose key this device does not hold (yet), by key id. */
  private parked = new Map<string, SealedEvent[]>()
  private readonly disposedDisputes = new Map<string, AppliedDisposal>()
  private readonly disposedKeys = new Set<string>()
  private readonly asked = new Set<string>()
  private published = 0
  private rotateDue = false
  private readonly refusals = new Map<string, string>()
  /** Keys made here (for a stored file's parts, before the segment that tells it) not yet granted to anyone. */
  private readonly fresh = new Set<string>()

  constructor(
    readonly keyring: DisputeKeyring,
    private readonly teamId: string,
    private readonly me: string,
    private readonly directory: ExchangeDirectory,
  ) {}

  /** Whether events about `disputeId` are to be dropped (it was disposed of). */
  isDisposed(disputeId: string): boolean {
    return this.disposedDisputes.has(disputeId)
  }

  /** Every disposal applied here, in the order applied. */
  disposals(): AppliedDisposal[] {
    return [...this.disposedDisputes.values()]
  }

  refusalSentences(): string[] {
    return [...this.refusals.values()]
  }

  /** Starting the merge again from nothing: what waited for keys is found again from the segments. */
  rebuild(): void {
    this.parked = new Map()
  }

  /**
   * Takes segments newly merged (of every device, in one go): tombstones first, then receive keys, grants and
   * wants, then the events. Gives the events in the clear to merge and the disputes newly disposed of.
   */
  absorb(segments: readonly KeyedSegment[]): { events: TeamEvent[]; disposed: string[] } {
    const disposed: string[] = []
    for (const s of segments)
      for (const d of s.extras.disposals ?? []) {
        const who = this.directory(s.head.deviceId)
        if (who?.role !== 'owner') {
          this.refusals.set(
            `${s.head.file}#${d.disputeId}`,
            `${who?.name ?? 'An unknown device'}’s change ${s.head.seq} asks to dispose of a dispute’s records, but only an owner of the team vault (the DSL) may do that: it was not applied.`,
          )
          continue
        }
        if (this.applyDisposal(d, s.head.deviceId, who.personId, who.name)) disposed.push(d.disputeId)
      }
    for (const s of segments) {
      const from = s.head.deviceId
      if (s.extras.receive) {
        const had = this.receiveOf.get(from)
        if (!had || had.n < s.extras.receive.n) this.receiveOf.set(from, { n: s.extras.receive.n, publicKey: Buffer.from(s.extras.receive.publicKey, 'hex') })
        if (from === this.me) this.published = Math.max(this.published, s.extras.receive.n)
      }
      for (const g of s.extras.grants ?? []) this.takeGrant(g)
      if (s.extras.wants) {
        const had = this.wantsOf.get(from)
        if (!had || had.n < s.extras.wants.n) this.wantsOf.set(from, { n: s.extras.wants.n, keyIds: new Set(s.extras.wants.keyIds) })
        else if (had.n === s.extras.wants.n) for (const k of s.extras.wants.keyIds) had.keyIds.add(k)
      }
    }
    const events: TeamEvent[] = []
    for (const s of segments) {
      for (const e of s.plain) if (!this.isDisposed(e.action.disputeId)) events.push(e)
      for (const e of s.sealed) {
        if (this.disposedKeys.has(e.sealed.keyId)) continue
        const opened = this.open(e)
        if (opened) events.push(opened)
        else if (!this.keyring.holds(e.sealed.keyId)) this.parked.set(e.sealed.keyId, [...(this.parked.get(e.sealed.keyId) ?? []), e])
      }
    }
    // Keys granted in this batch open what waited for them.
    for (const [keyId, waiting] of [...this.parked]) {
      if (!this.keyring.holds(keyId)) continue
      this.parked.delete(keyId)
      for (const e of waiting) {
        const opened = this.open(e)
        if (opened) events.push(opened)
      }
    }
    if (this.rotateDue) {
      this.keyring.rotateReceive()
      this.rotateDue = false
      for (const k of [...this.asked]) this.asked.delete(k)
    }
    return { events: events.filter((e) => !this.isDisposed(e.action.disputeId)), disposed }
  }

  private takeGrant(g: KeyGrant): void {
    this.granted.add(`${g.to}#${g.n}#${g.keyId}`)
    const r = this.keyring.receive
    if (g.to !== this.me || g.n !== r.n || this.keyring.holds(g.keyId) || this.disposedKeys.has(g.keyId)) return
    const key = openGrant(this.teamId, g.keyId, g.to, g.n, g.sealed, r)
    if (key) this.keyring.add(g.keyId, key, null)
  }

  private open(e: SealedEvent): TeamEvent | null {
    const key = this.keyring.key(e.sealed.keyId)
    if (!key) return null
    const json = openAction(this.teamId, e.id, e.sealed.keyId, key, e.sealed.box)
    if (json === null) return null
    let action: TeamAction
    try {
      const parsed = TeamAction.safeParse(JSON.parse(json))
      if (!parsed.success) return null
      action = parsed.data
    } catch {
      return null
    }
    if (this.isDisposed(action.disputeId)) {
      // A second key of a disposed dispute (made on a device apart): destroyed too, and since its grant to this
      // device's receive key may sit in the folder, that receive key is replaced as well.
      this.destroy(e.sealed.keyId)
      this.rotateDue = true
      return null
    }
    this.keyring.learn(e.sealed.keyId, action.disputeId)
    return { id: e.id, deviceId: e.deviceId, personId: e.personId, at: e.at, action }
  }

  private destroy(keyId: string): void {
    this.disposedKeys.add(keyId)
    this.keyring.destroy(keyId)
    this.parked.delete(keyId)
  }

  private applyDisposal(d: Disposal, deviceId: string, byPersonId: string, byName: string): boolean {
    const fresh = !this.disposedDisputes.has(d.disputeId)
    if (fresh) this.disposedDisputes.set(d.disputeId, { ...d, byPersonId, byName, deviceId })
    const held = this.keyring.keysOf(d.disputeId)
    for (const keyId of [...d.keyIds, ...held]) this.destroy(keyId)
    // Even with no key of it held here, a grant of one to this receive key may be on its way: replace it.
    if (fresh) this.rotateDue = true
    return fresh
  }

  /** This device disposes of a dispute: its tombstone, applied here at once; the receive key is replaced. */
  dispose(d: Omit<Disposal, 'keyIds'>, byPersonId: string, byName: string): Disposal {
    const disposal: Disposal = { ...d, keyIds: this.keyring.keysOf(d.disputeId) }
    this.applyDisposal(disposal, this.me, byPersonId, byName)
    this.rotateDue = false
    this.keyring.rotateReceive()
    this.asked.clear()
    return disposal
  }

  /**
   * The key a dispute's writing is sealed under here — its events and its stored files' parts — made now when
   * none is held; a key made here is granted with this device's next segment (the one that tells the file).
   * Refused for a disposed dispute: nothing more of it may be sealed under any key.
   */
  sealingKey(disputeId: string): { keyId: string; key: Buffer } {
    if (this.isDisposed(disputeId)) throw new Error('This dispute was disposed of: nothing more of it is sealed.')
    let keyId = this.keyring.keyFor(disputeId)
    if (!keyId) {
      keyId = this.keyring.create(disputeId)
      this.fresh.add(keyId)
    }
    return { keyId, key: this.keyring.key(keyId) as Buffer }
  }

  private grantable(deviceId: string): { n: number; publicKey: Buffer } | null {
    if (deviceId === this.me) return null
    const who = this.directory(deviceId)
    if (!who || who.removedAfter !== undefined || who.role === 'removed') return null
    return this.receiveOf.get(deviceId) ?? null
  }

  /** What this device's next segment must carry besides `actions`, and how to seal its events. */
  outgoing(actions: readonly TeamAction[]): { extras: SegmentExtras; sealEvent: (e: TeamEvent) => StoredEvent } {
    const grants: KeyGrant[] = []
    const grant = (deviceId: string, r: { n: number; publicKey: Buffer }, keyId: string) => {
      const mark = `${deviceId}#${r.n}#${keyId}`
      const key = this.keyring.key(keyId)
      if (this.granted.has(mark) || !key) return
      this.granted.add(mark)
      grants.push({ keyId, to: deviceId, n: r.n, sealed: sealGrant(this.teamId, keyId, key, deviceId, r.n, r.publicKey) })
    }
    for (const a of actions) if (isDisputeSubject(a.disputeId) && !this.keyring.keyFor(a.disputeId)) this.fresh.add(this.keyring.create(a.disputeId))
    for (const keyId of [...this.fresh]) {
      this.fresh.delete(keyId)
      for (const deviceId of [...this.receiveOf.keys()].sort()) {
        const r = this.grantable(deviceId)
        if (r) grant(deviceId, r, keyId)
      }
    }
    for (const [deviceId, w] of [...this.wantsOf].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const r = this.grantable(deviceId)
      if (!r || r.n !== w.n) continue
      for (const keyId of w.keyIds) if (!this.disposedKeys.has(keyId)) grant(deviceId, r, keyId)
    }
    const r = this.keyring.receive
    const wants = [...this.parked.keys()].filter((k) => !this.keyring.holds(k) && !this.disposedKeys.has(k) && !this.asked.has(`${r.n}#${k}`)).sort()
    for (const k of wants) this.asked.add(`${r.n}#${k}`)
    const extras: SegmentExtras = {}
    if (this.published < r.n) {
      extras.receive = { n: r.n, publicKey: r.publicKey.toString('hex') }
      this.published = r.n
    }
    if (grants.length > 0) extras.grants = grants
    if (wants.length > 0) extras.wants = { n: r.n, keyIds: wants }
    const sealEvent = (e: TeamEvent): StoredEvent => {
      if (!isDisputeSubject(e.action.disputeId)) return e
      const keyId = this.keyring.keyFor(e.action.disputeId) as string
      const key = this.keyring.key(keyId) as Buffer
      const { action, ...rest } = e
      return { ...rest, sealed: { keyId, box: sealAction(this.teamId, e.id, keyId, key, JSON.stringify(action)) } }
    }
    return { extras, sealEvent }
  }

  /** Whether this device's receive key has yet to be published (it goes out with its next segment). */
  get unpublished(): boolean {
    return this.published < this.keyring.receive.n
  }

  /**
   * Whether a segment with no events is due: keys to ask for or to hand over, or a receive key made after a
   * disposal (so that colleagues seal no more keys to the old one). A device's first receive key waits for its
   * first segment, whatever that carries.
   */
  due(): boolean {
    const r = this.keyring.receive
    if (this.published < r.n && r.n > 1) return true
    for (const k of this.parked.keys()) if (!this.keyring.holds(k) && !this.disposedKeys.has(k) && !this.asked.has(`${r.n}#${k}`)) return true
    for (const [deviceId, w] of this.wantsOf) {
      const to = this.grantable(deviceId)
      if (!to || to.n !== w.n) continue
      for (const keyId of w.keyIds) if (this.keyring.holds(keyId) && !this.granted.has(`${deviceId}#${to.n}#${keyId}`)) return true
    }
    return false
  }
}
