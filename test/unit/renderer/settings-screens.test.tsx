// @vitest-environment jsdom
/**
 * Screens that read through TanStack Query (issue 19: "TanStack Query for channel data (invalidated by
 * saves …)", "component tests"): Settings → People, Retention review and the audit trail, over a real
 * handler table and vault — what shows while the data is read, a refusal in words, and a save that
 * refreshes the list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { PersonSlot } from '../../../src/shared/ipc'
import type { WindowApi } from '../../../src/shared/api'
import { People } from '../../../src/renderer/src/screens/People'
import { Retention } from '../../../src/renderer/src/screens/Retention'
import { AuditTrail } from '../../../src/renderer/src/screens/AuditTrail'
import { call } from '../../../src/renderer/src/api'
import { openTestApi } from '../api/helpers'
import { aDispute } from '../../support/disputes'
import { bindWindowApi, renderInApp } from './render'

let t: Awaited<ReturnType<typeof openTestApi>>
let me: PersonSlot

beforeEach(async () => {
  t = await openTestApi()
  me = (await t.call('vault.session', {}))!.person
  bindWindowApi(t.api)
})

afterEach(async () => {
  cleanup()
  await t.cleanup()
})

/** window.api as bound, except that `channel` waits for `release` (or is refused with `refusal`). */
function interfere(channel: string, how: { refusal: { code: string; message: string } } | { release: Promise<void> }) {
  const bound = window.api
  const api: WindowApi = {
    ...bound,
    invoke: async (c, input) => {
      if (c === channel && 'refusal' in how) return { ok: false, error: how.refusal } as never
      if (c === channel && 'release' in how) await how.release
      return bound.invoke(c, input)
    },
  }
  Object.defineProperty(window, 'api', { value: api, configurable: true })
}

describe('Retention review', () => {
  it('says it is loading until the list is read', async () => {
    let release = () => undefined as void
    interfere('retention.list', { release: new Promise<void>((r) => (release = r)) })
    renderInApp(<Retention onOpenDispute={() => undefined} />)
    expect(screen.getByText('Loading closed disputes…')).toBeTruthy()
    release()
    expect(await screen.findByRole('heading', { name: 'Retention review' })).toBeTruthy()
    expect(screen.queryByText('Loading closed disputes…')).toBeNull()
  })

  it('shows a refusal in words, as an alert', async () => {
    interfere('retention.list', { refusal: { code: 'locked', message: 'The vault is locked. Unlock it to carry on.' } })
    renderInApp(<Retention onOpenDispute={() => undefined} />)
    expect((await screen.findByRole('alert')).textContent).toBe('The vault is locked. Unlock it to carry on.')
  })

  it('a decision recorded refreshes the list: the dispute kept is no longer due', async () => {
    const open = await aDispute(t.call, { child: { name: 'Old Case', dateOfBirth: '2000-03-01' } })
    await t.call('disputes.withdraw', { disputeId: open.dispute.id, input: { reason: 'Resolved informally' } })
    const user = userEvent.setup()
    renderInApp(<Retention onOpenDispute={() => undefined} />)
    expect(await screen.findByText('1 closed dispute is due for review.')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: /^Review/ }))
    await user.click(screen.getByLabelText('Keep it, and review it again later'))
    const box = (id: string) => document.getElementById(id) as HTMLInputElement
    await user.type(box('retainUntil'), '1')
    await user.type(box('retainUntil-month'), '3')
    await user.type(box('retainUntil-year'), '2031')
    await user.type(screen.getByLabelText('Reason for the decision'), 'A complaint about the case is still open.')
    await user.click(screen.getByRole('button', { name: 'Record the decision' }))

    // Read again after the save, not patched by the screen: the main process's answer is what shows.
    expect(await screen.findByText('No closed dispute is due for review.')).toBeTruthy()
    expect((await t.call('retention.list', {})).items).toEqual([expect.objectContaining({ disputeId: open.dispute.id, reviewOn: '2031-03-01', due: false })])
  })
})

describe('Settings → People', () => {
  it('lists who can unlock the vault once it is read', async () => {
    let release = () => undefined as void
    interfere('people.list', { release: new Promise<void>((r) => (release = r)) })
    renderInApp(<People me={me} />)
    const table = screen.getByRole('table')
    expect(within(table).queryByText(`${me.name} (you)`)).toBeNull()
    release()
    expect(await within(table).findByText(`${me.name} (you)`)).toBeTruthy()
  })

  it('a role changed shows in the table, read again from the vault', async () => {
    const user = userEvent.setup()
    renderInApp(<People me={me} />)
    const row = async () => (await within(screen.getByRole('table')).findByText(`${me.name} (you)`)).closest('tr')!
    const held = (await t.call('settings.get', {})).people[me.personId]?.role ?? 'None held'
    expect(within(await row()).getByText(held)).toBeTruthy()

    await user.type(screen.getByLabelText('Their role, for example Deputy DSL (leave empty for none)'), 'Deputy DSL')
    await user.click(screen.getByRole('button', { name: 'Change role' }))

    expect(await screen.findByText(`${me.name}’s records are now signed as Deputy DSL. Records signed before keep the role they had.`)).toBeTruthy()
    await waitFor(async () => expect(within(await row()).getByText('Deputy DSL')).toBeTruthy())
    expect((await t.call('settings.get', {})).people[me.personId]?.role).toBe('Deputy DSL')
  })
})

describe('Audit trail', () => {
  it('shows the newest entries and the chain verified, and a save anywhere adds its entry without reopening the screen', async () => {
    renderInApp(<AuditTrail />)
    expect(await screen.findByText(/The chain verifies:/)).toBeTruthy()
    const shown = () => document.getElementById('audit-shown')!.textContent
    const before = (await t.call('audit.list', { limit: 100 })).length
    await waitFor(() => expect(shown()).toBe(`The newest ${before} entr${before === 1 ? 'y' : 'ies'}.`))

    // A save through the renderer's own call, as another screen would make it.
    expect((await call('children.create', { child: { name: 'Amy Example' } })).ok).toBe(true)
    await waitFor(() => expect(shown()).toBe(`The newest ${before + 1} entries.`))
    expect(await screen.findByText(/The chain verifies:/)).toBeTruthy()
  })
})
