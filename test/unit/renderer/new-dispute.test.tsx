// @vitest-environment jsdom
/**
 * The new dispute's second step (issue 16: "all validation errors shown at once"; "with 127 children the
 * picker lists them all before 'Add a child'"), over a real handler table and vault.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { DisputeDetails } from '../../../src/renderer/src/screens/NewDisputeDetails'
import { openTestApi } from '../api/helpers'
import { bindWindowApi, renderInApp } from './render'

let t: Awaited<ReturnType<typeof openTestApi>>
let called: string[]

beforeEach(async () => {
  t = await openTestApi(new Date().toISOString())
  called = bindWindowApi(t.api)
})

afterEach(async () => {
  cleanup()
  await t.cleanup()
})

async function renderDetails(onOpened = vi.fn()) {
  const loaded = await t.call('policies.list', {})
  renderInApp(<DisputeDetails loaded={loaded} level="standard" policyId="solihull-sscp" onPolicyChange={() => undefined} firstAction={null} onBack={() => undefined} onOpened={onOpened} />)
  return onOpened
}

describe('New dispute: about the disagreement', () => {
  it('lists every problem at once in the summary, which takes focus, and opens nothing', async () => {
    const user = userEvent.setup()
    await renderDetails()
    await waitFor(() => expect(document.activeElement?.id).toBe('add-child'))
    await user.click(screen.getByRole('button', { name: 'Open dispute' }))
    const summary = await screen.findByRole('alert')
    expect(document.activeElement).toBe(summary)
    expect(within(summary).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Choose at least one child, or add one',
      'Enter the other agency',
      'Enter the practitioner you disagree with',
      'Say whether a decision, an action or an inaction is disputed',
      'Describe what is disputed',
      // Solihull's policy lists no reasons to tick: they are described.
      'Describe the reason for escalation.',
    ])
    expect(called).not.toContain('disputes.open')
  })

  it('with 127 children on record: "Add a child" first, the box to find one focused, and only the children that match listed', async () => {
    for (let i = 1; i <= 127; i++) await t.call('children.create', { child: { name: `Child ${String(i).padStart(3, '0')} Example` } })
    const user = userEvent.setup()
    await renderDetails()
    const find = await screen.findByLabelText('Find a child')
    await waitFor(() => expect(document.activeElement).toBe(find))
    const add = screen.getByRole('button', { name: 'Add a child' })
    expect(add.compareDocumentPosition(find) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(screen.queryAllByRole('checkbox', { name: /Example/ })).toHaveLength(0)

    await user.type(find, 'child 12')
    const matching = screen.getAllByRole('checkbox', { name: /Example/ }).map((c) => c.parentElement?.textContent)
    expect(matching).toEqual(['Child 120 Example', 'Child 121 Example', 'Child 122 Example', 'Child 123 Example', 'Child 124 Example', 'Child 125 Example', 'Child 126 Example', 'Child 127 Example'])
    await user.click(screen.getByRole('checkbox', { name: 'Child 120 Example' }))
    // A child chosen stays listed when the search moves on.
    await user.clear(find)
    await user.type(find, 'child 03')
    expect(screen.getAllByRole('checkbox', { name: /Example/ }).map((c) => c.parentElement?.textContent)).toEqual(['Child 030 Example', 'Child 031 Example', 'Child 032 Example', 'Child 033 Example', 'Child 034 Example', 'Child 035 Example', 'Child 036 Example', 'Child 037 Example', 'Child 038 Example', 'Child 039 Example', 'Child 120 Example'])
    expect(screen.getByRole('checkbox', { name: 'Child 120 Example' })).toHaveProperty('checked', true)
  })

  it('opens the dispute once everything is given', async () => {
    const child = await t.call('children.create', { child: { name: 'Amy Example' } })
    const user = userEvent.setup()
    const onOpened = await renderDetails()
    await user.click(await screen.findByRole('checkbox', { name: 'Amy Example' }))
    await user.type(screen.getByLabelText('Agency'), 'Solihull Children’s Services')
    await user.type(screen.getByLabelText(/^Practitioner/), 'Jo Bloggs')
    await user.click(screen.getByLabelText('A decision'))
    await user.type(screen.getByLabelText(/^Describe it/), 'The referral was assessed as not meeting the threshold.')
    await user.type(screen.getByRole('textbox', { name: 'Reasons for escalation' }), 'We believe the threshold is met.')
    await user.keyboard('{Control>}{Enter}{/Control}')
    await waitFor(() => expect(onOpened).toHaveBeenCalled())
    const [row] = (await t.call('disputes.dashboard', {})).rows
    expect(onOpened).toHaveBeenCalledWith(row!.id)
    expect(row!.childNames).toEqual(['Amy Example'])
    expect(child.name).toBe('Amy Example')
  })
})
