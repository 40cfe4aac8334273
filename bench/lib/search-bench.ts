/**
 * Full-text search over everything loaded from the vault, with the domain's index (not yet wired into
 * the handler table): what goes in, and ~100 varied queries a DSL might type.
 */
import type { Child } from '../../src/shared/children'
import type { Dispute } from '../../src/shared/dispute'
import type { ContactRecord } from '../../src/shared/records'
import { createSearchIndex, type SearchIndex } from '../../src/main/domain/search'
import { Rng } from './prng'
import { AGENCIES, CONCERNS, DOCUMENTS, FIRST_NAMES, SURNAMES, WORDS } from './text'

export function buildSearchIndex(
  disputes: readonly { dispute: Dispute; childNames: readonly string[] }[],
  records: Iterable<ContactRecord>,
  children: readonly Child[],
): SearchIndex {
  const index = createSearchIndex()
  for (const { dispute: d, childNames } of disputes)
    index.put(`dispute:${d.id}`, 'dispute', [
      d.reference,
      d.otherAgency.agency,
      d.otherAgency.practitioner,
      d.disputed.description,
      d.reasons.text ?? '',
      ...childNames,
    ])
  for (const r of records)
    index.put(`record:${r.id}`, 'record', [
      r.contact.name,
      r.contact.role,
      r.contact.agency,
      r.theySaid,
      r.weSaid,
      r.whatWasAgreed,
      r.nextStep,
      r.messageLeft,
      ...r.addenda.map((a) => a.text),
    ])
  for (const c of children)
    index.put(`child:${c.id}`, 'child', [c.name, c.settingName ?? '', c.icsNumber ?? '', c.nhsNumber ?? ''])
  return index
}

/** 100 queries: words, prefixes being typed, names, two- and three-word phrases, agencies, misses. */
export function searchQueries(seed: number): string[] {
  const rng = new Rng(seed ^ 0x5eed)
  const concernWords = CONCERNS.flatMap((c) => c.split(' ')).filter((w) => w.length > 4)
  const out: string[] = []
  for (let i = 0; i < 25; i++) out.push(rng.pick([...WORDS, ...concernWords]))
  for (let i = 0; i < 20; i++) {
    const w = rng.pick(
      [...WORDS, ...concernWords, ...DOCUMENTS.flatMap((d) => d.split(' '))].filter((x) => x.length > 5),
    )
    out.push(w.slice(0, rng.int(2, 5)))
  }
  for (let i = 0; i < 10; i++) out.push(rng.pick(FIRST_NAMES))
  for (let i = 0; i < 10; i++) out.push(`${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`)
  for (let i = 0; i < 5; i++) out.push(`${rng.pick(SURNAMES).toLowerCase().slice(0, 3)}`)
  for (let i = 0; i < 10; i++) out.push(rng.pick(CONCERNS).split(' ').slice(0, rng.int(2, 3)).join(' '))
  for (let i = 0; i < 10; i++) out.push(rng.pick(AGENCIES).split(' ').slice(0, rng.int(1, 2)).join(' '))
  for (let i = 0; i < 5; i++)
    out.push(rng.pick(['xylophone', 'quarantine zebra', 'ESC-2019-9999', 'kangaroo', 'zzz']))
  for (let i = 0; i < 5; i++) out.push(`${rng.pick(WORDS)} ${rng.pick(WORDS).slice(0, 3)}`)
  return out
}
