/**
 * A signed-off record as plain text to paste into the child's file in CPOMS or MyConcern: one labelled
 * line (or paragraph) per part, in the order those systems' entry forms ask — when, who, what was said,
 * what was agreed, who approved it and when — ending with the dispute reference so the entry can be
 * traced back. No formatting survives a paste into a web form, so none is used: blank lines between parts.
 */
import { formatDate, formatDateTime } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import { CONTACT_KIND_LABELS, type ContactRecord, signedBy } from '../../shared/records'
import { retrospection, whatEachSideSaid } from '../domain/records'
import { recordStageName } from './blocks'

export interface ChildFileTextInput {
  dispute: Pick<Dispute, 'reference' | 'policy'>
  policy: Policy
  record: ContactRecord
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim()

export function childFileText({ dispute, policy, record: r }: ChildFileTextInput): string {
  const c = r.contact
  const who = [[c.name, c.role].filter((s) => s.trim() !== '').join(', '), c.agency].filter((s) => s.trim() !== '').join(', ')
  const late = retrospection(r)
  const parts: string[] = [
    `Escalation of a professional disagreement (${dispute.policy.partnership}) — ${recordStageName(policy, r.stage)}`,
    [`Date and time: ${formatDateTime(r.occurredAt)}`, `Contact: ${CONTACT_KIND_LABELS[r.kind]}`, ...(who ? [`With: ${who}`] : [])].join('\n'),
    ...whatEachSideSaid(r).map((p) => `${p.speaker}:\n${p.text.trim()}`),
    ...(r.whatWasAgreed.trim() !== '' ? [`What was agreed:\n${r.whatWasAgreed.trim()}`] : []),
    ...(r.nextStep.trim() !== '' ? [`Next step: ${oneLine(r.nextStep)}${r.nextStepBy ? ` (by ${formatDate(r.nextStepBy)})` : ''}`] : []),
    ...(r.attachments.length > 0 ? [`Documents noted:\n${r.attachments.map((a) => `- ${a.fileName}${a.heldAt ? ` (${a.heldAt})` : ''}`).join('\n')}`] : []),
    [
      `Written by: ${signedBy(r.author.name, r.author.role)}, ${formatDateTime(r.recordedAt)}`,
      ...(late.note ? [late.note] : []),
      ...(r.approval ? [`Approved by: ${signedBy(r.approval.byName, r.approval.byRole)}, ${formatDateTime(r.approval.at)}`] : []),
      ...(r.countersignature ? [`Countersigned by: ${signedBy(r.countersignature.byName, r.countersignature.byRole)}, ${formatDateTime(r.countersignature.at)}`] : []),
    ].join('\n'),
    ...r.addenda.map((a, i) => `Addendum ${i + 1} — ${formatDateTime(a.at)} by ${signedBy(a.byName, a.byRole)}\nReason: ${oneLine(a.reason)}\n${a.text.trim()}`),
    `Dispute reference: ${dispute.reference}`,
  ]
  return `${parts.join('\n\n')}\n`
}
