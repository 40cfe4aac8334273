/**
 * Issue 16, "Search that finds what people type": "snippets with the words matched, results that open at
 * the record". The handler gives each hit of the page a snippet (src/main/domain/snippets.ts) and the
 * record's own id with its dispute's, so the screen can open the dispute at the record.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createApi, type Api } from '../../../src/main/api'
import { KDF_FLOOR } from '../../../src/main/store'
import { contract } from '../../../src/shared/ipc'
import { londonTyped } from '../../../src/shared/date-entry'

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
  root = mkdtempSync(join(tmpdir(), 'escalation-log-search-snippets-'))
  api = createApi({ appVersion: 'test', defaultVaultDir: join(root, 'vault'), kdf: KDF_FLOOR })
})
afterEach(async () => {
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

it('gives each hit a snippet with the matched words marked, and a record hit its record and dispute', async () => {
  await ok(api.handlers['vault.create']({ dir: join(root, 'vault'), passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE }))
  const child = await ok(api.handlers['children.create']({ child: { name: 'Amy Example', nhsNumber: '943 476 5919' } }))
  const opened = await ok(
    api.handlers['disputes.open']({
      policyId: 'solihull-sscp',
      dispute: {
        childIds: [child.id],
        otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
        disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold for assessment.' },
        reasons: { ids: [], text: 'We believe the threshold is met: repeated bruising.' },
        disagreementOn: new Date().toISOString().slice(0, 10),
        triage: { level: 'standard' },
      },
    }),
  )
  const disputeId = opened.dispute.id
  const record = await ok(
    api.handlers['records.createDraft']({
      disputeId,
      draft: { kind: 'phone-call', stage: 1, occurredAt: londonTyped(new Date(Date.now() - 3_600_000)), direction: 'outgoing', contact: { name: 'Jo Bloggs', agency: 'Solihull Children’s Services' }, theySaid: 'I will send the <b>body maps</b> to my manager.' },
    }),
  )

  const hits = await ok(api.handlers['search.query']({ query: 'body maps' }))
  const hit = hits.find((h) => h.kind === 'record')!
  expect(hit).toMatchObject({ id: record.id, disputeId })
  expect(hit.snippet).toEqual([
    { text: 'I will send the <b>', marked: false },
    { text: 'body', marked: true },
    { text: ' ', marked: false },
    { text: 'maps', marked: true },
    { text: '</b> to my manager.', marked: false },
  ])
  // The answer is what the contract says it is.
  expect(contract['search.query'].output.safeParse(hits).success).toBe(true)

  const byNumber = await ok(api.handlers['search.query']({ query: '9434765919' }))
  expect(byNumber.find((h) => h.kind === 'child')?.snippet?.filter((p) => p.marked).map((p) => p.text)).toEqual(['943 476 5919'])

  const dispute = (await ok(api.handlers['search.query']({ query: 'threshold' }))).find((h) => h.kind === 'dispute')
  expect(dispute?.snippet?.filter((p) => p.marked).map((p) => p.text)).toEqual(['threshold'])
})
