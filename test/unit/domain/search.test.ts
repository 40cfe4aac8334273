import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSearchIndex, tokenise } from '../../../src/main/domain/search'
import { addAddendum, approveRecord, createDraft } from '../../../src/main/domain/records'
import type { ContactRecord } from '../../../src/shared/records'

describe('tokenising', () => {
  it('lower-cases, strips diacritics and apostrophes inside words, and splits on punctuation', () => {
    expect(tokenise('Zoë O’Brien-Smith, Children’s Services (MASH) 943 476 5919')).toEqual([
      'zoe',
      'obrien',
      'smith',
      'childrens',
      'services',
      'mash',
      '9434765919',
    ])
    expect(tokenise('  ')).toEqual([])
    expect(tokenise('jo.bloggs@example.gov.uk')).toEqual(['jo', 'bloggs', 'example', 'gov', 'uk'])
  })
})

describe('NHS numbers', () => {
  it('are one token however they are spaced, so the number as the app shows it finds the child', () => {
    const index = createSearchIndex()
    index.put('child:1', 'child', ['Zoë Jones', '9434765919'])
    index.put('record:1', 'record', ['Her NHS number is 943-476-5919; seen on 12 3 2026'])
    for (const typed of ['943 476 5919', '9434765919', '943-476-5919', '943  476  5919', '943 476', '943 476 59', '9434'])
      expect(new Set(index.search(typed)), typed).toEqual(new Set(['child:1', 'record:1']))
    expect(index.search('943 476 5918')).toEqual([])
    // Other numbers keep their own tokens: a date typed as day month year still finds its record.
    expect(index.search('12 3 2026')).toEqual(['record:1'])
  })
})

describe('the search index', () => {
  function sample() {
    const index = createSearchIndex()
    index.put('record:1', 'record', [
      'Phone call with Jo Bloggs',
      'Discussed the referral threshold with the social worker',
    ])
    index.put('record:2', 'record', ['Email sent to Priya Shah', 'Asked for the strategy meeting minutes'])
    index.put('child:1', 'child', ['Zoë Jones', 'Oak Primary School'])
    index.put('dispute:1', 'dispute', ['Disagreement about the threshold for a strategy discussion'])
    return index
  }

  it('finds documents by whole words and by the start of words', () => {
    const index = sample()
    expect(index.search('bloggs')).toEqual(['record:1'])
    expect(index.search('blo')).toEqual(['record:1'])
    expect(new Set(index.search('strat'))).toEqual(new Set(['record:2', 'dispute:1']))
    expect(index.search('nothing-like-this')).toEqual([])
    expect(index.search('')).toEqual([])
  })

  it('needs every word of the query to match', () => {
    const index = sample()
    expect(index.search('threshold social')).toEqual(['record:1'])
    expect(index.search('threshold minutes')).toEqual([])
  })

  it('ignores case and diacritics on both sides', () => {
    const index = sample()
    expect(index.search('ZOE')).toEqual(['child:1'])
    expect(index.search('zoë jon')).toEqual(['child:1'])
  })

  it('ranks a whole-word match above a prefix match, and rare words above common ones', () => {
    const index = createSearchIndex()
    index.put('a', 'record', ['meetings were held'])
    index.put('b', 'record', ['a meeting was held'])
    expect(index.search('meeting')).toEqual(['b', 'a'])
    index.put('c', 'record', ['held held'])
    expect(index.search('held meeting')[0]).toBe('b')
  })

  it('breaks ties in favour of the most recently indexed document, and honours the limit and kinds', () => {
    const index = createSearchIndex()
    for (let i = 0; i < 10; i++) index.put(`r${i}`, i % 2 === 0 ? 'record' : 'child', ['threshold'])
    expect(index.search('threshold', { limit: 3 })).toEqual(['r9', 'r8', 'r7'])
    expect(index.search('threshold', { limit: 3, kinds: ['record'] })).toEqual(['r8', 'r6', 'r4'])
    expect(index.search('threshold', { kinds: ['nothing'] })).toEqual([])
  })

  it('replaces a document when it is put again, and forgets it when removed', () => {
    const index = sample()
    index.put('record:1', 'record', ['Phone call with Sam Patel'])
    expect(index.search('bloggs')).toEqual([])
    expect(index.search('patel')).toEqual(['record:1'])
    expect(index.size).toBe(4)
    expect(index.remove('record:1')).toBe(true)
    expect(index.remove('record:1')).toBe(false)
    expect(index.search('patel')).toEqual([])
    expect(index.has('record:1')).toBe(false)
    expect(index.size).toBe(3)
  })

  it('treats a trailing stop word as the start of a word being typed', () => {
    const index = createSearchIndex()
    index.put('x', 'child', ['Anna Brown'])
    expect(index.search('an')).toEqual(['x'])
    expect(index.search('the brown')).toEqual(['x'])
    expect(index.search('the')).toEqual([])
  })

  it('ignores a single letter just typed after other words, and matches a lone letter only as a whole word', () => {
    const index = createSearchIndex()
    index.put('x', 'record', ['strategy discussion'])
    index.put('y', 'record', ['J Bloggs'])
    expect(index.search('strategy d')).toEqual(['x'])
    expect(index.search('s')).toEqual([])
    expect(index.search('j')).toEqual(['y'])
  })

  it('finds a word that is only in an addendum, when the caller indexes the addenda', () => {
    const author = { personId: 'p1', name: 'Alex Morgan' }
    let record: ContactRecord = createDraft(
      {
        kind: 'phone-call',
        stage: 1,
        occurredAt: '2026-12-03T10:15:00Z',
        contact: { name: 'Jo Bloggs' },
        weSaid: 'Discussed the threshold.',
      },
      { id: 'r1', disputeId: 'd1', author, now: '2026-12-03T10:30:00Z' },
    )
    record = approveRecord(record, author, { now: '2026-12-03T10:31:00Z' })
    record = addAddendum(
      record,
      { reason: 'Later information', text: 'The grandmother confirmed the bruising.' },
      author,
      {
        id: 'a1',
        now: '2026-12-04T09:00:00Z',
      },
    )
    const index = createSearchIndex()
    const fieldsOf = (r: ContactRecord) => [
      r.contact.name,
      r.theySaid,
      r.weSaid,
      r.whatWasAgreed,
      r.nextStep,
      ...r.addenda.flatMap((a) => [a.reason, a.text]),
    ]
    index.put(`record:${record.id}`, 'record', fieldsOf(record))
    expect(index.search('grandmother')).toEqual(['record:r1'])
    expect(index.search('bruis')).toEqual(['record:r1'])
  })

  it('survives many removals (which squeeze dead entries out) and still answers correctly', () => {
    const index = createSearchIndex()
    for (let i = 0; i < 6000; i++)
      index.put(`d${i}`, 'record', [
        `common word${i % 7} unique${i}end alpha beta gamma delta epsilon zeta eta theta iota kappa`,
      ])
    for (let i = 0; i < 6000; i++) if (i % 3 !== 0) index.remove(`d${i}`)
    expect(index.size).toBe(2000)
    expect(index.search('unique3end')).toEqual(['d3'])
    expect(index.search('unique4end')).toEqual([])
    expect(index.search('word0 common', { limit: 10000 }).length).toBe(Math.ceil(6000 / 21))
  })
})

describe('the search index against a naive model', () => {
  const vocabulary = [
    'jo',
    'joanna',
    'jones',
    'mash',
    'meeting',
    'meet',
    'threshold',
    'zoë',
    'zoe',
    'school',
    'sch',
  ]
  const textArb = fc.array(fc.constantFrom(...vocabulary), { maxLength: 6 }).map((ws) => ws.join(' '))
  const opArb = fc.oneof(
    fc.record({ op: fc.constant('put' as const), key: fc.integer({ min: 0, max: 9 }), text: textArb }),
    fc.record({ op: fc.constant('remove' as const), key: fc.integer({ min: 0, max: 9 }) }),
  )

  it('returns exactly the documents in which every query word starts some word', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(0, 3, 50_000),
        (ops, queryWords, compactAfterDeadPostings) => {
          // A low threshold squeezes out dead entries (and renumbers documents) often.
          const index = createSearchIndex({ compactAfterDeadPostings })
          const model = new Map<string, string[]>()
          for (const o of ops) {
            if (o.op === 'put') {
              index.put(`k${o.key}`, 'record', [o.text])
              model.set(`k${o.key}`, tokenise(o.text))
            } else {
              index.remove(`k${o.key}`)
              model.delete(`k${o.key}`)
            }
          }
          const query = tokenise(queryWords.join(' '))
          const expected = [...model]
            .filter(([, tokens]) => query.every((q) => tokens.some((t) => t.startsWith(q))))
            .map(([k]) => k)
          expect(new Set(index.search(queryWords.join(' '), { limit: 100 }))).toEqual(new Set(expected))
          expect(index.size).toBe(model.size)
        },
      ),
    )
  })
})
