/**
 * Issue 16, "Search that finds what people type": "results paged beyond the first 50". The handler table
 * gives the hits from `offset` on, in the same order as one long list, so the screen can page.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { KDF_FLOOR } from '../../../src/main/store'

const PASS = 'copper lantern orchard quietly'
const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }
let root: string
let api: Api

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'escalation-log-search-paging-'))
  api = createApi({ appVersion: 'test', defaultVaultDir: join(root, 'vault'), kdf: KDF_FLOOR })
})
afterEach(async () => {
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

it('pages through more than 50 results without repeating or losing one', async () => {
  await ok(api.handlers['vault.create']({ dir: join(root, 'vault'), passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE }))
  for (let i = 0; i < 120; i++) await ok(api.handlers['children.create']({ child: { name: `Brennan Child${String(i).padStart(3, '0')}` } }))
  const all = await ok(api.handlers['search.query']({ query: 'Brennan', limit: 200 }))
  expect(all).toHaveLength(120)
  const pages = []
  for (let offset = 0; offset < 150; offset += 50) pages.push(...(await ok(api.handlers['search.query']({ query: 'Brennan', limit: 50, offset }))))
  expect(pages.map((h) => h.id)).toEqual(all.map((h) => h.id))
  expect(await ok(api.handlers['search.query']({ query: 'Brennan', offset: 120 }))).toEqual([])
  const refused = await api.handlers['search.query']({ query: 'Brennan', offset: -1 })
  expect(refused.ok ? 'accepted' : refused.error.code).toBe('invalid-input')
})
