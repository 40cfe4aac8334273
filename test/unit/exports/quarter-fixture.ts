/**
 * Disputes built by hand (plain stored values, not transitions) for the quarterly figures: the nine of
 * HAND_COUNTED are counted by hand in test/unit/domain/reports.test.ts; quarterFixture() adds a few
 * earlier ones so the example trends report has a trend to draw. All invented.
 */
import { builtInPolicies } from '../../../src/main/domain/policies'
import type { Dispute, StageVisit } from '../../../src/shared/dispute'
import type { Policy } from '../../../src/shared/policy'
import type { ContactRecord } from '../../../src/shared/records'

/** 10:00 UTC on a date (11:00 in BST, 10:00 in GMT: the same civil date either way). */
const t = (date: string, time = '10:00') => `${date}T${time}:00.000Z`

interface VisitPlan {
  stage: number | null
  entered: string
  left: string | null
  due: string | null
}

interface DisputePlan {
  ref: string
  policy: 'st-helens-scp' | 'solihull-sscp'
  agency: string
  reasons: string[]
  visits: VisitPlan[]
  status: Dispute['status']
  /** Closing date (resolution or withdrawal); the last visit is left then. */
  closed?: string
}

export function handDispute(p: DisputePlan): Dispute {
  const policy = builtInPolicies().find((x) => x.id === p.policy)!
  const visits: StageVisit[] = p.visits.map((v, i) => ({
    route: v.stage === null ? 'emergency' : 'stages',
    stage: v.stage,
    how: i === 0 ? 'opened' : 'escalated',
    enteredAt: t(v.entered),
    enteredOn: v.entered,
    enteredBy: 'Priya Shah',
    leftAt: v.left ? t(v.left) : null,
    due: v.due
      ? { key: `stage-${v.stage ?? 'emergency'}`, label: `Stage ${v.stage}`, deadline: { kind: 'date', date: v.due }, basis: 'by hand' }
      : null,
    steps: [],
    ourSide: null,
    theirSide: null,
  }))
  const last = p.visits[p.visits.length - 1]
  const closedAt = p.closed ? t(p.closed) : null
  return {
    format: 3,
    id: `id-${p.ref}`,
    reference: p.ref,
    policy: { id: policy.id, version: policy.version, partnership: policy.partnership },
    childIds: ['child-1'],
    childCircumstances: [],
    circumstancePeriods: [],
    otherAgency: { agency: p.agency, practitioner: 'A Practitioner' },
    disputed: { kind: 'decision', description: 'A decision.' },
    reasons: { ids: p.reasons },
    disagreementOn: p.visits[0].entered,
    triage: { level: last.stage === null ? 'significantHarm' : 'standard' },
    status: p.status,
    route: last.stage === null ? 'emergency' : 'stages',
    currentStage: last.stage,
    stageHistory: visits,
    overall: null,
    stepsDone: [],
    notificationsSent: [],
    notificationsNotNeeded: [],
    requests: [],
    outcome:
      p.status === 'resolved' && closedAt
        ? {
            summary: 'Agreed.',
            stageReached: last.stage,
            route: last.stage === null ? 'emergency' : 'stages',
            writtenConfirmation: { receivedOn: p.closed!, from: 'A Practitioner' },
            reasons: { ids: p.reasons },
            resolvedAt: closedAt,
            resolvedBy: 'Priya Shah',
          }
        : null,
    withdrawal: p.status === 'withdrawn' && closedAt ? { reason: 'No longer needed.', at: closedAt, by: 'Priya Shah' } : null,
    openedAt: t(p.visits[0].entered),
    openedBy: 'Priya Shah',
    closedAt,
  }
}

const CSC = 'St Helens Children’s Social Care'

/** Nine disputes around Q4 2026 (October to December); see reports.test.ts for the counts. */
export const HAND_COUNTED: DisputePlan[] = [
  {
    ref: 'D1', policy: 'st-helens-scp', agency: CSC, reasons: ['level-of-need', 'drift-and-delay'], status: 'resolved', closed: '2026-10-12',
    visits: [
      { stage: 1, entered: '2026-10-05', left: '2026-10-06', due: '2026-10-06' },
      { stage: 2, entered: '2026-10-06', left: '2026-10-12', due: '2026-10-08' },
    ],
  },
  {
    ref: 'D2', policy: 'st-helens-scp', agency: " st helens children's social care ", reasons: ['level-of-need'], status: 'resolved', closed: '2026-11-02',
    visits: [
      { stage: 1, entered: '2026-10-20', left: '2026-10-21', due: '2026-10-21' },
      { stage: 2, entered: '2026-10-21', left: '2026-10-23', due: '2026-10-23' },
      { stage: 3, entered: '2026-10-23', left: '2026-11-02', due: '2026-10-30' },
    ],
  },
  {
    ref: 'D3', policy: 'st-helens-scp', agency: 'Merseyside Police', reasons: ['lack-of-communication'], status: 'open',
    visits: [{ stage: 1, entered: '2026-11-03', left: null, due: '2026-11-04' }],
  },
  {
    ref: 'D4', policy: 'st-helens-scp', agency: 'Mersey and West Lancashire NHS Trust', reasons: ['minutes-not-received', 'other'], status: 'withdrawn', closed: '2026-11-11',
    visits: [{ stage: 1, entered: '2026-11-10', left: '2026-11-11', due: '2026-11-11' }],
  },
  {
    ref: 'D5', policy: 'st-helens-scp', agency: 'Merseyside Police', reasons: ['level-of-need', 'drift-and-delay'], status: 'open',
    visits: [
      { stage: 1, entered: '2026-12-01', left: '2026-12-02', due: '2026-12-02' },
      { stage: 2, entered: '2026-12-02', left: '2026-12-04', due: '2026-12-04' },
      { stage: 3, entered: '2026-12-04', left: '2026-12-11', due: '2026-12-11' },
      { stage: 4, entered: '2026-12-11', left: null, due: '2026-12-16' },
    ],
  },
  {
    ref: 'D6', policy: 'st-helens-scp', agency: 'St Helens Children’s Social Care', reasons: [], status: 'resolved', closed: '2027-01-05',
    visits: [
      { stage: 1, entered: '2026-12-21', left: '2026-12-22', due: '2026-12-22' },
      { stage: 2, entered: '2026-12-22', left: '2027-01-05', due: '2026-12-24' },
    ],
  },
  {
    ref: 'D7', policy: 'st-helens-scp', agency: 'Merseyside Police', reasons: ['level-of-need'], status: 'resolved', closed: '2026-10-14',
    visits: [
      { stage: 1, entered: '2026-09-28', left: '2026-09-29', due: '2026-09-29' },
      { stage: 2, entered: '2026-09-29', left: '2026-10-02', due: '2026-10-01' },
      { stage: 3, entered: '2026-10-02', left: '2026-10-14', due: '2026-10-09' },
    ],
  },
  {
    ref: 'D8', policy: 'st-helens-scp', agency: 'Merseyside Police', reasons: ['level-of-need'], status: 'open',
    visits: [{ stage: 1, entered: '2027-01-04', left: null, due: '2027-01-05' }],
  },
  {
    ref: 'D9', policy: 'solihull-sscp', agency: 'Solihull MASH', reasons: [], status: 'resolved', closed: '2026-12-08',
    visits: [{ stage: null, entered: '2026-12-08', left: '2026-12-08', due: '2026-12-09' }],
  },
]

/** Earlier quarters of 2026, all closed within their quarter, for the trend. */
const EARLIER: DisputePlan[] = [
  ['E1', '2026-01-12', '2026-01-20', 'Merseyside Police', ['level-of-need']],
  ['E2', '2026-02-02', '2026-02-05', CSC, ['drift-and-delay']],
  ['E3', '2026-04-13', '2026-04-21', CSC, ['level-of-need', 'lack-of-communication']],
  ['E4', '2026-05-11', '2026-05-14', 'Mersey and West Lancashire NHS Trust', ['non-attendance-at-meeting']],
  ['E5', '2026-06-01', '2026-06-09', CSC, ['disagreement-with-a-decision']],
  ['E6', '2026-06-15', '2026-06-18', 'Merseyside Police', ['level-of-need']],
  ['E7', '2026-07-06', '2026-07-10', CSC, ['meeting-not-being-held']],
  ['E8', '2026-08-03', '2026-08-06', CSC, ['level-of-need']],
].map(([ref, opened, closed, agency, reasons]) => ({
  ref: ref as string,
  policy: 'st-helens-scp' as const,
  agency: agency as string,
  reasons: reasons as string[],
  status: 'resolved' as const,
  closed: closed as string,
  visits: [{ stage: 1, entered: opened as string, left: closed as string, due: opened as string }],
}))

/** Contact records for the record counts: three approved in Q4 (one late), one draft, one in Q3. */
export function handRecords(): ContactRecord[] {
  const base = (id: string, occurred: string, recorded: string, approved: boolean): ContactRecord => ({
    id,
    disputeId: 'id-D1',
    kind: 'phone-call',
    stage: 1,
    occurredAt: occurred,
    contact: { name: 'A Practitioner', role: '', agency: '', phone: '', email: '', directoryId: null },
    direction: 'outgoing',
    theySaid: '',
    weSaid: 'Talked.',
    whatWasAgreed: '',
    nextStep: '',
    nextStepBy: null,
    attachments: [],
    numberDialled: '',
    answered: true,
    messageLeft: '',
    recordedAt: recorded,
    author: { personId: 'p', name: 'Priya Shah' },
    status: approved ? 'approved' : 'draft',
    approval: approved ? { byPersonId: 'p', byName: 'Priya Shah', at: recorded } : null,
    countersignature: null,
    addenda: [],
  })
  return [
    base('r1', t('2026-10-05', '11:00'), t('2026-10-05', '11:30'), true),
    base('r2', t('2026-10-06', '09:00'), t('2026-10-08', '16:00'), true),
    base('r3', t('2026-12-01', '14:00'), t('2026-12-01', '14:10'), true),
    base('r4', t('2026-12-02', '14:00'), t('2026-12-02', '14:10'), false),
    base('r5', t('2026-09-28', '14:00'), t('2026-09-28', '14:10'), true),
  ]
}

export const HAND_NOW = '2027-01-10T12:00:00.000Z'

export function handCountedDisputes(): Dispute[] {
  return HAND_COUNTED.map(handDispute)
}

export function quarterFixture(): { disputes: Dispute[]; records: ContactRecord[]; now: string; policies: readonly Policy[] } {
  return {
    disputes: [...HAND_COUNTED, ...EARLIER].map(handDispute),
    records: handRecords(),
    now: HAND_NOW,
    policies: builtInPolicies(),
  }
}
