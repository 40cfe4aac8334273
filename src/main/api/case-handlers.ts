/**
 * The case handlers, one module per feature (as Actual's server/<feature>/app.ts), combined into one
 * table for createApi. Each handler: load what it needs from the case log, ask the domain for the new
 * value (or its refusal), then make one intention-named write of the case log (one commit, one audit
 * event). Who acts is always the person who unlocked.
 */
import { childHandlers } from './children'
import { directoryHandlers } from './directory'
import { meetingHandlers } from './meetings'
import { disputeHandlers } from './disputes'
import { policyHandlers } from './policies'
import { recordHandlers } from './records'
import { retentionHandlers } from './retention'
import { searchHandlers } from './search'
import { emailRecordHandlers } from './email-records'
import { calendarExportHandlers } from './calendar-export'
import { printHandlers } from './print'
import { attachmentHandlers } from './attachments'

export const caseHandlers = {
  ...policyHandlers,
  ...childHandlers,
  ...directoryHandlers,
  ...disputeHandlers,
  ...recordHandlers,
  ...meetingHandlers,
  ...retentionHandlers,
  ...searchHandlers,
  ...emailRecordHandlers,
  ...calendarExportHandlers,
  ...printHandlers,
  ...attachmentHandlers,
}
