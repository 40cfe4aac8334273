/**
 * Who is involved at each stage, on both sides. St Helens (seed 003) moves the matter up a tier on both
 * sides at once: "The line manager will discuss this with their equivalent in the other agency (first tier
 * line manager to first tier line manager)". So at each stage the dispute records who takes it up on our
 * side (at stage 2 our line manager, not the DSL) and whom it sits with on theirs; the forms' "submitting"
 * and "raised resolution with" boxes come from here, and stay blank where nothing was recorded.
 */
import { type Dispute, type StagePerson, type StageVisit } from '../../../shared/dispute'
import { SetStagePeopleInput } from '../../../shared/dispute-inputs'
import type { Policy } from '../../../shared/policy'
import { stageNameInSentence } from '../../../shared/policy-words'
import { beginChange } from './gates'
import { type DisputeContext, type Transition, refuse } from './results'

export type StageKey = number | 'emergency'

// The latest visit of that stage: a dispute handed back to a stage from the emergency route is there again.
const visitIndex = (dispute: Dispute, stage: StageKey): number =>
  dispute.stageHistory.findLastIndex((v) => (stage === 'emergency' ? v.route === 'emergency' : v.route === 'stages' && v.stage === stage))

/** "step 2" or "“Rapid resolution”", in the policy's words where it is given. */
const stageWords = (stage: StageKey, policy?: Pick<Policy, 'stageWord' | 'emergencyRoute'>): string =>
  stage === 'emergency'
    ? policy?.emergencyRoute ? `“${policy.emergencyRoute.title}”` : 'the emergency route'
    : stageNameInSentence(policy ?? {}, stage)

/** A person in a few words, as the audit trail names them: "Ann Lee (Service manager, St Helens CSC)". */
export function personWords(person: StagePerson | null): string {
  if (person === null) return 'no one recorded'
  const about = [person.role, person.agency].filter((p): p is string => p !== undefined && p !== '').join(', ')
  return about === '' ? person.name : `${person.name} (${about})`
}

const samePerson = (a: StagePerson | null, b: StagePerson | null): boolean => JSON.stringify(a) === JSON.stringify(b)

export interface StagePeople {
  ourSide: StagePerson | null
  theirSide: StagePerson | null
}

/**
 * Who was involved at a stage, as the forms print it. On the stage the dispute opened at, it was raised by
 * the person who opened it, with the practitioner it was opened with, unless others were recorded — that is
 * recorded fact, not a guess. Anywhere else, only what was recorded: a stage nobody recorded gives nulls
 * (blank boxes), never the stage-1 practitioner carried up.
 */
export function stagePeople(dispute: Dispute, stage: StageKey | null): StagePeople {
  if (stage === null) return { ourSide: null, theirSide: null }
  const i = visitIndex(dispute, stage)
  if (i < 0) return { ourSide: null, theirSide: null }
  const visit = dispute.stageHistory[i]
  const opened = i === 0
  const other = dispute.otherAgency
  const theirSide =
    visit.theirSide ??
    (opened
      ? {
          name: other.practitioner,
          agency: other.agency,
          ...(other.role ? { role: other.role } : {}),
          ...(other.contactDetails ? { contactDetails: other.contactDetails } : {}),
        }
      : null)
  return { ourSide: visit.ourSide ?? (opened ? { name: dispute.openedBy } : null), theirSide }
}

/** The audit summary of a change: what each side was and now is ("their side: Tom Okafor → Ann Lee"). */
export function stagePeopleChange(stage: StageKey, before: StageVisit, after: StageVisit, policy?: Pick<Policy, 'stageWord' | 'emergencyRoute'>): string {
  const parts: string[] = []
  if (!samePerson(before.ourSide, after.ourSide)) parts.push(`our side from ${personWords(before.ourSide)} to ${personWords(after.ourSide)}`)
  if (!samePerson(before.theirSide, after.theirSide))
    parts.push(`their side from ${personWords(before.theirSide)} to ${personWords(after.theirSide)}`)
  return `Who is involved at ${stageWords(stage, policy)} changed: ${parts.join('; ')}`
}

/** Set or change who is involved at a stage already entered. Each side given replaces what was recorded. */
export function setStagePeople(dispute: Dispute, rawInput: SetStagePeopleInput, ctx: DisputeContext): Transition {
  const parsed = beginChange(SetStagePeopleInput, rawInput, dispute, ctx)
  if (!parsed.ok) return parsed
  const input = parsed.value
  const i = visitIndex(dispute, input.stage)
  if (i < 0) return refuse('stage-not-reached', `This dispute has not been at ${stageWords(input.stage, ctx.policy)}.`, { field: 'stage' })
  const visit = dispute.stageHistory[i]
  const next: StageVisit = {
    ...visit,
    ...(input.ourSide !== undefined ? { ourSide: input.ourSide } : {}),
    ...(input.theirSide !== undefined ? { theirSide: input.theirSide } : {}),
  }
  if (samePerson(visit.ourSide, next.ourSide) && samePerson(visit.theirSide, next.theirSide))
    return refuse('stage-people-unchanged', `Nothing has changed: who is involved at ${stageWords(input.stage, ctx.policy)} is already recorded as that.`)
  return { ok: true, dispute: { ...dispute, stageHistory: dispute.stageHistory.map((v, j) => (j === i ? next : v)) } }
}
