/**
 * The final-stage meeting through the handler table: the screen's view, arranging and preparing it, the
 * decision record, its sign-off and addenda. Each call loads the dispute and its meeting, asks the domain
 * for the new meeting (or its refusal), and saves it with `saveMeeting` — one document and one audit event
 * of its own action. Audit summaries name the dispute's reference, never case content.
 */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelParsed } from '../../shared/ipc'
import type { Meeting, MeetingView } from '../../shared/meetings'
import {
  addMeetingAddendum,
  arrangeMeeting,
  meetingRules,
  meetingView,
  recordDecision,
  signOffMeeting,
  updateMeetingPlan,
} from '../domain/meetings'
import { newId } from '../caselog'
import { meetingConflictVersions, meetingNoteSentences, meetingSignOffBlocked } from '../caselog/meeting-notes'
import { formatDateTime } from '../../shared/dates'
import { actorName, caseLogOf, policyOfDispute } from './case-session'
import { requireSession, type Context } from './context'

async function load(ctx: Context, disputeId: string) {
  const { log, actor } = caseLogOf(ctx)
  const { entry } = await log.find(disputeId)
  const dispute = entry.dispute
  const policy = policyOfDispute(log, dispute)
  const records = await log.records(disputeId)
  const doc = await log.meetingDoc(disputeId)
  return { log, actor, dispute, policy, records, meeting: doc?.meeting ?? null, notes: doc?.team ?? null }
}

/** The raising agency as the exports name it: the signed-in person's agency from their profile. */
function raisingAgency(ctx: Context): string {
  const session = requireSession(ctx)
  return session.settings.profiles[session.vault.person.personId]?.agency ?? 'The raising agency'
}

async function view(ctx: Context, disputeId: string): Promise<MeetingView> {
  const { dispute, policy, records, meeting, notes } = await load(ctx, disputeId)
  const team = { sentences: meetingNoteSentences(notes, formatDateTime), versions: meetingConflictVersions(notes), blocked: meetingSignOffBlocked(notes) }
  return meetingView({ dispute, policy, records, meeting, raisingAgency: raisingAgency(ctx), now: ctx.now(), team })
}

/** Loads the dispute's meeting, asks `change` for the next one, and saves it with one audit event. */
async function change(
  ctx: Context,
  disputeId: string,
  action: string,
  summary: string,
  next: (loaded: Awaited<ReturnType<typeof load>> & { meeting: Meeting }) => Meeting,
): Promise<MeetingView> {
  const loaded = await load(ctx, disputeId)
  if (!loaded.meeting) throw new AppError('meeting-not-found', `No meeting has been arranged on ${loaded.dispute.reference} yet.`)
  const meeting = next({ ...loaded, meeting: loaded.meeting })
  await loaded.log.saveMeeting(meeting, { action, subject: loaded.dispute.reference, summary })
  return view(ctx, disputeId)
}

export const meetingHandlers = {
  'meetings.get': async (ctx: Context, input: ChannelInput<'meetings.get'>) => view(ctx, input.disputeId),

  'meetings.savePlan': async (ctx: Context, input: ChannelParsed<'meetings.savePlan'>) => {
    const { log, dispute, policy, records, meeting } = await load(ctx, input.disputeId)
    if (!meeting) {
      const arranged = arrangeMeeting(dispute, meetingRules(policy), input.plan, records, { by: actorName(ctx), now: ctx.now() })
      await log.saveMeeting(arranged, { action: 'meeting-arranged', subject: dispute.reference, summary: `Stage ${arranged.stage} meeting arranged` })
      return view(ctx, input.disputeId)
    }
    return change(ctx, input.disputeId, 'meeting-updated', `Stage ${meeting.stage} meeting: arrangements, positions or stage notes changed`, (l) =>
      updateMeetingPlan(l.meeting, l.dispute, input.plan, l.records, { now: ctx.now() }),
    )
  },

  'meetings.recordDecision': async (ctx: Context, input: ChannelParsed<'meetings.recordDecision'>) =>
    change(ctx, input.disputeId, 'meeting-decision-recorded', 'Meeting decision record saved (not yet signed off)', (l) =>
      recordDecision(l.meeting, input.decision, { now: ctx.now() }),
    ),

  'meetings.signOff': async (ctx: Context, input: ChannelInput<'meetings.signOff'>) =>
    change(ctx, input.disputeId, 'meeting-signed-off', 'Meeting decision signed off', (l) => {
      // Changed on two devices at once: a person checks it and saves it again (the pick) before it is signed off.
      const blocked = meetingSignOffBlocked(l.notes)
      if (blocked) throw new AppError('meeting-two-versions', blocked, { field: 'team' })
      return signOffMeeting(l.meeting, meetingRules(l.policy), l.actor, { now: ctx.now() })
    }),

  'meetings.addAddendum': async (ctx: Context, input: ChannelInput<'meetings.addAddendum'>) =>
    change(ctx, input.disputeId, 'meeting-addendum-added', 'Addendum added to the meeting’s record', (l) =>
      addMeetingAddendum(l.meeting, input.addendum, l.actor, { id: newId(), now: ctx.now() }),
    ),
}
