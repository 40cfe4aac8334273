/**
 * A segment's plaintext and how one is sealed (docs/team-vault.md, "Segment plaintext"): the device's events in
 * order, the hash of its previous segment and what it had seen of every other device. `TeamDevice` seals its
 * segments here; so does anything that writes a device's history in bulk (the bench's ten-year vault).
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { sha256Hex } from '../store/crypto'
import type { Signer } from '../store/keys'
import { TeamEvent, type TeamAction } from '../domain/team/events'
import { KeyId } from './dispute-keys'
import { bucketFolder, bucketOf, fileName, sealFile, type TeamKey } from './sealed'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const DeviceId = z.string().regex(/^[0-9a-f]{32}$/)
const Base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/)

/** An event about a dispute as written: its action sealed under the dispute's key (dispute-keys.ts). */
export const SealedEvent = z.object({
  id: TeamEvent.shape.id,
  deviceId: TeamEvent.shape.deviceId,
  personId: TeamEvent.shape.personId,
  at: TeamEvent.shape.at,
  sealed: z.object({ keyId: KeyId, box: Base64(4_000_000) }),
})
export type SealedEvent = z.infer<typeof SealedEvent>
export const StoredEvent = z.union([TeamEvent, SealedEvent])
export type StoredEvent = z.infer<typeof StoredEvent>

/** A dispute key sealed to device `to`'s receive key number `n`. */
export const KeyGrant = z.object({ keyId: KeyId, to: DeviceId, n: z.number().int().min(1), sealed: Base64(200) })
export type KeyGrant = z.infer<typeof KeyGrant>

/**
 * A retention disposal (the tombstone): which dispute, under which keys, why and under which rule; who is the
 * segment's person, `at` the device's clock. Sealed with the segment: the storage never sees it.
 */
export const Disposal = z.object({
  disputeId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/),
  keyIds: z.array(KeyId).max(64),
  reference: z.string().max(64).nullable(),
  reason: z.string().min(1).max(2_000),
  /** Who decided, as the local disposal records it (the member list names the segment's person too). */
  decidedBy: z.string().min(1).max(200),
  retentionYears: z.number().int().min(1).max(125).nullable(),
  at: z.iso.datetime(),
})
export type Disposal = z.infer<typeof Disposal>

export const SegmentBody = z.object({
  prev: Hex64,
  seen: z.record(DeviceId, z.object({ seq: z.number().int().min(1), hash: Hex64 })),
  events: z.array(StoredEvent).max(10_000),
  /** This device's receive key, when it is new: dispute keys are sealed to it. */
  receive: z.object({ n: z.number().int().min(1), publicKey: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  grants: z.array(KeyGrant).max(100_000).optional(),
  /** Keys this device has seen used and lacks, asked for under its receive key `n`. */
  wants: z.object({ n: z.number().int().min(1), keyIds: z.array(KeyId).max(100_000) }).optional(),
  disposals: z.array(Disposal).max(10_000).optional(),
})
export type SegmentBody = z.infer<typeof SegmentBody>

/** What a segment carries besides its events (each left out of the JSON text when absent). */
export type SegmentExtras = Pick<SegmentBody, 'receive' | 'grants' | 'wants' | 'disposals'>

export interface SealedSegment {
  path: string
  bytes: Buffer
  hash: string
  /** The events in the clear, as this device holds them. */
  events: TeamEvent[]
  /** The events as written (those about a dispute sealed, when a sealer is given). */
  stored: StoredEvent[]
}

/** Seals `actions` as segment `seq` of `deviceId`, by `personId`, following the segment whose hash is `prev`. */
export function sealSegment(
  key: TeamKey,
  fileKey: Buffer,
  signer: Signer,
  who: { deviceId: string; personId: string },
  at: { seq: number; prev: string; seen: SegmentBody['seen'] },
  actions: TeamAction[],
  now: Date,
  extras: SegmentExtras = {},
  sealEvent?: (event: TeamEvent) => StoredEvent,
): SealedSegment {
  const events: TeamEvent[] = actions.map((action, i) => ({
    id: `${who.deviceId}:${at.seq}:${i}`,
    deviceId: who.deviceId,
    personId: who.personId,
    at: now.toISOString(),
    action,
  }))
  const stored = sealEvent ? events.map(sealEvent) : events
  const body: SegmentBody = { prev: at.prev, seen: at.seen, events: stored }
  for (const k of ['receive', 'grants', 'wants', 'disposals'] as const) if (extras[k] !== undefined) Object.assign(body, { [k]: extras[k] })
  const bytes = sealFile(key, fileKey, { deviceId: who.deviceId, seq: at.seq, kind: 'segment' }, Buffer.from(JSON.stringify(body), 'utf8'), signer)
  const path = `${bucketFolder(who.deviceId, bucketOf(at.seq))}/${fileName('segment', at.seq, randomBytes(4).toString('hex'))}`
  return { path, bytes, hash: sha256Hex(bytes), events, stored }
}
