/** Search through the handler table, over the session's index (src/main/api/search-service.ts). */
import type { Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { ChannelInput, SearchHit } from '../../shared/ipc'
import type { ContactRecord } from '../../shared/records'
import { makeSnippet } from '../domain/snippets'
import type { CaseLog } from '../caselog'
import { requireSession, type Context } from './context'
import { childTexts, disputeTexts, entryTexts, recordTexts } from './search-documents'
import type { SearchHit as Found } from './search-service'

/**
 * Snippets for one page of hits only, from the texts the index holds; a hit from a segment written before
 * segments held them reads its document (each dispute's once however many hits it has).
 */
async function withSnippets(log: CaseLog, found: Found[], query: string): Promise<SearchHit[]> {
  const records = new Map<string, Promise<ContactRecord[]>>()
  let children: Promise<Record<string, Child>> | null = null
  let directory: Promise<Record<string, DirectoryEntry>> | null = null
  const textsOf = async (hit: Found): Promise<string[]> => {
    if (hit.texts) return hit.texts
    if (hit.kind === 'record' && hit.disputeId) {
      const disputeId = hit.disputeId
      if (!records.has(disputeId)) records.set(disputeId, log.records(disputeId))
      const record = (await records.get(disputeId)!).find((r) => r.id === hit.id)
      return record ? recordTexts(record) : []
    }
    if (hit.kind === 'dispute') {
      const { entry } = await log.find(hit.id)
      return disputeTexts(entry.dispute, entry.childNames)
    }
    if (hit.kind === 'child') {
      const child = (await (children ??= log.children()))[hit.id]
      return child ? childTexts(child) : []
    }
    const entry = (await (directory ??= log.directory()))[hit.id]
    return entry ? entryTexts(entry) : []
  }
  return Promise.all(
    found.map(async (hit) => {
      // A snippet that cannot be made (the document just disposed of) leaves the hit as it was.
      const texts = await textsOf(hit).catch(() => [])
      const { texts: _held, ...shown } = hit
      return { ...shown, snippet: makeSnippet(texts, query) }
    }),
  )
}

export const searchHandlers = {
  'search.query': async (ctx: Context, input: ChannelInput<'search.query'>) => {
    if (!input.query.trim()) return []
    const session = requireSession(ctx)
    const hits = await session.search.search(input.query, input.limit ?? 50, input.offset ?? 0)
    return withSnippets(session.caselog, hits, input.query)
  },
  'search.status': async (ctx: Context, _input: ChannelInput<'search.status'>) => requireSession(ctx).search.status(),
}
