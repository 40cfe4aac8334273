/**
 * Search: the in-memory index the bench once built itself (kept for a run without the handler table's
 * search), ~100 varied queries a DSL might type, and the first search after unlock over the persistent
 * index, with its floor.
 */
import { createDecipheriv } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { unlockKeys } from './bulk-journal'
import { countReads } from './probes'
import { dist, type Dist } from './stats'
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

/**
 * The first search after unlock over the persistent index (issue 20: "≤ 2 × the floor of reading and
 * decrypting the index bytes the query touches, and ≤ 100 × the warm p95"). The bench's vault is written by
 * build.ts without an index, as a vault from before the index was: the app builds it in the background at
 * the first search; this waits for that (timed, for information). Then, `unlocks` times, it locks, unlocks,
 * asks for the dashboard and times one query (a different one each time) while recording the files it read;
 * that unlock's floor reads and decrypts exactly those index files, nothing else (p50 of 7). The figure is the
 * p50 of those first searches, the floor the p50 of their floors: one query on a shared machine is noise.
 */
export interface FirstSearchAfterUnlock {
  /** p50 over the unlocks. */
  ms: number
  /** Each unlock's first search. */
  runs: number[]
  /** How long the background build of the whole index took (once per vault). */
  buildMs: number
  /** Each unlock's floor (its p50), as a distribution: the row compares `ms` with its p50. */
  floor: Dist
  /** Index bytes and files the first search read, at the unlock whose time is the p50. */
  bytes: number
  files: number
  /** Other vault documents any of the queries read (a dispute's, for snippets): none, once segments hold the texts. */
  otherDocuments: number
}

type Call = <T>(channel: string, input: unknown) => Promise<T>

export async function firstSearchAfterUnlock(
  call: Call,
  unlock: { dir: string; personId: string; passphrase: string },
  queries: readonly string[],
  unlocks = 5,
  /** Called once the background build has finished, before the first unlock (the memory steps). */
  afterBuild?: () => void,
): Promise<FirstSearchAfterUnlock> {
  const started = performance.now()
  await call('search.query', { query: queries[0] })
  while ((await call<{ building: boolean }>('search.status', {})).building) await new Promise((r) => setTimeout(r, 50))
  const buildMs = performance.now() - started
  afterBuild?.()
  const ring = await unlockKeys(unlock.dir, unlock.personId, unlock.passphrase)
  const key = ring.keyring.current.sub('documents')
  const runs: { ms: number; floor: number; bytes: number; files: number }[] = []
  let otherDocuments = 0
  try {
    for (let i = 0; i < unlocks; i++) {
      await call('vault.lock', {})
      await call('vault.unlock', unlock)
      await call('disputes.dashboard', {})
      const reads = countReads()
      const t0 = performance.now()
      try {
        await call('search.query', { query: queries[i % queries.length] })
      } finally {
        reads.restore()
      }
      const ms = performance.now() - t0
      const documents = [...reads.files].filter((f) => basename(dirname(f)) === 'documents')
      const files = documents.filter((f) => basename(f).startsWith('search'))
      otherDocuments += documents.length - files.length
      const floor = await decryptFloor(files, key)
      runs.push({ ms, floor: floor.dist.p50, bytes: floor.bytes, files: files.length })
    }
  } finally {
    ring.wipe()
  }
  const ms = dist(runs.map((r) => r.ms))
  const middle = runs.find((r) => r.ms === ms.p50) ?? runs[0]
  return {
    ms: ms.p50,
    runs: runs.map((r) => r.ms),
    buildMs,
    floor: dist(runs.map((r) => r.floor)),
    bytes: middle.bytes,
    files: middle.files,
    otherDocuments,
  }
}

/** Reading and decrypting `files` (vault documents) one after another, nothing else: p50 of 7, after one to warm. */
async function decryptFloor(files: readonly string[], key: Buffer): Promise<{ dist: Dist; bytes: number }> {
  let bytes = 0
  const once = async () => {
    bytes = 0
    for (const file of files) {
      const sealed = await readFile(file)
      bytes += sealed.length
      const aadLength = 33 + sealed[32]
      const aad = sealed.subarray(0, aadLength)
      const body = sealed.subarray(aadLength)
      const d = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12))
      d.setAAD(aad)
      d.setAuthTag(body.subarray(body.length - 16))
      Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()])
    }
  }
  await once()
  const samples: number[] = []
  for (let i = 0; i < 7; i++) {
    const t = performance.now()
    await once()
    samples.push(performance.now() - t)
  }
  return { dist: dist(samples), bytes }
}
