/**
 * TanStack Query wired to the app (issue 19: "TanStack Query for channel data (invalidated by saves and
 * by the main process's events)"): a save invalidates every cached read, an autosaved draft only marks
 * them stale, a lock forgets every answer.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent } from '../../../src/shared/channels'
import type { WindowApi } from '../../../src/shared/api'
import { call } from '../../../src/renderer/src/api'
import { channelKey, connectQueries, makeQueryClient } from '../../../src/renderer/src/lib/queries'

let listeners: ((e: AppEvent) => void)[] = []
const api: WindowApi = {
  invoke: async () => ({ ok: true, value: null }) as never,
  onEvent: (l) => {
    listeners.push(l)
    return () => (listeners = listeners.filter((x) => x !== l))
  },
}
;(globalThis as { window?: unknown }).window = { api }

let disconnect = () => undefined as void
afterEach(() => disconnect())

function cached() {
  const client = makeQueryClient()
  disconnect = connectQueries(client, api)
  client.setQueryData(channelKey('disputes.dashboard', {}), { rows: [] })
  return { client, state: () => client.getQueryState(channelKey('disputes.dashboard', {})) }
}

describe('channel data in one QueryClient', () => {
  it('a save invalidates what was read', async () => {
    const { state } = cached()
    await call('disputes.get', { disputeId: 'd1' })
    expect(state()?.isInvalidated).toBe(false)
    await call('records.approve', { disputeId: 'd1', recordId: 'r1' })
    expect(state()?.isInvalidated).toBe(true)
  })

  it('an autosaved draft marks reads stale without refetching under the typing', async () => {
    const { client, state } = cached()
    await call('records.updateDraft', { disputeId: 'd1', recordId: 'r1', changes: {} } as never)
    expect(state()?.isInvalidated).toBe(true)
    expect(client.isFetching()).toBe(0)
  })

  it('a lock forgets every answer', () => {
    const { client } = cached()
    for (const l of listeners) l({ type: 'locked', reason: 'idle' })
    expect(client.getQueryCache().getAll()).toHaveLength(0)
  })
})
