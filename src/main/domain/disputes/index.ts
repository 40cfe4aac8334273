/** The dispute lifecycle: open, move, close, and ask what is due. */
export { openDispute } from './open'
export {
  escalate,
  resolve,
  withdraw,
  requestCaseMeeting,
  requestExceptionalRoute,
  recordNotificationSent,
  recordStepDone,
  updateChildCircumstances,
} from './lifecycle'
export { disputeStatus, dashboard, viewDue, deadlineInstant, displayDeadline } from './queries'
export type { DisputeStatus, DueView, DueState, Blocker, DashboardRow } from './queries'
export { notificationsOwed, notificationsDue, type NotificationOwed } from './notifications'
export { disputeReference, nextReferenceCounter, parseDisputeReference } from './reference'
export type { Transition, DisputeContext, RecordGateView } from './results'
