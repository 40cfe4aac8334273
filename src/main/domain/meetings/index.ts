/** The final-stage meeting: what the policy asks of it, its lifecycle to a signed-off decision, and what the screen is shown. */
export { meetingRules } from './rules'
export {
  type SignOffProblem,
  addMeetingAddendum,
  arrangeMeeting,
  reachedMeetingStage,
  recordDecision,
  signOffMeeting,
  signOffProblems,
  updateMeetingPlan,
} from './lifecycle'
export { citedRecords, recordRefs, wordsOfOurAgency, wordsOfTheOtherAgency } from './words'
export { meetingRecords, meetingView, stageSummaries } from './view'
