/** Search through the handler table, over the session's index (src/main/api/search-service.ts). */
import { formatNhsNumber, type Child } from '../../shared/children'
import type { DirectoryEntry } from '../../shared/directory'
import type { Dispute } from '../../shared/dispute'
import type { ChannelInput, SearchHit } from '../../shared/ipc'
import type { ContactRecord } from '../../shared/records'
import { makeSnippet } from '../domain/snippets'
import type { CaseLog } from '../caselog'
import { requireSession, type Context } from './context'

/** The texts a hit's snippet is taken from, the words people wrote first, as the screens show them. */
const recordTexts = (r: ContactRecord): string[] => [
  r.theySaid,
  r.weSaid,
  r.whatWasSaid ?? '',
  r.whatWasAgreed,
  r.nextStep,
  r.messageLeft,
  ...r.addenda.map((a) => `${a.reason}: ${a.text}`),
  [r.contact.name, r.contact.role, r.contact.agency].filter(Boolean).join(', '),
  ...r.attachments.map((a) => `${a.fileName} (${a.heldAt})`),
]

const disputeTexts = (d: Dispute, childNames: string[]): string[] => [
  d.disputed.description,
  d.reasons.text ?? '',
  d.outcome?.summary ?? '',
  d.outcome?.lessonsToForward ?? '',
  d.withdrawal?.reason ?? '',
  [d.otherAgency.practitioner, d.otherAgency.role ?? '', d.otherAgency.agency].filter(Boolean).join(', '),
  childNames.join(', '),
  d.policy.partnership,
]

const childTexts = (c: Child): string[] => [c.name, c.nhsNumber ? `NHS number ${formatNhsNumber(c.nhsNumber)}` : '', c.settingName ?? '', c.levelOfNeed ?? '']

const entryTexts = (e: DirectoryEntry): string[] => [[e.name, e.role, e.agency].filter(Boolean).join(', '), e.notes, e.phone, e.email]

/** Snippets for one page of hits only: each dispute's document is read once however many hits it has. */
async function withSnippets(log: CaseLog, hits: SearchHit[], query: string): Promise<SearchHit[]> {
  const records = new Map<string, Promise<ContactRecord[]>>()
  let children: Promise<Record<string, Child>> | null = null
  let directory: Promise<Record<string, DirectoryEntry>> | null = null
  const textsOf = async (hit: SearchHit): Promise<string[]> => {
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
    hits.map(async (hit) => {
      // A snippet that cannot be made (the document just disposed of) leaves the hit as it was.
      const texts = await textsOf(hit).catch(() => [])
      return { ...hit, snippet: makeSnippet(texts, query) }
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
