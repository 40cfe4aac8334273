/**
 * Invented but realistic disputes for the export tests and scripts/export-examples.ts. Every name,
 * school and number here is made up (the NHS numbers are valid in form only). Disputes are built with
 * the real domain transitions under the built-in policies, so the exports see what the app would store.
 */
import { defaultCalendar } from '../../../src/main/domain/calendar'
import {
  type DisputeContext,
  type DisputeStatus,
  disputeStatus,
  escalate,
  openDispute,
  recordNotificationSent,
  resolve,
  type Transition,
} from '../../../src/main/domain/disputes'
import { builtInPolicies } from '../../../src/main/domain/policies'
import { addAddendum, approveRecord, countersign, createDraft } from '../../../src/main/domain/records'
import type { Child } from '../../../src/shared/children'
import type { Dispute } from '../../../src/shared/dispute'
import type { OpenDisputeInput, ResolveInput } from '../../../src/shared/dispute-inputs'
import type { Policy } from '../../../src/shared/policy'
import type { ContactRecord, ContactRecordDraftInput } from '../../../src/shared/records'
import type { ExportOptions } from '../../../src/main/exports/house-style'

export const calendar = defaultCalendar()
export const policyOf = (id: string): Policy => builtInPolicies().find((p) => p.id === id)!

/** A winter instant (GMT = UTC). */
export const at = (date: string, time = '10:00'): string => `${date}T${time}:00.000Z`

export const DSL = { personId: 'p-dsl', name: 'Priya Shah' }
export const DEPUTY = { personId: 'p-deputy', name: 'Mark Ellison' }

export const exportOptions = (now: string): ExportOptions => ({
  now,
  exportedBy: {
    name: DSL.name,
    role: 'Designated Safeguarding Lead',
    agency: 'Rainford Brook Primary School',
    agencyDetails: 'Community primary school',
    contactDetails: '01744 000 111 · dsl@rainfordbrook.example.sch.uk',
  },
})

export const CHILDREN: Child[] = [
  {
    id: 'child-1',
    name: 'Ellie Marsh',
    dateOfBirth: '2016-03-12',
    nhsNumber: '4010234563',
    icsNumber: 'ICS-204518',
    levelOfNeed: 'child-in-need',
    childProtectionPlan: false,
    lookedAfter: false,
    circumstanceHistory: [],
    settingType: 'school',
    settingName: 'Rainford Brook Primary School',
  },
  {
    id: 'child-2',
    name: 'Jamie Marsh',
    dateOfBirth: '2019-09-30',
    nhsNumber: '4010313757',
    icsNumber: null,
    levelOfNeed: 'child-in-need',
    childProtectionPlan: false,
    lookedAfter: false,
    circumstanceHistory: [],
    settingType: 'nursery',
    settingName: 'Little Acorns Nursery',
  },
]

export const CP_CHILD: Child = {
  id: 'child-3',
  name: 'Kai Doherty',
  dateOfBirth: '2012-06-04',
  nhsNumber: '4010392940',
  icsNumber: 'LCS 88120',
  levelOfNeed: null,
  childProtectionPlan: true,
  lookedAfter: false,
  circumstanceHistory: [{ circumstance: 'childProtectionPlan', from: null, to: null }],
  settingType: 'school',
  settingName: 'Shirley Heath Academy',
}

export function must(t: Transition): Dispute {
  if (!t.ok) throw new Error(`Refused (${t.error.code}): ${t.error.message}`)
  return t.dispute
}

export const ctx = (policy: Policy, now: string): DisputeContext => ({ policy, calendar, now, records: [] })

// ── records ───────────────────────────────────────────────────────────────────────────────────────

let nextId = 1
export interface RecordPlan {
  input: ContactRecordDraftInput
  recordedAt: string
  approvedAt?: string
  countersignedAt?: string
  addenda?: { at: string; reason: string; text: string }[]
}

export function makeRecord(disputeId: string, plan: RecordPlan): ContactRecord {
  let r = createDraft(plan.input, {
    id: `rec-${nextId++}`,
    disputeId,
    author: DSL,
    now: plan.recordedAt,
  })
  if (plan.approvedAt) r = approveRecord(r, DSL, { now: plan.approvedAt })
  if (plan.countersignedAt) r = countersign(r, DEPUTY, { now: plan.countersignedAt })
  for (const a of plan.addenda ?? []) r = addAddendum(r, { reason: a.reason, text: a.text }, DSL, { id: `add-${nextId++}`, now: a.at })
  return r
}

export const TOM = {
  name: 'Tom Hendry',
  role: 'Social worker',
  agency: 'St Helens Children’s Social Care',
  phone: '01744 000 222',
  email: 'tom.hendry@sthelens.example.gov.uk',
  directoryId: null,
}
export const DEBBIE = {
  name: 'Debbie Khan',
  role: 'Team manager',
  agency: 'St Helens Children’s Social Care',
  phone: '01744 000 333',
  email: '',
  directoryId: null,
}

// ── St Helens ─────────────────────────────────────────────────────────────────────────────────────

export interface Scenario {
  dispute: Dispute
  policy: Policy
  records: ContactRecord[]
  children: Child[]
  status: DisputeStatus
  now: string
}

export function baseStHelens(overrides: Partial<OpenDisputeInput> = {}): OpenDisputeInput {
  return {
    childIds: ['child-1', 'child-2'],
    otherAgency: {
      agency: 'St Helens Children’s Social Care',
      practitioner: 'Tom Hendry',
      role: 'Social worker',
      contactDetails: '01744 000 222 · tom.hendry@sthelens.example.gov.uk',
    },
    disputed: {
      kind: 'decision',
      description:
        'The decision to close the child in need plan for Ellie and Jamie after one core group meeting, although Ellie’s attendance has fallen to 71% and she has twice come to school without a coat or breakfast this month.',
    },
    reasons: {
      ids: ['level-of-need', 'disagreement-with-a-decision', 'other'],
      text: 'We believe the children still meet the threshold for a child in need plan; the school was not invited to the review.',
    },
    disagreementOn: '2026-11-02',
    triage: { level: 'standard' },
    by: DSL.name,
    at: at('2026-11-02', '09:30'),
    ...overrides,
  }
}

function stHelensRecords(disputeId: string): ContactRecord[] {
  return [
    makeRecord(disputeId, {
      input: {
        kind: 'phone-call',
        stage: 1,
        occurredAt: at('2026-11-02', '11:05'),
        contact: TOM,
        numberDialled: '01744 000 222',
        answered: true,
        weSaid: 'Told Tom the resolution procedure is being invoked and what the issues are.',
        theySaid: 'The plan was closed because the family engaged well with the family support worker.',
        whatWasAgreed: 'Tom will speak to his team manager and call back by the end of the day.',
        nextStep: 'Call back from Tom',
        nextStepBy: '2026-11-02',
      },
      recordedAt: at('2026-11-02', '11:30'),
      approvedAt: at('2026-11-02', '11:42'),
    }),
    makeRecord(disputeId, {
      input: {
        kind: 'email-sent',
        stage: 1,
        occurredAt: at('2026-11-02', '15:20'),
        contact: TOM,
        weSaid: 'Sent the attendance figures and the two welfare notes, as agreed on the phone.',
        attachments: [{ fileName: 'Attendance summary Autumn 1.pdf', heldAt: 'CPOMS, Ellie Marsh' }],
      },
      recordedAt: at('2026-11-02', '15:25'),
      approvedAt: at('2026-11-02', '15:30'),
    }),
    makeRecord(disputeId, {
      input: {
        kind: 'meeting',
        stage: 2,
        occurredAt: at('2026-11-04', '14:00'),
        contact: DEBBIE,
        weSaid: 'Met Debbie Khan with my head teacher and set out why we think the threshold is met.',
        theySaid: 'The school should have been invited to the review, but the threshold is not met.',
        whatWasAgreed: 'Debbie will review the case file with the service manager.',
      },
      recordedAt: at('2026-11-06', '16:10'),
      approvedAt: at('2026-11-06', '16:30'),
      countersignedAt: at('2026-11-09', '08:45'),
      addenda: [
        {
          at: at('2026-11-09', '09:00'),
          reason: 'Correcting who attended',
          text: 'The head teacher, Mrs A Lowe, attended the meeting too; she was not named above.',
        },
      ],
    }),
    makeRecord(disputeId, {
      input: {
        kind: 'phone-call',
        stage: 3,
        occurredAt: at('2026-11-10', '10:15'),
        contact: { ...DEBBIE, name: 'Owen Pryce', role: 'Service manager' },
        numberDialled: '01744 000 444',
        answered: true,
        theySaid: 'I have reviewed the file and agree the plan should stay open.',
        whatWasAgreed:
          'The child in need plan stays open; a review with the school invited will be held by 24 November.',
      },
      recordedAt: at('2026-11-10', '10:40'),
      approvedAt: at('2026-11-10', '10:45'),
    }),
  ]
}

/** Resolved at stage 3; two children; a retrospective, countersigned record with an addendum. */
export function stHelensResolved(): Scenario {
  const policy = policyOf('st-helens-scp')
  let d = must(openDispute(baseStHelens(), { ...ctx(policy, at('2026-11-02', '09:30')), id: 'd-sh-1', reference: 'ESC-2026-0007' }))
  d = must(recordNotificationSent(d, { notificationId: 'stage-1-form', sentOn: '2026-11-02', by: DSL.name }, ctx(policy, at('2026-11-02', '16:00'))))
  d = must(escalate(d, { by: DSL.name, at: at('2026-11-03', '16:00') }, ctx(policy, at('2026-11-03', '16:00'))))
  d = must(escalate(d, { by: DSL.name, at: at('2026-11-06', '12:00') }, ctx(policy, at('2026-11-06', '12:00'))))
  const resolution: ResolveInput = {
    summary: 'The child in need plan stays open; a review with the school invited will be held by 24 November 2026.',
    writtenConfirmation: { receivedOn: '2026-11-10', from: 'Owen Pryce, Service manager' },
    whatWorkedWell: 'The service manager reviewed the file within a day of being asked.',
    worriedAbout: 'Ellie’s falling attendance and signs of neglect being missed when the plan closed.',
    needsToChange: 'Schools should be invited to child in need reviews before a plan is closed.',
    by: DSL.name,
    at: at('2026-11-10', '11:00'),
  }
  d = must(resolve(d, resolution, ctx(policy, at('2026-11-10', '11:00'))))
  const now = at('2026-11-11', '09:15')
  return {
    dispute: d,
    policy,
    records: stHelensRecords(d.id),
    children: CHILDREN,
    status: disputeStatus(d, ctx(policy, now)),
    now,
  }
}

/** Open at stage 4 with two drafts awaiting approval. */
export function stHelensAtStage4(extraRecords = 0): Scenario {
  const policy = policyOf('st-helens-scp')
  let d = must(openDispute(baseStHelens(), { ...ctx(policy, at('2026-11-02', '09:30')), id: 'd-sh-2', reference: 'ESC-2026-0009' }))
  d = must(escalate(d, { by: DSL.name, at: at('2026-11-03', '16:00') }, ctx(policy, at('2026-11-03', '16:00'))))
  d = must(escalate(d, { by: DSL.name, at: at('2026-11-05', '12:00') }, ctx(policy, at('2026-11-05', '12:00'))))
  d = must(escalate(d, { by: DSL.name, at: at('2026-11-12', '12:00') }, ctx(policy, at('2026-11-12', '12:00'))))
  const records = stHelensRecords(d.id).slice(0, 3)
  for (let i = 0; i < extraRecords; i++) {
    const day = 2 + (i % 10)
    records.push(
      makeRecord(d.id, {
        input: {
          kind: i % 3 === 0 ? 'phone-call' : i % 3 === 1 ? 'email-received' : 'meeting',
          stage: 1 + (i % 4),
          occurredAt: at(`2026-11-${String(day).padStart(2, '0')}`, `${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`),
          contact: i % 2 ? TOM : DEBBIE,
          numberDialled: i % 3 === 0 ? '01744 000 222' : '',
          answered: i % 3 === 0 ? i % 2 === 0 : null,
          weSaid: `Discussion ${i + 1}: went through the attendance figures and the welfare notes again; no change in the other agency’s position.`,
          whatWasAgreed: i % 4 === 0 ? 'To speak again after the service manager has read the file.' : '',
        },
        recordedAt: at('2026-11-12', '13:00'),
        approvedAt: at('2026-11-12', '13:05'),
        addenda: i % 5 === 0 ? [{ at: at('2026-11-12', '14:00'), reason: 'Clarifying', text: `Addendum to discussion ${i + 1}.` }] : [],
      }),
    )
  }
  records.push(
    makeRecord(d.id, {
      input: { kind: 'phone-call', stage: 4, occurredAt: at('2026-11-12', '14:30'), contact: TOM, weSaid: 'Draft — not yet checked.' },
      recordedAt: at('2026-11-12', '14:45'),
    }),
    makeRecord(d.id, {
      input: { kind: 'voicemail-left', stage: 4, occurredAt: at('2026-11-12', '15:00'), contact: DEBBIE, numberDialled: '01744 000 333' },
      recordedAt: at('2026-11-12', '15:05'),
    }),
  )
  const now = at('2026-11-13', '09:00')
  return { dispute: d, policy, records, children: CHILDREN, status: disputeStatus(d, ctx(policy, now)), now }
}

// ── Solihull ──────────────────────────────────────────────────────────────────────────────────────

function baseSolihull(overrides: Partial<OpenDisputeInput> = {}): OpenDisputeInput {
  return {
    childIds: ['child-3'],
    childCircumstances: ['childProtectionPlan'],
    otherAgency: {
      agency: 'Solihull Children’s Services (MASH)',
      practitioner: 'Rachel Moore',
      role: 'MASH team manager',
    },
    disputed: {
      kind: 'decision',
      description:
        'MASH decided not to hold a strategy discussion after Kai said his mother’s partner hit him with a belt last night; Kai is due home at 15:15 today.',
    },
    reasons: { ids: [], text: 'Kai has a fresh mark on his forearm and is frightened to go home.' },
    disagreementOn: '2026-12-08',
    triage: { level: 'significantHarm' },
    by: DSL.name,
    at: at('2026-12-08', '09:40'),
    ...overrides,
  }
}

/** Solihull rapid resolution: the phone ladder, answered and not, with a message left. */
export function solihullRapid(): Scenario {
  const policy = policyOf('solihull-sscp')
  const d = must(openDispute(baseSolihull(), { ...ctx(policy, at('2026-12-08', '09:40')), id: 'd-so-1', reference: 'ESC-2026-0011' }))
  const ladder = (i: number, name: string, role: string, phone: string, time: string, answered: boolean, extra: Partial<ContactRecordDraftInput>) =>
    makeRecord(d.id, {
      input: {
        kind: answered ? 'phone-call' : 'voicemail-left',
        stage: 'emergency',
        occurredAt: at('2026-12-08', time),
        contact: { name, role, agency: 'Solihull Local Authority', phone, email: '', directoryId: null },
        numberDialled: phone,
        answered,
        ...extra,
      },
      recordedAt: at('2026-12-08', time.replace(/:(\d\d)$/, (_m, mm: string) => `:${String(Math.min(59, Number(mm) + 4)).padStart(2, '0')}`)),
      approvedAt: at('2026-12-08', '13:00'),
      ...(i === 0 ? { countersignedAt: at('2026-12-08', '13:30') } : {}),
    })
  const records = [
    ladder(0, 'Sue Patel', 'My line manager (deputy head)', '0121 000 1000', '09:45', true, {
      weSaid: 'Talked through stage one.',
      theySaid: 'I agree the concern and its urgency.',
      whatWasAgreed: 'Sue will telephone the Head of Service now.',
    }),
    ladder(1, '', 'Head of Service, Referral, Assessment and Child Protection', '0121 704 8709', '10:02', false, {
      messageLeft: 'The rapid resolution procedures have been invoked: please respond urgently. Priya Shah, 0121 000 1000.',
    }),
    ladder(2, '', 'Assistant Director', '0121 704 8325', '10:09', false, {
      messageLeft: 'The rapid resolution procedures have been invoked: please respond urgently.',
    }),
    ladder(3, 'Gareth Lowe', 'Director of Children’s Services', '0121 704 6734', '10:20', true, {
      weSaid: 'Explained the disclosure and the mark; asked for a strategy discussion before 15:15.',
      whatWasAgreed: 'A strategy discussion will be held at 13:00; MASH will call back with the outcome.',
    }),
  ]
  const now = at('2026-12-08', '14:00')
  return { dispute: d, policy, records, children: [CP_CHILD], status: disputeStatus(d, ctx(policy, now)), now }
}

/** Solihull at stage 2: the Business Manager and (child protection plan) the IRO must be told. */
export function solihullStage2(): Scenario {
  const policy = policyOf('solihull-sscp')
  let d = must(
    openDispute(baseSolihull({ triage: { level: 'standard' }, disagreementOn: '2026-12-01', at: at('2026-12-01', '09:00') }), {
      ...ctx(policy, at('2026-12-01', '09:00')),
      id: 'd-so-2',
      reference: 'ESC-2026-0012',
    }),
  )
  d = must(escalate(d, { by: DSL.name, at: at('2026-12-02', '15:00') }, ctx(policy, at('2026-12-02', '15:00'))))
  const records = [
    makeRecord(d.id, {
      input: {
        kind: 'phone-call',
        stage: 1,
        occurredAt: at('2026-12-01', '10:00'),
        contact: { name: 'Rachel Moore', role: 'MASH team manager', agency: 'Solihull Children’s Services', phone: '0121 000 2000', email: '', directoryId: null },
        numberDialled: '0121 000 2000',
        answered: true,
        theySaid: 'The threshold for a strategy discussion is not met.',
        whatWasAgreed: 'Escalate to the next managerial level.',
      },
      recordedAt: at('2026-12-01', '10:20'),
      approvedAt: at('2026-12-01', '10:30'),
    }),
  ]
  const now = at('2026-12-03', '09:00')
  return { dispute: d, policy, records, children: [CP_CHILD], status: disputeStatus(d, ctx(policy, now)), now }
}

// ── Wolverhampton ─────────────────────────────────────────────────────────────────────────────────

/** Resolved at stage 2: the written confirmation of the agreed outcome. */
export function wolverhamptonResolved(): Scenario {
  const policy = policyOf('wolverhampton-wscb')
  let d = must(
    openDispute(
      {
        childIds: ['child-1'],
        otherAgency: { agency: 'Royal Wolverhampton NHS Trust (health visiting)', practitioner: 'Hannah Okafor', role: 'Health visitor' },
        disputed: { kind: 'inaction', description: 'No health visitor contact since the family moved, despite the referral of 14 October.' },
        reasons: { ids: [], text: 'The baby has missed two developmental reviews.' },
        disagreementOn: '2026-11-16',
        triage: { level: 'standard' },
        by: DSL.name,
        at: at('2026-11-16', '09:00'),
      },
      { ...ctx(policy, at('2026-11-16', '09:00')), id: 'd-wo-1', reference: 'ESC-2026-0014' },
    ),
  )
  d = must(escalate(d, { by: DSL.name, at: at('2026-11-20', '12:00') }, ctx(policy, at('2026-11-20', '12:00'))))
  d = must(
    resolve(
      d,
      {
        summary: 'A health visitor will visit the family by 27 November 2026 and book both missed reviews.',
        writtenConfirmation: { receivedOn: '2026-11-24', from: 'Joy Adeyemi, Health visiting team leader' },
        agreement: { reachedOn: '2026-11-24', agreedBy: 'Joy Adeyemi, Health visiting team leader' },
        outstandingIssues: 'The second review date will be confirmed by the team leader by 1 December 2026.',
        needsToChange: 'Transfers in should be allocated within five working days.',
        by: DSL.name,
        at: at('2026-11-24', '10:00'),
      },
      ctx(policy, at('2026-11-24', '10:00')),
    ),
  )
  const records = [
    makeRecord(d.id, {
      input: {
        kind: 'email-received',
        stage: 2,
        occurredAt: at('2026-11-24', '09:10'),
        contact: { name: 'Joy Adeyemi', role: 'Team leader', agency: 'Royal Wolverhampton NHS Trust', phone: '', email: 'joy.adeyemi@nhs.example.net', directoryId: null },
        theySaid: 'A health visitor will visit by 27 November and book both reviews.',
        whatWasAgreed: 'Visit by 27 November; reviews booked.',
      },
      recordedAt: at('2026-11-24', '09:30'),
      approvedAt: at('2026-11-24', '09:35'),
    }),
  ]
  const wolvChild: Child = { ...CHILDREN[0], id: 'child-1', name: 'Maya Bennett', levelOfNeed: null, icsNumber: null }
  const now = at('2026-11-24', '11:00')
  return { dispute: d, policy, records, children: [wolvChild], status: disputeStatus(d, ctx(policy, now)), now }
}
