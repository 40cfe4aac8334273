import { describe, expect, it } from 'vitest'
import { disputeStatus, escalate, requestExceptionalRoute } from '../../../../src/main/domain/disputes'
import { SEED, seedSays } from '../policies/seeds'
import { at, ctx, expectDue, must, open, policyOf, refusal } from './fixtures'

const havering = policyOf('havering-hscb')
const by = 'A Lead (DSL)'

describe(`Havering HSCB (${SEED.havering})`, () => {
  it('resolve within one working week (5 working days) of the disagreement', () => {
    seedSays(
      SEED.havering,
      'As a guide, professionals should attempt to resolve differences through discussion within one working week or a timescale that protects the child from harm (whichever is shortest).',
    )
    const d = open(havering, at('2026-12-07'), { disagreementOn: '2026-12-07' })
    expectDue(d.overall, '2026-12-14')
    expect(d.overall?.basis).toBe(
      'Resolve through discussion: 1 working week (5 working days) from the disagreement on 7 Dec 2026',
    )
    // Over Christmas the week stretches past the bank holidays.
    const xmas = open(havering, at('2026-12-23'), { disagreementOn: '2026-12-23' })
    expectDue(xmas.overall, '2027-01-04')
  })

  it('stages have no timescale of their own ("as soon as possible"): the week is the deadline', () => {
    seedSays(SEED.havering, 'This discussion must take place as soon as possible')
    const d = open(havering, at('2026-12-07'), { disagreementOn: '2026-12-07' })
    expect(d.stageHistory[0].due).toBeNull()
    const s = disputeStatus(d, ctx(havering, at('2026-12-11')))
    expect(s.nextDeadline).toMatchObject({ key: 'overall', display: '14 Dec 2026', state: 'dueSoon' })
    const late = disputeStatus(d, ctx(havering, at('2026-12-16')))
    expect([late.overdue, late.overdueByWorkingDays]).toEqual([true, 2])
  })

  it('the IRO is notified at stage 2 if the child has a child protection plan or is looked after', () => {
    seedSays(
      SEED.havering,
      'If the case involves a child subject to a Child Protection Plan or a Looked After Child, the Independent Reviewing Officer (IRO) must also be notified.',
    )
    let d = open(havering, at('2026-12-07'), { childCircumstances: ['childProtectionPlan'] })
    expect(disputeStatus(d, ctx(havering, at('2026-12-07'))).notificationsOwed).toEqual([])
    d = must(escalate(d, { by }, ctx(havering, at('2026-12-08'))))
    expect(disputeStatus(d, ctx(havering, at('2026-12-08'))).notificationsOwed.map((n) => n.reason)).toEqual([
      'Independent Reviewing Officer (IRO) must be notified: the dispute reached stage 2; the child has a child protection plan',
    ])
    const notLooked = must(
      escalate(open(havering, at('2026-12-07')), { by }, ctx(havering, at('2026-12-08'))),
    )
    expect(disputeStatus(notLooked, ctx(havering, at('2026-12-08'))).notificationsOwed).toEqual([])
  })

  it('the agency HSCB members must have been involved before the case goes to the HSCB Chair', () => {
    seedSays(
      SEED.havering,
      'The respective agency members on the Havering Safeguarding Children Board (HSCB) should be engaged in seeking resolution before the case is raised with the HSCB Chair.',
    )
    let d = open(havering, at('2026-12-07'))
    d = must(escalate(d, { by }, ctx(havering, at('2026-12-08'))))
    d = must(escalate(d, { by }, ctx(havering, at('2026-12-09'))))
    expect(disputeStatus(d, ctx(havering, at('2026-12-09'))).blockers.map((b) => b.code)).toEqual([
      'entry-check',
    ])
    const e = refusal(escalate(d, { by }, ctx(havering, at('2026-12-10'))))
    expect([e.code, e.message]).toEqual([
      'entry-check-unconfirmed',
      'Before stage 4 (Resolution by HSCB Chair), confirm: Have the respective agency members on the HSCB been engaged in seeking resolution?',
    ])
    d = must(escalate(d, { by, confirmations: ['hscb-members-involved'] }, ctx(havering, at('2026-12-10'))))
    expect(d.currentStage).toBe(4)
    seedSays(
      SEED.havering,
      'The agency raising the dispute must e-mail the details through to alice.peatling@haverling.gov.uk',
    )
    const owed = disputeStatus(d, ctx(havering, at('2026-12-10'))).notificationsOwed
    expect(owed.map((n) => [n.recipient.email, n.by])).toEqual([
      ['alice.peatling@haverling.gov.uk', 'The agency raising the dispute'],
    ])
    expect(owed[0].recipient.caution).toMatch(/Confirm the address/)
  })

  it('stage 4: the Board Chair may convene a Resolution Panel of three Board agencies, including those in dispute', () => {
    seedSays(
      SEED.havering,
      'The Resolution Panel must consist of senior officer from three agencies who are members of the full Board of the HSCB. The senior officers must include the agencies concerned in the professional differences.',
    )
    const panel = havering.exceptionalRoutes[0].panel!
    expect([panel.members, panel.mustInclude]).toEqual([
      3,
      'The agencies concerned in the professional differences',
    ])
    let d = open(havering, at('2026-12-07'))
    expect(refusal(requestExceptionalRoute(d, { by }, ctx(havering, at('2026-12-07')))).message).toBe(
      'Resolution Panel is available only at stage 4.',
    )
    d = must(escalate(d, { by }, ctx(havering, at('2026-12-08'))))
    d = must(escalate(d, { by }, ctx(havering, at('2026-12-09'))))
    d = must(escalate(d, { by, confirmations: ['hscb-members-involved'] }, ctx(havering, at('2026-12-10'))))
    expect(disputeStatus(d, ctx(havering, at('2026-12-10'))).available).toEqual([
      { kind: 'exceptionalRoute', id: 'resolution-panel', title: 'Resolution Panel' },
    ])
    d = must(
      requestExceptionalRoute(
        d,
        { by, note: 'Chair convening a panel' },
        ctx(havering, at('2026-12-10', '12:00')),
      ),
    )
    expect(d.requests[0]).toMatchObject({
      kind: 'exceptionalRoute',
      optionId: 'resolution-panel',
      atStage: 4,
    })
  })

  it('a child at immediate harm: inform your designated safeguarding lead immediately', () => {
    seedSays(
      SEED.havering,
      'If a child is thought to be at immediate harm, the designated safeguarding lead in your agency should be informed immediately.',
    )
    const d = open(havering, at('2026-12-07'), {
      triage: {
        level: 'immediateDanger',
        emergencyCall: { calledAt: at('2026-12-07', '09:50'), by: 'A Lead' },
      },
    })
    expect(d.route).toBe('stages') // Havering has no rapid route
    expect(disputeStatus(d, ctx(havering, at('2026-12-07'))).urgentGuidance).toBe(
      'Inform the designated safeguarding lead in your agency immediately.',
    )
  })
})
