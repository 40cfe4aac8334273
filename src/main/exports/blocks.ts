/**
 * The pieces several documents share: the dispute in brief, the children with their identifiers, the
 * stage history against its deadlines, one contact record with its approval and addenda, the outcome.
 * Each lays out what the domain says; none decides anything.
 */
import { type FileChild, HeadingLevel, Paragraph, type Table } from 'docx'
import { type Child, SETTING_TYPE_LABELS, formatNhsNumber } from '../../shared/children'
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { ChildIdentifier } from '../../shared/identifiers'
import type { Policy } from '../../shared/policy'
import { stageWordOf } from '../../shared/policy-words'
import { CONTACT_KIND_LABELS, type ContactRecord, PHONE_KINDS, signedBy } from '../../shared/records'
import { retrospection, recordLabel, whatEachSideSaid } from '../domain/records'
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
import {
  DISPUTED_WORDS,
  TRIAGE_WORDS,
  levelOfNeedLabel,
  reasonLabels,
  recordStageName,
  stageName,
  statusWords,
} from './block-words'

export * from './block-words'
export * from './block-stages'

// ── drafts are never exported as approved ─────────────────────────────────────────────────────────

export interface RecordSelection {
  /** Approved records, in the order the contacts happened. */
  approved: ContactRecord[]
  /** Drafts awaiting approval (not those set aside). */
  drafts: number
  /** Drafts a colleague set aside (a team vault): kept on their device, not part of the record. */
  setAside: number
}

export function approvedRecords(records: readonly ContactRecord[], setAside: ReadonlySet<string> = new Set()): RecordSelection {
  const approved = records
    .filter((r) => r.status === 'approved' && r.approval !== null)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt))
  const aside = records.filter((r) => !(r.status === 'approved' && r.approval !== null) && setAside.has(r.id)).length
  return { approved, drafts: records.length - approved.length - aside, setAside: aside }
}

export function setAsideSentence(setAside: number): string {
  return setAside === 1
    ? '1 draft was set aside by a colleague: it is kept, but it is not part of the record and is not included.'
    : `${setAside} drafts were set aside by colleagues: they are kept, but they are not part of the record and are not included.`
}

export function draftsSentence(drafts: number): string {
  return drafts === 1
    ? 'This dispute has 1 record awaiting approval; it is not included.'
    : `This dispute has ${drafts} records awaiting approval; they are not included.`
}

/** The prominent first-page warning, or nothing when every record is approved. */
export function draftsNotice(selection: RecordSelection): FileChild[] {
  return [
    ...(selection.drafts > 0 ? [notice(draftsSentence(selection.drafts)), gap()] : []),
    ...(selection.setAside > 0 ? [notice(setAsideSentence(selection.setAside)), gap()] : []),
  ]
}

// ── the dispute ───────────────────────────────────────────────────────────────────────────────────

export function disputeSummary(dispute: Dispute, policy: Policy, position: string): Table {
  const other = dispute.otherAgency
  return detailsTable([
    ['Dispute reference', dispute.reference],
    ...((dispute.previousReferences ?? []).length > 0
      ? ([['Previous reference', (dispute.previousReferences ?? []).map((p) => `${p.reference}, until ${formatDateTime(p.until)}, changed by ${p.by}: ${p.why}`).join('\n')]] as [string, string][])
      : []),
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
  if (call)
    rows.push([
      '999 called',
      `${formatDateTime(call.calledAt)} by ${call.by}${call.note ? `\n${call.note}` : ''}`,
    ])
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
    ...(reasons.length === 0 && !dispute.reasons.text
      ? [para('No reasons recorded.', { color: MUTED })]
      : []),
  ]
}

/**
 * The children, one row each. With `identifiers` (a notice's choice), only the name, those identifiers and
 * the plan or status: an identifier left out is not in the document at all, not even as an empty column.
 */
export function childrenTable(
  children: readonly Child[],
  policy: Policy,
  identifiers?: readonly ChildIdentifier[],
): Table {
  type Column = {
    header: string
    width: number
    value: (c: Child) => CellContent
    identifier?: ChildIdentifier
  }
  const columns: Column[] = [
    { header: 'Name', width: 1.5, value: (c) => c.name },
    {
      header: 'Date of birth',
      width: 1.1,
      value: (c) => (c.dateOfBirth ? formatDate(c.dateOfBirth) : ''),
      identifier: 'dateOfBirth',
    },
    {
      header: 'NHS number',
      width: 1.2,
      value: (c) => (c.nhsNumber ? formatNhsNumber(c.nhsNumber) : ''),
      identifier: 'nhsNumber',
    },
    { header: 'ICS / LCS number', width: 1.1, value: (c) => c.icsNumber ?? '', identifier: 'icsNumber' },
    {
      header: 'Level of need',
      width: 1.1,
      value: (c) => levelOfNeedLabel(policy, c.levelOfNeed) ?? '',
      identifier: 'levelOfNeed',
    },
    {
      header: 'Plan / status',
      width: 1.2,
      value: (c) =>
        [c.childProtectionPlan ? 'Child protection plan' : '', c.lookedAfter ? 'Looked after' : '']
          .filter(Boolean)
          .join('\n'),
    },
    {
      header: 'Setting',
      width: 1.4,
      value: (c) =>
        [c.settingName ?? '', c.settingType ? SETTING_TYPE_LABELS[c.settingType] : '']
          .filter(Boolean)
          .join('\n'),
      identifier: 'setting',
    },
  ]
  const shown = columns.filter(
    (col) =>
      col.identifier === undefined || identifiers === undefined || identifiers.includes(col.identifier),
  )
  return dataTable(
    shown.map((col) => col.header),
    children.map((c) => shown.map((col) => col.value(c))),
    shown.map((col) => col.width),
    { size: 18, emptyText: 'No child recorded.' },
  )
}

// ── contact records ───────────────────────────────────────────────────────────────────────────────

function who(r: ContactRecord): string {
  const c = r.contact
  return [[c.name, c.role].filter((s) => s.trim() !== '').join(', '), c.agency, c.phone, c.email]
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
export function recordInFull(
  r: ContactRecord,
  policy: Policy,
  level: 2 | 3 = 3,
  label: string = recordLabel(r),
): FileChild[] {
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
    rows.push([
      'Documents noted',
      r.attachments.map((a) => `${a.fileName}${a.heldAt ? ` — ${a.heldAt}` : ''}`).join('\n'),
    ])
  if ((r.files ?? []).length > 0) rows.push(['Files stored in the vault', storedFilesLines(r).join('\n')])
  // The signers as stored when they signed (name and role then held in the vault), never as they are now.
  rows.push(['Written by', signedBy(r.author.name, r.author.role)])
  rows.push([
    'Approved',
    r.approval
      ? `${signedBy(r.approval.byName, r.approval.byRole)}, ${formatDateTime(r.approval.at)}`
      : 'Not approved',
  ])
  rows.push([
    'Countersigned',
    r.countersignature
      ? `${signedBy(r.countersignature.byName, r.countersignature.byRole)}, ${formatDateTime(r.countersignature.at)}`
      : 'Not countersigned',
  ])
  const sections: { before: number; title: string; fill?: string }[] = late.retrospective
    ? [{ before: 0, title: late.note ?? 'Recorded retrospectively', fill: WARNING_FILL }]
    : []
  for (const [i, a] of r.addenda.entries()) {
    sections.push({
      before: rows.length,
      title: `Addendum ${i + 1} — ${formatDateTime(a.at)} by ${signedBy(a.byName, a.byRole)}`,
      fill: 'EDEDED',
    })
    rows.push(['Reason', a.reason || null])
    rows.push(['Addendum', a.text || null])
  }
  const length = [
    r.theySaid,
    r.weSaid,
    r.whatWasSaid ?? '',
    r.whatWasAgreed,
    r.nextStep,
    r.messageLeft,
    ...r.addenda.map((a) => a.text + a.reason),
  ].join('').length
  const caption = new Paragraph({
    heading: level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
    keepNext: true,
    spacing: { before: 0, after: 80 },
    children: [run(label)],
  })
  return [
    detailsTable(rows, { labelFraction: 0.24, caption, sections, keepTogether: length < SHORT_RECORD }),
    gap(),
  ]
}

/**
 * A one-line-per-record table of the chronology. With `refs` (record id → "A1"), each row gives the
 * record's number in the appendix.
 */
export function chronologyTable(
  records: readonly ContactRecord[],
  refs?: ReadonlyMap<string, string>,
  policy?: Pick<Policy, 'stageWord' | 'emergencyRoute'>,
): Table {
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
    [
      `${stageWordOf(policy)} reached`,
      o.route === 'emergency' ? stageName(policy, null) : stageName(policy, o.stageReached),
    ],
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
