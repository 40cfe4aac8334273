/**
 * The team's member list as sealed files, and the chain of them a device trusts (docs/team-vault.md,
 * "Membership"). The rules are in domain/team/members.ts; this seals, reads and verifies.
 *
 * - List n is `members/m-<n, 12 digits>-<8 hex>.elt`, a sealed file of kind 3 whose header names the issuing
 *   owner's device and `seq` = n, signed by that owner and sealed under the key of the epoch of list n − 1
 *   (list 1: its own), so that a removed member can read that they were removed but not the new epoch's key,
 *   which the list carries sealed to each remaining member's box key.
 * - A joining device's statement is `devices/<its id>/j-000000000001-<8 hex>.elt`, kind 4, signed with the
 *   invitation's join key (whose public half the list names for exactly that device), sealed under the
 *   current epoch.
 *
 * A device trusts the list it already holds (or, joining, the one whose hash the invitation names) and
 * accepts a later one only if it follows on by the rules.
 */
import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../store/crypto'
import { openSealed, sealTo, Signer, type RawKeyPair } from '../store/keys'
import {
  JoinStatement,
  MemberList,
  directoryEntries,
  whyNotJoined,
  whyNotNext,
  withJoined,
  type PendingMember,
} from '../domain/team/members'
import type { DeviceDirectory } from './device'
import { fileName, filesKey, openFile, parseFileName, sealFile, type TeamKey } from './sealed'
import type { Transport } from './transport'

export const MEMBERS_FOLDER = 'members'

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return null
  }
}

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8')
const epochKeyAad = (teamId: string, epoch: number, personId: string): Buffer =>
  json(['escalation-log-team-epoch-key', 1, teamId, epoch, personId])

/** `epochKey` sealed to a member's box key, bound to the team, the epoch and the person. */
export const sealEpochKey = (
  teamId: string,
  epoch: number,
  personId: string,
  boxKey: string,
  epochKey: Buffer,
): string =>
  sealTo(Buffer.from(boxKey, 'hex'), epochKey, epochKeyAad(teamId, epoch, personId)).toString('hex')

export function openEpochKey(list: MemberList, personId: string, box: RawKeyPair): Buffer | null {
  const sealed = list.epochKeys[personId]
  return sealed
    ? openSealed(
        box.privateKey,
        box.publicKey,
        Buffer.from(sealed, 'hex'),
        epochKeyAad(list.teamId, list.epoch, personId),
      )
    : null
}

/** The list sealed as a file by the issuing owner's device, and where it goes. */
export function sealMemberList(
  list: MemberList,
  under: TeamKey,
  issuerDevice: string,
  signer: Signer,
): { path: string; bytes: Buffer; hash: string } {
  const bytes = sealFile(
    under,
    filesKey(under),
    { deviceId: issuerDevice, seq: list.number, kind: 'members' },
    json(MemberList.parse(list)),
    signer,
  )
  return {
    path: `${MEMBERS_FOLDER}/${fileName('members', list.number, randomBytes(4).toString('hex'))}`,
    bytes,
    hash: sha256Hex(bytes),
  }
}

export interface TrustedList {
  list: MemberList
  hash: string
}

/** Opens a list file signed by `signingKey` (the issuer's); null with the reason when it does not hold. */
export function openMemberList(
  teamId: string,
  bytes: Buffer,
  number: number,
  signingKeyOf: (deviceId: string) => Buffer | null,
  keyFor: (epoch: number) => Buffer | null,
): { ok: true; list: MemberList; hash: string; issuerDevice: string } | { ok: false; why: string } {
  if (bytes.length < 49) return { ok: false, why: 'it is damaged' }
  const issuerDevice = bytes.subarray(24, 40).toString('hex')
  const opened = openFile(
    teamId,
    bytes,
    { deviceId: issuerDevice, seq: number, kind: 'members' },
    signingKeyOf(issuerDevice),
    keyFor,
  )
  if (!opened.ok)
    return {
      ok: false,
      why:
        opened.why === 'not-signed'
          ? 'it is not signed by an owner of the team, so it may have been forged'
          : opened.why === 'no-key'
            ? 'it is locked with a team key this device does not have'
            : 'it is damaged',
    }
  const parsed = MemberList.safeParse(parseJson(opened.plaintext))
  if (!parsed.success || parsed.data.teamId !== teamId || parsed.data.number !== number)
    return { ok: false, why: 'it is damaged' }
  return { ok: true, list: parsed.data, hash: opened.hash, issuerDevice }
}

export function sealJoinStatement(
  key: TeamKey,
  deviceId: string,
  statement: JoinStatement,
  joinKey: Signer,
): { path: string; bytes: Buffer } {
  const bytes = sealFile(
    key,
    filesKey(key),
    { deviceId, seq: 1, kind: 'joined' },
    json(JoinStatement.parse(statement)),
    joinKey,
  )
  return { path: `devices/${deviceId}/${fileName('joined', 1, randomBytes(4).toString('hex'))}`, bytes }
}

/** A list this device trusted that another owner's list of the same number took the place of. */
export interface Replaced {
  list: MemberList
  hash: string
  /** The list both followed. */
  before: MemberList
  /** Who issued the list that stands. */
  by: string
}

export interface Joined {
  pending: PendingMember
  statement: JoinStatement
}

/**
 * The member lists a device trusts, kept up to date from the transport: the newest verified list, the join
 * statements that stand for its pending invitations, and what was refused, in words.
 */
export class MemberChain {
  private trusted: TrustedList
  private readonly joined = new Map<string, Joined>()
  private readonly refused = new Map<string, string>()
  private entries: ReturnType<typeof directoryEntries> | null = null
  private rivalsSeen = ''

  constructor(
    trusted: TrustedList,
    private readonly keyFor: (epoch: number) => Buffer | null,
    /**
     * Told of each list `update` accepts, in order, before the next is read (so a new epoch's key can be opened);
     * with `replaced` when it takes the place of the list trusted until then (two owners at once, below).
     */
    private readonly accepted: (list: MemberList, replaced?: Replaced) => void = () => undefined,
  ) {
    this.trusted = trusted
  }

  get list(): MemberList {
    return this.trusted.list
  }

  get hash(): string {
    return this.trusted.hash
  }

  get joins(): Joined[] {
    return [...this.joined.values()]
  }

  /** Files that claimed to be member lists or join statements and were refused, as sentences. */
  problems(): string[] {
    return [...this.refused.entries()].map(
      ([path, why]) => `The member list file ${path} was not accepted: ${why}.`,
    )
  }

  /** The list this device just issued (it already holds the bytes): trusted at once. */
  adopt(next: TrustedList): void {
    const why = whyNotNext(this.trusted.list, this.trusted.hash, next.list, this.folded())
    if (why) throw new Error(`The new member list is not valid: ${why}.`)
    this.trusted = next
    this.forgetFolded()
  }

  /** Joins the list now records (or no longer lists as pending) are no longer inferred. */
  private forgetFolded(): void {
    for (const [inviteId] of this.joined) if (!this.trusted.list.pending.some((p) => p.inviteId === inviteId)) this.joined.delete(inviteId)
    this.entries = null
  }

  private signingKeyOf(deviceId: string): Buffer | null {
    const entry = directoryEntries(this.trusted.list, this.joins).get(deviceId)
    return entry && entry.role === 'owner' ? Buffer.from(entry.signingKey, 'hex') : null
  }

  /**
   * The trusted list with the people whose join statements stand folded in, as the next list must follow it:
   * someone invited as an owner may issue a list as soon as they have joined, before any list records them.
   */
  private folded(): MemberList {
    return withJoined(this.trusted.list, this.joins)
  }

  /**
   * Two owners issued list n at once: the one with the lower hash stands on every device, so a device that
   * trusts the other (its own owner's, or the first it read) takes its place, when it follows list n − 1 as
   * validly as it does. List n − 1 is the file whose SHA-256 the trusted list names (so vouched for by it).
   */
  private async competitor(transport: Transport, names: string[]): Promise<Replaced | null> {
    const { list, hash } = this.trusted
    if (list.number <= 1) return null
    const at = (n: number) => names.filter((x) => parseFileName(x)?.kind === 'members' && parseFileName(x)?.seq === n)
    const rivals = at(list.number)
    // Read again only when the files of that number change (a fork settled stays two files for ever).
    const seen = `${hash}:${rivals.join(',')}`
    if (rivals.length < 2 || seen === this.rivalsSeen) return null
    this.rivalsSeen = seen
    const keyOf = (d: string): Buffer | null => {
      const entry = directoryEntries(list, this.joins).get(d)
      return entry ? Buffer.from(entry.signingKey, 'hex') : null
    }
    let before: MemberList | null = null
    for (const name of at(list.number - 1)) {
      const bytes = await transport.read(`${MEMBERS_FOLDER}/${name}`)
      if (!bytes || sha256Hex(bytes) !== list.prev) continue
      const opened = openMemberList(list.teamId, bytes, list.number - 1, keyOf, this.keyFor)
      if (opened.ok) before = opened.list
    }
    if (!before) return null
    // List n − 1 with those who had joined by then folded in: as the trusted list n records them, and as the
    // join statements this device holds show.
    const recorded = list.members.filter((m) => !before.members.some((b) => b.personId === m.personId) && before.pending.some((p) => m.devices.includes(p.deviceId)))
    const afterRecorded: MemberList = {
      ...before,
      members: [...before.members, ...recorded],
      pending: before.pending.filter((p) => !recorded.some((m) => m.devices.includes(p.deviceId))),
    }
    const prev = withJoined(afterRecorded, this.joins.filter((j) => afterRecorded.pending.some((p) => p.inviteId === j.pending.inviteId)))
    let best: TrustedList | null = null
    for (const name of rivals) {
      const path = `${MEMBERS_FOLDER}/${name}`
      const bytes = await transport.read(path)
      if (!bytes) continue
      const signer = (d: string): Buffer | null => {
        const owner = prev.members.find((m) => m.role === 'owner' && m.devices.includes(d))
        return owner ? Buffer.from(owner.signingKey, 'hex') : null
      }
      const opened = openMemberList(list.teamId, bytes, list.number, signer, this.keyFor)
      if (!opened.ok || opened.hash >= (best?.hash ?? hash)) continue
      if (whyNotNext(before, list.prev, opened.list, prev)) continue
      best = { list: opened.list, hash: opened.hash }
    }
    if (!best) return null
    const lost = this.trusted
    this.trusted = best
    this.forgetFolded()
    return { list: lost.list, hash: lost.hash, before, by: best.list.issuedBy }
  }

  /** Reads newer lists and pending devices' join statements; true when the membership changed. */
  async update(transport: Transport): Promise<boolean> {
    // The joins first: a list issued by an owner who has joined but is in no list yet follows on from them.
    let changed = await this.readJoins(transport)
    const from = this.trusted.hash
    const names = (await transport.list(MEMBERS_FOLDER)).sort()
    const replaced = await this.competitor(transport, names)
    if (replaced) {
      this.accepted(this.trusted.list, replaced)
      changed = true
    }
    for (;;) {
      const number = this.trusted.list.number + 1
      const candidates = names.filter(
        (n) => parseFileName(n)?.kind === 'members' && parseFileName(n)?.seq === number,
      )
      let next: TrustedList | null = null
      for (const name of candidates) {
        const path = `${MEMBERS_FOLDER}/${name}`
        const bytes = await transport.read(path)
        if (!bytes) continue
        const opened = openMemberList(
          this.trusted.list.teamId,
          bytes,
          number,
          (d) => this.signingKeyOf(d),
          this.keyFor,
        )
        const why = opened.ok ? whyNotNext(this.trusted.list, this.trusted.hash, opened.list, this.folded()) : opened.why
        if (why || !opened.ok) {
          this.refused.set(path, why ?? 'it is damaged')
          continue
        }
        this.refused.delete(path)
        // Two owners at once: the list with the lower hash stands on every device alike.
        if (!next || opened.hash < next.hash) next = { list: opened.list, hash: opened.hash }
      }
      if (!next) break
      this.trusted = next
      this.accepted(next.list)
      changed = true
    }
    // A newer list may name invitations of its own (read once a sync, as before).
    if (this.trusted.hash !== from && (await this.readJoins(transport))) changed = true
    for (const [inviteId] of this.joined)
      if (!this.trusted.list.pending.some((p) => p.inviteId === inviteId)) this.joined.delete(inviteId)
    if (changed) this.entries = null
    return changed
  }

  /** Reads the join statements of the trusted list's pending invitations not yet joined; true when one arrived. */
  private async readJoins(transport: Transport): Promise<boolean> {
    let found = false
    for (const pending of this.trusted.list.pending) {
      if (this.joined.has(pending.inviteId)) continue
      const statement = await this.readJoin(transport, pending)
      if (statement) {
        this.joined.set(pending.inviteId, { pending, statement })
        this.entries = null
        found = true
      }
    }
    return found
  }

  private async readJoin(transport: Transport, pending: PendingMember): Promise<JoinStatement | null> {
    const folder = `devices/${pending.deviceId}`
    for (const name of (await transport.list(folder)).sort()) {
      if (parseFileName(name)?.kind !== 'joined') continue
      const path = `${folder}/${name}`
      const bytes = await transport.read(path)
      if (!bytes) continue
      const opened = openFile(
        this.trusted.list.teamId,
        bytes,
        { deviceId: pending.deviceId, seq: 1, kind: 'joined' },
        Buffer.from(pending.joinKey, 'hex'),
        this.keyFor,
      )
      if (!opened.ok) {
        this.refused.set(
          path,
          opened.why === 'not-signed'
            ? 'it is not signed with the invitation’s key, so it may have been forged'
            : 'it is damaged',
        )
        continue
      }
      const parsed = JoinStatement.safeParse(parseJson(opened.plaintext))
      const why = parsed.success ? whyNotJoined(this.trusted.list, pending, parsed.data) : 'it is damaged'
      if (why || !parsed.success) {
        this.refused.set(path, why ?? 'it is damaged')
        continue
      }
      this.refused.delete(path)
      return parsed.data
    }
    return null
  }

  /** What `TeamDevice` takes: whose each device is, from the verified list and the joins that stand. */
  directory(): DeviceDirectory {
    return (deviceId) => {
      this.entries ??= directoryEntries(this.trusted.list, this.joins)
      const e = this.entries.get(deviceId)
      if (!e) return null
      return {
        personId: e.personId,
        name: e.name,
        signingPublicKey: Buffer.from(e.signingKey, 'hex'),
        role: e.role,
        ...(e.removedAfter !== undefined ? { removedAfter: e.removedAfter } : {}),
      }
    }
  }
}
