/**
 * The case most handler-table tests start from — a vault with a child, a dispute about them and a contact
 * record on it — built once here through the real channels rather than by hand in each test file. Two
 * partnerships, as the tests need them: Solihull (a decision not to assess; stage 1 due one working day
 * later) and St Helens (drift in a looked-after child's placement plan, with its stage forms).
 *
 *   const view = await aDispute(t.call)                                   // Solihull, Amy Example, 1 Dec 2026
 *   const { disputeId, recordId } = await aDisputeWithARecord(t.call, { policyId: 'st-helens-scp' })
 */
import type { Channel, ChannelOutput } from '../../src/shared/ipc'

export type Caller = <C extends Channel>(channel: C, input: unknown) => Promise<ChannelOutput<C>>

export type Partnership = 'solihull-sscp' | 'st-helens-scp'

const CASES: Record<Partnership, { child: Record<string, unknown>; dispute: Record<string, unknown> }> = {
  'solihull-sscp': {
    child: { name: 'Amy Example', dateOfBirth: '2016-05-04' },
    dispute: {
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
    },
  },
  'st-helens-scp': {
    child: { name: 'Kai Brennan', dateOfBirth: '2013-09-30', lookedAfter: true },
    dispute: {
      otherAgency: { agency: 'St Helens Children’s Social Care', practitioner: 'Tom Okafor' },
      disputed: { kind: 'inaction', description: 'No review of the placement plan.' },
      reasons: { ids: ['drift-and-delay'], text: 'Three weeks without a review.' },
    },
  },
}

export interface DisputeOptions {
  policyId?: Partnership
  /** Merged over the partnership's usual child (a name, a date of birth, circumstances). */
  child?: Record<string, unknown>
  /** The day the disagreement arose; 1 Dec 2026 unless said. */
  disagreementOn?: string
  triage?: Record<string, unknown>
}

/** A new child and a dispute about them, opened at stage 1: the answer of `disputes.open`. */
export async function aDispute(call: Caller, options: DisputeOptions = {}): Promise<ChannelOutput<'disputes.open'>> {
  const policyId = options.policyId ?? 'solihull-sscp'
  const usual = CASES[policyId]
  const child = await call('children.create', { child: { ...usual.child, ...options.child } })
  return call('disputes.open', {
    policyId,
    dispute: {
      childIds: [child.id],
      ...usual.dispute,
      disagreementOn: options.disagreementOn ?? '2026-12-01',
      triage: options.triage ?? { level: 'standard' },
    },
  })
}

/** A phone call at stage 1 with the other agency's practitioner, approved unless `approve` is false: its id. */
export async function aRecord(
  call: Caller,
  view: ChannelOutput<'disputes.open'>,
  draft: Record<string, unknown> = {},
  approve = true,
): Promise<string> {
  const disputeId = view.dispute.id
  const record = await call('records.createDraft', {
    disputeId,
    draft: {
      kind: 'phone-call',
      stage: 1,
      occurredAt: { date: view.dispute.stageHistory[0]!.enteredOn, time: '08:30' },
      contact: { name: view.dispute.otherAgency.practitioner },
      direction: 'outgoing',
      weSaid: 'Asked them to reconsider.',
      ...draft,
    },
  })
  if (approve) await call('records.approve', { disputeId, recordId: record.id })
  return record.id
}

/** The usual case: a dispute with one approved contact record. */
export async function aDisputeWithARecord(
  call: Caller,
  options: DisputeOptions & { record?: Record<string, unknown> } = {},
): Promise<{ view: ChannelOutput<'disputes.open'>; disputeId: string; recordId: string }> {
  const view = await aDispute(call, options)
  const recordId = await aRecord(call, view, options.record)
  return { view, disputeId: view.dispute.id, recordId }
}

/**
 * Amy Example's dispute as the identity, countersignature and signed-off record tests write it out (a
 * Solihull decision, 2 Dec 2026): its id. Kept word for word, since their expected renderings quote it.
 */
export async function amyExampleDisputeId(call: Caller): Promise<string> {
  const child = await call('children.create', { child: { name: 'Amy Example' } })
  const view = await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'Repeated bruising.' },
      disagreementOn: '2026-12-02',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}
