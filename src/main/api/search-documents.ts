/**
 * What the search index holds for each thing a DSL can find: the fields whose words are indexed, and what a
 * result shows. A dispute's segment holds the dispute and every one of its records (with their addenda).
 */
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { ContactRecord } from '../../shared/records'
import { formatNhsNumber } from '../../shared/children'
import type { DisputeDoc } from '../caselog'
import { recordLabel } from '../domain/records'
import { buildSegment, type SegmentData, type StoredHit } from '../domain/search-segments'

type Indexed = { hit: StoredHit; fields: string[]; texts: string[] }

/** The texts a hit's snippet is taken from, the words people wrote first, as the screens show them. */
export const recordTexts = (r: ContactRecord): string[] => [
  r.theySaid,
  r.weSaid,
  r.whatWasSaid ?? '',
  r.whatWasAgreed,
  r.nextStep,
  r.messageLeft,
  ...r.addenda.map((a) => `${a.reason}: ${a.text}`),
  [r.contact.name, r.contact.role, r.contact.agency].filter(Boolean).join(', '),
  ...r.attachments.map((a) => `${a.fileName} (${a.heldAt})`),
]

export const disputeTexts = (d: Dispute, childNames: readonly string[]): string[] => [
  d.disputed.description,
  d.reasons.text ?? '',
  d.outcome?.summary ?? '',
  d.outcome?.lessonsToForward ?? '',
  d.withdrawal?.reason ?? '',
  [d.otherAgency.practitioner, d.otherAgency.role ?? '', d.otherAgency.agency].filter(Boolean).join(', '),
  childNames.join(', '),
  d.policy.partnership,
]

export const childTexts = (c: Child): string[] => [c.name, c.nhsNumber ? `NHS number ${formatNhsNumber(c.nhsNumber)}` : '', c.settingName ?? '', c.levelOfNeed ?? '']

export const entryTexts = (e: DirectoryEntry): string[] => [[e.name, e.role, e.agency].filter(Boolean).join(', '), e.notes, e.phone, e.email]

const recordFields = (r: ContactRecord): string[] => [
  r.contact.name,
  r.contact.role,
  r.contact.agency,
  r.theySaid,
  r.weSaid,
  r.whatWasSaid ?? '',
  r.whatWasAgreed,
  r.nextStep,
  r.messageLeft,
  ...r.attachments.map((a) => `${a.fileName} ${a.heldAt}`),
  ...r.addenda.map((a) => `${a.reason} ${a.text}`),
]

const disputeFields = (d: Dispute, childNames: readonly string[]): string[] => [
  d.reference,
  d.otherAgency.agency,
  d.otherAgency.practitioner,
  d.otherAgency.role ?? '',
  d.disputed.description,
  d.reasons.text ?? '',
  d.policy.partnership,
  ...childNames,
  d.outcome?.summary ?? '',
  d.outcome?.lessonsToForward ?? '',
  d.withdrawal?.reason ?? '',
]

/** The segment of one dispute: the dispute first, then its records in the order they were added. */
export function disputeSegment(doc: DisputeDoc): SegmentData {
  const d = doc.dispute
  const docs: Indexed[] = [
    {
      hit: { kind: 'dispute', id: d.id, disputeId: d.id, title: `${d.reference} — ${doc.childNames.join(', ')}`, detail: `${d.otherAgency.agency} · ${d.status}` },
      fields: disputeFields(d, doc.childNames),
      texts: disputeTexts(d, doc.childNames),
    },
  ]
  for (const r of doc.records)
    docs.push({
      hit: { kind: 'record', id: r.id, disputeId: d.id, title: recordLabel(r), detail: `${d.reference} · ${r.status === 'draft' ? 'draft' : 'approved'}` },
      fields: recordFields(r),
      texts: recordTexts(r),
    })
  return buildSegment(docs)
}

/** Children and the directory: one document each in the vault, indexed in memory when first searched. */
export function childrenSegment(children: readonly Child[]): SegmentData {
  return buildSegment(
    children.map((c) => ({
      hit: { kind: 'child', id: c.id, disputeId: null, title: c.name, detail: c.settingName ?? 'Child' },
      fields: [c.name, c.nhsNumber ?? '', c.icsNumber ?? '', c.settingName ?? '', c.levelOfNeed ?? ''],
      texts: childTexts(c),
    })),
  )
}

export function directorySegment(entries: readonly DirectoryEntry[]): SegmentData {
  return buildSegment(
    entries.map((e) => ({
      hit: { kind: 'directory', id: e.id, disputeId: null, title: [e.name, e.role].filter(Boolean).join(', ') || e.agency, detail: e.agency },
      fields: [e.name, e.role, e.agency, e.phone, e.email, e.notes],
      texts: entryTexts(e),
    })),
  )
}
