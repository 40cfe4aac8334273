// @vitest-environment jsdom
/**
 * The stage 4 meeting's arrangements and decision record (issue 15: "decision, actions, sign-off"; issue 19: the large forms
 * on react-hook-form with their own schemas, every problem at once), over a real handler table and vault,
 * under Solihull's policy (seed 001): "The Chair of this meeting will then report on issues arising from
 * this process to the Learning and Development Group and the Assurance and Review Group."
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { MeetingView } from '../../../src/shared/meetings'
import { MeetingDecisionForm } from '../../../src/renderer/src/screens/MeetingDecisionForm'
import { MeetingPlanForm } from '../../../src/renderer/src/screens/MeetingPlanForm'
import { savePlanInput, startingPlan } from '../../../src/renderer/src/screens/MeetingForms'
import { openTestApi } from '../api/helpers'
import { disputeAtStage4 } from '../../e2e/meeting-fixtures'
import { bindWindowApi, renderInApp } from './render'

let t: Awaited<ReturnType<typeof openTestApi>>
let called: string[]

beforeEach(async () => {
  t = await openTestApi('2027-11-20T12:00:00Z')
  called = bindWindowApi(t.api)
})

afterEach(async () => {
  cleanup()
  await t.cleanup()
})

/** A Solihull dispute at stage 4 with its meeting arranged for `date`. */
async function meetingOn(date: string): Promise<MeetingView> {
  // The e2e journey's dispute: Solihull, escalated to stage 4, with approved records of both sides' words.
  const { id: disputeId } = await disputeAtStage4((channel, input) => t.call(channel as never, input as never))
  const view = await t.call('meetings.get', { disputeId })
  return t.call('meetings.savePlan', savePlanInput(disputeId, { ...startingPlan(view), date, chair: { name: 'Dr Helen Ashby', role: '', agency: '', independent: true } }))
}

async function typeDate(group: HTMLElement, day: string, month: string, year: string) {
  const user = userEvent.setup()
  await user.type(within(group).getByLabelText('Day'), day)
  await user.type(within(group).getByLabelText('Month'), month)
  await user.type(within(group).getByLabelText('Year'), year)
}

describe('The stage 4 meeting: the arrangements', () => {
  it('lists every problem at once — a day that does not exist, a time that is not one, a name too long — and sends nothing', async () => {
    const user = userEvent.setup()
    renderInApp(<MeetingPlanForm view={await meetingOn('2027-11-20')} onSaved={vi.fn()} />)
    const day = screen.getByRole('group', { name: 'Day of the meeting' })
    for (const box of within(day).getAllByRole('textbox')) await user.clear(box)
    await typeDate(day, '30', '2', '2028')
    await user.type(screen.getByLabelText('Time'), '25:00')
    await user.click(screen.getAllByRole('button', { name: /^Add a person/ })[0]!)
    await user.click(screen.getByLabelText('Person 1: name'))
    await user.paste('x'.repeat(201))
    await user.click(screen.getByRole('button', { name: 'Save the arrangements' }))
    const summary = await screen.findByRole('alert')
    expect(document.activeElement).toBe(summary)
    const links = within(summary).getAllByRole('link').map((a) => a.getAttribute('href'))
    expect(links).toEqual(['#date', '#time', '#attendees.0.name'])
    expect(called).not.toContain('meetings.savePlan')
  })

  it('shows the main process’s refusal on its field: a meeting before the disagreement arose', async () => {
    const user = userEvent.setup()
    const onSaved = vi.fn()
    renderInApp(<MeetingPlanForm view={await meetingOn('2027-11-20')} onSaved={onSaved} />)
    const day = screen.getByRole('group', { name: 'Day of the meeting' })
    for (const box of within(day).getAllByRole('textbox')) await user.clear(box)
    await typeDate(day, '1', '11', '2027')
    await user.click(screen.getByRole('button', { name: 'Save the arrangements' }))
    const summary = await screen.findByRole('alert')
    expect(within(summary).getByRole('link').getAttribute('href')).toBe('#date')
    expect(within(summary).getByRole('link').textContent).toMatch(/^1 Nov 2027 is before the disagreement arose/)
    expect(onSaved).not.toHaveBeenCalled()
  })
})

describe('The stage 4 meeting: the decision record', () => {
  it('lists every problem at once in the summary, which takes focus, and sends nothing', async () => {
    const user = userEvent.setup()
    renderInApp(<MeetingDecisionForm view={await meetingOn('2027-11-20')} onSaved={vi.fn()} />)
    await user.click(screen.getByRole('button', { name: 'Add an action' }))
    await user.click(screen.getByRole('button', { name: 'Add an action' }))
    await user.click(screen.getByLabelText('The decision'))
    await user.paste('x'.repeat(8001))
    await typeDate(screen.getByRole('group', { name: 'Action 1: due by' }), '31', '2', '2028')
    await typeDate(screen.getByRole('group', { name: 'Action 2: due by' }), '30', '13', '2028')
    await user.click(screen.getByRole('button', { name: 'Save the decision record' }))
    const summary = await screen.findByRole('alert')
    expect(document.activeElement).toBe(summary)
    const items = within(summary).getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toHaveLength(3)
    expect(items[0]).toBe('This is too long: keep it under 8,000 characters')
    expect(items[1]).toMatch(/31 February|February/)
    expect(items[2]).toMatch(/month/i)
    expect(called).not.toContain('meetings.recordDecision')
  })

  it('saves the decision, its actions and the reports the policy requires', async () => {
    const user = userEvent.setup()
    const onSaved = vi.fn()
    renderInApp(<MeetingDecisionForm view={await meetingOn('2027-11-20')} onSaved={onSaved} />)
    await user.type(screen.getByLabelText('The decision'), 'A strategy discussion will be held.')
    await user.type(screen.getByLabelText('Why the meeting decided this'), 'A fresh injury and two disclosures.')
    await user.click(screen.getByRole('button', { name: 'Add an action' }))
    await user.type(screen.getByLabelText('Action 1'), 'Convene the strategy discussion')
    await user.type(screen.getByLabelText('Action 1: who owns it'), 'Rachel Moore')
    await typeDate(screen.getByRole('group', { name: 'Action 1: due by' }), '23', '11', '2027')
    await user.type(screen.getByLabelText('Who reports to the Learning and Development Group'), 'Dr Helen Ashby')
    await user.click(screen.getByRole('button', { name: 'Save the decision record' }))
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled())
    const saved = (onSaved.mock.calls[0]![0] as MeetingView).meeting!.decision!
    expect(saved.decision).toBe('A strategy discussion will be held.')
    expect(saved.actions).toEqual([{ action: 'Convene the strategy discussion', owner: 'Rachel Moore', dueOn: '2027-11-23' }])
    expect(saved.reports.find((r) => r.to === 'Learning and Development Group')?.by).toBe('Dr Helen Ashby')
  })

  it('shows the main process’s refusal: a meeting not yet held has no decision', async () => {
    const user = userEvent.setup()
    const onSaved = vi.fn()
    renderInApp(<MeetingDecisionForm view={await meetingOn('2027-12-01')} onSaved={onSaved} />)
    await user.type(screen.getByLabelText('The decision'), 'A strategy discussion will be held.')
    await user.click(screen.getByRole('button', { name: 'Save the decision record' }))
    const summary = await screen.findByRole('alert')
    expect(within(summary).getByRole('link').textContent).toBe('The meeting is planned for 1 Dec 2027: its decision can be recorded once it has been held.')
    expect(within(summary).getByRole('link').getAttribute('href')).toBe('#date')
    expect(onSaved).not.toHaveBeenCalled()
  })
})
