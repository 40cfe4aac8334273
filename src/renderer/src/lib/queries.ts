import { QueryClient, keepPreviousData, notifyManager, useQuery, type Query, type UseQueryResult } from '@tanstack/react-query'
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/ipc'
import type { AppErrorShape } from '../../../shared/errors'
import { call, onSaved, type ReadChannel } from '../api'

/** A refusal from a read channel, carried through TanStack Query's error slot with its code and sentence. */
export class ChannelError extends Error {
  readonly code: string
  constructor(readonly shape: AppErrorShape) {
    super(shape.message)
    this.code = shape.code
  }
}

/**
 * One client for the whole renderer. Reads are never retried (a refusal is an answer, not a glitch) and
 * the window's focus does not refetch: the data changes only when this window saves something.
 */
export function makeQueryClient(): QueryClient {
  // Answers reach the screens in a microtask, not a timer: the default setTimeout(0) is held back by a
  // paused page clock (the e2e tests of deadlines pause it) and adds a task's delay to every answer.
  notifyManager.setScheduler(queueMicrotask)
  return new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false } } })
}

/** The key of a channel's data: the channel's name, then its input (so `disputes.get` is one entry per dispute). */
export const channelKey = <C extends ReadChannel>(channel: C, input?: ChannelInput<C>) => (input === undefined ? [channel] : [channel, input]) as readonly unknown[]

/** One read channel's answer as TanStack Query wants it: the value, or a ChannelError thrown. */
export async function readChannel<C extends ReadChannel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await call(channel, input)
  if (!r.ok) throw new ChannelError(r.error)
  return r.value
}

/** One read channel's answer, cached under `channelKey(channel, input)` and refetched after every save. */
export function useChannel<C extends ReadChannel>(
  channel: C,
  input: ChannelInput<C>,
  options: {
    enabled?: boolean
    /** Asked again on a timer while this says so (a count that moves on its own, like re-encryption). */
    refetchInterval?: number | false | ((query: Query<ChannelOutput<C>, ChannelError>) => number | false)
    /** The answer to the last input stays (as `isPlaceholderData`) while a new input's is read. */
    keepPrevious?: boolean
    /** Asked again each time the screen opens, even when a cached answer is fresh (see `isFetchedAfterMount`). */
    fresh?: boolean
  } = {},
): UseQueryResult<ChannelOutput<C>, ChannelError> {
  return useQuery<ChannelOutput<C>, ChannelError>({
    queryKey: channelKey(channel, input),
    queryFn: () => readChannel(channel, input),
    enabled: options.enabled,
    refetchInterval: options.refetchInterval,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.fresh ? { refetchOnMount: 'always' as const } : {}),
  })
}

/**
 * The drafts a contact record autosaves while it is typed: they change the dispute's records, but the
 * screens showing them are refreshed when the form closes, so their data is marked stale, not refetched
 * under the person's typing.
 */
const QUIET_SAVES: ReadonlySet<Channel> = new Set<Channel>(['records.createDraft', 'records.updateDraft'])

/**
 * Wires the client to the app: a save anywhere invalidates every cached read (saves are rare and reads
 * are small, so precision is not worth a map of which save touches which read); a lock forgets every
 * answer, so no case data stays in memory for the next person to unlock. Returns the unsubscribe.
 */
export function connectQueries(client: QueryClient, events: { onEvent: Window['api']['onEvent'] }): () => void {
  const offSaved = onSaved((channel) => void client.invalidateQueries(QUIET_SAVES.has(channel) ? { refetchType: 'none' } : {}))
  const offEvents = events.onEvent((event) => {
    if (event.type === 'locked') client.clear()
  })
  return () => {
    offSaved()
    offEvents()
  }
}
