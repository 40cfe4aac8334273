/** Search through the handler table, over the session's index (src/main/api/search-service.ts). */
import type { ChannelInput } from '../../shared/ipc'
import { requireSession, type Context } from './context'

export const searchHandlers = {
  'search.query': async (ctx: Context, input: ChannelInput<'search.query'>) =>
    input.query.trim() ? requireSession(ctx).search.search(input.query, input.limit ?? 50, input.offset ?? 0) : [],
  'search.status': async (ctx: Context, _input: ChannelInput<'search.status'>) => requireSession(ctx).search.status(),
}
