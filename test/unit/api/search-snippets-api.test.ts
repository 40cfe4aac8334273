/**
 * Issue 16, "Search that finds what people type": "snippets with the words matched, results that open at
 * the record". The handler gives each hit of the page a snippet (src/main/domain/snippets.ts) and the
 * record's own id with its dispute's, so the screen can open the dispute at the record.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { contract } from '../../../src/shared/ipc'
import { aDispute, aRecord } from '../../support/disputes'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi()
})
afterEach(async () => t.cleanup())

it('gives each hit a snippet with the matched words marked, and a record hit its record and dispute', async () => {
  const opened = await aDispute(t.call, { child: { name: 'Amy Example', nhsNumber: '943 476 5919' } })
  const disputeId = opened.dispute.id
  const recordId = await aRecord(t.call, opened, { contact: { name: 'Jo Bloggs', agency: 'Solihull Children’s Services' }, weSaid: undefined, theySaid: 'I will send the <b>body maps</b> to my manager.' }, false)

  const hits = await t.call('search.query', { query: 'body maps' })
  const hit = hits.find((h) => h.kind === 'record')!
  expect(hit).toMatchObject({ id: recordId, disputeId })
  expect(hit.snippet).toEqual([
    { text: 'I will send the <b>', marked: false },
    { text: 'body', marked: true },
    { text: ' ', marked: false },
    { text: 'maps', marked: true },
    { text: '</b> to my manager.', marked: false },
  ])
  // The answer is what the contract says it is.
  expect(contract['search.query'].output.safeParse(hits).success).toBe(true)

  const byNumber = await t.call('search.query', { query: '9434765919' })
  expect(byNumber.find((h) => h.kind === 'child')?.snippet?.filter((p) => p.marked).map((p) => p.text)).toEqual(['943 476 5919'])

  const dispute = (await t.call('search.query', { query: 'threshold' })).find((h) => h.kind === 'dispute')
  expect(dispute?.snippet?.filter((p) => p.marked).map((p) => p.text)).toEqual(['threshold'])
})
