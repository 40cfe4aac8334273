/**
 * The harsh case every document must survive (issue 15): six children with accented names, 60 approved
 * records across four stages, one of about 3,000 words, addenda, a retrospective and a countersigned
 * record, under St Helens. All invented: no real people, NHS numbers valid in form only.
 */
import { disputeStatus, escalate, openDispute, resolve } from '../../../src/main/domain/disputes'
import type { Child } from '../../../src/shared/children'
import type { ContactRecord } from '../../../src/shared/records'
import { type Scenario, DEBBIE, TOM, at, baseStHelens, ctx, makeRecord, must, policyOf } from './fixtures'

const child = (n: number, name: string, extra: Partial<Child> = {}): Child => ({
  id: `harsh-${n}`,
  name,
  dateOfBirth: `20${String(10 + n).padStart(2, '0')}-0${n}-1${n}`,
  nhsNumber: null,
  icsNumber: `ICS-77${n}0${n}`,
  levelOfNeed: 'child-in-need',
  childProtectionPlan: false,
  lookedAfter: false,
  circumstanceHistory: [],
  settingType: 'school',
  settingName: 'Rainford Brook Primary School',
  ...extra,
})

export const HARSH_CHILDREN: Child[] = [
  child(1, 'Zoë Ní Bhriain', { nhsNumber: '4010234563' }),
  child(2, 'Élodie Moreau-Łukasz'),
  child(3, 'Seán Ó Súilleabháin', { lookedAfter: true, circumstanceHistory: [{ circumstance: 'lookedAfter', from: null, to: null }], icsNumber: 'LAC-3003' }),
  child(4, 'Anaïs Dąbrowska', { settingType: 'nursery', settingName: 'Little Acorns Nursery' }),
  child(5, 'Björn Müller-Çelik'),
  child(6, 'Nuño Şahin', { levelOfNeed: null }),
]

/** About 3,000 words in 30 paragraphs, each paragraph numbered so the order can be checked. */
export function longText(): string {
  const sentence = (p: number, s: number) =>
    `In paragraph ${p}, point ${s}, the worker described the home visit, the attendance figures and what the children said about mealtimes and bedtimes.`
  return Array.from({ length: 30 }, (_, p) =>
    `Paragraph ${p + 1} begins.\t${Array.from({ length: 4 }, (_, s) => sentence(p + 1, s + 1)).join(' ')} Paragraph ${p + 1} ends.`,
  ).join('\n\n')
}

export function harshRecords(disputeId: string): ContactRecord[] {
  const records: ContactRecord[] = []
  for (let i = 0; i < 60; i++) {
    const stage = (1 + Math.floor(i / 15)) as 1 | 2 | 3 | 4
    // Stage 1 from 2 Nov, 2 from 3 Nov, 3 from 5 Nov, 4 from 12 Nov.
    const day = [2, 3, 5, 12][stage - 1] + Math.floor((i % 15) / 5)
    const occurredAt = at(`2026-11-${String(day).padStart(2, '0')}`, `${String(8 + (i % 5) * 2).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`)
    const retrospective = i === 7
    records.push(
      makeRecord(disputeId, {
        input: {
          kind: i % 4 === 0 ? 'phone-call' : i % 4 === 1 ? 'email-received' : i % 4 === 2 ? 'meeting' : 'email-sent',
          direction: i % 4 === 1 ? 'incoming' : 'outgoing',
          stage,
          occurredAt,
          contact: i % 2 ? TOM : DEBBIE,
          numberDialled: i % 4 === 0 ? '01744 000 222' : '',
          answered: i % 4 === 0 ? true : null,
          // A control character pasted into a record (a bell) must never reach the document.
          // An email received holds only their words; the rest hold ours.
          [i % 4 === 1 ? 'theySaid' : 'weSaid']: i === 20 ? longText() : `Contact ${i + 1}: Zoë’s attendance and Seán’s placement discussed\u0007; no change in position.`,
          whatWasAgreed: i % 6 === 0 ? `Agreement ${i + 1}: to speak again after the case file is read.` : '',
        },
        recordedAt: retrospective ? at('2026-11-06', '17:00') : occurredAt.replace(/:00\.000Z$/, ':30.000Z'),
        approvedAt: retrospective ? at('2026-11-06', '17:10') : occurredAt.replace(/:00\.000Z$/, ':45.000Z'),
        ...(i === 9 ? { countersignedAt: at('2026-11-07', '09:00') } : {}),
        addenda:
          i % 13 === 0
            ? [{ at: at('2026-11-19', '16:00'), reason: `Clarifying contact ${i + 1}`, text: `Addendum to contact ${i + 1}: the meeting was in person, not by video.` }]
            : [],
      }),
    )
  }
  return records
}

/** St Helens at stage 4 (or, resolved, with the outcome recorded at stage 4), six children, 60 records. */
export function harshStHelens(options: { resolved?: boolean } = {}): Scenario {
  const policy = policyOf('st-helens-scp')
  const ids = HARSH_CHILDREN.map((c) => c.id)
  let d = must(
    openDispute(baseStHelens({ childIds: ids, childCircumstances: ['lookedAfter'] }), {
      ...ctx(policy, at('2026-11-02', '09:30')),
      id: options.resolved ? 'd-harsh-r' : 'd-harsh',
      reference: options.resolved ? 'ESC-2026-0021' : 'ESC-2026-0020',
    }),
  )
  d = must(escalate(d, { by: 'Priya Shah', at: at('2026-11-03', '16:00') }, ctx(policy, at('2026-11-03', '16:00'))))
  d = must(escalate(d, { by: 'Priya Shah', at: at('2026-11-05', '12:00') }, ctx(policy, at('2026-11-05', '12:00'))))
  d = must(escalate(d, { by: 'Priya Shah', at: at('2026-11-12', '12:00') }, ctx(policy, at('2026-11-12', '12:00'))))
  if (options.resolved) {
    d = must(
      resolve(
        d,
        {
          summary: 'The child in need plans stay open for all six children; a review with the school invited will be held by 4 December 2026.',
          writtenConfirmation: { receivedOn: '2026-11-20', from: 'Owen Pryce, Service manager' },
          whatWorkedWell: 'The key partners met within the week.',
          needsToChange: 'Schools should be invited to child in need reviews before a plan is closed.',
          by: 'Priya Shah',
          at: at('2026-11-20', '11:00'),
        },
        ctx(policy, at('2026-11-20', '11:00')),
      ),
    )
  }
  const now = at('2026-11-20', '15:00')
  return { dispute: d, policy, records: harshRecords(d.id), children: HARSH_CHILDREN, status: disputeStatus(d, ctx(policy, now)), now }
}
