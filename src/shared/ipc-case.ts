/** The case log itself: policies, the calendar, children, the directory, disputes, records, meetings, retention and search. */
import { z } from 'zod'
import { Child, ChildInput } from './children'
import { CivilDate } from './dates'
import { DirectoryEntry, DirectoryEntryInput } from './directory'
import {
  CorrectCircumstanceInput,
  EscalateInput,
  NotificationNotNeededInput,
  OpenDisputeInput,
  RecordNotificationInput,
  RecordStepDoneInput,
  SetStagePeopleInput,
  EnterRouteInput,
  HandOverInput,
  RequestOptionInput,
  ResolveInput,
  TriageInput,
  WithdrawInput,
} from './dispute-inputs'
import { DecisionRecordInput, MeetingAddendumInput, MeetingPlanInput, MeetingView } from './meetings'
import { POLICY_FILE_LIMITS, Policy, PolicySummary } from './policy'
import { AddendumInput, ContactRecordChanges, ContactRecordDraftInput } from './records'
import { CountersignatureAskView, DashboardView, DisputeView, DraftView, RecordView } from './views'
import { Empty, Id, NO_BY, channel, disputeId, requiredText, text } from './ipc-common'

const JsonFile = z
  .string()
  .min(1, 'The file is empty')
  .max(2_000_000, 'The file is too large to be a policy (over 2 MB)')
/**
 * A policy file's bytes, base64-encoded, so the main process decodes them itself (strictly, as UTF-8) and
 * a file in another encoding is refused rather than silently turned into "Partnership�s". The bound
 * admits files up to twice the policy limit so that the limit is refused with the file's size in words.
 */
const PolicyFileBytes = z
  .string()
  .max(
    Math.ceil((POLICY_FILE_LIMITS.bytes * 2) / 3) * 4,
    'The file is too large to be a policy: a policy file can be at most 2 MB',
  )
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file was not sent as base64')
/** Directory entries made from a policy's contacts have longer ids ("policy:<policy id>:<contact id>"). */
const DirectoryId = z.string().min(1, 'An id is required').max(200, 'That id is too long')

export const CalendarView = z.object({
  source: z.enum(['bundled', 'imported']),
  bankHolidays: z.array(z.object({ title: z.string(), date: z.string() })),
  extraClosures: z.array(z.object({ date: z.string(), label: z.string() })),
  coverage: z.object({ from: z.string(), to: z.string() }).nullable(),
})
export type CalendarView = z.infer<typeof CalendarView>

/** A piece of a search result's snippet: plain text, marked where it matched (shown as <mark>, never as HTML). */
export const SnippetPart = z.object({ text: z.string(), marked: z.boolean() })
export type SnippetPart = z.infer<typeof SnippetPart>

export const SearchHit = z.object({
  kind: z.enum(['record', 'dispute', 'child', 'directory']),
  title: z.string(),
  detail: z.string(),
  disputeId: z.string().nullable(),
  id: z.string(),
  /** The passage that matched, with the matched words marked; null when the match is not in shown text. */
  snippet: z.array(SnippetPart).nullable().optional(),
})
export type SearchHit = z.infer<typeof SearchHit>

export const caseChannels = {
  'policies.builtIn': channel(Empty, z.array(PolicySummary)),
  'policies.list': channel(Empty, z.object({ policies: z.array(Policy), current: z.array(PolicySummary) })),
  'policies.import': channel(
    z.object({ fileBase64: PolicyFileBytes }).strict(),
    z.object({ policy: PolicySummary, alreadyInstalled: z.boolean() }),
  ),
  /** Retire a policy (no new disputes under it), or bring it back into use; audited either way. */
  'policies.setRetired': channel(
    z
      .object({
        policyId: z.string().min(1, 'Choose the policy').max(80),
        retired: z.boolean(),
        reason: text(1000).optional(),
      })
      .strict(),
    PolicySummary,
  ),
  'calendar.get': channel(Empty, CalendarView),
  'calendar.importBankHolidays': channel(z.object({ json: JsonFile }).strict(), CalendarView),
  'calendar.addClosure': channel(
    z.object({ date: CivilDate, label: requiredText('What the closure is', 120) }).strict(),
    CalendarView,
  ),
  'calendar.removeClosure': channel(z.object({ date: z.string().max(10) }).strict(), CalendarView),

  'children.list': channel(Empty, z.array(Child)),
  'children.create': channel(
    z.object({ child: ChildInput, policyId: z.string().max(80).optional() }).strict(),
    Child,
  ),
  'children.update': channel(
    z
      .object({
        id: Id,
        changes: ChildInput.partial(),
        policyId: z.string().max(80).optional(),
        /** The day a child protection plan or looked-after status began or ended, if not today. */
        circumstancesFrom: CivilDate.optional(),
      })
      .strict(),
    Child,
  ),

  /** With a partnership: its entries and those tied to none (for a dispute); without: every entry. */
  'directory.list': channel(
    z.object({ partnershipId: z.string().min(1).max(80).optional() }).strict(),
    z.array(DirectoryEntry),
  ),
  'directory.create': channel(z.object({ entry: DirectoryEntryInput }).strict(), DirectoryEntry),
  'directory.update': channel(
    z.object({ id: DirectoryId, changes: DirectoryEntryInput }).strict(),
    DirectoryEntry,
  ),

  'disputes.dashboard': channel(Empty, DashboardView),
  'disputes.get': channel(z.object(disputeId).strict(), DisputeView),
  'disputes.open': channel(
    z
      .object({
        policyId: z.string().min(1, 'Choose the partnership').max(80),
        dispute: OpenDisputeInput.omit(NO_BY).extend({ triage: TriageInput }),
      })
      .strict(),
    DisputeView,
  ),
  'disputes.escalate': channel(
    z.object({ ...disputeId, input: EscalateInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.resolve': channel(
    z.object({ ...disputeId, input: ResolveInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.withdraw': channel(
    z.object({ ...disputeId, input: WithdrawInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.request': channel(
    z
      .object({
        ...disputeId,
        kind: z.enum(['anyStageOption', 'exceptionalRoute']),
        input: RequestOptionInput.omit(NO_BY),
      })
      .strict(),
    DisputeView,
  ),
  'disputes.recordNotification': channel(
    z.object({ ...disputeId, input: RecordNotificationInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.notificationNotNeeded': channel(
    z.object({ ...disputeId, input: NotificationNotNeededInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.correctCircumstance': channel(
    z.object({ ...disputeId, input: CorrectCircumstanceInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.recordStepDone': channel(
    z.object({ ...disputeId, input: RecordStepDoneInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.setStagePeople': channel(
    z.object({ ...disputeId, input: SetStagePeopleInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.takeEmergencyRoute': channel(
    z.object({ ...disputeId, input: EnterRouteInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.handOverFromRoute': channel(
    z.object({ ...disputeId, input: HandOverInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),

  'records.createDraft': channel(
    z.object({ ...disputeId, draft: ContactRecordDraftInput }).strict(),
    RecordView,
  ),
  'records.updateDraft': channel(
    z.object({ ...disputeId, recordId: Id, changes: ContactRecordChanges }).strict(),
    RecordView,
  ),
  'records.approve': channel(z.object({ ...disputeId, recordId: Id }).strict(), RecordView),
  /** The signed-in person countersigns; when it was asked of someone, only that person can. */
  'records.countersign': channel(z.object({ ...disputeId, recordId: Id }).strict(), RecordView),
  'records.addAddendum': channel(
    z.object({ ...disputeId, recordId: Id, addendum: AddendumInput }).strict(),
    RecordView,
  ),
  'records.drafts': channel(Empty, z.array(DraftView)),
  /** Ask a named person of the vault (not the author) to countersign a record, a draft or approved. */
  'records.askCountersignature': channel(
    z.object({ ...disputeId, recordId: Id, personId: Id }).strict(),
    RecordView,
  ),
  /** The countersignatures asked of the signed-in person and not yet given, across the open disputes. */
  'records.countersignaturesAsked': channel(Empty, z.array(CountersignatureAskView)),

  // The final-stage meeting: arranged and prepared (savePlan), its decision record entered after it is
  // held, signed off by the signed-in person, and afterwards only added to by dated addenda.
  'meetings.get': channel(z.object(disputeId).strict(), MeetingView),
  'meetings.savePlan': channel(z.object({ ...disputeId, plan: MeetingPlanInput }).strict(), MeetingView),
  'meetings.recordDecision': channel(
    z.object({ ...disputeId, decision: DecisionRecordInput }).strict(),
    MeetingView,
  ),
  'meetings.signOff': channel(z.object(disputeId).strict(), MeetingView),
  'meetings.addAddendum': channel(
    z.object({ ...disputeId, addendum: MeetingAddendumInput }).strict(),
    MeetingView,
  ),

  'retention.list': channel(
    Empty,
    z.object({
      items: z.array(
        z.object({
          disputeId: z.string(),
          reference: z.string(),
          childNames: z.array(z.string()),
          otherAgency: z.string(),
          closedAt: z.string().nullable(),
          reviewOn: z.string().nullable(),
          basis: z.string(),
          due: z.boolean(),
          /** A decision to dispose of it taken on another team device (or here) while its records are still here. */
          disposalDecided: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
        }),
      ),
      disposed: z.array(
        z.object({ reference: z.string(), at: z.string(), by: z.string(), reason: z.string() }),
      ),
    }),
  ),
  'retention.decide': channel(
    z
      .object({
        disputeId: Id,
        decision: z.enum(['retain', 'dispose']),
        reason: requiredText('The reason', 2000),
        retainUntil: CivilDate.optional(),
      })
      .strict(),
    z.object({ done: z.literal(true) }),
  ),

  'search.query': channel(
    z
      .object({
        query: z.string().max(200, 'Search for at most 200 characters'),
        limit: z.number().int().min(1).max(200).optional(),
        /** How many of the best hits to skip: the next page starts where the last one ended. */
        offset: z.number().int().min(0).max(10_000).optional(),
      })
      .strict(),
    z.array(SearchHit),
  ),

  'search.status': channel(
    Empty,
    z.object({
      /** The index is incomplete (being built in the background): results may leave things out. */
      building: z.boolean(),
      disputesIndexed: z.number().int().nonnegative(),
      disputesToIndex: z.number().int().nonnegative(),
    }),
  ),
} as const
