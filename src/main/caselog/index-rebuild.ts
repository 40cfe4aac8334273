/**
 * The index of open disputes, rebuilt from what it summarises (CaseLog.rebuildIndex writes it): the open
 * disputes are the dispute documents whose status is open; each year's counter is the highest reference
 * issued that year, found in the dispute and archive documents and in the audit trail's "dispute opened"
 * events (so a dispute whose own document is also damaged still keeps its reference from being issued again);
 * the disputes whose team notes ask for a decision are those whose documents say so.
 */
import type { Vault } from '../store'
import { parseDisputeReference } from '../domain/disputes'
import { own } from './changes'
import { teamAttention } from './team-notes'
import { kindOf, type DocumentKind, type DocumentOf, type IndexDoc } from './documents'

type ReadOrNote = <K extends DocumentKind>(kind: K, docId: string, stored: unknown) => DocumentOf<K> | undefined

export async function rebuiltIndex(vault: Vault, readOrNote: ReadOrNote): Promise<IndexDoc> {
  const ids = vault.documentIds()
  const references: string[] = []
  const open: IndexDoc['open'] = []
  const teamNotes: IndexDoc['teamNotes'] = []
  const disputes = await vault.loadMany<unknown>(ids.filter((id) => kindOf(id) === 'dispute'), { skipDamaged: true })
  for (const [docId, stored] of disputes) {
    const doc = readOrNote('dispute', docId, stored)
    if (!doc) continue
    references.push(doc.dispute.reference)
    if (doc.dispute.status === 'open') open.push({ id: doc.dispute.id, reference: doc.dispute.reference })
    if (teamAttention(doc.team).length > 0) teamNotes.push({ id: doc.dispute.id, reference: doc.dispute.reference })
  }
  const archives = await vault.loadMany<unknown>(ids.filter((id) => kindOf(id) === 'archive'), { skipDamaged: true, cache: false })
  for (const [docId, stored] of archives) {
    const doc = readOrNote('archive', docId, stored)
    if (!doc) continue
    for (const entry of Object.values(doc.disputes)) references.push(entry.dispute.reference)
    for (const tombstone of Object.values(doc.disposed)) references.push(tombstone.reference)
  }
  for (let beforeSeq: number | undefined; ; ) {
    const page = await vault.readAudit({ limit: 500, ...(beforeSeq ? { beforeSeq } : {}) })
    for (const event of page) if (event.action === 'dispute-opened' && event.subject) references.push(event.subject)
    if (page.length < 500) break
    beforeSeq = page[page.length - 1]!.seq
  }
  const counters: IndexDoc['counters'] = {}
  for (const reference of references) {
    const parts = parseDisputeReference(reference)
    if (parts && parts.counter > (own(counters, String(parts.year)) ?? 0)) counters[String(parts.year)] = parts.counter
  }
  open.sort((a, b) => a.reference.localeCompare(b.reference))
  teamNotes.sort((a, b) => a.reference.localeCompare(b.reference))
  return { format: 3, counters, open, teamNotes }
}
