import { describe, expect, it } from 'vitest'
import {
  disputeStatus,
  escalate,
  openDispute,
  recordNotificationSent,
  requestCaseMeeting,
  requestExceptionalRoute,
  resolve,
  updateChildCircumstances,
} from '../../../../src/main/domain/disputes'
import { SEED, seedSays } from '../policies/seeds'
import { at, baseInput, ctx, expectDue, must, open, policyOf, refusal } from './fixtures'

const solihull = policyOf('solihull-sscp')
const by = 'A Lead (DSL)'
const owedIds = (d: Parameters<typeof disputeStatus>[0], now: string) =>
  disputeStatus(d, ctx(solihull, now)).notificationsOwed.map(
    (n) => `${n.notificationId}${n.stage === null ? '' : `@${n.stage}`}`,
  )

describe(`Solihull SSCP stages (${SEED.solihull})`, () => {
  it('stage 1 within 1 working day of initiation', () => {
    seedSays(SEED.solihull, 'Stage 1 within 1 working day of initiation.')
    seedSays(
      SEED.solihull,
      'The practitioners involved should attempt to resolve differences through discussion within one working day',
    )
    const d = open(solihull, at('2026-12-07'))
    expect(d.currentStage).toBe(1)
    expectDue(d.stageHistory[0].due, '2026-12-08')
    expect(d.stageHistory[0].due?.basis).toBe('Stage 1: 1 working day from initiation on 7 Dec 2026')
  })

  it('X itself never counts: a disagreement opened on Saturday 26 Dec 2026 with one working day is due Tuesday 29 Dec 2026', () => {
    const d = open(solihull, at('2026-12-26'), { disagreementOn: '2026-12-26' })
    expectDue(d.stageHistory[0].due, '2026-12-29')
  })

  it('stages 2, 3 and 4 within 2, 2 and 3 working days of the stage before', () => {
    seedSays(SEED.solihull, 'Stage 2 within 2 working days of stage 1')
    seedSays(SEED.solihull, 'Stage 3 within 2 working days of stage 2')
    seedSays(SEED.solihull, 'Stage 4 within 3 working days of stage 3')
    let d = open(solihull, at('2026-12-03'), { disagreementOn: '2026-12-03' })
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-03', '16:00'))))
    expectDue(d.stageHistory[1].due, '2026-12-07') // Thu 3 Dec + 2 working days (Fri 4, Mon 7)
    expect(d.stageHistory[1].due?.basis).toBe('Stage 2: 2 working days from the end of stage 1 on 3 Dec 2026')
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-07'))))
    expectDue(d.stageHistory[2].due, '2026-12-09')
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-09'))))
    expectDue(d.stageHistory[3].due, '2026-12-14')
    expect(d.stageHistory[3].due?.basis).toBe('Stage 4: 3 working days from the end of stage 3 on 9 Dec 2026')
    // the stage 4 meeting is a step with the same limit
    seedSays(
      SEED.solihull,
      'will instigate a meeting of senior managers with operational responsibility for the case within a maximum of 3 working days of Stage 3',
    )
    expectDue(
      d.stageHistory[3].steps.find((s) => s.key === 'stage-4/step/senior-managers-meeting'),
      '2026-12-14',
    )
    // Issue 16: the basis says which end of stage 3 it counts from (the policy's label is "stage 3").
    expect(d.stageHistory[3].steps.find((s) => s.key === 'stage-4/step/senior-managers-meeting')?.basis).toMatch(
      /: 3 working days from the end of stage 3 on 9 Dec 2026$/,
    )
  })

  it('stage 4 is the last: no escalation past it, and the policy has no exceptional route', () => {
    let d = open(solihull, at('2026-12-07'))
    for (const day of ['2026-12-07', '2026-12-08', '2026-12-09'])
      d = must(escalate(d, { by }, ctx(solihull, at(day, '15:00'))))
    expect(d.currentStage).toBe(4)
    const e = refusal(escalate(d, { by }, ctx(solihull, at('2026-12-10'))))
    expect(e.code).toBe('final-stage')
    expect(e.message).toBe(
      'Stage 4 is the last stage of the Solihull Safeguarding Children Partnership (SSCP) policy: it cannot be escalated further.',
    )
    expect(refusal(requestExceptionalRoute(d, { by }, ctx(solihull, at('2026-12-10')))).code).toBe(
      'no-exceptional-route',
    )
    expect(disputeStatus(d, ctx(solihull, at('2026-12-10'))).blockers.map((b) => b.code)).toEqual([
      'final-stage',
    ])
  })
})

describe('Solihull notifications', () => {
  it('the Business Manager gets the details at stage 2 and at each later stage, until recorded as sent', () => {
    seedSays(
      SEED.solihull,
      'The details should also be shared with the Safeguarding Children Partnership Business Manager as evidence of escalation (sscp@solihull.gov.uk).',
    )
    seedSays(
      SEED.solihull,
      'The details should also be shared with the SSCP Business Manager as evidence of escalation (sscp@solihull.gov.uk).',
    )
    let d = open(solihull, at('2026-12-07'))
    expect(owedIds(d, at('2026-12-07'))).toEqual([])
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-08'))))
    const owed = disputeStatus(d, ctx(solihull, at('2026-12-08'))).notificationsOwed
    expect(owed.map((n) => n.reason)).toEqual([
      'SSCP Business Manager must be notified: the dispute reached stage 2',
    ])
    expect(owed[0].recipient.email).toBe('sscp@solihull.gov.uk')
    d = must(
      recordNotificationSent(
        d,
        { notificationId: 'business-manager-evidence', sentOn: '2026-12-08', by },
        ctx(solihull, at('2026-12-08', '12:00')),
      ),
    )
    expect(owedIds(d, at('2026-12-08', '12:00'))).toEqual([])
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-09'))))
    expect(owedIds(d, at('2026-12-09'))).toEqual(['business-manager-evidence@3'])
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-10'))))
    seedSays(
      SEED.solihull,
      'who will report the matter to the relevant Delegated Safeguarding Partner(s) and the SSCP Business Manager (sscp@solihull.gov.uk)',
    )
    expect(owedIds(d, at('2026-12-10'))).toEqual([
      'business-manager-evidence@3',
      'business-manager-evidence@4',
      'delegated-safeguarding-partners-stage-4',
    ])
  })

  it('the IRO (via cpru@solihull.gov.uk) at any stage if the child has a child protection plan or is looked after', () => {
    seedSays(
      SEED.solihull,
      "At stage any stage, if the child(ren) is subject to a child protection plan or is looked after, secure notification should also be sent to cpru@solihull.gov.uk for attention of the child's Independent Reviewing Officer",
    )
    const cp = open(solihull, at('2026-12-07'), { childCircumstances: ['childProtectionPlan'] })
    const owed = disputeStatus(cp, ctx(solihull, at('2026-12-07'))).notificationsOwed
    expect(owed.map((n) => [n.reason, n.recipient.email, n.how])).toEqual([
      [
        "The child's Independent Reviewing Officer (via CPRU) must be notified: the child has a child protection plan",
        'cpru@solihull.gov.uk',
        'Secure email',
      ],
    ])
    const la = open(solihull, at('2026-12-07'), { childCircumstances: ['lookedAfter'] })
    expect(disputeStatus(la, ctx(solihull, at('2026-12-07'))).notificationsOwed[0].reason).toMatch(
      /: the child is looked after$/,
    )
    // Neither: nothing owed; then the child becomes looked after part-way through.
    let none = open(solihull, at('2026-12-07'), { childCircumstances: ['childInNeed'] })
    expect(owedIds(none, at('2026-12-07'))).toEqual([])
    none = must(
      updateChildCircumstances(
        none,
        { childCircumstances: ['lookedAfter'], by },
        ctx(solihull, at('2026-12-07', '11:00')),
      ),
    )
    expect(owedIds(none, at('2026-12-07', '11:00'))).toEqual(['independent-reviewing-officer'])
    const sent = must(
      recordNotificationSent(
        none,
        { notificationId: 'independent-reviewing-officer', sentOn: '2026-12-07', by },
        ctx(solihull, at('2026-12-07', '12:00')),
      ),
    )
    expect(owedIds(sent, at('2026-12-07', '12:00'))).toEqual([])
    expect(
      refusal(
        recordNotificationSent(
          sent,
          { notificationId: 'independent-reviewing-officer', sentOn: '2026-12-07', by },
          ctx(solihull, at('2026-12-07', '12:00')),
        ),
      ).code,
    ).toBe('notification-already-recorded')
  })

  it('lessons learned go to the Business Manager, and gaps in policy to the Delegated Safeguarding Partners', () => {
    seedSays(
      SEED.solihull,
      'Where an agency/agencies think that there could be lessons to be learned on a multi-agency level, details should be forwarded to the Solihull SSCP Business Manager',
    )
    seedSays(
      SEED.solihull,
      'If the process highlights gaps in policies and procedures this must be brought to the attention of the Delegated Safeguarding Partners and the SSCP Business Manager.',
    )
    const d = open(solihull, at('2026-12-07'))
    const outcome = {
      summary: 'Assessment agreed.',
      writtenConfirmation: { receivedOn: '2026-12-08', from: 'J Smith' },
      by,
    }
    const plain = must(resolve(d, outcome, ctx(solihull, at('2026-12-08', '15:00'))))
    expect(owedIds(plain, at('2026-12-08', '15:00'))).toEqual([])
    const withLessons = must(
      resolve(
        d,
        { ...outcome, lessonsToForward: 'Threshold guidance is read differently by schools.' },
        ctx(solihull, at('2026-12-08', '15:00')),
      ),
    )
    const owed = disputeStatus(withLessons, ctx(solihull, at('2026-12-08', '15:00'))).notificationsOwed
    expect(owed.map((n) => n.reason)).toEqual([
      'SSCP Business Manager must be notified: there are lessons to forward',
      'Delegated Safeguarding Partner(s) must be notified: there are lessons to forward',
    ])
    expect(owed[0].owedSince).toBe('2026-12-08')
  })

  it("a Multi-Agency Professionals' Case Meeting can be requested at any stage", () => {
    seedSays(
      SEED.solihull,
      "at any stage of the dispute resolution/escalation process, a suitable senior manager recognising the degree of challenge can trigger a request to use a Multi-Agency Professionals' Case Meeting to find a resolution.",
    )
    let d = open(solihull, at('2026-12-07'))
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-08'))))
    d = must(escalate(d, { by }, ctx(solihull, at('2026-12-09'))))
    d = must(
      requestCaseMeeting(
        d,
        { optionId: 'multi-agency-professionals-case-meeting', by, note: 'Highly complex case' },
        ctx(solihull, at('2026-12-09', '11:00')),
      ),
    )
    expect(d.requests.map((r) => [r.title, r.atStage])).toEqual([
      ["Multi-Agency Professionals' Case Meeting", 3],
    ])
    // The professionals meeting is a stage 1 idea only.
    seedSays(
      SEED.solihull,
      'In cases where a concern is ongoing, or progress is slow, it may be useful to instigate a professionals meeting',
    )
    const e = refusal(
      requestCaseMeeting(
        d,
        { optionId: 'professionals-meeting', by },
        ctx(solihull, at('2026-12-09', '11:00')),
      ),
    )
    expect([e.code, e.message]).toEqual([
      'option-not-available',
      'Professionals meeting is available only at stage 1.',
    ])
  })
})

describe(`Solihull rapid resolution (${SEED.solihullRapid})`, () => {
  it('immediate danger: 999 first, recorded with its time', () => {
    seedSays(
      SEED.solihullRapid,
      'If the professional considers that a child is in immediate danger then dial 999 for the police.',
    )
    const input = baseInput({ triage: { level: 'immediateDanger' } })
    const e = refusal(
      openDispute(input, { ...ctx(solihull, at('2026-12-07')), id: 'd', reference: 'ESC-2026-0002' }),
    )
    expect(e.code).toBe('emergency-call-missing')
    expect(e.message).toMatch(/^The Solihull .* policy says: “Dial 999 for the police\. .*” Record when 999 was called, and by whom\.$/)
    const d = open(solihull, at('2026-12-07', '10:30'), {
      triage: {
        level: 'immediateDanger',
        emergencyCall: { calledAt: at('2026-12-07', '10:05'), by: 'A Lead' },
      },
    })
    expect(d.triage.emergencyCall?.calledAt).toBe('2026-12-07T10:05:00.000Z')
    expect(d.route).toBe('emergency')
    expect(disputeStatus(d, ctx(solihull, at('2026-12-07', '10:30'))).urgentGuidance).toMatch(
      /^Dial 999 for the police\./,
    )
  })

  it('significant harm within 24 hours: the rapid resolution route, whole process within one working day', () => {
    seedSays(
      SEED.solihullRapid,
      'If the professional considers that a child is likely to suffer significant harm within the next 24 hours',
    )
    seedSays(SEED.solihullRapid, 'The entire process should be completed within one working day.')
    const d = open(solihull, at('2026-12-11', '16:00'), {
      disagreementOn: '2026-12-11',
      triage: { level: 'significantHarm' },
    })
    expect(d.route).toBe('emergency')
    expect(d.currentStage).toBeNull()
    expectDue(d.stageHistory[0].due, '2026-12-14') // Friday → Monday
    expect(d.stageHistory[0].due?.basis).toBe(
      'Rapid resolution (emergency resolution procedure): 1 working day from invoking rapid resolution on 11 Dec 2026',
    )
    expect(solihull.emergencyRoute?.harmWithinHours).toBe(24)
    const s = disputeStatus(d, ctx(solihull, at('2026-12-11', '16:00')))
    expect(s.position).toBe('Rapid resolution (emergency resolution procedure)')
    seedSays(SEED.solihullRapid, 'A record of each effort to contact and each conversation should be kept.')
    expect(s.mustRecord.map((r) => r.what)).toEqual(['Each effort to contact and each conversation'])
  })

  it('the phone ladder: Head of Service, Assistant Director, Director; a message to leave; out of hours', () => {
    seedSays(
      SEED.solihullRapid,
      "the Head of Service, Referral, Assessment and Child Protection in the Local Authority should be telephoned on 0121 704 8709. If he is not immediately available then telephone the Assistant Director on 0121 704 8325. If neither are available then contact the Director of Children's Services, on 0121 704 6734.",
    )
    seedSays(
      SEED.solihullRapid,
      'make sure to leave a message indicating that the rapid resolution procedures have been invoked, and asking for them to respond urgently.',
    )
    seedSays(
      SEED.solihullRapid,
      'If it is out of hours call 0121 605 6060 and advise who you are trying to contact and that the rapid resolution procedure has been invoked.',
    )
    const ladder = solihull.emergencyRoute!.callLadder!
    const contact = (id: string) => solihull.contacts.find((c) => c.id === id)!
    expect(ladder.rungs.map((id) => [contact(id).name, contact(id).phone])).toEqual([
      ['Head of Service, Referral, Assessment and Child Protection', '0121 704 8709'],
      ['Assistant Director', '0121 704 8325'],
      ["Director of Children's Services", '0121 704 6734'],
    ])
    expect(ladder.appliesWhen).toBe("If the disagreement is with Children's Services, Engage or MASH")
    expect(ladder.messageToLeave).toMatch(/rapid resolution procedures have been invoked.*respond urgently/)
    expect(contact(ladder.outOfHours!.contact)).toMatchObject({
      phone: '0121 605 6060',
      availability: 'outOfHours',
    })
  })

  it('has no further stage: if it fails, refer to MASH', () => {
    seedSays(
      SEED.solihullRapid,
      'then a referral should be made to MASH by the professionals with support from their line manager.',
    )
    const d = open(solihull, at('2026-12-07'), { triage: { level: 'significantHarm' } })
    const e = refusal(escalate(d, { by }, ctx(solihull, at('2026-12-07', '12:00'))))
    expect(e.code).toBe('final-stage')
    expect(e.message).toMatch(/make a referral to MASH/i)
    const done = must(
      resolve(
        d,
        {
          summary: 'Managers agreed; MASH referral made.',
          writtenConfirmation: { receivedOn: '2026-12-07', from: 'Head of Service' },
          by,
        },
        ctx(solihull, at('2026-12-07', '17:00')),
      ),
    )
    expect(done.outcome).toMatchObject({ route: 'emergency', stageReached: null })
  })
})
