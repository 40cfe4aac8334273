/**
 * Issue 16, "Search that finds what people type": "results paged beyond the first 50". The handler table
 * gives the hits from `offset` on, in the same order as one long list, so the screen can page.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi()
})
afterEach(async () => t.cleanup())

it('pages through more than 50 results without repeating or losing one', async () => {
  for (let i = 0; i < 120; i++) await t.call('children.create', { child: { name: `Brennan Child${String(i).padStart(3, '0')}` } })
  const all = await t.call('search.query', { query: 'Brennan', limit: 200 })
  expect(all).toHaveLength(120)
  const pages = []
  for (let offset = 0; offset < 150; offset += 50) pages.push(...(await t.call('search.query', { query: 'Brennan', limit: 50, offset })))
  expect(pages.map((h) => h.id)).toEqual(all.map((h) => h.id))
  expect(await t.call('search.query', { query: 'Brennan', offset: 120 })).toEqual([])
  expect((await t.refusal('search.query', { query: 'Brennan', offset: -1 })).code).toBe('invalid-input')
})
