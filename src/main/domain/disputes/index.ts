/** The dispute lifecycle: open, move, close, and ask what is due. */
export { openDispute } from './open'
export { escalate, resolve, withdraw } from './lifecycle'
export { enterEmergencyRoute, handOverFromRoute, handOverTarget } from './routes'
export { type StageKey, type StagePeople, personWords, setStagePeople, stagePeople, stagePeopleChange } from './people'
export { requestCaseMeeting, requestExceptionalRoute } from './requests'
export {
  correctCircumstanceDates,
  recordNotificationNotNeeded,
  recordNotificationSent,
  recordStepDone,
  updateChildCircumstances,
} from './progress'
export { disputeStatus, dashboard, viewDue, deadlineInstant, deadlineFallsOn, displayDeadline } from './queries'
export {
  childFlagsChanged,
  circumstancesFollowingChildren,
  circumstancesOn,
  openingCircumstances,
  periodsFrom,
} from './circumstances'
export type { DisputeStatus, DueView, DueState, Blocker, DashboardRow } from './queries'
export { notificationsOwed, notificationsDue, type NotificationOwed } from './notifications'
export { disputeReference, nextReferenceCounter, parseDisputeReference, withNewReference } from './reference'
export type { Transition, DisputeContext, RecordGateView } from './results'
