/**
 * Team actions carrying the case log's meaning in full (src/main/domain/team/events.ts), for the tests and the
 * bench: a dispute opened under the Solihull policy, a phone call's content, signatures. Each builder gives a
 * value that its zod schema accepts.
 */
import { defaultCalendar } from '../../src/main/domain/calendar'
import { createChild } from '../../src/main/domain/children'
import { openDispute } from '../../src/main/domain/disputes'
import { builtInPolicies } from '../../src/main/domain/policies'
import { TeamAction } from '../../src/main/domain/team/events'
import type { Child } from '../../src/shared/children'
import type { Dispute } from '../../src/shared/dispute'
import type { ContactRecordContent, Signature } from '../../src/shared/records'

const solihull = builtInPolicies().find((p) => p.id === 'solihull-sscp')!
const cache = new Map<string, Dispute>()

/** A dispute opened on 1 Dec 2026 at stage 1 (Solihull), with this id. */
export function aDisputeValue(disputeId: string, reference = 'ESC-2026-0001'): Dispute {
  const key = `${disputeId}|${reference}`
  const had = cache.get(key)
  if (had) return had
  const t = openDispute(
    {
      childIds: ['child-1'],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
      by: 'Asha Patel (DSL)',
    },
    { policy: solihull, calendar: defaultCalendar(), now: '2026-12-01T10:00:00.000Z', records: [], id: disputeId, reference },
  )
  if (!t.ok) throw new Error(t.error.message)
  cache.set(key, t.dispute)
  return t.dispute
}

export function aCallContent(weSaid: string): ContactRecordContent {
  return {
    kind: 'phone-call',
    stage: 1,
    occurredAt: '2026-12-01T10:30:00.000Z',
    contact: { name: 'Jo Bloggs', role: '', agency: '', phone: '', email: '', directoryId: null },
    direction: 'outgoing',
    theySaid: '',
    weSaid,
    whatWasAgreed: '',
    nextStep: '',
    nextStepBy: null,
    attachments: [],
    numberDialled: '',
    answered: true,
    messageLeft: '',
  }
}

export const aSignature = (personId: string, at = '2026-12-02T10:00:00.000Z'): Signature => ({ byPersonId: personId, byName: `Person ${personId}`, at })

/** As a device receives it: parsed, so its keys are in the schema's order (as after any file is read). */
const parsed = (a: TeamAction): TeamAction => TeamAction.parse(a)

export const opened = (disputeId: string): TeamAction => parsed({ kind: 'dispute-opened', disputeId, version: `${disputeId}.o`, dispute: aDisputeValue(disputeId) })

export const drafted = (disputeId: string, recordId: string, version: string, after: string[], by: string, weSaid = version): TeamAction => parsed({
  kind: 'draft-saved',
  disputeId,
  recordId,
  version,
  after,
  recordedAt: '2026-12-01T11:00:00.000Z',
  author: { personId: by, name: `Person ${by}` },
  content: aCallContent(weSaid),
})

export const approved = (disputeId: string, recordId: string, version: string, by: string): TeamAction => ({
  kind: 'record-approved',
  disputeId,
  recordId,
  version,
  approval: aSignature(by),
})

export const countersigned = (disputeId: string, recordId: string, by: string): TeamAction => ({
  kind: 'countersigned',
  disputeId,
  recordId,
  countersignature: aSignature(by),
})

export const addendum = (disputeId: string, recordId: string, addendumId: string, by: string): TeamAction => ({
  kind: 'addendum-added',
  disputeId,
  recordId,
  addendum: { id: addendumId, at: '2026-12-03T09:00:00.000Z', byPersonId: by, byName: `Person ${by}`, reason: 'A correction', text: 'A dated correction' },
})

/** A move of the dispute (its value after the move is the opened one moved on, as far as the merge cares). */
export function moved(disputeId: string, transitionId: string, to: 'escalated' | 'resolved' | 'withdrawn', effectiveOn: string, after: string[], base: string[]): TeamAction {
  const d = aDisputeValue(disputeId)
  const dispute: Dispute =
    to === 'escalated'
      ? { ...d, currentStage: 2, stageHistory: [...d.stageHistory, { ...(d.stageHistory[0] as Dispute['stageHistory'][number]), how: 'escalated', stage: 2, enteredOn: effectiveOn, enteredAt: `${effectiveOn}T10:00:00.000Z` }] }
      : { ...d, status: to, currentStage: null }
  return parsed({ kind: 'transition', disputeId, transitionId, to, stage: to === 'escalated' ? 2 : 1, effectiveOn, after, base, dispute })
}

/** A child as the case log stores them. */
export const aChild = (id: string, name: string): Child => createChild({ name }, { id, today: '2026-12-01' })
