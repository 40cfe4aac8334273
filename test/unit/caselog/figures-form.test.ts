/**
 * Issue 20, "quarterly figures, first after unlock ≤ 5 × the dashboard query": a quarter's figures
 * (`quarter-figures.<y>-<q>`) and the quarter totals are read with a structural check instead of the zod
 * parse, as the year summaries are (summary-form.test.ts). The check must accept no more than the schema
 * does, and return what the schema would: for any document, reading it either gives exactly the schema's
 * value or is refused as the schema refuses it.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { QuarterFiguresDoc, QuarterTotalsDoc } from '../../../src/main/caselog/documents'
import { readQuarterFiguresDoc, readQuarterTotalsDoc } from '../../../src/main/caselog/figures-form'
import { AppError } from '../../../src/shared/errors'

const solihull = { id: 'solihull-sscp', version: 1 }
const counts = {
  opened: 3,
  stageReached: [
    { stage: 2, count: 2 },
    { stage: 'emergency', count: 1 },
  ],
  reasons: [{ id: 'drift-and-delay', policy: solihull, count: 2 }],
  agencies: [{ key: 'solihull children’s services', label: 'Solihull Children’s Services', count: 3 }],
  resolutions: [{ reference: 'ESC-2026-0002', policyId: 'solihull-sscp', from: '2026-12-01', to: '2027-01-14' }],
  withdrawn: 0,
  deadlines: [
    { reference: 'ESC-2026-0001', policy: solihull, stage: 1, due: '2026-12-02', pendingUntil: '2026-12-02T23:59:59.999Z' },
    { reference: 'ESC-2026-0002', policy: solihull, stage: null, due: '2026-12-04' },
  ],
  notificationsSent: 1,
  notificationsNotNeeded: 0,
}
const { resolutions: _resolutions, deadlines: _deadlines, ...tallies } = counts
const figures = { format: 1, all: counts, policies: { 'solihull-sscp': tallies } }
const totals = { format: 1, years: ['2025', '2026'], policies: { 'solihull-sscp': { versions: { '1': 4 }, opened: { '2026-4': 3, '2025-2': 1 }, closed: { '2026-4': 1 } } } }

/** What reading gives: the value, or that it was refused in the vault's words. */
const reading = (read: () => unknown): unknown => {
  try {
    return { value: read() }
  } catch (e) {
    if (e instanceof AppError) return 'refused'
    throw e
  }
}
const bySchema = (schema: typeof QuarterFiguresDoc | typeof QuarterTotalsDoc, doc: unknown): unknown => {
  const r = schema.safeParse(doc)
  return r.success ? { value: r.data } : 'refused'
}

/** Anything a damaged or oddly written document might hold in place of a value. */
const oddValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.constantFrom('', 'emergency', '2026', '2026-4', '1', 'solihull-sscp', '2026-12-02T23:59:59.999Z'),
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

const cases = [
  { name: 'a quarter’s figures', doc: figures, schema: QuarterFiguresDoc, read: (d: unknown) => readQuarterFiguresDoc('quarter-figures.2026-4', d) },
  { name: 'the quarter totals', doc: totals, schema: QuarterTotalsDoc, read: (d: unknown) => readQuarterTotalsDoc('quarter-totals', d) },
] as const

describe.each(cases)('reading $name without the full schema parse', ({ doc, schema, read }) => {
  it('takes a document in form as it is, without the schema, and the schema agrees with it', () => {
    expect(schema.parse(doc)).toEqual(doc)
    expect(read(doc)).toBe(doc)
  })

  it('gives exactly what the schema gives, or refuses what it refuses, whatever one, two or three changes were made', () => {
    const change = fc.record({ path: fc.constantFrom(...paths(doc)), how: fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, value: oddValue })
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
        const damaged = changes.reduce<unknown>((d, c) => changed(d, c.path, c.how, c.value), doc)
        expect(reading(() => read(damaged))).toEqual(bySchema(schema, damaged))
      }),
      { numRuns: 3000 },
    )
  })

  it('leaves an older format to its migration and the schema', () => {
    expect(reading(() => read({ ...doc, format: 0 }))).toEqual('refused')
  })
})
