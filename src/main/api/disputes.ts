/**
 * Disputes through the handler table: the dashboard, one dispute's view, opening, and every move of the
 * lifecycle. Each move loads the dispute, asks the domain for the next value (or its refusal), and saves
 * it with `saveDispute`, which puts it where it now belongs (the index while open, its archive once closed).
 */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelParsed } from '../../shared/ipc'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import { emergencyRouteTitle, stageNameInSentence } from '../../shared/policy-words'
import type { DashboardView, DisputeView, RecordView } from '../../shared/views'
import { civilDateInLondon } from '../domain/calendar'
import {
  dashboard,
  deadlineFallsOn,
  disputeStatus,
  enterEmergencyRoute,
  escalate,
  handOverFromRoute,
  openDispute,
  openingCircumstances,
  correctCircumstanceDates,
  recordNotificationNotNeeded,
  recordNotificationSent,
  recordStepDone,
  requestCaseMeeting,
  requestExceptionalRoute,
  resolve,
  setStagePeople,
  stagePeopleChange,
  withdraw,
  type Transition,
} from '../domain/disputes'
import { checkPolicyInUse, latestPolicy } from '../domain/policies'
import { gateViews, own, type CaseLog, type OpenEntry } from '../caselog'
import { isMove, teamTransitionRefusal } from '../caselog/team-apply'
import { actorName, caseLogOf, nowIso, policyOfDispute, unwrap } from './case-session'
import type { Context } from './context'
import { recordView } from './records'
import { takenOverBy, teamDecisions, teamNotesView } from './team-notes-view'
import { meetingConflictVersions } from '../caselog/meeting-notes'
import { teamBridges } from './team-sessions'

/** The record's files still to come from the team (team/bridge-files.ts), shown on its card as awaited. */
function withAwaitedFiles(ctx: Context, view: RecordView): RecordView {
  const bridge = ctx.session ? teamBridges.get(ctx.session) : undefined
  const awaited = (bridge?.awaitedFiles() ?? []).filter((a) => a.disputeId === view.disputeId && a.recordId === view.id)
  return awaited.length > 0 ? { ...view, awaitingFiles: awaited.map((a) => ({ name: a.name, why: a.why, message: a.sentence })) } : view
}

/** The 999 call or first action was made by the person recording it, as the vault names them. */
function triageBy(triage: ChannelParsed<'disputes.open'>['dispute']['triage'], by: string): Dispute['triage'] {
  const { emergencyCall, immediateAction, ...rest } = triage
  return {
    ...rest,
    ...(emergencyCall ? { emergencyCall: { ...emergencyCall, by } } : {}),
    ...(immediateAction ? { immediateAction: { ...immediateAction, by } } : {}),
  }
}

async function disputeView(ctx: Context, log: CaseLog, disputeId: string): Promise<DisputeView> {
  const { entry } = await log.find(disputeId)
  const dispute = entry.dispute
  const records = await log.records(disputeId)
  const doc = await log.disputeDocOf(disputeId)
  const policy = log.policyOf(dispute)
  const allChildren = await log.children()
  const children = dispute.childIds.map((id) => own(allChildren, id)).filter((c): c is Child => c !== undefined)
  return {
    dispute,
    status: policy ? disputeStatus(dispute, { policy, calendar: log.calendar(), now: nowIso(ctx), records: gateViews(records, doc?.team) }) : null,
    problem: policy
      ? null
      : `Version ${dispute.policy.version} of the ${dispute.policy.partnership} policy is not installed: import it to see this dispute's deadlines.`,
    records: records.map((r) => withAwaitedFiles(ctx, recordView(r))),
    children,
    policyTitle: policy?.title ?? dispute.policy.partnership,
    team: await teamNotesView(ctx, log, doc, policy ?? undefined),
    takenOverByMe: takenOverBy(ctx, disputeId, records),
    meetingVersions: meetingConflictVersions((await log.meetingDoc(disputeId))?.team ?? null),
  }
}

/** Runs a transition on an open dispute and saves it where it now belongs (index or archive). */
async function transition(
  ctx: Context,
  disputeId: string,
  event: { action: string; summary: (d: Dispute, policy: Policy) => string },
  run: (dispute: Dispute, context: Parameters<typeof escalate>[2]) => Transition,
): Promise<DisputeView> {
  const { log } = caseLogOf(ctx)
  const { entry, open } = await log.find(disputeId)
  if (!open) throw new AppError('dispute-closed', `${entry.dispute.reference} is closed: it can no longer change.`)
  const policy = policyOfDispute(log, entry.dispute)
  const records = await log.records(disputeId)
  const doc = await log.disputeDocOf(disputeId)
  const next = unwrap(run(entry.dispute, { policy, calendar: log.calendar(), now: nowIso(ctx), records: gateViews(records, doc?.team) }))
  // Moves made on two devices at once (a team vault) wait for a person to decide which stands.
  const held = doc && isMove(entry.dispute, next) ? teamTransitionRefusal(doc) : null
  if (held) throw held
  await log.saveDispute(next, { action: event.action, subject: next.reference, summary: event.summary(next, policy) })
  return disputeView(ctx, log, disputeId)
}

// The audit trail is read by people: steps and notifications by their titles, never the policy's ids.
function stepInWords(d: Dispute, key: string): string {
  const due = [...d.stageHistory.flatMap((v) => [...(v.due ? [v.due] : []), ...v.steps]), ...d.requests.flatMap((r) => r.steps)]
  return due.find((s) => s.key === key)?.label ?? 'a step of the policy'
}

function notificationInWords(policy: Policy, notificationId: string): string {
  const notification = policy.notifications.find((n) => n.id === notificationId)
  const contact = notification && policy.contacts.find((c) => c.id === notification.recipient)
  return contact ? `${contact.name}${contact.organisation ? `, ${contact.organisation}` : ''}` : 'a notification the policy requires'
}

export const disputeHandlers = {
  'disputes.dashboard': async (ctx: Context): Promise<DashboardView> => {
    const { log } = caseLogOf(ctx)
    const entries = log.openEntries()
    const byId = new Map<string, OpenEntry>(entries.map((e) => [e.dispute.id, e]))
    const now = nowIso(ctx)
    const today = civilDateInLondon(now)
    const rows = dashboard(
      entries.map((e) => e.dispute),
      { policies: log.policies(), now, calendar: log.calendar(), recordsOf: (id) => byId.get(id)?.drafts ?? [] },
    ).map((row) => {
      const entry = byId.get(row.id)!
      const next = row.status?.nextDeadline
      return {
        id: row.id,
        reference: row.reference,
        childNames: entry.childNames,
        otherAgency: entry.dispute.otherAgency.agency,
        partnership: entry.dispute.policy.partnership,
        status: row.status,
        problem: row.problem ?? null,
        draftCount: entry.drafts.filter((d) => d.status === 'draft').length,
        dueToday: next ? deadlineFallsOn(next.deadline, today) : false,
      }
    })
    // A dispute whose document cannot be read still has a row, first, saying so.
    for (const bad of log.unreadableOpen())
      rows.unshift({ id: bad.id, reference: bad.reference, childNames: [], otherAgency: '', partnership: '', status: null, problem: bad.problem, draftCount: 0, dueToday: false })
    return {
      rows,
      counts: {
        open: rows.length,
        overdue: rows.filter((r) => r.status?.overdue).length,
        dueToday: rows.filter((r) => r.dueToday).length,
        dueSoon: rows.filter((r) => r.status?.dueSoon).length,
        drafts: entries.reduce((n, e) => n + e.drafts.filter((d) => d.status === 'draft').length, 0),
        notificationsOwed: rows.reduce((n, r) => n + (r.status?.notificationsOwed.length ?? 0), 0),
      },
      team: await teamDecisions(log),
    }
  },

  'disputes.get': async (ctx: Context, input: ChannelInput<'disputes.get'>) =>
    disputeView(ctx, caseLogOf(ctx).log, input.disputeId),

  'disputes.open': async (ctx: Context, input: ChannelParsed<'disputes.open'>) => {
    const { log } = caseLogOf(ctx)
    const policy = latestPolicy(log.policies(), input.policyId)
    if (!policy) throw new AppError('policy-not-found', 'Choose a partnership whose policy is installed.', { field: 'policyId' })
    checkPolicyInUse(log.retiredPolicies(), policy)
    const children = await log.children()
    const childList = input.dispute.childIds.map((id) => own(children, id))
    if (childList.some((c) => !c)) throw new AppError('child-not-found', 'One of the children chosen is not in this vault.', { field: 'childIds' })
    const now = ctx.now()
    const slot = log.reserveDispute(Number(civilDateInLondon(now).slice(0, 4)))
    const childCircumstances = openingCircumstances(input.dispute.childCircumstances ?? [], childList.filter((c): c is Child => c !== undefined))
    const dispute = unwrap(
      openDispute(
        { ...input.dispute, triage: triageBy(input.dispute.triage, actorName(ctx)), childCircumstances, by: actorName(ctx) },
        { policy, calendar: log.calendar(), now: now.toISOString(), records: [], id: slot.id, reference: slot.reference },
      ),
    )
    await log.openDispute(slot, dispute, { action: 'dispute-opened', subject: slot.reference, summary: `Dispute opened with ${dispute.otherAgency.agency} under ${policy.title}` })
    return disputeView(ctx, log, slot.id)
  },

  'disputes.escalate': async (ctx: Context, input: ChannelInput<'disputes.escalate'>) =>
    transition(ctx, input.disputeId, { action: 'escalated', summary: (d, policy) => `Escalated to ${d.currentStage === null ? emergencyRouteTitle(policy) : stageNameInSentence(policy, d.currentStage)}` }, (d, c) =>
      escalate(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.resolve': async (ctx: Context, input: ChannelInput<'disputes.resolve'>) =>
    transition(ctx, input.disputeId, { action: 'resolved', summary: () => 'Resolved with a written outcome' }, (d, c) =>
      resolve(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.withdraw': async (ctx: Context, input: ChannelInput<'disputes.withdraw'>) =>
    transition(ctx, input.disputeId, { action: 'withdrawn', summary: () => 'Withdrawn' }, (d, c) =>
      withdraw(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.request': async (ctx: Context, input: ChannelInput<'disputes.request'>) =>
    transition(
      ctx,
      input.disputeId,
      { action: input.kind === 'exceptionalRoute' ? 'exceptional-route-requested' : 'case-meeting-requested', summary: (d) => `Requested: ${d.requests[d.requests.length - 1]?.title ?? ''}` },
      (d, c) =>
        (input.kind === 'exceptionalRoute' ? requestExceptionalRoute : requestCaseMeeting)(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.recordNotification': async (ctx: Context, input: ChannelInput<'disputes.recordNotification'>) =>
    transition(ctx, input.disputeId, { action: 'notification-sent', summary: (_d, policy) => `Notification recorded as sent: ${notificationInWords(policy, input.input.notificationId)}` }, (d, c) =>
      recordNotificationSent(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.notificationNotNeeded': async (ctx: Context, input: ChannelInput<'disputes.notificationNotNeeded'>) =>
    transition(ctx, input.disputeId, { action: 'notification-not-needed', summary: (_d, policy) => `Notification recorded as not needed: ${notificationInWords(policy, input.input.notificationId)}` }, (d, c) =>
      recordNotificationNotNeeded(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  // The reason is case content, so the audit summary names only what was corrected.
  'disputes.correctCircumstance': async (ctx: Context, input: ChannelInput<'disputes.correctCircumstance'>) =>
    transition(ctx, input.disputeId, { action: 'circumstance-corrected', summary: () => `Circumstance dates corrected: ${input.input.circumstance} from ${input.input.periodFrom}` }, (d, c) =>
      correctCircumstanceDates(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.recordStepDone': async (ctx: Context, input: ChannelInput<'disputes.recordStepDone'>) =>
    transition(ctx, input.disputeId, { action: 'step-done', summary: (d) => `Step recorded as done: ${stepInWords(d, input.input.key)}` }, (d, c) =>
      recordStepDone(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  // Its own audit event, naming who was recorded before and who is now (issue 13: "changing either later is audited").
  'disputes.setStagePeople': async (ctx: Context, input: ChannelInput<'disputes.setStagePeople'>) => {
    const { stage } = input.input
    const before = (await caseLogOf(ctx).log.find(input.disputeId)).entry.dispute
    const visitOf = (d: Dispute) => d.stageHistory.find((v) => (stage === 'emergency' ? v.route === 'emergency' : v.route === 'stages' && v.stage === stage))
    return transition(
      ctx,
      input.disputeId,
      { action: 'stage-people-changed', summary: (d, policy) => { const was = visitOf(before); const now = visitOf(d); return was && now ? stagePeopleChange(stage, was, now, policy) : '' } },
      (d, c) => setStagePeople(d, { ...input.input, by: actorName(ctx) }, c),
    )
  },

  // The reason the risk rose is case content: the audit summary names only the route taken.
  'disputes.takeEmergencyRoute': async (ctx: Context, input: ChannelInput<'disputes.takeEmergencyRoute'>) =>
    transition(
      ctx,
      input.disputeId,
      { action: 'emergency-route-taken', summary: (d) => `Risk rose: took the ${caseLogOf(ctx).log.policyOf(d)?.emergencyRoute?.title ?? 'emergency route'}` },
      (d, c) => enterEmergencyRoute(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.handOverFromRoute': async (ctx: Context, input: ChannelInput<'disputes.handOverFromRoute'>) =>
    transition(
      ctx,
      input.disputeId,
      {
        action: 'emergency-route-handed-over',
        summary: (d) => {
          const policy = caseLogOf(ctx).log.policyOf(d)
          return `Handed over from the ${policy?.emergencyRoute?.title ?? 'emergency route'} to ${policy ? stageNameInSentence(policy, d.currentStage ?? 1) : `stage ${d.currentStage ?? ''}`}`
        },
      },
      (d, c) => handOverFromRoute(d, { ...input.input, by: actorName(ctx) }, c),
    ),
}
