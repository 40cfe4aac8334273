/** The measured save: a contact record drafted on an open dispute, then approved — two durable commits. */
import { Rng } from './prng'
import { AGENCIES, FIRST_NAMES, ROLES, SURNAMES, paragraph } from './text'
import { londonTyped } from '../../src/shared/date-entry'

export interface DashboardOut {
  rows: {
    id: string
    status: { stage: { number: number } | null; route: string } | null
    problem?: string | null
  }[]
}

export type Call = <T>(channel: string, input: unknown) => Promise<T>

/** Returns a function that does save pair `i` (on open dispute i mod n) and times each half. */
export function saver(call: Call, rows: DashboardOut['rows'], seed: number, clock: { ms: number }) {
  const rng = new Rng(seed ^ 0xbeef)
  return async (i: number): Promise<{ record: number; approval: number }> => {
    const row = rows[i % rows.length]
    const contact = {
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`,
      role: rng.pick(ROLES),
      agency: rng.pick(AGENCIES),
    }
    clock.ms += 60_000
    const draft = {
      disputeId: row.id,
      draft: {
        kind: 'phone-call',
        stage: row.status?.stage?.number ?? (row.status?.route === 'emergency' ? 'emergency' : 1),
        occurredAt: londonTyped(new Date(clock.ms - 600_000)),
        contact,
        direction: 'outgoing',
        weSaid: paragraph(
          rng,
          { ...contact, contact: contact.name, child: rng.pick(FIRST_NAMES) },
          rng.int(200, 1200),
        ),
        whatWasAgreed: 'To call back by the end of the day with the manager’s decision.',
        nextStep: 'Chase for a reply if none by the deadline',
        answered: true,
      },
    }
    let started = performance.now()
    const created = await call<{ id: string }>('records.createDraft', draft)
    const record = performance.now() - started
    clock.ms += 60_000
    started = performance.now()
    await call('records.approve', { disputeId: row.id, recordId: created.id })
    return { record, approval: performance.now() - started }
  }
}
