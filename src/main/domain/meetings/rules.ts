/**
 * What the policy says about its final-stage meeting: its own `meeting` block where it has one (Solihull:
 * an independent Chair who reports to two groups), otherwise the app's general meeting, described in the
 * stage's own words (its title and parties), with no independence required and no report owed.
 */
import type { Policy } from '../../../shared/policy'
import type { MeetingRulesView } from '../../../shared/meetings'
import { stageName } from '../../../shared/policy-words'

export function meetingRules(policy: Policy): MeetingRulesView {
  const stage = policy.stages[policy.stages.length - 1]
  if (!stage) throw new TypeError(`policy ${policy.id} has no stages`)
  const meeting = stage.meeting
  return {
    stage: stage.number,
    stageName: stageName(policy, stage.number),
    stageTitle: stage.title,
    title: meeting?.title ?? `${stageName(policy, stage.number)} meeting`,
    chair: meeting?.chair ?? stage.parties,
    chairIndependent: meeting?.chairIndependent ?? false,
    reportsTo: meeting?.reportsTo ?? [],
    feedbackTo: meeting?.feedbackTo ?? null,
    quote: meeting?.source?.quote ?? null,
  }
}
