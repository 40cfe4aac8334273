/** Shared by the reliability tests: a real handler table over a real vault, and a dispute with records. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { openTestApi } from '../api/helpers'

export { openTestApi, PASS, PROFILE } from '../api/helpers'
export type TestApi = Awaited<ReturnType<typeof openTestApi>>

/** Every file under `dir`, relative path → bytes (base64), to prove something changed nothing. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[relative(dir, p)] = readFileSync(p).toString('base64')
    }
  }
  walk(dir)
  return out
}

export const contact = (n: number, over: Record<string, unknown> = {}) => ({
  kind: 'phone-call',
  stage: 1,
  occurredAt: { date: '2026-12-01', time: '08:45' },
  contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Solihull Children’s Services' },
  direction: 'outgoing',
  weSaid: `Call ${n}: discussed the referral decision.`,
  whatWasAgreed: 'Jo to call back by noon tomorrow.',
  ...over,
})

/** Opens a Solihull dispute for a new child and logs `records` contacts on it (the first one approved). */
export async function aDispute(t: TestApi, childName = 'Amy Example', records = 2) {
  const child = await t.call('children.create', { child: { name: childName, dateOfBirth: '2016-05-04' } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: {
        agency: 'Solihull Children’s Services',
        practitioner: 'Jo Bloggs',
        role: 'Social worker',
      },
      disputed: {
        kind: 'decision',
        description: 'Referral assessed as not meeting the threshold for assessment.',
      },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  const disputeId = view.dispute.id
  const recordIds: string[] = []
  for (let i = 0; i < records; i++) {
    const r = await t.call('records.createDraft', { disputeId, draft: contact(i) })
    recordIds.push(r.id)
    if (i === 0) await t.call('records.approve', { disputeId, recordId: r.id })
  }
  return { disputeId, childId: child.id, recordIds }
}

export const personOf = async (t: TestApi): Promise<string> =>
  (await t.call('vault.session', {}))!.person.personId
