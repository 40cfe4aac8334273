/**
 * The meeting's own sections of the stage-4 pack: the meeting (Chair, attendees, agenda), the question
 * for decision, each agency's position in its own words, what happened at each stage, and — once signed
 * off — the decision record. Each lays out what the stored meeting and the domain say; none decides.
 */
import { type FileChild, Paragraph } from 'docx'

import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { AgencyPosition, Meeting, MeetingPerson, MeetingRulesView, StageSummaryView } from '../../shared/meetings'
import type { Policy } from '../../shared/policy'
import { stageName } from '../../shared/policy-words'
import type { ContactRecord } from '../../shared/records'
import { signedBy } from '../../shared/records'
import { wordsOfOurAgency, wordsOfTheOtherAgency } from '../domain/meetings'
import { type CellContent, MUTED, dataTable, detailsTable, gap, heading, para, paragraphs, run } from './house-style'

const person = (p: MeetingPerson): string => [p.name, p.role, p.agency].filter((s) => s.trim() !== '').join(', ')
const people = (list: readonly MeetingPerson[]): string | null => list.filter((p) => p.name.trim() !== '').map(person).join('\n') || null

/** "Thursday 19 Nov 2026, 14:00" — the planned day and time as typed. */
export function meetingWhen(meeting: Meeting | null): string | null {
  if (!meeting?.date) return null
  return `${formatDate(meeting.date)}${meeting.time ? `, ${meeting.time}` : ''}`
}

export function chairWords(meeting: Meeting, rules: MeetingRulesView): string {
  const c = meeting.chair
  if (c.name.trim() === '') return ''
  const independence =
    c.independent === true ? 'Independent of the case' : c.independent === false ? 'Not independent of the case' : 'Whether independent of the case: not recorded'
  return `${person(c)}\n${independence}${rules.chairIndependent && c.independent !== true ? ' — the policy requires a Chair who is independent of the case' : ''}`
}

/** The meeting's arrangements, and the policy's own words for who chairs and who is reported to. */
export function meetingDetails(meeting: Meeting | null, rules: MeetingRulesView): FileChild[] {
  const policyRows: [string, CellContent | null][] = [
    ['The policy’s meeting', rules.title],
    ['Who chairs', `${rules.chair}${rules.chairIndependent ? '\nThe Chair must be independent of the case.' : ''}`],
    ...(rules.reportsTo.length > 0 ? ([['The Chair reports to', rules.reportsTo.join('\n')]] as [string, string][]) : []),
    ...(rules.feedbackTo ? ([['Feedback to', rules.feedbackTo]] as [string, string][]) : []),
  ]
  const out: FileChild[] = [detailsTable(policyRows), ...(rules.quote ? [para(`The policy: “${rules.quote}”`, { color: MUTED, size: 18 })] : []), gap()]
  if (!meeting) return [...out, para('No meeting has been arranged in Escalation Log yet.', { color: MUTED })]
  out.push(
    detailsTable([
      ['Chair', chairWords(meeting, rules) || null],
      ['When', meetingWhen(meeting)],
      ['Where', meeting.place || null],
      ['Attending', people(meeting.attendees)],
      ['Apologies', people(meeting.apologies) ?? 'None recorded'],
    ]),
  )
  if (meeting.agenda.some((a) => a.trim() !== '')) {
    out.push(heading('Agenda', 2))
    // The agenda is short: kept on one page, not left with its last item alone overleaf.
    const items = meeting.agenda.filter((a) => a.trim() !== '')
    items.forEach((a, i) => out.push(new Paragraph({ keepNext: i < items.length - 1, spacing: { after: 120 }, children: [run(`${i + 1}. ${a}`)] })))
  }
  return out
}

/** The question for decision and the outcome the raising agency seeks (the disputed matter where none was written). */
export function questionSection(dispute: Dispute, meeting: Meeting | null, raising: string, decided: boolean): FileChild[] {
  const question = meeting?.question.trim() ? meeting.question : null
  return [
    para(decided ? 'The question the meeting decided:' : 'The question for the meeting to decide:', { bold: true }),
    ...(question ? paragraphs(question) : [para(`The disputed ${dispute.disputed.kind}, as described in section 1.`)]),
    para(`The outcome ${raising} seeks:`, { bold: true }),
    ...(meeting?.outcomeSought.trim() ? paragraphs(meeting.outcomeSought) : [para('Not recorded.', { color: MUTED })]),
  ]
}

/**
 * One agency's position: as it stated it, and the words of its own people quoted from the records (with
 * each record's number). Only attributed words are quoted — never a record whose speaker was not recorded.
 */
export function positionBlock(
  position: AgencyPosition | null,
  side: 'raising' | 'other',
  records: readonly ContactRecord[],
  refs: ReadonlyMap<string, string>,
): FileChild[] {
  const words = side === 'other' ? wordsOfTheOtherAgency : wordsOfOurAgency
  const out: FileChild[] = []
  if (position?.stated.trim()) {
    out.push(para('Its stated position:', { bold: true }), ...paragraphs(position.stated))
  }
  const quoted = (position?.fromRecords ?? [])
    .map((id) => records.find((r) => r.id === id))
    .filter((r): r is ContactRecord => r !== undefined && r.status === 'approved')
    .map((r) => ({ r, said: words(r) }))
    .filter((q): q is { r: ContactRecord; said: string } => q.said !== null)
    .sort((a, b) => (refs.get(a.r.id) ?? '').localeCompare(refs.get(b.r.id) ?? '', 'en', { numeric: true }))
  if (quoted.length > 0) {
    out.push(para('In its own people’s words, from the records:', { bold: true }))
    for (const q of quoted) {
      const who = [q.r.contact.name, q.r.contact.role].filter((s) => s.trim() !== '').join(', ')
      out.push(para(`${refs.get(q.r.id) ?? ''}, ${formatDateTime(q.r.occurredAt)}${side === 'other' && who ? ` — ${who}` : ''}:`, { color: MUTED, size: 18 }))
      out.push(...paragraphs(`“${q.said}”`))
    }
  }
  return out
}

/** What happened at each stage: who was involved, who was spoken to, what was tried and why it did not resolve. */
export function stageStory(stages: readonly StageSummaryView[], policy: Pick<Policy, 'stageWord'> = {}): FileChild[] {
  return stages.flatMap((s) => [
    heading(`${stageName(policy, s.stage)}: ${s.title}`, 3),
    detailsTable([
      ['When', `From ${formatDate(s.enteredOn)}${s.leftOn ? ` to ${formatDate(s.leftOn)}` : ' (current)'}`],
      ['Who', [s.parties, `Entered by ${s.enteredBy}`, ...(s.spokeWith.length > 0 ? [`Spoke with: ${s.spokeWith.join('; ')}`] : [])].filter(Boolean).join('\n')],
      ['What was tried', s.note?.tried || null],
      ['Why it did not resolve', s.note?.whyNotResolved || null],
      ['Records', s.recordRefs.join(', ') || 'None approved'],
    ], { keepTogether: (s.note?.tried.length ?? 0) + (s.note?.whyNotResolved.length ?? 0) < 1200 }),
    gap(),
  ])
}

/** The decision record as signed off, with every addendum after it. */
export function decisionRecordBlock(meeting: Meeting, rules: MeetingRulesView): FileChild[] {
  const d = meeting.decision
  const s = meeting.signOff
  if (!d || !s) return []
  const actions = d.actions.filter((a) => a.action.trim() !== '')
  const out: FileChild[] = [
    para(`The meeting’s decision was signed off by ${signedBy(s.byName, s.byRole)} on ${formatDateTime(s.at)}. There is no decision left for the meeting to take.`, { bold: true }),
    detailsTable([
      ['Decision', d.decision],
      ['Rationale', d.rationale],
      ['Feeds back to the practitioners', d.feedbackBy],
      ...rules.reportsTo.map((to): [string, string | null] => [`Reports to the ${to}`, d.reports.find((r) => r.to === to)?.by ?? null]),
      ...d.reports.filter((r) => !rules.reportsTo.includes(r.to) && r.to.trim() !== '').map((r): [string, string] => [`Reports to ${r.to}`, r.by]),
    ]),
    heading('Actions', 2),
    dataTable(
      ['No.', 'Action', 'Owner', 'Due'],
      actions.map((a, i) => [String(i + 1), a.action, a.owner, a.dueOn ? formatDate(a.dueOn) : 'No date set']),
      [0.5, 4, 1.8, 1.2],
      { size: 18, emptyText: 'The meeting agreed no actions.' },
    ),
  ]
  for (const [i, a] of meeting.addenda.entries()) {
    out.push(
      heading(`Addendum ${i + 1} — ${formatDateTime(a.at)} by ${signedBy(a.byName, a.byRole)}`, 3),
      detailsTable([
        ['Reason', a.reason],
        ['Addendum', a.text],
      ]),
    )
  }
  return out
}

