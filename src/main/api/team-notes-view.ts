/**
 * A dispute's team notes as the desk shows them (docs/team-vault.md, "The desk"): the stored notes
 * (caselog/team-notes.ts) with each person by name and each move in the policy's words, and the dashboard's
 * "Needs a decision from the team" — open disputes from memory, closed ones from the index's list, so
 * nothing is read at unlock for it.
 */
import type { Policy } from '../../shared/policy'
import { positionName, positionWordsOf } from '../../shared/policy-words'
import type { DashboardView, TeamNotesView } from '../../shared/views'
import type { CaseLog } from '../caselog'
import type { DisputeDoc } from '../caselog/documents'
import { teamAttention, type TeamAttention, type TeamNotes } from '../caselog/team-notes'
import type { Context } from './context'
import { teamBridges, teamServices } from './team-sessions'
import type { ContactRecord } from '../../shared/records'

type NameOf = (personId: string) => string

/** Names from the team's member list, then from who wrote or signed something on the dispute, then "A colleague". */
async function namer(ctx: Context, doc: DisputeDoc): Promise<NameOf> {
  const session = ctx.session
  const service = session ? await teamServices.get(session)?.catch(() => null) : null
  const known = new Map<string, string>()
  for (const r of doc.records) {
    known.set(r.author.personId, r.author.name)
    if (r.approval) known.set(r.approval.byPersonId, r.approval.byName)
  }
  if (session && !session.vault.locked) known.set(session.vault.person.personId, session.vault.person.name)
  return (personId) => service?.nameOfPerson(personId) ?? known.get(personId) ?? 'A colleague'
}

/** "Escalated to stage 3", "Resolved at stage 2", "Moved onto the emergency route": a move in the policy's words. */
function moveInWords(to: TeamNotes['needsReview'][number]['to'], stage: number, policy: Policy | undefined): string {
  const words = positionWordsOf(policy)
  const where = positionName(words, stage === 0 ? 'emergency' : stage)
  if (to === 'resolved') return `Resolved at ${where}`
  if (to === 'withdrawn') return `Withdrawn at ${where}`
  return stage === 0 ? `Moved onto the ${where}` : `Escalated to ${where}`
}

export async function teamNotesView(ctx: Context, log: CaseLog, doc: DisputeDoc | null, policy: Policy | undefined): Promise<TeamNotesView | null> {
  const notes = doc?.team
  if (!doc || !notes) return null
  const nameOf = await namer(ctx, doc)
  const sameReference = await Promise.all(
    notes.sameReference.map(async (id) => {
      const other = await log.disputeDocOf(id).catch(() => null)
      return { id, reference: other?.dispute.reference ?? doc.dispute.reference, childNames: other?.childNames ?? [] }
    }),
  )
  return {
    needsReview: notes.needsReview.map((t) => ({
      transitionId: t.transitionId,
      to: t.to,
      move: moveInWords(t.to, t.stage, policy),
      effectiveOn: t.effectiveOn,
      byName: nameOf(t.byPersonId),
      at: t.at,
    })),
    detailVersions: notes.detailVersions.length > 1 ? notes.detailVersions.length : 0,
    sameReference,
    records: notes.records.map((r) => ({
      recordId: r.recordId,
      conflicts: r.conflicts,
      versions: r.versions.map((v) => ({ version: v.version, byName: nameOf(v.byPersonId), at: v.at, content: v.content })),
      takenOver: r.takenOver.map((t) => ({ byName: nameOf(t.byPersonId), fromName: t.fromPersonId ? nameOf(t.fromPersonId) : null, at: t.at, reason: t.reason })),
      setAside: r.setAside.map((a) => ({ byName: nameOf(a.byPersonId), at: a.at, reason: a.reason })),
    })),
  }
}

/** The colleagues' drafts on this dispute that the signed-in person has taken over (as the team holds them). */
export function takenOverBy(ctx: Context, disputeId: string, records: readonly ContactRecord[]): string[] {
  const session = ctx.session
  const bridge = session ? teamBridges.get(session) : undefined
  if (!session || !bridge || session.vault.locked) return []
  const me = session.vault.person.personId
  return records.filter((r) => r.status === 'draft' && r.author.personId !== me && bridge.owners(disputeId, r.id).includes(me)).map((r) => r.id)
}

const ATTENTION_WORDS: Record<TeamAttention, string> = {
  'needs-review': 'It was moved on two devices at once: decide which move stands.',
  'two-versions': 'A draft was edited on two devices at once: pick the version to keep.',
  'edited-after-approval': 'A record was edited on another device after it was approved: check the version kept aside.',
  'approved-twice': 'Two versions of a record were approved at once: check both.',
  'same-reference': 'Another dispute was given the same reference on a device apart: check before using it in a letter.',
}

/** The dashboard's "Needs a decision from the team", most recently opened first. */
export async function teamDecisions(log: CaseLog): Promise<DashboardView['team']> {
  const out: DashboardView['team'] = []
  for (const id of log.teamNoteDisputeIds()) {
    const doc = await log.disputeDocOf(id).catch(() => null)
    const what = teamAttention(doc?.team ?? null)
    if (!doc || what.length === 0) continue
    out.push({ id, reference: doc.dispute.reference, childNames: doc.childNames, status: doc.dispute.status, what: what.map((w) => ATTENTION_WORDS[w]) })
  }
  return out.sort((a, b) => b.reference.localeCompare(a.reference))
}
