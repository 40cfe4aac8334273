/**
 * Checking every device's chain of segments (docs/team-vault.md, "Detection"). Each device numbers its segments
 * 1, 2, 3 …, each names the hash of the one before (`prev`) and the newest segment it had accepted from every
 * other device (`seen`). Given what has arrived, this decides how much of each chain can be merged (the
 * unbroken run from 1) and names, in words, every way the arrivals disagree with the chains:
 *
 * - **withheld**: a segment is missing although a later one of that device arrived, or another device had
 *   seen it; a device's newest segments that no one has referred to yet cannot be told from ones not yet sent;
 * - **replaced**: a segment that does not continue the one before it, or is not the one another device saw;
 * - **forked**: two different, validly signed segments with one number (the device wrote history twice);
 * - **damaged**: a file that does not decrypt or whose signature fails (found by the caller, passed in).
 *
 * Pure: hashes are computed by the caller.
 */

export interface SegmentHead {
  deviceId: string
  seq: number
  hash: string
  prev: string
  /** The newest segment this device had accepted from each other device when it wrote this one. */
  seen: Record<string, { seq: number; hash: string }>
  file: string
}

export interface UnreadableFile {
  deviceId: string
  /** From the file's name: a damaged file's contents say nothing trustworthy. */
  seq: number | null
  file: string
  why: 'damaged' | 'not-signed' | 'misnamed' | 'no-key' | 'unknown-kind'
  /** For 'unknown-kind': the kinds of change it holds that this version does not know, by name. */
  kinds?: string[]
}

export type ChainProblem =
  | { kind: 'damaged'; deviceId: string; file: string; why: UnreadableFile['why']; kinds?: string[] }
  | { kind: 'withheld'; deviceId: string; from: number; to: number; seenBy: string | null }
  | { kind: 'replaced'; deviceId: string; seq: number; file: string; seenBy: string | null }
  | { kind: 'forked'; deviceId: string; seq: number; files: string[] }
  /** Segments a removed member's device wrote after the last one the removal let stand. */
  | { kind: 'after-removal'; deviceId: string; after: number; files: string[] }

export interface ChainCheck {
  /** Per device, the last seq of the unbroken run from 1 that may be merged (0 for none). */
  accepted: Record<string, number>
  problems: ChainProblem[]
}

export const ZERO = '0'.repeat(64)

/**
 * `removedAfter` gives, for a device whose person was removed from the team, the last of its segments that the
 * removal lets stand (the newest an owner had merged when removing them); nothing after it is merged.
 */
export function verifyChains(
  segments: readonly SegmentHead[],
  unreadable: readonly UnreadableFile[] = [],
  removedAfter: Readonly<Record<string, number>> = {},
): ChainCheck {
  const problems: ChainProblem[] = []
  const devices = new Map<string, Map<number, SegmentHead[]>>()
  for (const s of segments) {
    const bySeq = devices.get(s.deviceId) ?? new Map<number, SegmentHead[]>()
    const same = bySeq.get(s.seq) ?? []
    if (!same.some((x) => x.hash === s.hash)) same.push(s)
    bySeq.set(s.seq, same)
    devices.set(s.deviceId, bySeq)
  }
  const damagedAt = new Set(unreadable.filter((u) => u.seq !== null).map((u) => `${u.deviceId}#${u.seq}`))
  for (const u of unreadable) problems.push({ kind: 'damaged', deviceId: u.deviceId, file: u.file, why: u.why, ...(u.kinds ? { kinds: u.kinds } : {}) })

  const accepted: Record<string, number> = {}
  const chosen = new Map<string, Map<number, SegmentHead>>()
  for (const [deviceId, bySeq] of [...devices.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let run = 0
    let prevHash = ZERO
    const mine = new Map<number, SegmentHead>()
    for (;;) {
      const here = bySeq.get(run + 1)
      if (!here) break
      if (here.length > 1) {
        problems.push({ kind: 'forked', deviceId, seq: run + 1, files: here.map((h) => h.file).sort() })
        break
      }
      const seg = here[0] as SegmentHead
      if (seg.prev !== prevHash) {
        problems.push({ kind: 'replaced', deviceId, seq: seg.seq, file: seg.file, seenBy: null })
        break
      }
      mine.set(seg.seq, seg)
      prevHash = seg.hash
      run += 1
    }
    const cutoff = removedAfter[deviceId]
    if (cutoff !== undefined) {
      const late = [...bySeq.entries()].filter(([seq]) => seq > cutoff).flatMap(([, heads]) => heads.map((x) => x.file)).sort()
      if (late.length > 0) problems.push({ kind: 'after-removal', deviceId, after: cutoff, files: late })
      if (run > cutoff) {
        for (const seq of [...mine.keys()]) if (seq > cutoff) mine.delete(seq)
        run = cutoff
      }
    }
    accepted[deviceId] = run
    chosen.set(deviceId, mine)
    const later = [...bySeq.keys()].filter((k) => k > run + 1 && (cutoff === undefined || k <= cutoff)).sort((a, b) => a - b)
    if (later.length > 0 && !bySeq.has(run + 1)) {
      const from = run + 1
      const to = (later[0] as number) - 1
      if (!rangeDamaged(damagedAt, deviceId, from, to)) problems.push({ kind: 'withheld', deviceId, from, to, seenBy: null })
    }
  }

  // What each accepted segment says it had seen of the others.
  const reported = new Set<string>()
  for (const [seer, mine] of chosen) {
    for (const seg of mine.values()) {
      for (const [deviceId, ref] of Object.entries(seg.seen)) {
        if (deviceId === seer || ref.seq < 1) continue
        const have = devices.get(deviceId)?.get(ref.seq)
        const key = `${deviceId}#${ref.seq}`
        if (reported.has(key)) continue
        if (!have) {
          const upTo = accepted[deviceId] ?? 0
          if (ref.seq > upTo && !rangeDamaged(damagedAt, deviceId, upTo + 1, ref.seq) && !alreadyWithheld(problems, deviceId, ref.seq)) {
            problems.push({ kind: 'withheld', deviceId, from: upTo + 1, to: ref.seq, seenBy: seer })
            reported.add(key)
          }
        } else if (!have.some((h) => h.hash === ref.hash)) {
          problems.push({ kind: 'replaced', deviceId, seq: ref.seq, file: (have[0] as SegmentHead).file, seenBy: seer })
          reported.add(key)
        }
      }
    }
  }
  return { accepted, problems: dedupe(problems) }
}

function rangeDamaged(damagedAt: Set<string>, deviceId: string, from: number, to: number): boolean {
  for (let s = from; s <= to; s++) if (!damagedAt.has(`${deviceId}#${s}`)) return false
  return true
}

function alreadyWithheld(problems: ChainProblem[], deviceId: string, seq: number): boolean {
  return problems.some((p) => p.kind === 'withheld' && p.deviceId === deviceId && p.from <= seq && seq <= p.to)
}

function dedupe(problems: ChainProblem[]): ChainProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const k = JSON.stringify(p)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** A problem as a sentence, with devices named by whose they are. */
export function describeProblem(p: ChainProblem, deviceName: (deviceId: string) => string): string {
  const who = deviceName(p.deviceId)
  switch (p.kind) {
    case 'damaged':
      if (p.why === 'unknown-kind')
        return `The file ${p.file} in ${who}'s folder holds a kind of change this version of the app does not know (${(p.kinds ?? []).map((k) => `“${k}”`).join(', ')}), perhaps written by a newer version: it was not merged, nor anything after it from ${who}. Update the app on this device to read it.`
      if (p.why === 'no-key')
        return `The file ${p.file} in ${who}'s folder is locked with a team key this device does not have: this device may have been removed from the team, or must join it again.`
      return p.why === 'not-signed'
        ? `The file ${p.file} in ${who}'s folder is damaged or not signed with their key, so it may have been forged: it was not merged.`
        : p.why === 'misnamed'
          ? `The file ${p.file} in ${who}'s folder holds a different change from the one its name says, so it may have been moved or swapped: it was not merged.`
          : `The file ${p.file} in ${who}'s folder cannot be read: it is damaged or was changed after it was written. It was not merged.`
    case 'withheld': {
      const one = p.from === p.to
      const which = one ? `change ${p.from} has` : `changes ${p.from} to ${p.to} have`
      const how = p.seenBy ? `${deviceName(p.seenBy)} had already received ${one ? 'it' : 'them'}` : 'later changes arrived'
      return `${who}'s ${which} not arrived here although ${how}: the shared folder may be withholding ${one ? 'it' : 'them'}. Later changes from ${who} wait until ${one ? 'it arrives' : 'they arrive'}.`
    }
    case 'replaced':
      return p.seenBy
        ? `${who}'s change ${p.seq} here is not the one ${deviceName(p.seenBy)} received, so one of them was replaced.`
        : `${who}'s change ${p.seq} (${p.file}) does not follow on from the change before it, so it was replaced or reordered: it and later changes from ${who} were not merged.`
    case 'after-removal':
      return `${who} was removed from the team after their change ${p.after}; ${p.files.length === 1 ? 'the change' : `the ${p.files.length} changes`} their device wrote after that ${p.files.length === 1 ? 'was' : 'were'} not merged.`
    case 'forked':
      return `${who} has two different changes numbered ${p.seq} (${p.files.join(', ')}), so their history was written twice: nothing from ${who} after change ${p.seq - 1} was merged.`
  }
}
