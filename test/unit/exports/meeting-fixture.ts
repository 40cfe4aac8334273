/**
 * An invented Solihull dispute at its stage 4 meeting (every name made up), built with the real domain
 * transitions: four stages, records with and without their speakers recorded, and a meeting arranged,
 * decided and (optionally) signed off through src/main/domain/meetings, as the app stores it.
 *
 * One record is written with the speakers recorded (`theySaid` / `weSaid`); the other is as a record from
 * before speakers were recorded reads after its migration (one `whatWasSaid`, "speaker not recorded"),
 * holding the DSL's own words ("I said…"), which must never appear as the other agency's.
 */
import { disputeStatus, escalate, openDispute, resolve } from '../../../src/main/domain/disputes'
import { arrangeMeeting, meetingRules, recordDecision, signOffMeeting } from '../../../src/main/domain/meetings'
import type { Meeting, MeetingPlan } from '../../../src/shared/meetings'
import type { ContactRecord } from '../../../src/shared/records'
import { CP_CHILD, DSL, at, ctx, makeRecord, must, policyOf, type Scenario } from './fixtures'

export const THEIR_WORDS = 'Our view is that the threshold for a strategy discussion is not met: the mark was explained by a fall at football.'
export const OUR_WORDS = 'We said that Kai had told two staff separately that he was hit with a belt, and that he is frightened to go home.'
export const DSL_OWN_NOTE = 'I said that the school would like a strategy discussion today and that I would escalate if not.'

const RACHEL = { name: 'Rachel Moore', role: 'MASH team manager', agency: 'Solihull Children’s Services', phone: '0121 000 2000', email: '', directoryId: null }

/** A record as one from before speakers were recorded reads: its single text, whoever spoke. */
const speakerNotRecorded = (r: ContactRecord, whatWasSaid: string): ContactRecord => ({ ...r, theySaid: '', weSaid: '', whatWasSaid })

export interface MeetingScenario extends Scenario {
  meeting: Meeting
}

export function solihullMeeting(options: { signedOff?: boolean; resolved?: boolean } = {}): MeetingScenario {
  const policy = policyOf('solihull-sscp')
  let d = must(
    openDispute(
      {
        childIds: ['child-3'],
        childCircumstances: ['childProtectionPlan'],
        otherAgency: { agency: 'Solihull Children’s Services (MASH)', practitioner: 'Rachel Moore', role: 'MASH team manager' },
        disputed: { kind: 'decision', description: 'MASH decided not to hold a strategy discussion after Kai said his mother’s partner hit him with a belt.' },
        reasons: { ids: [], text: 'Kai has a fresh mark on his forearm and is frightened to go home.' },
        disagreementOn: '2026-12-01',
        triage: { level: 'standard' },
        by: DSL.name,
        at: at('2026-12-01', '09:00'),
      },
      { ...ctx(policy, at('2026-12-01', '09:00')), id: 'd-so-4', reference: 'ESC-2026-0014' },
    ),
  )
  d = must(escalate(d, { by: DSL.name, at: at('2026-12-02', '15:00') }, ctx(policy, at('2026-12-02', '15:00'))))
  d = must(escalate(d, { by: DSL.name, at: at('2026-12-04', '15:00') }, ctx(policy, at('2026-12-04', '15:00'))))
  d = must(escalate(d, { by: DSL.name, at: at('2026-12-08', '15:00') }, ctx(policy, at('2026-12-08', '15:00'))))
  const records = [
    speakerNotRecorded(
      makeRecord(d.id, {
        input: { kind: 'phone-call', stage: 1, occurredAt: at('2026-12-01', '10:00'), contact: RACHEL, answered: true, weSaid: 'A call about Kai.' },
        recordedAt: at('2026-12-01', '10:20'),
        approvedAt: at('2026-12-01', '10:30'),
      }),
      DSL_OWN_NOTE,
    ),
    makeRecord(d.id, {
      input: { kind: 'meeting', stage: 3, occurredAt: at('2026-12-07', '11:00'), contact: RACHEL, theySaid: THEIR_WORDS, weSaid: OUR_WORDS },
      recordedAt: at('2026-12-07', '12:00'),
      approvedAt: at('2026-12-07', '12:10'),
    }),
  ]
  const rules = meetingRules(policy)
  const plan: MeetingPlan = {
    chair: { name: 'Dr Helen Ashby', role: 'Head of Safeguarding', agency: 'Birmingham and Solihull ICB', independent: true },
    date: '2026-12-10',
    time: '14:00',
    place: 'Solihull Council House, Committee Room 2',
    attendees: [
      { name: 'Priya Shah', role: 'DSL', agency: 'Northfield Primary School' },
      { name: 'Rachel Moore', role: 'MASH team manager', agency: 'Solihull Children’s Services' },
    ],
    apologies: [{ name: 'Sam Okafor', role: 'School nurse', agency: 'Solihull Community Health' }],
    agenda: ['Introductions', 'The agencies’ positions', 'Decision and actions'],
    question: 'Should a strategy discussion be held about Kai under the child protection procedures?',
    outcomeSought: 'A strategy discussion within one working day.',
    positions: {
      raising: { agency: 'Northfield Primary School', stated: 'The school believes Kai is at risk of significant harm.', fromRecords: [records[1]!.id] },
      other: { agency: 'Solihull Children’s Services (MASH)', stated: '', fromRecords: [records[1]!.id] },
    },
    stageNotes: [{ stage: 1, tried: 'A call to the MASH team manager.', whyNotResolved: 'MASH kept to its threshold decision.' }],
  }
  let meeting = arrangeMeeting(d, rules, plan, records, { by: DSL.name, now: at('2026-12-08', '16:00') })
  let now = at('2026-12-09', '09:00')
  if (options.signedOff || options.resolved) {
    meeting = recordDecision(
      meeting,
      {
        decision: 'A strategy discussion will be held about Kai by 12 Dec 2026.',
        rationale: 'Two separate disclosures and a fresh injury meet the threshold.',
        actions: [{ action: 'Convene the strategy discussion', owner: 'Rachel Moore', dueOn: '2026-12-12' }],
        feedbackBy: 'Dr Helen Ashby, to Priya Shah and Rachel Moore, today',
        reports: rules.reportsTo.map((to) => ({ to, by: 'Dr Helen Ashby' })),
      },
      { now: at('2026-12-10', '16:00') },
    )
    meeting = signOffMeeting(meeting, rules, { ...DSL, role: 'DSL' }, { now: at('2026-12-10', '16:30') })
    now = at('2026-12-11', '09:00')
  }
  if (options.resolved) {
    d = must(
      resolve(
        d,
        {
          summary: 'A strategy discussion will be held by 12 Dec 2026, as the stage 4 meeting decided.',
          writtenConfirmation: { receivedOn: '2026-12-10', from: 'Dr Helen Ashby, Chair' },
          by: DSL.name,
          at: at('2026-12-10', '17:00'),
        },
        ctx(policy, at('2026-12-10', '17:00')),
      ),
    )
  }
  return { dispute: d, policy, records, children: [CP_CHILD], status: disputeStatus(d, ctx(policy, now)), now, meeting }
}
