// @vitest-environment jsdom
/**
 * Log a contact, as a DSL types it (issue 16: "Ctrl+L, autosave and Ctrl+Enter work"; issue 19: "an
 * autosave hook replacing the module-level draft", "all validation errors shown at once"), over a real
 * handler table and vault.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { DisputeView } from '../../../src/shared/views'
import { LogContact } from '../../../src/renderer/src/screens/LogContact'
import { UnsavedContactStore } from '../../../src/renderer/src/lib/unsaved-contact'
import { openTestApi } from '../api/helpers'
import { bindWindowApi, renderInApp } from './render'

let t: Awaited<ReturnType<typeof openTestApi>>
let view: DisputeView
let store: UnsavedContactStore
let called: string[]

beforeEach(async () => {
  // The main process's clock is the real one: the form fills in "now", which must not be in its future.
  t = await openTestApi(new Date().toISOString())
  const child = await t.call('children.create', { child: { name: 'Amy Example' } })
  const opened = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
      disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: new Date().toISOString().slice(0, 10),
      triage: { level: 'standard' },
    },
  })
  view = await t.call('disputes.get', { disputeId: opened.dispute.id })
  const session = await t.call('vault.session', {})
  store = new UnsavedContactStore()
  store.signIn(t.vaultDir, session!.person.personId)
  called = bindWindowApi(t.api)
})

afterEach(async () => {
  cleanup()
  await t.cleanup()
})

const records = async () => (await t.call('disputes.get', { disputeId: view.dispute.id })).records

describe('LogContact', () => {
  it('starts at Who, keeps each change at once for a lock, and saves one draft once the typing pauses', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    renderInApp(<LogContact view={view} onClose={onClose} />, store)
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Who' }))

    await user.type(screen.getByLabelText('What Jo Bloggs said'), 'I will speak to my manager.')
    // Kept in memory at once (a lock now loses nothing), not yet written.
    expect(store.take()?.form.theySaid).toBe('I will speak to my manager.')
    expect(called.filter((c) => c === 'records.createDraft')).toHaveLength(0)

    await waitFor(() => expect(screen.getByText(/Draft saved\./)).toBeTruthy(), { timeout: 3000 })
    expect(called.filter((c) => c === 'records.createDraft')).toHaveLength(1)
    expect((await records()).map((r) => [r.status, r.theySaid])).toEqual([['draft', 'I will speak to my manager.']])
    expect(store.take()).toBeNull()

    // More typing updates the same draft.
    await user.type(screen.getByLabelText('What you said'), 'Asked Jo to reconsider.')
    await waitFor(() => expect(called).toContain('records.updateDraft'), { timeout: 3000 })
    await waitFor(async () => expect((await records())[0]?.weSaid).toBe('Asked Jo to reconsider.'))
    expect(await records()).toHaveLength(1)

    // Ctrl+Enter saves and approves.
    await user.keyboard('{Control>}{Enter}{/Control}')
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    const [record] = await records()
    expect(onClose).toHaveBeenCalledWith(true, { recordId: record!.id, approved: true })
    expect(record!.status).toBe('approved')
  })

  it('brings back what was typed before a lock, for the person who typed it, and saves it', async () => {
    const typed = { ...(await import('../../../src/renderer/src/screens/LogContactForm')).blankForm(view), theySaid: 'Typed before the lock.' }
    store.keep({ disputeId: view.dispute.id, recordId: null, form: typed })
    renderInApp(<LogContact view={view} onClose={() => undefined} />, store)
    expect((screen.getByLabelText('What Jo Bloggs said') as HTMLTextAreaElement).value).toBe('Typed before the lock.')
    await waitFor(async () => expect((await records()).map((r) => r.theySaid)).toEqual(['Typed before the lock.']), { timeout: 3000 })
  })

  it('shows every problem at once in the error summary, which takes focus, and saves nothing', async () => {
    const user = userEvent.setup()
    renderInApp(<LogContact view={view} onClose={() => undefined} />, store)
    const time = screen.getByLabelText('Time')
    await user.clear(time)
    await user.type(time, '25:00')
    // The next step by 31 Feb 2027, a date that does not exist.
    const box = (id: string) => document.getElementById(id) as HTMLInputElement
    await user.type(box('nextStepBy'), '31')
    await user.type(box('nextStepBy-month'), '2')
    await user.type(box('nextStepBy-year'), '2027')
    await user.keyboard('{Control>}s{/Control}')
    const summary = await screen.findByRole('alert')
    await waitFor(() => expect(document.activeElement).toBe(summary))
    const problems = () => Array.from(summary.querySelectorAll('li')).map((li) => li.textContent)
    await waitFor(() => expect(problems()).toEqual(['25:00 is not a time: hours go from 00 to 23 and minutes from 00 to 59', 'There is no 31 February']))
    // Each links to its field.
    expect(Array.from(summary.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['#time', '#nextStepBy'])
    expect(called).not.toContain('records.createDraft')
    expect(await records()).toHaveLength(0)
  })

  it('never takes the cursor away while a date is being typed: a mistyped date waits quietly until the person saves', async () => {
    const user = userEvent.setup()
    renderInApp(<LogContact view={view} onClose={() => undefined} />, store)
    const box = (id: string) => document.getElementById(id) as HTMLInputElement
    await user.type(screen.getByLabelText('What Jo Bloggs said'), 'I will ring back.')
    // Half a date, then a pause long enough for the autosave to check the form and refuse it.
    await user.type(box('nextStepBy'), '31')
    await user.type(box('nextStepBy-month'), '2')
    await waitFor(() => expect(screen.getByText(/could not be saved yet/)).toBeTruthy(), { timeout: 3000 })
    expect(document.activeElement).toBe(box('nextStepBy-month'))
    await user.type(box('nextStepBy-year'), '2027')
    expect(document.activeElement).toBe(box('nextStepBy-year'))
    // Asking to save is when the problems take focus.
    await user.keyboard('{Control>}s{/Control}')
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('alert')))
    expect(await records()).toHaveLength(0)
  })
})
