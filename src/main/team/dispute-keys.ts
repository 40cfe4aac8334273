/**
 * Per-dispute keys (docs/team-vault.md, "Deleting"): every event about a dispute is sealed under that dispute's
 * own random 32-byte key, so that a retention disposal can make the dispute unreadable everywhere by destroying
 * the key — the files themselves can never be removed from other devices' folders.
 *
 * A dispute key travels only **sealed to a device's receive key** (an X25519 key pair of that device alone,
 * `sealTo`), never under a key that outlives a disposal: a device replaces its receive key, destroying the old
 * private half, whenever it applies a disposal. Afterwards no key any device still holds — epoch keys, person
 * keys, receive keys, other disputes' keys — opens a grant of the disposed key or the events sealed under it.
 *
 * The keyring is what one device holds: its receive key and every dispute key it has, stored in the local vault
 * in 256 small documents by the key id's first byte (`team-keys.<2 hex>`), so a save that adds or destroys one
 * key rewrites one of them (about 1/256 of the keyring), never the whole.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { open as aeadOpen, seal, wipe } from '../store/crypto'
import { newBoxKeyPair, openSealed, sealTo, type RawKeyPair } from '../store/keys'

const Hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))
export const KeyId = Hex(16)

/** How many documents the keyring is stored in (by the key id's first byte). */
export const KEY_SHARDS = 256
export const shardOf = (keyId: string): string => keyId.slice(0, 2)

/** A receive key as stored in the local vault (TeamDoc format 2). */
export const StoredReceiveKey = z.strictObject({ n: z.number().int().min(1), publicKey: Hex(32), privateKey: Hex(32) })
export type StoredReceiveKey = z.infer<typeof StoredReceiveKey>

/** One shard of the keyring as stored in the local vault: key id → the key and the dispute it was found to be for. */
export const StoredKeyShard = z.record(KeyId, z.strictObject({ key: Hex(32), disputeId: z.string().max(256).nullable() }))
export type StoredKeyShard = z.infer<typeof StoredKeyShard>

export interface ReceiveKey extends RawKeyPair {
  n: number
}

export interface KeyringChanges {
  /** The receive key now, when it changed (made or replaced) since the last `takeChanges`. */
  receive: StoredReceiveKey | null
  /** Each shard changed since, as it now stands (an empty record: every key in it destroyed). */
  shards: Map<string, StoredKeyShard>
}

export class DisputeKeyring {
  private readonly keys = new Map<string, { key: Buffer; disputeId: string | null }>()
  private readonly byDispute = new Map<string, string[]>()
  /** Key ids by part, so that writing one part reads only its own keys. */
  private readonly byShard = new Map<string, Set<string>>()
  private recv: ReceiveKey
  private readonly changed = new Set<string>()
  private receiveChanged = false

  constructor(stored?: { receive: StoredReceiveKey | null; shards: Iterable<StoredKeyShard> }) {
    const r = stored?.receive
    if (r) this.recv = { n: r.n, publicKey: Buffer.from(r.publicKey, 'hex'), privateKey: Buffer.from(r.privateKey, 'hex') }
    else {
      this.recv = { n: 1, ...newBoxKeyPair() }
      this.receiveChanged = true
    }
    for (const shard of stored?.shards ?? [])
      for (const [keyId, v] of Object.entries(shard)) this.put(keyId, Buffer.from(v.key, 'hex'), v.disputeId)
  }

  get receive(): ReceiveKey {
    return this.recv
  }

  get size(): number {
    return this.keys.size
  }

  key(keyId: string): Buffer | null {
    return this.keys.get(keyId)?.key ?? null
  }

  holds(keyId: string): boolean {
    return this.keys.has(keyId)
  }

  keyIds(): string[] {
    return [...this.keys.keys()]
  }

  /** The dispute a key was made for or found to be for (null: not known yet, or not held). */
  disputeOf(keyId: string): string | null {
    return this.keys.get(keyId)?.disputeId ?? null
  }

  /** The key this device seals a dispute's events under: the first it held for that dispute. */
  keyFor(disputeId: string): string | null {
    return this.byDispute.get(disputeId)?.[0] ?? null
  }

  keysOf(disputeId: string): string[] {
    return [...(this.byDispute.get(disputeId) ?? [])]
  }

  /** A fresh key for a dispute this device is the first to write about (or holds no key for). */
  create(disputeId: string): string {
    const keyId = randomBytes(16).toString('hex')
    this.add(keyId, randomBytes(32), disputeId)
    return keyId
  }

  /** A key received in a grant (its dispute learnt when an event under it opens). */
  add(keyId: string, key: Buffer, disputeId: string | null): void {
    if (this.keys.has(keyId)) return
    this.put(keyId, key, disputeId)
    this.changed.add(shardOf(keyId))
  }

  /** Notes which dispute a key's events are about (the first one opened under it says). */
  learn(keyId: string, disputeId: string): void {
    const held = this.keys.get(keyId)
    if (!held || held.disputeId !== null) return
    held.disputeId = disputeId
    this.index(keyId, disputeId)
    this.changed.add(shardOf(keyId))
  }

  /** Destroys a key: wiped from memory here, and from the local vault at the next save of its shard. */
  destroy(keyId: string): void {
    const held = this.keys.get(keyId)
    if (!held) return
    wipe(held.key)
    this.keys.delete(keyId)
    this.byShard.get(shardOf(keyId))?.delete(keyId)
    if (held.disputeId !== null) {
      const left = (this.byDispute.get(held.disputeId) ?? []).filter((k) => k !== keyId)
      if (left.length > 0) this.byDispute.set(held.disputeId, left)
      else this.byDispute.delete(held.disputeId)
    }
    this.changed.add(shardOf(keyId))
  }

  /** A new receive key; the old private half is wiped (grants sealed to it can no longer be opened). */
  rotateReceive(): void {
    wipe(this.recv.privateKey)
    this.recv = { n: this.recv.n + 1, ...newBoxKeyPair() }
    this.receiveChanged = true
  }

  /** Every shard as it stands (for a first save of the whole keyring). */
  shard(shard: string): StoredKeyShard {
    const out: StoredKeyShard = {}
    for (const keyId of [...(this.byShard.get(shard) ?? [])].sort()) {
      const v = this.keys.get(keyId)
      if (v) out[keyId] = { key: v.key.toString('hex'), disputeId: v.disputeId }
    }
    return out
  }

  /** Whether anything is waiting to be saved. */
  get dirty(): boolean {
    return this.receiveChanged || this.changed.size > 0
  }

  /** What changed since the last call (and forgets it): what a save must write. */
  takeChanges(): KeyringChanges {
    const shards = new Map([...this.changed].sort().map((s) => [s, this.shard(s)] as const))
    const receive = this.receiveChanged ? storedReceive(this.recv) : null
    this.changed.clear()
    this.receiveChanged = false
    return { receive, shards }
  }

  /** What changed since the last `takeChanges`, without forgetting it (for a commit that may yet fail). */
  peekChanges(): KeyringChanges {
    return { receive: this.receiveChanged ? storedReceive(this.recv) : null, shards: new Map([...this.changed].sort().map((s) => [s, this.shard(s)] as const)) }
  }

  /** Forgets the changes `peekChanges` gave once they are stored. */
  stored(changes: KeyringChanges): void {
    for (const s of changes.shards.keys()) this.changed.delete(s)
    if (changes.receive && changes.receive.n === this.recv.n) this.receiveChanged = false
  }

  private put(keyId: string, key: Buffer, disputeId: string | null): void {
    this.keys.set(keyId, { key: Buffer.from(key), disputeId })
    const shard = this.byShard.get(shardOf(keyId)) ?? new Set<string>()
    shard.add(keyId)
    this.byShard.set(shardOf(keyId), shard)
    if (disputeId !== null) this.index(keyId, disputeId)
  }

  private index(keyId: string, disputeId: string): void {
    const list = this.byDispute.get(disputeId) ?? []
    if (!list.includes(keyId)) list.push(keyId)
    this.byDispute.set(disputeId, list)
  }
}

export const storedReceive = (r: ReceiveKey): StoredReceiveKey => ({ n: r.n, publicKey: r.publicKey.toString('hex'), privateKey: r.privateKey.toString('hex') })

// ---- sealing ----------------------------------------------------------------------------------------------

const grantAad = (teamId: string, keyId: string, to: string, n: number) =>
  Buffer.from(JSON.stringify(['escalation-log-team-dispute-key', 1, teamId, keyId, to, n]), 'utf8')
const eventAad = (teamId: string, eventId: string, keyId: string) =>
  Buffer.from(JSON.stringify(['escalation-log-team-event', 1, teamId, eventId, keyId]), 'utf8')

/** A dispute key sealed to device `to`'s receive key number `n`. */
export const sealGrant = (teamId: string, keyId: string, key: Buffer, to: string, n: number, receivePublic: Buffer): string =>
  sealTo(receivePublic, key, grantAad(teamId, keyId, to, n)).toString('base64')

export function openGrant(teamId: string, keyId: string, to: string, n: number, sealed: string, receive: RawKeyPair): Buffer | null {
  const key = openSealed(receive.privateKey, receive.publicKey, Buffer.from(sealed, 'base64'), grantAad(teamId, keyId, to, n))
  return key && key.length === 32 ? key : null
}

/** An event's action sealed under its dispute's key; the AAD binds it to the event's id and the key's id. */
export const sealAction = (teamId: string, eventId: string, keyId: string, key: Buffer, actionJson: string): string =>
  seal(key, Buffer.from(actionJson, 'utf8'), eventAad(teamId, eventId, keyId)).toString('base64')

export function openAction(teamId: string, eventId: string, keyId: string, key: Buffer, box: string): string | null {
  const plain = aeadOpen(key, Buffer.from(box, 'base64'), eventAad(teamId, eventId, keyId))
  return plain ? plain.toString('utf8') : null
}
