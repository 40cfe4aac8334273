/**
 * The vault's decrypted documents in memory are bounded by size (src/main/store/document-cache.ts): reading
 * or writing thousands of documents keeps at most the bound, the least recently used go first, and what a
 * commit has not yet made durable is never in the cache to be lost — the commit holds it until then.
 */
import { describe, expect, it } from 'vitest'
import { DocumentCache } from '../../../src/main/store/document-cache'
import { newVault, reopen } from './helpers'

const body = (i: number, size = 1000) => ({ i, text: `${i} `.padEnd(size, 'x') })
const BOUND = 64 * 1024

describe('the document cache', () => {
  it('stays within its bound over thousands of documents, dropping the least recently used', () => {
    const cache = new DocumentCache(10_000)
    const json = (i: number) => JSON.stringify(body(i, 900 + (i % 7) * 50))
    for (let i = 0; i < 5000; i++) {
      cache.set(`doc-${i}`, { generation: 1, json: json(i) })
      // The first document is used all the time, so it is never the least recently used.
      expect(cache.get('doc-0')?.json).toBe(json(0))
      expect(cache.heldBytes).toBeLessThanOrEqual(10_000)
    }
    expect(cache.get('doc-4999')?.json).toBe(json(4999))
    expect(cache.get('doc-10')).toBeUndefined()
    const held = [...Array(5000).keys()].filter((i) => cache.get(`doc-${i}`) !== undefined)
    expect(held.reduce((n, i) => n + 2 * json(i).length, 0)).toBe(cache.heldBytes)
  })

  it('does not keep one document larger than the whole bound, nor drop the others for it', () => {
    const cache = new DocumentCache(200)
    cache.set('small', { generation: 1, json: '{"a":1}' })
    cache.set('huge', { generation: 1, json: JSON.stringify({ t: 'x'.repeat(200) }) })
    expect(cache.get('huge')).toBeUndefined()
    expect(cache.get('small')?.json).toBe('{"a":1}')
    // A new generation too large to keep replaces the old one's entry rather than leaving it stale.
    cache.set('small', { generation: 2, json: JSON.stringify({ t: 'y'.repeat(200) }) })
    expect(cache.get('small')).toBeUndefined()
    expect(cache.heldBytes).toBe(0)
  })
})

describe('a vault reading thousands of documents', () => {
  it('holds at most the bound, and every document still reads back right', async () => {
    const { dir, vault } = await newVault({ documentCacheBytes: BOUND })
    const ids = Array.from({ length: 2000 }, (_, i) => `doc-${i}`)
    for (let at = 0; at < ids.length; at += 250) {
      await vault.commit(
        { action: 'save', summary: `batch ${at}` },
        ids.slice(at, at + 250).map((docId, j) => ({ docId, data: body(at + j) })),
      )
      // What a commit writes is cached, within the bound.
      expect(vault.heldInMemory().documentBytes).toBeLessThanOrEqual(BOUND)
    }
    await vault.lock()
    const again = await reopen(dir, vault, { documentCacheBytes: BOUND })
    for (const [i, id] of ids.entries()) {
      expect(await again.load(id)).toEqual(body(i))
      expect(again.heldInMemory().documentBytes).toBeLessThanOrEqual(BOUND)
    }
    // Read a second time (most from disk again, since they were dropped): the same.
    const many = await again.loadMany(ids)
    expect(many.size).toBe(ids.length)
    for (const [i, id] of ids.entries()) expect(many.get(id)).toEqual(body(i))
    const held = again.heldInMemory()
    expect(held.documentBytes).toBeLessThanOrEqual(BOUND)
    expect(held.documents).toBeGreaterThan(10)
    expect(held.documents).toBeLessThan(ids.length / 10)
    await again.lock()
  })

  it('never loses what a commit is writing, however many reads go by meanwhile', async () => {
    const held: { release: (() => void) | null } = { release: null }
    let holding = false
    const { dir, vault } = await newVault({
      documentCacheBytes: BOUND,
      faults: { at: (p) => (holding && p === 'documents-written' ? new Promise<void>((r) => (held.release = r)) : undefined) },
    })
    const ids = Array.from({ length: 1000 }, (_, i) => `doc-${i}`)
    await vault.commit({ action: 'save', summary: 'all' }, ids.map((docId, i) => ({ docId, data: body(i) })))
    await vault.load('doc-7')

    // A commit held after its files are written and before its commit point…
    holding = true
    const pending = vault.commit({ action: 'save', summary: 'pending' }, [{ docId: 'doc-7', data: { changed: true } }])
    while (!held.release) await new Promise((r) => setTimeout(r, 1))
    holding = false
    // …while every other document is read, churning the cache many times over.
    for (const id of ids) await vault.load(id)
    expect(await vault.load('doc-7')).toEqual(body(7)) // not yet committed: the old generation is what reads
    held.release()
    await pending
    expect(await vault.load('doc-7')).toEqual({ changed: true })
    for (const id of ids.slice(0, 300)) await vault.load(id)
    expect(await vault.load('doc-7')).toEqual({ changed: true }) // dropped from memory, read back from disk
    expect(vault.heldInMemory().documentBytes).toBeLessThanOrEqual(BOUND)

    await vault.lock()
    const again = await reopen(dir, vault)
    expect(await again.load('doc-7')).toEqual({ changed: true })
    expect(await again.load('doc-999')).toEqual(body(999))
    await again.lock()
  })

  it('refuses a bound that is not a whole number', async () => {
    await expect(newVault({ documentCacheBytes: -1 })).rejects.toMatchObject({ code: 'invalid-option' })
  })
})
