/**
 * The team vault while the local vault is unlocked (docs/team-vault.md, "The team service"): reads the team
 * document from the local vault, runs this device's `TeamDevice` over the team's transport, syncs on a timer
 * and on demand, and stops on lock. Setting up, inviting, joining and removing go through membership.ts; the
 * team document (keys, member list, position, unsent files, WebDAV credentials) is kept only inside the
 * encrypted local vault, and written in an audited commit whenever it changes.
 *
 * A save never waits for the network: whoever appends to `device` (the case log's bridge) gets the segment
 * sealed at once; sending is the next sync's job. `onMerged` tells listeners when a sync brought news.
 *
 * A little over 400 lines: one class, one lifecycle (attach, sync, the four membership steps, stop) whose
 * methods share its state; split, each part would reach into the others' fields.
 */
import { AppError } from '../../shared/errors'
import type { AuditEventInput, KdfParams } from '../store/types'
import type { TeamDoc, TeamKeysDoc } from '../caselog/documents'
import type { TeamKeySource } from '../caselog/caselog'
import { newBoxKeyPair } from '../store/keys'
import { DisputeKeyring, storedReceive, type StoredKeyShard } from './dispute-keys'
import type { Disposal } from './segments'
import type { MemberList, TeamRole } from '../domain/team/members'
import { TeamDevice, type OutFile as QueuedFile, type StoredFileSlice, type SyncReport } from './device'
import type { TransportSettings } from './invitation'
import { openInvitationFile } from './invitation'
import { MemberChain, type Replaced, type TrustedList } from './members'
import { invite, join, newEpochKey, removeMember, setUpTeam, withdrawInvitation, type Me, type OutFile } from './membership'
import { filesKey, type TeamKey } from './sealed'
import { LocalFolderTransport, type Transport } from './transport'
import { WebDavTransport } from './webdav'

export type StoredTransport = TeamDoc['transport']

export interface TeamServiceOptions {
  store: {
    team(): Promise<TeamDoc | undefined>
    saveTeam(doc: TeamDoc, event: AuditEventInput): Promise<void>
    /** This device's dispute keys as stored, and where to store them with each team document (CaseLog). */
    teamKeyShards(): Promise<StoredKeyShard[]>
    teamKeysWith(source: TeamKeySource | null): void
  }
  /** The signed-in person and their keys (null for a key slot not upgraded: no team then). */
  me: () => Me | null
  now: () => Date
  /** The invitation code's Argon2id cost (calibrated in the app), asked for only when inviting. */
  kdf: () => Promise<KdfParams>
  /** How often to sync while unlocked; 0 for only on demand (tests). */
  intervalMs: number
  connect?: (t: StoredTransport) => Promise<Transport>
  /** A range of a file stored in the local vault, to seal a queued part again after a restart (device.ts). */
  storedFile?: (slice: StoredFileSlice) => Promise<Buffer | null>
  /** Own segments per pack (device.ts; tests use fewer than the 256 of the app). */
  packSegments?: number
}

export interface TeamMemberStatus {
  personId: string
  name: string
  role: TeamRole
  me: boolean
  /** When their newest change received here was made, by their device's clock; null for none yet. */
  lastReceivedAt: string | null
}

export interface TeamStatus {
  member: boolean
  where: string | null
  transportKind: 'folder' | 'webdav' | null
  myRole: TeamRole | null
  /** Why this device is no longer in the team (null while it is). */
  left: 'removed' | 'withdrawn' | null
  members: TeamMemberStatus[]
  pending: { inviteId: string; name: string; role: TeamRole; expiresAt: string }[]
  removed: string[]
  problems: string[]
  lastSyncAt: string | null
  lastSyncError: string | null
  waiting: number
}

const defaultConnect = async (t: StoredTransport): Promise<Transport> =>
  t.kind === 'folder'
    ? new LocalFolderTransport(t.path)
    : WebDavTransport.connect({ url: t.url, username: t.username, password: t.password })

const keysOf = (doc: TeamDoc): TeamKey[] =>
  doc.keys.map(([epoch, hex]) => ({ teamId: doc.teamId, epoch, epochKey: Buffer.from(hex, 'hex') }))

export class TeamService {
  private doc: TeamDoc | null = null
  private chain: MemberChain | null = null
  private transport: Transport | null = null
  private teamDevice: TeamDevice | null = null
  private keyring: DisputeKeyring | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private running: Promise<SyncReport | null> | null = null
  private lastSyncAt: string | null = null
  private lastSyncError: string | null = null
  private stopped = false
  private readonly listeners = new Set<() => void>()
  /** Epoch keys opened from member lists during a sync, not yet kept in the team document (newest first). */
  private learnt: TeamKey[] = []
  /** Keys (hex) of epochs begun by a list another owner's took the place of: not the team's. */
  private readonly dropped = new Set<string>()
  /** This person's changes to the member list that another owner's, made at once, took the place of. */
  private notKept: string[] = []

  private constructor(private readonly o: TeamServiceOptions) {}

  /** Loads the team document (if any) and starts syncing. */
  static async start(o: TeamServiceOptions): Promise<TeamService> {
    const s = new TeamService(o)
    const doc = await o.store.team()
    if (doc) await s.attach(doc)
    return s
  }

  /** The running device, for the case log's bridge to append to and read merged state from; null with no team. */
  get device(): TeamDevice | null {
    return this.teamDevice
  }

  /** Whose a device is, by name, from the member list (for the bridge's audit summaries). */
  nameOfDevice(deviceId: string): string | null {
    return this.chain?.directory()(deviceId)?.name ?? null
  }

  /** A person of the team by name (a member, someone who joined, or someone removed), for the desk's team notes. */
  nameOfPerson(personId: string): string | null {
    const chain = this.chain
    if (!chain) return null
    return (
      chain.list.members.find((m) => m.personId === personId)?.name ??
      chain.joins.find((j) => j.statement.personId === personId)?.statement.name ??
      chain.list.removed.find((m) => m.personId === personId)?.name ??
      null
    )
  }

  /** Called after each sync that received something or changed the membership, or while stored files are awaited. */
  onMerged(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private requireMe(): Me {
    const me = this.o.me()
    if (!me)
      throw new AppError(
        'vault-read-only',
        'Your key slot has not been upgraded yet, so you cannot take part in a team vault. Change your passphrase once to upgrade it.',
      )
    return me
  }

  /** Every epoch key this device holds, newest first: the team document's and those just learnt. */
  private heldKeys(): TeamKey[] {
    return [...this.learnt, ...(this.doc ? keysOf(this.doc) : [])]
      .filter((k) => !this.dropped.has(k.epochKey.toString('hex')))
      .sort((a, b) => b.epoch - a.epoch)
  }

  /**
   * Another owner's list took the place of one this device trusted (two owners at once): the key that list began,
   * if it began one, is no longer the team's; a change this person made there was not kept, and they are told.
   */
  private replaced(r: Replaced, winner: MemberList, me: Me): void {
    if (r.list.epoch === r.before.epoch + 1)
      for (const k of this.heldKeys()) if (k.epoch === r.list.epoch) this.dropped.add(k.epochKey.toString('hex'))
    if (r.list.issuedBy !== me.personId) return
    const names = (ps: { name: string }[]) => ps.map((p) => p.name).join(', ')
    const had = new Set(r.before.pending.map((p) => p.inviteId))
    const kept = new Set(r.list.pending.map((p) => p.inviteId))
    const wasRemoved = new Set(r.before.removed.map((p) => p.personId))
    const invited = r.list.pending.filter((p) => !had.has(p.inviteId))
    const joinedThere = new Set(r.list.members.flatMap((m) => m.devices))
    const withdrawn = r.before.pending.filter((p) => !kept.has(p.inviteId) && !joinedThere.has(p.deviceId) && p.expiresAt > r.list.issuedAt)
    const removed = r.list.removed.filter((p) => !wasRemoved.has(p.personId))
    const what = [
      ...(invited.length ? [`the invitation for ${names(invited)}`] : []),
      ...(removed.length ? [`the removal of ${names(removed)}`] : []),
      ...(withdrawn.length && !removed.length ? [`the withdrawal of the invitation for ${names(withdrawn)}`] : []),
    ]
    const by = winner.members.find((m) => m.personId === r.by)?.name ?? 'another owner'
    this.notKept.push(
      `Your change to who is in the team (${what.join('; ') || `member list ${r.list.number}`}) was not kept, because ${by} changed the team at the same moment: make it again.`,
    )
  }

  private async attach(doc: TeamDoc): Promise<void> {
    const me = this.requireMe()
    this.doc = doc
    this.appliedCut = doc.applied ? { ...doc.applied } : null
    const keys = keysOf(doc)
    this.learnt = []
    this.chain = new MemberChain(
      { list: doc.list, hash: doc.listHash },
      (epoch) => {
        const k = this.heldKeys().find((x) => x.epoch === epoch)
        return k ? filesKey(k) : null
      },
      // Each list read in turn that begins an epoch gives its key, so the next list, sealed under it, opens in the
      // same sync (a device offline while someone was removed and another invited would otherwise stop there).
      (list, replaced) => {
        if (replaced) this.replaced(replaced, list, me)
        const held = this.heldKeys()
        const keys = newEpochKey(list, me, held)
        if (keys && keys.length > held.length) this.learnt.unshift(keys[0] as TeamKey)
      },
    )
    this.transport = await (this.o.connect ?? defaultConnect)(doc.transport)
    const keyring = new DisputeKeyring({ receive: doc.receive, shards: await this.o.store.teamKeyShards() })
    this.keyring = keyring
    this.o.store.teamKeysWith({
      peek: () => new Map([...keyring.peekChanges().shards].map(([s, keys]) => [s, { format: 1, keys }] as const)),
      stored: (written: Map<string, TeamKeysDoc>) =>
        keyring.stored({ receive: storedReceive(keyring.receive), shards: new Map([...written].map(([s, d]) => [s, d.keys])) }),
    })
    this.teamDevice = this.newDevice(me, keys, doc)
    // A team document from before per-dispute keys: the receive key just made is stored before it is used.
    if (!doc.receive)
      await this.persist({ action: 'team-synced', summary: 'This device made its key for receiving the team’s dispute keys' })
    if (this.o.intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.syncNow().catch(() => undefined), this.o.intervalMs)
      this.timer.unref?.()
    }
  }

  private newDevice(me: Me, keys: TeamKey[], doc: TeamDoc): TeamDevice {
    const saved = this.teamDevice?.saved()
    const outbox: QueuedFile[] = saved?.outbox ?? doc.outbox.map((f) => ('part' in f ? { path: f.path, part: f.part } : { path: f.path, bytes: Buffer.from(f.bytes, 'base64') }))
    return new TeamDevice({
      transport: this.transport as Transport,
      keys,
      deviceId: doc.deviceId,
      personId: me.personId,
      signer: me.signer,
      directory: (this.chain as MemberChain).directory(),
      resume: saved ?? { seq: doc.position.seq, prev: doc.position.prev, docSeq: doc.position.docSeq, outbox, ...(doc.position.packedUpTo === null ? {} : { packedUpTo: doc.position.packedUpTo }) },
      ...(this.o.packSegments ? { packSegments: this.o.packSegments } : {}),
      ...(this.o.storedFile ? { storedFile: this.o.storedFile } : {}),
      ...(this.keyring ? { keyring: this.keyring } : {}),
    })
  }

  /**
   * The team document as it should be stored now: this device's position and unsent files as they stand.
   * The case log's bridge puts it in the same commit as a save that appended to `device` (`Changes.team`),
   * so a change sealed is never lost, nor its number used twice, if the app stops before the next sync.
   */
  currentDocument(): TeamDoc | null {
    if (!this.doc) return null
    const saved = this.teamDevice?.saved()
    return {
      ...this.doc,
      ...(this.chain ? { list: this.chain.list, listHash: this.chain.hash } : {}),
      ...(saved
        ? {
            position: { seq: saved.seq, prev: saved.prev, docSeq: saved.docSeq, packedUpTo: saved.packedUpTo ?? null },
            // A stored file's part is kept as where it lies in this vault (device.ts, `PartRef`), not as bytes.
            outbox: saved.outbox.map((f) => (f.part ? { path: f.path, part: f.part } : { path: f.path, bytes: (f.bytes as Buffer).toString('base64') })),
          }
        : {}),
      ...(this.keyring ? { receive: storedReceive(this.keyring.receive) } : {}),
      ...(this.appliedCut ? { applied: this.appliedCut } : {}),
    }
  }

  /** How far each other device's changes are applied to the case log (kept with the team document: TeamDoc.applied). */
  private appliedCut: Record<string, number> | null = null

  /** As last stored: how far others' changes had been applied here before this start (null: not known). */
  appliedUpTo(): Readonly<Record<string, number>> | null {
    return this.doc?.applied ?? null
  }

  /** The case log's bridge, before the commit of an apply: how far others' changes are now applied. */
  noteApplied(cut: Record<string, number>): void {
    this.appliedCut = { ...cut }
  }

  /**
   * A retention disposal told to the team (docs/team-vault.md, "Deleting"): the tombstone is sealed in this
   * device's next segment and the dispute's keys are destroyed here. Only an owner may; the caller stores
   * `currentDocument()` in the same commit as the local disposal, and the next sync sends the tombstone.
   */
  disposeDispute(d: Omit<Disposal, 'keyIds' | 'at'>): void {
    const { chain, device } = this.assertMember()
    const me = this.requireMe()
    const role = chain.list.members.find((m) => m.personId === me.personId)?.role ?? chain.joins.find((j) => j.statement.personId === me.personId)?.pending.role
    if (role !== 'owner')
      throw new AppError(
        'team-not-owner',
        'Only an owner of the team vault (the DSL) can dispose of a dispute’s records, because disposal removes them from every colleague’s computer. Ask the DSL to make this decision.',
      )
    device.dispose(d, this.o.now())
  }

  private async persist(event: AuditEventInput): Promise<void> {
    const next = this.currentDocument() as TeamDoc
    await this.o.store.saveTeam(next, event)
    this.doc = next
  }

  private async queue(files: OutFile[]): Promise<void> {
    for (const f of files) await (this.transport as Transport).write(f.path, f.bytes)
  }

  private assertNone(): void {
    if (this.doc) throw new AppError('invalid-input', 'This vault already belongs to a team vault.')
  }

  private assertMember(): { doc: TeamDoc; chain: MemberChain; device: TeamDevice } {
    if (!this.doc || !this.chain || !this.teamDevice || this.stopped)
      throw new AppError(
        'invalid-input',
        'This vault does not belong to a team vault yet: set one up or join one first.',
      )
    return { doc: this.doc, chain: this.chain, device: this.teamDevice }
  }

  /** Sets up a new team with the signed-in person as its owner, on `transport`. */
  async setUp(transport: StoredTransport): Promise<void> {
    this.assertNone()
    const me = this.requireMe()
    const conn = await (this.o.connect ?? defaultConnect)(transport)
    const made = setUpTeam(me, this.o.now())
    for (const f of made.files) await conn.write(f.path, f.bytes)
    const doc = this.newDoc(made.key.teamId, made.deviceId, transport, [made.key], made.trusted)
    await this.attach(doc)
    // The owner's receive key goes out at once, so whoever joins can seal the keys of what they write to it.
    const device = this.teamDevice as TeamDevice
    device.publishReceiveKey(this.o.now())
    try {
      // Sent now if it can be (else it waits, stored with the team document, for the next sync).
      await device.sync().catch(() => null)
      await this.persist({
        action: 'team-set-up',
        summary: `${me.name} set up a team vault (${describeWhere(transport)}) as its owner`,
      })
    } catch (e) {
      this.detach()
      throw e
    }
  }

  /** Back to no team (a set-up whose commit failed). */
  private detach(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.o.store.teamKeysWith(null)
    this.doc = null
    this.appliedCut = null
    this.chain = null
    this.teamDevice = null
    this.keyring = null
  }

  private newDoc(
    teamId: string,
    deviceId: string,
    transport: StoredTransport,
    keys: TeamKey[],
    trusted: TrustedList,
  ): TeamDoc {
    return {
      format: 5,
      teamId,
      deviceId,
      joinedAt: this.o.now().toISOString(),
      transport,
      keys: keys.map((k) => [k.epoch, k.epochKey.toString('hex')]),
      list: trusted.list,
      listHash: trusted.hash,
      position: { seq: 0, prev: '0'.repeat(64), docSeq: 0, packedUpTo: 0 },
      outbox: [],
      receive: storedReceive({ n: 1, ...newBoxKeyPair() }),
      applied: null,
    }
  }

  /** An invitation file and its one-time code (shown once, given in person). */
  async invite(o: {
    name: string
    role: TeamRole
    days: number
  }): Promise<{ file: Buffer; code: string; expiresAt: string }> {
    this.assertMember()
    const me = this.requireMe()
    // What other owners changed first (and any key it brings), so the new list follows the team's newest.
    await this.syncNow()
    const { doc, chain } = this.assertMember()
    const now = this.o.now()
    const expiresAt = new Date(now.getTime() + o.days * 86_400_000)
    const settings: TransportSettings = doc.transport.kind === 'folder' ? { kind: 'folder' } : doc.transport
    const made = await invite(chain, keysOf(doc), me, doc.deviceId, {
      name: o.name,
      role: o.role,
      expiresAt,
      transport: settings,
      kdf: await this.o.kdf(),
      now,
    })
    await this.queue(made.files)
    chain.adopt(made.trusted)
    await this.persist({
      action: 'team-invitation-made',
      subject: made.inviteId,
      summary: `${me.name} invited ${o.name} to the team vault as ${roleWords(o.role)}, until ${made.trusted.list.pending.at(-1)?.expiresAt.slice(0, 10)}`,
    })
    return { file: made.invitation, code: made.code, expiresAt: expiresAt.toISOString() }
  }

  /** Joins the team an invitation file is for, with the code given in person; `folder` for a shared-folder team. */
  async join(o: {
    file: Buffer
    code: string
    folder: string | null
    chooseFolder: (() => Promise<string | null>) | null
  }): Promise<void> {
    this.assertNone()
    const me = this.requireMe()
    const opened = await openInvitationFile(o.file, o.code, this.o.now())
    const p = opened.payload.transport
    const folder = p.kind === 'folder' ? (o.folder ?? (o.chooseFolder ? await o.chooseFolder() : null)) : null
    if (p.kind === 'folder' && !folder)
      throw new AppError('invalid-input', 'Choose the team’s shared folder as it appears on this computer.', {
        field: 'folder',
      })
    const transport: StoredTransport = p.kind === 'folder' ? { kind: 'folder', path: folder as string } : p
    const conn = await (this.o.connect ?? defaultConnect)(transport)
    const joined = await join(conn, opened, me, this.o.now())
    for (const f of joined.files) await conn.write(f.path, f.bytes)
    const doc = this.newDoc(opened.teamId, joined.deviceId, transport, joined.keys, joined.trusted)
    await this.o.store.saveTeam(doc, {
      action: 'team-joined',
      subject: opened.inviteId,
      summary: `${me.name} joined the team vault at the invitation of ${opened.payload.invitedBy}, as ${roleWords(opened.payload.role)}`,
    })
    await this.attach(doc)
    await this.syncNow()
  }

  /** Removes a member: a new list under a new key epoch; what their devices write afterwards is refused. */
  async remove(personId: string): Promise<{ withdrawn: string[] }> {
    this.assertMember()
    const me = this.requireMe()
    await this.syncNow()
    const { doc, chain, device } = this.assertMember()
    const who =
      chain.list.members.find((m) => m.personId === personId)?.name ??
      chain.joins.find((j) => j.statement.personId === personId)?.statement.name
    const merged = new Map(device.lastReceived().map((r) => [r.deviceId, r.upTo]))
    const made = removeMember(
      chain,
      keysOf(doc),
      me,
      doc.deviceId,
      personId,
      (d) => merged.get(d) ?? 0,
      this.o.now(),
    )
    await this.queue(made.files)
    chain.adopt(made.trusted)
    this.doc = { ...doc, keys: made.keys.map((k) => [k.epoch, k.epochKey.toString('hex')]) }
    // The same device, with all it holds: a save right after is told against the team's history, not as new.
    device.useKeys(made.keys)
    const withdrawn = made.withdrawn.map((p) => p.name)
    await this.persist({
      action: 'team-member-removed',
      subject: personId,
      summary: `${me.name} removed ${who ?? 'a member'} from the team vault; the others moved to team key ${made.trusted.list.epoch}${
        withdrawn.length > 0 ? `; the invitation${withdrawn.length === 1 ? '' : 's'} not yet used (${withdrawn.join(', ')}) ${withdrawn.length === 1 ? 'was' : 'were'} withdrawn` : ''
      }`,
    })
    return { withdrawn }
  }

  /** Withdraws an invitation not yet used: a new member list without it (the key epoch unchanged). */
  async withdraw(inviteId: string): Promise<void> {
    this.assertMember()
    const me = this.requireMe()
    // Its join statement may already be there: then the person has joined, and is removed instead.
    await this.syncNow()
    const { doc, chain } = this.assertMember()
    const made = withdrawInvitation(chain, keysOf(doc), me, doc.deviceId, inviteId, this.o.now())
    await this.queue(made.files)
    chain.adopt(made.trusted)
    this.teamDevice?.membersChanged()
    await this.persist({
      action: 'team-invitation-withdrawn',
      subject: inviteId,
      summary: `${me.name} withdrew the invitation of ${made.withdrawn.name} to the team vault as ${roleWords(made.withdrawn.role)}, before it was used`,
    })
  }

  /** Sends what waits and fetches what is new; one at a time (a second call waits for the first). */
  syncNow(): Promise<SyncReport | null> {
    this.running ??= this.runSync().finally(() => (this.running = null))
    return this.running
  }

  private async runSync(): Promise<SyncReport | null> {
    if (!this.doc || !this.chain || !this.teamDevice || this.stopped) return null
    this.requireMe()
    try {
      const notKeptBefore = this.notKept.length
      const changed = await this.chain.update(this.transport as Transport)
      let rekeyed = false
      if (changed) {
        const keys = this.heldKeys()
        this.learnt = []
        this.dropped.clear()
        if (keys.map((k) => `${k.epoch}:${k.epochKey.toString('hex')}`).join() !== this.doc.keys.map(([e, hex]) => `${e}:${hex}`).join()) {
          this.doc = { ...this.doc, keys: keys.map((k) => [k.epoch, k.epochKey.toString('hex')]) }
          this.teamDevice.useKeys(keys)
          this.teamDevice.membersChanged()
          rekeyed = true
        } else this.teamDevice.membersChanged()
      }
      const report = await this.teamDevice.sync()
      this.lastSyncAt = this.o.now().toISOString()
      this.lastSyncError = report.notSent
      if (this.stopped) return report
      for (const summary of this.notKept.slice(notKeptBefore)) await this.persist({ action: 'team-change-not-kept', summary })
      if (rekeyed)
        await this.persist({
          action: 'team-rekeyed',
          summary: `This device received team key ${this.chain.list.epoch} with member list ${this.chain.list.number}`,
        })
      else if (changed || report.sent > 0 || this.keyring?.dirty)
        await this.persist({
          action: 'team-synced',
          summary: `Sent ${report.sent} change${report.sent === 1 ? '' : 's'} to the team vault${changed ? ' and learnt of a change in who is in the team' : ''}`,
        })
      // Stored files still to come are fetched again by the bridge's apply, news or not.
      if (changed || report.received > 0 || this.teamDevice.awaitingFiles) for (const l of this.listeners) l()
      return report
    } catch (e) {
      this.lastSyncAt = this.o.now().toISOString()
      this.lastSyncError = e instanceof Error ? e.message : String(e)
      return null
    }
  }

  status(): TeamStatus {
    const me = this.o.me()
    if (!this.doc || !this.chain || !this.teamDevice)
      return {
        member: false,
        where: null,
        transportKind: null,
        myRole: null,
        left: null,
        members: [],
        pending: [],
        removed: [],
        problems: [],
        lastSyncAt: null,
        lastSyncError: null,
        waiting: 0,
      }
    const received = new Map(this.teamDevice.lastReceived().map((r) => [r.deviceId, r.at]))
    const latest = (devices: string[]) =>
      devices
        .map((d) => received.get(d) ?? null)
        .reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null)
    const members: TeamMemberStatus[] = [
      ...this.chain.list.members.map((m) => ({
        personId: m.personId,
        name: m.name,
        role: m.role,
        me: m.personId === me?.personId,
        lastReceivedAt: latest(m.devices),
      })),
      ...this.chain.joins.map((j) => ({
        personId: j.statement.personId,
        name: j.statement.name,
        role: j.pending.role,
        me: j.statement.personId === me?.personId,
        lastReceivedAt: latest([j.pending.deviceId]),
      })),
    ]
    const joined = new Set(this.chain.joins.map((j) => j.pending.inviteId))
    const mine = members.some((m) => m.me)
    const removedMe = this.chain.list.removed.some((r) => r.personId === me?.personId)
    return {
      member: true,
      where: describeWhere(this.doc.transport),
      transportKind: this.doc.transport.kind,
      myRole: members.find((m) => m.me)?.role ?? null,
      // Not in the list: removed, or (joined just as an owner withdrew the invitation) never taken in.
      left: mine ? null : removedMe ? 'removed' : 'withdrawn',
      members,
      pending: this.chain.list.pending
        .filter((p) => !joined.has(p.inviteId))
        .map((p) => ({ inviteId: p.inviteId, name: p.name, role: p.role, expiresAt: p.expiresAt })),
      removed: this.chain.list.removed.map((r) => r.name),
      problems: [...this.notKept, ...this.chain.problems(), ...this.teamDevice.problemSentences()],
      lastSyncAt: this.lastSyncAt,
      lastSyncError: this.lastSyncError,
      waiting: this.teamDevice.waiting,
    }
  }

  /** On lock: no more syncs; one under way finishes without writing to the (locked) vault. */
  stop(): void {
    this.stopped = true
    this.o.store.teamKeysWith(null)
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.listeners.clear()
  }
}

const describeWhere = (t: StoredTransport): string =>
  t.kind === 'folder' ? `the shared folder ${t.path}` : `the WebDAV server ${new URL(t.url).host}`
const roleWords = (role: TeamRole): string =>
  role === 'owner' ? 'an owner' : role === 'member' ? 'a member' : 'a viewer who countersigns'
