/**
 * A team vault's history for the bench, written straight to a folder a year at a time: three colleagues'
 * devices, the scale's disputes shared out between them (each device writes its own disputes' records), one
 * contact record drafted and approved per segment, and every closed run of PACK_SEGMENTS segments packed as a
 * device packs it. Nothing but the segments of the pack being filled is held in memory, so a ten-year history
 * (100,000 segments) is written in bounded memory. The files are those a `TeamDevice` would write: sealed and
 * signed by `sealSegment` and `sealFile`, chained by `prev`.
 */
import { approved, drafted, opened } from '../../test/support/team-actions'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { filesKey, sealFile, type TeamKey } from '../../src/main/team/sealed'
import { encodePack, PACK_SEGMENTS, packPath } from '../../src/main/team/packs'
import { sealSegment } from '../../src/main/team/segments'
import { ZERO } from '../../src/main/domain/team/chains'
import type { Member } from '../../test/support/team-devices'
import type { Scale } from './scales'

export const TEXT = 'Rang the allocated social worker about the strategy discussion; agreed to escalate if no reply by Friday. '.repeat(5)

export interface WriterPosition {
  deviceId: string
  seq: number
  prev: string
}

export interface TeamHistory {
  files: number
  bytes: number
  packs: number
  segments: number
  /** What a device joining reads: every pack, and the segments after the last pack of each device. */
  joinReads: string[]
  /** And the folders it lists besides `devices/`: each device's pack folders and the buckets after its packs. */
  joinLists: string[]
  writers: WriterPosition[]
}

export function writeTeamHistory(dir: string, scale: Scale, key: TeamKey, writers: Member[], log: (m: string) => void): TeamHistory {
  const fk = filesKey(key)
  const made = new Set<string>()
  let files = 0
  let bytes = 0
  let packs = 0
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
  const state = writers.map((m) => ({ m, seq: 0, prev: ZERO, pending: [] as Buffer[], tail: [] as string[], packs: [] as string[] }))
  const perDispute = Math.max(1, Math.round(scale.records / scale.disputes))
  const start = Date.parse(scale.start)
  const span = Date.parse(scale.now) - start
  const years = Math.max(1, Math.round(span / (365.25 * 86_400_000)))
  for (let year = 0; year < years; year++) {
    const from = Math.floor((scale.records * year) / years)
    const to = Math.floor((scale.records * (year + 1)) / years)
    for (let r = from; r < to; r++) {
      const dispute = Math.floor(r / perDispute)
      const w = state[dispute % state.length]!
      const disputeId = `d${dispute}`
      const recordId = `r${r}`
      const now = new Date(start + Math.floor((span * r) / scale.records))
      const seg = sealSegment(
        key,
        fk,
        w.m.signer,
        w.m,
        { seq: w.seq + 1, prev: w.prev, seen: {} },
        [
          ...(r % perDispute === 0 ? [opened(disputeId)] : []),
          drafted(disputeId, recordId, `${recordId}.v1`, [], w.m.personId, `${TEXT}(${r})`),
          approved(disputeId, recordId, `${recordId}.v1`, w.m.personId),
        ],
        now,
      )
      w.seq++
      w.prev = seg.hash
      put(seg.path, seg.bytes)
      w.pending.push(seg.bytes)
      w.tail.push(seg.path)
      if (w.pending.length === PACK_SEGMENTS) {
        const range = { first: w.seq - PACK_SEGMENTS + 1, last: w.seq }
        const sealed = sealFile(key, fk, { deviceId: w.m.deviceId, seq: w.seq, kind: 'pack' }, encodePack(range.first, w.pending), w.m.signer)
        const path = packPath(w.m.deviceId, range, randomBytes(4).toString('hex'))
        put(path, sealed)
        w.packs.push(path)
        packs++
        w.pending = []
        w.tail = []
      }
    }
    log(`team history: year ${year + 1} of ${years} written (${files} files, ${(bytes / 1048576).toFixed(0)} MiB so far)`)
  }
  const joinReads: string[] = []
  const joinLists: string[] = []
  for (const w of state) {
    const packFolders = new Set<string>()
    const packed = w.seq - w.pending.length
    const tailBuckets = new Set<string>()
    for (const p of w.tail) tailBuckets.add(dirname(p))
    joinReads.push(...w.packs, ...w.tail)
    joinLists.push(...[...tailBuckets].sort())
    for (let last = PACK_SEGMENTS; last <= packed; last += PACK_SEGMENTS) packFolders.add(dirname(packPath(w.m.deviceId, { first: last - PACK_SEGMENTS + 1, last }, '00000000')))
    joinLists.push(...[...packFolders].sort())
  }
  return { files, bytes, packs, segments: scale.records, joinReads, joinLists, writers: state.map((w) => ({ deviceId: w.m.deviceId, seq: w.seq, prev: w.prev })) }
}
