/** The Word exports and the email draft: one module per document over the shared house style. */
export { type ExportOptions, type ExportedBy, PROTECTIVE_MARKING } from './house-style'
export { type EscalationRecordInput, escalationRecord } from './escalation-record'
export { type FormDocumentInput, formDocument } from './partnership-form'
export { type NotificationDocumentInput, findNotification, notificationDocument } from './notification-forms'
export { type OutcomeDocumentInput, outcomeDocument } from './outcome-document'
export { KNOWN_FIELD_IDS, type FieldValue, fieldValue } from './form-fill'
export { type RapidResolutionLogInput, rapidResolutionLog } from './rapid-resolution-log'
export { type MeetingPackInput, meetingPack } from './meeting-pack'
export { type TrendsReportInput, trendsReport } from './trends-report'
export {
  DOCX_CONTENT_TYPE,
  type EmailAttachment,
  type EmailDraft,
  type EmailRecipient,
  type NotificationEmailInput,
  emailDraft,
  encodeHeaderWords,
  notificationEmail,
} from './eml'
