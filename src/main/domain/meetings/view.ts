/**
 * What the meeting screen is shown: the policy's words for the meeting, the records as the meeting can
 * cite them (A1, A2… and whose words each holds), what happened at each stage, and why the decision
 * cannot be signed off yet.
 */
import type { Dispute } from '../../../shared/dispute'
import type { Meeting, MeetingRecordView, MeetingView, StageSummaryView } from '../../../shared/meetings'
import type { Policy } from '../../../shared/policy'
import { stageName } from '../../../shared/policy-words'
import type { ContactRecord } from '../../../shared/records'
import { civilDateInLondon } from '../calendar'
import { recordLabel } from '../records'
import { reachedMeetingStage, signOffProblems } from './lifecycle'
import { meetingRules } from './rules'
import { citedRecords, recordRefs, wordsOfOurAgency, wordsOfTheOtherAgency } from './words'

/** "Jo Bloggs, Head of Year, Northfield School" from whatever parts the record has. */
const personWords = (r: ContactRecord): string => [r.contact.name, r.contact.role, r.contact.agency].filter((s) => s.trim() !== '').join(', ')

export function meetingRecords(records: readonly ContactRecord[]): MeetingRecordView[] {
  return citedRecords(records).map((r, i) => ({
    id: r.id,
    ref: `A${i + 1}`,
    label: recordLabel(r),
    stage: r.stage,
    theirWords: wordsOfTheOtherAgency(r),
    ourWords: wordsOfOurAgency(r),
  }))
}

/** Each stage the dispute was at, in order: who was involved, who was spoken to, its records and the DSL's note. */
export function stageSummaries(dispute: Dispute, policy: Policy, records: readonly ContactRecord[], meeting: Meeting | null): StageSummaryView[] {
  const refs = recordRefs(records)
  const cited = citedRecords(records)
  return dispute.stageHistory
    .filter((v) => v.route === 'stages' && v.stage !== null)
    .map((v) => {
      const stage = v.stage as number
      const at = cited.filter((r) => r.stage === stage)
      const policyStage = policy.stages.find((s) => s.number === stage)
      return {
        stage,
        name: stageName(policy, stage),
        title: policyStage?.title ?? stageName(policy, stage),
        parties: policyStage?.parties ?? '',
        enteredOn: v.enteredOn,
        leftOn: v.leftAt ? civilDateInLondon(v.leftAt) : null,
        enteredBy: v.enteredBy,
        spokeWith: [...new Set(at.map(personWords).filter((s) => s !== ''))],
        recordRefs: at.map((r) => refs.get(r.id)).filter((s): s is string => s !== undefined),
        note: meeting?.stageNotes.find((n) => n.stage === stage) ?? null,
      }
    })
}

export function meetingView(input: {
  dispute: Dispute
  policy: Policy
  records: readonly ContactRecord[]
  meeting: Meeting | null
  raisingAgency: string
  now: Date | string
  /** What the team vault says of it, and why sign-off waits for the team (null: nothing). */
  team?: { sentences: string[]; versions: MeetingView['teamVersions']; blocked: string | null }
}): MeetingView {
  const { dispute, policy, records, meeting } = input
  const rules = meetingRules(policy)
  return {
    disputeId: dispute.id,
    reference: dispute.reference,
    raisingAgency: input.raisingAgency,
    otherAgency: dispute.otherAgency.agency,
    rules,
    atMeetingStage: reachedMeetingStage(dispute, rules),
    meeting,
    records: meetingRecords(records),
    stages: stageSummaries(dispute, policy, records, meeting),
    signOffProblems:
      meeting && !meeting.signOff
        ? [...(input.team?.blocked ? [{ field: 'team', message: input.team.blocked }] : []), ...signOffProblems(meeting, rules, input.now)]
        : [],
    team: input.team?.sentences ?? [],
    teamVersions: input.team?.versions ?? [],
  }
}
