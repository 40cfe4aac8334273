/**
 * The final-stage meeting's lifecycle: arranged once the dispute reaches the stage, its plan edited while
 * it is prepared, its decision record entered after it is held, then signed off by the signed-in person —
 * after which it never changes, and only dated addenda are added (as for approved contact records).
 *
 * Solihull (seed 001, stage 4): "allocate a Chair of sufficient seniority, who is independent of the
 * case"; "The final decision and any action agreed should be fed back immediately to the professionals
 * involved"; "The Chair of this meeting will then report on issues arising from this process to the
 * Learning and Development Group and the Assurance and Review Group." Sign-off asks for each of these
 * where the policy's `meeting` block says so (see signOffProblems).
 */
import { AppError } from '../../../shared/errors'
import { formatDate } from '../../../shared/dates'
import type { Dispute } from '../../../shared/dispute'
import type { DecisionRecord, Meeting, MeetingPlan, MeetingRulesView } from '../../../shared/meetings'
import type { AddendumInput, ContactRecord } from '../../../shared/records'
import { civilDateInLondon } from '../calendar'
import type { Actor } from '../records'
import { wordsOfOurAgency, wordsOfTheOtherAgency } from './words'

export interface SignOffProblem {
  field: string
  message: string
}

const instant = (now: Date | string): string => {
  const date = typeof now === 'string' ? new Date(now) : now
  if (Number.isNaN(date.getTime())) throw new TypeError(`Not an instant: ${String(now)}`)
  return date.toISOString()
}

const blank = (s: string): boolean => s.trim() === ''

/** Whether the dispute has been at the stage the meeting is held at (on the stages route). */
export function reachedMeetingStage(dispute: Dispute, rules: MeetingRulesView): boolean {
  return dispute.stageHistory.some((v) => v.route === 'stages' && v.stage === rules.stage)
}

function refuseSignedOff(meeting: Meeting): never {
  const s = meeting.signOff
  throw new AppError(
    'meeting-signed-off',
    `This meeting’s decision was signed off${s ? ` by ${s.byName} on ${formatDate(civilDateInLondon(s.at))}` : ''} and can no longer be changed — add a dated addendum instead.`,
  )
}

/**
 * Refuses a plan that quotes a record as an agency's position when the record holds no words of that
 * agency's people, names a stage the dispute never reached, or dates the meeting before the disagreement.
 */
function checkPlan(plan: MeetingPlan, dispute: Dispute, records: readonly ContactRecord[]): MeetingPlan {
  const byId = new Map(records.filter((r) => r.status === 'approved').map((r) => [r.id, r]))
  const sides = [
    { key: 'other', words: wordsOfTheOtherAgency, whose: dispute.otherAgency.agency },
    { key: 'raising', words: wordsOfOurAgency, whose: 'our agency' },
  ] as const
  for (const side of sides) {
    for (const [i, id] of plan.positions[side.key].fromRecords.entries()) {
      const record = byId.get(id)
      if (!record)
        throw new AppError('meeting-record-not-found', 'A record chosen for a position is not an approved record of this dispute.', {
          field: `positions.${side.key}.fromRecords.${i}`,
        })
      if (side.words(record) === null)
        throw new AppError(
          'meeting-record-not-theirs',
          `That record does not hold anything ${side.key === 'other' ? `${side.whose}’s people said` : 'our side said'} (the speaker was not recorded), so it cannot be given as ${side.whose}’s position.`,
          { field: `positions.${side.key}.fromRecords.${i}` },
        )
    }
  }
  const visited = new Set(dispute.stageHistory.map((v) => v.stage))
  for (const [i, note] of plan.stageNotes.entries())
    if (!visited.has(note.stage))
      throw new AppError('meeting-stage-unknown', `The dispute was never at stage ${note.stage}.`, { field: `stageNotes.${i}.stage` })
  if (plan.date !== null && plan.date < dispute.disagreementOn)
    throw new AppError('date-before-dispute', `${formatDate(plan.date)} is before the disagreement arose (${formatDate(dispute.disagreementOn)}).`, { field: 'date' })
  return {
    ...plan,
    positions: {
      raising: { ...plan.positions.raising, fromRecords: [...new Set(plan.positions.raising.fromRecords)] },
      other: { ...plan.positions.other, fromRecords: [...new Set(plan.positions.other.fromRecords)] },
    },
  }
}

/** A meeting arranged on a dispute that has reached the meeting's stage. */
export function arrangeMeeting(
  dispute: Dispute,
  rules: MeetingRulesView,
  plan: MeetingPlan,
  records: readonly ContactRecord[],
  context: { by: string; now: Date | string },
): Meeting {
  if (!reachedMeetingStage(dispute, rules))
    throw new AppError(
      'meeting-stage-not-reached',
      `${dispute.reference} has not reached ${rules.stageName.charAt(0).toLowerCase()}${rules.stageName.slice(1)} (${rules.stageTitle}), where the policy holds its meeting.`,
    )
  if (dispute.status === 'withdrawn') throw new AppError('dispute-closed', `${dispute.reference} was withdrawn: no meeting can be arranged on it.`)
  const at = instant(context.now)
  return {
    ...checkPlan(plan, dispute, records),
    disputeId: dispute.id,
    stage: rules.stage,
    arrangedAt: at,
    arrangedBy: context.by,
    updatedAt: at,
    decision: null,
    signOff: null,
    addenda: [],
  }
}

/** The plan changed while the meeting is prepared (or its details corrected before sign-off). */
export function updateMeetingPlan(
  meeting: Meeting,
  dispute: Dispute,
  plan: MeetingPlan,
  records: readonly ContactRecord[],
  context: { now: Date | string },
): Meeting {
  if (meeting.signOff) refuseSignedOff(meeting)
  return { ...meeting, ...checkPlan(plan, dispute, records), updatedAt: instant(context.now) }
}

/** The decision record, entered after the meeting; it may be saved unfinished and completed later. */
export function recordDecision(meeting: Meeting, decision: DecisionRecord, context: { now: Date | string }): Meeting {
  if (meeting.signOff) refuseSignedOff(meeting)
  const today = civilDateInLondon(context.now)
  if (meeting.date !== null && meeting.date > today)
    throw new AppError(
      'meeting-not-held',
      `The meeting is planned for ${formatDate(meeting.date)}: its decision can be recorded once it has been held.`,
      { field: 'date' },
    )
  return { ...meeting, decision, updatedAt: instant(context.now) }
}

/** Everything that must be in place before the decision can be signed off, each with its field. */
export function signOffProblems(meeting: Meeting, rules: MeetingRulesView, now: Date | string): SignOffProblem[] {
  const problems: SignOffProblem[] = []
  const today = civilDateInLondon(now)
  if (blank(meeting.chair.name)) problems.push({ field: 'chair.name', message: 'Name the meeting’s Chair.' })
  if (rules.chairIndependent && meeting.chair.independent !== true)
    problems.push({
      field: 'chair.independent',
      message: 'The policy requires a Chair who is independent of the case: confirm that the Chair is independent, or record who chaired it if it was someone else who is.',
    })
  if (meeting.date === null) problems.push({ field: 'date', message: 'Give the day the meeting was held.' })
  else if (meeting.date > today)
    problems.push({ field: 'date', message: `The meeting is planned for ${formatDate(meeting.date)}: its decision can be signed off once it has been held.` })
  if (!meeting.attendees.some((a) => !blank(a.name))) problems.push({ field: 'attendees', message: 'List who attended the meeting.' })
  if (blank(meeting.question)) problems.push({ field: 'question', message: 'Write the question the meeting was asked to decide.' })
  const d = meeting.decision
  if (!d || blank(d.decision)) problems.push({ field: 'decision.decision', message: 'Write the decision the meeting reached.' })
  if (!d || blank(d.rationale)) problems.push({ field: 'decision.rationale', message: 'Write why the meeting decided as it did.' })
  for (const [i, a] of (d?.actions ?? []).entries()) {
    if (blank(a.action)) problems.push({ field: `decision.actions.${i}.action`, message: `Action ${i + 1}: say what is to be done, or remove it.` })
    else if (blank(a.owner)) problems.push({ field: `decision.actions.${i}.owner`, message: `Action ${i + 1}: say who owns it.` })
  }
  if (!d || blank(d.feedbackBy))
    problems.push({
      field: 'decision.feedbackBy',
      message: `Say who feeds the decision back to ${rules.feedbackTo ? rules.feedbackTo.charAt(0).toLowerCase() + rules.feedbackTo.slice(1) : 'the practitioners'}.`,
    })
  for (const to of rules.reportsTo)
    if (!d?.reports.some((r) => r.to === to && !blank(r.by)))
      problems.push({ field: 'decision.reports', message: `Say who reports to the ${to}, as the policy requires.` })
  return problems
}

/** The decision signed off by the signed-in person; from then on the meeting never changes. */
export function signOffMeeting(meeting: Meeting, rules: MeetingRulesView, by: Actor, context: { now: Date | string }): Meeting {
  if (meeting.signOff) refuseSignedOff(meeting)
  const problems = signOffProblems(meeting, rules, context.now)
  const first = problems[0]
  if (first)
    throw new AppError('meeting-not-ready', first.message, { field: first.field, details: problems.map((p) => ({ path: p.field, message: p.message })) })
  return {
    ...meeting,
    signOff: { byPersonId: by.personId, byName: by.name, ...(by.role ? { byRole: by.role } : {}), at: instant(context.now) },
  }
}

/** A dated addendum to a signed-off meeting: the record itself stays as signed. */
export function addMeetingAddendum(meeting: Meeting, input: AddendumInput, by: Actor, context: { id: string; now: Date | string }): Meeting {
  if (!meeting.signOff)
    throw new AppError('meeting-not-signed-off', 'This meeting’s decision is not signed off yet, so you can still change it directly. Addenda are for a signed-off meeting.')
  const reason = input.reason.trim()
  const text = input.text.trim()
  if (reason === '')
    throw new AppError('addendum-reason-missing', 'Say why you are adding to the meeting’s record, for example “correcting an action’s due date”.', { field: 'reason' })
  if (text === '') throw new AppError('addendum-text-missing', 'Write the addendum.', { field: 'text' })
  return {
    ...meeting,
    addenda: [
      ...meeting.addenda,
      { id: context.id, at: instant(context.now), byPersonId: by.personId, byName: by.name, ...(by.role ? { byRole: by.role } : {}), reason, text },
    ],
  }
}
