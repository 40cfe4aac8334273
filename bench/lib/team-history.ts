/**
 * A team vault's history for the bench, written straight to a folder a year at a time: three colleagues'
 * devices (the first an owner's: the DSL's), the scale's disputes shared out between them (each device writes
 * its own disputes' records), one contact record drafted and approved per segment, and every closed run of
 * PACK_SEGMENTS segments packed as a device packs it.
 *
 * The files are those a `TeamDevice` with per-dispute keys writes (docs/team-vault.md, "Deleting"), made with the
 * device's own parts: each device's first segment publishes its receive key (as `publishReceiveKey` does at
 * set-up); every event about a dispute is sealed under that dispute's key, which the writing device makes with
 * the dispute's first event and grants, in the same segment, to the other devices' receive keys
 * (`KeyExchange.outgoing`, `sealSegment`); each device takes in the others' segments as it would at a sync
 * (`KeyExchange.absorb`: their receive keys, and the grants sealed to it), so that every device — the owner's
 * among them — ends holding every dispute's key; and each segment's `seen` names the others' latest segments,
 * as a device that syncs between saves writes it. Events are not opened on the way (nothing written depends on
 * them). Nothing but the segments of the pack being filled is held in memory, and the keys, so a ten-year
 * history (100,000 segments) is written in bounded memory.
 */
import { approved, drafted, opened } from '../../test/support/team-actions'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { filesKey, sealFile, type TeamKey } from '../../src/main/team/sealed'
import { encodePack, PACK_SEGMENTS, packPath } from '../../src/main/team/packs'
import { sealSegment, type SegmentBody } from '../../src/main/team/segments'
import { DisputeKeyring, storedReceive, KEY_SHARDS, type StoredKeyShard, type StoredReceiveKey } from '../../src/main/team/dispute-keys'
import { KeyExchange, type KeyedSegment } from '../../src/main/team/key-exchange'
import type { DeviceDirectory, DeviceDirectoryEntry } from '../../src/main/team/device'
import type { TeamAction } from '../../src/main/domain/team/events'
import { ZERO } from '../../src/main/domain/team/chains'
import type { Member } from '../../test/support/team-devices'
import type { Scale } from './scales'

export const TEXT = 'Rang the allocated social worker about the strategy discussion; agreed to escalate if no reply by Friday. '.repeat(5)

export interface WriterPosition {
  deviceId: string
  seq: number
  prev: string
  /** The last of its segments packed. */
  packedUpTo: number
}

/** A device's keyring as its local vault stores it (TeamDoc's `receive`, the `team-keys.<2 hex>` documents). */
export interface StoredKeyring {
  receive: StoredReceiveKey
  shards: StoredKeyShard[]
}

export interface TeamHistory {
  files: number
  bytes: number
  packs: number
  segments: number
  /** Dispute keys made (one per dispute) and grants written (each sealed to one colleague's receive key). */
  disputeKeys: number
  grants: number
  writers: WriterPosition[]
  /** The owner's (the first writer's) keyring at the end: every dispute's key. */
  ownerKeyring: StoredKeyring
}

/** Whose each device is, with roles: `owners` are owners (the DSL), everyone else a member (a deputy). */
export function teamDirectory(members: Member[], owners: Member[]): DeviceDirectory {
  const map = new Map<string, DeviceDirectoryEntry>(
    members.map((m) => [m.deviceId, { personId: m.personId, name: m.name, signingPublicKey: m.publicKey, role: owners.includes(m) ? 'owner' : 'member' }]),
  )
  return (deviceId) => map.get(deviceId) ?? null
}

interface Writer {
  m: Member
  keyring: DisputeKeyring
  keys: KeyExchange
  seq: number
  prev: string
  pending: Buffer[]
  packs: number
}

export function writeTeamHistory(dir: string, scale: Scale, key: TeamKey, writers: Member[], directory: DeviceDirectory, log: (m: string) => void): TeamHistory {
  const fk = filesKey(key)
  const made = new Set<string>()
  let files = 0
  let bytes = 0
  let packs = 0
  let grants = 0
  const put = (path: string, data: Buffer) => {
    const full = join(dir, path)
    const folder = dirname(full)
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true })
      made.add(folder)
    }
    writeFileSync(full, data)
    files++
    bytes += data.length
  }
  const state: Writer[] = writers.map((m) => {
    const keyring = new DisputeKeyring()
    return { m, keyring, keys: new KeyExchange(keyring, key.teamId, m.deviceId, directory), seq: 0, prev: ZERO, pending: [], packs: 0 }
  })
  /** What a device writing its next segment had merged of the others (it synced since they wrote). */
  const seenBy = (w: Writer): SegmentBody['seen'] => {
    const seen: SegmentBody['seen'] = {}
    for (const o of [...state].sort((a, b) => (a.m.deviceId < b.m.deviceId ? -1 : 1))) if (o !== w && o.seq > 0) seen[o.m.deviceId] = { seq: o.seq, hash: o.prev }
    return seen
  }
  const write = (w: Writer, actions: TeamAction[], now: Date) => {
    const at = { seq: w.seq + 1, prev: w.prev, seen: seenBy(w) }
    const out = w.keys.outgoing(actions)
    const seg = sealSegment(key, fk, w.m.signer, w.m, at, actions, now, out.extras, out.sealEvent)
    grants += out.extras.grants?.length ?? 0
    w.seq++
    w.prev = seg.hash
    put(seg.path, seg.bytes)
    // Every device takes in the segment's keys and grants, the writer too (as its own append does).
    if (Object.keys(out.extras).length > 0) {
      const head = { deviceId: w.m.deviceId, seq: at.seq, hash: seg.hash, prev: at.prev, seen: at.seen, file: seg.path }
      const keyed: KeyedSegment = { head, plain: [], sealed: [], extras: out.extras }
      for (const o of state) o.keys.absorb([keyed])
    }
    w.pending.push(seg.bytes)
    if (w.pending.length === PACK_SEGMENTS) {
      const range = { first: w.seq - PACK_SEGMENTS + 1, last: w.seq }
      const sealed = sealFile(key, fk, { deviceId: w.m.deviceId, seq: w.seq, kind: 'pack' }, encodePack(range.first, w.pending), w.m.signer)
      put(packPath(w.m.deviceId, range, randomBytes(4).toString('hex')), sealed)
      w.packs++
      packs++
      w.pending = []
    }
  }
  const perDispute = Math.max(1, Math.round(scale.records / scale.disputes))
  const start = Date.parse(scale.start)
  const span = Date.parse(scale.now) - start
  // Set-up and joining: each device's first segment publishes its receive key, before anything is written.
  for (const w of state) write(w, [], new Date(start))
  const years = Math.max(1, Math.round(span / (365.25 * 86_400_000)))
  for (let year = 0; year < years; year++) {
    const from = Math.floor((scale.records * year) / years)
    const to = Math.floor((scale.records * (year + 1)) / years)
    for (let r = from; r < to; r++) {
      const dispute = Math.floor(r / perDispute)
      const w = state[dispute % state.length] as Writer
      const disputeId = `d${dispute}`
      const recordId = `r${r}`
      write(
        w,
        [
          ...(r % perDispute === 0 ? [opened(disputeId)] : []),
          drafted(disputeId, recordId, `${recordId}.v1`, [], w.m.personId, `${TEXT}(${r})`),
          approved(disputeId, recordId, `${recordId}.v1`, w.m.personId),
        ],
        new Date(start + Math.floor((span * r) / scale.records)),
      )
    }
    log(`team history: year ${year + 1} of ${years} written (${files} files, ${(bytes / 1048576).toFixed(0)} MiB so far)`)
  }
  const owner = state[0] as Writer
  const shards: StoredKeyShard[] = []
  for (let s = 0; s < KEY_SHARDS; s++) shards.push(owner.keyring.shard(s.toString(16).padStart(2, '0')))
  return {
    files,
    bytes,
    packs,
    segments: state.reduce((n, w) => n + w.seq, 0),
    disputeKeys: owner.keyring.size,
    grants,
    writers: state.map((w) => ({ deviceId: w.m.deviceId, seq: w.seq, prev: w.prev, packedUpTo: w.packs * PACK_SEGMENTS })),
    ownerKeyring: { receive: storedReceive(owner.keyring.receive), shards },
  }
}
