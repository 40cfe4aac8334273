/**
 * The merge of what has no meaning of its own to merge by (docs/team-vault.md, "Merging by meaning"): a
 * dispute's content as a whole, and the whole team's things — children, directory entries, imported and
 * retired policies, the team's settings. Each is a graph of versions, each version naming those it was made
 * from; the versions nobody has superseded are the current ones. One: it is the thing. Several (made on two
 * devices at once): all are kept and shown, the one with the smallest version id is used meanwhile, and the
 * next version anyone saves from them settles it.
 *
 * A dispute's content is taken apart: where it stands (status, route, stage, deadlines, outcome) follows the
 * transition that stands (merge.ts); what only ever adds (notifications sent or not needed, steps done,
 * requests) is the union of every version; its details (the other agency, what is disputed, the reasons,
 * triage, the children and their circumstances, who is involved at each stage) come from the current versions.
 */
import type { Child } from '../../../shared/children'
import type { DirectoryEntry } from '../../../shared/directory'
import type { Dispute } from '../../../shared/dispute'
import type { Policy, PolicyRetirement } from '../../../shared/policy'
import type { TeamAction, TeamCalendar, TeamEvent, TeamSettings } from './events'

export const byText = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

/** Nodes that nobody names as a parent. */
export function leavesOf<T>(nodes: Map<string, T>, parents: (t: T) => readonly string[]): string[] {
  const named = new Set<string>()
  for (const n of nodes.values()) for (const p of parents(n)) named.add(p)
  return [...nodes.keys()].filter((k) => !named.has(k)).sort()
}

/** Whether `node` is `ancestor` or was made (through any chain of parents) from it. */
function descends<T>(nodes: Map<string, T>, parents: (t: T) => readonly string[], node: string, ancestor: string): boolean {
  const seen = new Set<string>()
  const todo = [node]
  while (todo.length > 0) {
    const id = todo.pop() as string
    if (id === ancestor) return true
    if (seen.has(id)) continue
    seen.add(id)
    const n = nodes.get(id)
    if (n) todo.push(...parents(n))
  }
  return false
}

// ── a dispute's content ─────────────────────────────────────────────────────────────────────────

export interface DisputeSnapshot {
  version: string
  base: readonly string[]
  dispute: Dispute
}

const DETAILS = ['childIds', 'childCircumstances', 'circumstancePeriods', 'otherAgency', 'disputed', 'reasons', 'triage'] as const

const detailsOf = (d: Dispute) => JSON.stringify(DETAILS.map((k) => d[k]))

/** Whether the versions disagree about the details, or about who is involved at a stage they both hold. */
function disagree(versions: Dispute[]): boolean {
  if (new Set(versions.map(detailsOf)).size > 1) return true
  const people = new Map<string, string>()
  for (const d of versions)
    for (const v of d.stageHistory) {
      const text = JSON.stringify([v.ourSide, v.theirSide])
      if ((people.get(v.enteredAt) ?? text) !== text) return true
      people.set(v.enteredAt, text)
    }
  return false
}

function union<T>(lists: readonly (readonly T[])[], at: (t: T) => string): T[] {
  const out = new Map<string, T>()
  for (const list of lists) for (const item of list) out.set(JSON.stringify(item), item)
  return [...out.entries()].sort(([ka, a], [kb, b]) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, v]) => v)
}

/**
 * The newest version that follows the move `from` and no move made apart from it: where the dispute stands
 * (a recorded step can move a deadline, so the newest such version, not the move's own). A version made after
 * seeing a competing move too is left out, so that a decision for `from` is not undone by it. Of several, the
 * smallest id.
 */
function following(snapshots: Map<string, DisputeSnapshot>, from: string, moves: ReadonlySet<string>): string {
  const base = (s: DisputeSnapshot) => s.base
  const rivals = [...moves].filter((m) => m !== from && snapshots.has(m) && !descends(snapshots, base, from, m))
  const fits = new Map([...snapshots].filter(([id]) => descends(snapshots, base, id, from) && !rivals.some((r) => descends(snapshots, base, id, r))))
  return leavesOf(fits, base)[0] ?? from
}

/**
 * The dispute as the team now holds it. `lifecycleFrom` is the transition whose move stands (null: none has
 * been made); `detailVersions` lists the current versions when they disagree about the details.
 */
export function disputeContent(
  snapshots: Map<string, DisputeSnapshot>,
  lifecycleFrom: string | null,
  moves: ReadonlySet<string>,
): { dispute: Dispute; versions: string[]; detailVersions: string[] } | null {
  if (snapshots.size === 0) return null
  const base = (s: DisputeSnapshot) => s.base
  const leaves = leavesOf(snapshots, base)
  const from = lifecycleFrom !== null && snapshots.has(lifecycleFrom) ? lifecycleFrom : null
  const lifecycle = (snapshots.get(from === null ? (leaves[0] as string) : following(snapshots, from, moves)) as DisputeSnapshot).dispute
  const detailed = (snapshots.get(leaves[0] as string) as DisputeSnapshot).dispute
  const all = [...snapshots.values()].map((s) => s.dispute)
  const people = new Map(detailed.stageHistory.map((v) => [v.enteredAt, v]))
  const dispute: Dispute = {
    ...lifecycle,
    ...Object.fromEntries(DETAILS.map((k) => [k, detailed[k]])),
    stageHistory: lifecycle.stageHistory.map((v) => {
      const p = people.get(v.enteredAt)
      return p ? { ...v, ourSide: p.ourSide, theirSide: p.theirSide } : v
    }),
    notificationsSent: union(all.map((d) => d.notificationsSent), (n) => n.recordedAt),
    notificationsNotNeeded: union(all.map((d) => d.notificationsNotNeeded), (n) => n.recordedAt),
    stepsDone: union(all.map((d) => d.stepsDone), (s) => s.recordedAt),
    requests: union(all.map((d) => d.requests), (r) => r.requestedAt).filter((r, i, list) => list.findIndex((o) => o.id === r.id) === i),
  }
  return { dispute, versions: leaves, detailVersions: disagree(leaves.map((l) => (snapshots.get(l) as DisputeSnapshot).dispute)) ? leaves : [] }
}

// ── the whole team's things ─────────────────────────────────────────────────────────────────────

export type EntityValue =
  | { kind: 'child'; child: Child }
  | { kind: 'directory'; entry: DirectoryEntry }
  | { kind: 'policy'; policy: Policy }
  | { kind: 'retired'; retired: PolicyRetirement[] }
  | { kind: 'settings'; settings: TeamSettings }
  | { kind: 'calendar'; calendar: TeamCalendar }

export interface EntityVersion {
  version: string
  by: string
  at: string
  value: EntityValue
}

export interface EntityView {
  /** The versions nobody has superseded: one, unless two were saved at once (then both are shown). */
  current: EntityVersion[]
  /** The one used meanwhile: the current version with the smallest id. */
  chosen: EntityVersion
}

function valueOf(a: TeamAction): { after: readonly string[]; version?: string; value: EntityValue } | null {
  switch (a.kind) {
    case 'child-saved':
      return { version: a.version, after: a.after, value: { kind: 'child', child: a.child } }
    case 'directory-entry-saved':
      return { version: a.version, after: a.after, value: { kind: 'directory', entry: a.entry } }
    case 'policy-imported':
      return { after: [], value: { kind: 'policy', policy: a.policy } }
    case 'policies-retired':
      return { version: a.version, after: a.after, value: { kind: 'retired', retired: a.retired } }
    case 'team-settings-saved':
      return { version: a.version, after: a.after, value: { kind: 'settings', settings: a.settings } }
    case 'calendar-saved':
      return { version: a.version, after: a.after, value: { kind: 'calendar', calendar: a.calendar } }
    default:
      return null
  }
}

/** One of the whole team's things from its events (distinct, sorted by id); null when none says anything. */
export function mergeEntity(events: readonly TeamEvent[]): EntityView | null {
  const versions = new Map<string, { v: EntityVersion; after: readonly string[] }>()
  for (const e of events) {
    const got = valueOf(e.action)
    if (!got) continue
    // An imported policy has no versions: the same policy imported on two devices is one.
    const version = got.version ?? `${e.id}`
    if (got.value.kind === 'policy' && [...versions.values()].some((x) => JSON.stringify(x.v.value) === JSON.stringify(got.value))) continue
    if (!versions.has(version)) versions.set(version, { v: { version, by: e.personId, at: e.at, value: got.value }, after: got.after })
  }
  const current = leavesOf(versions, (x) => x.after).map((id) => (versions.get(id) as { v: EntityVersion }).v)
  return current.length === 0 ? null : { current, chosen: current[0] as EntityVersion }
}
