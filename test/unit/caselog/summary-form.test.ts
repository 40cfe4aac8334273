/**
 * Issue 20, "quarterly figures, first after unlock ≤ 5 × the dashboard query": a year's summary is read with a
 * structural check instead of the zod parse, which cost 4–10 times reading the ten summaries. The check must
 * accept no more than the schema does, and return what the schema would: for any document, reading it either
 * gives exactly the schema's value or is refused as the schema refuses it.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SummaryDoc } from '../../../src/main/caselog/documents'
import { readSummaryDoc } from '../../../src/main/caselog/summary-form'
import { AppError } from '../../../src/shared/errors'

const open = {
  id: '2026-f5c5685fbb15',
  reference: 'ESC-2026-0001',
  status: 'open',
  route: 'stages',
  openedAt: '2026-12-01T10:00:00.000Z',
  closedAt: null,
  childIds: ['380df2810c109918'],
  policy: { id: 'solihull-sscp', version: 1, partnership: 'Solihull Safeguarding Children Partnership (SSCP)' },
  otherAgency: { agency: 'Solihull Children’s Services' },
  reasons: { ids: [] },
  outcome: null,
  stageHistory: [{ route: 'stages', stage: 1, enteredOn: '2026-12-01', leftAt: null, due: { deadline: { kind: 'date', date: '2026-12-02' } } }],
  notificationsSent: [],
  notificationsNotNeeded: [],
}
const closed = {
  ...open,
  id: '2026-0a1b2c3d4e5f',
  reference: 'ESC-2026-0002',
  status: 'resolved',
  route: 'emergency',
  closedAt: '2027-01-14T16:20:00.000Z',
  reasons: { ids: ['drift-and-delay'] },
  outcome: { resolvedAt: '2027-01-14T16:20:00.000Z' },
  stageHistory: [
    { route: 'stages', stage: 1, enteredOn: '2026-12-01', leftAt: '2026-12-03T09:00:00.000Z', due: null },
    { route: 'emergency', stage: null, enteredOn: '2026-12-03', leftAt: '2027-01-14T16:20:00.000Z', due: { deadline: { kind: 'instant', at: '2026-12-04T09:00:00.000Z' } } },
  ],
  notificationsSent: [{ notificationId: 'notify-lado', sentOn: '2026-12-03' }],
  notificationsNotNeeded: [{ notificationId: 'notify-head', recordedAt: '2026-12-03T10:00:00.000Z' }],
}
const summary = {
  format: 1,
  disputes: { [open.id]: open, [closed.id]: closed },
  children: { '380df2810c109918': { settingName: 'Oak Hill Primary School', levelOfNeed: null }, c2: {} },
}

/** What reading gives: the value, or that it was refused in the vault's words. */
const read = (doc: unknown): unknown => {
  try {
    return { value: readSummaryDoc('summary.2026', doc) }
  } catch (e) {
    if (e instanceof AppError) return 'refused'
    throw e
  }
}
const bySchema = (doc: unknown): unknown => {
  const r = SummaryDoc.safeParse(doc)
  return r.success ? { value: r.data } : 'refused'
}

/** Anything a damaged or oddly written summary might hold in place of a value. */
const oddValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.constantFrom('', 'open', 'closed', 'resolved', 'stages', 'emergency', 'hours', 'date', 'instant', '2026-02-29', '2028-02-29', '2026-13-01', '2026-1-5',
    '2026-12-01T10:00:00Z', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000+01:00', '2026-02-30T10:00:00.000Z', 'ESC-2026-0001'),
  fc.constant([]),
  fc.constant({}),
  fc.constant(['a']),
)

type Path = (string | number)[]
function paths(v: unknown, at: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [at]
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v)
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))]
}
const ALL = paths(summary)

function changed(doc: unknown, path: Path, how: 'set' | 'delete' | 'add', value: unknown): unknown {
  const copy = (doc !== null && typeof doc === 'object' ? structuredClone(doc) : doc) as Record<string | number, unknown>
  if (path.length === 0) return how === 'set' ? value : copy
  let o = copy
  for (const k of path.slice(0, -1)) {
    const next = o?.[k]
    if (next === null || typeof next !== 'object') return copy // an earlier change took this path away
    o = next as Record<string | number, unknown>
  }
  if (o === null || typeof o !== 'object') return copy
  const last = path[path.length - 1] as string | number
  if (how === 'set') o[last] = value
  else if (how === 'delete') {
    if (Array.isArray(o)) o.splice(last as number, 1)
    else delete o[last]
  } else {
    const target = o[last]
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>).extra = value
    else if (Array.isArray(target)) target.push(value)
  }
  return copy
}

describe('reading a year’s summary without the full schema parse', () => {
  it('takes a summary in form as it is, without the schema, and the schema agrees with it', () => {
    expect(SummaryDoc.parse(summary)).toEqual(summary)
    expect(readSummaryDoc('summary.2026', summary)).toBe(summary)
  })

  it('gives exactly what the schema gives, or refuses what it refuses, whatever one, two or three changes were made', () => {
    const change = fc.record({ path: fc.constantFrom(...ALL), how: fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, value: oddValue })
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
        const doc = changes.reduce<unknown>((d, c) => changed(d, c.path, c.how, c.value), summary)
        expect(read(doc)).toEqual(bySchema(doc))
      }),
      { numRuns: 3000 },
    )
  })

  it('leaves an older format to its migration and the schema', () => {
    expect(read({ ...summary, format: 0 })).toEqual('refused')
  })
})
