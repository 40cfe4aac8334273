/**
 * The pieces several documents share: the dispute in brief, the children with their identifiers, the
 * stage history against its deadlines, one contact record with its approval and addenda, the outcome.
 * Each lays out what the domain says; none decides anything.
 */
import { type FileChild, HeadingLevel, Paragraph, type Table } from 'docx'
import { type Child, SETTING_TYPE_LABELS, formatNhsNumber } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute, DueItem, StageVisit } from '../../shared/dispute'
import type { ChildIdentifier } from '../../shared/identifiers'
import type { Policy } from '../../shared/policy'
import { stageWordOf } from '../../shared/policy-words'
import { CONTACT_KIND_LABELS, type ContactRecord, PHONE_KINDS, signedBy } from '../../shared/records'
import { type WorkingCalendar, civilDateInLondon, defaultCalendar, workingDaysOverdue } from '../domain/calendar'
import { deadlineInstant, displayDeadline, notificationsDue, personWords, stagePeople } from '../domain/disputes'
import { retrospection, recordLabel, whatEachSideSaid } from '../domain/records'
import { type DeadlineResult, stageDeadlineResult, stepDeadlineResult } from '../domain/reports'
import {
  type CellContent,
  MUTED,
  WARNING_FILL,
  dataTable,
  detailsTable,
  gap,
  heading,
  notice,
  para,
  paragraphs,
  run,
} from './house-style'
import { storedFilesLines } from './record-files'

// ── drafts are never exported as approved ─────────────────────────────────────────────────────────

export interface RecordSelection {
  /** Approved records, in the order the contacts happened. */
  approved: ContactRecord[]
  drafts: number
}

export function approvedRecords(records: readonly ContactRecord[]): RecordSelection {
  const approved = records
    .filter((r) => r.status === 'approved' && r.approval !== null)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt))
  return { approved, drafts: records.length - approved.length }
}

export function draftsSentence(drafts: number): string {
  return drafts === 1
    ? 'This dispute has 1 record awaiting approval; it is not included.'
    : `This dispute has ${drafts} records awaiting approval; they are not included.`
}

/** The prominent first-page warning, or nothing when every record is approved. */
export function draftsNotice(selection: RecordSelection): FileChild[] {
  return selection.drafts > 0 ? [notice(draftsSentence(selection.drafts)), gap()] : []
}

// ── words ─────────────────────────────────────────────────────────────────────────────────────────

export function stageName(policy: Policy, stage: number | null): string {
  if (stage === null) return policy.emergencyRoute?.title ?? 'Emergency route'
  const s = policy.stages.find((x) => x.number === stage)
  return s ? `${stageWordOf(policy)} ${s.number} — ${s.title}` : `${stageWordOf(policy)} ${stage}`
}

/** "Stages", "Steps", "Levels": the policy's word for its stages, as a heading or column begins. */
export function stagesWordOf(policy: Pick<Policy, 'stageWord'>): string {
  return `${stageWordOf(policy)}s`
}

/** The heading over the steps table: "Steps within the stages", or "What each step asks" where stages are "Steps". */
export function stepsHeading(policy: Pick<Policy, 'stageWord'>): string {
  const lower = stageWordInSentence(policy)
  return lower === 'step' ? 'What each step asks to be done' : `Steps within the ${lower}s`
}

/** "stage", "step": the policy's word inside a sentence. */
export function stageWordInSentence(policy: Pick<Policy, 'stageWord'>): string {
  const word = stageWordOf(policy)
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}`
}

export function recordStageName(policy: Policy, stage: ContactRecord['stage']): string {
  return stageName(policy, stage === 'emergency' ? null : stage)
}

export function reasonLabels(policy: Policy, ids: readonly string[]): string[] {
  return ids.map((id) => policy.reasonsForEscalation.find((r) => r.id === id)?.label ?? id)
}

export function levelOfNeedLabel(policy: Policy, level: string | null): string | null {
  if (level === null || level.trim() === '') return null
  return policy.levelsOfNeed.find((l) => l.id === level || l.label === level)?.label ?? level
}

/** Working days a deadline has been passed by, today (never negative). */
function daysOver(deadline: DueItem['deadline'], now: string, cal: WorkingCalendar): number {
  const due = deadline.kind === 'date' ? deadline.date : civilDateInLondon(deadline.at)
  return workingDaysOverdue(due, civilDateInLondon(now), cal)
}

const workingDays = (n: number) => `${n} working day${n === 1 ? '' : 's'}`

/**
 * What happened at a stage against its timescale, in words that cannot be misread: a stage left by
 * escalation was escalated in time, not "met" — the disagreement was not resolved there. Stages that
 * never resolved never read as met.
 */
export function stageTimescaleWords(dispute: Dispute, index: number, now: string, cal: WorkingCalendar = defaultCalendar()): string {
  const visit: StageVisit = dispute.stageHistory[index]
  const result = stageDeadlineResult(visit, now)
  const last = index === dispute.stageHistory.length - 1
  const how = !last ? 'Escalated' : dispute.status === 'resolved' ? 'Resolved' : dispute.status === 'withdrawn' ? 'Withdrawn' : 'Left'
  switch (result.state) {
    case 'no-deadline':
      return visit.leftAt === null ? 'Still open; no timescale' : `${how}; no timescale`
    case 'met':
      return `${how} within timescale`
    case 'missed': {
      if (result.stillOpen) {
        const n = visit.due ? daysOver(visit.due.deadline, now, cal) : 0
        return n > 0 ? `Still open, ${workingDays(n)} over` : 'Still open, past its deadline'
      }
      const leftOn = civilDateInLondon(visit.leftAt ?? now)
      const n = visit.due ? workingDaysOverdue(civilDateInLondon(deadlineInstant(visit.due.deadline)), leftOn, cal) : 0
      return n > 0 ? `${how} ${workingDays(n)} after the deadline` : `${how} after the deadline`
    }
    case 'pending':
      return 'Still open, within timescale'
    case 'conditional':
      return 'Only if it applies'
  }
}

/** The same for a step within a stage: done within timescale, done late, or not done and how late. */
export function stepTimescaleWords(step: DueItem, dispute: Dispute, now: string, cal: WorkingCalendar = defaultCalendar()): string {
  const result: DeadlineResult = stepDeadlineResult(step, dispute, now)
  switch (result.state) {
    case 'no-deadline':
      return 'No timescale'
    case 'met':
      return 'Done within timescale'
    case 'missed': {
      const done = dispute.stepsDone.find((s) => s.key === step.key)
      if (done) return 'Done after the deadline'
      const n = daysOver(step.deadline, now, cal)
      return result.stillOpen
        ? n > 0
          ? `Not done, ${workingDays(n)} over`
          : 'Not done, past its deadline'
        : 'Not done by the deadline'
    }
    case 'pending':
      return 'Not yet due'
    case 'conditional':
      return 'Only if it applies'
  }
}

const TRIAGE_WORDS: Record<Dispute['triage']['level'], string> = {
  immediateDanger: 'Child in immediate danger',
  significantHarm: 'Significant harm likely within the policy’s timescale',
  standard: 'Standard',
}

const DISPUTED_WORDS: Record<Dispute['disputed']['kind'], string> = {
  decision: 'A decision',
  action: 'An action',
  inaction: 'An inaction',
}

export function statusWords(dispute: Dispute): string {
  switch (dispute.status) {
    case 'open':
      return 'Open'
    case 'resolved':
      return `Resolved${dispute.closedAt ? ` on ${formatDateTime(dispute.closedAt)}` : ''}`
    case 'withdrawn':
      return `Withdrawn${dispute.closedAt ? ` on ${formatDateTime(dispute.closedAt)}` : ''}`
  }
}

// ── the dispute ───────────────────────────────────────────────────────────────────────────────────

export function disputeSummary(dispute: Dispute, policy: Policy, position: string): Table {
  const other = dispute.otherAgency
  return detailsTable([
    ['Dispute reference', dispute.reference],
    ['Partnership', dispute.policy.partnership],
    ['Policy', `${policy.title} (version ${dispute.policy.version})`],
    ['Status', statusWords(dispute)],
    ['Current position', position],
    ['Disagreement arose on', formatDate(dispute.disagreementOn)],
    ['Opened', `${formatDateTime(dispute.openedAt)} by ${dispute.openedBy}`],
    ['Urgency', TRIAGE_WORDS[dispute.triage.level]],
    ...firstActionRows(dispute),
    [
      'Other agency',
      [other.agency, [other.practitioner, other.role].filter(Boolean).join(', '), other.contactDetails ?? '']
        .filter((s) => s.trim() !== '')
        .join('\n'),
    ],
  ])
}

/** For a child in immediate danger: what was done first — the 999 call, or the policy's own instruction. */
function firstActionRows(dispute: Dispute): [string, string][] {
  const rows: [string, string][] = []
  const call = dispute.triage.emergencyCall
  if (call) rows.push(['999 called', `${formatDateTime(call.calledAt)} by ${call.by}${call.note ? `\n${call.note}` : ''}`])
  const first = dispute.triage.immediateAction
  if (first) {
    rows.push([
      'Done first, as the policy says',
      `${first.instruction ? `“${first.instruction}”\n` : ''}${formatDateTime(first.doneAt)} by ${first.by}${first.note ? `\n${first.note}` : ''}`,
    ])
  }
  return rows
}

export function disputedMatter(dispute: Dispute, policy: Policy): FileChild[] {
  const reasons = reasonLabels(policy, dispute.reasons.ids)
  return [
    heading('The disputed matter', 2),
    para(`${DISPUTED_WORDS[dispute.disputed.kind]} is disputed:`, { bold: true }),
    ...paragraphs(dispute.disputed.description),
    heading('Reasons for escalation', 2),
    ...(reasons.length > 0 ? [para(reasons.join('; '))] : []),
    ...(dispute.reasons.text ? paragraphs(dispute.reasons.text) : []),
    ...(reasons.length === 0 && !dispute.reasons.text ? [para('No reasons recorded.', { color: MUTED })] : []),
  ]
}

/**
 * The children, one row each. With `identifiers` (a notice's choice), only the name, those identifiers and
 * the plan or status: an identifier left out is not in the document at all, not even as an empty column.
 */
export function childrenTable(children: readonly Child[], policy: Policy, identifiers?: readonly ChildIdentifier[]): Table {
  type Column = { header: string; width: number; value: (c: Child) => CellContent; identifier?: ChildIdentifier }
  const columns: Column[] = [
    { header: 'Name', width: 1.5, value: (c) => c.name },
    { header: 'Date of birth', width: 1.1, value: (c) => (c.dateOfBirth ? formatDate(c.dateOfBirth) : ''), identifier: 'dateOfBirth' },
    { header: 'NHS number', width: 1.2, value: (c) => (c.nhsNumber ? formatNhsNumber(c.nhsNumber) : ''), identifier: 'nhsNumber' },
    { header: 'ICS / LCS number', width: 1.1, value: (c) => c.icsNumber ?? '', identifier: 'icsNumber' },
    { header: 'Level of need', width: 1.1, value: (c) => levelOfNeedLabel(policy, c.levelOfNeed) ?? '', identifier: 'levelOfNeed' },
    {
      header: 'Plan / status',
      width: 1.2,
      value: (c) => [c.childProtectionPlan ? 'Child protection plan' : '', c.lookedAfter ? 'Looked after' : ''].filter(Boolean).join('\n'),
    },
    {
      header: 'Setting',
      width: 1.4,
      value: (c) => [c.settingName ?? '', c.settingType ? SETTING_TYPE_LABELS[c.settingType] : ''].filter(Boolean).join('\n'),
      identifier: 'setting',
    },
  ]
  const shown = columns.filter((col) => col.identifier === undefined || identifiers === undefined || identifiers.includes(col.identifier))
  return dataTable(
    shown.map((col) => col.header),
    children.map((c) => shown.map((col) => col.value(c))),
    shown.map((col) => col.width),
    { size: 18, emptyText: 'No child recorded.' },
  )
}

// ── stages and deadlines ──────────────────────────────────────────────────────────────────────────

function dueCell(due: DueItem | null): string {
  if (due === null) return 'No timescale'
  return [displayDeadline(due.deadline), due.basis, due.wording ? `(“${due.wording}”)` : '']
    .filter(Boolean)
    .join('\n')
}

/** Who was involved on each side at a stage, where that is known: nothing is printed for a side not recorded. */
function peopleLines(dispute: Dispute, visit: Dispute['stageHistory'][number]): string {
  const people = stagePeople(dispute, visit.route === 'emergency' || visit.stage === null ? 'emergency' : visit.stage)
  return [
    ...(people.ourSide ? [`Taken up by ${personWords(people.ourSide)}`] : []),
    ...(people.theirSide ? [`With ${personWords(people.theirSide)}`] : []),
  ]
    .map((line) => `\n${line}`)
    .join('')
}

export function stageHistoryTable(dispute: Dispute, policy: Policy, now: string, cal: WorkingCalendar = defaultCalendar()): Table {
  const rows = dispute.stageHistory.map((v, i): CellContent[] => [
    stageName(policy, v.stage),
    `${formatDateTime(v.enteredAt)}\n${v.enteredBy}${v.reason ? `\n${v.reason}` : ''}${peopleLines(dispute, v)}`,
    v.leftAt ? formatDateTime(v.leftAt) : 'Current',
    dueCell(v.due),
    stageTimescaleWords(dispute, i, now, cal),
  ])
  return dataTable([stageWordOf(policy), 'Entered', 'Left', 'Deadline', 'Against the timescale'], rows, [2, 1.5, 1.2, 2.3, 1.4], {
    size: 18,
  })
}

/** The steps within stages (Wolverhampton's sub-steps, requests' steps), with when each was done. */
export function stepsTable(dispute: Dispute, policy: Policy, now: string, cal: WorkingCalendar = defaultCalendar()): Table | null {
  const items: { where: string; step: DueItem }[] = [
    ...dispute.stageHistory.flatMap((v) => v.steps.map((step) => ({ where: stageName(policy, v.stage), step }))),
    ...dispute.requests.flatMap((r) => r.steps.map((step) => ({ where: r.title, step }))),
  ]
  if (items.length === 0) return null
  const rows = items.map(({ where, step }): CellContent[] => {
    const done = dispute.stepsDone.find((s) => s.key === step.key)
    return [
      `${step.label}\n(${where})${step.onlyIf ? `\n${step.onlyIf}` : ''}`,
      dueCell(step),
      done ? `${formatDate(done.doneOn)} (${done.by})` : 'Not recorded',
      stepTimescaleWords(step, dispute, now, cal),
    ]
  })
  return dataTable(['Step', 'Due', 'Done', 'Against the timescale'], rows, [3, 2.2, 1.5, 1.3], { size: 18 })
}

export function notificationsTable(dispute: Dispute, policy: Policy): Table {
  const due = notificationsDue(dispute, policy)
  const rows = due.map((n): CellContent[] => {
    const sent = dispute.notificationsSent.find(
      (s) => s.notificationId === n.notificationId && s.stage === n.stage,
    )
    const to = [n.recipient.name, n.recipient.email ?? ''].filter(Boolean).join('\n')
    return [
      `${n.what}${n.form ? `\n(${n.form.colour ? `${n.form.colour} form: ` : ''}${n.form.title})` : ''}`,
      to,
      n.stage !== null ? `${stageWordOf(policy)} ${n.stage}` : '',
      sent
        ? `Sent ${formatDate(sent.sentOn)} by ${sent.by}`
        : n.notNeeded
          ? `Not needed: ${n.notNeeded.reason}`
          : `Not yet sent (owed since ${formatDate(n.owedSince)})`,
    ]
  })
  return dataTable(['What', 'To', 'For', 'Sent'], rows, [3, 2.2, 0.8, 2], {
    size: 18,
    emptyText: 'The policy asks for no notifications in this dispute so far.',
  })
}

// ── contact records ───────────────────────────────────────────────────────────────────────────────

function who(r: ContactRecord): string {
  const c = r.contact
  return [
    [c.name, c.role].filter((s) => s.trim() !== '').join(', '),
    c.agency,
    c.phone,
    c.email,
  ]
    .filter((s) => s.trim() !== '')
    .join('\n')
}

function answeredWords(answered: boolean | null): string {
  return answered === null ? '' : answered ? 'Yes' : 'No'
}

/** A record shorter than this (in characters of its own text) is kept on one page. */
const SHORT_RECORD = 1200

/**
 * One approved record in full: its content, approval, countersignature and every addendum, as one
 * table whose first row is the record's heading. That row repeats at the top of every page a long
 * record runs onto, so a reader on page 5 of a 3,000-word record still sees whose record it is; a
 * short record is kept on one page.
 */
export function recordInFull(r: ContactRecord, policy: Policy, level: 2 | 3 = 3, label: string = recordLabel(r)): FileChild[] {
  const late = retrospection(r)
  const phone = PHONE_KINDS.includes(r.kind)
  const rows: [string, CellContent | null][] = [
    ['Kind', CONTACT_KIND_LABELS[r.kind]],
    [stageWordOf(policy), recordStageName(policy, r.stage)],
    ['With', who(r) || null],
    ['When it happened', formatDateTime(r.occurredAt)],
    ['When recorded', `${formatDateTime(r.recordedAt)}${late.note ? `\n${late.note}` : ''}`],
  ]
  if (phone || r.numberDialled !== '') {
    rows.push(['Number dialled', r.numberDialled || null])
    rows.push(['Answered', answeredWords(r.answered) || null])
    rows.push(['Message left', r.messageLeft || null])
  }
  for (const passage of whatEachSideSaid(r)) rows.push([passage.speaker, passage.text])
  if (r.whatWasAgreed !== '') rows.push(['What was agreed', r.whatWasAgreed])
  if (r.nextStep !== '')
    rows.push(['Next step', `${r.nextStep}${r.nextStepBy ? `\nBy ${formatDate(r.nextStepBy)}` : ''}`])
  if (r.attachments.length > 0)
    rows.push(['Documents noted', r.attachments.map((a) => `${a.fileName}${a.heldAt ? ` — ${a.heldAt}` : ''}`).join('\n')])
  if ((r.files ?? []).length > 0) rows.push(['Files stored in the vault', storedFilesLines(r).join('\n')])
  // The signers as stored when they signed (name and role then held in the vault), never as they are now.
  rows.push(['Written by', signedBy(r.author.name, r.author.role)])
  rows.push([
    'Approved',
    r.approval ? `${signedBy(r.approval.byName, r.approval.byRole)}, ${formatDateTime(r.approval.at)}` : 'Not approved',
  ])
  rows.push([
    'Countersigned',
    r.countersignature ? `${signedBy(r.countersignature.byName, r.countersignature.byRole)}, ${formatDateTime(r.countersignature.at)}` : 'Not countersigned',
  ])
  const sections: { before: number; title: string; fill?: string }[] = late.retrospective
    ? [{ before: 0, title: late.note ?? 'Recorded retrospectively', fill: WARNING_FILL }]
    : []
  for (const [i, a] of r.addenda.entries()) {
    sections.push({ before: rows.length, title: `Addendum ${i + 1} — ${formatDateTime(a.at)} by ${signedBy(a.byName, a.byRole)}`, fill: 'EDEDED' })
    rows.push(['Reason', a.reason || null])
    rows.push(['Addendum', a.text || null])
  }
  const length = [r.theySaid, r.weSaid, r.whatWasSaid ?? '', r.whatWasAgreed, r.nextStep, r.messageLeft, ...r.addenda.map((a) => a.text + a.reason)].join('').length
  const caption = new Paragraph({
    heading: level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
    keepNext: true,
    spacing: { before: 0, after: 80 },
    children: [run(label)],
  })
  return [detailsTable(rows, { labelFraction: 0.24, caption, sections, keepTogether: length < SHORT_RECORD }), gap()]
}

/**
 * A one-line-per-record table of the chronology. With `refs` (record id → "A1"), each row gives the
 * record's number in the appendix.
 */
export function chronologyTable(records: readonly ContactRecord[], refs?: ReadonlyMap<string, string>, policy?: Pick<Policy, 'stageWord' | 'emergencyRoute'>): Table {
  const word = policy ? stageWordOf(policy) : 'Stage'
  const rows = records.map((r): CellContent[] => {
    const late = retrospection(r)
    return [
      ...(refs ? [refs.get(r.id) ?? ''] : []),
      formatDateTime(r.occurredAt),
      `${recordLabel(r)}${r.whatWasAgreed ? `\nAgreed: ${r.whatWasAgreed}` : ''}`,
      r.stage === 'emergency' ? (policy?.emergencyRoute?.title ?? 'Emergency') : `${word} ${r.stage}`,
      `${r.approval ? `${r.approval.byName}, ${formatDateTime(r.approval.at)}` : ''}${late.retrospective ? '\nRecorded retrospectively' : ''}${r.addenda.length > 0 ? `\n${r.addenda.length} addend${r.addenda.length === 1 ? 'um' : 'a'}` : ''}`,
    ]
  })
  return dataTable(
    [...(refs ? ['No.'] : []), 'When', 'Record', word, 'Approved'],
    rows,
    [...(refs ? [0.5] : []), 1.3, 4, 0.9, 1.6],
    { size: 18, emptyText: 'No approved records.' },
  )
}

// ── the outcome ───────────────────────────────────────────────────────────────────────────────────

export function outcomeBlock(dispute: Dispute, policy: Policy): FileChild[] {
  if (dispute.status === 'withdrawn' && dispute.withdrawal) {
    return [
      detailsTable([
        ['Withdrawn', `${formatDateTime(dispute.withdrawal.at)} by ${dispute.withdrawal.by}`],
        ['Reason', dispute.withdrawal.reason],
      ]),
    ]
  }
  const o = dispute.outcome
  if (!o) return [para('The dispute is still open: no outcome yet.', { color: MUTED })]
  const rows: [string, CellContent | null][] = [
    ['Outcome', o.summary],
    [`${stageWordOf(policy)} reached`, o.route === 'emergency' ? stageName(policy, null) : stageName(policy, o.stageReached)],
    ['Resolved', `${formatDateTime(o.resolvedAt)} by ${o.resolvedBy}`],
    [
      'Written confirmation',
      `Received ${formatDate(o.writtenConfirmation.receivedOn)} from ${o.writtenConfirmation.from}`,
    ],
  ]
  if (o.agreement) rows.push(['Agreed', `${formatDate(o.agreement.reachedOn)} by ${o.agreement.agreedBy}`])
  if (o.outstandingIssues) rows.push(['How outstanding issues will be pursued', o.outstandingIssues])
  if (o.whatWorkedWell) rows.push(['What worked well', o.whatWorkedWell])
  if (o.worriedAbout) rows.push(['What we were worried about', o.worriedAbout])
  if (o.needsToChange) rows.push(['What needs to change', o.needsToChange])
  if (o.lessonsToForward) rows.push(['Lessons to forward', o.lessonsToForward])
  return [detailsTable(rows)]
}
