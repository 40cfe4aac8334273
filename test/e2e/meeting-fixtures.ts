/** What the stage 4 meeting's e2e journey and its accessibility checks start from (every name invented). */
import type { caller } from './fixtures'

/** A Solihull dispute escalated to stage 4, with two approved records: one of our words only, one with theirs. */
export async function disputeAtStage4(call: ReturnType<typeof caller>): Promise<{ id: string; reference: string }> {
  const child = (await call('children.create', { child: { name: 'Kai Example', dateOfBirth: '2015-03-02' } })) as { id: string }
  const view = (await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services (MASH)', practitioner: 'Rachel Moore' },
      disputed: { kind: 'decision', description: 'MASH decided not to hold a strategy discussion.' },
      reasons: { ids: [], text: 'A fresh injury and two disclosures.' },
      disagreementOn: '2027-11-15',
      triage: { level: 'standard' },
    },
  })) as { dispute: { id: string; reference: string } }
  const id = view.dispute.id
  const draft = (await call('records.createDraft', {
    disputeId: id,
    draft: { kind: 'phone-call', stage: 1, occurredAt: { date: '2027-11-19', time: '09:00' }, contact: { name: 'Rachel Moore' }, direction: 'outgoing', weSaid: 'I said the school would like a strategy discussion.' },
  })) as { id: string }
  await call('records.approve', { disputeId: id, recordId: draft.id })
  const theirs = (await call('records.createDraft', {
    disputeId: id,
    draft: {
      kind: 'phone-call', stage: 1, occurredAt: { date: '2027-11-19', time: '11:00' }, contact: { name: 'Rachel Moore', role: 'MASH team manager' }, direction: 'incoming',
      theySaid: 'MASH will not hold a strategy discussion: the threshold is not met.', weSaid: 'We asked MASH to reconsider.',
    },
  })) as { id: string }
  await call('records.approve', { disputeId: id, recordId: theirs.id })
  for (let i = 0; i < 3; i++) await call('disputes.escalate', { disputeId: id, input: {} })
  return view.dispute
}
