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
import { bucketFolder, bucketOf, fileName, sealFile, type TeamKey } from './sealed'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
export const SegmentBody = z.object({
  prev: Hex64,
  seen: z.record(z.string().regex(/^[0-9a-f]{32}$/), z.object({ seq: z.number().int().min(1), hash: Hex64 })),
  events: z.array(TeamEvent).max(10_000),
})
export type SegmentBody = z.infer<typeof SegmentBody>

export interface SealedSegment {
  path: string
  bytes: Buffer
  hash: string
  events: TeamEvent[]
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
): SealedSegment {
  const events: TeamEvent[] = actions.map((action, i) => ({
    id: `${who.deviceId}:${at.seq}:${i}`,
    deviceId: who.deviceId,
    personId: who.personId,
    at: now.toISOString(),
    action,
  }))
  const body: SegmentBody = { prev: at.prev, seen: at.seen, events }
  const bytes = sealFile(key, fileKey, { deviceId: who.deviceId, seq: at.seq, kind: 'segment' }, Buffer.from(JSON.stringify(body), 'utf8'), signer)
  const path = `${bucketFolder(who.deviceId, bucketOf(at.seq))}/${fileName('segment', at.seq, randomBytes(4).toString('hex'))}`
  return { path, bytes, hash: sha256Hex(bytes), events }
}
