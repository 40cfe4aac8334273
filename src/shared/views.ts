/**
 * What the screens are shown: the domain's answers ("what is due, what is blocked and why") as zod
 * schemas, so the contract can name every channel's output and the renderer gets the types without
 * importing from the main process. src/main/domain/disputes/queries.ts produces these shapes; a unit
 * test parses its output with them.
 */
import { z } from 'zod'
import { Child } from './children'
import { Dispute, DueItem } from './dispute'
import { Contact, RecordRequirement } from './policy'
import { TeamMeetingVersion } from './meetings'
import { ContactRecord, ContactRecordContent } from './records'

export const DueState = z.enum(['pending', 'dueSoon', 'overdue', 'done', 'conditional'])

export const DueView = DueItem.extend({
  display: z.string(),
  state: DueState,
  overdueByWorkingDays: z.number(),
  doneOn: z.string().optional(),
  /** For a step done: working days after its deadline (0: within timescale). */
  doneLateByWorkingDays: z.number().optional(),
})
export type DueView = z.infer<typeof DueView>

export const NotificationOwedView = z.object({
  notificationId: z.string(),
  stage: z.number().nullable(),
  recipient: Contact,
  what: z.string(),
  how: z.string().optional(),
  by: z.string().optional(),
  form: z.object({ id: z.string(), title: z.string(), colour: z.string().optional() }).optional(),
  reason: z.string(),
  owedSince: z.string(),
})
export type NotificationOwedView = z.infer<typeof NotificationOwedView>

export const DisputeStatusView = z.object({
  id: z.string(),
  reference: z.string(),
  partnership: z.string(),
  status: Dispute.shape.status,
  route: Dispute.shape.route,
  stage: z.object({ number: z.number(), title: z.string(), parties: z.string() }).nullable(),
  position: z.string(),
  /** What the dispute's policy calls a stage and its emergency route, for the screens to say. */
  words: z.object({ stageWord: z.string(), routeTitle: z.string().nullable() }),
  dueDates: z.array(DueView),
  nextDeadline: DueView.nullable(),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
  overdueByWorkingDays: z.number(),
  notificationsOwed: z.array(NotificationOwedView),
  blockers: z.array(z.object({ code: z.string(), message: z.string() })),
  canEscalate: z.boolean(),
  nextStage: z
    .object({ number: z.number(), title: z.string(), entryChecks: z.array(z.object({ id: z.string(), question: z.string() })) })
    .nullable(),
  available: z.array(z.object({ kind: z.enum(['anyStageOption', 'exceptionalRoute']), id: z.string(), title: z.string() })),
  mustRecord: z.array(RecordRequirement),
  urgentGuidance: z.string().nullable(),
  /** The earliest running deadline in hours (an instant), for a live countdown; null where none runs. */
  countdown: DueView.nullable(),
  /** Taking the emergency route from an ordinary stage, and handing over from it. */
  routeMoves: z.object({
    enter: z.object({ title: z.string(), trigger: z.string() }).nullable(),
    handOver: z
      .object({
        number: z.number(),
        title: z.string(),
        name: z.string(),
        entryChecks: z.array(z.object({ id: z.string(), question: z.string() })),
      })
      .nullable(),
    canHandOver: z.boolean(),
  }),
  history: z.array(
    z.object({
      position: z.string(),
      enteredOn: z.string(),
      leftOn: z.string().nullable(),
      due: z.string().nullable(),
      basis: z.string().nullable(),
    }),
  ),
})
export type DisputeStatusView = z.infer<typeof DisputeStatusView>

/** A contact record as shown: the record plus whether it was written up late, and by how much. */
export const RecordView = ContactRecord.extend({
  label: z.string(),
  retrospective: z.boolean(),
  retrospectiveNote: z.string().nullable(),
  /**
   * Files a colleague stored with the record that have not reached this vault yet through the team vault (or
   * arrived damaged): fetched again at each sync. Absent outside a team.
   */
  awaitingFiles: z.array(z.object({ name: z.string(), why: z.enum(['missing', 'damaged']), message: z.string() })).optional(),
})
export type RecordView = z.infer<typeof RecordView>

/** What the team's merge says about a record (src/main/caselog/team-notes.ts keeps the same list). */
export const TEAM_RECORD_CONFLICTS = ['two-versions', 'edited-after-approval', 'approved-twice', 'set-aside', 'set-aside-after-approval', 'not-the-author', 'approval-not-received'] as const

/**
 * A dispute's team notes as the desk shows them (docs/team-vault.md, "The desk"): each person by name, each
 * move in words. Times are by the writer's device clock.
 */
export const TeamNotesView = z.object({
  /** Moves made on two devices at once: no further move until a person keeps one (`team.decideReview`). */
  needsReview: z.array(
    z.object({
      transitionId: z.string(),
      to: z.enum(['escalated', 'resolved', 'withdrawn']),
      /** The move in words: "Escalated to stage 2 (Line managers)". */
      move: z.string(),
      effectiveOn: z.string(),
      byName: z.string(),
      at: z.string(),
    }),
  ),
  /** The dispute's details were saved on two devices at once (how many versions; the first is shown). */
  detailVersions: z.number().int().min(0),
  /** Other disputes given this reference on a device apart. */
  sameReference: z.array(z.object({ id: z.string(), reference: z.string(), childNames: z.array(z.string()) })),
  records: z.array(
    z.object({
      recordId: z.string(),
      conflicts: z.array(z.enum(TEAM_RECORD_CONFLICTS)),
      versions: z.array(z.object({ version: z.string(), byName: z.string(), at: z.string(), content: ContactRecordContent })),
      /** Who took the draft over from whom (null: not known here), when by their device's clock, and why; in order. */
      takenOver: z.array(z.object({ byName: z.string(), fromName: z.string().nullable(), at: z.string(), reason: z.string() })),
      /** Who set the draft aside, when by their device's clock, and why; in order. */
      setAside: z.array(z.object({ byName: z.string(), at: z.string(), reason: z.string() })),
    }),
  ),
})
export type TeamNotesView = z.infer<typeof TeamNotesView>

export const DisputeView = z.object({
  dispute: Dispute,
  /** null when the policy version it was opened under is not installed. */
  status: DisputeStatusView.nullable(),
  problem: z.string().nullable(),
  records: z.array(RecordView),
  children: z.array(Child),
  policyTitle: z.string(),
  /** What the team's merge says a person must see; null outside a team vault or when there is nothing. */
  team: TeamNotesView.nullable(),
  /** Colleagues' drafts the signed-in person has taken over (a team vault): theirs to edit and approve. */
  takenOverByMe: z.array(z.string()),
  /** The dispute's meeting was saved on two devices at once (a team vault): each version, until a person keeps one. */
  meetingVersions: z.array(TeamMeetingVersion),
})
export type DisputeView = z.infer<typeof DisputeView>

export const DashboardRowView = z.object({
  id: z.string(),
  reference: z.string(),
  childNames: z.array(z.string()),
  otherAgency: z.string(),
  partnership: z.string(),
  status: DisputeStatusView.nullable(),
  problem: z.string().nullable(),
  draftCount: z.number(),
  /** Its next deadline falls today (London): what the "due today" count counts. */
  dueToday: z.boolean(),
})
export type DashboardRowView = z.infer<typeof DashboardRowView>

export const DashboardView = z.object({
  rows: z.array(DashboardRowView),
  counts: z.object({
    open: z.number(),
    overdue: z.number(),
    dueToday: z.number(),
    dueSoon: z.number(),
    drafts: z.number(),
    notificationsOwed: z.number(),
  }),
  /**
   * "Needs a decision from the team": disputes, open or closed, whose team notes ask a person to decide or
   * check something (a dispute closed by one of two moves made at once is here though it left `rows`).
   */
  team: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      childNames: z.array(z.string()),
      status: z.enum(['open', 'resolved', 'withdrawn']),
      /** What is to be decided, in words, one sentence each. */
      what: z.array(z.string()),
    }),
  ),
})
export type DashboardView = z.infer<typeof DashboardView>

export const DraftView = z.object({
  disputeId: z.string(),
  reference: z.string(),
  recordId: z.string(),
  label: z.string(),
  /**
   * A colleague set this draft aside (a team vault): by whom, when by their device's clock, and why — null for a
   * setting aside merged before these were kept (its name, time and reason are then not known here).
   */
  setAside: z.object({ byName: z.string(), at: z.string(), reason: z.string() }).nullable().optional(),
})
export type DraftView = z.infer<typeof DraftView>

/** A record whose countersignature was asked of the signed-in person and is not yet given. */
export const CountersignatureAskView = DraftView.extend({ askedByName: z.string(), askedAt: z.string() })
export type CountersignatureAskView = z.infer<typeof CountersignatureAskView>

const count = <K extends z.ZodType>(key: K) => z.object({ key, label: z.string(), count: z.number() })

/** The quarterly figures for the partnership review (src/main/domain/reports.ts produces them). */
export const QuarterlyFiguresView = z.object({
  year: z.number(),
  quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  label: z.string(),
  months: z.string(),
  from: z.string(),
  to: z.string(),
  complete: z.boolean(),
  opened: z.number(),
  stageReached: z.array(count(z.union([z.number(), z.literal('emergency')]))),
  reasons: z.array(count(z.string())),
  agencies: z.array(count(z.string())),
  resolved: z.number(),
  withdrawn: z.number(),
  workingDaysToResolution: z.array(z.object({ reference: z.string(), workingDays: z.number() })),
  medianWorkingDaysToResolution: z.number().nullable(),
  meanWorkingDaysToResolution: z.number().nullable(),
  deadlinesMissed: z.array(z.object({ reference: z.string(), position: z.string(), due: z.string() })),
  openAtQuarterEnd: z.number(),
  notifications: z.object({ sent: z.number(), notNeeded: z.number() }),
  records: z.object({ approved: z.number(), retrospective: z.number() }).nullable(),
})
export type QuarterlyFiguresView = z.infer<typeof QuarterlyFiguresView>
